package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.simulated.SimulatedBackend;
import io.commander.server.crypto.KeyringLoader;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.Vertx;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway process killed outright (no drain, no last presence write): its cluster is shown
 * disconnected within 15 s from the age of what it last wrote, with the default settings, and the
 * agent comes back by itself once a gateway listens again.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(180)
class GatewayKillTest {

  private static final String TOKEN = "cmdr_gatewaykilltesttoken00000000000000000";
  private final List<Process> processes = new ArrayList<>();

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  @Test
  void aKilledGatewaysClusterIsShownDisconnectedWithin15SecondsAndItsAgentComesBack(final TestDatabase db,
      final TestKafka kafka, @TempDir final Path state) throws Exception {
    final Map<String, String> env = new HashMap<>(TestCommanders.env(db, kafka, state));
    env.put("COMMANDER_ROLES", "agent-gateway");
    final Path log = state.resolve("gateway.log");
    final Process gateway = start(env, log);

    final String hash = KeyringLoader.load(TestCommanders.config(env), env).keyring().hashToken(TOKEN);
    final UUID clusterId = UUID.randomUUID();
    try (Connection sql = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = sql.createStatement()) {
      st.execute("DELETE FROM clusters");
      st.execute("""
          WITH w AS (INSERT INTO workspaces (name, slug) VALUES ('kill', 'kill-%1$s') RETURNING id)
          INSERT INTO clusters (id, workspace_id, name, provisioner, agent_token_hash)
          SELECT '%2$s', id, 'killed-gateway', 'simulated', '%3$s' FROM w""".formatted(
          clusterId.toString().substring(0, 8), clusterId, hash));

      final Vertx vertx = Vertx.vertx();
      final AgentLink link = new AgentLink(vertx, AgentLink.client(vertx, ""),
          AgentSettings.forServer("http://127.0.0.1:" + env.get("COMMANDER_HTTP_PORT"), TOKEN, ""),
          new SimulatedBackend(clusterId.toString()));
      try {
        link.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> "connected".equals(TestCommanders.agentStatus(st)));
        // A few heartbeats and presence writes, so what is stored is a running link's, not a fresh one's.
        final String seen = "SELECT last_seen_at FROM cluster_agents";
        final String firstSeen = TestCommanders.one(st, seen);
        await().atMost(Duration.ofSeconds(20)).until(() -> !firstSeen.equals(TestCommanders.one(st, seen)));

        // As the OOM killer or a lost node would: no drain, no close frame, no final write.
        gateway.destroyForcibly().waitFor();
        final long killedAt = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
            .until(() -> "disconnected".equals(TestCommanders.agentStatus(st)));
        final long shownAfter = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(shownAfter).as("ms from the kill until the cluster is shown disconnected").isLessThan(15_000);
        assertThat(TestCommanders.one(st, "SELECT disconnected_at IS NULL FROM cluster_agents"))
            .as("nobody said goodbye: only the age of the last write tells").isEqualTo("t");
        assertThat(link.stopped()).as("the agent keeps trying").isFalse();

        start(env, log);
        await().atMost(Duration.ofSeconds(90))
            .until(() -> link.connects() >= 2 && "connected".equals(TestCommanders.agentStatus(st)));
      } finally {
        link.stop();
        vertx.close().await(10, TimeUnit.SECONDS);
      }
    }
  }

  private Process start(final Map<String, String> env, final Path log) throws IOException {
    final Process process = TestCommanders.startProcess(env, log, "256m");
    processes.add(process);
    return process;
  }
}
