package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.commander.core.config.CommanderConfig;
import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.server.backup.BackupException;
import io.commander.server.backup.PgTools;
import io.commander.testing.FreePorts;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code bin/commander up} does with nothing configured: an embedded PostgreSQL and Kafka in
 * the state folder, kept across restarts.
 */
@Timeout(240)
class EmbeddedModeTest {

  @TempDir
  Path state;

  private Map<String, String> embeddedEnv() {
    final Map<String, String> env = new HashMap<>();
    env.put("COMMANDER_STATE_DIR", state.toString());
    env.put("COMMANDER_HTTP_HOST", "127.0.0.1");
    env.put("COMMANDER_HTTP_PORT", Integer.toString(FreePorts.next()));
    env.put("COMMANDER_HTTP_INSTANCES", "1");
    env.put("COMMANDER_DB_EMBEDDED_PORT", Integer.toString(FreePorts.next()));
    env.put("COMMANDER_KAFKA_EMBEDDED_PORT", Integer.toString(FreePorts.nextPair()));
    env.put("COMMANDER_HTTP_WEBROOT", TestCommanders.PROJECT_ROOT.resolve("webroot").resolve("dist").toString());
    return env;
  }

  @Test
  void startsEmbeddedServicesAndKeepsDataAcrossRestarts() throws Exception {
    final CommanderConfig config = TestCommanders.config(embeddedEnv());
    assertThat(config.db().mode()).isEqualTo(CommanderConfig.DbMode.EMBEDDED);
    assertThat(config.kafka().embedded()).isTrue();

    Commander first = Commander.start(config);
    try {
      assertThat(TestCommanders.get(config, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(first.config().kafka().bootstrap()).isEqualTo("127.0.0.1:" + config.kafka().embeddedPort());
      execute(first.config(), "INSERT INTO workspaces (name, slug) VALUES ('Kept', 'kept')");
    } finally {
      first.stop();
    }
    assertThatThrownBy(() -> new java.net.Socket("127.0.0.1", config.http().port()).close())
        .as("a stopped process no longer listens").isInstanceOf(java.net.ConnectException.class);
    first.stop();

    final Commander second = Commander.start(config);
    try {
      assertThat(TestCommanders.get(config, "/health/ready").statusCode()).isEqualTo(200);
      assertThat(query(second.config(), "SELECT slug FROM workspaces")).isEqualTo("kept");
      assertThat(query(second.config(), "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user"))
          .as("the application runs as the database owner, not a superuser").isEqualTo("false");
    } finally {
      second.stop();
    }
  }

  @Test
  void aBackupOfTheEmbeddedDatabaseTakenWhileItRunsRestoresIntoANewStateDirectory(@TempDir final Path elsewhere)
      throws Exception {
    try {
      PgTools.find(EmbeddedPostgresServer.MAJOR, Integer.toString(EmbeddedPostgresServer.MAJOR), System.getenv());
    } catch (BackupException e) {
      assumeTrue(false, "Debian's client tools of the embedded server's major are missing (bin/commander test "
          + "installs them): " + e.getMessage());
    }
    final Map<String, String> env = embeddedEnv();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    final Path dump = elsewhere.resolve("commander.dump");
    final Commander first = Commander.start(TestCommanders.config(env));
    try {
      execute(first.config(), "INSERT INTO workspaces (name, slug) VALUES ('Kept', 'kept')");
      assertThat(Main.execute(new String[] {"backup", dump.toString()}, env, System.err).exitCode()).isZero();
    } finally {
      first.stop();
    }

    final Map<String, String> restoredEnv = new HashMap<>(env);
    restoredEnv.put("COMMANDER_STATE_DIR", elsewhere.resolve("state").toString());
    assertThat(Main.execute(new String[] {"restore", dump.toString(), "--keys", dump + ".keys.json"}, restoredEnv,
        System.err).exitCode()).isZero();
    final Commander second = Commander.start(TestCommanders.config(restoredEnv));
    try {
      assertThat(query(second.config(), "SELECT slug FROM workspaces WHERE slug = 'kept'")).isEqualTo("kept");
    } finally {
      second.stop();
    }
  }

  @Test
  void busyPortSaysWhyAndHowToUseAnExternalDatabase() throws Exception {
    final Map<String, String> env = embeddedEnv();
    try (ServerSocket busy = new ServerSocket()) {
      busy.bind(new InetSocketAddress("127.0.0.1", 0));
      env.put("COMMANDER_DB_EMBEDDED_PORT", Integer.toString(busy.getLocalPort()));
      assertThatThrownBy(() -> Commander.start(TestCommanders.config(env)))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("embedded PostgreSQL could not start: port " + busy.getLocalPort())
          .hasMessageContaining("COMMANDER_DB_HOST");
    }
  }

  private static void execute(final CommanderConfig config, final String sql) throws Exception {
    try (Connection conn = connect(config); Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }

  private static String query(final CommanderConfig config, final String sql) throws Exception {
    try (Connection conn = connect(config); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static Connection connect(final CommanderConfig config) throws Exception {
    return DriverManager.getConnection(Database.jdbcUrl(config.db()), config.db().user(), config.db().password());
  }
}
