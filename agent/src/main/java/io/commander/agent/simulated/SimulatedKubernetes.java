package io.commander.agent.simulated;

import io.commander.agent.AgentBackend.StreamSink;
import io.commander.agent.AgentBackend.StreamSource;
import io.commander.agent.KubeStatus;
import io.commander.agent.kubernetes.KubernetesTunnel;
import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated cluster's Kubernetes API: fabric8's mock API server in CRUD mode on the loopback, seeded with
 * the simulated nodes and namespaces, and the workloads, pods, events, ModuleConfigs and NodeGroups of
 * {@link SimulatedObjects} ({@code default} is one Commander manages, so ConfigMaps may be written
 * there), behind the same allow-list as a real cluster's agent ({@link KubernetesTunnel}). Discovery
 * ({@code /api}, {@code /apis}, {@code /api/v1}), which CRUD mode does not serve, and {@code /version} are
 * answered here, so kubectl works against it. Started on the first request only: a fleet of simulated agents
 * costs nothing until someone looks.
 */
final class SimulatedKubernetes {

  static final List<String> NAMESPACES = List.of("default", "kube-system", "kube-public", "d8-system",
      "d8-monitoring", "d8-commander");
  private static final String POOL = "agent-simulated-kubernetes";
  private static final java.util.regex.Pattern LOG = java.util.regex.Pattern.compile(
      "/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");

  private final SimulatedCluster cluster;
  private Future<KubernetesTunnel> started;

  SimulatedKubernetes(final SimulatedCluster cluster) {
    this.cluster = cluster;
  }

  Future<ConsoleResponse> request(final ConsoleRequest request) {
    final ConsoleResponse answered = answeredHere(request);
    if (answered != null) {
      return Future.succeededFuture(answered);
    }
    return tunnel().compose(t -> t.request(request));
  }

  StreamSource stream(final ConsoleRequest request, final StreamSink sink) {
    final ConsoleResponse answered = answeredHere(request);
    if (answered != null) {
      sink.respond(answered);
      return StreamSource.NONE;
    }
    final Delegated delegated = new Delegated();
    tunnel().onComplete(done -> {
      if (done.failed()) {
        sink.respond(KubeStatus.response(request.streamId(), 502, "agent_request_failed",
            "the simulated API server did not start: " + done.cause().getMessage()));
      } else {
        delegated.attach(done.result().stream(request, sink));
      }
    });
    return delegated;
  }

  /** The mock API server, started and seeded once, on a worker pool (it binds a port and writes). */
  private synchronized Future<KubernetesTunnel> tunnel() {
    if (started == null) {
      final Vertx vertx = Vertx.currentContext() != null ? Vertx.currentContext().owner() : null;
      if (vertx == null) {
        return Future.failedFuture("a simulated cluster's API starts on a Vert.x context");
      }
      final WorkerExecutor pool = vertx.createSharedWorkerExecutor(POOL, 4);
      final boolean alerting = cluster.alerting();
      started = pool.executeBlocking(() -> {
        final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        final KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(),
            new HashMap<>(), crud, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        // Named, not found on the class path: the server's class path also has fabric8's JDK transport.
        final KubernetesClient client = server.createClient(new Vertx5HttpClientFactory(vertx));
        seed(crud, SimulatedObjects.of(cluster, alerting, Instant.now()));
        return new KubernetesTunnel(client, pool);
      }, false);
    }
    return started;
  }

