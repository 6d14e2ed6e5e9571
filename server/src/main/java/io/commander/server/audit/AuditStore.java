package io.commander.server.audit;

import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Queries over the audit log. */
public final class AuditStore {

  private static final String COLUMNS = "id, at, actor_type, actor_id, actor_name, remote_address, request_id, "
      + "workspace_id, workspace_slug, entity_type, entity_id, action, changes";
  private static final String FILTER = """
       FROM audit_log
      WHERE ($1::uuid IS NULL OR workspace_id = $1)
        AND ($2::text IS NULL OR entity_type = $2)
        AND ($3::uuid IS NULL OR entity_id = $3)
        AND ($4::uuid IS NULL OR actor_id = $4)
        AND ($5::timestamptz IS NULL OR at >= $5)
        AND ($6::timestamptz IS NULL OR at < $6)""";
  private static final String LIST = "SELECT " + COLUMNS + FILTER + " ORDER BY at DESC, id LIMIT $7 OFFSET $8";
  private static final String COUNT = "SELECT count(*)" + FILTER;

  /** Filters; null means any. */
  public record Filter(UUID workspaceId, String entityType, UUID entityId, UUID actorId, OffsetDateTime since,
                       OffsetDateTime until) {
  }

  public Future<Listing<JsonObject>> list(final SqlClient sql, final Filter f, final Page page) {
    return Listing.of(sql, COUNT, LIST,
        new Object[] {f.workspaceId(), f.entityType(), f.entityId(), f.actorId(), f.since(), f.until()}, page,
        AuditStore::json);
  }

  private static JsonObject json(final Row row) {
    final Object changes = row.getValue("changes");
    return new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("at", Rows.time(row, "at"))
        .put("actor_type", row.getString("actor_type"))
        .put("actor_id", Rows.id(row, "actor_id"))
        .put("actor_name", row.getString("actor_name"))
        .put("remote_address", row.getString("remote_address"))
        .put("request_id", row.getString("request_id"))
        .put("workspace_id", Rows.id(row, "workspace_id"))
        .put("workspace_slug", row.getString("workspace_slug"))
        .put("entity_type", row.getString("entity_type"))
        .put("entity_id", Rows.id(row, "entity_id"))
        .put("action", row.getString("action"))
        .put("changes", Rows.object(changes));
  }
}
