package io.commander.server.telemetry;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiException;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@code /clusters/{id}/telemetry/history}: a cluster's history of one metric, for charts; viewers read it. */
public final class TelemetryEndpoint implements ApiEndpoint.Operations {

  /** The range asked for when none is: the last day. */
  private static final Duration DEFAULT_RANGE = Duration.ofDays(1);
  /** The longest range one request may ask for. */
  static final Duration MAX_RANGE = Duration.ofDays(31);
  /** Points one answer holds at most (31 days of one-minute points fit). */
  private static final int MAX_POINTS = 50_000;

  private final Pool pool;
  private final TelemetryStore store;
  private final Scopes scopes;
  private final Duration interval;
  private final Clock clock;

  public TelemetryEndpoint(final Pool pool, final TelemetryStore store, final Scopes scopes, final Duration interval,
                           final Clock clock) {
    this.pool = pool;
    this.store = store;
    this.scopes = scopes;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry.add("getClusterTelemetryHistory",
        Policy.of(Access.READ, scopes.workspaceObject(Scopes.Owned.CLUSTER)), this::history);
  }

  private Future<ApiResponse> history(final ApiRequest request) {
    final String name = request.query("metric").orElse("");
    final HistoryMetric metric = HistoryMetric.of(name).orElseThrow(() -> ApiException.badRequest("unknown_metric",
        "no metric '" + name + "'; charted metrics: " + Arrays.stream(HistoryMetric.values()).map(HistoryMetric::id)
            .collect(Collectors.joining(", "))));
    final OffsetDateTime to = request.queryTime("to").orElseGet(() -> OffsetDateTime.now(clock));
    final OffsetDateTime from = request.queryTime("from").orElseGet(() -> to.minus(DEFAULT_RANGE));
    if (!from.isBefore(to)) {
      throw ApiException.badRequest("invalid_time_range", "from must be before to");
    }
    if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
      throw ApiException.badRequest("invalid_time_range", "a range spans at most " + MAX_RANGE.toDays() + " days");
    }
    final UUID clusterId = request.pathId("id");
    return store.history(pool, clusterId, metric, from, to, MAX_POINTS).map(points -> ApiResponse.ok(new JsonObject()
        .put("cluster_id", clusterId.toString())
        .put("metric", metric.id())
        .put("source", metric.source().id())
        .put("from", from.withOffsetSameInstant(ZoneOffset.UTC).toString())
        .put("to", to.withOffsetSameInstant(ZoneOffset.UTC).toString())
        .put("interval_seconds", interval.toSeconds())
        .put("points", points)));
  }
}
