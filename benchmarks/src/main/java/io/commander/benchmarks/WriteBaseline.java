package io.commander.benchmarks;

import io.commander.core.config.CommanderConfig;
import io.commander.server.Database;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The write path's limit for {@code bench tasks}, measured in the same run: the database alone writing what a
 * cluster's creation and install write, with nothing in between. For each cluster, copies of the rows Commander
 * wrote for one cluster it created and installed earlier in the run (so every column, index, constraint and
 * trigger costs what it costs Commander), in the three transactions a queue needs at the least: the POST's (the
 * cluster, its revision, its install task, the events written before the install started, its audit records),
 * the task's claim ({@code UPDATE ... RETURNING} of the task by its id, with a lease), and the install's end (the
 * cluster's status, the task's end, its log lines in one insert, the events written from the install's start
 * on). Statements are kept prepared, {@value #IN_FLIGHT} clusters are in flight at once on a pool of Commander's
 * size: no API, no render, no encryption, no provisioner.
 */
final class WriteBaseline {

  static final int IN_FLIGHT = 16;

  private final Pool pool;
  private final UUID source;
  private final UUID sourceTask;
  private final OffsetDateTime sourceStarted;
  private final String insertCluster;
  private final String insertRevision;
  private final String insertTask;
  private final String insertEventsBefore;
  private final String insertAudit;
  private final String claim;
  private final String endCluster;
  private final String endTask;
  private final String insertLogs;
  private final String insertEventsFrom;

  private WriteBaseline(final Vertx vertx, final CommanderConfig.Db db, final Pool schema) {
    final Row row = schema.query("SELECT t.cluster_id, t.id, t.started_at FROM tasks t WHERE t.kind = 'install' "
        + "AND t.state = 'succeeded' ORDER BY t.finished_at DESC LIMIT 1").execute().await().iterator().next();
    this.source = row.getUUID(0);
    this.sourceTask = row.getUUID(1);
    this.sourceStarted = row.getOffsetDateTime(2);
    this.pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(db.poolSize()))
        .connectingTo(Database.connectOptions(db).setPreparedStatementCacheSqlFilter(sql -> true)).using(vertx)
        .build();
    // $1 the source cluster, $2 the new one; the other parameters as each statement says.
    insertCluster = BenchSupport.copy(schema, "clusters", Map.of("id", "$2", "name", "$3",
        "agent_token_hash", "md5($2::uuid::text)", "created_at", "now()", "updated_at", "now()"), "clusters s", "s.id = $1");
    insertRevision = BenchSupport.copy(schema, "cluster_revisions", Map.of("id", "gen_random_uuid()",
        "cluster_id", "$2", "created_at", "now()"), "cluster_revisions s", "s.cluster_id = $1");
    // $1 the source task, $2 the new cluster, $3 the new task.
    // Due tomorrow: the Commander idling beside it must not claim the baseline's tasks.
    insertTask = BenchSupport.copy(schema, "tasks", Map.of("id", "$3", "cluster_id", "$2", "state", "'pending'",
        "attempt", "0", "lease_owner", "NULL", "lease_expires_at", "NULL", "started_at", "NULL",
        "finished_at", "NULL", "run_after", "now() + interval '1 day'", "created_at", "now()"), "tasks s",
        "s.id = $1");
    final Map<String, String> event = Map.of("sequence", BenchSupport.DEFAULT, "xid", BenchSupport.DEFAULT,
        "id", "gen_random_uuid()", "subject", "$2", "partition_key", "$2", "created_at", "clock_timestamp()",
        "published_at", "NULL", "attempts", "0");
    // $3 when the source's install started.
    insertEventsBefore = BenchSupport.copy(schema, "outbox_events", event, "outbox_events s",
        "s.subject = $1 AND s.created_at < $3");
    insertEventsFrom = BenchSupport.copy(schema, "outbox_events", event, "outbox_events s",
        "s.subject = $1 AND s.created_at >= $3");
    insertAudit = BenchSupport.copy(schema, "audit_log", Map.of("id", "gen_random_uuid()", "entity_id", "$2",
        "at", "now()"), "audit_log s", "s.entity_id = $1");
    claim = "UPDATE tasks SET state = 'running', attempt = attempt + 1, lease_owner = 'baseline', "
        + "lease_expires_at = now() + interval '1 minute', started_at = now(), updated_at = now() "
        + "WHERE id = $1 AND state = 'pending' RETURNING *";
    endCluster = "UPDATE clusters c SET status = s.status, applied_revision = s.applied_revision, "
        + "was_created = s.was_created, updated_at = now() FROM clusters s WHERE c.id = $2 AND s.id = $1";
    endTask = "UPDATE tasks SET state = 'succeeded', lease_owner = NULL, lease_expires_at = NULL, "
        + "finished_at = now(), updated_at = now() WHERE id = $1";
    // $1 the source task, $2 the new task.
    insertLogs = BenchSupport.copy(schema, "task_logs", Map.of("task_id", "$2", "at", "now()"), "task_logs s",
        "s.task_id = $1");
  }

  /** Ready to write copies of the install that finished last in the database {@code schema} reads. */
  static WriteBaseline open(final Vertx vertx, final CommanderConfig.Db db, final Pool schema) {
    return new WriteBaseline(vertx, db, schema);
  }

  /** Writes {@code clusters} clusters' rows, named {@code <prefix>-<n>}; returns when all are written. */
  void write(final int clusters, final String prefix) throws InterruptedException {
    final AtomicInteger next = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch done = new CountDownLatch(IN_FLIGHT);
    for (int i = 0; i < IN_FLIGHT; i++) {
      loop(next, clusters, prefix, failure, done);
    }
    done.await();
    if (failure.get() != null) {
      throw new IllegalStateException("the baseline's writes failed: " + failure.get().getMessage(), failure.get());
    }
  }

  void close() {
    pool.close().await();
  }

  private void loop(final AtomicInteger next, final int clusters, final String prefix,
                    final AtomicReference<Throwable> failure, final CountDownLatch done) {
    final int n = next.getAndIncrement();
    if (n >= clusters || failure.get() != null) {
      done.countDown();
      return;
    }
    one(prefix + "-" + n).onComplete(ar -> {
      if (ar.failed()) {
        failure.compareAndSet(null, ar.cause());
      }
      loop(next, clusters, prefix, failure, done);
    });
  }

  private Future<Void> one(final String name) {
    final UUID cluster = UUID.randomUUID();
    final UUID task = UUID.randomUUID();
    return pool.withTransaction(tx -> run(tx, insertCluster, Tuple.of(source, cluster, name))
            .compose(v -> run(tx, insertRevision, Tuple.of(source, cluster)))
            .compose(v -> run(tx, insertTask, Tuple.of(sourceTask, cluster, task)))
            .compose(v -> run(tx, insertEventsBefore, Tuple.of(source, cluster, sourceStarted)))
            .compose(v -> run(tx, insertAudit, Tuple.of(source, cluster))))
        .compose(v -> pool.withTransaction(tx -> run(tx, claim, Tuple.of(task))))
        .compose(v -> pool.withTransaction(tx -> run(tx, endCluster, Tuple.of(source, cluster))
            .compose(w -> run(tx, endTask, Tuple.of(task)))
            .compose(w -> run(tx, insertLogs, Tuple.of(sourceTask, task)))
            .compose(w -> run(tx, insertEventsFrom, Tuple.of(source, cluster, sourceStarted)))));
  }

  private static Future<Void> run(final SqlConnection tx, final String sql, final Tuple params) {
    return tx.preparedQuery(sql).execute(params).mapEmpty();
  }
}
