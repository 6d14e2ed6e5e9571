package io.commander.server.bindings;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for workspace role bindings. */
public final class RoleBindingStore {

  private static final String INSERT = """
      WITH b AS (INSERT INTO workspace_role_bindings (workspace_id, user_id, role) VALUES ($1, $2, $3) RETURNING *)
      SELECT""" + " " + RoleBinding.COLUMNS + " FROM b JOIN workspaces w ON w.id = b.workspace_id";
  private static final String FIND = "SELECT " + RoleBinding.COLUMNS + RoleBinding.FROM + " WHERE b.id = $1";
  // $1: visible workspaces (NULL = all), $2: one workspace (NULL = any)
  private static final String FILTER = RoleBinding.FROM
      + " WHERE ($1::uuid[] IS NULL OR b.workspace_id = ANY($1)) AND ($2::uuid IS NULL OR b.workspace_id = $2)";
  private static final String LIST = "SELECT " + RoleBinding.COLUMNS + FILTER
      + " ORDER BY w.slug, b.created_at, b.id LIMIT $3 OFFSET $4";
  private static final String COUNT = "SELECT count(*)" + FILTER;
  private static final String UPDATE = """
      WITH b AS (UPDATE workspace_role_bindings SET role = $2, updated_at = now() WHERE id = $1 RETURNING *)
      SELECT""" + " " + RoleBinding.COLUMNS + " FROM b JOIN workspaces w ON w.id = b.workspace_id";
  private static final String DELETE = "DELETE FROM workspace_role_bindings WHERE id = $1";

  public Future<RoleBinding> insert(final SqlClient sql, final UUID workspaceId, final UUID userId, final String role) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(workspaceId, userId, role))
        .map(rows -> RoleBinding.from(rows.iterator().next()))
        .recover(PgErrors.onConstraint("workspace_role_bindings_user_key", () -> ApiException.conflict("binding_exists",
            "the user already has a role in this workspace; change that binding instead")))
        .recover(PgErrors.onConstraint("workspace_role_bindings_user_id_fkey", () -> ApiException.notFound("user " + userId)));
  }

  public Future<Optional<RoleBinding>> find(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(RoleBinding.from(rows.iterator().next())) : Optional.empty());
  }

  public Future<Listing<RoleBinding>> list(final SqlClient sql, final Optional<Set<UUID>> visible,
                                           final UUID workspaceId, final Page page) {
    final UUID[] ids = visible.map(s -> s.toArray(UUID[]::new)).orElse(null);
    return Listing.of(sql, COUNT, LIST, new Object[] {ids, workspaceId}, page, RoleBinding::from);
  }

  public Future<RoleBinding> updateRole(final SqlClient sql, final UUID id, final String role) {
    return sql.preparedQuery(UPDATE).execute(Tuple.of(id, role)).map(rows -> RoleBinding.from(rows.iterator().next()));
  }

  public Future<Void> delete(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }
}
