package io.commander.benchmarks;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.server.Commander;
import io.commander.server.Database;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * {@code commander bench tasks}: cluster creation and the task queue under load, through the API.
 * It starts a whole Commander in-process (API, renderer and cluster-manager roles, the simulated
 * provisioner at zero phase duration, embedded PostgreSQL and Kafka in a temporary folder), creates
 * a workspace, a token and a cluster template, then POSTs {@value #CLUSTERS} clusters to
 * {@code /api/v1/clusters} ({@value #POST_CONCURRENCY} requests in flight) and waits until every
 * install has finished. It reports, for 1 and for 3 cluster-manager instances (the extra two are
 * Commanders with only that role on the same database): the time from sending a POST to its
 * install's start (p50, p99; both clocks are this machine's), tasks per second from the first POST
 * to the last finish, and the database work per cluster, POST and install together (transactions
 * and rows, from {@code pg_stat_database}). A last run POSTs {@value #PACED} clusters at
 * {@value #PACED_RATE} a second, below what one instance runs, for the latency of a manager that is
 * not behind. Clusters and tasks are truncated before each run, the first of which ({@value #WARM_UP}
 * clusters) is not reported: it warms the JIT (with fewer, the JIT compilers' CPU was a third of Commander's
 * share in the runs after it). Each line also gives the CPU time per cluster of Commander, of
 * PostgreSQL, of the load generator and of the embedded broker ({@link ProcessCpu}), and the rates that CPU allows
 * on this machine's cores: all of it, and Commander and PostgreSQL alone (the others elsewhere).
 */
public final class TaskQueueBench {

  static final int CLUSTERS = 1_000;
  static final int PACED = 200;
  static final int PACED_RATE = 50;
  static final int WARM_UP = 3_000;
  // Requests in flight at once, as concurrent API clients would send them.
  private static final int POST_CONCURRENCY = 16;
  private static final String DB = "bench";

  private TaskQueueBench() {
  }

  /** Runs the three measurements, printing one line each; everything it started is gone when it returns. */
  public static void run() throws IOException, InterruptedException {
    BenchSupport.quietLogs();
    final Path dir = Files.createTempDirectory("commander-bench-tasks");
    final Map<String, String> env = BenchSupport.commanderEnv(dir, DB);
    env.put("COMMANDER_ROLES", "api,renderer,cluster-manager");
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "0");
    // No agents: this process runs no gateway, and what agents cost is `bench agents`' to measure.
    env.put("COMMANDER_SIMULATED_AGENTS", "external");
    try {
      final Commander commander = Commander.start(load(env), env);
      final Vertx vertx = Vertx.vertx();
      try {
        final Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
            .connectingTo(Database.connectOptions(commander.config().db())).using(vertx).build();
        final BenchApi api = BenchApi.signIn(commander.config().http().port());
        System.out.printf(Locale.ROOT, "task queue: %d clusters created by POST /clusters (%d in flight), simulated "
            + "installs (zero phase duration), concurrency %d per manager instance, %d cores%n", CLUSTERS,
            POST_CONCURRENCY, commander.config().clusterManager().concurrency(),
            Runtime.getRuntime().availableProcessors());
        // Untimed: the JIT compiles the request, render and task paths, which would else be a cost of the first run.
        // The database alone is measured after the first tenth of it, on a database no bigger than in runs
        // measured before (with the whole warm-up behind it, its PostgreSQL CPU per cluster doubled).
        measure(pool, api, Map.of(), 1, WARM_UP / 10, 0, false, 0);
        final double baseline = baseline(vertx, pool, commander.config().db());
        measure(pool, api, Map.of(), 1, WARM_UP - WARM_UP / 10, 0, false, 0);
        for (int instances : new int[] {1, 3}) {
          measure(pool, api, managerEnv(env, commander.config()), instances, CLUSTERS, 0, true, baseline);
        }
        measure(pool, api, Map.of(), 1, PACED, PACED_RATE, true, baseline);
      } finally {
        vertx.close().await();
        commander.stop();
      }
    } finally {
      BenchSupport.deleteRecursively(dir);
    }
  }

  private static CommanderConfig load(final Map<String, String> env) {
    return ConfigLoader.load(env, Optional.empty());
  }

  /** The settings of a process that only runs tasks, on the first one's database, broker and keys. */
  private static Map<String, String> managerEnv(final Map<String, String> env, final CommanderConfig running) {
    final Map<String, String> manager = new HashMap<>(env);
    manager.put("COMMANDER_ROLES", "cluster-manager");
    manager.put("COMMANDER_DB_HOST", running.db().host());
    manager.put("COMMANDER_DB_PORT", Integer.toString(running.db().port()));
    manager.put("COMMANDER_KAFKA_BOOTSTRAP", running.kafka().bootstrap());
    manager.put("COMMANDER_HTTP_INSTANCES", "1");
    return manager;
  }


  /**
   * The database alone ({@link WriteBaseline}) writing {@value #CLUSTERS} clusters' rows, copied from the run
   * before; prints one line and returns its clusters per second.
   */
  private static double baseline(final Vertx vertx, final Pool pool, final CommanderConfig.Db db)
      throws IOException, InterruptedException {
    final WriteBaseline baseline = WriteBaseline.open(vertx, db, pool);
    try {
      baseline.write(CLUSTERS / 10, "warm");
      Thread.sleep(1_500);
      final Stats before = Stats.read(pool);
      final ProcessCpu cpu = ProcessCpu.of(pool);
      final long postgresBefore = cpu.postgresNanos();
      final ProcessCpu.Jvm jvmBefore = ProcessCpu.Jvm.now();
      final long started = System.nanoTime();
      baseline.write(CLUSTERS, "base");
      final double seconds = (System.nanoTime() - started) / 1e9;
      final ProcessCpu.Jvm jvm = ProcessCpu.Jvm.now().minus(jvmBefore);
      final long postgres = cpu.postgresNanos() - postgresBefore;
      Thread.sleep(1_500);
      final Stats after = Stats.read(pool);
      System.out.println(String.format(Locale.ROOT, "database alone (the same rows in 3 transactions per cluster, %d "
              + "in flight, no Commander): %.0f clusters/s (%d in %.2f s); per cluster: %.1f transactions, %.1f rows "
              + "inserted, %.1f updated; CPU: PostgreSQL %.1f ms, this JVM %.1f ms (its client and an idle Commander)",
          WriteBaseline.IN_FLIGHT, CLUSTERS / seconds, CLUSTERS, seconds,
          (double) (after.commits - before.commits - 1) / CLUSTERS,
          (double) (after.inserted - before.inserted) / CLUSTERS, (double) (after.updated - before.updated) / CLUSTERS,
          postgres / 1e6 / CLUSTERS, jvm.total() / 1e6 / CLUSTERS));
      return CLUSTERS / seconds;
    } finally {
      baseline.close();
    }
  }

  /** Runs once and prints one line, unless it only warms up; {@code baseline} is the database alone's rate. */
  private static void measure(final Pool pool, final BenchApi api, final Map<String, String> managerEnv,
                              final int instances, final int clusters, final int rate, final boolean print,
                              final double baseline)
      throws IOException, InterruptedException {
    pool.query("TRUNCATE tasks, task_logs, cluster_revisions, clusters CASCADE").execute().await();
    pool.query("VACUUM ANALYZE").execute().await();
    final List<Commander> managers = new ArrayList<>();
    for (int i = 1; i < instances; i++) {
      final Map<String, String> env = new HashMap<>(managerEnv);
      env.put("COMMANDER_HTTP_PORT", Integer.toString(BenchSupport.freePort()));
      managers.add(Commander.start(load(env), env));
    }
    final Stats before;
    final Posted posted;
    final ProcessCpu cpu;
    final ProcessCpu.Jvm jvmBefore;
    final long postgresBefore;
    final ProcessCpu.Jvm jvm;
    final long postgres;
    int polls = 0;
    try {
      // Statistics reach pg_stat_database when a backend goes idle, at most a second late.
      Thread.sleep(1_500);
      before = Stats.read(pool);
      cpu = ProcessCpu.of(pool);
      jvmBefore = ProcessCpu.Jvm.now();
      postgresBefore = cpu.postgresNanos();
      posted = postClusters(api, clusters, rate);
      while (count(pool, "SELECT count(*) FROM tasks WHERE kind = 'install' AND finished_at IS NOT NULL") < clusters) {
        polls++;
        Thread.sleep(100);
      }
      jvm = ProcessCpu.Jvm.now().minus(jvmBefore);
      postgres = cpu.postgresNanos() - postgresBefore;
    } finally {
      for (Commander manager : managers) {
        manager.stop();
      }
    }
    if (!print) {
      return;
    }
    Thread.sleep(1_500);
    final Stats after = Stats.read(pool);

    final Map<String, Instant> startedAt = new HashMap<>();
    Instant lastFinish = Instant.MIN;
    int retried = 0;
    int failed = 0;
    for (Row row : pool.query("SELECT cluster_id::text AS cluster, state, attempt, started_at, finished_at FROM tasks "
        + "WHERE kind = 'install'")
        .execute().await()) {
      startedAt.put(row.getString("cluster"), row.getOffsetDateTime("started_at").toInstant());
      final Instant finished = row.getOffsetDateTime("finished_at").toInstant();
      lastFinish = finished.isAfter(lastFinish) ? finished : lastFinish;
      retried += row.getInteger("attempt") == 1 ? 0 : 1;
      failed += "succeeded".equals(row.getString("state")) ? 0 : 1;
    }
    final List<Double> waits = new ArrayList<>(clusters);
    final List<Double> answers = new ArrayList<>(clusters);
    for (int i = 0; i < clusters; i++) {
      waits.add(Duration.between(posted.sent[i], startedAt.get(posted.ids[i])).toNanos() / 1e6);
      answers.add(posted.answeredNanos[i] / 1e6);
    }
    waits.sort(Comparator.naturalOrder());
    answers.sort(Comparator.naturalOrder());
    final double seconds = Duration.between(posted.sent[0], lastFinish).toNanos() / 1e9;
    // The benchmark's own transactions in between: its progress polls and the first statistics read.
    final long own = polls + 2L;
    final long transactions = after.commits - before.commits - own;
    System.out.println(String.format(Locale.ROOT, "tasks, %d instance%s%s: %.0f tasks/s, %.2f× the database alone (%d in "
            + "%.2f s from the first POST to the last finish; POSTs sent in %.2f s, answered p50 %.1f ms, p99 %.1f ms); POST -> start "
            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; per cluster (POST and install): %.1f transactions, "
            + "%.1f rows inserted, %.1f updated, %.1f deleted, %.0f fetched; CPU: Commander %.1f ms (its threads "
            + "%.1f, the JVM's GC and JIT compilers %.1f, of which collector pauses %.1f), PostgreSQL %.1f ms, "
            + "the load generator %.1f ms, the embedded Kafka broker "
            + "%.1f ms, so %d cores bound it near %.0f clusters/s, or %.0f/s for Commander and PostgreSQL alone; "
            + "retried %d, failed %d",
        instances, instances == 1 ? "" : "s", rate > 0 ? ", POSTed at " + rate + "/s" : "", clusters / seconds,
        clusters / seconds / baseline, clusters, seconds, posted.seconds, percentile(answers, 50), percentile(answers, 99),
        percentile(waits, 50), percentile(waits, 99), waits.get(waits.size() - 1),
        (double) transactions / clusters, (double) (after.inserted - before.inserted) / clusters,
        (double) (after.updated - before.updated) / clusters, (double) (after.deleted - before.deleted) / clusters,
        (double) (after.fetched - before.fetched) / clusters, jvm.commander() / 1e6 / clusters,
        jvm.commanderThreads() / 1e6 / clusters, jvm.jvmOwn() / 1e6 / clusters, jvm.gc() / 1e6 / clusters,
        postgres / 1e6 / clusters, jvm.loadGenerator() / 1e6 / clusters, jvm.broker() / 1e6 / clusters,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().availableProcessors() * 1e9 * clusters / (jvm.total() + postgres),
        Runtime.getRuntime().availableProcessors() * 1e9 * clusters / (jvm.commander() + postgres), retried, failed));
  }

  /** What the POSTs of one run sent and got: per cluster, when it was sent, how long the answer took, its id. */
  private record Posted(Instant[] sent, long[] answeredNanos, String[] ids, double seconds) {
  }

  /** POSTs the clusters, at most {@value #POST_CONCURRENCY} at once, and at {@code rate} a second if it is not 0. */
  private static Posted postClusters(final BenchApi api, final int clusters, final int rate) throws InterruptedException {
    final Posted posted = new Posted(new Instant[clusters], new long[clusters], new String[clusters], 0);
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final Semaphore inFlight = new Semaphore(POST_CONCURRENCY);
    final long started = System.nanoTime();
    for (int i = 0; i < clusters; i++) {
      if (rate > 0) {
        // Paced: the next POST at its own time, however long the last one took.
        final long due = started + i * 1_000_000_000L / rate;
        Thread.sleep(Math.max(0, (due - System.nanoTime()) / 1_000_000));
      }
      inFlight.acquire();
      final int n = i;
      final long sentNanos = System.nanoTime();
      posted.sent[n] = Instant.now();
      api.createCluster("bench-" + n).whenComplete((id, error) -> {
        if (error != null) {
          failures.add(error.getMessage());
        } else {
          posted.ids[n] = id;
          posted.answeredNanos[n] = System.nanoTime() - sentNanos;
        }
        inFlight.release();
      });
    }
    // All answered: the arrays' writes happened before the releases.
    inFlight.acquire(POST_CONCURRENCY);
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " POSTs failed, the first: " + failures.peek());
    }
    return new Posted(posted.sent, posted.answeredNanos, posted.ids, (System.nanoTime() - started) / 1e9);
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


}
