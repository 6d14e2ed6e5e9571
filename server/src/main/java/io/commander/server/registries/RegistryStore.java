package io.commander.server.registries;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** SQL for registries. */
public final class RegistryStore {

  private static final String INSERT = """
      WITH r AS (INSERT INTO registries (workspace_id, name, images_repo, scheme, dev_branch, ca_certificate,
                                         auth_encrypted)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *)
      SELECT""" + " " + Registry.COLUMNS + " FROM r JOIN workspaces w ON w.id = r.workspace_id";
  private static final String LOCK = "SELECT " + Registry.COLUMNS + Registry.FROM + " WHERE r.id = $1 FOR UPDATE OF r";
  private static final String FIND = "SELECT " + Registry.COLUMNS + Registry.FROM + " WHERE r.id = $1";
  private static final String FILTER = Registry.FROM + " WHERE r.workspace_id = $1 AND (NOT $2 OR r.archived_at IS NULL)";
  private static final String LIST = "SELECT " + Registry.COLUMNS + FILTER + " ORDER BY r.name, r.id LIMIT $3 OFFSET $4";
  private static final String COUNT = "SELECT count(*)" + FILTER;
  private static final String UPDATE = """
      WITH r AS (UPDATE registries SET name = $2, images_repo = $3, scheme = $4, dev_branch = $5, ca_certificate = $6,
                                       auth_encrypted = $7, current_revision = current_revision + 1, updated_at = now()
                 WHERE id = $1 RETURNING *)
      SELECT""" + " " + Registry.COLUMNS + " FROM r JOIN workspaces w ON w.id = r.workspace_id";
  private static final String IN_USE = "SELECT EXISTS (SELECT 1 FROM clusters WHERE registry_id = $1)";
  private static final String DELETE = "DELETE FROM registries WHERE id = $1";
  // The next archive number keeps (name, archive_number) distinct among archived registries of the workspace.
  private static final String ARCHIVE = """
      UPDATE registries SET archived_at = now(), updated_at = now(),
             archive_number = (SELECT coalesce(max(archive_number), 0) + 1 FROM registries
                               WHERE workspace_id = $2 AND name = $3)
      WHERE id = $1""";

  /** The settings a registry is written with. */
  public record Settings(String name, String imagesRepo, String scheme, String devBranch, String caCertificate,
                         String authEncrypted) {
  }

  public Future<Registry> insert(final SqlClient sql, final UUID workspaceId, final Settings s) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(new Object[] {workspaceId, s.name(), s.imagesRepo(), s.scheme(),
            s.devBranch(), s.caCertificate(), s.authEncrypted()}))
        .map(rows -> Registry.from(rows.iterator().next()))
        .recover(PgErrors.onConstraint("registries_name_key", () -> nameTaken(s.name())));
  }

  public Future<Registry> lock(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(LOCK).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("registry " + id);
      }
      return Registry.from(rows.iterator().next());
    });
  }

  public Future<Registry> get(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("registry " + id);
      }
      return Registry.from(rows.iterator().next());
    });
  }

  public Future<Listing<Registry>> list(final SqlClient sql, final UUID workspaceId, final boolean withoutArchived,
                                        final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {workspaceId, withoutArchived}, page, Registry::from);
  }

  public Future<Registry> update(final SqlClient sql, final UUID id, final Settings s) {
    return sql.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {id, s.name(), s.imagesRepo(), s.scheme(),
            s.devBranch(), s.caCertificate(), s.authEncrypted()}))
        .map(rows -> Registry.from(rows.iterator().next()))
        .recover(PgErrors.onConstraint("registries_name_key", () -> nameTaken(s.name())));
  }

  public Future<Boolean> inUse(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(IN_USE).execute(Tuple.of(id)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Void> delete(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> archive(final SqlClient sql, final UUID id, final UUID workspaceId, final String name) {
    return sql.preparedQuery(ARCHIVE).execute(Tuple.of(id, workspaceId, name)).mapEmpty();
  }

  private static ApiException nameTaken(final String name) {
    return ApiException.conflict("name_taken", "a registry named '" + name + "' exists in this workspace");
  }
}
