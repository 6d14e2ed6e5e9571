package io.commander.server.clusters;

import io.commander.server.api.ApiException;
import io.commander.server.db.Listing;
import io.commander.server.db.Rows;
import io.commander.server.api.Page;
import io.commander.server.provisioners.Plan;
import io.commander.server.events.Events;
import io.commander.server.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * SQL for change requests: destructive plans waiting for a person's approval. The cluster
 * manager asks for one when a change's plan destroys something, and proceeds once the same change
 * set (same SHA-256) is approved.
 */
public final class ChangeRequestStore {

  private static final String COLUMNS = """
      SELECT r.id, r.cluster_id, c.workspace_id, w.slug AS workspace_slug, r.task_id, r.revision, r.changes,
             r.destructive, r.change_set_sha256, r.status, r.approved_by, r.approved_at, r.completed_at,
             r.created_at, r.updated_at
      FROM cluster_change_requests r JOIN clusters c ON c.id = r.cluster_id JOIN workspaces w ON w.id = c.workspace_id""";
  private static final String FIND = COLUMNS + " WHERE r.id = $1";
  private static final String LOCK = FIND + " FOR UPDATE OF r";
  private static final String FILTER = " WHERE c.workspace_id = $1 AND ($2::uuid IS NULL OR r.cluster_id = $2)";
  private static final String LIST = COLUMNS + FILTER + " ORDER BY r.created_at DESC, r.id LIMIT $3 OFFSET $4";
  private static final String COUNT = """
      SELECT count(*) FROM cluster_change_requests r JOIN clusters c ON c.id = r.cluster_id""" + FILTER;
  private static final String SUPERSEDE = """
      UPDATE cluster_change_requests SET status = 'superseded', updated_at = now()
      WHERE cluster_id = $1 AND status IN ('pending', 'approved')""";
  private static final String INSERT = """
      INSERT INTO cluster_change_requests (cluster_id, task_id, revision, changes, destructive, change_set_sha256)
      VALUES ($1, $2, $3, $4, $5, $6) RETURNING id""";
  private static final String APPROVED = """
      SELECT id FROM cluster_change_requests
      WHERE cluster_id = $1 AND revision = $2 AND change_set_sha256 = $3 AND status = 'approved'""";
  private static final String APPROVE = """
      UPDATE cluster_change_requests SET status = 'approved', approved_by = $2, approved_at = now(), updated_at = now()
      WHERE id = $1""";
  private static final String COMPLETE = """
      UPDATE cluster_change_requests SET status = 'completed', completed_at = now(), updated_at = now()
      WHERE id = $1""";

  /** A change request row: what the service needs, and its JSON. */
  public record RequestRow(UUID id, UUID clusterId, UUID workspaceId, String workspaceSlug, int revision,
                           String sha256, String status, JsonObject json) {
  }

  /** The SHA-256 (hex) of a destructive change set, in the order the plan lists it. */
  public static String sha256(final List<String> destructive) {
    try {
      final MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(new JsonArray(destructive).encode()
          .getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Asks for approval of a destructive plan; an older open request of the cluster is superseded. */
  public Future<UUID> request(final SqlClient tx, final UUID clusterId, final UUID taskId, final int revision,
                              final Plan plan) {
    return tx.preparedQuery(SUPERSEDE).execute(Tuple.of(clusterId))
        .compose(v -> tx.preparedQuery(INSERT).execute(Tuple.of(clusterId, taskId, revision,
            new JsonArray(plan.changes()), new JsonArray(plan.destructive()), sha256(plan.destructive()))))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .compose(id -> Outbox.add(tx, Events.changeRequestCreated(id, clusterId, taskId, revision,
            sha256(plan.destructive()), plan.destructive())).map(id));
  }

  /** The approved request for exactly this change set of this revision, if a person approved it. */
  public Future<Optional<UUID>> approved(final SqlClient sql, final UUID clusterId, final int revision,
                                         final Plan plan) {
    return sql.preparedQuery(APPROVED).execute(Tuple.of(clusterId, revision, sha256(plan.destructive())))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID("id"))
            : Optional.empty());
  }

  /** Open requests are void once the cluster's inputs change: the plan they showed is no longer the plan. */
  public Future<Void> supersede(final SqlClient tx, final UUID clusterId) {
    return tx.preparedQuery(SUPERSEDE).execute(Tuple.of(clusterId)).mapEmpty();
  }

  public Future<Void> approve(final SqlClient tx, final UUID id, final String by) {
    return tx.preparedQuery(APPROVE).execute(Tuple.of(id, by)).mapEmpty();
  }

  public Future<Void> complete(final SqlClient tx, final UUID id) {
    return tx.preparedQuery(COMPLETE).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<RequestRow> find(final SqlClient sql, final UUID id, final boolean lock) {
    return sql.preparedQuery(lock ? LOCK : FIND).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("cluster change request " + id);
      }
      return request(rows.iterator().next());
    });
  }

  public Future<Listing<JsonObject>> list(final SqlClient sql, final UUID workspaceId, final Optional<UUID> clusterId,
                                          final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {workspaceId, clusterId.orElse(null)}, page,
        row -> request(row).json());
  }

  private static RequestRow request(final Row row) {
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("cluster_id", Rows.id(row, "cluster_id"))
        .put("task_id", Rows.id(row, "task_id"))
        .put("revision", row.getInteger("revision"))
        .put("changes", Rows.array(row, "changes"))
        .put("destructive_changes", Rows.array(row, "destructive"))
        .put("change_set_sha256", row.getString("change_set_sha256"))
        .put("status", row.getString("status"))
        .put("approved_by", row.getString("approved_by"))
        .put("approved_at", Rows.time(row, "approved_at"))
        .put("completed_at", Rows.time(row, "completed_at"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"));
    return new RequestRow(row.getUUID("id"), row.getUUID("cluster_id"), row.getUUID("workspace_id"),
        row.getString("workspace_slug"), row.getInteger("revision"), row.getString("change_set_sha256"),
        row.getString("status"), json);
  }
}
