package io.commander.server.registries;

import io.commander.server.db.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** A container registry holding DKP releases and the installer: its credentials are never answered. */
public record Registry(UUID id, UUID workspaceId, String workspaceSlug, int currentRevision, boolean archived,
                       String authEncrypted, JsonObject json) {

  static final String COLUMNS = "r.id, r.workspace_id, w.slug AS workspace_slug, r.name, r.images_repo, r.scheme, "
      + "r.dev_branch, r.ca_certificate, r.auth_encrypted, r.current_revision, r.created_at, r.updated_at, "
      + "r.archived_at, r.archive_number";
  static final String FROM = " FROM registries r JOIN workspaces w ON w.id = r.workspace_id";

  static Registry from(final Row row) {
    final String auth = row.getString("auth_encrypted");
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("workspace_id", Rows.id(row, "workspace_id"))
        .put("name", row.getString("name"))
        .put("images_repo", row.getString("images_repo"))
        .put("scheme", row.getString("scheme"))
        .put("dev_branch", row.getString("dev_branch"))
        .put("ca_certificate", row.getString("ca_certificate"))
        .put("has_auth", auth != null)
        .put("current_revision", row.getInteger("current_revision"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("archived_at", Rows.time(row, "archived_at"))
        .put("archive_number", Rows.archiveNumber(row));
    return new Registry(row.getUUID("id"), row.getUUID("workspace_id"), row.getString("workspace_slug"),
        row.getInteger("current_revision"), row.getOffsetDateTime("archived_at") != null, auth, json);
  }

  /** What audit records compare; the credentials only as "changed", never their value. */
  JsonObject audited() {
    return new JsonObject().put("name", json.getString("name")).put("images_repo", json.getString("images_repo"))
        .put("scheme", json.getString("scheme")).put("dev_branch", json.getString("dev_branch"))
        .put("ca_certificate", json.getString("ca_certificate")).put("auth", authEncrypted);
  }
}
