package io.commander.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kubernetes backend's telemetry from fabric8's mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class KubernetesTelemetryTest {

  KubernetesMockServer server;
  KubernetesClient client;

  private Vertx vertx;
  private KubernetesBackend backend;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    backend = new KubernetesBackend(vertx, client, new KubernetesSettings(false, Duration.ofSeconds(30), Duration.ZERO));
    server.setVersionInfo(new VersionInfo.Builder().withMajor("1").withMinor("30").withGitVersion("v1.30.8+dkp.1")
        .build());
  }

  @AfterEach
  void stop() throws Exception {
    KubernetesBackendTest.wait(backend.close());
    KubernetesBackendTest.wait(vertx.close());
    client.close();
  }

  @Test
  void theOverviewComesFromNodesVolumesAndTheVersion() throws Exception {
    create(node("master-0", true, true, "4", "16Gi", "60Gi"));
    create(node("worker-0", false, true, "8", "32Gi", "100Gi"));
    create(node("worker-1", false, false, "2500m", "8Gi", "50Gi"));
    client.persistentVolumes().resource(new PersistentVolumeBuilder().withNewMetadata().withName("pv-1").endMetadata()
        .withNewSpec().addToCapacity("storage", new Quantity("20Gi")).endSpec().build()).create();
    // Bound, capacity only on its volume; bound with its own capacity; pending (counted, no capacity).
    client.persistentVolumeClaims().inNamespace("apps").resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("data").withNamespace("apps").endMetadata()
        .withNewSpec().withVolumeName("pv-1").endSpec().withNewStatus().withPhase("Bound").endStatus().build()).create();
    client.persistentVolumeClaims().inNamespace("db").resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("pg").withNamespace("db").endMetadata()
        .withNewStatus().withPhase("Bound").addToCapacity("storage", new Quantity("5Gi")).endStatus().build()).create();
    client.persistentVolumeClaims().inNamespace("db").resource(new PersistentVolumeClaimBuilder()
        .withNewMetadata().withName("waiting").withNamespace("db").endMetadata()
        .withNewStatus().withPhase("Pending").endStatus().build()).create();

    final Map<String, JsonObject> all = KubernetesBackendTest.wait(backend.allSources(Instant.now()));

    // No upmeter source where upmeter cannot be read: nothing is made up.
    assertThat(all).containsOnlyKeys("overview");
    final JsonObject overview = all.get("overview");
    assertThat(overview.getString("kubernetes_version")).isEqualTo("1.30.8");
    assertThat(overview.getJsonObject("nodes")).isEqualTo(new JsonObject().put("total", 3).put("masters", 1)
        .put("workers", 2).put("ready", 2));
    assertThat(overview.getDouble("cpu_cores")).isEqualTo(14.5);
    assertThat(overview.getDouble("memory_gib")).isEqualTo(56.0);
    assertThat(overview.getDouble("root_fs_gib")).isEqualTo(210.0);
    assertThat(overview.getDouble("pvc_capacity_gib")).isEqualTo(25.0);
    assertThat(overview.getInteger("pvc_count")).isEqualTo(3);
    assertThat(overview.getValue("cpu_usage_percent")).isNull();
    assertThat(overview.getValue("root_fs_usage_percent")).isNull();
    final JsonArray nodes = overview.getJsonArray("node_list");
    assertThat(nodes.getJsonObject(0)).isEqualTo(new JsonObject().put("name", "master-0").put("role", "master")
        .put("ready", true).put("cpu_cores", 4).put("memory_gib", 16.0).put("root_fs_gib", 60.0)
        .put("kubelet_version", "v1.30.8"));
    assertThat(nodes.getJsonObject(2).getBoolean("ready")).isFalse();
    assertThat(nodes.getJsonObject(2).getDouble("cpu_cores")).isEqualTo(2.5);
    // Without DKP: its fields are empty, and telemetry still works.
    assertThat(overview.getValue("dkp_version")).isNull();
    assertThat(overview.getValue("release_channel")).isNull();
    assertThat(overview.getBoolean("update_available")).isFalse();
    assertThat(overview.getJsonObject("warnings").getJsonArray("firing_alerts")).isEmpty();
    holdsSchema(overview);

    assertThat(KubernetesBackendTest.wait(backend.changedSources(Instant.now()))).isEmpty();
    create(node("worker-2", false, true, "8", "32Gi", "100Gi"));
    final Map<String, JsonObject> changed = KubernetesBackendTest.wait(backend.changedSources(Instant.now()));
    assertThat(changed).containsOnlyKeys("overview");
    assertThat(changed.get("overview").getJsonObject("nodes").getInteger("total")).isEqualTo(4);
    assertThat(KubernetesBackendTest.wait(backend.changedSources(Instant.now()))).isEmpty();
  }

  @Test
  void dkpVersionChannelUpdateAndAlertsComeFromItsObjects() throws Exception {
    create(node("master-0", true, true, "4", "16Gi", "60Gi"));
    final ResourceDefinitionContext releases = dkp("DeckhouseRelease", "deckhousereleases");
    generic(releases, "v1-69-4", Map.of("version", "v1.69.4"), Map.of("phase", "Deployed"));
    generic(releases, "v1-68-6", Map.of("version", "v1.68.6"), Map.of("phase", "Superseded"));
    generic(releases, "v1-70-1", Map.of("version", "v1.70.1"), Map.of("phase", "Pending"));
    generic(dkp("ModuleConfig", "moduleconfigs"), "deckhouse",
        Map.of("version", 1, "settings", Map.of("releaseChannel", "Stable")), null);
    final GenericKubernetesResource alert = new GenericKubernetesResourceBuilder()
        .withApiVersion("deckhouse.io/v1alpha1").withKind("ClusterAlert")
        .withNewMetadata().withName("f00d").endMetadata().build();
    alert.setAdditionalProperty("alert", Map.of("name", "NodeDiskPressure", "severityLevel", "4",
        "summary", "a node is low on disk space"));
    alert.setAdditionalProperty("status", Map.of("alertStatus", "firing", "startsAt", "2026-12-04T05:00:00Z"));
    client.genericKubernetesResources(dkp("ClusterAlert", "clusteralerts")).resource(alert).create();

    final JsonObject overview = KubernetesBackendTest.wait(backend.allSources(Instant.now())).get("overview");

    assertThat(overview.getString("dkp_version")).isEqualTo("1.69.4");
    assertThat(overview.getString("release_channel")).isEqualTo("Stable");
    assertThat(overview.getBoolean("update_available")).isTrue();
    assertThat(overview.getString("available_dkp_version")).isEqualTo("1.70.1");
    assertThat(overview.getJsonObject("warnings").getJsonArray("firing_alerts")).containsExactly(new JsonObject()
        .put("alert", "NodeDiskPressure").put("severity", "4").put("summary", "a node is low on disk space")
        .put("started_at", "2026-12-04T05:00:00Z"));
    holdsSchema(overview);
  }

  private static ResourceDefinitionContext dkp(final String kind, final String plural) {
    return new ResourceDefinitionContext.Builder().withGroup("deckhouse.io").withVersion("v1alpha1").withKind(kind)
        .withPlural(plural).withNamespaced(false).build();
  }

  private void generic(final ResourceDefinitionContext context, final String name, final Map<String, Object> spec,
                       final Map<String, Object> status) {
    final GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
        .withApiVersion("deckhouse.io/v1alpha1").withKind(context.getKind())
        .withNewMetadata().withName(name).endMetadata().build();
    object.setAdditionalProperty("spec", spec);
    if (status != null) {
      object.setAdditionalProperty("status", status);
    }
    client.genericKubernetesResources(context).resource(object).create();
  }

  private void create(final Node node) {
    client.nodes().resource(node).create();
  }

  private static Node node(final String name, final boolean master, final boolean ready, final String cpu,
                           final String memory, final String disk) {
    final NodeBuilder builder = new NodeBuilder().withNewMetadata().withName(name)
        .addToLabels(master ? "node-role.kubernetes.io/control-plane" : "node.deckhouse.io/group", "")
        .endMetadata();
    return builder.withNewStatus()
        .addToCapacity("cpu", new Quantity(cpu)).addToCapacity("memory", new Quantity(memory))
        .addToCapacity("ephemeral-storage", new Quantity(disk))
        .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
        .withNewNodeInfo().withKubeletVersion("v1.30.8").endNodeInfo()
        .endStatus().build();
  }

  /** Every required field of the overview schema present, recursively, as the server's ingest expects. */
  private void holdsSchema(final JsonObject overview) throws Exception {
    try (var in = getClass().getResourceAsStream("/telemetry/overview.schema.json")) {
      holds(new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8)), overview, "overview");
    }
  }

  private static void holds(final JsonObject schema, final Object value, final String at) {
    if (value instanceof JsonObject object) {
      for (Object field : schema.getJsonArray("required", new JsonArray())) {
        assertThat(object.containsKey((String) field)).as(at + "." + field).isTrue();
      }
      final JsonObject properties = schema.getJsonObject("properties", new JsonObject());
      for (String field : properties.fieldNames()) {
        if (object.getValue(field) != null) {
          holds(properties.getJsonObject(field), object.getValue(field), at + "." + field);
        }
      }
      assertThat(properties.fieldNames()).as(at + " declares every field").containsAll(object.fieldNames());
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> holds(schema.getJsonObject("items"), item, at + "[]"));
    }
  }
}
