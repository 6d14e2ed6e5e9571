package io.commander.server.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.commander.core.config.CommanderConfig;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Transaction;
import io.vertx.sqlclient.Tuple;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Rotation moves every encrypted value to a new key and keeps every value readable throughout. */
@ExtendWith({VertxExtension.class, PostgresExtension.class})
@Timeout(120)
class KeyRotationTest {

  private static final int REGISTRIES = 23;
  private static final int CLUSTERS = 11;
  private static final int BATCH = 5;

  private static Pool pool;
  private static Vertx vertx;

  @TempDir
  Path dir;

  private CommanderConfig config;
  private Keyring before;
  /** What each stored value should decrypt to: "column/id" to plaintext. */
  private final Map<String, String> plaintexts = new LinkedHashMap<>();

  @BeforeAll
  static void connect(final Vertx v, final TestDatabase db) {
    vertx = v;
    pool = CryptoFixtures.pool(v, db);
  }

  @BeforeEach
  void fillDatabase() {
    pool.query("DELETE FROM clusters; DELETE FROM registries; DELETE FROM webhooks; DELETE FROM workspaces; "
            + "DELETE FROM encryption_canary")
        .execute().await();
    config = CryptoFixtures.config(dir);
    before = KeyringLoader.load(config, Map.of()).keyring();
    final Encryptor encryptor = new Encryptor(before);
    new EncryptionCanary(encryptor, KeyringLoader.keysFile(config)).verify(pool).await();
    final UUID workspace = pool.query("INSERT INTO workspaces (name, slug) VALUES ('W', 'w') RETURNING id").execute()
        .await().iterator().next().getUUID(0);
    for (int i = 0; i < REGISTRIES; i++) {
      final String auth = "{\"password\":\"registry-secret-" + i + "\"}";
      final UUID id = pool.preparedQuery("INSERT INTO registries (workspace_id, name, images_repo, auth_encrypted) "
              + "VALUES ($1, $2, 'r.example.com/x', $3) RETURNING id")
          .execute(Tuple.of(workspace, "r" + i, encryptor.encrypt(EncryptedColumn.REGISTRY_AUTH.context(), auth)))
          .await().iterator().next().getUUID(0);
      plaintexts.put(key(EncryptedColumn.REGISTRY_AUTH, id), auth);
    }
    pool.preparedQuery("INSERT INTO registries (workspace_id, name, images_repo) VALUES ($1, 'anonymous', 'r/x')")
        .execute(Tuple.of(workspace)).await();
    final String webhookSecret = "whsec_rotated";
    final UUID webhook = pool.preparedQuery("INSERT INTO webhooks (workspace_id, url, event_types, secret_encrypted, "
            + "created_by) VALUES ($1, 'https://hooks.example.com/', '{io.commander.cluster.created}', $2, 'test') "
            + "RETURNING id")
        .execute(Tuple.of(workspace, encryptor.encrypt(EncryptedColumn.WEBHOOK_SECRET.context(), webhookSecret)))
        .await().iterator().next().getUUID(0);
    plaintexts.put(key(EncryptedColumn.WEBHOOK_SECRET, webhook), webhookSecret);
    for (int i = 0; i < CLUSTERS; i++) {
      final String ssh = "-----BEGIN OPENSSH PRIVATE KEY----- " + i;
      final String kubeconfig = i % 2 == 0 ? "kind: Config # " + i : null;
      final String agentToken = "cmdr_agent-" + i;
      final UUID id = pool.preparedQuery("INSERT INTO clusters (workspace_id, name, ssh_private_key_encrypted, "
              + "kubeconfig_encrypted, agent_token_encrypted) VALUES ($1, $2, $3, $4, $5) RETURNING id")
          .execute(Tuple.of(workspace, "c" + i,
              encryptor.encrypt(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY.context(), ssh),
              kubeconfig == null ? null : encryptor.encrypt(EncryptedColumn.CLUSTER_KUBECONFIG.context(), kubeconfig),
              encryptor.encrypt(EncryptedColumn.CLUSTER_AGENT_TOKEN.context(), agentToken)))
          .await().iterator().next().getUUID(0);
      plaintexts.put(key(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY, id), ssh);
      plaintexts.put(key(EncryptedColumn.CLUSTER_AGENT_TOKEN, id), agentToken);
      if (kubeconfig != null) {
        plaintexts.put(key(EncryptedColumn.CLUSTER_KUBECONFIG, id), kubeconfig);
      }
    }
  }

