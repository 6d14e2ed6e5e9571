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
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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
    env.put("COMMANDER_HTTP_WEBROOT", PROJECT_ROOT.resolve("webroot").toString());
    env.put("COMMANDER_STATE_DIR", stateDir.toString());
    env.put("COMMANDER_HEALTH_TIMEOUT", "2");
    return env;
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
