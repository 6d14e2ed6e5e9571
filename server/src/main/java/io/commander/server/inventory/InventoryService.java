package io.commander.server.inventory;

import io.commander.renderer.params.ParamProblem;
import io.commander.renderer.params.ParamSchema;
import io.commander.renderer.params.ParamValidator;
import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.api.ParamErrors;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.db.Listing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Inventory: catalogs (a schema in Commander's format, shared or exclusive usage, an immutable
 * slug) and their records, validated against the schema. A catalog's schema cannot change while
 * clusters use its records; a record a cluster holds cannot be deleted.
 */
public final class InventoryService {

  static final String CATALOG = "Catalog";
  static final String RECORD = "Record";

  private final Pool pool;
  private final InventoryStore store;
  private final AuditLog audit;

  public InventoryService(final Pool pool, final InventoryStore store, final AuditLog audit) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
  }

  /** A catalog as written: name, slug, usage and schema. */
  public record CatalogWrite(String name, String slug, String usage, JsonArray params, Optional<Integer> expectedRevision) {
  }

  // ---- catalogs

  /** @return the catalog; fails with 400 naming each problem of the schema, 409 {@code slug_taken} */
  public Future<Catalog> createCatalog(final Actor actor, final UUID workspaceId, final CatalogWrite write) {
    return Future.succeededFuture(write.params()).map(params -> schema(params, "/params"))
        .compose(schema -> audit.transaction(actor, (conn, trail) -> insertCatalog(conn, workspaceId, write)
            .compose(catalog -> trail.record(catalog.workspace(), CATALOG, catalog.id(), "create",
                Changes.created(catalog.audited())).map(catalog))));
  }

  public Future<Catalog> catalog(final UUID workspaceId, final UUID id) {
    return store.catalog(pool, id).map(c -> mine(c.workspaceId(), workspaceId, c, "catalog " + id));
  }

  public Future<Listing<Catalog>> catalogs(final UUID workspaceId, final boolean withoutArchived, final Page page) {
    return store.catalogs(pool, workspaceId, withoutArchived, page);
  }

  /** Renames a catalog or changes its schema; slug and usage never change. */
  public Future<Catalog> updateCatalog(final Actor actor, final UUID workspaceId, final UUID id, final CatalogWrite write) {
    return Future.succeededFuture(write.params()).map(params -> schema(params, "/params"))
        .compose(schema -> audit.transaction(actor, (conn, trail) -> store.lockCatalog(conn, id).compose(before -> {
      mine(before.workspaceId(), workspaceId, before, "catalog " + id);
      if (!before.slug().equals(write.slug())) {
        return Future.failedFuture(ApiException.badRequest("slug_immutable",
            "the slug of a catalog cannot change (it is '" + before.slug() + "')"));
      }
      if (!before.usage().equals(write.usage())) {
        return Future.failedFuture(ApiException.badRequest("usage_immutable",
            "the usage of a catalog is chosen at creation (it is " + before.usage() + ")"));
      }
      if (write.expectedRevision().isPresent() && write.expectedRevision().get() != before.currentRevision()) {
        return Future.failedFuture(ApiException.conflict("stale_revision", "the catalog is at revision "
            + before.currentRevision() + ", not " + write.expectedRevision().get() + "; read it again"));
      }
      final Future<Void> allowed = before.params().equals(write.params()) ? Future.succeededFuture()
          : store.recordsInUse(conn, id).compose(used -> used
              ? Future.failedFuture(ApiException.conflict("catalog_in_use",
                  "clusters use records of this catalog: its schema cannot change until they no longer do"))
              : Future.<Void>succeededFuture());
      return allowed.compose(v -> store.updateCatalog(conn, id, write.name().strip(), write.params()))
          .compose(v -> store.catalog(conn, id))
          .compose(after -> trail.record(after.workspace(), CATALOG, id, "update",
              Changes.diff(before.audited(), after.audited())).map(after));
    })));
  }

  /** Deletes a catalog with its records, or archives it when clusters use its records. */
  public Future<Void> deleteCatalog(final Actor actor, final UUID workspaceId, final UUID id) {
    return audit.transaction(actor, (conn, trail) -> store.lockCatalog(conn, id).compose(before -> {
      mine(before.workspaceId(), workspaceId, before, "catalog " + id);
      return store.recordsInUse(conn, id).compose(used -> (used ? store.archiveCatalog(conn, before)
              : store.deleteCatalog(conn, id))
          .compose(v -> trail.record(before.workspace(), CATALOG, id, used ? "archive" : "delete",
              Changes.deleted(before.audited()))));
    }));
  }

  /**
   * Imports a catalog with its records. Into a catalog that already has the slug, records are
   * appended without validation (each marked whether it matches the schema) and the schema stays.
   */
  public Future<Catalog> importCatalog(final Actor actor, final UUID workspaceId, final CatalogWrite write,
                                       final List<JsonObject> records) {
    return audit.transaction(actor, (conn, trail) -> store.lockBySlug(conn, workspaceId, write.slug())
        .compose(existing -> {
          if (existing.isPresent()) {
            final ParamSchema schema = ParamSchema.parse(existing.get().params().getList()).schema().orElse(null);
            return appendRecords(conn, trail, existing.get(), records, schema, false).map(existing.get());
          }
          final ParamSchema schema = schema(write.params(), "/params");
          return insertCatalog(conn, workspaceId, write)
              .compose(catalog -> trail.record(catalog.workspace(), CATALOG, catalog.id(), "import",
                  Changes.created(catalog.audited())).map(catalog))
              .compose(catalog -> appendRecords(conn, trail, catalog, records, schema, true).map(catalog));
        })
        .compose(catalog -> store.catalog(conn, catalog.id())));
  }

  // ---- records

  public Future<InventoryRecord> createRecord(final Actor actor, final UUID workspaceId, final UUID catalogId,
                                              final JsonObject values) {
    return audit.transaction(actor, (conn, trail) -> store.lockCatalog(conn, catalogId).compose(catalog -> {
      mine(catalog.workspaceId(), workspaceId, catalog, "catalog " + catalogId);
      final ParamSchema schema = schema(catalog.params(), "/params");
      final JsonObject valid = validRecord(schema, values, "/values");
      return unique(conn, schema, catalogId, null, valid, "/values")
          .compose(v -> store.insertRecord(conn, catalogId, valid, true))
          .compose(record -> trail.record(catalog.workspace(), RECORD, record.id(), "create",
              Changes.created(record.audited())).map(record));
    }));
  }

  public Future<InventoryRecord> record(final UUID workspaceId, final UUID id) {
    return store.record(pool, id).compose(r -> store.catalog(pool, r.catalogId())
        .map(c -> mine(c.workspaceId(), workspaceId, r, "record " + id)));
  }

  public Future<Listing<InventoryRecord>> records(final UUID workspaceId, final UUID catalogId,
                                                  final boolean withoutArchived, final Page page) {
    return store.records(pool, workspaceId, catalogId, withoutArchived, page);
  }

  /**
   * Replaces a record's values; immutable fields keep the value they had.
   *
   * @param catalogId the record's catalog when the caller names it: a record never moves to another
   */
  public Future<InventoryRecord> updateRecord(final Actor actor, final UUID workspaceId, final UUID id,
                                              final Optional<UUID> catalogId, final JsonObject values,
                                              final Optional<Integer> expectedRevision) {
    return audit.transaction(actor, (conn, trail) -> store.lockRecord(conn, id).compose(before ->
        store.lockCatalog(conn, before.catalogId()).compose(catalog -> {
          mine(catalog.workspaceId(), workspaceId, catalog, "record " + id);
          if (catalogId.isPresent() && !catalogId.get().equals(before.catalogId())) {
            return Future.failedFuture(ApiException.invalidField("/catalog_id",
                "a record stays in its catalog (" + before.catalogId() + ")"));
          }
          if (expectedRevision.isPresent() && expectedRevision.get() != before.currentRevision()) {
            return Future.failedFuture(ApiException.conflict("stale_revision", "the record is at revision "
                + before.currentRevision() + ", not " + expectedRevision.get() + "; read it again"));
          }
          final ParamSchema schema = schema(catalog.params(), "/params");
          final JsonObject valid = validRecord(schema, values, "/values");
          final List<ParamProblem> immutable = ParamValidator.validateChange(schema, before.values().getMap(),
              valid.getMap());
          if (!immutable.isEmpty()) {
            return Future.failedFuture(ParamErrors.invalid(immutable, "/values"));
          }
          return unique(conn, schema, catalog.id(), id, valid, "/values")
              .compose(v -> store.updateRecord(conn, id, valid))
              .compose(after -> trail.record(catalog.workspace(), RECORD, id, "update",
                  Changes.diff(before.audited(), after.audited())).map(after));
        })));
  }

  /** Deletes a record; 409 {@code record_in_use} while a cluster holds or names it. */
  public Future<Void> deleteRecord(final Actor actor, final UUID workspaceId, final UUID id) {
    return audit.transaction(actor, (conn, trail) -> store.lockRecord(conn, id).compose(before ->
        store.catalog(conn, before.catalogId()).compose(catalog -> {
          mine(catalog.workspaceId(), workspaceId, catalog, "record " + id);
          if (before.clusterId() != null) {
            return Future.failedFuture(ApiException.conflict("record_in_use",
                "the cluster " + before.clusterId() + " holds this record; release it first"));
          }
          return store.referenced(conn, id).compose(used -> used
              ? Future.failedFuture(ApiException.conflict("record_in_use", "clusters use this record"))
              : store.deleteRecord(conn, id)
                  .compose(v -> trail.record(catalog.workspace(), RECORD, id, "delete",
                      Changes.deleted(before.audited()))));
        })));
  }

  // ---- helpers

  private Future<Catalog> insertCatalog(final SqlConnection conn, final UUID workspaceId, final CatalogWrite write) {
    return store.insertCatalog(conn, workspaceId, write.name().strip(), write.slug(), write.usage(), write.params())
        .compose(id -> store.catalog(conn, id));
  }

  private Future<Void> appendRecords(final SqlConnection conn, final AuditLog.Trail trail, final Catalog catalog,
                                     final List<JsonObject> records, final ParamSchema schema, final boolean validate) {
    // Every record is checked before the first insert: a refusal midway would otherwise leave the
    // inserts already sent running on the connection after the rollback, their audit records committed.
    final List<JsonObject> stored = new java.util.ArrayList<>();
    final List<Boolean> matches = new java.util.ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      final JsonObject values = records.get(i);
      matches.add(schema != null && ParamValidator.validate(schema, values.getMap(), Set.of()).valid());
      stored.add(validate ? validRecord(schema, values, "/resources/" + i + "/values") : values);
    }
    Future<Void> chain = Future.succeededFuture();
    for (int i = 0; i < stored.size(); i++) {
      final JsonObject values = stored.get(i);
      final boolean match = matches.get(i);
      chain = chain.compose(v -> store.insertRecord(conn, catalog.id(), values, match))
          .compose(record -> trail.record(catalog.workspace(), RECORD, record.id(), "import",
              Changes.created(record.audited())));
    }
    return chain;
  }

  /** Values of a new or changed record that must be unique in the catalog must be. */
  private Future<Void> unique(final SqlConnection conn, final ParamSchema schema, final UUID catalogId, final UUID self,
                              final JsonObject values, final String at) {
    final List<String> keys = ParamValidator.uniqueKeys(schema);
    if (keys.isEmpty()) {
      return Future.succeededFuture();
    }
    return store.otherValues(conn, catalogId, self).compose(others -> {
      for (String key : keys) {
        final Object mine = values.getValue(key);
        if (mine != null && others.stream().anyMatch(o -> mine.equals(o.getValue(key)))) {
          return Future.failedFuture(new ApiException(409, "not_unique", "Conflict",
              at + "/" + key + ": another record of this catalog has this value",
              List.of(new ApiException.FieldError(at + "/" + key, "must be unique in the catalog"))));
        }
      }
      return Future.succeededFuture();
    });
  }

  private static ParamSchema schema(final JsonArray params, final String at) {
    final ParamSchema.Parsed parsed = ParamSchema.parse(params.getList());
    if (parsed.schema().isEmpty()) {
      throw ParamErrors.invalid(parsed.problems(), at);
    }
    return parsed.schema().get();
  }

  private static JsonObject validRecord(final ParamSchema schema, final JsonObject values, final String at) {
    final ParamValidator.Result result = ParamValidator.validate(schema, values.getMap(), Set.of());
    if (!result.valid()) {
      throw ParamErrors.invalid(result.problems(), at);
    }
    return new JsonObject(new java.util.LinkedHashMap<>(result.values()));
  }

  private static <T> T mine(final UUID actual, final UUID expected, final T object, final String what) {
    if (!actual.equals(expected)) {
      throw ApiException.notFound(what);
    }
    return object;
  }
}
