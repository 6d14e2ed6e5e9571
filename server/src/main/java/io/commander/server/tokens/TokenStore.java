package io.commander.server.tokens;

import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** SQL for API tokens. */
public final class TokenStore {

  private static final String INSERT = """
      INSERT INTO auth_tokens (name, scope, workspace_id, read_only, token_hash, token_prefix, created_by_user_id,
                               expires_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING """ + " " + AuthToken.COLUMNS;
  private static final String FIND_BY_HASH = "SELECT " + AuthToken.COLUMNS + " FROM auth_tokens WHERE token_hash = $1";
  private static final String FIND = "SELECT " + AuthToken.COLUMNS + " FROM auth_tokens WHERE id = $1 FOR UPDATE";
  // $1: the workspace, or NULL for global tokens
  private static final String FILTER = " FROM auth_tokens WHERE workspace_id IS NOT DISTINCT FROM $1";
  private static final String LIST = "SELECT " + AuthToken.COLUMNS + FILTER + " ORDER BY created_at DESC, id LIMIT $2 OFFSET $3";
  private static final String COUNT = "SELECT count(*)" + FILTER;
  private static final String REVOKE = "UPDATE auth_tokens SET revoked_at = now(), updated_at = now() WHERE id = $1 "
      + "RETURNING " + AuthToken.COLUMNS;
  // At most one write a minute per token, however busy it is.
  private static final String TOUCH = """
      UPDATE auth_tokens SET last_used_at = now()
      WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')""";

  public Future<AuthToken> insert(final SqlClient sql, final String name, final UUID workspaceId, final boolean readOnly,
                                  final String hash, final String prefix, final UUID createdBy,
                                  final OffsetDateTime expiresAt) {
    return sql.preparedQuery(INSERT)
        .execute(Tuple.from(new Object[] {name, workspaceId == null ? "global" : "workspace", workspaceId, readOnly,
            hash, prefix, createdBy, expiresAt}))
        .map(rows -> AuthToken.from(rows.iterator().next()));
  }

  public Future<Optional<AuthToken>> findByHash(final SqlClient sql, final String hash) {
    return sql.preparedQuery(FIND_BY_HASH).execute(Tuple.of(hash))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(AuthToken.from(rows.iterator().next())) : Optional.empty());
  }

  /** Reads and locks a token. */
  public Future<Optional<AuthToken>> lock(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(AuthToken.from(rows.iterator().next())) : Optional.empty());
  }

  public Future<Listing<AuthToken>> list(final SqlClient sql, final UUID workspaceId, final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {workspaceId}, page, AuthToken::from);
  }

  public Future<AuthToken> revoke(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(REVOKE).execute(Tuple.of(id)).map(rows -> AuthToken.from(rows.iterator().next()));
  }

  public Future<Void> touch(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(TOUCH).execute(Tuple.of(id)).mapEmpty();
  }
}
