package io.commander.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import liquibase.Scope;
import liquibase.UpdateSummaryEnum;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.command.core.helpers.ShowSummaryArgument;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.ui.LoggerUIService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Commander's Liquibase changelogs through JDBC. Blocking: call it from the composition
 * root before any verticle runs, or from a worker.
 *
 * <p>Several replicas may start together: each takes a PostgreSQL advisory lock on its
 * connection before Liquibase runs (Liquibase's own lock table cannot be created race-free on
 * an empty database), so exactly one applies the changelogs and the others find nothing to do.
 */
public final class Migrations {

  /** The master changelog, on the classpath. */
  public static final String CHANGELOG = "db/changelog/db.changelog-master.yaml";

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
  /** Advisory lock key: "cmdr-mig" as a 64-bit number. */
  private static final long LOCK_KEY = 0x636d64722d6d6967L;

  private Migrations() {
  }

  /** The outcome of a run: how many changesets it applied and how many exist in total. */
  public record Result(int applied, int total) {
  }

  /**
   * Brings the database's schema up to date.
   *
   * @param jdbcUrl a {@code jdbc:postgresql:} URL
   * @param user database user (owner of the schema)
   * @param password its password, may be empty
   * @return the changesets applied by this run and the total applied
   * @throws MigrationException if the database is unreachable or a changeset fails; the message
   *     names the cause
   */
  public static Result migrate(final String jdbcUrl, final String user, final String password) {
    final Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null && !password.isEmpty()) {
      props.setProperty("password", password);
    }
    props.setProperty("ApplicationName", "commander-migrations");
    try (Connection conn = DriverManager.getConnection(jdbcUrl, props)) {
      lock(conn);
      try {
        final int before = appliedCount(conn);
        runLiquibase(conn);
        ensurePgcrypto(conn);
        final int after = appliedCount(conn);
        final Result result = new Result(after - before, after);
        LOG.info("database schema up to date [applied: {}, total: {}]", result.applied(), result.total());
        return result;
      } finally {
        unlock(conn);
      }
    } catch (SQLException e) {
      throw new MigrationException("database " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private static void runLiquibase(final Connection conn) {
    final Map<String, Object> scope = Map.of(
        Scope.Attr.resourceAccessor.name(), new ClassLoaderResourceAccessor(Migrations.class.getClassLoader()),
        Scope.Attr.ui.name(), new LoggerUIService(),
        "liquibase.analytics.enabled", false,
        "liquibase.showBanner", false);
    try {
      Scope.child(scope, () -> {
        // Liquibase must not close the connection: the advisory lock lives on it.
        final Database database = DatabaseFactory.getInstance()
            .findCorrectDatabaseImplementation(new JdbcConnection(new UnclosableConnection(conn).proxy()));
        new CommandScope(UpdateCommandStep.COMMAND_NAME)
            .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
            .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
            // Our own one-line summary replaces Liquibase's table on stdout.
            .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY, UpdateSummaryEnum.OFF)
            .addArgumentValue(ShowSummaryArgument.SHOW_SUMMARY_OUTPUT, UpdateSummaryOutputEnum.LOG)
            .execute();
      });
    } catch (Exception e) {
      throw new MigrationException("migration failed: " + rootMessage(e), e);
    }
  }

  /** The first changeset creates pgcrypto; this puts it back should somebody have dropped it since. */
  private static void ensurePgcrypto(final Connection conn) throws SQLException {
    try (Statement st = conn.createStatement()) {
      st.execute("CREATE EXTENSION IF NOT EXISTS pgcrypto");
    }
  }

  private static int appliedCount(final Connection conn) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
            + "AND table_name = 'databasechangelog'");
         ResultSet rs = st.executeQuery()) {
      rs.next();
      if (rs.getInt(1) == 0) {
        return 0;
      }
    }
    try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM databasechangelog")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void lock(final Connection conn) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement("SELECT pg_advisory_lock(?)")) {
      st.setLong(1, LOCK_KEY);
      st.execute();
    }
  }

  private static void unlock(final Connection conn) throws SQLException {
    if (!conn.getAutoCommit()) {
      conn.rollback();
      conn.setAutoCommit(true);
    }
    try (PreparedStatement st = conn.prepareStatement("SELECT pg_advisory_unlock(?)")) {
      st.setLong(1, LOCK_KEY);
      st.execute();
    }
  }

  private static String rootMessage(final Throwable e) {
    Throwable t = e;
    String message = e.getMessage();
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
      if (t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }
}
