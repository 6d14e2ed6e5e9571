package io.commander.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.core.config.CommanderConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A running process picks up a key rotated by another one from the keys file. */
@ExtendWith(VertxExtension.class)
@Timeout(30)
class KeysTest {

  private static final String CONTEXT = "clusters.kubeconfig";

  @TempDir
  Path dir;

  @Test
  void aValueUnderARotatedKeyReloadsTheKeysFile(final Vertx vertx) {
    final CommanderConfig config = CryptoFixtures.config(dir);
    final Keys keys = Keys.load(vertx, config, Map.of());
    final String underK1 = keys.encrypt(CONTEXT, "apiVersion: v1");
    assertThat(underK1).startsWith("v1.k1.");

    // What `commander keys rotate` does in another process.
    final KeyRotation.Rotated rotated = KeyRotation.rotateKeys(config, Map.of());
    final String underK2 = new Encryptor(rotated.keyring()).encrypt(CONTEXT, "apiVersion: v2");
    assertThat(keys.keyring().primaryKeyId()).as("nothing reloads before it is needed").isEqualTo("k1");

    final List<Future<String>> reads = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      reads.add(keys.decrypt(CONTEXT, underK2));
    }
    assertThat(Future.all(reads).await().<String>list()).containsOnly("apiVersion: v2");
    assertThat(keys.keyring().primaryKeyId()).isEqualTo("k2");
    assertThat(keys.encrypt(CONTEXT, "x")).as("new values go under the new key").startsWith("v1.k2.");
    assertThat(keys.decrypt(CONTEXT, underK1).await()).isEqualTo("apiVersion: v1");
  }

  @Test
  void aValueUnderAKeyNobodyHasStillFails(final Vertx vertx) {
    final Keys keys = Keys.load(vertx, CryptoFixtures.config(dir), Map.of());
    final Keyring foreign = Keyring.generate().rotate().rotate();
    final String underForeignK3 = new Encryptor(foreign).encrypt(CONTEXT, "x");
    assertThatThrownBy(() -> keys.decrypt(CONTEXT, underForeignK3).await())
        .isInstanceOfSatisfying(DecryptionException.class, e -> {
          assertThat(e.reason()).isEqualTo(DecryptionException.Reason.UNKNOWN_KEY);
          assertThat(e.keyId()).isEqualTo("k3");
        });
    assertThatThrownBy(() -> keys.decrypt(CONTEXT, new Encryptor(foreign).encrypt("other", "x")).await())
        .as("other failures do not reload").isInstanceOf(DecryptionException.class);
  }

  @Test
  void aKeysFileReplacedByUnrelatedKeysIsNotAdopted(final Vertx vertx) {
    final CommanderConfig config = CryptoFixtures.config(dir);
    final Keys keys = Keys.load(vertx, config, Map.of());
    final Keyring unrelated = Keyring.generate().rotate();
    KeysFile.replace(KeyringLoader.keysFile(config), unrelated);
    final String underUnrelatedK2 = new Encryptor(unrelated).encrypt(CONTEXT, "x");
    assertThatThrownBy(() -> keys.decrypt(CONTEXT, underUnrelatedK2).await()).isInstanceOf(DecryptionException.class);
    assertThat(keys.keyring().primaryKeyId()).isEqualTo("k1");
    assertThat(keys.keyring().consistentWith(unrelated)).isFalse();
  }

  @Test
  void keysFromTheEnvironmentAreNotReloaded(final Vertx vertx) {
    final CommanderConfig config = CryptoFixtures.config(dir);
    final Keyring keyring = Keyring.generate();
    final Keys keys = Keys.load(vertx, config, KeyringLoader.environment(keyring));
    assertThat(keys.source()).isEqualTo(KeyringLoader.Source.ENVIRONMENT);
    final Keyring rotated = keyring.rotate();
    KeysFile.replace(KeyringLoader.keysFile(config), rotated);
    final String underK2 = new Encryptor(rotated).encrypt(CONTEXT, "x");
    assertThatThrownBy(() -> keys.decrypt(CONTEXT, underK2).await()).isInstanceOf(DecryptionException.class);
    assertThat(keys.keyring().primaryKeyId()).isEqualTo("k1");
  }
}
