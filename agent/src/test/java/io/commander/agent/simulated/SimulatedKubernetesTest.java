package io.commander.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A simulated cluster's Kubernetes API: its version, discovery, seeded nodes and namespaces, allowed writes. */
class SimulatedKubernetesTest {

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final SimulatedBackend backend = new SimulatedBackend("c-1");

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void itServesItsVersionDiscoveryNodesAndNamespaces() throws Exception {
    final JsonObject version = json(call("GET", "/version", null));
    assertThat(version.getString("gitVersion")).startsWith("v1.");
    assertThat(json(call("GET", "/api", null)).getJsonArray("versions")).containsExactly("v1");
    assertThat(json(call("GET", "/api/v1", null)).getJsonArray("resources").stream()
        .map(r -> ((JsonObject) r).getString("name")).toList()).contains("nodes", "namespaces", "configmaps");
    final JsonObject nodes = json(call("GET", "/api/v1/nodes?limit=50", null));
    assertThat(nodes.getString("kind")).endsWith("List");
    assertThat(nodes.getJsonArray("items").size()).isGreaterThanOrEqualTo(4);
    assertThat(nodes.getJsonArray("items").stream().map(n -> ((JsonObject) n).getJsonObject("metadata")
        .getString("name")).toList()).contains("master-0");
    assertThat(json(call("GET", "/api/v1/namespaces", null)).getJsonArray("items").size())
        .isEqualTo(SimulatedKubernetes.NAMESPACES.size());
    assertThat(call("GET", "/api/v1/namespaces/default/pods", null).status()).isEqualTo(200);
  }

  @Test
  void itIsSeededAsADeckhouseClusterIs() throws Exception {
    final int nodes = json(call("GET", "/api/v1/nodes", null)).getJsonArray("items").size();
    final JsonObject deployments = json(call("GET", "/apis/apps/v1/namespaces/d8-system/deployments", null));
    assertThat(names(deployments)).contains("deckhouse", "webhook-handler");
    assertThat(names(json(call("GET", "/apis/apps/v1/statefulsets", null)))).contains("prometheus-main");
    final JsonObject daemonSets = json(call("GET", "/apis/apps/v1/namespaces/d8-monitoring/daemonsets", null));
    assertThat(daemonSets.getJsonArray("items").getJsonObject(0).getJsonObject("status")
        .getInteger("desiredNumberScheduled")).isEqualTo(nodes);
    final JsonObject pods = json(call("GET", "/api/v1/namespaces/d8-monitoring/pods", null));
    assertThat(pods.getJsonArray("items").size()).isGreaterThan(nodes);
    final JsonObject pod = pods.getJsonArray("items").getJsonObject(0);
    assertThat(pod.getJsonObject("metadata").getJsonArray("ownerReferences")).hasSize(1);
    assertThat(pod.getJsonObject("status").getJsonArray("containerStatuses")).isNotEmpty();
    final JsonObject events = json(call("GET", "/api/v1/events", null));
    assertThat(events.getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("type")).distinct())
        .contains("Normal");
    assertThat(names(json(call("GET", "/apis/deckhouse.io/v1alpha1/moduleconfigs", null))))
        .containsExactlyInAnyOrder("deckhouse", "global", "user-authn", "prometheus", "cni-cilium");
    final JsonObject prometheus = json(call("GET", "/apis/deckhouse.io/v1alpha1/moduleconfigs/prometheus", null));
    assertThat(prometheus.getJsonObject("spec").getJsonObject("settings").getInteger("retentionDays")).isEqualTo(15);
    final JsonObject groups = json(call("GET", "/apis/deckhouse.io/v1/nodegroups", null));
    assertThat(names(groups)).containsExactlyInAnyOrder("master", "worker");
    assertThat(groups.getJsonArray("items").stream().mapToInt(g -> ((JsonObject) g).getJsonObject("status")
        .getInteger("nodes")).sum()).isEqualTo(nodes);
    final JsonObject metrics = json(call("GET", "/apis/metrics.k8s.io/v1beta1/nodes", null));
    assertThat(metrics.getJsonArray("items")).hasSize(nodes);
    assertThat(metrics.getJsonArray("items").getJsonObject(0).getJsonObject("usage").getString("cpu")).endsWith("n");
  }

  private static java.util.List<String> names(final JsonObject list) {
    return list.getJsonArray("items").stream().map(o -> ((JsonObject) o).getJsonObject("metadata").getString("name"))
        .toList();
  }

  @Test
  void itWritesWhatTheAgentsAllowListAllows() throws Exception {
    final String configMap = new JsonObject().put("apiVersion", "v1").put("kind", "ConfigMap")
        .put("metadata", new JsonObject().put("name", "settings")).put("data", new JsonObject().put("k", "v")).encode();
    assertThat(call("POST", "/api/v1/namespaces/default/configmaps", configMap).status()).isEqualTo(201);
    assertThat(json(call("GET", "/api/v1/namespaces/default/configmaps/settings", null)).getJsonObject("data")
        .getString("k")).isEqualTo("v");
    final ConsoleResponse elsewhere = call("POST", "/api/v1/namespaces/kube-system/configmaps", configMap);
    assertThat(elsewhere.status()).isEqualTo(403);
    assertThat(json(elsewhere).getString("reason")).isEqualTo("forbidden_by_agent_policy");
    final ConsoleResponse write = call("DELETE", "/api/v1/namespaces/default", null);
    assertThat(write.status()).isEqualTo(403);
    assertThat(json(write).getString("reason")).isEqualTo("forbidden_by_agent_policy");
    assertThat(write.streamId()).isEqualTo("9");
  }

  /** A call as the agent's link makes it: on its Vert.x context. */
  private ConsoleResponse call(final String method, final String path, final String body) throws Exception {
    final Promise<ConsoleResponse> answer = Promise.promise();
    final Map<String, String> headers = body == null ? Map.of() : Map.of("content-type", "application/json");
    context.runOnContext(v -> backend.kubernetes(new ConsoleRequest("9", method, path, headers, Body.text(body)))
        .onComplete(answer));
    return answer.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static JsonObject json(final ConsoleResponse response) {
    return new JsonObject(new String(response.body().bytes(), StandardCharsets.UTF_8));
  }
}
