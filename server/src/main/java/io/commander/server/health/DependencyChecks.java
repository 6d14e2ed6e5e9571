package io.commander.server.health;

import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.sqlclient.Pool;
import java.time.Duration;

/**
 * Readiness checks of what every Commander process depends on. A check that does not answer
 * within the configured timeout counts as down, so a hung dependency cannot hang the probe.
 */
public final class DependencyChecks {

  public static final String POSTGRES = "postgres";
  public static final String KAFKA = "kafka";

  private DependencyChecks() {
  }

  /** Registers the PostgreSQL and Kafka checks. */
  public static void register(final HealthChecks checks, final Pool pool, final KafkaAdminClient kafka,
                              final Duration timeout) {
    checks.register(POSTGRES, timeout.toMillis(), promise -> checkPostgres(pool, promise));
    checks.register(KAFKA, timeout.toMillis(), promise -> checkKafka(kafka, promise));
  }

  private static void checkPostgres(final Pool pool, final Promise<Status> promise) {
    pool.query("SELECT 1").execute()
        .onSuccess(rows -> promise.tryComplete(Status.OK()))
        .onFailure(e -> promise.tryComplete(down(e)));
  }

  private static void checkKafka(final KafkaAdminClient kafka, final Promise<Status> promise) {
    kafka.describeCluster()
        .onSuccess(cluster -> promise.tryComplete(cluster.getNodes().isEmpty()
            ? Status.KO(new JsonObject().put("error", "no broker available"))
            : Status.OK(new JsonObject().put("brokers", cluster.getNodes().size()))))
        .onFailure(e -> promise.tryComplete(down(e)));
  }

  private static Status down(final Throwable e) {
    return Status.KO(new JsonObject().put("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
  }
}
