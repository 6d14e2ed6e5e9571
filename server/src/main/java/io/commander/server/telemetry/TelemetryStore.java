package io.commander.server.telemetry;

import io.commander.server.db.JobLocks;
import io.commander.server.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * SQL for telemetry: a whole batch of reports is written by one statement (arrays unnested), so
 * the cost per report stays a few index lookups. Idempotent: a document is replaced only by a
 * newer report ({@code (sent_at, seq)} greater), and a history point only gains metrics it lacks.
 */
public final class TelemetryStore {

  private static final String WRITE = """
      WITH documents AS (
        SELECT DISTINCT ON (i.cluster_id, i.source) i.*
        FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::bigint[], $6::timestamptz[])
             AS i(cluster_id, source, data, session_id, seq, sent_at)
        JOIN clusters c ON c.id = i.cluster_id AND c.archived_at IS NULL
        ORDER BY i.cluster_id, i.source, i.sent_at DESC, i.seq DESC
      ), written AS (
        INSERT INTO cluster_agent_data AS d (cluster_id, source, data, session_id, seq, sent_at)
        SELECT cluster_id, source, data::jsonb, session_id, seq, sent_at FROM documents
        ON CONFLICT (cluster_id, source) DO UPDATE
          SET data = excluded.data, session_id = excluded.session_id, seq = excluded.seq,
              sent_at = excluded.sent_at, updated_at = now()
          WHERE (excluded.sent_at, excluded.seq) > (d.sent_at, d.seq)
        RETURNING 1
      ), points AS (
        INSERT INTO cluster_telemetry_history AS h (cluster_id, at, metrics)
        SELECT p.cluster_id, p.at, p.metrics::jsonb
        FROM unnest($7::uuid[], $8::timestamptz[], $9::text[]) AS p(cluster_id, at, metrics)
        JOIN clusters c ON c.id = p.cluster_id AND c.archived_at IS NULL
        ON CONFLICT (cluster_id, at) DO UPDATE SET metrics = excluded.metrics || h.metrics
          WHERE excluded.metrics || h.metrics <> h.metrics
        RETURNING 1
      )
      SELECT 'written' AS kind, NULL::uuid AS cluster_id, (SELECT count(*) FROM written) AS n
      UNION ALL SELECT 'points', NULL, (SELECT count(*) FROM points)
      UNION ALL SELECT CASE WHEN c.id IS NULL THEN 'unknown' ELSE 'archived' END, r.id, 0
        FROM (SELECT DISTINCT unnest($10::uuid[]) AS id) r LEFT JOIN clusters c ON c.id = r.id
        WHERE c.id IS NULL OR c.archived_at IS NOT NULL""";
  private static final String HISTORY = """
      SELECT at, (metrics ->> $2)::float8 AS value FROM cluster_telemetry_history
      WHERE cluster_id = $1 AND at >= $3 AND at < $4 AND metrics ? $2 ORDER BY at LIMIT $5""";
  private static final String PURGE = """
      DELETE FROM cluster_telemetry_history WHERE ctid = ANY(ARRAY(
        SELECT ctid FROM cluster_telemetry_history WHERE at < $1 LIMIT $2)) AND """
      + JobLocks.onlyOne(JobLocks.TELEMETRY_PURGE);

  /** What one batch changed, and the clusters whose reports it skipped. */
  public record Written(long documents, long points, Set<UUID> unknown, Set<UUID> archived) {
  }

