package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.simulated.SimulatedBackend;
import io.commander.server.crypto.KeyringLoader;
import io.commander.testing.FreePorts;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes, one Commander: A serves the API, G holds the agent's link. A watch through A streams
 * from the agent through G; G is killed outright (its link cannot say goodbye to A): the watch A serves
 * ends within a few seconds, not when its caller gives up.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(300)
class TunnelGatewayKillTest {

  private static final String PASSWORD = "tunnel-kill-password-1";
  private static final String TOKEN = "cmdr_tunnelgatewaykilltoken000000000000000";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void aStreamWhoseGatewayProcessDiesEndsWithinSeconds(final TestDatabase db, final TestKafka kafka,
      @TempDir(cleanup = CleanupMode.ON_SUCCESS) final Path dir) throws Exception {
    final int[] http = {FreePorts.next(), FreePorts.next()};
    final int[] member = {FreePorts.next(), FreePorts.next()};
    final String members = "127.0.0.1:" + member[0] + ",127.0.0.1:" + member[1];
    final Map<String, String> a = env(db, kafka, dir, "a", http[0], member[0], members, http[0], "api");
    final Map<String, String> g = env(db, kafka, dir, "g", http[1], member[1], members, http[0], "agent-gateway,connector");
    start(a, dir.resolve("a.log"));
    final Process gateway = start(g, dir.resolve("g.log"));

    final String token = new ProcessApi(http[0]).workspaceToken(PASSWORD, "streams");
    final String hash = KeyringLoader.load(TestCommanders.config(a), a).keyring().hashToken(TOKEN);
    final UUID clusterId = UUID.randomUUID();
    try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = sql.createStatement()) {
      st.execute("""
          INSERT INTO clusters (id, workspace_id, name, provisioner, agent_token_hash)
          SELECT '%s', id, 'streamed', 'simulated', '%s' FROM workspaces WHERE slug = 'streams'"""
          .formatted(clusterId, hash));
    }

    final Vertx vertx = Vertx.vertx();
    final AgentLink link = new AgentLink(vertx, AgentLink.client(vertx, ""),
        AgentSettings.forServer("http://127.0.0.1:" + http[1], TOKEN, ""), new SimulatedBackend(clusterId.toString()));
    try {
      link.start();
      await().atMost(Duration.ofSeconds(20)).until(link::connected);
      final HttpResponse<InputStream> watch = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + http[0] + "/api/v1/clusters/" + clusterId + "/k8s/api/v1/namespaces?watch=true"))
          .header("X-Auth-Token", token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(watch.statusCode()).isEqualTo(200);
      final BlockingQueue<String> lines = lines(watch);
      // The simulated cluster's namespaces come first, through G and A: the stream is live.
      assertThat(lines.poll(30, TimeUnit.SECONDS)).as("a watch event").contains("\"ADDED\"");

      // As a lost node would: no drain, no close frame to the agent, nothing on the bus.
      gateway.destroyForcibly().waitFor();
      final long killedAt = System.nanoTime();
      String line;
      do {
        line = lines.poll(15, TimeUnit.SECONDS);
      } while (line != null && !line.startsWith("<"));
      assertThat(line).as("the watch through A ends after G died").isEqualTo("<end>");
      final long endedAfter = (System.nanoTime() - killedAt) / 1_000_000;
      assertThat(endedAfter).as("ms from the kill until the watch ended").isLessThan(6_000);
      System.out.printf("the watch ended %d ms after its gateway's process was killed%n", endedAfter);
    } finally {
      link.stop();
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static BlockingQueue<String> lines(final HttpResponse<InputStream> response) {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("<failed: " + e.getMessage() + ">");
      }
      lines.add("<end>");
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private Map<String, String> env(final TestDatabase db, final TestKafka kafka, final Path dir, final String name,
                                  final int httpPort, final int memberPort, final String members, final int publicPort,
                                  final String roles) {
    final Map<String, String> env = new HashMap<>(TestCommanders.env(db, kafka, dir.resolve(name)));
    env.put("COMMANDER_HTTP_PORT", Integer.toString(httpPort));
    env.put("COMMANDER_PUBLIC_URL", "http://127.0.0.1:" + publicPort);
    env.put("COMMANDER_ROLES", roles);
    env.put("COMMANDER_ENCRYPTION_KEYS_FILE", dir.resolve("keys.json").toString());
    env.put("COMMANDER_ADMIN_PASSWORD", PASSWORD);
    env.put("COMMANDER_CLUSTER_MODE", "tcp");
    env.put("COMMANDER_CLUSTER_NAME", "test-" + dir.getFileName());
    env.put("COMMANDER_CLUSTER_HOST", "127.0.0.1");
    env.put("COMMANDER_CLUSTER_PORT", Integer.toString(memberPort));
    env.put("COMMANDER_CLUSTER_MEMBERS", members);
    return env;
  }

  private Process start(final Map<String, String> env, final Path log) throws IOException {
    final Process process = TestCommanders.startProcess(env, log, "384m");
    processes.add(process);
    return process;
  }
}
