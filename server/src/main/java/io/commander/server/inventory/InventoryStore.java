package io.commander.server.inventory;

import io.commander.server.db.Rows;
import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for catalogs and their records. */
public final class InventoryStore {

  private static final String INSERT_CATALOG = """
      INSERT INTO catalogs (workspace_id, name, slug, usage, params) VALUES ($1, $2, $3, $4, $5) RETURNING id""";
  private static final String FIND_CATALOG = "SELECT " + Catalog.COLUMNS + Catalog.FROM + " WHERE c.id = $1";
  private static final String LOCK_CATALOG = FIND_CATALOG + " FOR UPDATE OF c";
  private static final String FIND_BY_SLUG = "SELECT " + Catalog.COLUMNS + Catalog.FROM
      + " WHERE c.workspace_id = $1 AND c.slug = $2 AND c.archived_at IS NULL FOR UPDATE OF c";
  private static final String CATALOG_FILTER = Catalog.FROM + " WHERE c.workspace_id = $1 AND (NOT $2 OR c.archived_at IS NULL)";
  private static final String LIST_CATALOGS = "SELECT " + Catalog.COLUMNS + CATALOG_FILTER
      + " ORDER BY c.name, c.id LIMIT $3 OFFSET $4";
  private static final String COUNT_CATALOGS = "SELECT count(*)" + CATALOG_FILTER;
  private static final String UPDATE_CATALOG = """
      UPDATE catalogs SET name = $2, params = $3, current_revision = current_revision + 1, updated_at = now()
      WHERE id = $1""";
  // A record is in use when a cluster holds it (exclusive) or a live cluster's values name it (shared).
  private static final String RECORDS_IN_USE = """
      SELECT EXISTS (SELECT 1 FROM records r WHERE r.catalog_id = $1 AND (r.cluster_id IS NOT NULL OR EXISTS (
        SELECT 1 FROM clusters k WHERE k.archived_at IS NULL AND k.values::text LIKE '%' || r.id::text || '%')))""";
  private static final String DELETE_CATALOG = "DELETE FROM catalogs WHERE id = $1";
  private static final String DELETE_RECORDS = "DELETE FROM records WHERE catalog_id = $1";
  private static final String ARCHIVE_CATALOG = """
      UPDATE catalogs SET archived_at = now(), updated_at = now(),
             archive_number = (SELECT coalesce(max(archive_number), 0) + 1 FROM catalogs
                               WHERE workspace_id = $2 AND slug = $3)
      WHERE id = $1""";

  private static final String INSERT_RECORD = "INSERT INTO records (catalog_id, values, schema_matches) "
      + "VALUES ($1, $2, $3) RETURNING " + InventoryRecord.COLUMNS.replace("r.", "");
  private static final String FIND_RECORD = "SELECT " + InventoryRecord.COLUMNS + " FROM records r WHERE r.id = $1";
  private static final String LOCK_RECORD = FIND_RECORD + " FOR UPDATE";
  private static final String RECORD_FILTER = " FROM records r JOIN catalogs c ON c.id = r.catalog_id "
      + "WHERE c.workspace_id = $1 AND ($2::uuid IS NULL OR r.catalog_id = $2) AND (NOT $3 OR r.archived_at IS NULL)";
  private static final String LIST_RECORDS = "SELECT " + InventoryRecord.COLUMNS + RECORD_FILTER
      + " ORDER BY r.created_at, r.id LIMIT $4 OFFSET $5";
  private static final String COUNT_RECORDS = "SELECT count(*)" + RECORD_FILTER;
  private static final String CATALOG_VALUES = """
      SELECT id, values FROM records WHERE catalog_id = $1 AND archived_at IS NULL AND id IS DISTINCT FROM $2""";
  private static final String UPDATE_RECORD = "UPDATE records SET values = $2, schema_matches = true, "
      + "current_revision = current_revision + 1, updated_at = now() WHERE id = $1 RETURNING "
      + InventoryRecord.COLUMNS.replace("r.", "");
  private static final String RECORD_REFERENCED = """
      SELECT EXISTS (SELECT 1 FROM clusters k WHERE k.archived_at IS NULL AND k.values::text LIKE '%' || $1 || '%')""";
  private static final String DELETE_RECORD = "DELETE FROM records WHERE id = $1";

  // ---- catalogs

