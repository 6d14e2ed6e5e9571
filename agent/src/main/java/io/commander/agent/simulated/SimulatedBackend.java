package io.commander.agent.simulated;

import io.commander.agent.AgentBackend;
import io.commander.agent.KubeStatus;
import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.vertx.core.json.JsonArray;
import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A believable cluster with no cluster behind it: telemetry from {@link SimulatedCluster}, every resource applied. */
public final class SimulatedBackend implements AgentBackend {

  private final SimulatedCluster cluster;
  private volatile DesiredState desired;

  public SimulatedBackend(final String clusterId) {
    this.cluster = new SimulatedCluster(clusterId, clusterId.hashCode());
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public Future<Map<String, JsonObject>> changedSources(final Instant now) {
    return Future.succeededFuture(cluster.advance(now));
  }

  @Override
  public Future<Map<String, JsonObject>> allSources(final Instant now) {
    cluster.advance(now);
    return Future.succeededFuture(cluster.snapshot());
  }

  @Override
  public Future<ApplyReport> apply(final DesiredState state, final Instant now) {
    desired = state;
    final List<ResourceResult> results = state.resources().stream()
        .map(r -> new ResourceResult(r.set(), r.set(), "applied", List.of())).toList();
    return Future.succeededFuture(new ApplyReport(state.revision(), now, now, results));
  }

  /**
   * A read-only Kubernetes API of the simulated cluster: {@code /version}, {@code /api/v1/nodes} and
   * {@code /api/v1/namespaces} from its data; other paths 404, writes 403 {@value KubeStatus#FORBIDDEN}.
   */
  @Override
  public Future<ConsoleResponse> kubernetes(final ConsoleRequest request) {
    if (!"GET".equals(request.method())) {
      return Future.succeededFuture(KubeStatus.response(request.streamId(), 403, KubeStatus.FORBIDDEN,
          "a simulated cluster is read-only"));
    }
    final int q = request.path().indexOf('?');
    final String path = (q < 0 ? request.path() : request.path().substring(0, q)).replaceAll("/+$", "");
    final JsonObject body = switch (path) {
      case "/version" -> version();
      case "/api/v1/nodes" -> list("NodeList", nodes());
      case "/api/v1/namespaces" -> list("NamespaceList", namespaces());
      default -> null;
    };
    return Future.succeededFuture(body == null
        ? KubeStatus.response(request.streamId(), 404, "NotFound", "the server could not find the requested resource")
        : new ConsoleResponse(request.streamId(), 200, Map.of("content-type", "application/json"),
            Body.text(body.encode())));
  }

  private JsonObject version() {
    final String[] parts = cluster.kubernetesVersion().split("\\.");
    return new JsonObject().put("major", parts[0]).put("minor", parts[1])
        .put("gitVersion", "v" + cluster.kubernetesVersion()).put("platform", "linux/amd64");
  }

  private JsonArray nodes() {
    final JsonArray items = new JsonArray();
    cluster.nodes().forEach(o -> {
      final JsonObject node = (JsonObject) o;
      final String role = node.getString("role");
      items.add(new JsonObject().put("apiVersion", "v1").put("kind", "Node")
          .put("metadata", new JsonObject().put("name", node.getString("name")).put("labels", new JsonObject()
              .put("node-role.kubernetes.io/" + ("master".equals(role) ? "control-plane" : "worker"), "")
              .put("kubernetes.io/hostname", node.getString("name"))))
          .put("status", new JsonObject()
              .put("capacity", new JsonObject().put("cpu", String.valueOf(node.getInteger("cpu_cores")))
                  .put("memory", Math.round(node.getDouble("memory_gib")) + "Gi"))
              .put("conditions", new JsonArray().add(new JsonObject().put("type", "Ready").put("status", "True")))
              .put("nodeInfo", new JsonObject().put("kubeletVersion", node.getString("kubelet_version")))));
    });
    return items;
  }

  private static JsonArray namespaces() {
    final JsonArray items = new JsonArray();
    for (String name : List.of("default", "kube-system", "kube-public", "d8-system", "d8-monitoring",
        "d8-commander")) {
      items.add(new JsonObject().put("apiVersion", "v1").put("kind", "Namespace")
          .put("metadata", new JsonObject().put("name", name))
          .put("status", new JsonObject().put("phase", "Active")));
    }
    return items;
  }

  private static JsonObject list(final String kind, final JsonArray items) {
    return new JsonObject().put("apiVersion", "v1").put("kind", kind)
        .put("metadata", new JsonObject().put("resourceVersion", "1")).put("items", items);
  }

  /** What it was last told to hold. */
  public DesiredState desired() {
    return desired;
  }
}
