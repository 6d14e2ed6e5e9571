package io.commander.benchmarks;

import io.commander.core.config.ConfigLoader;
import io.commander.server.Commander;
import io.commander.server.Database;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code commander bench api}: the read API against the limit of the same machine, in one run. It
 * starts a whole Commander in-process (api and renderer roles on embedded PostgreSQL and Kafka), fills
 * a workspace with N clusters (one created by {@code POST /clusters}, the others copied from it in SQL
 * with a revision and a finished install task each, one in twenty failed, one in fifty with a pending
 * check), and starts beside it a bare Vert.x route that reads an equal page (50 clusters, keyset on
 * the list's order, the columns the list answers, as JSON) straight from the same database with a pool of
 * the same size. One load generator (a Vert.x HTTP client, {@value #CONNECTIONS} connections, each
 * sending its next request when the last is answered) drives each request for a warm-up and then a
 * measured period, and the figures print beside the baseline's: requests per second, p50, p99 and
 * the ratio of requests per second to the baseline's. Last, the Commander process's heap after a
 * full collection and its resident set.
 */
public final class ApiBench {

  static final int CONNECTIONS = 64;
  private static final int PAGE = 50;
  private static final String DB = "bench";

  private ApiBench() {
  }

  /** What one request did over the measured period. */
  record Result(String name, double perSecond, double p50, double p99, long errors) {
  }

  /** A request to measure: the path, and the headers that authenticate it. */
  record Target(String name, String path, Map<String, String> headers) {
  }

  public static void run(final int clusters, final int seconds) throws IOException, InterruptedException {
    BenchSupport.quietLogs();
    final Path dir = Files.createTempDirectory("commander-bench-api");
    final Map<String, String> env = BenchSupport.commanderEnv(dir, DB);
    env.put("COMMANDER_ROLES", "api,renderer");
    try {
      final Commander commander = Commander.start(ConfigLoader.load(env, Optional.empty()), env);
      final Vertx vertx = Vertx.vertx();
      try {
        final Pool pool = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions()
                .setMaxSize(commander.config().db().poolSize()))
            .connectingTo(Database.connectOptions(commander.config().db())).using(vertx).build();
        final int port = commander.config().http().port();
        final BenchApi api = BenchApi.signIn(port);
        final String seed = api.createCluster("bench-0").join();
        fill(pool, UUID.fromString(seed), clusters);
        final UUID workspace = UUID.fromString(api.workspaceId());
        final String someCluster = pool.preparedQuery("SELECT id::text FROM clusters WHERE name = $1")
            .execute(Tuple.of("bench-" + clusters / 2)).await().iterator().next().getString(0);
        final int httpInstances = commander.config().http().instances();
        final int barePort = bareServer(vertx, pool, workspace,
            httpInstances > 0 ? httpInstances : VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);

        final Map<String, String> token = Map.of("X-Auth-Token", api.token());
        final Map<String, String> browser = Map.of("Cookie", api.adminCookie());
        final String ws = "&workspace_id=" + workspace;
        final List<Target> targets = List.of(
            new Target("bare Vert.x + PostgreSQL, 50-row keyset page", "bare", Map.of()),
            new Target("GET /clusters?limit=50 (token)", "/api/v1/clusters?limit=50", token),
            new Target("GET /clusters?limit=50 (browser session)", "/api/v1/clusters?limit=50" + ws, browser),
            new Target("GET /clusters?limit=50&offset=" + clusters / 2 + " (middle)",
                "/api/v1/clusters?limit=50&offset=" + clusters / 2, token),
            new Target("GET /clusters?limit=50&offset=" + (clusters - PAGE) + " (last)",
                "/api/v1/clusters?limit=50&offset=" + (clusters - PAGE), token),
            new Target("GET /clusters?limit=50&status=creation_failed", "/api/v1/clusters?limit=50&status=creation_failed",
                token),
            new Target("GET /clusters/{id} (token)", "/api/v1/clusters/" + someCluster, token),
            new Target("GET /clusters/{id} (browser session)", "/api/v1/clusters/" + someCluster + "?x=1" + ws,
                browser),
            new Target("GET /cluster_templates", "/api/v1/cluster_templates", token),
            new Target("GET /audit?limit=50 (browser session)", "/api/v1/audit?limit=50", browser),
            new Target("GET /auth/me (token)", "/api/v1/auth/me", token));

        if (System.getenv("COMMANDER_BENCH_HOLD") != null) {
          hold(targets, port, barePort);
        }
        System.out.printf(Locale.ROOT, "read API: %,d clusters in one workspace, %d connections, %d s measured after "
                + "%d s of warm-up per request, %d cores%n", clusters, CONNECTIONS, seconds, Math.max(2, seconds / 3),
            Runtime.getRuntime().availableProcessors());
        final List<Result> results = new ArrayList<>();
        for (Target target : targets) {
          final boolean isBare = "bare".equals(target.path());
          results.add(measure(vertx, isBare ? barePort : port, isBare ? "/page" : target.path(), target, seconds,
              CONNECTIONS));
        }
        print(results);
        memory();
        consoleList(port, clusters);
      } finally {
        vertx.close().await();
        commander.stop();
      }
    } finally {
      BenchSupport.deleteRecursively(dir);
    }
  }

  /**
   * The web console's clusters list in headless Chromium against this Commander: how long after the start of
   * a navigation its first page shows ({@code webroot/e2e/listbench.mjs}; needs the console's build, its npm
   * packages and Chromium, which {@code bin/commander bench} provides).
   */
  private static void consoleList(final int port, final int clusters) throws IOException, InterruptedException {
    final Path webroot = Path.of("webroot");
    if (!Files.isRegularFile(webroot.resolve("dist/index.html"))
        || !Files.isDirectory(webroot.resolve("node_modules/playwright-core"))) {
      System.out.println("console: not measured: the console's build or its npm packages are missing (bin/commander "
          + "bench builds them)");
      return;
    }
    final ProcessBuilder node = new ProcessBuilder("node", "e2e/listbench.mjs").directory(webroot.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    node.environment().putAll(Map.of("COMMANDER_BENCH_URL", "http://127.0.0.1:" + port,
        "COMMANDER_BENCH_EMAIL", BenchApi.ADMIN_EMAIL, "COMMANDER_BENCH_PASSWORD", BenchApi.ADMIN_PASSWORD,
        "COMMANDER_BENCH_WORKSPACE", "bench"));
    final Process process = node.start();
    final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0 || !out.strip().startsWith("{")) {
      System.out.println("console: not measured: listbench.mjs failed (exit " + process.exitValue() + ") " + out.strip());
      return;
    }
    final JsonObject figures = new JsonObject(out.strip());
    final List<Double> loads = figures.getJsonArray("loads_ms").stream().map(n -> ((Number) n).doubleValue())
        .sorted().toList();
    System.out.printf(Locale.ROOT, "console: the clusters list (%,d clusters) showed its first page (%d rows) %.0f ms "
            + "after the start of the navigation, p50 of %d full loads in headless Chromium (min %.0f, max %.0f ms)%n",
        clusters, figures.getInteger("rows"), loads.get(loads.size() / 2), loads.size(), loads.get(0),
        loads.get(loads.size() - 1));
  }

  /** Copies the seed cluster (and its revision) into {@code clusters - 1} more, each with a finished install. */
  private static void fill(final Pool pool, final UUID seed, final int clusters) {
    final Map<String, String> replaced = Map.of(
        "id", "gen_random_uuid()",
        "name", "'bench-' || g",
        "agent_token_hash", "md5(s.id::text || g)",
        "status", "CASE WHEN g % 20 = 0 THEN 'creation_failed' ELSE 'in_sync' END",
        "was_created", "g % 20 <> 0",
        "applied_revision", "CASE WHEN g % 20 = 0 THEN NULL ELSE 1 END",
        "created_at", "now() - g * interval '1 second'",
        "updated_at", "now() - g * interval '1 second'");
    pool.query(BenchSupport.copy(pool, "clusters", replaced, "clusters s, generate_series(1, " + (clusters - 1) + ") g",
        "s.id = '" + seed + "'")).execute().await();
    pool.query(BenchSupport.copy(pool, "cluster_revisions", Map.of("id", "gen_random_uuid()", "cluster_id", "c.id"),
        "cluster_revisions s, clusters c", "s.cluster_id = '" + seed + "' AND c.id <> s.cluster_id")).execute().await();
    pool.query("UPDATE tasks SET state = 'succeeded', attempt = 1, started_at = now(), finished_at = now()")
        .execute().await();
    pool.query("""
        INSERT INTO tasks (cluster_id, kind, state, cluster_revision, attempt, started_at, finished_at, created_by)
        SELECT id, 'install', CASE WHEN status = 'creation_failed' THEN 'failed' ELSE 'succeeded' END, 1, 1, now(),
               now(), 'bench'
        FROM clusters WHERE name <> 'bench-0'""").execute().await();
    pool.query("""
        INSERT INTO tasks (cluster_id, kind, cluster_revision, created_by, run_after)
        SELECT id, 'check', 1, 'bench', now() + interval '1 day' FROM clusters
        WHERE status = 'in_sync' AND substr(name, 7)::int % 50 = 1""").execute().await();
    pool.query("VACUUM ANALYZE").execute().await();
  }

  /**
   * The limit to compare with: one route reading a 50-cluster page of the workspace by keyset (the
   * list's order, the same index) and answering the list's columns as JSON, with no authentication; served
   * by as many HTTP server instances as Commander's (one per event loop by default).
   *
   * @return the port it listens on
   */
  private static int bareServer(final Vertx vertx, final Pool pool, final UUID workspace, final int instances)
      throws IOException {
    final String sql = "SELECT id, workspace_id, name, cluster_template_version_id, registry_id, provisioner, status, "
        + "values, render_errors, sync_mode, check_interval_seconds, current_revision, desired_revision, "
        + "applied_revision, was_created, ssh_public_key, cluster_type, connection_hosts, created_at, updated_at, "
        + "archived_at, archive_number FROM clusters WHERE workspace_id = $1 AND created_at <= $2 "
        + "AND (created_at < $2 OR (created_at = $2 AND id > $3)) ORDER BY created_at DESC, id LIMIT " + PAGE;
    final Row middle = pool.query("SELECT created_at, id FROM clusters ORDER BY created_at DESC, id OFFSET "
        + PAGE + " LIMIT 1").execute().await().iterator().next();
    final Tuple params = Tuple.of(workspace, middle.getOffsetDateTime(0), middle.getUUID(1));
    final int port = BenchSupport.freePort();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer().requestHandler(request -> pool.preparedQuery(sql).execute(params)
            .onSuccess(rows -> {
              final JsonArray page = new JsonArray();
              rows.forEach(row -> page.add(row.toJson()));
              request.response().putHeader("Content-Type", "application/json").end(page.toBuffer());
            })
            .onFailure(e -> request.response().setStatusCode(500).end(e.getMessage())))
            .listen(port, "127.0.0.1");
      }
    }, new DeploymentOptions().setInstances(instances)).await();
    return port;
  }

  /**
   * With {@code COMMANDER_BENCH_HOLD} set: prints each request as a URL with its headers and waits until the
   * process is stopped, for measuring with a load generator of one's own (wrk, say) on the same filled database.
   */
  private static void hold(final List<Target> targets, final int port, final int barePort) throws InterruptedException {
    for (Target target : targets) {
      final boolean isBare = "bare".equals(target.path());
      System.out.printf(Locale.ROOT, "%s: http://127.0.0.1:%d%s%s%n", target.name(), isBare ? barePort : port,
          isBare ? "/page" : target.path(), target.headers().entrySet().stream()
              .map(h -> " -H '" + h.getKey() + ": " + h.getValue() + "'").reduce("", String::concat));
    }
    System.out.println("holding: stop with Ctrl-C");
    new CountDownLatch(1).await();
  }

  /** Drives one request with {@code connections} connections: a warm-up, then the measured period. */
  static Result measure(final Vertx vertx, final int port, final String path, final Target target,
                        final int seconds, final int connections) throws InterruptedException {
    final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true)
        .setDefaultHost("127.0.0.1").setDefaultPort(port), new PoolOptions().setHttp1MaxSize(connections));
    try {
      run(vertx, client, path, target.headers(), Math.max(2, seconds / 3), null, connections);
      final Recorder recorder = new Recorder(new long[connections][]);
      final long started = System.nanoTime();
      final long errors = run(vertx, client, path, target.headers(), seconds, recorder, connections);
      final double elapsed = (System.nanoTime() - started) / 1e9;
      final long[] all = recorder.all();
      Arrays.sort(all);
      return new Result(target.name(), all.length / elapsed, percentile(all, 50), percentile(all, 99), errors);
    } finally {
      client.close().await();
    }
  }

  /** Latencies per connection, each written by one loop only. */
  private static final class Recorder {
    private final long[][] perLoop;
    private final int[] sizes;

    Recorder(final long[][] perLoop) {
      this.perLoop = perLoop;
      this.sizes = new int[perLoop.length];
      Arrays.setAll(perLoop, i -> new long[1 << 14]);
    }

    void add(final int loop, final long nanos) {
      if (sizes[loop] == perLoop[loop].length) {
        perLoop[loop] = Arrays.copyOf(perLoop[loop], sizes[loop] * 2);
      }
      perLoop[loop][sizes[loop]++] = nanos;
    }

    long[] all() {
      final long[] all = new long[Arrays.stream(sizes).sum()];
      int at = 0;
      for (int i = 0; i < perLoop.length; i++) {
        System.arraycopy(perLoop[i], 0, all, at, sizes[i]);
        at += sizes[i];
      }
      return all;
    }
  }

  /** {@code connections} loops, each sending its next request when the last is answered; counts non-200s. */
  private static long run(final Vertx vertx, final HttpClient client, final String path, final Map<String, String> headers,
                          final int seconds, final Recorder recorder, final int connections)
      throws InterruptedException {
    final long until = System.nanoTime() + seconds * 1_000_000_000L;
    final CountDownLatch done = new CountDownLatch(connections);
    final AtomicLong errors = new AtomicLong();
    // A request left unanswered counts as an error after 30 s rather than holding its loop for good.
    final RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(path).setIdleTimeout(30_000);
    headers.forEach(options::putHeader);
    for (int i = 0; i < connections; i++) {
      loop(vertx, client, options, i, until, recorder, errors, done);
    }
    done.await();
    return errors.get();
  }

  private static void loop(final Vertx vertx, final HttpClient client, final RequestOptions options, final int index,
                           final long until, final Recorder recorder, final AtomicLong errors,
                           final CountDownLatch done) {
    if (System.nanoTime() >= until) {
      done.countDown();
      return;
    }
    final long sent = System.nanoTime();
    // Whatever becomes of the request (an answer, a failure, or neither within 30 s: the idle timeout
    // alone did not always fire), the loop goes on.
    final Promise<Integer> answered = Promise.promise();
    final long timer = vertx.setTimer(30_000, t -> answered.tryComplete(-1));
    client.request(options).compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode()))
        .onComplete(result -> answered.tryComplete(result.succeeded() ? result.result() : -1));
    answered.future().onComplete(status -> {
      vertx.cancelTimer(timer);
      if (status.result() != 200) {
        errors.incrementAndGet();
      } else if (recorder != null) {
        recorder.add(index, System.nanoTime() - sent);
      }
      loop(vertx, client, options, index, until, recorder, errors, done);
    });
  }

  private static double percentile(final long[] sorted, final double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
  }

  private static void print(final List<Result> results) {
    final double baseline = results.get(0).perSecond();
    System.out.printf(Locale.ROOT, "%n| request | req/s | p50 ms | p99 ms | × baseline | errors |%n"
        + "|---|---|---|---|---|---|%n");
    for (Result r : results) {
      System.out.printf(Locale.ROOT, "| %s | %,.0f | %.1f | %.1f | %.2f | %d |%n", r.name(), r.perSecond(), r.p50(),
          r.p99(), r.perSecond() / baseline, r.errors());
    }
  }

  /** The process's heap after a full collection and its resident set (this JVM is the Commander's). */
  private static void memory() throws IOException {
    System.gc();
    final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    final String rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS:")).findFirst().map(l -> l.replaceAll("\\D+", "")).orElse("0");
    System.out.printf(Locale.ROOT, "%nmemory: heap after GC %.0f MiB, RSS %.0f MiB (Commander, the load generator and "
        + "the bare route share this JVM)%n", heap / 1048576.0, Long.parseLong(rss) / 1024.0);
  }
}
