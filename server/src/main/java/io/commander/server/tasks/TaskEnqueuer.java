package io.commander.server.tasks;

import io.commander.server.api.ApiException;
import io.commander.server.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Queues a task inside the caller's transaction, so a cluster change and its task are written
 * together or not at all. The notification on {@link #CHANNEL} is delivered when the transaction
 * commits and wakes every cluster manager listening; they also poll, in case one is missed.
 */
public final class TaskEnqueuer {

  /** The PostgreSQL channel cluster managers LISTEN on. */
  public static final String CHANNEL = "commander_tasks";

  private static final String INSERT = """
      INSERT INTO tasks (cluster_id, kind, cluster_revision, created_by, max_attempts)
      VALUES ($1, $2, $3, $4, $5) RETURNING id""";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', $1)";

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
}