  private void seed(final KubernetesCrudDispatcher crud, final List<SimulatedObjects.Seeded> objects) {
    for (String name : NAMESPACES) {
      final NamespaceBuilder namespace = new NamespaceBuilder().withNewMetadata().withName(name).endMetadata()
          .withNewStatus().withPhase("Active").endStatus();
      if (name.equals("default")) {
        namespace.editMetadata().addToLabels(KubernetesTunnel.MANAGED_LABEL, "true").endMetadata();
      }
      create(crud, "/api/v1/namespaces", Serialization.asJson(namespace.build()));
    }
    for (Object o : cluster.nodes()) {
      final JsonObject node = (JsonObject) o;
      final String role = "master".equals(node.getString("role")) ? "control-plane" : "worker";
      final Quantity cpu = new Quantity(String.valueOf(node.getInteger("cpu_cores")));
      final long memoryGib = Math.round(node.getDouble("memory_gib"));
      create(crud, "/api/v1/nodes", Serialization.asJson(new NodeBuilder().withNewMetadata().withName(node.getString("name"))
          .addToLabels("node-role.kubernetes.io/" + role, "")
          .addToLabels("node.deckhouse.io/group", node.getString("role"))
          .addToLabels("kubernetes.io/hostname", node.getString("name")).endMetadata()
          .withNewStatus()
          .addToCapacity("cpu", cpu).addToCapacity("memory", new Quantity(memoryGib + "Gi"))
          .addToCapacity("pods", new Quantity("110"))
          .addToAllocatable("cpu", new Quantity(node.getInteger("cpu_cores") * 1000 - 200 + "m"))
          .addToAllocatable("memory", new Quantity(memoryGib * 1024 - 512 + "Mi"))
          .addToAllocatable("pods", new Quantity("110"))
          .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
          .withMessage("kubelet is posting ready status").endCondition()
          .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory")
          .endCondition()
          .addNewCondition().withType("DiskPressure").withStatus("False").withReason("KubeletHasNoDiskPressure")
          .endCondition()
          .addNewAddress().withType("InternalIP").withAddress(internalIp(node.getString("name"))).endAddress()
          .withNewNodeInfo().withKubeletVersion(node.getString("kubelet_version")).endNodeInfo()
          .endStatus().build()));
    }
    for (SimulatedObjects.Seeded seeded : objects) {
      final String namespace = seeded.object().getJsonObject("metadata").getString("namespace");
      create(crud, (seeded.group().isEmpty() ? "/api/" : "/apis/" + seeded.group() + "/") + seeded.version()
          + (seeded.namespaced() ? "/namespaces/" + namespace : "") + "/" + seeded.plural(), seeded.object().encode());
    }
  }

  /** Creates one object straight through the CRUD dispatcher: seeding makes no HTTP requests. */
  private static void create(final KubernetesCrudDispatcher crud, final String path, final String json) {
    final MockResponse answer = crud.handleCreate(new RecordedRequest("HTTP/1.1", HttpMethod.POST, path,
        new Headers.Builder().add("Content-Type", "application/json").build(),
        new Buffer(json.getBytes(StandardCharsets.UTF_8))));
    if (answer.code() >= 300) {
      throw new IllegalStateException("seeding " + path + " answered " + answer.code());
    }
  }

  /** A node's address: masters and workers in their own ranges, numbered as named. */
  private static String internalIp(final String name) {
    return (name.startsWith("master") ? "10.0.1." : "10.0.2.") + (10 + Integer.parseInt(name.replaceAll("\\D", "")));
  }

  /**
   * {@code metrics.k8s.io} node metrics, which CRUD mode cannot serve: each node's usage from the simulated
   * cluster's own usage of the moment, a little above or below it node by node.
   */
  private JsonObject nodeMetrics() {
    final JsonArray items = new JsonArray();
    final String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    int i = 0;
    for (Object o : cluster.nodes()) {
      final JsonObject node = (JsonObject) o;
      final double spread = 0.75 + 0.1 * (i++ % 6);
      final double cpu = Math.min(0.98, cluster.cpuUsagePercent() / 100 * spread) * node.getInteger("cpu_cores");
      final double memory = Math.min(0.97, cluster.memoryUsagePercent() / 100 * spread) * node.getDouble("memory_gib");
      items.add(new JsonObject().put("kind", "NodeMetrics").put("apiVersion", "metrics.k8s.io/v1beta1")
          .put("metadata", new JsonObject().put("name", node.getString("name"))).put("timestamp", now)
          .put("window", "20.05s").put("usage", new JsonObject().put("cpu", Math.round(cpu * 1e9) + "n")
              .put("memory", Math.round(memory * 1024 * 1024) + "Ki")));
    }
    return new JsonObject().put("kind", "NodeMetricsList").put("apiVersion", "metrics.k8s.io/v1beta1")
        .put("metadata", new JsonObject()).put("items", items);
  }