  public Future<UUID> insertCatalog(final SqlClient sql, final UUID workspaceId, final String name, final String slug,
                                    final String usage, final JsonArray params) {
    return sql.preparedQuery(INSERT_CATALOG).execute(Tuple.of(workspaceId, name, slug, usage, params))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .recover(PgErrors.onConstraint("catalogs_slug_key",
            () -> ApiException.conflict("slug_taken", "a catalog with slug '" + slug + "' exists in this workspace")));
  }

  public Future<Catalog> catalog(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND_CATALOG).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("catalog " + id);
      }
      return Catalog.from(rows.iterator().next());
    });
  }

  public Future<Catalog> lockCatalog(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(LOCK_CATALOG).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("catalog " + id);
      }
      return Catalog.from(rows.iterator().next());
    });
  }

  public Future<Optional<Catalog>> lockBySlug(final SqlClient sql, final UUID workspaceId, final String slug) {
    return sql.preparedQuery(FIND_BY_SLUG).execute(Tuple.of(workspaceId, slug)).map(rows -> rows.iterator().hasNext()
        ? Optional.of(Catalog.from(rows.iterator().next())) : Optional.empty());
  }

  public Future<Listing<Catalog>> catalogs(final SqlClient sql, final UUID workspaceId, final boolean withoutArchived,
                                           final Page page) {
    return Listing.of(sql, COUNT_CATALOGS, LIST_CATALOGS, new Object[] {workspaceId, withoutArchived}, page,
        Catalog::from);
  }

  public Future<Void> updateCatalog(final SqlClient sql, final UUID id, final String name, final JsonArray params) {
    return sql.preparedQuery(UPDATE_CATALOG).execute(Tuple.of(id, name, params)).mapEmpty();
  }

  public Future<Boolean> recordsInUse(final SqlClient sql, final UUID catalogId) {
    return sql.preparedQuery(RECORDS_IN_USE).execute(Tuple.of(catalogId)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Void> deleteCatalog(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DELETE_RECORDS).execute(Tuple.of(id))
        .compose(v -> sql.preparedQuery(DELETE_CATALOG).execute(Tuple.of(id))).mapEmpty();
  }

  public Future<Void> archiveCatalog(final SqlClient sql, final Catalog catalog) {
    return sql.preparedQuery(ARCHIVE_CATALOG).execute(Tuple.of(catalog.id(), catalog.workspaceId(), catalog.slug()))
        .mapEmpty();
  }

  // ---- records

  public Future<InventoryRecord> insertRecord(final SqlClient sql, final UUID catalogId, final JsonObject values,
                                              final boolean schemaMatches) {
    return sql.preparedQuery(INSERT_RECORD).execute(Tuple.of(catalogId, values, schemaMatches))
        .map(rows -> InventoryRecord.from(rows.iterator().next()));
  }

  public Future<InventoryRecord> lockRecord(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(LOCK_RECORD).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("record " + id);
      }
      return InventoryRecord.from(rows.iterator().next());
    });
  }

  public Future<InventoryRecord> record(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND_RECORD).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("record " + id);
      }
      return InventoryRecord.from(rows.iterator().next());
    });
  }

  public Future<Listing<InventoryRecord>> records(final SqlClient sql, final UUID workspaceId, final UUID catalogId,
                                                  final boolean withoutArchived, final Page page) {
    return Listing.of(sql, COUNT_RECORDS, LIST_RECORDS, new Object[] {workspaceId, catalogId, withoutArchived}, page,
        InventoryRecord::from);
  }

  /** The values of a catalog's other live records, for uniqueness checks. */
  public Future<List<JsonObject>> otherValues(final SqlClient sql, final UUID catalogId, final UUID except) {
    return sql.preparedQuery(CATALOG_VALUES).execute(Tuple.of(catalogId, except)).map(rows -> {
      final List<JsonObject> out = new java.util.ArrayList<>();
      rows.forEach(r -> {
        final Object raw = r.getValue("values");
        out.add(Rows.object(raw));
      });
      return out;
    });
  }

  public Future<InventoryRecord> updateRecord(final SqlClient sql, final UUID id, final JsonObject values) {
    return sql.preparedQuery(UPDATE_RECORD).execute(Tuple.of(id, values))
        .map(rows -> InventoryRecord.from(rows.iterator().next()));
  }

  public Future<Boolean> referenced(final SqlClient sql, final UUID recordId) {
    return sql.preparedQuery(RECORD_REFERENCED).execute(Tuple.of(recordId.toString()))
        .map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Void> deleteRecord(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DELETE_RECORD).execute(Tuple.of(id)).mapEmpty();
  }
}
