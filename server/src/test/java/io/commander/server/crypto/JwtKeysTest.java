package io.commander.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The keyring's JWT keys work with vertx-auth-jwt as ES256 keys, also after a trip through the variables. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class JwtKeysTest {

  @Test
  void tokensSignedWithTheKeyringVerifyWithItOnly(final Vertx vertx) {
    final Keyring keyring = Keyring.generate();
    final Keyring fromEnvironment = KeyringLoader.load(CryptoFixtures.config(Path.of("unused")),
        KeyringLoader.environment(keyring.rotate())).keyring();
    final String token = es256(vertx, keyring).generateToken(new JsonObject().put("sub", "user-1"),
        new JWTOptions().setAlgorithm("ES256"));
    assertThat(token.split("\\.")).hasSize(3);

    assertThat(es256(vertx, fromEnvironment).authenticate(new TokenCredentials(token)).await().principal()
        .getString("sub")).isEqualTo("user-1");
    assertThatThrownBy(() -> es256(vertx, Keyring.generate()).authenticate(new TokenCredentials(token)).await())
        .as("another installation's keys").isInstanceOf(Exception.class);
  }

  private static JWTAuth es256(final Vertx vertx, final Keyring keyring) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keyring.jwtPrivateKeyPem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("ES256").setBuffer(keyring.jwtPublicKeyPem())));
  }
}
