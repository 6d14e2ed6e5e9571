package io.commander.server.clusters;

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
import java.util.UUID;

/** SQL for what the API shows of tasks (their queue is the cluster manager's). */
public final class ClusterTasks {

  /** The most log lines a task answer carries; the follow stream has them all. */
  static final int LOG_LINES = 5_000;

  private static final String COLUMNS = """
      SELECT t.id, t.cluster_id, c.workspace_id, t.kind, t.state, t.cluster_revision, t.attempt, t.max_attempts,
             t.cancel_requested, t.error, t.result, t.created_by, t.created_at, t.started_at, t.finished_at
      FROM tasks t JOIN clusters c ON c.id = t.cluster_id""";
  private static final String FIND = COLUMNS + " WHERE t.id = $1";
  private static final String LOCK = FIND + " FOR UPDATE OF t";
  private static final String LIST = COLUMNS + " WHERE t.cluster_id = $1 ORDER BY t.created_at DESC, t.id LIMIT $2 OFFSET $3";
  private static final String COUNT = "SELECT count(*) FROM tasks WHERE cluster_id = $1";
  private static final String LOG = """
      SELECT seq, at, stream, line FROM (
        SELECT seq, at, stream, line FROM task_logs WHERE task_id = $1 ORDER BY seq DESC LIMIT $2) last
      ORDER BY seq""";
  private static final String LOG_AFTER = """
      SELECT seq, at, stream, line FROM task_logs WHERE task_id = $1 AND seq > $2 ORDER BY seq LIMIT $3""";
  private static final String STATE = "SELECT state FROM tasks WHERE id = $1";

  /** A task row: its workspace (for authorization), state and JSON. */
  public record TaskRow(UUID id, UUID workspaceId, String state, JsonObject json) {
  }

  public Future<TaskRow> find(final SqlClient sql, final UUID id, final boolean lock) {
    return sql.preparedQuery(lock ? LOCK : FIND).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("task " + id);
      }
      return task(rows.iterator().next());
    });
  }

  public Future<Listing<JsonObject>> list(final SqlClient sql, final UUID clusterId, final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {clusterId}, page, row -> task(row).json());
  }

  /** The task's last {@link #LOG_LINES} log lines, oldest first. */
  public Future<JsonArray> log(final SqlClient sql, final UUID taskId) {
    return sql.preparedQuery(LOG).execute(Tuple.of(taskId, LOG_LINES)).map(ClusterTasks::lines);
  }

  private static JsonArray lines(final io.vertx.sqlclient.RowSet<Row> rows) {
    final JsonArray out = new JsonArray();
    rows.forEach(r -> out.add(new JsonObject().put("seq", r.getInteger("seq")).put("at", Rows.time(r, "at"))
        .put("stream", r.getString("stream")).put("line", r.getString("line"))));
    return out;
  }

  /** Up to {@code limit} lines after {@code seq}, oldest first. */
  public Future<JsonArray> logAfter(final SqlClient sql, final UUID taskId, final int seq, final int limit) {
    return sql.preparedQuery(LOG_AFTER).execute(Tuple.of(taskId, seq, limit)).map(ClusterTasks::lines);
  }

  /** The task's state now. */
  public Future<String> state(final SqlClient sql, final UUID taskId) {
    return sql.preparedQuery(STATE).execute(Tuple.of(taskId)).map(rows -> rows.iterator().hasNext()
        ? rows.iterator().next().getString("state") : "canceled");
  }

  private static TaskRow task(final Row row) {
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("cluster_id", Rows.id(row, "cluster_id"))
        .put("kind", row.getString("kind"))
        .put("state", row.getString("state"))
        .put("cluster_revision", row.getInteger("cluster_revision"))
        .put("attempt", row.getInteger("attempt"))
        .put("max_attempts", row.getInteger("max_attempts"))
        .put("cancel_requested", row.getBoolean("cancel_requested"))
        .put("error", row.getString("error"))
        .put("result", Rows.object(row, "result"))
        .put("created_by", row.getString("created_by"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("started_at", Rows.time(row, "started_at"))
        .put("finished_at", Rows.time(row, "finished_at"));
    return new TaskRow(row.getUUID("id"), row.getUUID("workspace_id"), row.getString("state"), json);
  }
}
