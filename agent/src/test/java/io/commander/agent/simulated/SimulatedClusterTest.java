package io.commander.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SimulatedClusterTest {

  private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

  @Test
  void theFirstAdvanceAnswersEverySourceWithTheDocumentedFields() {
    final Map<String, JsonObject> first = new SimulatedCluster("c-1", 42).advance(START);

    assertThat(first).containsOnlyKeys("overview", "upmeter");
    final JsonObject overview = first.get("overview");
    assertThat(overview.fieldNames()).contains("dkp_version", "release_channel", "update_available",
        "available_dkp_version", "kubernetes_version", "nodes", "node_list", "cpu_cores", "cpu_usage_percent",
        "memory_gib", "memory_usage_percent", "root_fs_gib", "root_fs_usage_percent", "pvc_capacity_gib",
        "pvc_count", "warnings");
    assertThat(overview.getJsonObject("nodes").getInteger("masters")).isEqualTo(3);
    assertThat(overview.getJsonObject("nodes").getInteger("workers")).isPositive();
    assertThat(overview.getJsonArray("node_list")).hasSize(overview.getJsonObject("nodes").getInteger("total"));
    final int cores = overview.getJsonArray("node_list").stream()
        .mapToInt(n -> ((JsonObject) n).getInteger("cpu_cores")).sum();
    assertThat(overview.getInteger("cpu_cores")).isEqualTo(cores);
    assertThat(overview.getDouble("cpu_usage_percent")).isBetween(1.0, 99.0);
    assertThat(overview.getJsonObject("warnings").getJsonArray("firing_alerts")).isNotNull();
    for (Object row : first.get("upmeter").getJsonArray("rows")) {
      for (Object probe : ((JsonObject) row).getJsonArray("probes")) {
        assertThat(((JsonObject) probe).getString("probe")).isNotBlank();
        assertThat(((JsonObject) probe).getDouble("availability")).isBetween(0.99, 1.0);
      }
    }
  }

  @Test
  void documentsHoldWhatTheirSchemasRequire() throws Exception {
    final SimulatedCluster cluster = new SimulatedCluster("c", 11);
    for (int i = 0; i < 100; i++) {
      cluster.advance(START.plus(Duration.ofMinutes(7L * i)));
      for (Map.Entry<String, JsonObject> source : cluster.snapshot().entrySet()) {
        try (var in = getClass().getResourceAsStream("/telemetry/" + source.getKey() + ".schema.json")) {
          final JsonObject schema = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          holds(schema, source.getValue(), source.getKey());
        }
      }
    }
  }

  /** Every required field present, every declared property of the declared type family, recursively. */
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
    } else if (value instanceof JsonArray array) {
      array.forEach(item -> holds(schema.getJsonObject("items"), item, at + "[]"));
    } else if (value instanceof Number n && schema.containsKey("maximum")) {
      assertThat(n.doubleValue()).as(at).isBetween(schema.getDouble("minimum"), schema.getDouble("maximum"));
    }
  }

  @Test
  void theSameSeedIsTheSameClusterAndAnotherSeedAnother() {
    final SimulatedCluster a = new SimulatedCluster("c", 7);
    final SimulatedCluster b = new SimulatedCluster("c", 7);
    final Set<JsonObject> others = new HashSet<>();
    for (long seed = 0; seed < 20; seed++) {
      others.add(new SimulatedCluster("c", seed).advance(START).get("overview"));
    }
    for (int i = 0; i < 50; i++) {
      final Instant at = START.plusSeconds(30L * i);
      assertThat(a.advance(at)).isEqualTo(b.advance(at));
    }
    assertThat(others).hasSizeGreaterThan(10);
  }

  @Test
  void onlyChangedSourcesAreAnsweredAndUsageDrifts() {
    final SimulatedCluster cluster = new SimulatedCluster("c", 3);
    cluster.advance(START);
    assertThat(cluster.advance(START)).isEmpty();

    final List<Double> cpu = new ArrayList<>();
    int upmeterChanges = 0;
    for (int i = 1; i <= 240; i++) {
      final Map<String, JsonObject> changed = cluster.advance(START.plus(Duration.ofSeconds(30L * i)));
      assertThat(cluster.snapshot()).containsAllEntriesOf(changed);
      if (changed.containsKey("upmeter")) {
        upmeterChanges++;
      }
      cpu.add(cluster.snapshot().get("overview").getDouble("cpu_usage_percent"));
    }
    assertThat(new HashSet<>(cpu)).hasSizeGreaterThan(50);
    // Upmeter changes at most once per five-minute episode: 2 hours hold 24.
    assertThat(upmeterChanges).isLessThanOrEqualTo(24);
  }

  @Test
  void alertsFireAndLaterResolve() {
    int fired = 0;
    int resolved = 0;
    for (long seed = 0; seed < 30; seed++) {
      final SimulatedCluster cluster = new SimulatedCluster("c", seed);
      boolean firing = false;
      for (int minute = 0; minute < 24 * 60; minute += 2) {
        final JsonObject overview = cluster.advance(START.plus(Duration.ofMinutes(minute))).get("overview");
        if (overview == null) {
          continue;
        }
        final JsonArray alerts = overview.getJsonObject("warnings").getJsonArray("firing_alerts");
        if (!alerts.isEmpty() && !firing) {
          fired++;
          assertThat(alerts.getJsonObject(0).getString("alert")).isNotBlank();
        } else if (alerts.isEmpty() && firing) {
          resolved++;
        }
        firing = !alerts.isEmpty();
      }
    }
    assertThat(fired).isPositive();
    assertThat(resolved).isPositive();
  }

  @Test
  void thousandsAdvanceCheaply() {
    final List<SimulatedCluster> fleet = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      fleet.add(new SimulatedCluster("c-" + i, i));
    }
    final long started = System.nanoTime();
    for (int round = 0; round < 4; round++) {
      final Instant at = START.plusSeconds(5L * round);
      fleet.forEach(c -> c.advance(at));
    }
    // 20,000 advances; generous for a loaded 2-core machine, far from a fleet's 5 s period per round.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
  }
}
