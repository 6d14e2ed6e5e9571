package io.commander.server.inventory;

import io.commander.server.audit.AuditLog;
import io.commander.server.db.Rows;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** An inventory catalog: a schema, and the records that follow it. */
public record Catalog(UUID id, UUID workspaceId, String workspaceSlug, String slug, String usage, JsonArray params,
                      int currentRevision, boolean archived, JsonObject json) {

  static final String COLUMNS = "c.id, c.workspace_id, w.slug AS workspace_slug, c.name, c.slug, c.usage, c.params, "
      + "c.current_revision, c.created_at, c.updated_at, c.archived_at, c.archive_number, "
      + "(SELECT count(*) FROM records r WHERE r.catalog_id = c.id AND r.archived_at IS NULL) AS records_count";
  static final String FROM = " FROM catalogs c JOIN workspaces w ON w.id = c.workspace_id";

  static Catalog from(final Row row) {
    final Object raw = row.getValue("params");
    final JsonArray params = Rows.array(raw);
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("workspace_id", Rows.id(row, "workspace_id"))
        .put("name", row.getString("name"))
        .put("slug", row.getString("slug"))
        .put("usage", row.getString("usage"))
        .put("params", params)
        .put("records_count", row.getLong("records_count"))
        .put("current_revision", row.getInteger("current_revision"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("archived_at", Rows.time(row, "archived_at"))
        .put("archive_number", Rows.archiveNumber(row));
    return new Catalog(row.getUUID("id"), row.getUUID("workspace_id"), row.getString("workspace_slug"),
        row.getString("slug"), row.getString("usage"), params, row.getInteger("current_revision"),
        row.getOffsetDateTime("archived_at") != null, json);
  }

  JsonObject audited() {
    return new JsonObject().put("name", json.getString("name")).put("slug", slug).put("usage", usage)
        .put("params", params);
  }

  AuditLog.WorkspaceRef workspace() {
    return new AuditLog.WorkspaceRef(workspaceId, workspaceSlug);
  }
}
