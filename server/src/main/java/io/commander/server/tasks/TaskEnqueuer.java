package io.commander.server.tasks;

import io.commander.server.api.ApiException;
import io.commander.server.db.PgErrors;
import io.commander.server.db.Reused;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Queues and cancels tasks inside the caller's transaction, so a cluster change and its task are
 * written together or not at all. The notification on {@link #CHANNEL} is delivered when the
 * transaction commits and wakes every cluster manager listening; they also poll, in case one is
 * missed.
 */
public final class TaskEnqueuer {

  /** The PostgreSQL channel cluster managers LISTEN on. */
  public static final String CHANNEL = "commander_tasks";

  private static final String INSERT = Reused.statement("""
      INSERT INTO tasks (cluster_id, kind, cluster_revision, created_by, max_attempts)
      VALUES ($1, $2, $3, $4, $5) RETURNING id""");
  private static final String NOTIFY = Reused.statement("SELECT pg_notify('" + CHANNEL + "', $1)");
  private static final String CANCEL_PENDING = """
      UPDATE tasks SET state = 'canceled', cancel_requested = true, finished_at = now(), updated_at = now(), error = $2
      WHERE cluster_id = $1 AND state = 'pending'
      RETURNING id, cluster_id, kind, attempt, cluster_revision, error""";
  private static final String REQUEST_CANCEL = "UPDATE tasks SET cancel_requested = true, updated_at = now() WHERE id = $1";
  private static final String RUNNING = Reused.statement("SELECT 1 FROM tasks WHERE cluster_id = $1 AND state = 'running'");

  private final int maxAttempts;

  /** @param maxAttempts how many times a task that fails transiently is tried */
  public TaskEnqueuer(final int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /**
   * Queues a task; fails with 409 {@code task_in_progress} when the cluster already has an active
   * task (at most one per cluster, enforced by the database).
   */
  public Future<UUID> enqueue(final SqlClient tx, final UUID clusterId, final TaskKind kind, final Integer revision,
                              final String createdBy) {
    return tx.preparedQuery(INSERT).execute(Tuple.of(clusterId, kind.id(), revision, createdBy, maxAttempts))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .recover(PgErrors.onConstraint("tasks_one_active_per_cluster", () -> ApiException.conflict("task_in_progress",
            "the cluster already has a task pending or running; wait for it, or cancel it")))
        .compose(id -> tx.preparedQuery(NOTIFY).execute(Tuple.of(id.toString())).map(id));
  }

  /** Cancels the cluster's pending task, if it has one: it never starts, and {@code why} is its error. */
  public Future<Void> cancelPending(final SqlClient tx, final UUID clusterId, final String why) {
    return tx.preparedQuery(CANCEL_PENDING).execute(Tuple.of(clusterId, why))
        .compose(rows -> io.commander.server.events.Outbox.add(tx, TaskStore.canceled(rows)));
  }

  /**
   * Asks a running task to stop: its worker learns it from the notification at once, or at its
   * next lease renewal, and ends the task as canceled.
   */
  public Future<Void> requestCancel(final SqlClient tx, final UUID taskId) {
    return tx.preparedQuery(REQUEST_CANCEL).execute(Tuple.of(taskId))
        .compose(v -> tx.preparedQuery(NOTIFY).execute(Tuple.of(taskId.toString()))).mapEmpty();
  }

  /** Whether a task is running on the cluster. */
  public Future<Boolean> running(final SqlClient sql, final UUID clusterId) {
    return sql.preparedQuery(RUNNING).execute(Tuple.of(clusterId)).map(rows -> rows.iterator().hasNext());
  }
}
