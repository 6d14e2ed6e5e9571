package io.commander.benchmarks;

import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.kubernetes.KubernetesBackend;
import io.commander.agent.kubernetes.KubernetesSettings;
import io.commander.core.config.ConfigLoader;
import io.commander.server.Commander;
import io.commander.server.Database;
import io.commander.server.crypto.KeyringLoader;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code commander bench tunnel}: what the agent link adds to a Kubernetes API request. A whole Commander
 * in-process (api, renderer, connector and agent-gateway roles on embedded PostgreSQL and Kafka), fabric8's mock API
 * server (CRUD mode) as the cluster's API server, and one agent (its kubernetes backend, over the real
 * websocket) for one cluster. The same {@code GET} of one Namespace is made straight to the API server and
 * through {@code /api/v1/clusters/{id}/k8s/...} with an API token: with one connection (the latency the
 * tunnel adds, p50 and p99) and with {@value #CONNECTIONS} (requests per second over the one link).
 */
public final class TunnelBench {

  static final int CONNECTIONS = 64;
  private static final String DB = "benchtunnel";
  private static final String AGENT_TOKEN = "cmdr_benchtunnelagenttoken00000000000000";
  private static final String PATH = "/api/v1/namespaces/bench";

  private TunnelBench() {
  }

  public static void run(final int seconds) throws IOException, InterruptedException {
    BenchSupport.quietLogs();
    final Path dir = Files.createTempDirectory("commander-bench-tunnel");
    final Map<String, String> env = BenchSupport.commanderEnv(dir, DB);
    env.put("COMMANDER_ROLES", "api,renderer,agent-gateway,connector");
    final KubernetesMockServer apiServer = new KubernetesMockServer(new Context(), new MockWebServer(),
        new HashMap<>(), new KubernetesCrudDispatcher(), false);
    apiServer.init(InetAddress.getLoopbackAddress(), 0);
    final KubernetesClient kube = apiServer.createClient();
    kube.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("bench").endMetadata().build())
        .create();
    try {
      final Commander commander = Commander.start(ConfigLoader.load(env, Optional.empty()), env);
      final Vertx vertx = Vertx.vertx();
      KubernetesBackend backend = null;
      AgentLink link = null;
      try {
        final int port = commander.config().http().port();
        final BenchApi api = BenchApi.signIn(port);
        final Pool pool = PgBuilder.pool().connectingTo(Database.connectOptions(commander.config().db()))
            .using(vertx).build();
        final String hash = KeyringLoader.load(commander.config(), env).keyring().hashToken(AGENT_TOKEN);
        final UUID cluster = UUID.fromString(pool.preparedQuery("INSERT INTO clusters (workspace_id, name, provisioner, "
                + "agent_token_hash) VALUES ($1::uuid, 'tunnel', 'simulated', $2) RETURNING id::text")
            .execute(Tuple.of(api.workspaceId(), hash)).await().iterator().next().getString(0));
        pool.close().await();
        backend = new KubernetesBackend(vertx, kube, new KubernetesSettings(false, Duration.ofMinutes(10),
            Duration.ZERO));
        link = new AgentLink(vertx, AgentLink.client(vertx, ""), AgentSettings.forServer("http://127.0.0.1:" + port,
            AGENT_TOKEN, ""), backend);
        link.start();
        final long deadline = System.nanoTime() + 20_000_000_000L;
        while (!link.connected() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        if (!link.connected()) {
          throw new IllegalStateException("the agent did not connect within 20 s");
        }
        final int apiServerPort = URI.create(kube.getConfiguration().getMasterUrl()).getPort();
        final ApiBench.Target direct = new ApiBench.Target("GET " + PATH + " straight to the API server", PATH, Map.of());
        final ApiBench.Target tunnel = new ApiBench.Target("GET /api/v1/clusters/{id}/k8s" + PATH + " (token)",
            "/api/v1/clusters/" + cluster + "/k8s" + PATH, Map.of("X-Auth-Token", api.token()));
        System.out.printf(Locale.ROOT, "tunnel: one agent link, fabric8's mock API server as the cluster's, %d s "
            + "measured after %d s of warm-up per run, %d cores%n", seconds, Math.max(2, seconds / 3),
            Runtime.getRuntime().availableProcessors());
        // The agent's own part: its HTTP client to the API server, one request at a time.
        final long[] agentOnly = new long[500];
        for (int i = 0; i < agentOnly.length; i++) {
          final long sent = System.nanoTime();
          backend.kubernetes(new io.commander.agent.protocol.Frame.ConsoleRequest("1", "GET", PATH, Map.of(), null))
              .toCompletionStage().toCompletableFuture().join();
          agentOnly[i] = System.nanoTime() - sent;
        }
        java.util.Arrays.sort(agentOnly);
        System.out.printf(Locale.ROOT, "the agent's request alone (its HTTP client to the API server): p50 %.2f ms, p99 %.2f ms%n",
            agentOnly[agentOnly.length / 2] / 1e6, agentOnly[agentOnly.length * 99 / 100] / 1e6);
        for (int connections : List.of(1, CONNECTIONS)) {
          final ApiBench.Result base = ApiBench.measure(vertx, apiServerPort, PATH, direct, seconds, connections);
          final ApiBench.Result through = ApiBench.measure(vertx, port, tunnel.path(), tunnel, seconds, connections);
          System.out.printf(Locale.ROOT, "%n%d connection%s:%n", connections, connections == 1 ? "" : "s");
          for (ApiBench.Result r : List.of(base, through)) {
            System.out.printf(Locale.ROOT, "  %-70s %,8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", r.name(),
                r.perSecond(), r.p50(), r.p99(), r.errors());
          }
          System.out.printf(Locale.ROOT, "  added by the tunnel: p50 +%.2f ms, p99 +%.2f ms; req/s through it = %.2f x "
              + "straight%n", through.p50() - base.p50(), through.p99() - base.p99(),
              through.perSecond() / base.perSecond());
        }
      } finally {
        if (link != null) {
          link.stop();
        }
        if (backend != null) {
          backend.close().await();
        }
        vertx.close().await();
        commander.stop();
      }
    } finally {
      kube.close();
      apiServer.destroy();
      BenchSupport.deleteRecursively(dir);
    }
  }
}