  @Test
  void rotationReencryptsEveryRegisteredColumnAndTheCanary() throws Exception {
    final KeyRotation.Rotated rotated = KeyRotation.rotateKeys(config, Map.of());
    assertThat(rotated.file()).contains(KeyringLoader.keysFile(config));
    assertThat(rotated.environment()).isEmpty();
    assertThat(rotated.keyring().primaryKeyId()).isEqualTo("k2");
    assertThat(rotated.keyring().retiredKeyIds()).containsExactly("k1");
    assertThat(KeyringLoader.load(config, Map.of()).keyring().toString()).as("the keys file holds both keys")
        .isEqualTo(rotated.keyring().toString());
    assertThat(Files.getPosixFilePermissions(KeyringLoader.keysFile(config))).isEqualTo(KeysFile.OWNER_ONLY);

    final Encryptor after = new Encryptor(rotated.keyring());
    final Map<String, Long> counts = new KeyRotation(pool, BATCH).reencrypt(after).await();
    assertThat(counts).containsExactly(
        Map.entry("registries.auth_encrypted", (long) REGISTRIES),
        Map.entry("clusters.ssh_private_key_encrypted", (long) CLUSTERS),
        Map.entry("clusters.kubeconfig_encrypted", (long) (CLUSTERS + 1) / 2),
        Map.entry("clusters.agent_token_encrypted", (long) CLUSTERS),
        Map.entry("cluster_revisions.rendered_encrypted", 0L),
        Map.entry("clusters.secret_values_encrypted", 0L),
        Map.entry("cluster_revisions.secret_values_encrypted", 0L),
        Map.entry("webhooks.secret_encrypted", 1L),
        Map.entry("encryption_canary.value_encrypted", 1L));

    assertEveryValueIsUnder("k2", after);
    new EncryptionCanary(after, KeyringLoader.keysFile(config)).verify(pool).await();
    assertThatThrownBy(() -> new EncryptionCanary(new Encryptor(before), KeyringLoader.keysFile(config)).verify(pool)
        .await()).as("the keys from before the rotation no longer match").isInstanceOf(KeyMismatchException.class)
        .hasMessageContaining("value encrypted under key k2, which is unknown");
    assertThat(pool.query("SELECT count(*) FROM registries WHERE auth_encrypted IS NULL").execute().await()
        .iterator().next().getLong(0)).as("NULL stays NULL").isEqualTo(1);

    assertThat(new KeyRotation(pool, BATCH).reencrypt(after).await().values()).as("nothing left to do")
        .containsOnly(0L);
  }

  @Test
  void theRetiredKeyStillDecryptsWhatAProcessWroteDuringTheRotation() {
    final Encryptor after = new Encryptor(KeyRotation.rotateKeys(config, Map.of()).keyring());
    new KeyRotation(pool, BATCH).reencrypt(after).await();

    // A process that has not met a k2 value yet still writes under k1.
    final String late = new Encryptor(before).encrypt(EncryptedColumn.REGISTRY_AUTH.context(), "{\"late\":true}");
    final UUID id = firstId("registries");
    pool.preparedQuery("UPDATE registries SET auth_encrypted = $2 WHERE id = $1").execute(Tuple.of(id, late)).await();
    plaintexts.put(key(EncryptedColumn.REGISTRY_AUTH, id), "{\"late\":true}");
    assertThat(after.decrypt(EncryptedColumn.REGISTRY_AUTH.context(), late)).isEqualTo("{\"late\":true}");

    assertThat(new KeyRotation(pool, BATCH).reencrypt(after).await())
        .containsEntry("registries.auth_encrypted", 1L)
        .containsEntry("clusters.ssh_private_key_encrypted", 0L);
    assertEveryValueIsUnder("k2", after);
  }

  @Test
  void rowsHeldByAnotherTransactionAreReencryptedOnceReleased() {
    final Encryptor after = new Encryptor(KeyRotation.rotateKeys(config, Map.of()).keyring());
    final UUID held = firstId("clusters");
    final SqlConnection other = pool.getConnection().await();
    try {
      final Transaction tx = other.begin().await();
      // A running process changes a cluster's key, still under k1, in a transaction still open.
      final String written = new Encryptor(before).encrypt(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY.context(), "new key");
      other.preparedQuery("UPDATE clusters SET ssh_private_key_encrypted = $2 WHERE id = $1")
          .execute(Tuple.of(held, written)).await();
      plaintexts.put(key(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY, held), "new key");

      final Future<Map<String, Long>> reencryption = new KeyRotation(pool, BATCH).reencrypt(after);
      await().atMost(Duration.ofSeconds(30)).until(() -> reencryptionIsWaitingForALock(held));
      assertThat(reencryption.isComplete()).isFalse();
      tx.commit().await();

      assertThat(reencryption.await()).containsEntry("clusters.ssh_private_key_encrypted", (long) CLUSTERS);
      assertEveryValueIsUnder("k2", after);
    } finally {
      other.close().await();
    }
  }

  @Test
  void aValueNoKeyDecryptsStopsTheRotationAndSaysWhere() {
    final Encryptor after = new Encryptor(KeyRotation.rotateKeys(config, Map.of()).keyring());
    final UUID id = firstId("registries");
    final String foreign = new Encryptor(Keyring.generate()).encrypt(EncryptedColumn.REGISTRY_AUTH.context(), "x");
    pool.preparedQuery("UPDATE registries SET auth_encrypted = $2 WHERE id = $1").execute(Tuple.of(id, foreign)).await();
    assertThatThrownBy(() -> new KeyRotation(pool, REGISTRIES + 10).reencrypt(after).await())
        .isInstanceOf(KeyRotationException.class)
        .hasMessageStartingWith("re-encryption stopped at registries.auth_encrypted of row id = " + id
            + ": cannot decrypt a value of registries.auth under key k1: it does not authenticate")
        .hasMessageEndingWith("the keyring has Keyring[primary=k2, retired=[k1], deterministic=dk1]");
    assertThat(pool.query("SELECT count(*) FROM registries WHERE auth_encrypted LIKE 'v1.k2.%'").execute().await()
        .iterator().next().getLong(0)).as("the failed batch is rolled back").isZero();
  }

