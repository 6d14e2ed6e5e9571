package io.commander.benchmarks;

import io.commander.agent.fleet.CommanderApi;
import io.commander.agent.fleet.Fleet;
import io.commander.agent.protocol.Frame.Telemetry;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.server.Database;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.tokens.TokenSecrets;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code commander bench agents [STEPS]}: the agent gateway under a fleet, on this machine. A whole
 * Commander runs as a process of its own (as {@code bin/commander up} runs it: embedded PostgreSQL and
 * Kafka, every role, {@code simulated.agents: external}, in a temporary state folder on free ports);
 * this JVM runs the fleet simulator's agents ({@link Fleet}: the agent's own link and simulated
 * backend, one Vert.x, one websocket client) in steps of connected clusters. Per step: the time until
 * all are connected (admission control spreads them), the Commander process's heap (its /metrics) and
 * RSS, its embedded PostgreSQL's PSS, the CPU share of each over a quiet window, the telemetry lag from
 * an agent's send to the API showing it, and the reconnect of every agent after a restart (SIGTERM,
 * which drains the agents, then a start on the same state and ports).
 *
 * <p>Clusters are made the fast way, as {@code bench api} makes them: one by {@code POST /clusters}
 * (installed by the simulated provisioner), the others copied from it in SQL with its revision, each
 * with a token of its own whose keyed hash and encrypted copy are made with the Commander's own keys
 * (its keys file), exactly as the API makes them.
 */
public final class AgentsBench {

  static final int[] DEFAULT_STEPS = {1_000, 2_000, 5_000, 10_000};
  private static final String DB = "bench";
  private static final int SAMPLE = 200;
  private static final Duration CONNECT_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration SETTLE = Duration.ofSeconds(10);
  private static final Duration CPU_WINDOW = Duration.ofSeconds(30);
  private static final Duration LAG_WINDOW = Duration.ofSeconds(30);
  private static final long POLL_MILLIS = 250;
  private static final Duration LAG_GIVE_UP = Duration.ofSeconds(30);
  private static final int CORES = Runtime.getRuntime().availableProcessors();

  private AgentsBench() {
  }

  /** One step's figures. */
  record Step(int clusters, int connected, double connectSeconds, long throttled, long heapBytes,
              CommanderProcess.Usage usage, double jvmCpu, double pgCpu, double fleetCpu, double framesPerSecond,
              double[] writtenLag, double[] seenLag, int lagSamples, int lagMissed, double stopSeconds,
              double readySeconds, double reconnectSeconds, int reconnected, long reconnectErrors,
              long reconnectThrottled, long reconnectFailed) {
  }