  /**
   * What CRUD mode does not serve: the version, discovery, node metrics and pods' logs (a followed log ends
   * after what there is); null for everything else.
   */
  private ConsoleResponse answeredHere(final ConsoleRequest request) {
    if (!"GET".equals(request.method())) {
      return null;
    }
    final int q = request.path().indexOf('?');
    final String path = (q < 0 ? request.path() : request.path().substring(0, q)).replaceAll("/+$", "");
    final java.util.regex.Matcher log = LOG.matcher(path);
    if (log.matches()) {
      return new ConsoleResponse(request.streamId(), 200, Map.of("content-type", "text/plain"),
          Body.text(SimulatedObjects.log(log.group(2), query(request.path(), "container"),
              query(request.path(), "tailLines"), Instant.now())));
    }
    final JsonObject answered = answeredJson(path);
    return answered == null ? null : new ConsoleResponse(request.streamId(), 200,
        Map.of("content-type", "application/json"), Body.text(answered.encode()));
  }

  private static String query(final String pathWithQuery, final String name) {
    final int q = pathWithQuery.indexOf('?');
    if (q >= 0) {
      for (String pair : pathWithQuery.substring(q + 1).split("&")) {
        if (pair.startsWith(name + "=")) {
          return pair.substring(name.length() + 1);
        }
      }
    }
    return null;
  }

  private JsonObject answeredJson(final String path) {
    return switch (path) {
      case "/version" -> version();
      case "/api" -> new JsonObject().put("kind", "APIVersions").put("versions", new JsonArray().add("v1"))
          .put("serverAddressByClientCIDRs", new JsonArray().add(new JsonObject().put("clientCIDR", "0.0.0.0/0")
              .put("serverAddress", "127.0.0.1:6443")));
      case "/apis" -> new JsonObject().put("kind", "APIGroupList").put("apiVersion", "v1").put("groups", new JsonArray());
      case "/api/v1" -> coreResources();
      case "/apis/metrics.k8s.io/v1beta1/nodes" -> nodeMetrics();
      default -> null;
    };
  }

  private JsonObject version() {
    final String[] parts = cluster.kubernetesVersion().split("\\.");
    return new JsonObject().put("major", parts[0]).put("minor", parts[1])
        .put("gitVersion", "v" + cluster.kubernetesVersion()).put("platform", "linux/amd64");
  }

  private static JsonObject coreResources() {
    final JsonArray resources = new JsonArray();
    final List<String> all = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
    final List<String> read = List.of("get", "list", "watch");
    resource(resources, "namespaces", "Namespace", false, List.of("ns"), all);
    resource(resources, "nodes", "Node", false, List.of("no"), all);
    resource(resources, "configmaps", "ConfigMap", true, List.of("cm"), all);
    resource(resources, "pods", "Pod", true, List.of("po"), all);
    resource(resources, "services", "Service", true, List.of("svc"), all);
    resource(resources, "events", "Event", true, List.of("ev"), read);
    resource(resources, "serviceaccounts", "ServiceAccount", true, List.of("sa"), all);
    return new JsonObject().put("kind", "APIResourceList").put("apiVersion", "v1").put("groupVersion", "v1")
        .put("resources", resources);
  }

  private static void resource(final JsonArray into, final String name, final String kind, final boolean namespaced,
                               final List<String> shortNames, final List<String> verbs) {
    into.add(new JsonObject().put("name", name).put("singularName", kind.toLowerCase(java.util.Locale.ROOT))
        .put("namespaced", namespaced).put("kind", kind).put("verbs", new JsonArray(verbs))
        .put("shortNames", new JsonArray(shortNames)));
  }

  /** A stream whose source exists once the API server started; controls before that are kept for it. */
  private static final class Delegated implements StreamSource {
    private StreamSource source;
    private boolean paused;
    private boolean cancelled;

    synchronized void attach(final StreamSource started) {
      source = started;
      if (cancelled) {
        started.cancel();
      } else if (paused) {
        started.pause();
      }
    }

    @Override
    public synchronized void pause() {
      paused = true;
      if (source != null) {
        source.pause();
      }
    }

    @Override
    public synchronized void resume() {
      paused = false;
      if (source != null) {
        source.resume();
      }
    }

    @Override
    public synchronized void cancel() {
      cancelled = true;
      if (source != null) {
        source.cancel();
      }
    }
  }
}
