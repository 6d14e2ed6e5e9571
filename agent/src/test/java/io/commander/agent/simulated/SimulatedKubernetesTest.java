package io.commander.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatedKubernetesTest {

  private final SimulatedBackend backend = new SimulatedBackend("c-1");

  @Test
  void itsVersionNodesAndNamespacesAreReadAndNothingElse() throws Exception {
    final JsonObject version = json(call("GET", "/version"));
    assertThat(version.getString("gitVersion")).startsWith("v1.");
    final JsonObject nodes = json(call("GET", "/api/v1/nodes?limit=50"));
    assertThat(nodes.getString("kind")).isEqualTo("NodeList");
    assertThat(nodes.getJsonArray("items").size()).isGreaterThanOrEqualTo(4);
    assertThat(nodes.getJsonArray("items").getJsonObject(0).getJsonObject("metadata").getString("name"))
        .isEqualTo("master-0");
    assertThat(json(call("GET", "/api/v1/namespaces")).getJsonArray("items").size()).isGreaterThan(2);

    final ConsoleResponse missing = call("GET", "/api/v1/pods");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(json(missing).getString("kind")).isEqualTo("Status");
    final ConsoleResponse write = call("DELETE", "/api/v1/namespaces/default");
    assertThat(write.status()).isEqualTo(403);
    assertThat(json(write).getString("reason")).isEqualTo("forbidden_by_agent_policy");
    assertThat(write.streamId()).isEqualTo("9");
  }

  private ConsoleResponse call(final String method, final String path) throws Exception {
    return backend.kubernetes(new ConsoleRequest("9", method, path, Map.of(), null)).toCompletionStage()
        .toCompletableFuture().get();
  }

  private static JsonObject json(final ConsoleResponse response) {
    return new JsonObject(new String(response.body().bytes(), StandardCharsets.UTF_8));
  }
}
