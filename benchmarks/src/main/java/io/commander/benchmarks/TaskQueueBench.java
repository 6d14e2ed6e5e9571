package io.commander.benchmarks;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.server.Commander;
import io.commander.server.Database;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

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
 * not behind. Clusters and tasks are truncated before each run.
 */
public final class TaskQueueBench {

  static final int CLUSTERS = 1_000;
  static final int PACED = 200;
  static final int PACED_RATE = 50;
  // Requests in flight at once, as concurrent API clients would send them.
  private static final int POST_CONCURRENCY = 16;
  private static final String DB = "bench";
  private static final String ADMIN_EMAIL = "admin@localhost";
  private static final String ADMIN_PASSWORD = "bench-password-1";

  private TaskQueueBench() {
  }

  /** Runs the three measurements, printing one line each; everything it started is gone when it returns. */
  public static void run() throws IOException, InterruptedException {
    // Only errors: the in-process Commanders' start-up notices (generated keys, the first
    // administrator, Liquibase through java.util.logging, Kafka) would bury the summary lines.
    ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.ERROR);
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    final Path dir = Files.createTempDirectory("commander-bench-tasks");
    final Map<String, String> env = new HashMap<>();
    env.put("COMMANDER_ROLES", "api,renderer,cluster-manager");
    env.put("COMMANDER_STATE_DIR", dir.toString());
    env.put("COMMANDER_HTTP_HOST", "127.0.0.1");
    env.put("COMMANDER_HTTP_PORT", Integer.toString(freePort()));
    env.put("COMMANDER_DB_EMBEDDED_PORT", Integer.toString(freePort()));
    env.put("COMMANDER_KAFKA_EMBEDDED_PORT", Integer.toString(freePortPair()));
    env.put("COMMANDER_DB_NAME", DB);
    env.put("COMMANDER_DB_USER", DB);
    env.put("COMMANDER_DB_PASSWORD", DB);
    env.put("COMMANDER_ADMIN_EMAIL", ADMIN_EMAIL);
    env.put("COMMANDER_ADMIN_PASSWORD", ADMIN_PASSWORD);
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "0");
    try {
      final Commander commander = Commander.start(load(env), env);
      final Vertx vertx = Vertx.vertx();
      try {
        final Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(2))
            .connectingTo(Database.connectOptions(commander.config().db())).using(vertx).build();
        final Api api = Api.signIn(commander.config().http().port());
        System.out.printf(Locale.ROOT, "task queue: %d clusters created by POST /clusters (%d in flight), simulated "
            + "installs (zero phase duration), concurrency %d per manager instance, %d cores%n", CLUSTERS,
            POST_CONCURRENCY, commander.config().clusterManager().concurrency(),
            Runtime.getRuntime().availableProcessors());
        for (int instances : new int[] {1, 3}) {
          measure(pool, api, managerEnv(env, commander.config()), instances, CLUSTERS, 0);
        }
        measure(pool, api, Map.of(), 1, PACED, PACED_RATE);
      } finally {
        vertx.close().await();
        commander.stop();
      }
    } finally {
      deleteRecursively(dir);
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

  private static void deleteRecursively(final Path dir) throws IOException {
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Runs once and prints one line. */
  private static void measure(final Pool pool, final Api api, final Map<String, String> managerEnv,
                              final int instances, final int clusters, final int rate)
      throws IOException, InterruptedException {
    pool.query("TRUNCATE tasks, task_logs, cluster_revisions, clusters CASCADE").execute().await();
    pool.query("VACUUM ANALYZE").execute().await();
    final List<Commander> managers = new ArrayList<>();
    for (int i = 1; i < instances; i++) {
      final Map<String, String> env = new HashMap<>(managerEnv);
      env.put("COMMANDER_HTTP_PORT", Integer.toString(freePort()));
      managers.add(Commander.start(load(env), env));
    }
    final Stats before;
    final Posted posted;
    int polls = 0;
    try {
      // Statistics reach pg_stat_database when a backend goes idle, at most a second late.
      Thread.sleep(1_500);
      before = Stats.read(pool);
      posted = postClusters(api, clusters, rate);
      while (count(pool, "SELECT count(*) FROM tasks WHERE kind = 'install' AND finished_at IS NOT NULL") < clusters) {
        polls++;
        Thread.sleep(100);
      }
    } finally {
      for (Commander manager : managers) {
        manager.stop();
      }
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
    System.out.println(String.format(Locale.ROOT, "tasks, %d instance%s%s: %.0f tasks/s (%d in %.2f s from the first "
            + "POST to the last finish; POSTs sent in %.2f s, answered p50 %.1f ms, p99 %.1f ms); POST -> start "
            + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; per cluster (POST and install): %.1f transactions, "
            + "%.1f rows inserted, %.1f updated, %.1f deleted, %.0f fetched; retried %d, failed %d",
        instances, instances == 1 ? "" : "s", rate > 0 ? ", POSTed at " + rate + "/s" : "", clusters / seconds,
        clusters, seconds, posted.seconds, percentile(answers, 50), percentile(answers, 99),
        percentile(waits, 50), percentile(waits, 99), waits.get(waits.size() - 1),
        (double) transactions / clusters, (double) (after.inserted - before.inserted) / clusters,
        (double) (after.updated - before.updated) / clusters, (double) (after.deleted - before.deleted) / clusters,
        (double) (after.fetched - before.fetched) / clusters, retried, failed));
  }

  /** What the POSTs of one run sent and got: per cluster, when it was sent, how long the answer took, its id. */
  private record Posted(Instant[] sent, long[] answeredNanos, String[] ids, double seconds) {
  }

  /** POSTs the clusters, at most {@value #POST_CONCURRENCY} at once, and at {@code rate} a second if it is not 0. */
  private static Posted postClusters(final Api api, final int clusters, final int rate) throws InterruptedException {
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

  /**
   * The API as a client sees it: signs in as the first administrator, creates a workspace, a token
   * for it and a cluster template, then creates clusters with the token.
   */
  private record Api(HttpClient http, String base, String token, String templateVersion) {

    static Api signIn(final int port) {
      final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5)).build();
      final String base = "http://127.0.0.1:" + port + "/api/v1";
      final HttpResponse<String> login = send(http, post(base + "/auth/login", Map.of(),
          new JsonObject().put("email", ADMIN_EMAIL).put("password", ADMIN_PASSWORD)), 200);
      String session = null;
      String csrf = null;
      for (String cookie : login.headers().allValues("set-cookie")) {
        final String pair = cookie.split(";", 2)[0];
        if (pair.startsWith("commander_session=")) {
          session = pair;
        } else if (pair.startsWith("commander_csrf=")) {
          csrf = pair.substring("commander_csrf=".length());
        }
      }
      final Map<String, String> admin = Map.of("Cookie", session + "; commander_csrf=" + csrf, "X-CSRF-Token", csrf);
      final String workspace = json(send(http, post(base + "/workspaces", admin,
          new JsonObject().put("name", "bench").put("slug", "bench")), 201)).getString("id");
      final String token = json(send(http, post(base + "/auth_tokens", admin, new JsonObject().put("name", "bench")
          .put("read_only", false).put("workspace_id", workspace)), 201)).getString("token");
      final String version = json(send(http, post(base + "/cluster_templates", Map.of("X-Auth-Token", token),
          template()), 201))
          .getString("current_cluster_template_version_id");
      return new Api(http, base, token, version);
    }

    /** A cloud template with a masters parameter, of valid DKP documents: the renderer checks their kinds. */
    private static JsonObject template() {
      final JsonObject sections = new JsonObject()
          .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Cloud\n"
              + "cloud: {provider: OpenStack, prefix: demo}\npodSubnetCIDR: 10.111.0.0/16\n"
              + "serviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\nclusterDomain: cluster.local\n")
          .put("placement", "apiVersion: deckhouse.io/v1\nkind: OpenStackClusterConfiguration\nlayout: Standard\n"
              + "sshPublicKey: {{ .dc_sshPublicKey | quote }}\nmasterNodeGroup:\n  replicas: {{ .masters }}\n"
              + "  instanceClass: {flavorName: m1.large, imageName: ubuntu-22-04, rootDiskSize: 50}\n"
              + "  volumeTypeMap: {nova: ceph-ssd}\n"
              + "standard: {internalNetworkCIDR: 192.168.199.0/24, externalNetworkName: public, "
              + "internalNetworkDNSServers: [8.8.8.8]}\n"
              + "provider: {authURL: 'https://cloud.example.com/v3', domainName: Default, tenantName: demo, "
              + "username: demo, password: demo, region: RegionOne}\n");
      return new JsonObject().put("name", "cloud").put("sections", sections).put("params", new JsonArray("""
          [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]"""));
    }

    /** Creates a simulated cluster with 3 masters; completes with its id, or fails unless the answer is 201. */
    CompletableFuture<String> createCluster(final String name) {
      return http.sendAsync(post(base + "/clusters", Map.of("X-Auth-Token", token), new JsonObject()
              .put("name", name).put("cluster_template_version_id", templateVersion).put("provisioner", "simulated")
              .put("values", new JsonObject().put("masters", 3))), HttpResponse.BodyHandlers.ofString())
          .thenApply(response -> json(expect(response, 201)).getString("id"));
    }

    private static HttpRequest post(final String url, final Map<String, String> headers, final JsonObject body) {
      final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
      headers.forEach(request::header);
      return request.build();
    }

    private static HttpResponse<String> send(final HttpClient http, final HttpRequest request, final int status) {
      try {
        return expect(http.send(request, HttpResponse.BodyHandlers.ofString()), status);
      } catch (IOException e) {
        throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    private static HttpResponse<String> expect(final HttpResponse<String> response, final int status) {
      if (response.statusCode() != status) {
        throw new IllegalStateException("POST " + response.uri().getPath() + " answered " + response.statusCode()
            + ": " + response.body());
      }
      return response;
    }

    private static JsonObject json(final HttpResponse<String> response) {
      return new JsonObject(response.body());
    }
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

  /** A free port whose next port is free too: the embedded Kafka's controller listens there. */
  private static int freePortPair() throws IOException {
    while (true) {
      final int port = freePort();
      try (ServerSocket next = new ServerSocket(port + 1)) {
        return port;
      } catch (IOException busy) {
        // Try another.
      }
    }
  }
}
