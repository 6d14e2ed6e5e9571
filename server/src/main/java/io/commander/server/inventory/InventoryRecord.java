package io.commander.server.inventory;

import io.commander.server.db.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** A record of a catalog: values that follow the catalog's schema, held by a cluster when exclusive. */
public record InventoryRecord(UUID id, UUID catalogId, UUID clusterId, JsonObject values, int currentRevision,
                              JsonObject json) {

  static final String COLUMNS = "r.id, r.catalog_id, r.cluster_id, r.values, r.schema_matches, r.current_revision, "
      + "r.created_at, r.updated_at, r.archived_at, r.archive_number";

  static InventoryRecord from(final Row row) {
    final Object raw = row.getValue("values");
    final JsonObject values = Rows.object(raw);
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("catalog_id", Rows.id(row, "catalog_id"))
        .put("cluster_id", Rows.id(row, "cluster_id"))
        .put("values", values)
        .put("schema_matches", row.getBoolean("schema_matches"))
        .put("current_revision", row.getInteger("current_revision"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("archived_at", Rows.time(row, "archived_at"))
        .put("archive_number", Rows.archiveNumber(row));
    return new InventoryRecord(row.getUUID("id"), row.getUUID("catalog_id"), row.getUUID("cluster_id"), values,
        row.getInteger("current_revision"), json);
  }

  JsonObject audited() {
    return new JsonObject().put("values", values).put("cluster_id", json.getString("cluster_id"));
  }
}
