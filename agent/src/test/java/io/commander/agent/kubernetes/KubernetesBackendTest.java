package io.commander.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The kubernetes backend's apply and enforcement against fabric8's mock API server (CRUD mode). The mock
 * takes no server-side apply patches (it answers 404 to them), so these tests run in apply-mode
 * {@code update}; {@link #serverSideApplyIsTheDefaultAndSendsAnApplyPatch} checks the request the default
 * mode makes.
 */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class KubernetesBackendTest {

  static final String PRIMARY = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: apps
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: platform
        namespace: apps
        labels:
          team: platform
      data:
        tier: gold
      """;
  static final String WEB = """
      # the web tab
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        namespace: apps
      spec:
        replicas: 2
        selector:
          matchLabels: {app: web}
        template:
          metadata:
            labels: {app: web}
          spec:
            containers:
            - name: web
              image: nginx:1.27
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: defaults
      data:
        a: "1"
      """;
  static final String SEED = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: seed
        namespace: apps
      data:
        password: initial
      """;

  KubernetesMockServer server;
  KubernetesClient client;

  private Vertx vertx;
  private KubernetesBackend backend;
  private final List<ApplyReport> pushed = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backend = backend();
  }

  @AfterEach
  void stop() throws Exception {
    wait(backend.close());
    wait(vertx.close());
    client.close();
  }

  private KubernetesBackend backend() {
    // Apply-mode update: the mock server does not implement server-side apply.
    final KubernetesBackend b = new KubernetesBackend(vertx, client,
        new KubernetesSettings(false, Duration.ofMillis(500), Duration.ZERO));
    b.onReport(pushed::add);
    return b;
  }

  @Test
  void desiredResourcesAreAppliedAcrossSetsAndLabelledAsManaged() throws Exception {
    final ApplyReport report = apply(1, enforced("primary_resources", PRIMARY), enforced("resources/web", WEB));

    assertThat(report.revision()).isEqualTo(1);
    assertThat(report.appliedAt()).isNotNull();
    assertThat(statuses(report)).containsExactlyInAnyOrderEntriesOf(Map.of(
        "v1/Namespace//apps", "applied",
        "v1/ConfigMap/apps/platform", "applied",
        "apps/v1/Deployment/apps/web", "applied",
        "v1/ConfigMap/default/defaults", "applied"));
    assertThat(report.results()).filteredOn(r -> r.resource().endsWith("/web"))
        .singleElement().satisfies(r -> assertThat(r.set()).isEqualTo("resources/web"));
    // Namespaces first: the namespace comes before the objects in it.
    assertThat(report.results().get(0).resource()).isEqualTo("v1/Namespace//apps");

    final ConfigMap platform = client.configMaps().inNamespace("apps").withName("platform").get();
    assertThat(platform.getData()).containsEntry("tier", "gold");
    assertThat(platform.getMetadata().getLabels()).containsEntry("team", "platform")
        .containsEntry("commander.io/managed", "true");
    assertThat(platform.getMetadata().getAnnotations()).containsEntry("commander.io/set", "primary_resources")
        .containsEntry("commander.io/mode", "enforced").containsEntry("commander.io/revision", "1");
    final Deployment web = client.apps().deployments().inNamespace("apps").withName("web").get();
    assertThat(web.getSpec().getReplicas()).isEqualTo(2);
    assertThat(web.getMetadata().getAnnotations()).containsEntry("commander.io/set", "resources/web");
    assertThat(client.namespaces().withName("apps").get().getMetadata().getLabels())
        .containsEntry("commander.io/managed", "true");
    assertThat(client.configMaps().inNamespace("default").withName("defaults").get().getData())
        .containsEntry("a", "1");

    final ApplyReport again = apply(2, enforced("primary_resources", PRIMARY), enforced("resources/web", WEB));
    assertThat(again.appliedAt()).isNull();
    assertThat(statuses(again).values()).containsOnly("unchanged");
  }

  @Test
  void aDeletedEnforcedResourceIsRestoredAndReported() throws Exception {
    apply(3, enforced("primary_resources", PRIMARY), enforced("resources/web", WEB));
    pushed.clear();

    client.configMaps().inNamespace("apps").withName("platform").delete();
    client.apps().deployments().inNamespace("apps").withName("web").delete();

    await().atMost(30, TimeUnit.SECONDS).until(() ->
        client.configMaps().inNamespace("apps").withName("platform").get() != null
            && client.apps().deployments().inNamespace("apps").withName("web").get() != null);
    assertThat(client.configMaps().inNamespace("apps").withName("platform").get().getData())
        .containsEntry("tier", "gold");
    await().atMost(10, TimeUnit.SECONDS).until(() -> pushed.stream()
        .flatMap(r -> r.results().stream()).filter(r -> "applied".equals(r.status())).count() >= 2);
    assertThat(pushed).allSatisfy(r -> {
      assertThat(r.revision()).isEqualTo(3);
      assertThat(r.appliedAt()).isNotNull();
    });
  }

  @Test
  void anEditedEnforcedResourceIsPutBack() throws Exception {
    apply(1, enforced("primary_resources", PRIMARY));
    client.configMaps().inNamespace("apps").withName("platform")
        .edit(c -> {
          c.getData().put("tier", "bronze");
          c.getData().put("note", "added by hand");
          return c;
        });

    await().atMost(30, TimeUnit.SECONDS).until(() ->
        "gold".equals(client.configMaps().inNamespace("apps").withName("platform").get().getData().get("tier")));
    // Only the fields the desired state sets are put back, as with server-side apply.
    assertThat(client.configMaps().inNamespace("apps").withName("platform").get().getData())
        .containsEntry("note", "added by hand");
  }

  @Test
  void anEditedOrDeletedCreateOnceResourceIsLeftAlone() throws Exception {
    final ApplyReport first = apply(1, enforced("primary_resources", PRIMARY), createOnce("resources/seed", SEED));
    assertThat(statuses(first)).containsEntry("v1/ConfigMap/apps/seed", "applied");
    assertThat(client.configMaps().inNamespace("apps").withName("seed").get().getMetadata().getAnnotations())
        .containsEntry("commander.io/mode", "create-once");

    client.configMaps().inNamespace("apps").withName("seed").edit(c -> {
      c.getData().put("password", "changed");
      return c;
    });
    // An enforced object edited at the same time shows that the resync ran.
    client.configMaps().inNamespace("apps").withName("platform").edit(c -> {
      c.getData().put("tier", "bronze");
      return c;
    });
    await().atMost(30, TimeUnit.SECONDS).until(() ->
        "gold".equals(client.configMaps().inNamespace("apps").withName("platform").get().getData().get("tier")));
    wait(backend.resync());
    assertThat(client.configMaps().inNamespace("apps").withName("seed").get().getData())
        .containsEntry("password", "changed");

    final ApplyReport second = apply(2, enforced("primary_resources", PRIMARY), createOnce("resources/seed", SEED));
    assertThat(statuses(second)).containsEntry("v1/ConfigMap/apps/seed", "unchanged");
    assertThat(client.configMaps().inNamespace("apps").withName("seed").get().getData())
        .containsEntry("password", "changed");

    client.configMaps().inNamespace("apps").withName("seed").delete();
    client.configMaps().inNamespace("apps").withName("platform").delete();
    await().atMost(30, TimeUnit.SECONDS).until(() ->
        client.configMaps().inNamespace("apps").withName("platform").get() != null);
    wait(backend.resync());
    assertThat(client.configMaps().inNamespace("apps").withName("seed").get()).isNull();
  }

  @Test
  void aResourceDroppedFromTheNextDesiredStateIsDeleted() throws Exception {
    apply(1, enforced("primary_resources", PRIMARY), enforced("resources/web", WEB),
        createOnce("resources/seed", SEED));

    final ApplyReport second = apply(2, enforced("primary_resources", PRIMARY));

    assertThat(statuses(second)).containsEntry("apps/v1/Deployment/apps/web", "deleted")
        .containsEntry("v1/ConfigMap/default/defaults", "deleted")
        .containsEntry("v1/ConfigMap/apps/platform", "unchanged")
        .doesNotContainKey("v1/ConfigMap/apps/seed");
    assertThat(second.results()).filteredOn(r -> r.status().equals("deleted"))
        .allSatisfy(r -> assertThat(r.set()).isEqualTo("resources/web"));
    assertThat(second.appliedAt()).isNotNull();
    assertThat(client.apps().deployments().inNamespace("apps").withName("web").get()).isNull();
    assertThat(client.configMaps().inNamespace("default").withName("defaults").get()).isNull();
    // A dropped create-once object stays, as the kubeconfig provisioner leaves it.
    assertThat(client.configMaps().inNamespace("apps").withName("seed").get()).isNotNull();

    // After a restart the agent finds what it owns by its label.
    wait(backend.close());
    backend = backend();
    final ApplyReport afterRestart = apply(3, enforced("primary_resources", """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: apps
        """));
    assertThat(statuses(afterRestart)).containsEntry("v1/ConfigMap/apps/platform", "deleted")
        .containsEntry("v1/Namespace//apps", "unchanged");
    assertThat(client.configMaps().inNamespace("apps").withName("platform").get()).isNull();
    assertThat(client.configMaps().inNamespace("apps").withName("seed").get()).isNotNull();

    // A dropped Namespace stays: deleting it would take what others put in it.
    final ApplyReport empty = apply(4);
    assertThat(statuses(empty)).doesNotContainKey("v1/Namespace//apps");
    assertThat(client.namespaces().withName("apps").get()).isNotNull();
  }

  @Test
  void aBadDocumentAndAnApiRefusalFailOnlyThemselves() throws Exception {
    server.expect().post().withPath("/api/v1/namespaces/locked/configmaps")
        .andReturn(422, new StatusBuilder().withStatus("Failure").withCode(422).withReason("Invalid")
            .withMessage("ConfigMap \"refused\" is invalid: data: Too long: must have at most 1048576 bytes")
            .build())
        .always();
    final String mixed = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: good
          namespace: apps
        data: {a: "1"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: [broken
        ---
        apiVersion: v1
        kind: ConfigMap
        data: {nameless: "true"}
        ---
        apiVersion: example.com/v1
        kind: Widget
        metadata:
          name: gadget
          namespace: apps
        spec: {size: 3}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: refused
          namespace: locked
        data: {a: "1"}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: also-good
          namespace: apps
        """;

    final ApplyReport report = apply(1, enforced("primary_resources", PRIMARY), enforced("resources/mixed", mixed));

    final Map<String, ResourceResult> results = report.results().stream()
        .collect(Collectors.toMap(ResourceResult::resource, r -> r));
    assertThat(results.get("v1/ConfigMap/apps/good").status()).isEqualTo("applied");
    assertThat(results.get("v1/ConfigMap/apps/also-good").status()).isEqualTo("applied");
    assertThat(results.get("v1/ConfigMap/apps/platform").status()).isEqualTo("applied");
    assertThat(results.get("?/?//document-2").errors()).singleElement().asString()
        .startsWith("resources/mixed document 2 does not parse as Kubernetes YAML at line");
    assertThat(results.get("v1/ConfigMap//document-3").errors()).singleElement().asString()
        .contains("has no metadata.name");
    assertThat(results.get("example.com/v1/Widget/apps/gadget").errors()).singleElement().asString()
        .contains("does not serve Widget in example.com/v1");
    assertThat(results.get("v1/ConfigMap/locked/refused").errors()).singleElement().asString()
        .isEqualTo("422: ConfigMap \"refused\" is invalid: data: Too long: must have at most 1048576 bytes");
    assertThat(report.results()).filteredOn(r -> r.status().equals("failed")).hasSize(4)
        .allSatisfy(r -> assertThat(r.set()).isEqualTo("resources/mixed"));
    assertThat(report.inSync()).isFalse();
    assertThat(client.configMaps().inNamespace("apps").withName("good").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("apps").withName("also-good").get()).isNotNull();
  }

  @Test
  void serverSideApplyIsTheDefaultAndSendsAnApplyPatch() throws Exception {
    wait(backend.close());
    backend = new KubernetesBackend(vertx, client, KubernetesSettings.fromEnvironment(Map.of()));
    final ApplyReport report = apply(1, enforced("primary_resources", """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: applied
        data: {a: "1"}
        """));

    // The mock server takes no apply patches: the object fails with its answer, the request is what counts.
    assertThat(report.results()).singleElement().satisfies(r -> {
      assertThat(r.status()).isEqualTo("failed");
      assertThat(r.errors()).containsExactly("404: Not Found");
    });
    io.fabric8.mockwebserver.http.RecordedRequest patch = null;
    for (var r = server.takeRequest(1, TimeUnit.SECONDS); r != null; r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if ("PATCH".equals(r.getMethod())) {
        patch = r;
      }
    }
    assertThat(patch).isNotNull();
    assertThat(patch.getPath()).startsWith("/api/v1/namespaces/default/configmaps/applied?")
        .contains("fieldManager=commander-agent", "force=true");
    assertThat(patch.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
  }

  private ApplyReport apply(final int revision, final DesiredResources... sets) throws Exception {
    return wait(backend.apply(new DesiredState(revision, List.of(sets)), Instant.now()));
  }

  static DesiredResources enforced(final String set, final String yaml) {
    return new DesiredResources(set, DesiredResources.ENFORCED, yaml);
  }

  static DesiredResources createOnce(final String set, final String yaml) {
    return new DesiredResources(set, DesiredResources.CREATE_ONCE, yaml);
  }

  private static Map<String, String> statuses(final ApplyReport report) {
    return report.results().stream().collect(Collectors.toMap(ResourceResult::resource, ResourceResult::status));
  }

  static <T> T wait(final Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
