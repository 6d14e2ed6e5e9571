package io.commander.benchmarks;

import io.commander.core.config.ConfigLoader;
import io.commander.server.Commander;
import io.commander.server.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code commander bench events}: the outbox relay from commit to Kafka. It starts a whole Commander
 * in-process (API, renderer, cluster-manager and outbox-relay roles; the simulated provisioner at zero
 * phase duration; embedded PostgreSQL and Kafka in a temporary folder) and a consumer of
 * {@code commander.events.v1}. Run 1: {@value #CLUSTERS} clusters created by {@code POST /clusters}
 * and installed, each change writing its events as it commits (created, revisions, tasks, status
 * changes): events per second on the topic, and per event the lag from its commit ({@code time},
 * PostgreSQL's clock) to its Kafka record's timestamp (the relay's send) and to its reading by the
 * consumer. Run 2: a backlog, {@value #BACKLOG_PER_CLUSTER} events for each of the clusters committed
 * at once (as after an outage of Kafka), and how fast the relay drains it. Both clocks are this machine's.
 */
final class EventsBench {

  static final int CLUSTERS = 1_000;
  static final int BACKLOG_PER_CLUSTER = 10;
  private static final int POST_CONCURRENCY = 16;
  private static final String DB = "bench";
  private static final String TOPIC = "commander.events.v1";

  private EventsBench() {
  }

  /** An event as read: its commit time, its record's timestamp, when the consumer got it. */
  private record Read(Instant committed, Instant sent, Instant read) {
  }

  static void run() throws IOException, InterruptedException {
    BenchSupport.quietLogs();
    final Path dir = Files.createTempDirectory("commander-bench-events");
    final Map<String, String> env = BenchSupport.commanderEnv(dir, DB);
    env.put("COMMANDER_ROLES", "api,renderer,cluster-manager,outbox-relay");
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "0");
    env.put("COMMANDER_SIMULATED_AGENTS", "external");
    try {
      final Commander commander = Commander.start(ConfigLoader.load(env, Optional.empty()), env);
      final Vertx vertx = Vertx.vertx();
      final ConcurrentLinkedQueue<Read> reads = new ConcurrentLinkedQueue<>();
      final AtomicBoolean reading = new AtomicBoolean(true);
      final Thread consumer = new Thread(() -> consume(commander.config().kafka().bootstrap(), reads, reading),
          "bench-events-consumer");
      consumer.start();
      try {
        final Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
            .connectingTo(Database.connectOptions(commander.config().db())).using(vertx).build();
        final BenchApi api = BenchApi.signIn(commander.config().http().port());
        System.out.printf(Locale.ROOT, "events: outbox relay to Kafka (%s), %d cores; run 1: %d clusters created by "
            + "POST /clusters (%d in flight) and installed (simulated, zero phase duration)%n", TOPIC,
            Runtime.getRuntime().availableProcessors(), CLUSTERS, POST_CONCURRENCY);
        // Run 1: changes as they happen.
        final long before = count(pool, "SELECT count(*) FROM outbox_events");
        reads.clear();
        postClusters(api);
        while (count(pool, "SELECT count(*) FROM tasks WHERE kind = 'install' AND finished_at IS NOT NULL") < CLUSTERS) {
          Thread.sleep(100);
        }
        final long committed = count(pool, "SELECT count(*) FROM outbox_events") - before;
        awaitRead(reads, committed);
        report("changes as they commit (1,000 clusters installing)", new ArrayList<>(reads));

        // Run 2: a backlog committed at once.
        reads.clear();
        pool.query("""
            INSERT INTO outbox_events (type, subject, partition_key, workspace_id, data)
            SELECT 'io.commander.cluster.status_changed', c.id, c.id, c.workspace_id,
                   jsonb_build_object('cluster_id', c.id, 'old_status', 'in_sync', 'new_status', 'in_sync',
                                      'cause', null, 'task_id', null, 'n', n)
            FROM clusters c CROSS JOIN generate_series(1, %d) n ORDER BY n, c.id"""
            .formatted(BACKLOG_PER_CLUSTER)).execute().await();
        awaitRead(reads, (long) CLUSTERS * BACKLOG_PER_CLUSTER);
        report("a backlog of " + CLUSTERS * BACKLOG_PER_CLUSTER + " events committed at once", new ArrayList<>(reads));
      } finally {
        reading.set(false);
        consumer.join(10_000);
        vertx.close().await();
        commander.stop();
      }
    } finally {
      BenchSupport.deleteRecursively(dir);
    }
  }

  private static void consume(final String bootstrap, final ConcurrentLinkedQueue<Read> reads,
                              final AtomicBoolean reading) {
    final Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-events");
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "1000");
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      while (reading.get()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
          final Instant now = Instant.now();
          final JsonObject event = new JsonObject(r.value());
          reads.add(new Read(OffsetDateTime.parse(event.getString("time")).toInstant(),
              Instant.ofEpochMilli(r.timestamp()), now));
        }
      }
    }
  }

  private static void awaitRead(final ConcurrentLinkedQueue<Read> reads, final long expected)
      throws InterruptedException {
    final long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (reads.size() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("only " + reads.size() + " of " + expected + " events read in 5 minutes");
      }
      Thread.sleep(50);
    }
  }

  private static void report(final String what, final List<Read> reads) {
    final Instant first = reads.stream().map(Read::committed).min(Instant::compareTo).orElseThrow();
    final Instant last = reads.stream().map(Read::sent).max(Instant::compareTo).orElseThrow();
    final double seconds = Math.max(1e-3, Duration.between(first, last).toNanos() / 1e9);
    final List<Double> sent = reads.stream().map(r -> Duration.between(r.committed(), r.sent()).toNanos() / 1e6)
        .sorted().toList();
    final List<Double> read = reads.stream().map(r -> Duration.between(r.committed(), r.read()).toNanos() / 1e6)
        .sorted().toList();
    System.out.printf(Locale.ROOT, "events, %s: %d events, %.0f events/s (first commit to last send, %.2f s); "
            + "commit -> Kafka record p50 %.0f ms, p99 %.0f ms, max %.0f ms; commit -> read by a consumer p50 %.0f ms, "
            + "p99 %.0f ms%n", what, reads.size(), reads.size() / seconds, seconds, percentile(sent, 50),
        percentile(sent, 99), sent.get(sent.size() - 1), percentile(read, 50), percentile(read, 99));
  }

  private static void postClusters(final BenchApi api) throws InterruptedException {
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    final Semaphore inFlight = new Semaphore(POST_CONCURRENCY);
    for (int i = 0; i < CLUSTERS; i++) {
      inFlight.acquire();
      api.createCluster("bench-" + i).whenComplete((id, error) -> {
        if (error != null) {
          failures.add(error.getMessage());
        }
        inFlight.release();
      });
    }
    inFlight.acquire(POST_CONCURRENCY);
    if (!failures.isEmpty()) {
      throw new IllegalStateException(failures.size() + " POSTs failed, the first: " + failures.peek());
    }
  }

  private static long count(final Pool pool, final String sql) {
    return pool.query(sql).execute().await().iterator().next().getLong(0);
  }

  private static double percentile(final List<Double> sorted, final double p) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
  }
}
