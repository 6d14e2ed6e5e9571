package io.commander.server.audit;

import io.commander.server.api.Page;
import io.commander.server.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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

  public record Listing(List<JsonObject> items, long total) {
  }

  public Future<Listing> list(final SqlClient sql, final Filter f, final Page page) {
    final Object[] args = {f.workspaceId(), f.entityType(), f.entityId(), f.actorId(), f.since(), f.until()};
    final Future<Long> total = sql.preparedQuery(COUNT).execute(Tuple.from(args))
        .map(rows -> rows.iterator().next().getLong(0));
    final Object[] paged = java.util.Arrays.copyOf(args, args.length + 2);
    paged[args.length] = page.limit();
    paged[args.length + 1] = page.offset();
    final Future<List<JsonObject>> items = sql.preparedQuery(LIST).execute(Tuple.from(paged)).map(rows -> {
      final List<JsonObject> out = new ArrayList<>();
      rows.forEach(r -> out.add(json(r)));
      return out;
    });
    return Future.all(total, items).map(v -> new Listing(items.result(), total.result()));
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
        .put("changes", changes instanceof JsonObject o ? o : new JsonObject(String.valueOf(changes)));
  }
}
