package io.commander.server.tasks;

import io.commander.server.db.JobLocks;
import io.commander.server.db.Reused;
import io.commander.server.events.EventType;
import io.commander.server.events.Events;
import io.commander.server.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The durable task queue's SQL. Every change to a running task is fenced by its lease: it only
 * applies while the row is still {@code running} under this instance's id, so an instance that lost
 * a task (its lease expired and another took over) can never overwrite what the new owner does.
 */
public final class TaskStore {

  // The oldest due tasks first; SKIP LOCKED lets every instance claim at once without waiting on
  // each other. A pending task already asked to cancel is claimed too, and finished as canceled.
  private static final String CLAIM = Reused.statement("""
      UPDATE tasks t SET state = 'running', lease_owner = $1, lease_expires_at = now() + $2::bigint * interval '1 millisecond',
             attempt = t.attempt + 1, started_at = now(), updated_at = now()
      FROM (SELECT id FROM tasks WHERE state = 'pending' AND run_after <= now()
            ORDER BY run_after, created_at LIMIT $3 FOR UPDATE SKIP LOCKED) due
      WHERE t.id = due.id
      RETURNING t.id, t.cluster_id, t.kind, t.cluster_revision, t.attempt, t.max_attempts, t.cancel_requested""");
  private static final String RENEW = Reused.statement("""
      UPDATE tasks SET lease_expires_at = now() + $2::bigint * interval '1 millisecond'
      WHERE lease_owner = $1 AND state = 'running' RETURNING id, cancel_requested""");
  private static final String CANCEL_REQUESTED = Reused.statement("SELECT cancel_requested FROM tasks WHERE id = $1 AND lease_owner = $2");
  private static final String FINISH = Reused.statement("""
      UPDATE tasks SET state = $3, error = $4, result = $5, finished_at = now(), lease_owner = NULL,
             lease_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND lease_owner = $2 AND state = 'running'
      RETURNING cluster_id, kind, attempt, cluster_revision""");
  private static final String RETRY_LATER = Reused.statement("""
      UPDATE tasks SET state = 'pending', run_after = now() + $3::bigint * interval '1 millisecond', error = $4,
             lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1 AND lease_owner = $2 AND state = 'running'""");
  private static final String RELEASE = """
      UPDATE tasks SET state = 'pending', run_after = now(), lease_owner = NULL, lease_expires_at = NULL,
             updated_at = now()
      WHERE lease_owner = $1 AND state = 'running' RETURNING id""";
  // A task whose instance went silent runs again from the start (provisioners are idempotent), or
  // is lost when it has no attempt left.
  private static final String RECOVER_EXPIRED = """
      UPDATE tasks SET state = CASE WHEN attempt < max_attempts THEN 'pending' ELSE 'lost' END,
             finished_at = CASE WHEN attempt < max_attempts THEN NULL ELSE now() END,
             error = 'the cluster-manager instance ' || lease_owner || ' stopped renewing its lease during attempt '
                     || attempt || CASE WHEN attempt < max_attempts THEN '; the task runs again' ELSE '' END,
             run_after = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE state = 'running' AND lease_expires_at < now()
      RETURNING id, cluster_id, kind, state, attempt, cluster_revision, error""";
  private static final String CANCEL_PENDING = """
      UPDATE tasks SET state = 'canceled', error = 'canceled before it started', finished_at = now(), updated_at = now()
      WHERE state = 'pending' AND cancel_requested
      RETURNING id, cluster_id, kind, attempt, cluster_revision, error""";
  private static final String NEXT_SEQ = Reused.statement("SELECT coalesce(max(seq) + 1, 0) AS seq FROM task_logs WHERE task_id = $1");
  private static final String APPEND_LOGS = Reused.statement("""
      INSERT INTO task_logs (task_id, seq, at, stream, line)
      SELECT $1, l.seq, l.at, l.stream, l.line
      FROM unnest($2::int[], $3::timestamptz[], $4::text[], $5::text[]) AS l (seq, at, stream, line)
      ON CONFLICT (task_id, seq) DO NOTHING""");
  private static final String PURGE = "DELETE FROM tasks WHERE finished_at < $1 AND "
      + JobLocks.onlyOne(JobLocks.TASK_PURGE);

