package io.commander.server.connector;

import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** SQL for kubeconfig tokens. */
final class KubeconfigTokenStore {

  /** A kubeconfig token as stored: never its secret. */
  record Stored(UUID id, UUID userId, UUID clusterId, UUID workspaceId, OffsetDateTime expiresAt,
                OffsetDateTime revokedAt, JsonObject json) {

    static Stored from(final Row row) {
      final JsonObject json = new JsonObject()
          .put("id", Rows.id(row, "id"))
          .put("cluster_id", Rows.id(row, "cluster_id"))
          .put("user_id", Rows.id(row, "user_id"))
          .put("user_email", row.getString("email"))
          .put("token_prefix", row.getString("token_prefix"))
          .put("expires_at", Rows.time(row, "expires_at"))
          .put("last_used_at", Rows.time(row, "last_used_at"))
          .put("revoked_at", Rows.time(row, "revoked_at"))
          .put("created_at", Rows.time(row, "created_at"));
      return new Stored(row.getUUID("id"), row.getUUID("user_id"), row.getUUID("cluster_id"),
          row.getUUID("workspace_id"), row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("revoked_at"), json);
    }

    JsonObject audited() {
      return new JsonObject().put("user_id", userId.toString()).put("expires_at", json.getString("expires_at"))
          .put("revoked_at", json.getString("revoked_at"));
    }
  }

  private static final String COLUMNS = "t.id, t.user_id, t.cluster_id, t.workspace_id, u.email, t.token_prefix, "
      + "t.expires_at, t.last_used_at, t.revoked_at, t.created_at";
  private static final String INSERT = """
      WITH t AS (
        INSERT INTO kubeconfig_tokens (user_id, cluster_id, workspace_id, token_hash, token_prefix, expires_at)
        SELECT $1, c.id, c.workspace_id, $3, $4, $5 FROM clusters c WHERE c.id = $2 AND c.archived_at IS NULL
        RETURNING *)
      SELECT """ + " " + COLUMNS + " FROM t JOIN users u ON u.id = t.user_id";
  private static final String FIND_BY_HASH = "SELECT " + COLUMNS
      + " FROM kubeconfig_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1";
  private static final String LOCK = "SELECT " + COLUMNS
      + " FROM kubeconfig_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1 AND t.cluster_id = $2 FOR UPDATE OF t";
  // $1 the cluster, $2 one user's tokens or NULL for everyone's; tokens still usable only.
  private static final String FILTER = " FROM kubeconfig_tokens t JOIN users u ON u.id = t.user_id "
      + "WHERE t.cluster_id = $1 AND ($2::uuid IS NULL OR t.user_id = $2) AND t.revoked_at IS NULL "
      + "AND t.expires_at > now()";
  private static final String LIST = "SELECT " + COLUMNS + FILTER + " ORDER BY t.created_at DESC, t.id LIMIT $3 OFFSET $4";
  private static final String COUNT = "SELECT count(*)" + FILTER;
  private static final String REVOKE = """
      WITH t AS (UPDATE kubeconfig_tokens SET revoked_at = now() WHERE id = $1 RETURNING *)
      SELECT """ + " " + COLUMNS + " FROM t JOIN users u ON u.id = t.user_id";
  // At most one write a minute per token, however busy kubectl is.
  private static final String TOUCH = """
      UPDATE kubeconfig_tokens SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""";

  /** Empty when the cluster does not exist (or is archived). */
  Future<Optional<Stored>> insert(final SqlClient sql, final UUID userId, final UUID clusterId, final String hash,
                                  final String prefix, final OffsetDateTime expiresAt) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(userId, clusterId, hash, prefix, expiresAt)).map(KubeconfigTokenStore::first);
  }

  Future<Optional<Stored>> findByHash(final SqlClient sql, final String hash) {
    return sql.preparedQuery(FIND_BY_HASH).execute(Tuple.of(hash)).map(KubeconfigTokenStore::first);
  }

  Future<Optional<Stored>> lock(final SqlClient sql, final UUID id, final UUID clusterId) {
    return sql.preparedQuery(LOCK).execute(Tuple.of(id, clusterId)).map(KubeconfigTokenStore::first);
  }

  Future<Listing<Stored>> list(final SqlClient sql, final UUID clusterId, final UUID userId, final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {clusterId, userId}, page, Stored::from);
  }

  Future<Stored> revoke(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(REVOKE).execute(Tuple.of(id)).map(rows -> Stored.from(rows.iterator().next()));
  }

  Future<Void> touch(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(TOUCH).execute(Tuple.of(id)).mapEmpty();
  }

  private static Optional<Stored> first(final io.vertx.sqlclient.RowSet<Row> rows) {
    return rows.iterator().hasNext() ? Optional.of(Stored.from(rows.iterator().next())) : Optional.empty();
  }
}
