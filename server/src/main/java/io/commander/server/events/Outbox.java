package io.commander.server.events;

import io.commander.server.db.Reused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Adds events to the transactional outbox ({@code outbox_events}) inside the caller's transaction:
 * the event is committed with the change it describes, or rolled back with it. The outbox-relay
 * role publishes what is committed, and the same statement queues the event's webhook deliveries.
 * Callers pass the connection of their transaction; data must never hold a secret (keys, tokens,
 * kubeconfigs, password values).
 */
public final class Outbox {

  // Events without a workspace take their cluster's; the order of the list is the order of the
  // sequence numbers, so one change's events are published in the order they were added.
  // The same statement queues a delivery for each webhook subscription of the event's workspace and
  // type: a committed event always reaches its subscribers, a rolled-back one never does.
  private static final String INSERT = Reused.statement("""
      WITH o AS (
          INSERT INTO outbox_events (type, subject, partition_key, workspace_id, data)
          SELECT e.type, e.subject, e.partition_key, coalesce(e.workspace_id, c.workspace_id), e.data::jsonb
          FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[], $5::uuid[], $6::text[]) WITH ORDINALITY
               AS e (type, subject, partition_key, workspace_id, cluster_id, data, n)
          LEFT JOIN clusters c ON c.id = e.cluster_id
          ORDER BY e.n
          RETURNING sequence, id, type, workspace_id)
      INSERT INTO webhook_deliveries (webhook_id, event_sequence, event_id, event_type)
      SELECT h.id, o.sequence, o.id, o.type FROM o JOIN webhooks h ON h.workspace_id = o.workspace_id
      WHERE o.type = ANY (h.event_types)""");

  private Outbox() {
  }

  /**
   * One event.
   *
   * @param subject the entity it is about (CloudEvents {@code subject})
   * @param key the Kafka key: the cluster's id for anything of a cluster, else the subject
   * @param workspaceId the workspace, or null to take the cluster's
   * @param clusterId the cluster it concerns, or null
   */
  public record Event(EventType type, UUID subject, UUID key, UUID workspaceId, UUID clusterId, JsonObject data) {

    /** An event about a cluster or something of it: keyed by the cluster, in its workspace. */
    public static Event ofCluster(final EventType type, final UUID subject, final UUID clusterId,
                                  final JsonObject data) {
      return new Event(type, subject, clusterId, null, clusterId, data);
    }

    /** An event about a workspace object that belongs to no cluster: keyed by itself. */
    public static Event of(final EventType type, final UUID subject, final UUID workspaceId, final JsonObject data) {
      return new Event(type, subject, subject, workspaceId, null, data);
    }
  }

  /**
   * Adds events in the caller's transaction, in one statement.
   *
   * @param tx the connection of the transaction the change runs in
   * @return a future that completes when the rows are written; it fails with the database's error,
   *     which should roll the transaction back
   */
  public static Future<Void> add(final SqlClient tx, final List<Event> events) {
    if (events.isEmpty()) {
      return Future.succeededFuture();
    }
    final int n = events.size();
    final String[] types = new String[n];
    final UUID[] subjects = new UUID[n];
    final UUID[] keys = new UUID[n];
    final UUID[] workspaces = new UUID[n];
    final UUID[] clusters = new UUID[n];
    final String[] data = new String[n];
    for (int i = 0; i < n; i++) {
      final Event e = events.get(i);
      types[i] = e.type().type();
      subjects[i] = e.subject();
      keys[i] = e.key();
      workspaces[i] = e.workspaceId();
      clusters[i] = e.clusterId();
      data[i] = e.data().encode();
    }
    return tx.preparedQuery(INSERT).execute(Tuple.tuple().addArrayOfString(types).addArrayOfUUID(subjects)
        .addArrayOfUUID(keys).addArrayOfUUID(workspaces).addArrayOfUUID(clusters).addArrayOfString(data)).mapEmpty();
  }

  /** Adds one event in the caller's transaction; see {@link #add(SqlClient, List)}. */
  public static Future<Void> add(final SqlClient tx, final Event event) {
    return add(tx, List.of(event));
  }
}
