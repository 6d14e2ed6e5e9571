package io.commander.server.tokens;

import io.commander.server.db.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An API token as stored: never its secret. */
public record AuthToken(UUID id, String name, UUID workspaceId, boolean readOnly, OffsetDateTime expiresAt,
                        OffsetDateTime revokedAt, JsonObject json) {

  static final String COLUMNS = "id, name, scope, workspace_id, read_only, token_prefix, expires_at, last_used_at, "
      + "revoked_at, created_at";

  static AuthToken from(final Row row) {
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("name", row.getString("name"))
        .put("scope", row.getString("scope"))
        .put("workspace_id", Rows.id(row, "workspace_id"))
        .put("read_only", row.getBoolean("read_only"))
        .put("token_prefix", row.getString("token_prefix"))
        .put("expires_at", Rows.time(row, "expires_at"))
        .put("last_used_at", Rows.time(row, "last_used_at"))
        .put("revoked_at", Rows.time(row, "revoked_at"))
        .put("created_at", Rows.time(row, "created_at"));
    return new AuthToken(row.getUUID("id"), row.getString("name"), row.getUUID("workspace_id"),
        row.getBoolean("read_only"), row.getOffsetDateTime("expires_at"), row.getOffsetDateTime("revoked_at"), json);
  }

  JsonObject audited() {
    return new JsonObject().put("name", name).put("scope", workspaceId == null ? "global" : "workspace")
        .put("workspace_id", workspaceId == null ? null : workspaceId.toString()).put("read_only", readOnly)
        .put("expires_at", json.getString("expires_at")).put("revoked_at", json.getString("revoked_at"));
  }
}