  public static void run(final int[] steps) throws IOException, InterruptedException {
    BenchSupport.quietLogs();
    final Path dir = Files.createTempDirectory("commander-bench-agents");
    final Map<String, String> env = BenchSupport.commanderEnv(dir, DB);
    env.put("COMMANDER_SIMULATED_AGENTS", "external");
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "0");
    env.put("COMMANDER_LOG_LEVEL", System.getenv().getOrDefault("COMMANDER_LOG_LEVEL", "warn"));
    final CommanderProcess commander = new CommanderProcess(env, dir.resolve("commander.log"));
    final Vertx vertx = Vertx.vertx();
    Fleet fleet = null;
    boolean failed = true;
    boolean keepLog = false;
    try {
      commander.start();
      commander.awaitReady(Duration.ofMinutes(2));
      System.out.printf(Locale.ROOT, "agents: a Commander process (pid %d, all roles, embedded PostgreSQL and Kafka, "
              + "JVM options %s) and the fleet in this JVM; %d cores, load average %s%n", commander.pid(),
          System.getenv().getOrDefault("COMMANDER_JAVA_OPTS", "-Xms256m -XX:+UseSerialGC"), CORES, loadAverage());
      System.out.println("targets (the project's): 10,000 connected with Commander's RSS <= 2 GB, telemetry lag p99 "
          + "< 5 s, all reconnected < 60 s after a restart without an error");
      final BenchApi api = BenchApi.signIn(commander.port());
      final String seed = api.createCluster("bench-0").join();
      awaitInstalled(api, seed);
      final String seedToken = CommanderApi.withToken(commander.url(), api.token()).agentToken(seed).join();
      // The embedded server's address, as the Commander process itself connects to it.
      final int dbPort = Integer.parseInt(env.get("COMMANDER_DB_EMBEDDED_PORT"));
      final CommanderConfig config = ConfigLoader.load(env, Optional.empty())
          .withDatabaseAt(io.commander.devservices.EmbeddedPostgresServer.HOST, dbPort);
      final Keys keys = Keys.load(vertx, config, env);

      final Step baseline = measureIdle(commander);
      fleet = new Fleet(vertx, commander.url());
      final Lag lag = new Lag(vertx, commander.port(), api.token());
      final AtomicLong frames = new AtomicLong();
      fleet.onTelemetrySent((cluster, t) -> {
        frames.incrementAndGet();
        lag.sent(cluster, t);
      });
      final Map<String, String> tokens = new LinkedHashMap<>();
      tokens.put(seed, seedToken);
      final List<Step> results = new ArrayList<>();
      printHeader();
      printRow(baseline);
      for (int target : steps) {
        final long copyStarted = System.nanoTime();
        final int before = tokens.size();
        tokens.putAll(copy(vertx, config, keys, UUID.fromString(seed), before, target - before));
        final double copySeconds = (System.nanoTime() - copyStarted) / 1e9;
        // Start the new agents at once: admission control (agent-gateway.admission-rate) paces them.
        final long throttledBefore = fleet.stats().throttled.sum();
        final long connectStarted = System.nanoTime();
        final Fleet f = fleet;
        tokens.entrySet().stream().skip(f.size()).forEach(e -> f.add(e.getKey(), e.getValue()));
        awaitConnected(fleet, target);
        final double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;
        final long throttled = fleet.stats().throttled.sum() - throttledBefore;
        final int connectedBefore = fleet.connected();
        Thread.sleep(SETTLE.toMillis());

        // A quiet window for CPU: only the agents talk to Commander.
        final CommanderProcess.Usage u0 = commander.usage();
        final double self0 = CommanderProcess.cpuSeconds(ProcessHandle.current().pid());
        final long frames0 = frames.get();
        final long t0 = System.nanoTime();
        Thread.sleep(CPU_WINDOW.toMillis());
        final double wall = (System.nanoTime() - t0) / 1e9;
        final CommanderProcess.Usage u1 = commander.usage();
        final double fleetCpu = (CommanderProcess.cpuSeconds(ProcessHandle.current().pid()) - self0) / wall / CORES;
        final double perSecond = (frames.get() - frames0) / wall;

        // The lag window: a sample of clusters polled through the API after each of their sends.
        lag.start(new ArrayList<>(tokens.keySet()));
        Thread.sleep(LAG_WINDOW.toMillis());
        final Lag.Result lagResult = lag.stop();
        final long heap = commander.heapUsed();
        final CommanderProcess.Usage memory = commander.usage();

        // The restart: SIGTERM drains the agents (each told to come back after a random delay up to
        // agent-gateway.drain-spread), the process stops, and starts again on the same state and ports.
        final long errors0 = errors(fleet);
        final long throttled0 = fleet.stats().throttled.sum();
        final long failed0 = fleet.stats().failed.sum();
        final long stopStarted = System.nanoTime();
        commander.stop(Duration.ofMinutes(2));
        final long restarted = System.nanoTime();
        commander.start();
        double readySeconds;
        try {
          commander.awaitReady(Duration.ofMinutes(2));
          readySeconds = (System.nanoTime() - restarted) / 1e9;
        } catch (IllegalStateException e) {
          // Not ready (a dependency check failing under the reconnecting fleet): the agents may still come back.
          System.out.println("  " + e.getMessage());
          readySeconds = Double.NaN;
          keepLog = true;
        }
        final int reconnected = awaitConnected(fleet, target);
        final double reconnectSeconds = (System.nanoTime() - restarted) / 1e9;
        keepLog |= reconnected < target;
        final Step step = new Step(target, connectedBefore, connectSeconds,
            throttled, heap, memory, (u1.jvmCpuSeconds() - u0.jvmCpuSeconds()) / wall / CORES,
            (u1.childrenCpuSeconds() - u0.childrenCpuSeconds()) / wall / CORES, fleetCpu, perSecond,
            lagResult.written(), lagResult.seen(), lagResult.samples(), lagResult.missed(),
            (restarted - stopStarted) / 1e9, readySeconds, reconnectSeconds, reconnected, errors(fleet) - errors0,
            fleet.stats().throttled.sum() - throttled0, fleet.stats().failed.sum() - failed0);
        results.add(step);
        System.out.printf(Locale.ROOT, "  (clusters %,d..%,d copied in SQL in %.1f s; load average %s)%n", before,
            target - 1, copySeconds, loadAverage());
        printRow(step);
        Thread.sleep(SETTLE.toMillis());
      }
      System.out.println();
      printHeader();
      printRow(baseline);
      results.forEach(AgentsBench::printRow);
      System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
      failed = keepLog;
    } finally {
      if (fleet != null) {
        fleet.stop();
      }
      vertx.close().await();
      commander.stop(Duration.ofMinutes(1));
      if (!failed) {
        BenchSupport.deleteRecursively(dir);
      } else {
        System.err.println("agents: the run failed or an agent did not come back; Commander's log and state are kept in "
            + dir);
      }
    }
  }

  private static void printHeader() {
    System.out.println("| clusters | connected (s to connect all; 503s) | heap used | RSS Commander JVM (incl. Kafka) "
        + "| PSS PostgreSQL | CPU Commander JVM | CPU PostgreSQL | CPU fleet JVM | telemetry frames/s "
        + "| lag written p50/p99 | lag seen p50/p99 (n, missed) | restart: stop s, ready s, all reconnected s "
        + "| reconnect errors (503s, failed) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  }

  private static void printRow(final Step s) {
    if (s.clusters() == 0) {
      System.out.printf(Locale.ROOT, "| 0 (idle, baseline) | - | %s | %s | %s | %s | %s | - | - | - | - | - | - |%n",
          mib(s.heapBytes()), mib(s.usage().jvmRssKib() * 1024), mib(s.usage().childrenPssKib() * 1024),
          pct(s.jvmCpu()), pct(s.pgCpu()));
      return;
    }
    System.out.printf(Locale.ROOT, "| %,d | %,d (%.0f s; %,d) | %s | %s | %s | %s | %s | %s | %,.0f | %s | %s (%d, %d) "
            + "| %.1f, %.1f, %s | %d (%,d, %,d) |%n",
        s.clusters(), s.connected(), s.connectSeconds(), s.throttled(), mib(s.heapBytes()),
        mib(s.usage().jvmRssKib() * 1024), mib(s.usage().childrenPssKib() * 1024), pct(s.jvmCpu()), pct(s.pgCpu()),
        pct(s.fleetCpu()), s.framesPerSecond(), seconds(s.writtenLag()), seconds(s.seenLag()), s.lagSamples(),
        s.lagMissed(), s.stopSeconds(), s.readySeconds(),
        s.reconnected() >= s.clusters() ? String.format(Locale.ROOT, "%.1f", s.reconnectSeconds())
            : String.format(Locale.ROOT, "%,d only after %.0f", s.reconnected(), s.reconnectSeconds()),
        s.reconnectErrors(), s.reconnectThrottled(), s.reconnectFailed());
  }

  private static String mib(final long bytes) {
    return bytes < 0 ? "?" : String.format(Locale.ROOT, "%,d MiB", bytes / 1_048_576);
  }

  private static String pct(final double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  private static String seconds(final double[] p) {
    return p == null ? "-" : String.format(Locale.ROOT, "%.2f/%.2f s", p[0], p[1]);
  }

  static String loadAverage() {
    try {
      final String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** Refusals of a token (401), upgrades never answered, links replaced by another agent: what must never happen. */
  private static long errors(final Fleet fleet) {
    return fleet.stats().refused.sum() + fleet.stats().replaced.sum() + fleet.stats().unanswered.sum();
  }

  /** The idle Commander over the CPU window: nothing connected yet, one cluster. */
  private static Step measureIdle(final CommanderProcess commander) throws InterruptedException {
    Thread.sleep(SETTLE.toMillis());
    final CommanderProcess.Usage u0 = commander.usage();
    final long t0 = System.nanoTime();
    Thread.sleep(CPU_WINDOW.toMillis());
    final double wall = (System.nanoTime() - t0) / 1e9;
    final CommanderProcess.Usage u1 = commander.usage();
    return new Step(0, 0, 0, 0, commander.heapUsed(), u1, (u1.jvmCpuSeconds() - u0.jvmCpuSeconds()) / wall / CORES,
        (u1.childrenCpuSeconds() - u0.childrenCpuSeconds()) / wall / CORES, 0, 0, null, null, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  }

  private static void awaitInstalled(final BenchApi api, final String cluster) throws InterruptedException {
    final java.net.http.HttpClient http = api.http();
    for (int i = 0; i < 600; i++) {
      try {
        final JsonObject c = new JsonObject(http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(api.base() + "/clusters/" + cluster)).header("X-Auth-Token", api.token()).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        if (Boolean.TRUE.equals(c.getBoolean("was_created")) && c.getInteger("applied_revision") != null) {
          return;
        }
      } catch (IOException e) {
        // Try again.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("the seed cluster was not installed within a minute");
  }

  /** Waits until the fleet has this many connected (or the timeout); answers how many are. */
  private static int awaitConnected(final Fleet fleet, final int target) throws InterruptedException {
    final long until = System.nanoTime() + CONNECT_TIMEOUT.toNanos();
    int connected = fleet.connected();
    long printed = System.nanoTime();
    while (connected < target && System.nanoTime() < until) {
      Thread.sleep(100);
      connected = fleet.connected();
      if (System.nanoTime() - printed > 15_000_000_000L) {
        printed = System.nanoTime();
        System.out.println("  waiting: " + fleet.status());
      }
    }
    return connected;
  }

  /**
   * Copies the seed cluster {@code count} times, as installed clusters (its revision, was_created,
   * status and applied revision), each with a fresh agent token whose keyed hash and encrypted copy
   * are made with the Commander's keys; answers cluster id to token. The last drift check is set to
   * now, so no check tasks run during the measurement.
   */
  private static Map<String, String> copy(final Vertx vertx, final CommanderConfig config, final Keys keys,
                                          final UUID seed, final int from, final int count) {
    final Map<String, String> tokens = new LinkedHashMap<>();
    if (count <= 0) {
      return tokens;
    }
    final Pool pool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(2))
        .connectingTo(Database.connectOptions(config.db())).using(vertx).build();
    try {
      final String[] names = new String[count];
      final String[] hashes = new String[count];
      final String[] encrypted = new String[count];
      final List<String> plain = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        final String token = TokenSecrets.generate();
        names[i] = "bench-" + (from + i);
        hashes[i] = keys.keyring().hashToken(token);
        encrypted[i] = keys.encrypt(EncryptedColumn.CLUSTER_AGENT_TOKEN.context(), token);
        plain.add(token);
      }
      final Map<String, String> replaced = Map.of(
          "id", "gen_random_uuid()",
          "name", "u.name",
          "agent_token_hash", "u.hash",
          "agent_token_encrypted", "u.enc",
          "last_checked_at", "now()",
          "created_at", "now()",
          "updated_at", "now()");
      final List<String> columns = columns(pool, "clusters");
      pool.preparedQuery("INSERT INTO clusters (" + String.join(", ", columns) + ") SELECT "
              + String.join(", ", columns.stream().map(c -> replaced.getOrDefault(c, "s." + c)).toList())
              + " FROM clusters s, unnest($1::text[], $2::text[], $3::text[]) AS u(name, hash, enc) WHERE s.id = $4")
          .execute(Tuple.tuple().addArrayOfString(names).addArrayOfString(hashes).addArrayOfString(encrypted)
              .addUUID(seed)).await();
      final List<String> revisionColumns = columns(pool, "cluster_revisions");
      final Map<String, String> revisionReplaced = Map.of("id", "gen_random_uuid()", "cluster_id", "c.id");
      pool.preparedQuery("INSERT INTO cluster_revisions (" + String.join(", ", revisionColumns) + ") SELECT "
              + String.join(", ", revisionColumns.stream().map(c -> revisionReplaced.getOrDefault(c, "s." + c)).toList())
              + " FROM cluster_revisions s, clusters c WHERE s.cluster_id = $1 AND c.name = ANY($2::text[])")
          .execute(Tuple.tuple().addUUID(seed).addArrayOfString(names)).await();
      final Map<String, String> ids = new LinkedHashMap<>();
      pool.preparedQuery("SELECT name, id::text FROM clusters WHERE name = ANY($1::text[])").execute(
          Tuple.tuple().addArrayOfString(names)).await().forEach(row -> ids.put(row.getString(0), row.getString(1)));
      pool.query("ANALYZE clusters").execute().await();
      for (int i = 0; i < count; i++) {
        tokens.put(ids.get(names[i]), plain.get(i));
      }
      return tokens;
    } finally {
      pool.close().await();
    }
  }

  private static List<String> columns(final Pool pool, final String table) {
    final List<String> columns = new ArrayList<>();
    pool.preparedQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() "
        + "AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position").execute(Tuple.of(table)).await()
        .forEach((Row row) -> columns.add(row.getString(0)));
    return columns;
  }

  /**
   * Telemetry lag as a client sees it. For a sample of clusters, each overview the simulator's agent
   * sent (its frame's {@code sent_at}, this machine's clock) is looked for in {@code GET /clusters/{id}}:
   * polled {@value #POLL_MILLIS} ms after the send and every {@value #POLL_MILLIS} ms after that until
   * the cluster's {@code cluster_agent_data} shows that document (told apart by its usage figures, which
   * move with every send). Two figures per document: <em>seen</em>, the moment the answer that first
   * showed it arrived minus {@code sent_at} (an upper bound, late by up to one poll interval), and
   * <em>written</em>, the document's {@code updated_at} (PostgreSQL's {@code now()}, when the
   * ingest's batch statement began) minus {@code sent_at} (a lower bound: the batch commits a little
   * later). A document replaced before it was seen is matched with any later send of the same
   * measurement; one not seen within 30 s counts as missed.
   */
  static final class Lag {

    private final Vertx vertx;
    private final HttpClient http;
    private final String token;
    private final Map<String, Measurement> active = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<double[]> results = new ConcurrentLinkedQueue<>();
    private final AtomicLong missed = new AtomicLong();
    private volatile Set<String> sample = Set.of();
    private volatile boolean running;

    /** What one measurement waits to see: the overviews sent since it began, oldest first. */
    private static final class Measurement {
      final List<Sent> sent = new ArrayList<>();
    }

    private record Sent(Instant at, String fingerprint) {
    }

    /** Lag percentiles (p50, p99) in seconds; null when nothing was measured. */
    record Result(double[] written, double[] seen, int samples, int missed) {
    }

    Lag(final Vertx vertx, final int port, final String token) {
      this.vertx = vertx;
      this.token = token;
      this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
          .setKeepAlive(true), new PoolOptions().setHttp1MaxSize(16));
    }

    void start(final List<String> clusters) {
      final List<String> shuffled = new ArrayList<>(clusters);
      Collections.shuffle(shuffled);
      results.clear();
      missed.set(0);
      active.clear();
      sample = Set.copyOf(shuffled.subList(0, Math.min(SAMPLE, shuffled.size())));
      running = true;
    }

    Result stop() throws InterruptedException {
      running = false;
      // Let the measurements under way finish (or give up).
      final long until = System.nanoTime() + LAG_GIVE_UP.toNanos() + 2_000_000_000L;
      while (!active.isEmpty() && System.nanoTime() < until) {
        Thread.sleep(100);
      }
      final List<double[]> all = new ArrayList<>(results);
      if (all.isEmpty()) {
        return new Result(null, null, 0, (int) missed.get());
      }
      final double[] written = all.stream().mapToDouble(r -> r[0]).sorted().toArray();
      final double[] seen = all.stream().mapToDouble(r -> r[1]).sorted().toArray();
      return new Result(new double[] {percentile(written, 50), percentile(written, 99)},
          new double[] {percentile(seen, 50), percentile(seen, 99)}, all.size(), (int) missed.get());
    }

    /** From the fleet: a link wrote a telemetry frame. */
    void sent(final String cluster, final Telemetry telemetry) {
      final JsonObject overview = telemetry.sources().get("overview");
      if (overview == null || !sample.contains(cluster)) {
        return;
      }
      final Sent sent = new Sent(telemetry.sentAt(), fingerprint(overview));
      if (!running) {
        return;
      }
      final Measurement fresh = new Measurement();
      final Measurement m = active.computeIfAbsent(cluster, k -> fresh);
      synchronized (m) {
        m.sent.add(sent);
      }
      if (m == fresh) {
        vertx.setTimer(POLL_MILLIS, t -> poll(cluster, m));
      }
    }

    private void poll(final String cluster, final Measurement m) {
      http.request(new RequestOptions().setMethod(HttpMethod.GET).setURI("/api/v1/clusters/" + cluster)
              .putHeader("X-Auth-Token", token))
          .compose(request -> request.send()).compose(response -> response.body())
          .onComplete(body -> {
            final Instant now = Instant.now();
            if (body.succeeded()) {
              final JsonObject overview = overview(new JsonObject(body.result()));
              if (overview != null) {
                final String seen = fingerprint(overview.getJsonObject("data"));
                Sent match = null;
                synchronized (m) {
                  for (Sent s : m.sent) {
                    if (s.fingerprint().equals(seen)) {
                      match = s;
                    }
                  }
                }
                if (match != null) {
                  final Instant written = Instant.parse(overview.getString("updated_at"));
                  results.add(new double[] {Duration.between(match.at(), written).toNanos() / 1e9,
                      Duration.between(match.at(), now).toNanos() / 1e9});
                  active.remove(cluster, m);
                  return;
                }
              }
            }
            final Instant first;
            synchronized (m) {
              first = m.sent.get(0).at();
            }
            if (Duration.between(first, now).compareTo(LAG_GIVE_UP) > 0) {
              missed.incrementAndGet();
              active.remove(cluster, m);
            } else {
              vertx.setTimer(POLL_MILLIS, t -> poll(cluster, m));
            }
          });
    }

    private static JsonObject overview(final JsonObject cluster) {
      final io.vertx.core.json.JsonArray data = cluster.getJsonArray("cluster_agent_data");
      if (data == null) {
        return null;
      }
      for (int i = 0; i < data.size(); i++) {
        if ("overview".equals(data.getJsonObject(i).getString("source"))) {
          return data.getJsonObject(i);
        }
      }
      return null;
    }

    /** The figures that move with (nearly) every send, as numbers, so JSON's spelling does not matter. */
    private static String fingerprint(final JsonObject overview) {
      return Arrays.asList(number(overview, "cpu_usage_percent"), number(overview, "memory_usage_percent"),
          number(overview, "root_fs_usage_percent"), number(overview, "pvc_capacity_gib")).toString();
    }

    private static double number(final JsonObject o, final String key) {
      final Object v = o.getValue(key);
      return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double percentile(final double[] sorted, final double p) {
      return sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(p / 100 * sorted.length) - 1))];
    }
  }
}
