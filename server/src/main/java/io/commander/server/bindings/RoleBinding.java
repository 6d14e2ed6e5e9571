package io.commander.server.bindings;

import io.commander.server.db.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** A user's role in a workspace. */
public record RoleBinding(UUID id, UUID workspaceId, String workspaceSlug, UUID userId, String role, JsonObject json) {

  static final String COLUMNS = "b.id, b.workspace_id, w.slug AS workspace_slug, b.user_id, b.role, b.created_at, "
      + "b.updated_at";
  static final String FROM = " FROM workspace_role_bindings b JOIN workspaces w ON w.id = b.workspace_id";

  static RoleBinding from(final Row row) {
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("workspace_id", Rows.id(row, "workspace_id"))
        .put("user_id", Rows.id(row, "user_id"))
        .put("role", row.getString("role"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"));
    return new RoleBinding(row.getUUID("id"), row.getUUID("workspace_id"), row.getString("workspace_slug"),
        row.getUUID("user_id"), row.getString("role"), json);
  }

  JsonObject audited() {
    return new JsonObject().put("workspace_id", workspaceId.toString()).put("user_id", userId.toString())
        .put("role", role);
  }
}