  /** A task this instance holds the lease of. */
  public record Claimed(UUID id, UUID clusterId, TaskKind kind, Integer revision, int attempt, int maxAttempts,
                        boolean cancelRequested) {

    static Claimed of(final Row row) {
      return new Claimed(row.getUUID("id"), row.getUUID("cluster_id"), TaskKind.of(row.getString("kind")),
          row.getInteger("cluster_revision"), row.getInteger("attempt"), row.getInteger("max_attempts"),
          row.getBoolean("cancel_requested"));
    }

    /** Whether a transient failure now may still be retried. */
    public boolean attemptsLeft() {
      return attempt < maxAttempts;
    }
  }

  /** A running task whose lease this instance renewed. */
  public record Renewed(UUID id, boolean cancelRequested) {
  }

  /** A task taken back from a silent instance: {@code pending} again, or {@code lost} (then {@code error} says why). */
  public record Recovered(UUID id, UUID clusterId, TaskKind kind, boolean lost, String error) {
  }

  /** How a task ended. */
  public enum Outcome {
    SUCCEEDED("succeeded"), FAILED("failed"), CANCELED("canceled");

    private final String state;

    Outcome(final String state) {
      this.state = state;
    }

    public String state() {
      return state;
    }
  }

  /** One log line, numbered within its task. */
  public record LogLine(int seq, OffsetDateTime at, String stream, String line) {

    public JsonObject toJson() {
      return new JsonObject().put("seq", seq).put("at", at.toString()).put("stream", stream).put("line", line);
    }
  }

  /**
   * Claims up to {@code limit} due pending tasks for {@code owner}, with a {@code task.started}
   * event of each (but those already asked to cancel, which end at once) in the same transaction.
   *
   * @param tx the connection of a transaction
   * @return a future of the claimed tasks, possibly none
   */
  public Future<List<Claimed>> claim(final SqlClient tx, final String owner, final Duration lease, final int limit) {
    return tx.preparedQuery(CLAIM).execute(Tuple.of(owner, lease.toMillis(), limit)).compose(rows -> {
      final List<Claimed> claimed = new ArrayList<>(rows.size());
      final List<Outbox.Event> events = new ArrayList<>();
      rows.forEach(row -> {
        final Claimed task = Claimed.of(row);
        claimed.add(task);
        if (!task.cancelRequested()) {
          events.add(Events.task(EventType.TASK_STARTED, task.id(), task.clusterId(), task.kind().id(),
              task.attempt(), task.revision(), "running", null));
        }
      });
      return Outbox.add(tx, events).map(claimed);
    });
  }

  /**
   * Extends the leases of every task {@code owner} runs, in one statement.
   *
   * @return a future of the tasks still held (a task missing from it was taken over by another instance)
   */
  public Future<List<Renewed>> renew(final SqlClient db, final String owner, final Duration lease) {
    return db.preparedQuery(RENEW).execute(Tuple.of(owner, lease.toMillis())).map(rows -> {
      final List<Renewed> renewed = new ArrayList<>(rows.size());
      rows.forEach(row -> renewed.add(new Renewed(row.getUUID("id"), row.getBoolean("cancel_requested"))));
      return renewed;
    });
  }

  /** Whether someone asked to cancel a task {@code owner} runs (false when it no longer runs it). */
  public Future<Boolean> cancelRequested(final SqlClient db, final UUID taskId, final String owner) {
    return db.preparedQuery(CANCEL_REQUESTED).execute(Tuple.of(taskId, owner))
        .map(rows -> rows.size() > 0 && rows.iterator().next().getBoolean("cancel_requested"));
  }

  /**
   * Finishes a running task, if {@code owner} still holds it.
   *
   * @return a future of whether it did (false: the lease was lost, nothing changed)
   */
  public Future<Boolean> finish(final SqlClient tx, final UUID taskId, final String owner, final Outcome outcome,
                                final String error, final JsonObject result) {
    return tx.preparedQuery(FINISH).execute(Tuple.of(taskId, owner, outcome.state(), error, result)).compose(rows -> {
      if (rows.rowCount() != 1) {
        return Future.succeededFuture(false);
      }
      final Row row = rows.iterator().next();
      final EventType type = switch (outcome) {
        case SUCCEEDED -> EventType.TASK_SUCCEEDED;
        case FAILED -> EventType.TASK_FAILED;
        case CANCELED -> EventType.TASK_CANCELED;
      };
      return Outbox.add(tx, Events.task(type, taskId, row.getUUID("cluster_id"), row.getString("kind"),
          row.getInteger("attempt"), row.getInteger("cluster_revision"), outcome.state(), error)).map(true);
    });
  }

