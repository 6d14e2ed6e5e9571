package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.migrations.MigrationException;
import io.commander.migrations.Migrations;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The changelogs against a real, empty PostgreSQL database. */
@Timeout(120)
class MigrationsTest {

  private static final List<String> CORE_TABLES = List.of("workspaces", "users", "workspace_role_bindings",
      "auth_tokens", "registries", "cluster_templates", "cluster_template_versions", "catalogs", "records",
      "clusters", "cluster_revisions", "tasks", "task_logs", "telemetry_latest", "telemetry_history",
      "audit_log", "outbox");

  @Test
  void migratesFromEmptyThenIsANoOp() throws SQLException {
    final TestDatabase db = TestPostgres.get().newEmptyDatabase("migrations");
    final Migrations.Result first = Migrations.migrate(db.jdbcUrl(), db.user(), db.password());
    assertThat(first.applied()).isPositive().isEqualTo(first.total());
    assertThat(tables(db)).containsAll(CORE_TABLES);
    assertThat(query(db, "SELECT count(*) FROM pg_extension WHERE extname = 'pgcrypto'")).isEqualTo("1");

    final Migrations.Result second = Migrations.migrate(db.jdbcUrl(), db.user(), db.password());
    assertThat(second.applied()).isZero();
    assertThat(second.total()).isEqualTo(first.total());
  }

  @Test
  void replicasStartingTogetherApplyEachChangesetOnce() throws Exception {
    final TestDatabase db = TestPostgres.get().newEmptyDatabase("concurrent");
    final ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      final Callable<Migrations.Result> migrate = () -> Migrations.migrate(db.jdbcUrl(), db.user(), db.password());
      final List<Future<Migrations.Result>> runs = pool.invokeAll(List.of(migrate, migrate, migrate));
      final List<Migrations.Result> results = new ArrayList<>();
      for (Future<Migrations.Result> run : runs) {
        results.add(run.get());
      }
      final int total = results.get(0).total();
      assertThat(results).allSatisfy(r -> assertThat(r.total()).isEqualTo(total));
      assertThat(results.stream().mapToInt(Migrations.Result::applied).sum()).isEqualTo(total);
      assertThat(query(db, "SELECT count(DISTINCT id) FROM databasechangelog")).isEqualTo(Integer.toString(total));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unreachableDatabaseIsOneClearLine() {
    assertThatThrownBy(() -> Migrations.migrate("jdbc:postgresql://127.0.0.1:1/none", "nobody", ""))
        .isInstanceOf(MigrationException.class)
        .hasMessageContaining("127.0.0.1:1")
        .hasMessageContaining("refused");
  }

  @Test
  void constraintsRejectWhatTheDomainForbids() throws SQLException {
    final TestDatabase db = TestPostgres.get().newDatabase("constraints");
    execute(db, "INSERT INTO workspaces (id, name, slug) VALUES ('00000000-0000-0000-0000-000000000001', 'W', 'w')");
    execute(db, "INSERT INTO clusters (id, workspace_id, name) "
        + "VALUES ('00000000-0000-0000-0000-00000000000c', '00000000-0000-0000-0000-000000000001', 'c1')");

    assertThatThrownBy(() -> execute(db, "INSERT INTO workspaces (name, slug) VALUES ('X', 'Not A Slug')"))
        .hasMessageContaining("workspaces_slug_check");
    assertThatThrownBy(() -> execute(db, "INSERT INTO workspaces (name, slug) VALUES ('Again', 'w')"))
        .as("slugs are unique among live workspaces").hasMessageContaining("workspaces_slug_key");
    assertThatThrownBy(() -> execute(db, "UPDATE clusters SET status = 'ready'"))
        .hasMessageContaining("clusters_status_check");
    assertThatThrownBy(() -> execute(db, "INSERT INTO clusters (workspace_id, name) "
        + "VALUES ('00000000-0000-0000-0000-000000000009', 'orphan')"))
        .hasMessageContaining("clusters_workspace_id_fkey");
    assertThatThrownBy(() -> execute(db, "INSERT INTO auth_tokens (name, scope, token_hash, token_prefix) "
        + "VALUES ('t', 'workspace', 'h', 'p')"))
        .as("a workspace token needs its workspace").hasMessageContaining("auth_tokens_scope_workspace");

    execute(db, "INSERT INTO tasks (cluster_id, kind) VALUES ('00000000-0000-0000-0000-00000000000c', 'install')");
    assertThatThrownBy(() -> execute(db, "INSERT INTO tasks (cluster_id, kind) "
        + "VALUES ('00000000-0000-0000-0000-00000000000c', 'change')"))
        .as("at most one active task per cluster").hasMessageContaining("tasks_one_active_per_cluster");
    assertThatThrownBy(() -> execute(db, "UPDATE tasks SET state = 'running'"))
        .as("a running task holds a lease").hasMessageContaining("tasks_lease");
    execute(db, "UPDATE tasks SET state = 'succeeded', finished_at = now()");
    execute(db, "INSERT INTO tasks (cluster_id, kind) VALUES ('00000000-0000-0000-0000-00000000000c', 'change')");
  }

  @Test
  void clusterCountsFollowInsertsArchivesDeletesAndTruncate() throws SQLException {
    final TestDatabase db = TestPostgres.get().newDatabase("counts");
    execute(db, "INSERT INTO workspaces (id, name, slug) VALUES ('00000000-0000-0000-0000-000000000001', 'W', 'w')");
    execute(db, "INSERT INTO clusters (workspace_id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'a'), "
        + "('00000000-0000-0000-0000-000000000001', 'b'), ('00000000-0000-0000-0000-000000000001', 'c')");
    execute(db, "UPDATE clusters SET archived_at = now() WHERE name = 'a'");
    execute(db, "DELETE FROM clusters WHERE name = 'b'");
    final String counts = "SELECT coalesce(sum(clusters), 0) || '/' || coalesce(sum(live), 0) FROM cluster_counts";
    assertThat(query(db, counts)).isEqualTo("2/1");
    execute(db, "TRUNCATE clusters CASCADE");
    assertThat(query(db, counts)).isEqualTo("0/0");
    execute(db, "INSERT INTO clusters (workspace_id, name) VALUES ('00000000-0000-0000-0000-000000000001', 'd')");
    assertThat(query(db, counts)).isEqualTo("1/1");
  }

  private static List<String> tables(final TestDatabase db) throws SQLException {
    final List<String> tables = new ArrayList<>();
    try (Connection conn = connect(db); Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }

  private static String query(final TestDatabase db, final String sql) throws SQLException {
    try (Connection conn = connect(db); Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static void execute(final TestDatabase db, final String sql) throws SQLException {
    try (Connection conn = connect(db); Statement st = conn.createStatement()) {
      st.execute(sql);
    }
  }

  private static Connection connect(final TestDatabase db) throws SQLException {
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }
}
