package io.commander.server;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.testing.FreePorts;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;

/** Configuration and HTTP helpers for tests that start a whole Commander process. */
final class TestCommanders {

  static final Path PROJECT_ROOT = Path.of(System.getProperty("commander.project.root", ".."));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private TestCommanders() {
  }

  /** Environment for a process on the test database and broker, on a free HTTP port. */
  static Map<String, String> env(final TestDatabase db, final TestKafka kafka, final Path stateDir) {
    final Map<String, String> env = new HashMap<>(db.commanderEnv());
    env.put("COMMANDER_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("COMMANDER_HTTP_PORT", Integer.toString(FreePorts.next()));
    env.put("COMMANDER_HTTP_HOST", "127.0.0.1");
    env.put("COMMANDER_HTTP_INSTANCES", "2");
    env.put("COMMANDER_HTTP_SHUTDOWN_TIMEOUT", "5");
    env.put("COMMANDER_HTTP_WEBROOT", PROJECT_ROOT.resolve("webroot").resolve("dist").toString());
    env.put("COMMANDER_STATE_DIR", stateDir.toString());
    env.put("COMMANDER_HEALTH_TIMEOUT", "2");
    return env;
  }

  /** The only cluster's agent_status as the API derives it (ClusterStore's CASE). */
  static String agentStatus(final Statement st) throws SQLException {
    return one(st, """
        SELECT CASE WHEN a.cluster_id IS NULL THEN 'never_connected'
                    WHEN a.disconnected_at IS NULL AND a.offline_at > now() THEN 'connected'
                    ELSE 'disconnected' END
        FROM clusters c LEFT JOIN cluster_agents a ON a.cluster_id = c.id""");
  }

  /** The first column of a query's first row. */
  static String one(final Statement st, final String query) throws SQLException {
    try (ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Starts {@code commander run} as a child JVM on this test's class path with the given environment,
   * its output appended to a log, and waits until it is ready.
   */
  static Process startProcess(final Map<String, String> env, final Path log, final String maxHeap) throws IOException {
    final ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx" + maxHeap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), "run")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    final Process process = builder.start();
    final CommanderConfig config = config(env);
    Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!process.isAlive()) {
        throw new AssertionError("the process ended (" + process.exitValue() + "); its log:\n" + Files.readString(log));
      }
      try {
        return get(config, "/health/ready").statusCode() == 200;
      } catch (IllegalStateException notYet) {
        return false;
      }
    });
    return process;
  }

  static CommanderConfig config(final Map<String, String> env) {
    return ConfigLoader.load(env, Optional.empty());
  }

  static HttpResponse<String> get(final CommanderConfig config, final String path) {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + config.http().port() + path))
          .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
