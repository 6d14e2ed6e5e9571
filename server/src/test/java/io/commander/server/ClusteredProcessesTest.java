package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.testing.FreePorts;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three processes, one Commander: a clustered event bus over one database and one broker. Process A
 * serves the API and holds the agents' sockets; B and C render and run tasks (A runs tasks too, C
 * serves the API too). Renders asked through A run in B or C; a cluster installed by C gets its
 * desired state into its agent's session on A; a Kubernetes API request through C reaches that
 * session; the drift scheduler moves when its holder is killed; 200 installs spread over the three
 * finish once each although one process dies mid-way.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(420)
class ClusteredProcessesTest {

  private static final String PASSWORD = "cluster-test-password-1";
  private static final int CLUSTERS = 200;
  private static final String LEADS = "this instance schedules drift checks";
  private static final Pattern INSTALLED = Pattern.compile(
      "task succeeded \\[task: [0-9a-f-]+, cluster: ([0-9a-f-]+), kind: install");
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void threeProcessesActAsOneAndSurviveTheLossOfOne(final TestDatabase db, final TestKafka kafka,
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) final Path dir) throws Exception {
    final int[] http = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
    final int[] member = {FreePorts.next(), FreePorts.next(), FreePorts.next()};
    final String members = "127.0.0.1:" + member[0] + ",127.0.0.1:" + member[1] + ",127.0.0.1:" + member[2];
    final Map<String, String> a = env(db, kafka, dir, "a", http[0], member[0], members, http[0],
        "api,agent-gateway,telemetry-ingest,cluster-manager,connector");
    final Map<String, String> b = env(db, kafka, dir, "b", http[1], member[1], members, http[0],
        "renderer,cluster-manager");
    final Map<String, String> c = env(db, kafka, dir, "c", http[2], member[2], members, http[0],
        "api,renderer,cluster-manager");

    // B first, so that it holds the drift scheduler: the process killed below.
    final Process processB = start(b, dir.resolve("b.log"));
    await("B schedules drift checks").atMost(Duration.ofSeconds(30)).until(() -> log(dir, "b").contains(LEADS));
    start(c, dir.resolve("c.log"));
    start(a, dir.resolve("a.log"));
    assertThat(log(dir, "a")).contains("joined the cluster");

    // A runs no renderer: a template saved and clusters created through it are rendered in B or C.
    final ProcessApi api = new ProcessApi(http[0]);
    final String token = api.workspaceToken(PASSWORD, "fleet");
    final String version = api.staticTemplate(token);
    final List<String> ids = createClusters(api, token, version);

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() ->
        ids.stream().limit(60).filter(id -> "in_sync".equals(api.cluster(token, id).getString("status"))).count() >= 30);
    // As a lost node would: no shutdown, no lock released by hand, leases left running.
    processB.destroyForcibly().waitFor();
    final long killedAt = System.nanoTime();
    await("another process schedules drift checks").atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
        .until(() -> log(dir, "a").contains(LEADS) || log(dir, "c").contains(LEADS));
    final long tookOver = (System.nanoTime() - killedAt) / 1_000_000;

    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() ->
        ids.stream().allMatch(id -> "in_sync".equals(api.cluster(token, id).getString("status"))));
    for (String id : ids) {
      final List<JsonObject> installs = api.tasks(token, id).stream().map(JsonObject.class::cast)
          .filter(t -> "install".equals(t.getString("kind"))).toList();
      assertThat(installs).as("install tasks of %s", id).hasSize(1);
      assertThat(installs.get(0).getString("state")).isEqualTo("succeeded");
    }
    final List<String> byC = installedBy(dir, "c");
    assertThat(byC).as("installs run by C").isNotEmpty();
    assertThat(installedBy(dir, "a").size() + installedBy(dir, "b").size() + byC.size())
        .as("installs that succeeded, over the three (a retaken one counts where it finished)")
        .isGreaterThanOrEqualTo(CLUSTERS);
    // C started each of those clusters' agents, which connected to A; C's task sent the desired state
    // to the agent's session in A over the clustered bus.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
        assertThat(byC.stream().map(id -> api.cluster(token, id))
            .map(cl -> cl.getString("agent_status") + "/" + cl.getString("resources_sync_state")).toList())
            .as("agent status / resources sync state of the clusters C installed").containsOnly("connected/in_sync"));
    // A request to C's API for a cluster's Kubernetes API travels to the agent's session in A and back.
    final java.net.http.HttpResponse<String> namespaces = new ProcessApi(http[2]).send("GET",
        "/api/v1/clusters/" + byC.get(0) + "/k8s/api/v1/namespaces", null, Map.of("X-Auth-Token", token)).orElseThrow();
    assertThat(namespaces.statusCode()).as(namespaces.body()).isEqualTo(200);
    // The simulated cluster's API server (fabric8's mock in CRUD mode) answers lists as kind List.
    assertThat(new JsonObject(namespaces.body()).getJsonArray("items").stream().map(JsonObject.class::cast)
        .map(n -> n.getJsonObject("metadata").getString("name"))).contains("default", "kube-system");
    System.out.printf("drift scheduler taken over %d ms after its holder was killed%n", tookOver);
  }

  private List<String> createClusters(final ProcessApi api, final String token, final String version)
      throws Exception {
    final ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      final List<Future<String>> created = new ArrayList<>();
      for (int i = 0; i < CLUSTERS; i++) {
        final String name = "fleet-" + i;
        created.add(clients.submit(() -> api.createCluster(token, version, name)));
      }
      final List<String> ids = new ArrayList<>();
      for (Future<String> f : created) {
        ids.add(f.get(120, TimeUnit.SECONDS));
      }
      return ids;
    } finally {
      clients.shutdownNow();
    }
  }

  private static List<String> installedBy(final Path dir, final String process) throws IOException {
    final List<String> ids = new ArrayList<>();
    final Matcher m = INSTALLED.matcher(log(dir, process));
    while (m.find()) {
      ids.add(m.group(1));
    }
    return ids;
  }

  private static String log(final Path dir, final String process) throws IOException {
    final Path file = dir.resolve(process + ".log");
    return Files.exists(file) ? Files.readString(file) : "";
  }

  private Map<String, String> env(final TestDatabase db, final TestKafka kafka, final Path dir, final String name,
                                  final int httpPort, final int memberPort, final String members, final int publicPort,
                                  final String roles) {
    final Map<String, String> env = new HashMap<>(TestCommanders.env(db, kafka, dir.resolve(name)));
    env.put("COMMANDER_HTTP_PORT", Integer.toString(httpPort));
    env.put("COMMANDER_PUBLIC_URL", "http://127.0.0.1:" + publicPort);
    env.put("COMMANDER_ROLES", roles);
    // One set of keys for the three, as one Secret would give them.
    env.put("COMMANDER_ENCRYPTION_KEYS_FILE", dir.resolve("keys.json").toString());
    env.put("COMMANDER_ADMIN_PASSWORD", PASSWORD);
    env.put("COMMANDER_CLUSTER_MODE", "tcp");
    env.put("COMMANDER_CLUSTER_NAME", "test-" + dir.getFileName());
    env.put("COMMANDER_CLUSTER_HOST", "127.0.0.1");
    env.put("COMMANDER_CLUSTER_PORT", Integer.toString(memberPort));
    env.put("COMMANDER_CLUSTER_MEMBERS", members);
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "2");
    env.put("COMMANDER_CLUSTER_MANAGER_LEASE_TTL", "3");
    env.put("COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1");
    env.put("COMMANDER_CLUSTER_MANAGER_RETRY_BACKOFF", "1");
    return env;
  }

  private Process start(final Map<String, String> env, final Path log) throws IOException {
    final Process process = TestCommanders.startProcess(env, log, "384m");
    processes.add(process);
    return process;
  }
}
