package io.commander.server.workspaces;

import io.commander.server.audit.AuditLog;
import io.commander.server.db.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** A workspace: everything else lives inside one. */
public record Workspace(UUID id, String name, String slug, int currentRevision, JsonObject json) {

  static final String COLUMNS = "id, name, slug, current_revision, created_at, updated_at, archived_at, archive_number";

  static Workspace from(final Row row) {
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("name", row.getString("name"))
        .put("slug", row.getString("slug"))
        .put("current_revision", row.getInteger("current_revision"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("archived_at", Rows.time(row, "archived_at"))
        .put("archive_number", Rows.archiveNumber(row));
    return new Workspace(row.getUUID("id"), row.getString("name"), row.getString("slug"),
        row.getInteger("current_revision"), json);
  }

  /** What audit records compare: the fields a person changes. */
  JsonObject audited() {
    return new JsonObject().put("name", name).put("slug", slug);
  }

  public AuditLog.WorkspaceRef ref() {
    return new AuditLog.WorkspaceRef(id, slug);
  }
}
