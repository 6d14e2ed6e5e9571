package io.commander.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/** What the benchmarks that start a whole Commander share: quiet logs, settings on free ports, a temporary folder's removal. */
final class BenchSupport {

  private BenchSupport() {
  }

  /**
   * Only errors: the in-process Commanders' start-up notices (generated keys, the first administrator,
   * Liquibase through java.util.logging, Kafka) would bury the summary lines.
   */
  static void quietLogs() {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
  }

  /** The settings of an in-process Commander on embedded services in {@code dir}, on free loopback ports. */
  static Map<String, String> commanderEnv(final Path dir, final String db) throws IOException {
    final Map<String, String> env = new HashMap<>();
    env.put("COMMANDER_STATE_DIR", dir.toString());
    env.put("COMMANDER_HTTP_HOST", "127.0.0.1");
    env.put("COMMANDER_HTTP_PORT", Integer.toString(freePort()));
    env.put("COMMANDER_DB_EMBEDDED_PORT", Integer.toString(freePort()));
    env.put("COMMANDER_KAFKA_EMBEDDED_PORT", Integer.toString(freePortPair()));
    env.put("COMMANDER_DB_NAME", db);
    env.put("COMMANDER_DB_USER", db);
    env.put("COMMANDER_DB_PASSWORD", db);
    env.put("COMMANDER_ADMIN_EMAIL", BenchApi.ADMIN_EMAIL);
    env.put("COMMANDER_ADMIN_PASSWORD", BenchApi.ADMIN_PASSWORD);
    return env;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** A free port whose next port is free too: the embedded Kafka's controller listens there. */
  static int freePortPair() throws IOException {
    while (true) {
      final int port = freePort();
      try (ServerSocket next = new ServerSocket(port + 1)) {
        return port;
      } catch (IOException busy) {
        // Try another.
      }
    }
  }

  static void deleteRecursively(final Path dir) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** A replacement that leaves its column out of {@link #copy}: the copy gets the column's default. */
  static final String DEFAULT = "DEFAULT";

  /**
   * {@code INSERT INTO table (every column) SELECT (the column, or its replacement) FROM from WHERE where}; a
   * column replaced by {@link #DEFAULT} is left out.
   */
  static String copy(final Pool pool, final String table, final Map<String, String> replaced,
                     final String from, final String where) {
    final List<String> columns = new ArrayList<>();
    pool.preparedQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        + "AND table_name = $1 ORDER BY ordinal_position").execute(Tuple.of(table)).await()
        .forEach(row -> columns.add(row.getString(0)));
    columns.removeIf(c -> DEFAULT.equals(replaced.get(c)));
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT "
        + String.join(", ", columns.stream().map(c -> replaced.getOrDefault(c, "s." + c)).toList())
        + " FROM " + from + " WHERE " + where;
  }
}
