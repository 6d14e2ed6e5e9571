package io.commander.server.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentLink;
import io.commander.agent.simulated.SimulatedBackend;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /clusters/{id}/console/...} end to end: the API, the event bus, the gateway, the real websocket and
 * the agent's kubernetes backend against fabric8's mock API server (CRUD mode; the pages of a paged list and
 * the log, which CRUD mode does not serve, from expectations of the same server); and a simulated cluster's
 * agent, in process.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@EnableKubernetesMockClient(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ConsoleApiTest {

  private static final String TOKEN = "cmdr_consoletesttoken000000000000000000000";
  private static final String GONE_TOKEN = "cmdr_consolegonetoken000000000000000000000";
  private static final String SIMULATED_TOKEN = "cmdr_consolesimulatedtoken0000000000000000";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static KubernetesClient client;
  static KubernetesMockServer server;

  private ConnectorFixture connector;
  private ApiFixture api;
  private UUID cluster;
  private UUID goneCluster;
  private UUID simulatedCluster;
  private UUID otherCluster;
  private Credentials admin;
  private Credentials manager;
  private Credentials viewer;
  private AgentLink goneLink;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    connector = ConnectorFixture.start(db, kafka, state);
    api = connector.api();
    admin = api.admin();
    final UUID alpha = api.workspace("alpha");
    final UUID beta = api.workspace("beta");
    manager = connector.user("console-manager@example.test", alpha, "manager");
    viewer = connector.user("console-viewer@example.test", alpha, "viewer");
    cluster = connector.cluster(alpha, "demo", TOKEN);
    goneCluster = connector.cluster(alpha, "gone", GONE_TOKEN);
    simulatedCluster = connector.cluster(alpha, "simulated", SIMULATED_TOKEN);
    otherCluster = connector.cluster(beta, "other", TOKEN.replace('0', '1'));
    seed();
    connector.link(TOKEN, connector.kubernetes(client));
    goneLink = connector.link(GONE_TOKEN, connector.kubernetes(client));
    connector.link(SIMULATED_TOKEN, new SimulatedBackend(simulatedCluster.toString()));
  }

  @AfterAll
  void stop() throws Exception {
    if (connector != null) {
      connector.close();
    }
  }

  // --- the cluster's objects, as a Deckhouse cluster has them ---

  private static void create(final String group, final String version, final String plural, final boolean namespaced,
                             final JsonObject object) {
    final ResourceDefinitionContext context = new ResourceDefinitionContext.Builder().withGroup(group)
        .withVersion(version).withPlural(plural).withNamespaced(namespaced).withKind(object.getString("kind")).build();
    final GenericKubernetesResource resource = Serialization.unmarshal(object.encode(), GenericKubernetesResource.class);
    (namespaced ? client.genericKubernetesResources(context).inNamespace(resource.getMetadata().getNamespace())
        : client.genericKubernetesResources(context)).resource(resource).create();
  }

  private static JsonObject object(final String apiVersion, final String kind, final String namespace,
                                   final String name) {
    final JsonObject metadata = new JsonObject().put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    return new JsonObject().put("apiVersion", apiVersion).put("kind", kind).put("metadata", metadata);
  }

  private static void seed() {
    for (String ns : List.of("apps", "d8-system")) {
      create("", "v1", "namespaces", false, object("v1", "Namespace", null, ns)
          .put("status", new JsonObject().put("phase", "Active")));
    }
    client.namespaces().withName("apps").edit(n -> {
      n.getMetadata().getLabels().put("team", "web");
      return n;
    });
    create("", "v1", "nodes", false, object("v1", "Node", null, "master-0").put("spec", new JsonObject())
        .put("status", new JsonObject()
            .put("capacity", new JsonObject().put("cpu", "4").put("memory", "16Gi").put("pods", "110"))
            .put("allocatable", new JsonObject().put("cpu", "3800m").put("memory", "15872Mi").put("pods", "110"))
            .put("conditions", new JsonArray().add(new JsonObject().put("type", "Ready").put("status", "True")
                .put("reason", "KubeletReady").put("message", "kubelet is posting ready status")
                .put("lastTransitionTime", "2030-01-02T03:04:05Z")))
            .put("addresses", new JsonArray().add(new JsonObject().put("type", "InternalIP").put("address", "10.0.0.10")))
            .put("nodeInfo", new JsonObject().put("kubeletVersion", "v1.30.8"))));
    client.nodes().withName("master-0").edit(n -> {
      n.getMetadata().getLabels().putAll(java.util.Map.of("node-role.kubernetes.io/control-plane", "",
          "node-role.kubernetes.io/master", "", "node.deckhouse.io/group", "master"));
      return n;
    });
    create("", "v1", "nodes", false, object("v1", "Node", null, "worker-0")
        .put("spec", new JsonObject().put("unschedulable", true))
        .put("status", new JsonObject().put("capacity", new JsonObject().put("cpu", "8").put("memory", "32Gi"))
            .put("conditions", new JsonArray().add(new JsonObject().put("type", "Ready").put("status", "False")))));
    create("metrics.k8s.io", "v1beta1", "nodes", false, object("metrics.k8s.io/v1beta1", "NodeMetrics", null,
        "master-0").put("usage", new JsonObject().put("cpu", "1500000000n").put("memory", "4194304Ki")));

    create("apps", "v1", "deployments", true, object("apps/v1", "Deployment", "apps", "web")
        .put("spec", new JsonObject().put("replicas", 2).put("template", podTemplate("nginx:1.27", "envoy:1.31")))
        .put("status", new JsonObject().put("readyReplicas", 1).put("updatedReplicas", 2).put("availableReplicas", 1)));
    create("apps", "v1", "statefulsets", true, object("apps/v1", "StatefulSet", "apps", "db")
        .put("spec", new JsonObject().put("replicas", 1).put("template", podTemplate("postgres:16")))
        .put("status", new JsonObject().put("readyReplicas", 1).put("updatedReplicas", 1)
            .put("availableReplicas", 1)));
    create("apps", "v1", "daemonsets", true, object("apps/v1", "DaemonSet", "d8-system", "agent")
        .put("spec", new JsonObject().put("template", podTemplate("agent:1")))
        .put("status", new JsonObject().put("desiredNumberScheduled", 2).put("numberReady", 2)
            .put("updatedNumberScheduled", 2).put("numberAvailable", 2)));

    create("", "v1", "pods", true, object("v1", "Pod", "apps", "web-1")
        .put("metadata", new JsonObject().put("name", "web-1").put("namespace", "apps").put("ownerReferences",
            new JsonArray().add(new JsonObject().put("apiVersion", "apps/v1").put("kind", "ReplicaSet")
                .put("name", "web-5d8f").put("uid", "u1").put("controller", true))))
        .put("spec", new JsonObject().put("nodeName", "worker-0").put("containers", new JsonArray()
            .add(new JsonObject().put("name", "app").put("image", "nginx:1.27"))
            .add(new JsonObject().put("name", "proxy").put("image", "envoy:1.31"))))
        .put("status", new JsonObject().put("phase", "Running").put("podIP", "10.111.0.5")
            .put("containerStatuses", new JsonArray()
                .add(new JsonObject().put("name", "app").put("ready", true).put("restartCount", 2)
                    .put("state", new JsonObject().put("running", new JsonObject())))
                .add(new JsonObject().put("name", "proxy").put("ready", false).put("restartCount", 5)
                    .put("state", new JsonObject().put("waiting", new JsonObject().put("reason", "CrashLoopBackOff")))))));
    create("", "v1", "pods", true, object("v1", "Pod", "d8-system", "agent-x")
        .put("spec", new JsonObject().put("containers", new JsonArray().add(new JsonObject().put("name", "agent")
            .put("image", "agent:1"))))
        .put("status", new JsonObject().put("phase", "Pending")));

    create("", "v1", "events", true, event("apps", "e1", "Normal", "Scheduled", "2030-01-01T10:00:00Z"));
    create("", "v1", "events", true, event("apps", "e2", "Warning", "BackOff", "2030-01-01T12:00:00Z"));
    create("", "v1", "events", true, event("d8-system", "e3", "Normal", "Pulled", "2030-01-01T11:00:00Z"));

    create("deckhouse.io", "v1alpha1", "moduleconfigs", false, object("deckhouse.io/v1alpha1", "ModuleConfig", null,
        "prometheus").put("spec", new JsonObject().put("enabled", true).put("version", 2)
        .put("settings", new JsonObject().put("retentionDays", 15).put("auth", new JsonObject()
            .put("password", "old-secret-value")))));
    create("deckhouse.io", "v1alpha1", "moduleconfigs", false, object("deckhouse.io/v1alpha1", "ModuleConfig", null,
        "global").put("spec", new JsonObject().put("version", 1)));
    create("deckhouse.io", "v1", "nodegroups", false, object("deckhouse.io/v1", "NodeGroup", null, "worker")
        .put("spec", new JsonObject().put("nodeType", "CloudEphemeral").put("cloudInstances", new JsonObject()
            .put("minPerZone", 1).put("maxPerZone", 3)))
        .put("status", new JsonObject().put("nodes", 2).put("ready", 1).put("conditions", new JsonArray()
            .add(new JsonObject().put("type", "Ready").put("status", "False").put("message", "1 of 2 ready")))));
    create("deckhouse.io", "v1", "nodegroups", false, object("deckhouse.io/v1", "NodeGroup", null, "master")
        .put("spec", new JsonObject().put("nodeType", "CloudPermanent")));
  }

  private static JsonObject podTemplate(final String... images) {
    final JsonArray containers = new JsonArray();
    for (int i = 0; i < images.length; i++) {
      containers.add(new JsonObject().put("name", "c" + i).put("image", images[i]));
    }
    return new JsonObject().put("spec", new JsonObject().put("containers", containers));
  }

  private static JsonObject event(final String namespace, final String name, final String type, final String reason,
                                  final String last) {
    return object("v1", "Event", namespace, name).put("type", type).put("reason", reason)
        .put("message", reason + " happened").put("count", 3).put("firstTimestamp", "2030-01-01T09:00:00Z")
        .put("lastTimestamp", last)
        .put("involvedObject", new JsonObject().put("kind", "Pod").put("name", "web-1").put("namespace", namespace));
  }

  // --- calls ---

  private Response console(final UUID id, final String path, final Credentials as) {
    return api.call("GET", "/clusters/" + id + "/console/" + path, null, as);
  }

  private JsonArray items(final UUID id, final String path) {
    final Response answer = console(id, path, viewer);
    assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
    return answer.json().getJsonArray("items");
  }

  private static JsonObject named(final JsonArray items, final String name) {
    return items.stream().map(JsonObject.class::cast).filter(o -> name.equals(o.getString("name"))).findFirst()
        .orElseThrow(() -> new AssertionError(name + " not in " + items.encode()));
  }

  private static List<String> names(final JsonArray items) {
    return items.stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  // --- views ---

  @Test
  void nodesWithTheirConditionsCapacityAndUsageWhereMetricsHaveIt() {
    final JsonArray nodes = items(cluster, "nodes");
    assertThat(names(nodes)).containsExactly("master-0", "worker-0");
    final JsonObject master = nodes.getJsonObject(0);
    assertThat(master.getJsonArray("roles")).containsExactly("control-plane", "master");
    assertThat(master.getBoolean("ready")).isTrue();
    assertThat(master.getBoolean("unschedulable")).isFalse();
    assertThat(master.getJsonArray("conditions").getJsonObject(0)).isEqualTo(new JsonObject().put("type", "Ready")
        .put("status", "True").put("reason", "KubeletReady").put("message", "kubelet is posting ready status")
        .put("last_transition_at", "2030-01-02T03:04:05Z"));
    assertThat(master.getJsonObject("capacity")).isEqualTo(new JsonObject().put("cpu_cores", 4.0)
        .put("memory_bytes", 16.0 * 1024 * 1024 * 1024).put("pods", 110.0));
    assertThat(master.getJsonObject("allocatable").getDouble("cpu_cores")).isEqualTo(3.8);
    assertThat(master.getJsonObject("usage")).isEqualTo(new JsonObject().put("cpu_cores", 1.5)
        .put("memory_bytes", 4.0 * 1024 * 1024 * 1024));
    assertThat(master.getString("kubelet_version")).isEqualTo("v1.30.8");
    assertThat(master.getString("internal_ip")).isEqualTo("10.0.0.10");
    assertThat(master.getString("node_group")).isEqualTo("master");
    assertThat(master.getString("created_at")).endsWith("Z");
    final JsonObject worker = nodes.getJsonObject(1);
    assertThat(worker.getBoolean("ready")).isFalse();
    assertThat(worker.getBoolean("unschedulable")).isTrue();
    assertThat(worker.getValue("usage")).isNull();
    assertThat(worker.getValue("node_group")).isNull();
    assertThat(worker.getJsonArray("roles")).isEmpty();
  }

  @Test
  void namespacesWorkloadsAndPodsWithTheNamespaceFilter() {
    final JsonObject apps = named(items(cluster, "namespaces"), "apps");
    assertThat(apps.getString("phase")).isEqualTo("Active");
    assertThat(apps.getJsonObject("labels").getString("team")).isEqualTo("web");

    final JsonArray workloads = items(cluster, "workloads");
    assertThat(workloads.stream().map(o -> ((JsonObject) o).getString("kind") + "/" + ((JsonObject) o)
        .getString("namespace") + "/" + ((JsonObject) o).getString("name")).toList())
        .containsExactly("Deployment/apps/web", "StatefulSet/apps/db", "DaemonSet/d8-system/agent");
    final JsonObject web = workloads.getJsonObject(0);
    assertThat(web.getInteger("desired")).isEqualTo(2);
    assertThat(web.getInteger("ready")).isEqualTo(1);
    assertThat(web.getInteger("updated")).isEqualTo(2);
    assertThat(web.getInteger("available")).isEqualTo(1);
    assertThat(web.getJsonArray("images")).containsExactly("nginx:1.27", "envoy:1.31");
    assertThat(workloads.getJsonObject(2).getInteger("desired")).isEqualTo(2);
    assertThat(items(cluster, "workloads?namespace=apps")).hasSize(2);

    final JsonArray pods = items(cluster, "pods");
    assertThat(pods.stream().map(o -> ((JsonObject) o).getString("namespace") + "/" + ((JsonObject) o)
        .getString("name")).toList()).containsExactly("apps/web-1", "d8-system/agent-x");
    final JsonObject pod = pods.getJsonObject(0);
    assertThat(pod.getString("phase")).isEqualTo("Running");
    assertThat(pod.getString("ready")).isEqualTo("1/2");
    assertThat(pod.getInteger("restarts")).isEqualTo(7);
    assertThat(pod.getString("node")).isEqualTo("worker-0");
    assertThat(pod.getString("pod_ip")).isEqualTo("10.111.0.5");
    assertThat(pod.getJsonObject("owner")).isEqualTo(new JsonObject().put("kind", "ReplicaSet").put("name", "web-5d8f"));
    assertThat(pod.getJsonArray("containers").getJsonObject(1)).isEqualTo(new JsonObject().put("name", "proxy")
        .put("image", "envoy:1.31").put("ready", false).put("restarts", 5).put("state", "waiting")
        .put("reason", "CrashLoopBackOff"));
    final JsonObject pending = pods.getJsonObject(1);
    assertThat(pending.getValue("owner")).isNull();
    assertThat(pending.getString("ready")).isEqualTo("0/1");
    assertThat(pending.getJsonArray("containers").getJsonObject(0).getValue("state")).isNull();
    assertThat(items(cluster, "pods?namespace=d8-system")).hasSize(1);
    assertThat(console(cluster, "pods?namespace=Not_A_Name", viewer).code()).isEqualTo("validation_failed");
  }

  @Test
  void eventsNewestFirstAndModuleConfigsAndNodeGroups() {
    final JsonArray events = items(cluster, "events");
    assertThat(events.stream().map(o -> ((JsonObject) o).getString("last_at")).toList())
        .containsExactly("2030-01-01T12:00:00Z", "2030-01-01T11:00:00Z", "2030-01-01T10:00:00Z");
    assertThat(events.getJsonObject(0)).isEqualTo(new JsonObject().put("namespace", "apps").put("type", "Warning")
        .put("reason", "BackOff").put("message", "BackOff happened").put("object", new JsonObject().put("kind", "Pod")
            .put("name", "web-1").put("namespace", "apps")).put("count", 3).put("first_at", "2030-01-01T09:00:00Z")
        .put("last_at", "2030-01-01T12:00:00Z"));
    assertThat(items(cluster, "events?namespace=apps")).hasSize(2);

    final JsonArray configs = items(cluster, "moduleconfigs");
    assertThat(names(configs)).containsExactly("global", "prometheus");
    assertThat(configs.getJsonObject(0).getValue("enabled")).isNull();
    assertThat(configs.getJsonObject(0).getJsonObject("settings")).isEqualTo(new JsonObject());
    final Response one = console(cluster, "moduleconfigs/prometheus", viewer);
    assertThat(one.json().getBoolean("enabled")).isTrue();
    assertThat(one.json().getInteger("version")).isEqualTo(2);
    assertThat(one.json().getJsonObject("settings").getInteger("retentionDays")).isEqualTo(15);
    assertThat(one.json().getString("resource_version")).isNotEmpty();
    final Response absent = console(cluster, "moduleconfigs/absent", viewer);
    assertThat(absent.status()).isEqualTo(404);
    assertThat(absent.code()).isEqualTo("not_found");

    final JsonArray groups = items(cluster, "nodegroups");
    assertThat(names(groups)).containsExactly("master", "worker");
    assertThat(groups.getJsonObject(0).getValue("max_per_zone")).isNull();
    final JsonObject worker = groups.getJsonObject(1);
    assertThat(worker.getString("node_type")).isEqualTo("CloudEphemeral");
    assertThat(worker.getInteger("min_per_zone")).isEqualTo(1);
    assertThat(worker.getInteger("max_per_zone")).isEqualTo(3);
    assertThat(worker.getInteger("nodes")).isEqualTo(2);
    assertThat(worker.getInteger("ready")).isEqualTo(1);
    assertThat(worker.getJsonArray("conditions")).containsExactly(new JsonObject().put("type", "Ready")
        .put("status", "False").put("message", "1 of 2 ready"));
  }

  @Test
  void aListGoesOnWithTheClustersContinueTokenAndAnAnswerTooLargeIsAskedForInSmallerPages() {
    // CRUD mode does not page: these pages are expectations of the same server.
    server.expect().get().withPath("/api/v1/namespaces/paged/pods?limit=2")
        .andReturn(200, podList("continue-1", "p-1", "p-2")).once();
    server.expect().get().withPath("/api/v1/namespaces/paged/pods?limit=2&continue=continue-1")
        .andReturn(200, podList(null, "p-3")).once();
    final Response first = console(cluster, "pods?namespace=paged&limit=2", viewer);
    assertThat(names(first.json().getJsonArray("items"))).containsExactly("p-1", "p-2");
    assertThat(first.json().getString("continue")).isEqualTo("continue-1");
    final Response last = console(cluster, "pods?namespace=paged&limit=2&continue=continue-1", viewer);
    assertThat(names(last.json().getJsonArray("items"))).containsExactly("p-3");
    assertThat(last.json().containsKey("continue")).isFalse();
    assertThat(console(cluster, "pods?limit=2001", viewer).code()).isEqualTo("validation_failed");

    // More than one link frame carries: asked again for half as many, the rest behind the continue token.
    final String huge = podList("x", "big-1").replace("\"big-1\"", "\"big-1\",\"padding\":\"" + "x".repeat(200_000)
        + "\"");
    server.expect().get().withPath("/api/v1/namespaces/big/pods?limit=500").andReturn(200, huge).once();
    server.expect().get().withPath("/api/v1/namespaces/big/pods?limit=250").andReturn(200, podList("after-250",
        "big-1")).once();
    final Response halved = console(cluster, "pods?namespace=big", viewer);
    assertThat(halved.status()).as(halved.toString()).isEqualTo(200);
    assertThat(names(halved.json().getJsonArray("items"))).containsExactly("big-1");
    assertThat(halved.json().getString("continue")).isEqualTo("after-250");
  }

  private static String podList(final String cont, final String... names) {
    final JsonArray items = new JsonArray();
    for (String name : names) {
      items.add(object("v1", "Pod", "paged", name));
    }
    final JsonObject metadata = cont == null ? new JsonObject() : new JsonObject().put("continue", cont);
    return new JsonObject().put("kind", "PodList").put("apiVersion", "v1").put("metadata", metadata)
        .put("items", items).encode();
  }

  // --- ModuleConfig edits ---

  @Test
  void aManagerEditsAModuleConfigAuditedWithoutItsSecrets() {
    final JsonObject before = console(cluster, "moduleconfigs/prometheus", manager).json();
    final JsonObject settings = new JsonObject().put("retentionDays", 30).put("auth", new JsonObject()
        .put("password", "new-secret-value").put("allowedUserGroups", new JsonArray().add("admins")));
    final JsonObject body = new JsonObject().put("settings", settings).put("enabled", true)
        .put("resource_version", before.getString("resource_version"));

    final Response byViewer = api.call("PUT", "/clusters/" + cluster + "/console/moduleconfigs/prometheus", body,
        viewer);
    assertThat(byViewer.status()).isEqualTo(403);

    final Response edited = api.call("PUT", "/clusters/" + cluster + "/console/moduleconfigs/prometheus", body,
        manager);
    assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
    assertThat(edited.json().getJsonObject("settings")).isEqualTo(settings);
    assertThat(edited.json().getString("resource_version")).isNotEqualTo(before.getString("resource_version"));
    final GenericKubernetesResource stored = client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
        .withGroup("deckhouse.io").withVersion("v1alpha1").withPlural("moduleconfigs").withKind("ModuleConfig")
        .withNamespaced(false).build()).withName("prometheus").get();
    assertThat(new JsonObject(Serialization.asJson(stored)).getJsonObject("spec").getJsonObject("settings")
        .getInteger("retentionDays")).isEqualTo(30);

    final String changes = api.queryOne("SELECT changes::text FROM audit_log WHERE action = 'update_module_config' "
        + "AND entity_id = ?::uuid ORDER BY at DESC LIMIT 1", cluster.toString());
    assertThat(new JsonObject(changes).getJsonArray("settings")).containsExactly(
        new JsonObject().put("retentionDays", 15).put("auth", new JsonObject().put("password", "****")),
        new JsonObject().put("retentionDays", 30).put("auth", new JsonObject().put("password", "****")
            .put("allowedUserGroups", new JsonArray().add("admins"))));
    assertThat(changes).doesNotContain("secret-value");
    assertThat(new JsonObject(changes).getString("module_config")).isEqualTo("prometheus");

    // The same resource_version again is stale now: nothing is written, nothing audited.
    final long audited = Long.parseLong(api.queryOne("SELECT count(*) FROM audit_log WHERE action = "
        + "'update_module_config'"));
    final Response stale = api.call("PUT", "/clusters/" + cluster + "/console/moduleconfigs/prometheus",
        body.copy().put("settings", new JsonObject().put("retentionDays", 1)), manager);
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.code()).isEqualTo("conflict");
    assertThat(console(cluster, "moduleconfigs/prometheus", viewer).json().getJsonObject("settings")
        .getInteger("retentionDays")).isEqualTo(30);
    assertThat(Long.parseLong(api.queryOne("SELECT count(*) FROM audit_log WHERE action = 'update_module_config'")))
        .isEqualTo(audited);

    final Response absent = api.call("PUT", "/clusters/" + cluster + "/console/moduleconfigs/absent", body, manager);
    assertThat(absent.status()).isEqualTo(404);
    final Response bad = api.call("PUT", "/clusters/" + cluster + "/console/moduleconfigs/prometheus",
        new JsonObject().put("settings", "not an object").put("resource_version", "1"), manager);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.code()).isEqualTo("validation_failed");
  }

  /** The console writes only ModuleConfigs, which the allow-list allows: the agent's own refusal, mapped. */
  @Test
  void aKubernetesWriteTheAgentsAllowListRefusesIsForbiddenByAgentPolicy() {
    final var refusal = io.commander.agent.KubeStatus.response("1", 403, io.commander.agent.KubeStatus.FORBIDDEN,
        "the agent does not write pods");
    final var problem = ConsoleService.problem(refusal);
    assertThat(problem.status()).isEqualTo(403);
    assertThat(problem.code()).isEqualTo("forbidden_by_agent_policy");
    assertThat(problem.getMessage()).contains("the agent does not write pods");
  }

  // --- logs ---

  @Test
  void aPodsLogInOnePieceAndFollowedStreamedEndToEnd() throws Exception {
    server.expect().get().withPath("/api/v1/namespaces/apps/pods/web-1/log?container=app&tailLines=2")
        .andReturn(200, "second\nthird\n").once();
    final Response tail = console(cluster, "pods/apps/web-1/log?container=app&tail_lines=2", viewer);
    assertThat(tail.status()).isEqualTo(200);
    assertThat(tail.body()).isEqualTo("second\nthird\n");

    server.expect().get().withPath("/api/v1/namespaces/apps/pods/web-1/log?follow=true")
        .andReturn(200, "starting\nlistening on :8080\nready\n").once();
    final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/clusters/"
        + cluster + "/console/pods/apps/web-1/log?follow=true")).GET();
    viewer.headers().forEach(request::header);
    final HttpResponse<InputStream> followed = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    assertThat(followed.statusCode()).isEqualTo(200);
    assertThat(followed.headers().firstValue("content-length")).isEmpty();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(followed.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("starting");
      assertThat(lines.readLine()).isEqualTo("listening on :8080");
      assertThat(lines.readLine()).isEqualTo("ready");
      assertThat(lines.readLine()).isNull();
    }
  }

  // --- clusters out of reach ---

  @Test
  void anotherWorkspacesClusterIsNotFound() {
    final Response answer = console(otherCluster, "nodes", viewer);
    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.code()).isEqualTo("not_found");
  }

  @Test
  void aClusterWhoseAgentWentAwayIsDisconnectedWithinASecond() {
    assertThat(console(goneCluster, "namespaces", viewer).status()).isEqualTo(200);
    goneLink.stop();
    await().atMost(Duration.ofSeconds(10)).until(() -> !goneLink.connected());
    final long asked = System.nanoTime();
    final Response answer = console(goneCluster, "nodes", viewer);
    assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(Duration.ofSeconds(1));
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.code()).isEqualTo("cluster_disconnected");
  }

  // --- a simulated cluster ---

  @Test
  void aSimulatedClusterAnswersEveryView() {
    for (String view : List.of("nodes", "namespaces", "workloads", "pods", "events", "moduleconfigs", "nodegroups")) {
      assertThat(items(simulatedCluster, view)).as(view).isNotEmpty();
    }
    final JsonArray nodes = items(simulatedCluster, "nodes");
    assertThat(nodes.stream().map(JsonObject.class::cast).allMatch(n -> n.getJsonObject("usage") != null
        && n.getJsonObject("usage").getDouble("cpu_cores") > 0)).as(nodes.encode()).isTrue();
    assertThat(named(nodes, "master-0").getString("node_group")).isEqualTo("master");
    final JsonArray groups = items(simulatedCluster, "nodegroups");
    assertThat(groups.stream().mapToInt(g -> ((JsonObject) g).getInteger("nodes")).sum()).isEqualTo(nodes.size());
    assertThat(items(simulatedCluster, "pods?namespace=d8-monitoring").stream()
        .allMatch(p -> ((JsonObject) p).getJsonObject("owner") != null)).isTrue();
    assertThat(named(items(simulatedCluster, "moduleconfigs"), "deckhouse").getJsonObject("settings")
        .getString("releaseChannel")).isNotEmpty();
    final String pod = items(simulatedCluster, "pods?namespace=d8-system").getJsonObject(0).getString("name");
    final Response log = console(simulatedCluster, "pods/d8-system/" + pod + "/log?tail_lines=5", viewer);
    assertThat(log.status()).isEqualTo(200);
    assertThat(log.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    assertThat(log.body().lines()).hasSize(5);
  }
}
