package io.commander.server.webhooks;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/** SQL for webhook subscriptions and their delivery log. */
public final class WebhookStore {

  private static final String COLUMNS = """
      h.id, h.workspace_id, w.slug AS workspace_slug, h.url, h.event_types, h.created_by, h.created_at""";
  private static final String INSERT = """
      WITH h AS (INSERT INTO webhooks (workspace_id, url, event_types, secret_encrypted, created_by)
                 VALUES ($1, $2, $3, $4, $5) RETURNING *)
      SELECT""" + " " + COLUMNS + " FROM h JOIN workspaces w ON w.id = h.workspace_id";
  private static final String FROM = " FROM webhooks h JOIN workspaces w ON w.id = h.workspace_id";
  private static final String FIND = "SELECT " + COLUMNS + FROM + " WHERE h.id = $1";
  private static final String LIST = "SELECT " + COLUMNS + FROM
      + " WHERE h.workspace_id = $1 ORDER BY h.created_at DESC, h.id LIMIT $2 OFFSET $3";
  private static final String COUNT = "SELECT count(*) FROM webhooks WHERE workspace_id = $1";
  private static final String DELETE = "DELETE FROM webhooks WHERE id = $1";
  private static final String DELIVERIES = """
      SELECT id, webhook_id, event_id, event_type, state, attempts, tries, next_attempt_at, created_at, finished_at
      FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY created_at DESC, event_sequence DESC LIMIT $2 OFFSET $3""";
  private static final String DELIVERY_COUNT = "SELECT count(*) FROM webhook_deliveries WHERE webhook_id = $1";

  /** A subscription as stored, without its secret. */
  public record Webhook(UUID id, UUID workspaceId, String workspaceSlug, JsonObject json) {

    static Webhook from(final Row row) {
      return new Webhook(row.getUUID("id"), row.getUUID("workspace_id"), row.getString("workspace_slug"),
          new JsonObject()
              .put("id", row.getUUID("id").toString())
              .put("workspace_id", row.getUUID("workspace_id").toString())
              .put("url", row.getString("url"))
              .put("event_types", new JsonArray(List.of(row.getArrayOfStrings("event_types"))))
              .put("created_by", row.getString("created_by"))
              .put("created_at", Rows.time(row, "created_at")));
    }
  }

  public Future<Webhook> insert(final SqlClient sql, final UUID workspaceId, final String url,
                                final List<String> eventTypes, final String secretEncrypted, final String createdBy) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(workspaceId, url, eventTypes.toArray(String[]::new),
        secretEncrypted, createdBy)).map(rows -> Webhook.from(rows.iterator().next()));
  }

  /** @return the subscription; fails with 404 when there is none */
  public Future<Webhook> get(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("webhook " + id);
      }
      return Webhook.from(rows.iterator().next());
    });
  }

  public Future<Listing<Webhook>> list(final SqlClient sql, final UUID workspaceId, final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {workspaceId}, page, Webhook::from);
  }

  public Future<Void> delete(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Listing<JsonObject>> deliveries(final SqlClient sql, final UUID webhookId, final Page page) {
    return Listing.of(sql, DELIVERY_COUNT, DELIVERIES, new Object[] {webhookId}, page, row -> new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("webhook_id", row.getUUID("webhook_id").toString())
        .put("event_id", row.getUUID("event_id").toString())
        .put("event_type", row.getString("event_type"))
        .put("state", row.getString("state"))
        .put("attempts", row.getInteger("attempts"))
        .put("tries", Rows.array(row, "tries"))
        .put("next_attempt_at", "pending".equals(row.getString("state")) ? Rows.time(row, "next_attempt_at") : null)
        .put("created_at", Rows.time(row, "created_at"))
        .put("finished_at", Rows.time(row, "finished_at")));
  }
}
