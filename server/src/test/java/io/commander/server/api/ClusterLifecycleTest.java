package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A simulated cluster's whole life through the API, with the cluster manager running: created,
 * installed, changed, its destructive change approved, deleted.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClusterLifecycleTest {

  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]""");
  private static final JsonObject SECTIONS = CloudTemplate.sections();

  private ApiFixture api;
  private Credentials token;
  private String version;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,cluster-manager,agent-gateway,telemetry-ingest",
        "COMMANDER_SIMULATED_INSTALL_DURATION", "0", "COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1"));
    final UUID workspace = api.workspace("lifecycle");
    token = Credentials.token(api.token(api.admin(), workspace, false));
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
        .put("params", PARAMS).put("sections", SECTIONS), token);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    version = template.json().getString("current_cluster_template_version_id");
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private JsonObject cluster(final String id) {
    return api.call("GET", "/clusters/" + id, null, token).json();
  }

  /** The data of one of the cluster's telemetry sources as the cluster JSON answers it, or null. */
  private JsonObject source(final String id, final String name) {
    return cluster(id).getJsonArray("cluster_agent_data").stream().map(JsonObject.class::cast)
        .filter(d -> name.equals(d.getString("source"))).map(d -> d.getJsonObject("data")).findFirst().orElse(null);
  }

  private static void waitUntil(final Supplier<Boolean> condition, final String what) {
    final Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (!condition.get()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void aSimulatedClusterIsInstalledChangedApprovedAndDeleted() {
    final Response created = api.call("POST", "/clusters", new JsonObject().put("name", "demo")
        .put("cluster_template_version_id", version).put("provisioner", "simulated")
        .put("values", new JsonObject().put("masters", 3)), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    final String id = created.json().getString("id");
    assertThat(created.json().getString("status")).as(created.body()).isEqualTo("new");
    waitUntil(() -> "in_sync".equals(cluster(id).getString("status")), "installed");
    final JsonObject installed = cluster(id);
    assertThat(installed.getBoolean("was_created")).isTrue();
    assertThat(installed.getInteger("applied_revision")).isEqualTo(1);
    assertThat(installed.getString("applied_provider_specific_cluster_configuration_rendered")).contains("replicas: 3");
    // Installed, it gets a simulated agent through the gateway, which takes the applied revision.
    waitUntil(() -> "connected".equals(cluster(id).getString("agent_status")), "the agent connected");
    waitUntil(() -> "in_sync".equals(cluster(id).getString("resources_sync_state")), "the agent applied");
    assertThat(cluster(id).getString("agent_version")).isEqualTo("0.1.0");
    assertThat(cluster(id).getString("resources_applied_at")).isNotNull();
    // Its telemetry travels agent -> gateway -> Kafka -> telemetry-ingest -> PostgreSQL -> this API.
    waitUntil(() -> source(id, "overview") != null && source(id, "upmeter") != null, "the agent's telemetry");
    final JsonObject overview = source(id, "overview");
    assertThat(overview.fieldNames()).containsExactlyInAnyOrder("dkp_version", "release_channel", "update_available",
        "available_dkp_version", "kubernetes_version", "nodes", "node_list", "cpu_cores", "cpu_usage_percent",
        "memory_gib", "memory_usage_percent", "root_fs_gib", "root_fs_usage_percent", "pvc_capacity_gib", "pvc_count",
        "warnings");
    assertThat(overview.getJsonObject("nodes").getInteger("masters")).isPositive();
    assertThat(overview.getInteger("cpu_cores")).isPositive();
    assertThat(overview.getJsonObject("warnings").getJsonArray("firing_alerts")).isNotNull();
    assertThat(source(id, "upmeter").getJsonArray("rows")).isNotEmpty();
    final JsonObject install = new JsonArray(api.call("GET", "/clusters/" + id + "/tasks", null, token).body())
        .getJsonObject(0);
    final JsonObject task = api.call("GET", "/tasks/" + install.getString("id"), null, token).json();
    assertThat(task.getString("state")).isEqualTo("succeeded");
    assertThat(task.getJsonArray("log").encode()).contains("simulated");

    final Response shrunk = api.call("PATCH", "/clusters/" + id, new JsonObject().put("values", new JsonObject()
        .put("masters", 1)), token);
    assertThat(shrunk.status()).as(shrunk.body()).isEqualTo(200);
    waitUntil(() -> new JsonArray(api.call("GET", "/cluster_change_requests?cluster_id=" + id, null, token).body())
        .size() == 1, "a change request");
    final JsonObject request = new JsonArray(api.call("GET", "/cluster_change_requests?cluster_id=" + id, null, token)
        .body()).getJsonObject(0);
    assertThat(request.getJsonArray("destructive_changes")).hasSize(2);
    assertThat(cluster(id).getString("status")).isEqualTo("changing");
    final Response approved = api.call("POST", "/cluster_change_requests/" + request.getString("id") + "/approve",
        new JsonObject().put("change_set_sha256", request.getString("change_set_sha256")), token);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    waitUntil(() -> "in_sync".equals(cluster(id).getString("status")), "the approved change applied");
    assertThat(cluster(id).getInteger("applied_revision")).isEqualTo(2);
    assertThat(cluster(id).getString("applied_provider_specific_cluster_configuration_rendered")).contains("replicas: 1");

    assertThat(api.call("DELETE", "/clusters/" + id, null, token).status()).isEqualTo(202);
    waitUntil(() -> "deleted".equals(cluster(id).getString("status")), "deleted");
    assertThat(cluster(id).getString("archived_at")).isNotNull();
    waitUntil(() -> "disconnected".equals(cluster(id).getString("agent_status")), "the agent stopped");

    final String metrics = api.get("/metrics").body();
    assertThat(metrics).contains("commander_tasks_finished_total{kind=\"install\",outcome=\"succeeded\"} 1.0")
        .contains("commander_tasks_finished_total{kind=\"change\",outcome=\"awaiting_approval\"} 1.0")
        .contains("commander_tasks_duration_seconds_count{kind=\"delete\",outcome=\"succeeded\"} 1")
        // Every task's log address shares one set of event-bus meters: none is made per task.
        .contains("address=\"tasks.log.<task>\"").doesNotContainPattern("address=\"tasks\\.log\\.[0-9a-f]{8}-");
  }
}