  /**
   * Writes the reports' documents and history points ({@code interval} long, each starting at a
   * multiple of it since the epoch, at the report's {@code sent_at}).
   */
  public Future<Written> write(final SqlClient sql, final List<TelemetryReport> reports, final Duration interval) {
    final List<UUID> docCluster = new ArrayList<>();
    final List<String> docSource = new ArrayList<>();
    final List<String> docData = new ArrayList<>();
    final List<UUID> docSession = new ArrayList<>();
    final List<Long> docSeq = new ArrayList<>();
    final List<OffsetDateTime> docSent = new ArrayList<>();
    // The first value of a metric in an interval is its point: later ones in the batch do not replace it.
    final Map<UUID, Map<Instant, JsonObject>> points = new LinkedHashMap<>();
    final Set<UUID> clusters = new HashSet<>();
    for (TelemetryReport r : reports) {
      clusters.add(r.clusterId());
      final Instant at = bucket(r.sentAt(), interval);
      final JsonObject point = points.computeIfAbsent(r.clusterId(), k -> new HashMap<>())
          .computeIfAbsent(at, k -> new JsonObject());
      r.sources().forEach((source, data) -> {
        docCluster.add(r.clusterId());
        docSource.add(source.id());
        docData.add(data.encode());
        docSession.add(r.sessionId());
        docSeq.add(r.seq());
        docSent.add(r.sentAt().atOffset(ZoneOffset.UTC));
        for (HistoryMetric m : HistoryMetric.values()) {
          if (m.source() == source && !point.containsKey(m.id())) {
            m.read(data).ifPresent(v -> point.put(m.id(), v));
          }
        }
      });
    }
    final List<UUID> pointCluster = new ArrayList<>();
    final List<OffsetDateTime> pointAt = new ArrayList<>();
    final List<String> pointMetrics = new ArrayList<>();
    points.forEach((cluster, byTime) -> byTime.forEach((at, metrics) -> {
      if (!metrics.isEmpty()) {
        pointCluster.add(cluster);
        pointAt.add(at.atOffset(ZoneOffset.UTC));
        pointMetrics.add(metrics.encode());
      }
    }));
    final Tuple params = Tuple.tuple()
        .addArrayOfUUID(docCluster.toArray(UUID[]::new)).addArrayOfString(docSource.toArray(String[]::new))
        .addArrayOfString(docData.toArray(String[]::new)).addArrayOfUUID(docSession.toArray(UUID[]::new))
        .addArrayOfLong(docSeq.toArray(Long[]::new)).addArrayOfOffsetDateTime(docSent.toArray(OffsetDateTime[]::new))
        .addArrayOfUUID(pointCluster.toArray(UUID[]::new))
        .addArrayOfOffsetDateTime(pointAt.toArray(OffsetDateTime[]::new))
        .addArrayOfString(pointMetrics.toArray(String[]::new)).addArrayOfUUID(clusters.toArray(UUID[]::new));
    return sql.preparedQuery(WRITE).execute(params).map(rows -> {
      long documents = 0;
      long written = 0;
      final Set<UUID> unknown = new HashSet<>();
      final Set<UUID> archived = new HashSet<>();
      for (Row row : rows) {
        switch (row.getString("kind")) {
          case "written" -> documents = row.getLong("n");
          case "points" -> written = row.getLong("n");
          case "unknown" -> unknown.add(row.getUUID("cluster_id"));
          default -> archived.add(row.getUUID("cluster_id"));
        }
      }
      return new Written(documents, written, unknown, archived);
    });
  }

  /** A cluster's points of one metric in {@code [from, to)}, oldest first, at most {@code limit}. */
  public Future<JsonArray> history(final SqlClient sql, final UUID clusterId, final HistoryMetric metric,
                                   final OffsetDateTime from, final OffsetDateTime to, final int limit) {
    return sql.preparedQuery(HISTORY).execute(Tuple.of(clusterId, metric.id(), from, to, limit)).map(rows -> {
      final JsonArray points = new JsonArray();
      rows.forEach(row -> points.add(new JsonObject().put("at", Rows.time(row, "at"))
          .put("value", row.getDouble("value"))));
      return points;
    });
  }

  /** Deletes up to {@code limit} points older than {@code before}; answers how many it deleted. */
  public Future<Integer> purge(final SqlClient sql, final Instant before, final int limit) {
    return sql.preparedQuery(PURGE).execute(Tuple.of(before.atOffset(ZoneOffset.UTC), limit))
        .map(rows -> rows.rowCount());
  }

  static Instant bucket(final Instant at, final Duration interval) {
    final long seconds = interval.toSeconds();
    return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
  }
}
