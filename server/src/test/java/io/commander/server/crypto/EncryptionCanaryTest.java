package io.commander.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A database opened with other keys refuses to start, with a message that says what to do. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@Timeout(60)
class EncryptionCanaryTest {

  private static final Path KEYS_FILE = Path.of("/var/lib/commander/keys.json");

  private static Pool pool;

  @BeforeAll
  static void connect(final Vertx vertx, final TestDatabase db) {
    pool = CryptoFixtures.pool(vertx, db);
  }

  @BeforeEach
  void emptyDatabase() {
    pool.query("DELETE FROM encryption_canary").execute().await();
  }

  @Test
  void theFirstStartWritesTheCanaryAndTheSameKeysPassLater() {
    final Keyring keyring = Keyring.generate();
    canary(keyring).verify(pool).await();
    final String written = stored();
    assertThat(written).startsWith("v1.k1.").doesNotContain("canary");
    assertThat(new Encryptor(keyring).decrypt("encryption_canary", written)).isEqualTo(EncryptionCanary.KNOWN_TEXT);

    canary(keyring).verify(pool).await();
    final Keyring sameKeysElsewhere = KeyringLoader.load(CryptoFixtures.config(Path.of("unused")),
        KeyringLoader.environment(keyring)).keyring();
    canary(sameKeysElsewhere).verify(pool).await();
    assertThat(stored()).as("verifying does not rewrite it").isEqualTo(written);
  }

  @Test
  void otherKeysRefuseWithAClearMessage() {
    canary(Keyring.generate()).verify(pool).await();
    final String written = stored();
    assertThatThrownBy(() -> canary(Keyring.generate()).verify(pool).await())
        .isInstanceOf(KeyMismatchException.class)
        .hasMessage("the encryption keys do not match this database (value encrypted under key k1, which does not "
            + "decrypt it): start Commander with the keys that were used with this database (COMMANDER_ENCRYPTION_* "
            + "or the keys file /var/lib/commander/keys.json); generated keys are in /var/lib/commander/keys.json of "
            + "the machine that first started it");
    assertThat(stored()).isEqualTo(written);
  }

  @Test
  void keysThatLackTheCanarysKeyRefuseWithAClearMessage() {
    final Keyring keyring = Keyring.generate();
    canary(keyring.rotate()).verify(pool).await();
    assertThatThrownBy(() -> canary(keyring).verify(pool).await())
        .isInstanceOf(KeyMismatchException.class)
        .hasMessageStartingWith("the encryption keys do not match this database (value encrypted under key k2, which "
            + "is unknown): start Commander with the keys that were used with this database");
  }

  @Test
  void aCanaryThatDecryptsToSomethingElseIsRefused() {
    final Keyring keyring = Keyring.generate();
    pool.preparedQuery("INSERT INTO encryption_canary (value_encrypted) VALUES ($1)")
        .execute(Tuple.of(new Encryptor(keyring).encrypt("encryption_canary", "something else")))
        .await();
    assertThatThrownBy(() -> canary(keyring).verify(pool).await())
        .isInstanceOf(KeyMismatchException.class)
        .hasMessageStartingWith("the encryption keys do not match this database (value encrypted under key k1, which "
            + "does not decrypt it)");
  }

  @Test
  void replicasStartingTogetherAgreeOnOneCanary() {
    final List<Future<Void>> starts = new ArrayList<>();
    final List<Keyring> keyrings = List.of(Keyring.generate(), Keyring.generate());
    for (int i = 0; i < 6; i++) {
      starts.add(canary(keyrings.get(i % 2)).verify(pool));
    }
    Future.join(starts).otherwiseEmpty().await();
    final long passed = starts.stream().filter(Future::succeeded).count();
    assertThat(passed).as("the replicas with the keys of whoever wrote first").isEqualTo(3);
    assertThat(starts).filteredOn(Future::failed)
        .allSatisfy(f -> assertThat(f.cause()).isInstanceOf(KeyMismatchException.class));
    assertThat(pool.query("SELECT count(*) FROM encryption_canary").execute().await().iterator().next().getLong(0))
        .isEqualTo(1);
  }

  private static EncryptionCanary canary(final Keyring keyring) {
    return new EncryptionCanary(new Encryptor(keyring), KEYS_FILE);
  }

  private static String stored() {
    return pool.query("SELECT value_encrypted FROM encryption_canary").execute().await().iterator().next().getString(0);
  }
}
