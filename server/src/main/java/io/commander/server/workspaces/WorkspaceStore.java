package io.commander.server.workspaces;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** SQL for workspaces. Methods take the client so callers choose the transaction. */
public final class WorkspaceStore {

  private static final String INSERT = "INSERT INTO workspaces (name, slug) VALUES ($1, $2) RETURNING "
      + Workspace.COLUMNS;
  private static final String FIND = "SELECT " + Workspace.COLUMNS + " FROM workspaces WHERE id = $1";
  private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
  private static final String FIND_BY_SLUG = "SELECT " + Workspace.COLUMNS + " FROM workspaces WHERE slug = $1";
  // $1: visible ids (NULL = all), $2: without archived
  private static final String FILTER = " FROM workspaces WHERE ($1::uuid[] IS NULL OR id = ANY($1)) "
      + "AND (NOT $2 OR archived_at IS NULL)";
  private static final String LIST = "SELECT " + Workspace.COLUMNS + FILTER + " ORDER BY name, id LIMIT $3 OFFSET $4";
  private static final String COUNT = "SELECT count(*)" + FILTER;
  private static final String RENAME = "UPDATE workspaces SET name = $2, current_revision = current_revision + 1, "
      + "updated_at = now() WHERE id = $1 RETURNING " + Workspace.COLUMNS;
  private static final String HAS_CLUSTERS = "SELECT EXISTS (SELECT 1 FROM clusters WHERE workspace_id = $1)";
  private static final String DELETE = "DELETE FROM workspaces WHERE id = $1";

  public Future<Workspace> insert(final SqlClient sql, final String name, final String slug) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(name, slug))
        .map(rows -> Workspace.from(rows.iterator().next()))
        .recover(PgErrors.onConstraint("workspaces_slug_key",
            () -> ApiException.conflict("slug_taken", "a workspace with slug '" + slug + "' exists")));
  }

  public Future<Optional<Workspace>> find(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> first(rows.iterator()));
  }

  public Future<Optional<Workspace>> findBySlug(final SqlClient sql, final String slug) {
    return sql.preparedQuery(FIND_BY_SLUG).execute(Tuple.of(slug)).map(rows -> first(rows.iterator()));
  }

  /** Reads and locks the row for the rest of the transaction. */
  public Future<Workspace> lock(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND_FOR_UPDATE).execute(Tuple.of(id))
        .map(rows -> first(rows.iterator()).orElseThrow(() -> ApiException.notFound("workspace " + id)));
  }

  public Future<Listing<Workspace>> list(final SqlClient sql, final Optional<Set<UUID>> visible,
                                         final boolean withoutArchived, final Page page) {
    final UUID[] ids = visible.map(s -> s.toArray(UUID[]::new)).orElse(null);
    return Listing.of(sql, COUNT, LIST, new Object[] {ids, withoutArchived}, page, Workspace::from);
  }

  public Future<Workspace> rename(final SqlClient sql, final UUID id, final String name) {
    return sql.preparedQuery(RENAME).execute(Tuple.of(id, name)).map(rows -> Workspace.from(rows.iterator().next()));
  }

  public Future<Boolean> hasClusters(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(HAS_CLUSTERS).execute(Tuple.of(id)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Void> delete(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(id)).<Void>mapEmpty()
        .recover(PgErrors.onState(PgErrors.FOREIGN_KEY_VIOLATION, () -> ApiException.conflict("workspace_not_empty",
            "the workspace still holds cluster templates, catalogs or registries; remove them first")));
  }

  private static Optional<Workspace> first(final java.util.Iterator<Row> rows) {
    return rows.hasNext() ? Optional.of(Workspace.from(rows.next())) : Optional.empty();
  }
}