  @Test
  void keysFromTheEnvironmentAreNotRewrittenButTheNewValuesAreReturned() {
    final Map<String, String> env = KeyringLoader.environment(before);
    final Path file = KeyringLoader.keysFile(config);
    final String fileBefore = KeysFile.toJson(before);

    final KeyRotation.Rotated rotated = KeyRotation.rotateKeys(config, env);
    assertThat(rotated.file()).isEmpty();
    assertThat(rotated.environment()).containsOnlyKeys(KeyringLoader.PRIMARY_KEY_ENV, KeyringLoader.RETIRED_KEYS_ENV);
    assertThat(rotated.environment().get(KeyringLoader.PRIMARY_KEY_ENV)).startsWith("k2:");
    assertThat(rotated.environment().get(KeyringLoader.RETIRED_KEYS_ENV))
        .isEqualTo(env.get(KeyringLoader.PRIMARY_KEY_ENV));
    assertThat(file).content().isEqualTo(fileBefore);

    final Map<String, String> updated = new HashMap<>(env);
    updated.putAll(rotated.environment());
    final Keyring reloaded = KeyringLoader.load(config, updated).keyring();
    assertThat(reloaded.primaryKeyId()).isEqualTo("k2");
    final Encryptor after = new Encryptor(reloaded);
    assertThat(new KeyRotation(pool).reencrypt(after).await()).containsEntry("registries.auth_encrypted",
        (long) REGISTRIES);
    assertEveryValueIsUnder("k2", after);
  }

  @Test
  void thereIsNothingToRotateBeforeTheFirstStart() {
    final CommanderConfig fresh = CryptoFixtures.config(dir.resolve("fresh"));
    assertThatThrownBy(() -> KeyRotation.rotateKeys(fresh, Map.of()))
        .isInstanceOf(KeyConfigurationException.class)
        .hasMessage("there are no keys to rotate: neither the COMMANDER_ENCRYPTION_* variables nor the keys file "
            + dir.resolve("fresh").resolve("keys.json") + " exist");
    assertThat(dir.resolve("fresh").resolve("keys.json")).doesNotExist();
  }

  @Test
  void aRunningProcessKeepsReadingThroughARotation() {
    final Keys running = Keys.load(vertx, config, Map.of());
    final Encryptor after = new Encryptor(KeyRotation.rotateKeys(config, Map.of()).keyring());
    new KeyRotation(pool, BATCH).reencrypt(after).await();
    for (Row row : pool.query("SELECT id, auth_encrypted FROM registries WHERE auth_encrypted IS NOT NULL").execute()
        .await()) {
      assertThat(running.decrypt(EncryptedColumn.REGISTRY_AUTH.context(), row.getString(1)).await())
          .isEqualTo(plaintexts.get(key(EncryptedColumn.REGISTRY_AUTH, row.getUUID(0))));
    }
    assertThat(running.keyring().primaryKeyId()).isEqualTo("k2");
  }

  private void assertEveryValueIsUnder(final String keyId, final Encryptor encryptor) {
    int checked = 0;
    for (EncryptedColumn column : EncryptedColumn.ALL) {
      for (Row row : pool.query("SELECT " + column.idColumn() + ", " + column.valueColumn() + " FROM " + column.table()
          + " WHERE " + column.valueColumn() + " IS NOT NULL").execute().await()) {
        final String stored = row.getString(1);
        assertThat(stored).as("%s of %s", column.qualifiedName(), row.getValue(0)).startsWith("v1." + keyId + ".");
        final String plaintext = encryptor.decrypt(column.context(), stored);
        if (column.equals(EncryptedColumn.CANARY)) {
          assertThat(plaintext).isEqualTo(EncryptionCanary.KNOWN_TEXT);
        } else {
          assertThat(plaintext).isEqualTo(plaintexts.get(key(column, row.getValue(0))));
        }
        checked++;
      }
    }
    assertThat(checked).isEqualTo(plaintexts.size() + 1);
  }

  private static boolean reencryptionIsWaitingForALock(final UUID held) {
    return pool.query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            + "AND wait_event_type = 'Lock' AND query LIKE 'SELECT id, ssh_private_key_encrypted FROM clusters%'")
        .execute().await().iterator().next().getLong(0) > 0;
  }

  private static UUID firstId(final String table) {
    return pool.query("SELECT id FROM " + table + " ORDER BY id LIMIT 1").execute().await().iterator().next().getUUID(0);
  }

  private static String key(final EncryptedColumn column, final Object id) {
    return column.qualifiedName() + "/" + id;
  }
}