  /**
   * Puts a running task back in the queue, due after {@code delay}, with why it failed this time.
   *
   * @return a future of whether {@code owner} still held it
   */
  public Future<Boolean> retryLater(final SqlClient db, final UUID taskId, final String owner, final Duration delay,
                                    final String error) {
    return db.preparedQuery(RETRY_LATER).execute(Tuple.of(taskId, owner, delay.toMillis(), error))
        .map(rows -> rows.rowCount() == 1);
  }

  /**
   * Gives every task {@code owner} runs back to the queue, due now (an orderly stop).
   *
   * @return a future of how many
   */
  public Future<Integer> release(final SqlClient db, final String owner) {
    return db.preparedQuery(RELEASE).execute(Tuple.of(owner)).map(rows -> rows.rowCount());
  }

  /**
   * Takes back running tasks whose lease expired: pending again, or lost without attempts left.
   *
   * @return a future of those tasks
   */
  public Future<List<Recovered>> recoverExpired(final SqlClient tx) {
    return tx.query(RECOVER_EXPIRED).execute().compose(rows -> {
      final List<Recovered> recovered = new ArrayList<>(rows.size());
      final List<Outbox.Event> events = new ArrayList<>();
      rows.forEach(row -> {
        final boolean lost = "lost".equals(row.getString("state"));
        final Recovered task = new Recovered(row.getUUID("id"), row.getUUID("cluster_id"),
            TaskKind.of(row.getString("kind")), lost, row.getString("error"));
        recovered.add(task);
        if (lost) {
          events.add(Events.task(EventType.TASK_FAILED, task.id(), task.clusterId(), task.kind().id(),
              row.getInteger("attempt"), row.getInteger("cluster_revision"), "lost", task.error()));
        }
      });
      return Outbox.add(tx, events).map(recovered);
    });
  }

  /**
   * Cancels pending tasks someone asked to cancel (those not due yet: due ones are claimed and
   * finished as canceled).
   *
   * @return a future of how many
   */
  public Future<Integer> cancelPending(final SqlClient tx) {
    return tx.query(CANCEL_PENDING).execute().compose(rows -> Outbox.add(tx, canceled(rows)).map(rows.rowCount()));
  }

  /** {@code task.canceled} events of the rows of a statement that canceled pending tasks. */
  static List<Outbox.Event> canceled(final io.vertx.sqlclient.RowSet<Row> rows) {
    final List<Outbox.Event> events = new ArrayList<>(rows.size());
    rows.forEach(row -> events.add(Events.task(EventType.TASK_CANCELED, row.getUUID("id"), row.getUUID("cluster_id"),
        row.getString("kind"), row.getInteger("attempt"), row.getInteger("cluster_revision"), "canceled",
        row.getString("error"))));
    return events;
  }

  /** The number of a task's next log line: logs continue across attempts. */
  public Future<Integer> nextLogSeq(final SqlClient db, final UUID taskId) {
    return db.preparedQuery(NEXT_SEQ).execute(Tuple.of(taskId)).map(rows -> rows.iterator().next().getInteger("seq"));
  }

  /**
   * Appends log lines of one task in one statement. A line whose number is taken (written late by
   * an instance that lost the task while the next attempt numbered on) is dropped, not the batch.
   */
  public Future<Void> appendLogs(final SqlClient db, final UUID taskId, final List<LogLine> lines) {
    final Integer[] seqs = new Integer[lines.size()];
    final OffsetDateTime[] ats = new OffsetDateTime[lines.size()];
    final String[] streams = new String[lines.size()];
    final String[] texts = new String[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      final LogLine line = lines.get(i);
      seqs[i] = line.seq();
      ats[i] = line.at();
      streams[i] = line.stream();
      texts[i] = line.line();
    }
    return db.preparedQuery(APPEND_LOGS).execute(Tuple.of(taskId, seqs, ats, streams, texts)).mapEmpty();
  }

  /**
   * Deletes tasks finished before {@code cutoff}; their logs go with them.
   *
   * @return a future of how many tasks
   */
  public Future<Integer> purgeFinishedBefore(final SqlClient db, final OffsetDateTime cutoff) {
    return db.preparedQuery(PURGE).execute(Tuple.of(cutoff)).map(rows -> rows.rowCount());
  }
}
