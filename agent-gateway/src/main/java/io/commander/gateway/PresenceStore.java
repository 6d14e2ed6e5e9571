package io.commander.gateway;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Writes the presence of a gateway's sessions to {@code cluster_agents}, all of them in one statement,
 * with the {@code agent.connected} / {@code agent.disconnected} events of the rows whose state flips
 * (the outbox, {@code outbox_events}, published by the server's outbox-relay role).
 */
final class PresenceStore {

  // A session only overwrites the row of its own session or of an older one, so a late flush of a
  // replaced session on another gateway cannot hide the newer one. Rows of deleted clusters drop out.
  // The same statement (one transaction) writes the outbox events of the rows whose state flips: a
  // new session is agent.connected, a session's first disconnect agent.disconnected. prev reads the
  // rows as they were before the statement (every part of it sees the same snapshot). Rows are written
  // in cluster order, as the apply reports lock them, so two batches touching the same rows (the hellos'
  // and the periodic flush) wait for each other instead of deadlocking.
  private static final String UPSERT = """
      WITH u AS (
          SELECT u.cluster_id, u.session_id, u.agent_version, u.connected_at, u.last_seen_at, u.disconnected_at
          FROM unnest($1::uuid[], $2::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::timestamptz[])
               AS u (cluster_id, session_id, agent_version, connected_at, last_seen_at, disconnected_at)
          JOIN clusters c ON c.id = u.cluster_id),
      prev AS (
          SELECT a.cluster_id, a.session_id, a.disconnected_at FROM cluster_agents a JOIN u ON u.cluster_id = a.cluster_id),
      written AS (
          INSERT INTO cluster_agents (cluster_id, session_id, gateway_id, agent_version, connected_at, last_seen_at,
                                      offline_at, disconnected_at)
          SELECT u.cluster_id, u.session_id, $3, u.agent_version, u.connected_at, u.last_seen_at,
                 u.last_seen_at + make_interval(secs => $8), u.disconnected_at
          FROM u ORDER BY u.cluster_id
          ON CONFLICT (cluster_id) DO UPDATE SET
              session_id = EXCLUDED.session_id, gateway_id = EXCLUDED.gateway_id,
              agent_version = EXCLUDED.agent_version, connected_at = EXCLUDED.connected_at,
              last_seen_at = EXCLUDED.last_seen_at, offline_at = EXCLUDED.offline_at,
              disconnected_at = EXCLUDED.disconnected_at
          WHERE cluster_agents.session_id = EXCLUDED.session_id OR cluster_agents.connected_at <= EXCLUDED.connected_at
          RETURNING cluster_id, session_id, agent_version, connected_at, disconnected_at),
      flipped AS (
          SELECT w.*, 1 AS n, 'io.commander.agent.connected' AS type, w.connected_at AS at
          FROM written w LEFT JOIN prev p ON p.cluster_id = w.cluster_id
          WHERE p.session_id IS DISTINCT FROM w.session_id
          UNION ALL
          SELECT w.*, 2 AS n, 'io.commander.agent.disconnected' AS type, w.disconnected_at AS at
          FROM written w LEFT JOIN prev p ON p.cluster_id = w.cluster_id
          WHERE w.disconnected_at IS NOT NULL AND (p.session_id IS DISTINCT FROM w.session_id OR p.disconnected_at IS NULL))
      INSERT INTO outbox_events (type, subject, partition_key, workspace_id, data)
      SELECT f.type, f.cluster_id, f.cluster_id, c.workspace_id, jsonb_build_object(
                 'cluster_id', f.cluster_id::text, 'session_id', f.session_id::text, 'agent_version', f.agent_version,
                 'gateway_id', $3::text, 'at', to_char(f.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
      FROM flipped f JOIN clusters c ON c.id = f.cluster_id
      ORDER BY f.cluster_id, f.n
      """;

  private final Pool pool;
  private final String gatewayId;
  private final long offlineAfterSeconds;

  PresenceStore(final Pool pool, final String gatewayId, final java.time.Duration offlineAfter) {
    this.pool = pool;
    this.gatewayId = gatewayId;
    this.offlineAfterSeconds = offlineAfter.toSeconds();
  }

  private static boolean newer(final AgentSession.Presence b, final AgentSession.Presence a) {
    final int connected = b.connectedAt().compareTo(a.connectedAt());
    return connected != 0 ? connected > 0 : b.sessionId().equals(a.sessionId()) && b.disconnectedAt() != null;
  }

  Future<Void> write(final Collection<AgentSession.Presence> batch) {
    if (batch.isEmpty()) {
      return Future.succeededFuture();
    }
    // One row per cluster, or the upsert fails whole ("cannot affect row a second time"): a batch may
    // hold a session that ended and its cluster's newer one. The newest session wins, and of one
    // session the later state (ended over live).
    final Map<UUID, AgentSession.Presence> byCluster = new HashMap<>();
    for (AgentSession.Presence p : batch) {
      byCluster.merge(p.clusterId(), p, (a, b) -> newer(b, a) ? b : a);
    }
    final Collection<AgentSession.Presence> sessions = byCluster.values();
    final int n = sessions.size();
    final UUID[] clusters = new UUID[n];
    final UUID[] ids = new UUID[n];
    final String[] versions = new String[n];
    final OffsetDateTime[] connected = new OffsetDateTime[n];
    final OffsetDateTime[] seen = new OffsetDateTime[n];
    final OffsetDateTime[] disconnected = new OffsetDateTime[n];
    int i = 0;
    for (AgentSession.Presence p : sessions) {
      clusters[i] = p.clusterId();
      ids[i] = p.sessionId();
      versions[i] = p.agentVersion();
      connected[i] = p.connectedAt().atOffset(ZoneOffset.UTC);
      seen[i] = p.lastSeenAt().atOffset(ZoneOffset.UTC);
      disconnected[i] = p.disconnectedAt() == null ? null : p.disconnectedAt().atOffset(ZoneOffset.UTC);
      i++;
    }
    return pool.preparedQuery(UPSERT)
        .execute(Tuple.of(clusters, ids, gatewayId, versions, connected, seen).addValue(disconnected)
            .addValue((double) offlineAfterSeconds))
        .mapEmpty();
  }
}
