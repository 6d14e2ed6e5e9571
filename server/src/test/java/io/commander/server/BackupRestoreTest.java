package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.backup.BackupException;
import io.commander.server.backup.Backups;
import io.commander.server.backup.PgTools;
import io.commander.server.crypto.Keyring;
import io.commander.server.crypto.KeyringLoader;
import io.commander.testing.FreePorts;
import io.commander.testing.KafkaExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code commander backup} and {@code commander restore} with PostgreSQL's own pg_dump and pg_restore,
 * against a real server whose major they read: a Commander populated through its API is backed up
 * while it runs, restored into an empty database with a new state folder, and serves everything back
 * equal, secrets included; other keys and a database in use are refused before anything changes.
 *
 * <p>The server is the embedded one (zonky's PostgreSQL 15 binaries), the major of Debian 12's
 * postgresql-client-15, which {@code bin/commander test} installs; without those tools the class is
 * skipped, saying so.
 */
@ExtendWith(KafkaExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class BackupRestoreTest {

  private static final String SECRET = "S3cret-Registry-Pa55";
  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "domain", "type": "string", "title": "Domain"},
       {"key": "host", "title": "Host", "catalog": "hosts"},
       {"key": "registryPassword", "type": "string", "title": "Registry password", "format": "password"}]""");
  private static final JsonObject SECTIONS = new JsonObject()
      .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Static\n"
          + "podSubnetCIDR: 10.111.0.0/16\nserviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\n"
          + "clusterDomain: cluster.local\n")
      .put("placement", "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
          + "internalNetworkCIDRs: [10.0.0.0/24]\n# domain {{ .domain }}, host {{ .host.ip }}\n"
          + "# password {{ .registryPassword | sha256sum }}\n");

  private EmbeddedPostgres postgres;
  private TestKafka kafka;
  private Path backup;
  private Path backupKeys;
  private String token;
  private final Map<String, String> before = new LinkedHashMap<>();
  private TestDatabase source;

  @BeforeAll
  void populateAndBackUp(final TestKafka kafka, @TempDir final Path dir) throws Exception {
    this.kafka = kafka;
    try {
      PgTools.find(EmbeddedPostgresServer.MAJOR, Integer.toString(EmbeddedPostgresServer.MAJOR), System.getenv());
    } catch (BackupException e) {
      assumeTrue(false, "pg_dump and pg_restore of PostgreSQL 15 are missing (bin/commander test installs them): "
          + e.getMessage());
    }
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dir.resolve("pg"))
        .setCleanDataDirectory(true)
        .setPort(FreePorts.next())
        .setServerConfig("listen_addresses", "127.0.0.1")
        .start();
    // As in production: Commander's user owns its database and is no superuser.
    superuser("CREATE ROLE commander LOGIN PASSWORD 'commander-pw'");
    source = database("source");

    final Path state = dir.resolve("state-source");
    try (ApiFixture api = ApiFixture.start(source, kafka, state)) {
      final String workspace = api.workspace("backup").toString();
      token = api.token(api.admin(), java.util.UUID.fromString(workspace), false);
      final Credentials as = Credentials.token(token);
      final JsonObject template = created(api.call("POST", "/cluster_templates", new JsonObject().put("name", "static")
          .put("params", PARAMS).put("sections", SECTIONS), as));
      final JsonObject catalog = created(api.call("POST", "/catalogs", new JsonObject().put("name", "hosts")
          .put("slug", "hosts").put("usage", "exclusive").put("params", new JsonArray(
              "[{\"key\": \"ip\", \"type\": \"string\", \"title\": \"IP\"}]")), as));
      final JsonObject record = created(api.call("POST", "/records", new JsonObject()
          .put("catalog_id", catalog.getString("id")).put("values", new JsonObject().put("ip", "10.0.0.7")), as));
      final JsonObject cluster = created(api.call("POST", "/clusters", new JsonObject().put("name", "alpha")
          .put("cluster_template_version_id", template.getString("current_cluster_template_version_id"))
          .put("provisioner", "simulated").put("values", new JsonObject().put("domain", "alpha.example.com")
              .put("host", new JsonObject().put("x-commander-record-id", record.getString("id")))
              .put("registryPassword", SECRET)), as));
      final String id = cluster.getString("id");
      before.put("/cluster_templates/" + template.getString("id"), null);
      before.put("/catalogs/" + catalog.getString("id"), null);
      before.put("/records/" + record.getString("id"), null);
      before.put("/clusters/" + id, null);
      before.put("/clusters", null);
      before.put("/clusters/" + id + "/agent/manifest", null);
      for (String path : List.copyOf(before.keySet())) {
        final Response r = api.call("GET", path, null, as);
        assertThat(r.status()).as(path + ": " + r.body()).isEqualTo(200);
        before.put(path, r.body());
      }
      final JsonObject read = new JsonObject(before.get("/clusters/" + id));
      assertThat(read.getString("desired_provider_specific_cluster_configuration_rendered"))
          .as("the secret is rendered from its decrypted value: %s", read.encodePrettily())
          .contains("# password " + sha256(SECRET))
          .contains("host 10.0.0.7");
      assertThat(read.getJsonArray("render_errors")).isEmpty();
      assertThat(read.getString("ssh_public_key")).startsWith("ssh-ed25519 ");
      assertThat(before.get("/clusters/" + id + "/agent/manifest")).contains("COMMANDER_AGENT_TOKEN");

      // While Commander runs.
      backup = dir.resolve("backups").resolve("commander.dump");
      final Run run = main(env(source, state), "backup", backup.toString());
      assertThat(run.exit()).as(run.err()).isZero();
      assertThat(run.out()).contains("wrote " + backup, "wrote " + backup + ".keys.json", "mode 0600", "bytes");
    }
    backupKeys = dir.resolve("backups").resolve("commander.dump.keys.json");
    assertThat(backupKeys).exists();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backupKeys))).isEqualTo("rw-------");
    assertThat(KeyringLoader.sameKeys(KeyringLoader.readFile(backupKeys),
        KeyringLoader.readFile(state.resolve("keys.json")))).as("the keys the server reads").isTrue();
    assertThat(Files.readAllBytes(backup)).as("a pg_dump custom-format archive").startsWith("PGDMP".getBytes(
        StandardCharsets.US_ASCII));
    final String script = script(backup);
    assertThat(script).contains("COPY public.clusters ", "COPY public.encryption_canary ")
        .as("secrets are encrypted at rest").doesNotContain(SECRET);
    final JsonObject keys = new JsonObject(Files.readString(backupKeys));
    for (Object key : keys.getJsonObject("dataKeys").getMap().values()) {
      assertThat(script).as("no key inside the dump").doesNotContain((String) key);
    }
    assertThat(script).doesNotContain(keys.getString("keyDerivationSalt"))
        .doesNotContain(keys.getString("deterministicKey"));
  }

  @AfterAll
  void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void aRestoredBackupServesEveryClusterTemplateRecordAndSecretEqual(@TempDir final Path state) throws Exception {
    final TestDatabase target = database("restored");
    final Run run = main(env(target, state), "restore", backup.toString(), "--keys", backupKeys.toString());
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("restored " + backup, "wrote the keys to " + state.resolve("keys.json"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state.resolve("keys.json"))))
        .isEqualTo("rw-------");

    try (ApiFixture api = ApiFixture.start(target, kafka, state)) {
      // The token made before the backup: its hash is keyed by the restored keys.
      final Credentials as = Credentials.token(token);
      for (Map.Entry<String, String> expected : before.entrySet()) {
        final Response r = api.call("GET", expected.getKey(), null, as);
        assertThat(r.status()).as(expected.getKey() + ": " + r.body()).isEqualTo(200);
        if (expected.getKey().endsWith("/manifest")) {
          // The server URL in it names this process's port; the agent's token is the stored one, decrypted.
          assertThat(agentToken(r.body())).as("the agent's token").startsWith("cmdr_")
              .isEqualTo(agentToken(expected.getValue()));
          assertThat(withoutServerUrl(r.body())).isEqualTo(withoutServerUrl(expected.getValue()));
        } else {
          assertThat(normalized(r.body())).as(expected.getKey()).isEqualTo(normalized(expected.getValue()));
        }
      }
      final Response login = api.call("POST", "/auth/login", new JsonObject().put("email", ApiFixture.ADMIN_EMAIL)
          .put("password", ApiFixture.ADMIN_PASSWORD), Credentials.none());
      assertThat(login.status()).as(login.body()).isEqualTo(200);
    }
  }

  @Test
  void aRestoreWithOtherKeysIsRefusedAndLeavesTheDatabaseEmpty(@TempDir final Path dir) throws Exception {
    final TestDatabase target = database("other_keys");
    final Path otherKeys = dir.resolve("other.keys.json");
    assertThat(KeyringLoader.writeNewFile(otherKeys, Keyring.generate())).isTrue();
    final Path state = dir.resolve("state");

    final Run run = main(env(target, state), "restore", backup.toString(), "--keys", otherKeys.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("restore failed: the keys in " + otherKeys
        + " do not decrypt the encryption canary of " + backup, "not the keys this backup was made with",
        "nothing was changed");
    assertThat(tables(target)).as("the target is untouched").isZero();
    assertThat(state.resolve("keys.json")).doesNotExist();

    // The same target then takes the backup with its own keys: the refusal changed nothing.
    final Run again = main(env(target, state), "restore", backup.toString(), "--keys", backupKeys.toString());
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(tables(target)).isPositive();
  }

  @Test
  void aRestoreIntoADatabaseInUseIsRefused(@TempDir final Path state) throws Exception {
    final long tablesBefore = tables(source);
    final Run run = main(env(source, state), "restore", backup.toString(), "--keys", backupKeys.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("restore failed: the database source on 127.0.0.1:" + postgres.getPort()
        + " is not empty (", " tables: public.audit_log, ", "nothing was changed");
    assertThat(state.resolve("keys.json")).doesNotExist();
    assertThat(tables(source)).isEqualTo(tablesBefore);
  }

  @Test
  void aRestoreWhereOtherKeysAreConfiguredIsRefused(@TempDir final Path state) throws Exception {
    final TestDatabase target = database("keys_in_place");
    final Keyring other = Keyring.generate();
    assertThat(KeyringLoader.writeNewFile(state.resolve("keys.json"), other)).isTrue();
    final Run run = main(env(target, state), "restore", backup.toString(), "--keys", backupKeys.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("the keys file " + state.resolve("keys.json") + " exists and holds other keys",
        "nothing was changed");
    assertThat(tables(target)).isZero();
    assertThat(KeyringLoader.sameKeys(KeyringLoader.readFile(state.resolve("keys.json")), other)).isTrue();
  }

  @Test
  void aBackupNeverReplacesAFile(@TempDir final Path dir) throws Exception {
    final Path existing = Files.writeString(dir.resolve("taken.dump"), "mine");
    final Run run = main(env(source, dir.resolve("state")), "backup", existing.toString());
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains(existing + " exists already");
    assertThat(Files.readString(existing)).isEqualTo("mine");
    assertThat(Backups.keysFileOf(existing)).doesNotExist();
  }

  @Test
  void missingToolsNameThePackageToInstall(@TempDir final Path empty) {
    final Map<String, String> env = Map.of(PgTools.BIN_DIR_ENV, empty.toString());
    final BackupException configured = org.junit.jupiter.api.Assertions.assertThrows(BackupException.class,
        () -> PgTools.find(17, "17.6", env));
    assertThat(configured.exitCode()).isEqualTo(BackupException.EXIT_TOOLS);
    assertThat(configured.getMessage()).contains("no runnable pg_dump", "postgresql-client-17");

    final BackupException none = org.junit.jupiter.api.Assertions.assertThrows(BackupException.class,
        () -> PgTools.find(99, "99.1", Map.of("PATH", empty.toString())));
    assertThat(none.getMessage()).contains("PostgreSQL 99 or newer, as the server runs PostgreSQL 99.1",
        "postgresql-client-99");
  }

  // ---- helpers

  private record Run(int exit, String out, String err) {
  }

  /** Runs the command line in this JVM, its standard output and errors captured. */
  private static synchronized Run main(final Map<String, String> env, final String... args) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final PrintStream stdout = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      final Main.Outcome outcome = Main.execute(args, env, new PrintStream(err, true, StandardCharsets.UTF_8));
      return new Run(outcome.exitCode(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
    }
  }

  private Map<String, String> env(final TestDatabase db, final Path state) {
    final Map<String, String> env = new HashMap<>(db.commanderEnv());
    env.put("COMMANDER_STATE_DIR", state.toString());
    env.put("COMMANDER_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  private TestDatabase database(final String name) throws SQLException {
    superuser("CREATE DATABASE " + name + " OWNER commander");
    return new TestDatabase("127.0.0.1", postgres.getPort(), name, "commander", "commander-pw");
  }

  private void superuser(final String sql) throws SQLException {
    try (Connection conn = postgres.getPostgresDatabase().getConnection(); Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }

  private long tables(final TestDatabase db) throws SQLException {
    try (Connection conn = postgres.getDatabase("postgres", db.name()).getConnection();
         Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static JsonObject created(final Response r) {
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  /** A JSON body compared by value (key order aside). */
  private static Object normalized(final String body) {
    return body.strip().startsWith("[") ? new JsonArray(body) : new JsonObject(body);
  }

  private static String sha256(final String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** The agent token of a manifest (its Secret's {@code token}, base64). */
  private static String agentToken(final String manifest) {
    final java.util.regex.Matcher m = java.util.regex.Pattern.compile("\n\\s+token: \"([A-Za-z0-9+/=]+)\"")
        .matcher(manifest);
    assertThat(m.find()).as("a token in %s", manifest).isTrue();
    return new String(java.util.Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
  }

  private static String withoutServerUrl(final String manifest) {
    return manifest.replaceAll("server-url: \"[^\"]*\"", "server-url: _")
        .replaceAll("commander.io/secret-checksum: \"[^\"]*\"", "commander.io/secret-checksum: _");
  }

  /** The archive as the SQL script pg_restore would run. */
  private static String script(final Path archive) throws Exception {
    final Process process = new ProcessBuilder(PgTools.find(EmbeddedPostgresServer.MAJOR, Integer.toString(EmbeddedPostgresServer.MAJOR), System.getenv()).pgRestore().toString(),
        "--file=-", archive.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    final String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).isZero();
    return text;
  }
}
