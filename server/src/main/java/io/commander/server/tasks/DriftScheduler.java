package io.commander.server.tasks;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Queues drift checks of live clusters whose check is due. Every cluster-manager instance runs
 * one, but only the one holding a session advisory lock queues: the lock lives on a connection of
 * its own, so it passes to another instance as soon as the holder's connection goes away.
 */
public final class DriftScheduler {

  // An arbitrary constant every instance agrees on ("cmdrdrft").
  private static final long LOCK_KEY = 0x636d647264726674L;
  // Clusters that exist, were created and are not failing or busy; the partial unique index (at most
  // one active task per cluster) turns a race with a task queued meanwhile into a no-op.
  private static final String QUEUE_DUE = """
      INSERT INTO tasks (cluster_id, kind, cluster_revision, created_by, max_attempts)
      SELECT c.id, 'check', c.applied_revision, 'drift-scheduler', $1
      FROM clusters c
      WHERE c.archived_at IS NULL AND c.was_created AND c.status IN ('in_sync', 'synchronization_failure')
        AND (c.last_checked_at IS NULL OR c.last_checked_at + c.check_interval_seconds * interval '1 second' <= now())
        AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.cluster_id = c.id AND t.state IN ('pending', 'running'))
      ORDER BY c.last_checked_at NULLS FIRST
      LIMIT $2
      ON CONFLICT (cluster_id) WHERE state IN ('pending', 'running') DO NOTHING""";
  private static final String NOTIFY = "SELECT pg_notify('" + TaskEnqueuer.CHANNEL + "', '')";
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock($1) AS locked";
  private static final int BATCH = 1000;

  private final int maxAttempts;

  public DriftScheduler(final int maxAttempts) {
    this.maxAttempts = maxAttempts;
  }

  /**
   * Tries to become the active scheduler; the lock is held until {@code connection} closes.
   *
   * @return a future of whether this connection holds the lock now
   */
  public Future<Boolean> tryLead(final SqlConnection connection) {
    return connection.preparedQuery(TRY_LOCK).execute(Tuple.of(LOCK_KEY))
        .map(rows -> rows.iterator().next().getBoolean("locked"));
  }

  /**
   * Queues a check for each cluster whose check is due (at most {@value #BATCH} at a time) and
   * wakes the managers.
   *
   * @return a future of how many were queued
   */
  public Future<Integer> queueDueChecks(final SqlClient db) {
    return db.preparedQuery(QUEUE_DUE).execute(Tuple.of(maxAttempts, BATCH)).map(rows -> rows.rowCount())
        .compose(n -> n == 0 ? Future.succeededFuture(0) : db.query(NOTIFY).execute().map(n));
  }
}
