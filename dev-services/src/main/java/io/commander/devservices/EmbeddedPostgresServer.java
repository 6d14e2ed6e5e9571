package io.commander.devservices;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the zonky binaries on Maven Central, listening on loopback. Its
 * data directory survives restarts, so stopping and starting again keeps the data. As root it
 * runs inside a user namespace (zonky uses {@code unshare -U}), because PostgreSQL refuses root.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The superuser zonky's initdb creates; local connections are trusted. */
  public static final String SUPERUSER = "postgres";
  public static final String HOST = "127.0.0.1";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;

  private EmbeddedPostgresServer(final EmbeddedPostgres postgres, final Path dataDir) {
    this.postgres = postgres;
    this.dataDir = dataDir;
  }

  /**
   * Starts the server, creating the data directory on first use.
   *
   * @param dataDir where the cluster's files live
   * @param port loopback port to listen on
   * @return the running server
   * @throws EmbeddedServiceException if it cannot start; the message says why
   */
  public static EmbeddedPostgresServer start(final Path dataDir, final int port) {
    if (!portFree(port)) {
      throw new EmbeddedServiceException("port " + port + " on " + HOST + " is already in use", null);
    }
    final long started = System.nanoTime();
    try {
      Files.createDirectories(dataDir);
      final EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setRegisterShutdownHook(false)
          .setPort(port)
          .setPGStartupWait(Duration.ofSeconds(60))
          .setServerConfig("listen_addresses", HOST)
          .setServerConfig("max_connections", "300")
          .start();
      LOG.info("embedded postgresql started [port: {}, data: {}, took: {} ms]", port, dataDir,
          (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedPostgresServer(pg, dataDir);
    } catch (IOException | RuntimeException e) {
      throw new EmbeddedServiceException(describe(e), e);
    }
  }

  public int port() {
    return postgres.getPort();
  }

  public Path dataDir() {
    return dataDir;
  }

  /** A JDBC URL for a database on this server. */
  public String jdbcUrl(final String database) {
    return "jdbc:postgresql://" + HOST + ":" + port() + "/" + database;
  }

  /** A superuser connection to the maintenance database. */
  public Connection superuserConnection() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  /**
   * Creates a login role and a database it owns, unless they exist. The application then runs as
   * that owner, not as a superuser, exactly as against an external server.
   */
  public void ensureDatabase(final String database, final String owner, final String password) {
    try (Connection conn = superuserConnection()) {
      if (!exists(conn, "SELECT 1 FROM pg_roles WHERE rolname = ?", owner)) {
        try (Statement st = conn.createStatement()) {
          st.execute("CREATE ROLE " + quoteIdent(owner) + " LOGIN"
              + (password.isEmpty() ? "" : " PASSWORD " + quoteLiteral(password)));
        }
      }
      if (!exists(conn, "SELECT 1 FROM pg_database WHERE datname = ?", database)) {
        try (Statement st = conn.createStatement()) {
          st.execute("CREATE DATABASE " + quoteIdent(database) + " OWNER " + quoteIdent(owner));
        }
        LOG.info("created database [name: {}, owner: {}]", database, owner);
      }
    } catch (SQLException e) {
      throw new EmbeddedServiceException("embedded postgresql: cannot create database " + database + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    try {
      postgres.close();
      LOG.info("embedded postgresql stopped [port: {}]", port());
    } catch (IOException e) {
      LOG.warn("embedded postgresql did not stop cleanly [data: {}]: {}", dataDir, e.getMessage());
    }
  }

  private static boolean exists(final Connection conn, final String sql, final String arg) throws SQLException {
    try (PreparedStatement st = conn.prepareStatement(sql)) {
      st.setString(1, arg);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next();
      }
    }
  }

  static String quoteIdent(final String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }

  static String quoteLiteral(final String literal) {
    return "'" + literal.replace("'", "''") + "'";
  }

  /** Whether nothing listens on the loopback port. */
  public static boolean portFree(final int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(HOST, port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String describe(final Throwable e) {
    Throwable t = e;
    final StringBuilder why = new StringBuilder();
    while (t != null) {
      if (t.getMessage() != null && why.indexOf(t.getMessage()) < 0) {
        why.append(why.isEmpty() ? "" : ": ").append(t.getMessage().lines().findFirst().orElse(""));
      }
      t = t.getCause() == t ? null : t.getCause();
    }
    return why.isEmpty() ? e.getClass().getSimpleName() : why.toString();
  }
}
