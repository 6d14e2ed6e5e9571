package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A Commander running the cluster-manager role, as configured, installs a simulated cluster. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(120)
class ClusterManagerRoleTest {

  @Test
  void installsASimulatedClusterQueuedInTheDatabase(final TestDatabase db, final TestKafka kafka,
                                                   @TempDir final Path state) throws SQLException {
    final Map<String, String> env = new java.util.HashMap<>(TestCommanders.env(db, kafka, state));
    env.put("COMMANDER_ROLES", "cluster-manager");
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "0");
    final Commander commander = Commander.start(TestCommanders.config(env), env);
    try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = sql.createStatement()) {
      st.execute("""
          WITH w AS (INSERT INTO workspaces (name, slug) VALUES ('w', 'w') RETURNING id),
               c AS (INSERT INTO clusters (workspace_id, name, provisioner, desired_revision)
                     SELECT id, 'demo', 'simulated', 1 FROM w RETURNING id),
               r AS (INSERT INTO cluster_revisions (cluster_id, revision) SELECT id, 1 FROM c)
          INSERT INTO tasks (cluster_id, kind, cluster_revision) SELECT id, 'install', 1 FROM c""");
      st.execute("NOTIFY commander_tasks");

      await().atMost(Duration.ofSeconds(30)).until(() -> one(st, "SELECT state FROM tasks").equals("succeeded"));
      assertThat(one(st, "SELECT status FROM clusters")).isEqualTo("in_sync");
      assertThat(one(st, "SELECT lease_owner IS NULL FROM tasks")).isEqualTo("t");
    } finally {
      commander.stop();
    }
  }

  private static String one(final Statement st, final String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
