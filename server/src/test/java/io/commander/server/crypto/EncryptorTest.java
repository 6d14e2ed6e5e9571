package io.commander.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EncryptorTest {

  private static final String CONTEXT = "registries.auth";
  private static final String SECRET = "{\"username\":\"robot\",\"password\":\"hunter2-\u00e9\u00df\"}";

  private final Keyring keyring = Keyring.generate();
  private final Encryptor encryptor = new Encryptor(keyring);

  @Test
  void roundTripsUnderThePrimaryKey() {
    final String stored = encryptor.encrypt(CONTEXT, SECRET);
    assertThat(stored).startsWith("v1.k1.").doesNotContain("hunter2").doesNotContain("robot");
    assertThat(stored.substring("v1.k1.".length())).matches("[A-Za-z0-9_-]+");
    assertThat(Base64.getUrlDecoder().decode(stored.substring("v1.k1.".length())))
        .as("12-byte nonce + ciphertext + 16-byte tag")
        .hasSize(12 + SECRET.getBytes(StandardCharsets.UTF_8).length + 16);
    assertThat(encryptor.decrypt(CONTEXT, stored)).isEqualTo(SECRET);
    assertThat(encryptor.decrypt(CONTEXT, encryptor.encrypt(CONTEXT, ""))).isEmpty();
    assertThat(Encryptor.keyIdOf(stored)).isEqualTo("k1");
  }

  @Test
  void everyEncryptionUsesAFreshNonce() {
    final Set<String> values = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      values.add(encryptor.encrypt(CONTEXT, SECRET));
    }
    assertThat(values).hasSize(100);
  }

  @Test
  void aValueMovedToAnotherContextDoesNotDecrypt() {
    final String stored = encryptor.encrypt(CONTEXT, SECRET);
    assertThatThrownBy(() -> encryptor.decrypt("clusters.kubeconfig", stored))
        .isInstanceOfSatisfying(DecryptionException.class, e -> {
          assertThat(e.reason()).isEqualTo(DecryptionException.Reason.NOT_AUTHENTIC);
          assertThat(e.keyId()).isEqualTo("k1");
        })
        .hasMessageContaining("clusters.kubeconfig").hasMessageContaining("k1");
  }

  @Test
  void alteredValuesDoNotDecrypt() {
    final String stored = encryptor.encrypt(CONTEXT, SECRET);
    final byte[] sealed = Base64.getUrlDecoder().decode(stored.substring("v1.k1.".length()));
    for (int at : new int[] {0, 12, sealed.length - 1}) {
      final byte[] altered = sealed.clone();
      altered[at] ^= 1;
      final String tampered = "v1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(altered);
      assertThatThrownBy(() -> encryptor.decrypt(CONTEXT, tampered)).as("bit flipped at %d", at)
          .isInstanceOfSatisfying(DecryptionException.class,
              e -> assertThat(e.reason()).isEqualTo(DecryptionException.Reason.NOT_AUTHENTIC));
    }
    final String truncated = stored.substring(0, stored.length() - 4);
    assertThatThrownBy(() -> encryptor.decrypt(CONTEXT, truncated)).isInstanceOf(DecryptionException.class);
  }

  @Test
  void anotherKeyringDoesNotDecryptAndNothingSecretLeaksIntoTheMessage() {
    final String stored = encryptor.encrypt(CONTEXT, SECRET);
    assertThatThrownBy(() -> new Encryptor(Keyring.generate()).decrypt(CONTEXT, stored))
        .isInstanceOfSatisfying(DecryptionException.class,
            e -> assertThat(e.reason()).isEqualTo(DecryptionException.Reason.NOT_AUTHENTIC))
        .hasMessageNotContaining("hunter2")
        .hasMessageNotContaining(stored.substring(6));
  }

  @Test
  void anUnknownKeyIdIsNamed() {
    final String underK2 = new Encryptor(keyring.rotate()).encrypt(CONTEXT, SECRET);
    assertThatThrownBy(() -> encryptor.decrypt(CONTEXT, underK2))
        .isInstanceOfSatisfying(DecryptionException.class, e -> {
          assertThat(e.reason()).isEqualTo(DecryptionException.Reason.UNKNOWN_KEY);
          assertThat(e.keyId()).isEqualTo("k2");
        })
        .hasMessage("cannot decrypt a value of registries.auth: it was encrypted under key k2, which is unknown to "
            + "this process");
  }

  @Test
  void relabellingAValueWithAnotherKeyIdDoesNotDecrypt() {
    final Keyring rotated = keyring.rotate();
    final String underK1 = encryptor.encrypt(CONTEXT, SECRET);
    final String relabelled = "v1.k2." + underK1.substring("v1.k1.".length());
    assertThatThrownBy(() -> new Encryptor(rotated).decrypt(CONTEXT, relabelled))
        .isInstanceOf(DecryptionException.class);
  }

  @Test
  void malformedValuesAreRefused() {
    for (String bad : new String[] {"", "plain text", "v1.k1", "v2.k1.AAAA", "v1.K1.AAAA", "v1.k1.!!!!",
        "v1.k1.AAAA", "v1..AAAA"}) {
      assertThatThrownBy(() -> encryptor.decrypt(CONTEXT, bad)).as(bad)
          .isInstanceOfSatisfying(DecryptionException.class,
              e -> assertThat(e.reason()).isEqualTo(DecryptionException.Reason.MALFORMED));
    }
    assertThatThrownBy(() -> encryptor.decrypt(CONTEXT, null)).isInstanceOf(DecryptionException.class);
  }

  @Test
  void deterministicEncryptionGivesEqualValuesForEqualInputs() {
    final String first = encryptor.encryptDeterministic("users.email", "ops@example.com");
    assertThat(first).startsWith("d1.dk1.").doesNotContain("example");
    assertThat(encryptor.encryptDeterministic("users.email", "ops@example.com")).isEqualTo(first);
    assertThat(new Encryptor(keyring.rotate()).encryptDeterministic("users.email", "ops@example.com"))
        .as("rotating the primary key leaves deterministic values alone").isEqualTo(first);
    assertThat(encryptor.encryptDeterministic("users.email", "dev@example.com")).isNotEqualTo(first);
    assertThat(encryptor.encryptDeterministic("audit.email", "ops@example.com")).isNotEqualTo(first);
    assertThat(new Encryptor(Keyring.generate()).encryptDeterministic("users.email", "ops@example.com"))
        .isNotEqualTo(first);
    assertThat(encryptor.decrypt("users.email", first)).isEqualTo("ops@example.com");
    assertThatThrownBy(() -> encryptor.decrypt("audit.email", first)).isInstanceOf(DecryptionException.class);
  }

  @Test
  void retiredKeysStillDecrypt() {
    final String underK1 = encryptor.encrypt(CONTEXT, SECRET);
    final Keyring rotated = keyring.rotate().rotate();
    assertThat(rotated.primaryKeyId()).isEqualTo("k3");
    assertThat(rotated.retiredKeyIds()).containsExactly("k1", "k2");
    final Encryptor afterRotation = new Encryptor(rotated);
    assertThat(afterRotation.encrypt(CONTEXT, SECRET)).startsWith("v1.k3.");
    assertThat(afterRotation.decrypt(CONTEXT, underK1)).isEqualTo(SECRET);
  }

  @Test
  void tokenHashesAreKeyedAndStable() {
    final String hash = keyring.hashToken("cmdr_abc123");
    assertThat(hash).matches("[0-9a-f]{64}").isEqualTo(keyring.hashToken("cmdr_abc123"));
    assertThat(keyring.rotate().hashToken("cmdr_abc123")).as("survives a rotation").isEqualTo(hash);
    assertThat(keyring.hashToken("cmdr_abc124")).isNotEqualTo(hash);
    assertThat(Keyring.generate().hashToken("cmdr_abc123")).as("depends on the salt").isNotEqualTo(hash);
  }

  @Test
  void toStringNamesKeyIdsOnly() {
    assertThat(keyring.rotate().toString()).isEqualTo("Keyring[primary=k2, retired=[k1], deterministic=dk1]");
  }
}
