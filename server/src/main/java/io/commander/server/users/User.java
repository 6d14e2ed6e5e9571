package io.commander.server.users;

import io.commander.server.db.Rows;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** A user as the API shows it: never the password hash. */
public record User(UUID id, String email, String name, String globalRole, boolean disabled, boolean archived,
                   JsonObject json) {

  static final String COLUMNS = "id, email, name, global_role, disabled, last_login_at, created_at, updated_at, "
      + "archived_at";

  static User from(final Row row) {
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("email", row.getString("email"))
        .put("name", row.getString("name"))
        .put("global_role", row.getString("global_role"))
        .put("disabled", row.getBoolean("disabled"))
        .put("last_login_at", Rows.time(row, "last_login_at"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("archived_at", Rows.time(row, "archived_at"));
    return new User(row.getUUID("id"), row.getString("email"), row.getString("name"), row.getString("global_role"),
        row.getBoolean("disabled"), row.getOffsetDateTime("archived_at") != null, json);
  }

  JsonObject audited() {
    return new JsonObject().put("email", email).put("name", name).put("global_role", globalRole)
        .put("disabled", disabled);
  }

  boolean activeAdmin() {
    return "admin".equals(globalRole) && !disabled && !archived;
  }
}
