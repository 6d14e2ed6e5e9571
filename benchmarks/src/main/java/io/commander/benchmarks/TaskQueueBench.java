package io.commander.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.migrations.Migrations;
import io.commander.server.crypto.Keys;
import io.commander.server.provisioners.Provisioners;
import io.commander.server.provisioners.simulated.SimulatedProvisioner;
import io.commander.server.tasks.ClusterManagerVerticle;
import io.commander.server.tasks.TaskEnqueuer;
import io.commander.server.tasks.TaskKind;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.slf4j.LoggerFactory;

/**
 * {@code commander bench tasks}: the task queue under load. On an embedded PostgreSQL it creates
 * {@value #CLUSTERS} clusters, queues an install for each through {@link TaskEnqueuer} (one
 * transaction each, as the API does) while cluster-manager instances with the simulated provisioner
 * at zero phase duration run them, and reports, for 1 and for 3 instances: the time from enqueue to
 * task start (p50, p99), tasks per second from the first enqueue to the last finish, and the
 * database work per task (transactions and rows, from {@code pg_stat_database}). A last run queues
 * {@value #PACED} installs at {@value #PACED_RATE} a second, below what one instance runs, for the
 * latency of a manager that is not behind: notification to claim to start.
 */
public final class TaskQueueBench {

  static final int CLUSTERS = 1_000;
  static final int PACED = 200;
  static final int PACED_RATE = 50;
  private static final String DB = "bench";
  // Enqueues in flight at once, as concurrent API requests would be.
  private static final int ENQUEUE_CONCURRENCY = 16;

  private TaskQueueBench() {
  }

