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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from the zonky binaries on Maven Central, listening on loopback. Its
 * data directory survives restarts, so stopping and starting again keeps the data. As root it
 * runs inside a user namespace (zonky uses {@code unshare -U}), because PostgreSQL refuses root.
 *
 * <p>The server never outlives its process for long: a watchdog child stops it when the process dies
 * for any reason (its pipe from this JVM closes), and a start that finds this data directory's server
 * still running (a watchdog killed too) stops it cleanly first. Only a port held by another program
 * is an error, and the message names that program.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The superuser zonky's initdb creates; local connections are trusted. */
  public static final String SUPERUSER = "postgres";
  public static final String HOST = "127.0.0.1";

  /**
   * The major of the bundled server (zonky's binaries, version pinned in the parent POM). PostgreSQL 15
   * because Debian 12's client tools (postgresql-client-15) are of that major, and pg_dump refuses a newer
   * server: {@code commander backup} works on a stock machine. A test checks the server really is this major.
   */
  public static final int MAJOR = 15;

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final EmbeddedPostgres postgres;
  private final Path dataDir;
  private final Process watchdog;
  private final Optional<String> recovered;

  private EmbeddedPostgresServer(final EmbeddedPostgres postgres, final Path dataDir, final Process watchdog,
                                 final Optional<String> recovered) {
    this.postgres = postgres;
    this.dataDir = dataDir;
    this.watchdog = watchdog;
    this.recovered = recovered;
  }

  /**
   * Starts a durable server (every commit answered is on disk), creating the data directory on first use.
   *
   * @param dataDir where the cluster's files live
   * @param port loopback port to listen on
   * @return the running server
   * @throws EmbeddedServiceException if it cannot start; the message says why
   */
  public static EmbeddedPostgresServer start(final Path dataDir, final int port) {
    return start(dataDir, port, true);
  }

  /**
   * Starts the server.
   *
   * @param durable false only for throwaway data (tests): commits are answered before they reach the
   *     disk ({@code fsync} and {@code synchronous_commit} off), so a power loss can lose the last ones, or worse
   */
  public static EmbeddedPostgresServer start(final Path dataDir, final int port, final boolean durable) {
    refuseOtherMajor(dataDir);
    final Optional<String> recovered = stopOrphan(dataDir);
    if (!portFree(port)) {
      throw new EmbeddedServiceException("port " + port + " on " + HOST + " is held by " + PortHolders.describe(port)
          + ", not by this data directory's PostgreSQL (" + dataDir.toAbsolutePath() + "): stop that program, or "
          + "choose another port", null);
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
          // zonky starts the server with -F (no fsync) and synchronous_commit off; these come after and win.
          .setServerConfig("fsync", durable ? "on" : "off")
          .setServerConfig("synchronous_commit", durable ? "on" : "off")
          .start();
      final Process watchdog;
      try {
        watchdog = watchdog(postmaster(dataDir).orElseThrow(() ->
            new IOException("the server started but " + dataDir.resolve(PID_FILE) + " names no running process")));
      } catch (IOException | RuntimeException e) {
        pg.close();
        throw e;
      }
      LOG.info("embedded postgresql started [port: {}, data: {}, durable: {}, took: {} ms]", port, dataDir, durable,
          (System.nanoTime() - started) / 1_000_000);
      return new EmbeddedPostgresServer(pg, dataDir, watchdog, recovered);
    } catch (IOException | RuntimeException e) {
      throw new EmbeddedServiceException(describe(e), e);
    }
  }

  /**
   * A data directory opens only with the major that created it; without this check the server fails to
   * start with a line in its own log that nobody sees.
   */
  static void refuseOtherMajor(final Path dataDir) {
    final Path version = dataDir.resolve("PG_VERSION");
    if (!Files.isRegularFile(version)) {
      return;
    }
    final String found;
    try {
      found = Files.readString(version).strip();
    } catch (IOException e) {
      throw new EmbeddedServiceException("cannot read " + version + ": " + e.getMessage(), e);
    }
    if (!found.equals(Integer.toString(MAJOR))) {
      throw new EmbeddedServiceException("the data directory " + dataDir.toAbsolutePath() + " was made by PostgreSQL "
          + found + ", and the embedded server is PostgreSQL " + MAJOR + ", which cannot open it: start the Commander "
          + "that made it and back it up (commander backup FILE), then restore into a new state directory (commander "
          + "restore FILE --keys FILE.keys.json); or point db.host at a PostgreSQL " + found + " server", null);
    }
  }

  /** What this start found of a previous one that died, and did about it (for one line in the log). */
  public Optional<String> recovered() {
    return recovered;
  }

  private static final String PID_FILE = "postmaster.pid";

  /** The running postmaster of this data directory: the pid its lock file names, running in that directory. */
  static Optional<ProcessHandle> postmaster(final Path dataDir) {
    final Path pidFile = dataDir.resolve(PID_FILE);
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      final long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
      // A postmaster works in its data directory; a stale lock file may name a pid another program has now.
      final Path cwd = Path.of("/proc", Long.toString(pid), "cwd").toRealPath();
      return cwd.equals(dataDir.toRealPath()) ? ProcessHandle.of(pid).filter(ProcessHandle::isAlive) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Stops this data directory's server left running by a process that died; says what it did. */
  private static Optional<String> stopOrphan(final Path dataDir) {
    final Optional<ProcessHandle> orphan = postmaster(dataDir);
    if (orphan.isEmpty()) {
      return Optional.empty();
    }
    final ProcessHandle server = orphan.get();
    final Optional<ProcessHandle> owner = owner(server);
    if (owner.isPresent()) {
      throw new EmbeddedServiceException("the embedded postgresql of " + dataDir + " (pid " + server.pid()
          + ") belongs to a running Commander (pid " + owner.get().pid() + "): stop that one first, or give this one "
          + "another state directory", null);
    }
    // SIGINT is PostgreSQL's fast shutdown (clients cut off, a clean checkpoint); SIGQUIT its immediate one
    // (crash recovery at the next start). Never SIGKILL: that leaves its backends and shared memory behind.
    final boolean clean = signal(server, "INT") && stopped(server);
    if (!clean && !(signal(server, "QUIT") && stopped(server))) {
      throw new EmbeddedServiceException("the previous embedded postgresql of " + dataDir + " (pid " + server.pid()
          + ") did not stop; stop it by hand (kill -INT " + server.pid() + ")", null);
    }
    return Optional.of("embedded postgresql of a previous start was still running on " + dataDir
        + " (pid " + server.pid() + "): " + (clean ? "stopped it cleanly" : "stopped it at once (it recovers now)")
        + " before starting");
  }

  private static boolean signal(final ProcessHandle process, final String signal) {
    try {
      return new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static boolean stopped(final ProcessHandle process) {
    try {
      process.onExit().get(STOP_WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The live process whose watchdog guards this postmaster: a Commander still running, not a dead one's orphan. */
  private static Optional<ProcessHandle> owner(final ProcessHandle postmaster) {
    final String guard = watchdogScript(postmaster);
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(guard)).orElse(false))
        .findFirst().flatMap(ProcessHandle::parent).filter(ProcessHandle::isAlive)
        // A dead Commander's watchdog is adopted by init (or a subreaper) for the moment it takes to act.
        .filter(parent -> parent.info().command().map(c -> c.endsWith("java")).orElse(false));
  }

  private static String watchdogScript(final ProcessHandle postmaster) {
    return "read -r _; kill -INT " + postmaster.pid() + " 2>/dev/null";
  }

  /**
   * A child that stops the server when this JVM dies, however it dies: it waits on a pipe from this
   * process, which the kernel closes when the process is gone, then sends the postmaster SIGINT (fast
   * shutdown). A normal stop ends the watchdog first.
   */
  private static Process watchdog(final ProcessHandle postmaster) throws IOException {
    return new ProcessBuilder("/bin/sh", "-c", watchdogScript(postmaster))
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
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
    watchdog.destroy();
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
