package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.Role;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A whole process with every role, against the real PostgreSQL and Kafka. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class LauncherTest {

  private Commander commander;
  private CommanderConfig config;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) throws IOException {
    // A web root of its own: the console's build (webroot/dist) exists only after its npm build.
    final Path webroot = Files.createDirectories(state.resolve("webroot"));
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>Commander</title>");
    final Map<String, String> env = new HashMap<>(TestCommanders.env(db, kafka, state));
    env.put("COMMANDER_HTTP_WEBROOT", webroot.toString());
    config = TestCommanders.config(env);
    commander = Commander.start(config);
  }

  @AfterAll
  void stop() {
    if (commander != null) {
      commander.stop();
    }
  }

  @Test
  void readyWithEveryRoleAndDependency() {
    final HttpResponse<String> response = TestCommanders.get(config, "/health/ready");
    assertThat(response.statusCode()).isEqualTo(200);
    final JsonObject body = new JsonObject(response.body());
    assertThat(body.getString("outcome")).isEqualTo("UP");
    final List<String> ids = body.getJsonArray("checks").stream()
        .map(c -> ((JsonObject) c).getString("id")).toList();
    assertThat(ids).contains("postgres", "kafka");
    for (Role role : Role.values()) {
      assertThat(ids).contains("role." + role.id());
    }
  }

  @Test
  void liveness() {
    final HttpResponse<String> response = TestCommanders.get(config, "/health/live");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(response.body()).getString("outcome")).isEqualTo("UP");
  }

  @Test
  void metricsCountHttpRequestsAndShowJvmMemory() {
    TestCommanders.get(config, "/health/live");
    final HttpResponse<String> response = TestCommanders.get(config, "/metrics");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(response.body())
        .containsPattern("(?m)^vertx_http_server_requests_total\\{[^}]*route=\"/health/live\"[^}]*} [1-9]")
        .containsPattern("(?m)^jvm_memory_used_bytes\\{area=\"heap\"")
        .containsPattern("(?m)^vertx_pool_in_use\\{pool_name=\"commander-db\"");
  }

  @Test
  void servesTheWebUiWithHistoryFallback() {
    final HttpResponse<String> index = TestCommanders.get(config, "/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<title>Commander</title>");
    final HttpResponse<String> deepLink = TestCommanders.get(config, "/clusters/some-id");
    assertThat(deepLink.statusCode()).isEqualTo(200);
    assertThat(deepLink.body()).contains("<title>Commander</title>");
    assertThat(TestCommanders.get(config, "/missing.js").statusCode()).isEqualTo(404);
  }
}