  public static void run() throws IOException, InterruptedException {
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
    final Path dir = Files.createTempDirectory("commander-bench-tasks");
    try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir.resolve("postgres"), freePort())) {
      pg.ensureDatabase(DB, DB, DB);
      Migrations.migrate(pg.jdbcUrl(DB), DB, DB);
      final PgConnectOptions connect = new PgConnectOptions().setHost(EmbeddedPostgresServer.HOST).setPort(pg.port())
          .setDatabase(DB).setUser(DB).setPassword(DB).setPipeliningLimit(256);
      final CommanderConfig config = ConfigLoader.load(Map.of("COMMANDER_STATE_DIR", dir.toString()), Optional.empty());
      final Vertx vertx = Vertx.vertx();
      final Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(ENQUEUE_CONCURRENCY)).connectingTo(connect)
          .using(vertx).build();
      final Keys keys = Keys.load(vertx, config, Map.of());
      System.out.printf(Locale.ROOT, "task queue: %d simulated installs (zero phase duration), concurrency %d per "
          + "instance, %d cores%n", CLUSTERS, config.clusterManager().concurrency(),
          Runtime.getRuntime().availableProcessors());
      for (int instances : new int[] {1, 3}) {
        measure(vertx, pool, connect, keys, config.clusterManager(), instances, CLUSTERS, 0);
      }
      measure(vertx, pool, connect, keys, config.clusterManager(), 1, PACED, PACED_RATE);
      pool.close().await();
      vertx.close().await();
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void deleteRecursively(final Path dir) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Runs once and prints one line. */
  private static void measure(final Vertx vertx, final Pool pool, final PgConnectOptions connect, final Keys keys,
                                final CommanderConfig.ClusterManager settings, final int instances, final int tasks,
                                final int rate) throws InterruptedException {
    pool.query("TRUNCATE tasks, task_logs, cluster_revisions, clusters, workspaces CASCADE").execute().await();
    final UUID workspace = pool.query("INSERT INTO workspaces (name, slug) VALUES ('bench', 'bench') RETURNING id")
        .execute().await().iterator().next().getUUID("id");
    final List<UUID> clusters = new ArrayList<>(tasks);
    pool.preparedQuery("""
            INSERT INTO clusters (workspace_id, name, provisioner, desired_revision)
            SELECT $1, 'bench-' || n, 'simulated', 1 FROM generate_series(1, $2) n RETURNING id""")
        .execute(Tuple.of(workspace, tasks)).await().forEach(row -> clusters.add(row.getUUID("id")));
    pool.query("INSERT INTO cluster_revisions (cluster_id, revision, rendered) SELECT id, 1, "
        + "'{\"kubernetes\": \"masterNodeGroup:\\n  replicas: 3\\n\"}' FROM clusters").execute().await();
    pool.query("VACUUM ANALYZE").execute().await();

    final List<Vertx> managers = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      final Vertx own = Vertx.vertx();
      managers.add(own);
      final Pool ownPool = PgBuilder.pool().with(new PoolOptions().setMaxSize(16)).connectingTo(connect).using(own)
          .build();
      own.deployVerticle(new ClusterManagerVerticle(settings, ownPool, connect,
          Provisioners.of(new SimulatedProvisioner(Duration.ZERO, "")), keys, Clock.systemUTC(),
          ClusterManagerVerticle.newInstanceId())).await();
    }
    // Statistics reach pg_stat_database when a backend goes idle, at most a second late.
    Thread.sleep(1_500);
    final Stats before = Stats.read(pool);

    final long started = System.nanoTime();
    final TaskEnqueuer enqueuer = new TaskEnqueuer(settings.maxAttempts());
    final Semaphore inFlight = new Semaphore(ENQUEUE_CONCURRENCY);
    for (int i = 0; i < clusters.size(); i++) {
      final UUID cluster = clusters.get(i);
      if (rate > 0) {
        // Paced: the next enqueue at its own time, however long the last one took.
        final long due = started + i * 1_000_000_000L / rate;
        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
      }
      inFlight.acquire();
      pool.withTransaction(tx -> enqueuer.enqueue(tx, cluster, TaskKind.INSTALL, 1, "bench"))
          .onComplete(ar -> inFlight.release());
    }
    inFlight.acquire(ENQUEUE_CONCURRENCY);
    final double enqueueSeconds = (System.nanoTime() - started) / 1e9;
    int polls = 0;
    while (count(pool, "SELECT count(*) FROM tasks WHERE state = 'succeeded'") < tasks) {
      polls++;
      Thread.sleep(100);
    }
    final double wallSeconds = (System.nanoTime() - started) / 1e9;
    for (Vertx manager : managers) {
      manager.close().await();
    }
    Thread.sleep(1_500);
    final Stats after = Stats.read(pool);

    final List<Double> waits = new ArrayList<>();
    pool.query("SELECT extract(epoch FROM started_at - created_at) * 1000 AS ms FROM tasks").execute().await()
        .forEach(row -> waits.add(row.getDouble("ms")));
    waits.sort(Comparator.naturalOrder());
    final Row span = pool.query("SELECT extract(epoch FROM max(finished_at) - min(created_at)) AS s, "
        + "count(*) FILTER (WHERE attempt <> 1) AS retried FROM tasks").execute().await().iterator().next();
    final double seconds = span.getDouble("s");
    // The benchmark's own transactions in between: its progress polls and the first statistics read.
    final long own = polls + 2L;
    final long transactions = after.commits - before.commits - own;
    final String line = String.format(Locale.ROOT, "tasks, %d instance%s%s: %.0f tasks/s (%d in %.2f s; enqueued in %.2f s, "
            + "wall %.2f s); enqueue -> start p50 %.1f ms, p99 %.1f ms, max %.1f ms; per task: %.1f transactions, "
            + "%.1f rows inserted, %.1f updated, %.1f deleted, %.0f fetched; retried %d",
        instances, instances == 1 ? "" : "s", rate > 0 ? ", enqueued at " + rate + "/s" : "", tasks / seconds, tasks,
        seconds, enqueueSeconds, wallSeconds,
        percentile(waits, 50), percentile(waits, 99), waits.get(waits.size() - 1),
        (double) transactions / tasks, (double) (after.inserted - before.inserted) / tasks,
        (double) (after.updated - before.updated) / tasks, (double) (after.deleted - before.deleted) / tasks,
        (double) (after.fetched - before.fetched) / tasks, span.getLong("retried"));
    System.out.println(line);
  }

  /** The counters of the benchmark's database. */
  private record Stats(long commits, long inserted, long updated, long deleted, long fetched) {

    static Stats read(final Pool pool) {
      final Row row = pool.query("SELECT xact_commit, tup_inserted, tup_updated, tup_deleted, tup_fetched "
          + "FROM pg_stat_database WHERE datname = current_database()").execute().await().iterator().next();
      return new Stats(row.getLong(0), row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4));
    }
  }

  private static long count(final Pool pool, final String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private static double percentile(final List<Double> sorted, final double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
