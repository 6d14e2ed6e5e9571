package io.commander.server.telemetry;

import io.commander.server.Database;
import io.commander.server.api.ApiFixture;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A measurement, not a test (surefire runs it only when named): how long the ingest's batch write
 * takes for a fleet of 10,000 clusters each reporting its overview, in batches of 2,000, four rounds.
 * {@code ./mvnw -q -o -pl server -am test -Dtest=TelemetryWriteBench -Dsurefire.failIfNoSpecifiedTests=false},
 * then the {@code telemetry write} lines of its surefire output.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
class TelemetryWriteBench {

  private static final int CLUSTERS = 10_000;
  private static final int BATCH = 2_000;

  @Test
  void measure(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) throws Exception {
    try (ApiFixture api = ApiFixture.start(db, kafka, state)) {
      final UUID ws = api.workspace("m");
      // 10,000 clusters straight into the table (the API would render each).
      api.queryOne("INSERT INTO clusters (id, workspace_id, name, provisioner, status, values, sync_mode, check_interval_seconds, current_revision, desired_revision, ssh_public_key, ssh_private_key_encrypted) "
          + "SELECT gen_random_uuid(), ?, 'c' || g, 'simulated', 'in_sync', '{}', 'auto', 900, 1, 1, 'k', 'k' FROM generate_series(1, " + CLUSTERS + ") g RETURNING 1", ws);
      final List<UUID> ids = new ArrayList<>();
      for (String s : api.queryOne("SELECT string_agg(id::text, ',') FROM clusters WHERE workspace_id = ?", ws).split(",")) {
        ids.add(UUID.fromString(s));
      }
      final Pool pool = PgBuilder.pool().connectingTo(Database.connectOptions(api.config().db())).using(api.vertx()).build();
      final TelemetryStore store = new TelemetryStore();
      final JsonObject overview = new JsonObject("{\"dkp_version\":\"1.69.4\",\"release_channel\":\"Stable\",\"update_available\":false,\"kubernetes_version\":\"1.30.8\",\"nodes\":{\"total\":6,\"masters\":3,\"workers\":3,\"ready\":6},\"cpu_cores\":32,\"cpu_usage_percent\":33.3,\"memory_gib\":128.0,\"memory_usage_percent\":40.1,\"root_fs_gib\":600.0,\"root_fs_usage_percent\":20.0,\"pvc_capacity_gib\":300.0,\"pvc_count\":9,\"warnings\":{\"firing_alerts\":[]}}");
      final UUID session = UUID.randomUUID();
      for (int round = 0; round < 4; round++) {
        final Instant t = Instant.now().plusSeconds(30L * round);
        final long started = System.nanoTime();
        for (int b = 0; b < ids.size(); b += BATCH) {
          final List<TelemetryReport> batch = new ArrayList<>();
          for (UUID id : ids.subList(b, b + BATCH)) {
            batch.add(new TelemetryReport(id, session, round, t, t, Map.of(HistoryMetric.Source.OVERVIEW,
                overview.copy().put("cpu_usage_percent", 10.0 + round))));
          }
          store.write(pool, batch, Duration.ofMinutes(5)).await(120, TimeUnit.SECONDS);
        }
        System.out.println("telemetry write, round " + round + ": " + CLUSTERS + " reports in "
            + (System.nanoTime() - started) / 1_000_000 + " ms");
      }
    }
  }
}
