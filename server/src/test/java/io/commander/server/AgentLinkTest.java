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
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The agent link end to end: a real gateway on the HTTP port, PostgreSQL presence and the Kafka topic. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(120)
class AgentLinkTest {

  private static final String TOKEN = "cmdr_agentlinktesttoken0000000000000000000";
  // One state folder (so one set of keys) for the class: the database is shared by its tests.
  @TempDir
  static Path state;
  private Commander commander;
  private Map<String, String> env;
  private Connection sql;
  private Statement st;
  private UUID clusterId;
  private WebSocketClient client;
  private String base;

  @BeforeEach
  void start(final TestDatabase db, final TestKafka kafka) throws SQLException {
    env = new HashMap<>(TestCommanders.env(db, kafka, state));
    env.put("COMMANDER_ROLES", "agent-gateway");
    env.put("COMMANDER_AGENT_GATEWAY_OFFLINE_AFTER", "3");
    env.put("COMMANDER_AGENT_GATEWAY_PRESENCE_INTERVAL", "1");
    env.put("COMMANDER_AGENT_GATEWAY_MAX_FRAME_KB", "4");
    env.put("COMMANDER_AGENT_GATEWAY_DRAIN_SPREAD", "4");
    commander = Commander.start(TestCommanders.config(env), env);
    final String hash = KeyringLoader.load(commander.config(), env).keyring().hashToken(TOKEN);
    sql = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    st = sql.createStatement();
    st.execute("DELETE FROM clusters");
    clusterId = UUID.randomUUID();
    st.execute("""
        WITH w AS (INSERT INTO workspaces (name, slug) VALUES ('w%1$s', 'w%1$s') RETURNING id)
        INSERT INTO clusters (id, workspace_id, name, provisioner, agent_token_hash)
        SELECT '%2$s', id, 'demo', 'simulated', '%3$s' FROM w""".formatted(
        clusterId.toString().substring(0, 8), clusterId, hash));
    client = AgentLink.client(commander.vertx(), "");
    base = "http://127.0.0.1:" + commander.config().http().port();
  }

  @AfterEach
  void stop() throws SQLException {
    commander.stop();
    sql.close();
  }

  @Test
  void unknownAndArchivedTokensAreRefusedBeforeTheUpgrade() throws Exception {
    assertThat(refusal("cmdr_wrong")).isEqualTo(401);
    st.execute("UPDATE clusters SET archived_at = now()");
    assertThat(refusal(TOKEN)).isEqualTo(401);
  }

  @Test
  void tokensCheckedTogetherAreEachAnsweredForTheirOwnCluster() throws Exception {
    // Forty agents connect at once, so their tokens are looked up in the same batches: those of archived
    // clusters (0..9), of replaced tokens (10..19) and of tokens no cluster has (30..39) are refused, each
    // of the others admitted.
    final var keyring = KeyringLoader.load(commander.config(), env).keyring();
    final List<String> tokens = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      final String token = TOKEN.substring(0, TOKEN.length() - 3) + "b" + String.format("%02x", i);
      tokens.add(token);
      st.execute("""
          INSERT INTO clusters (workspace_id, name, provisioner, agent_token_hash, archived_at)
          SELECT workspace_id, 'batch-%d', 'simulated', '%s', %s FROM clusters WHERE id = '%s'""".formatted(i,
          keyring.hashToken(i < 30 ? token : token + "old"), i < 10 ? "now()" : "NULL", clusterId));
    }
    st.execute("UPDATE clusters SET agent_token_hash = 'replaced-' || name WHERE name ~ '^batch-(1[0-9])$'");
    final List<io.vertx.core.Future<Integer>> answers = new ArrayList<>();
    for (String token : tokens) {
      answers.add(client.connect(options(token)).map(ws -> {
        ws.close();
        return 101;
      }).recover(e -> io.vertx.core.Future.succeededFuture(
          e instanceof UpgradeRejectedException r ? r.getStatus() : -1)));
    }
    io.vertx.core.Future.all(answers).await(30, TimeUnit.SECONDS);
    final List<Integer> statuses = answers.stream().map(io.vertx.core.Future::result).toList();
    for (int i = 0; i < 40; i++) {
      assertThat(statuses.get(i)).as("agent %d", i).isEqualTo(i >= 20 && i < 30 ? 101 : 401);
    }
  }

  @Test
  void anAgentIsShownConnectedItsTelemetryReachesKafkaAndItIsShownDisconnectedWhenItLeaves(
      final TestKafka kafka) throws Exception {
    final AgentLink link = new AgentLink(commander.vertx(), client, AgentSettings.forServer(base, TOKEN, ""),
        new SimulatedBackend(clusterId.toString()));
    link.start();
    await().atMost(Duration.ofSeconds(15)).until(() -> "connected".equals(status()));
    assertThat(one("SELECT agent_version FROM cluster_agents")).isEqualTo(AgentSettings.VERSION);
    // The session's own addresses share one set of event-bus meters with every other session's.
    assertThat(TestCommanders.get(commander.config(), "/metrics").body())
        .contains("address=\"agent.<cluster>.deliver\"").doesNotContain(clusterId.toString());

    final List<ConsumerRecord<String, String>> records = telemetry(kafka);
    assertThat(records).isNotEmpty();
    final io.vertx.core.json.JsonObject value = new io.vertx.core.json.JsonObject(records.get(0).value());
    assertThat(value.getString("cluster_id")).isEqualTo(clusterId.toString());
    assertThat(value.getInteger("version")).isEqualTo(1);
    assertThat(value.getJsonObject("sources").containsKey("overview")).isTrue();

    link.stop();
    await().atMost(Duration.ofSeconds(15)).until(() -> "disconnected".equals(status()));
    assertThat(one("SELECT disconnected_at IS NOT NULL FROM cluster_agents")).isEqualTo("t");
  }

  @Test
  void aSilentLinkIsShownDisconnectedFromItsAgeAlone() throws Exception {
    final WebSocket ws = open();
    ws.writeTextMessage("{\"v\":1,\"type\":\"hello\",\"agent_version\":\"0.0.1\",\"backend\":\"test\"}");
    await().atMost(Duration.ofSeconds(15)).until(() -> "connected".equals(status()));
    // No heartbeats and no close: only the age of last_seen_at tells.
    await().atMost(Duration.ofSeconds(15)).until(() -> "disconnected".equals(status()));
    assertThat(one("SELECT disconnected_at IS NULL FROM cluster_agents")).isEqualTo("t");
  }

  @Test
  void malformedUnknownAndOversizeFramesCloseTheConnectionWithAReason() throws Exception {
    assertThat(closeOf("not json")).isEqualTo(1008);
    assertThat(closeOf("{\"v\":1,\"type\":\"teleport\"}")).isEqualTo(1008);
    assertThat(closeOf("{\"v\":1,\"type\":\"hello\",\"agent_version\":\"" + "x".repeat(8000) + "\"}"))
        .isEqualTo(1009);
    final String metrics = TestCommanders.get(commander.config(), "/metrics").body();
    assertThat(metrics).contains("commander_agent_frames_rejected_total{reason=\"malformed\"} 1.0")
        .contains("commander_agent_frames_rejected_total{reason=\"unknown\"} 1.0")
        .contains("commander_agent_frames_rejected_total{reason=\"oversize\"} 1.0");
    // The gateway still takes a good agent.
    final WebSocket ws = open();
    ws.writeTextMessage("{\"v\":1,\"type\":\"hello\",\"agent_version\":\"0.0.1\",\"backend\":\"test\"}");
    await().atMost(Duration.ofSeconds(15)).until(() -> "connected".equals(status()));
  }

  @Test
  void aNewerSessionReplacesTheOlder() throws Exception {
    final WebSocket first = open();
    final AtomicInteger firstClose = new AtomicInteger();
    first.closeHandler(v -> firstClose.set(first.closeStatusCode()));
    first.writeTextMessage("{\"v\":1,\"type\":\"hello\",\"agent_version\":\"0.0.1\",\"backend\":\"test\"}");
    await().atMost(Duration.ofSeconds(15)).until(() -> "connected".equals(status()));
    final WebSocket second = open();
    second.writeTextMessage("{\"v\":1,\"type\":\"hello\",\"agent_version\":\"0.0.2\",\"backend\":\"test\"}");
    await().atMost(Duration.ofSeconds(10)).until(() -> firstClose.get() == 4001);
    await().atMost(Duration.ofSeconds(10)).until(() -> "0.0.2".equals(one("SELECT agent_version FROM cluster_agents")));
    assertThat(status()).isEqualTo("connected");
  }

  @Test
  void agentsComeBackAfterAGatewayRestartSpreadOverTheDrainDelays() throws Exception {
    final int agents = 12;
    final io.vertx.core.Vertx agentVertx = io.vertx.core.Vertx.vertx();
    final WebSocketClient agentClient = AgentLink.client(agentVertx, "");
    final List<AgentLink> links = new ArrayList<>();
    final AgentLink.Stats stats = new AgentLink.Stats();
    try {
      for (int i = 0; i < agents; i++) {
        final String token = TOKEN.substring(0, TOKEN.length() - 2) + "z" + Integer.toHexString(i);
        st.execute("""
            INSERT INTO clusters (workspace_id, name, provisioner, agent_token_hash)
            SELECT workspace_id, 'agent-%d', 'simulated', '%s' FROM clusters WHERE id = '%s'""".formatted(i,
            KeyringLoader.load(commander.config(), env).keyring().hashToken(token), clusterId));
        final AgentLink link = new AgentLink(agentVertx, agentClient, AgentSettings.forServer(base, token, ""),
            new SimulatedBackend("agent-" + i), stats);
        links.add(link);
        link.start();
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> links.stream().allMatch(AgentLink::connected));

      commander.stop();
      // Each was told when to come back before its socket closed (the gateway stops before HTTP).
      assertThat(stats.drained.sum()).isEqualTo(agents);
      assertThat(stats.closed.sum()).isZero();
      final long stoppedAt = System.nanoTime();
      commander = Commander.start(TestCommanders.config(env), env);
      final Map<AgentLink, Long> back = new java.util.concurrent.ConcurrentHashMap<>();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
        links.stream().filter(l -> l.connects() >= 2)
            .forEach(l -> back.putIfAbsent(l, (System.nanoTime() - stoppedAt) / 1_000_000));
        return back.size() == agents;
      });
      final long first = back.values().stream().mapToLong(Long::longValue).min().orElseThrow();
      final long last = back.values().stream().mapToLong(Long::longValue).max().orElseThrow();
      // Drain delays are spread over 4 s: the fleet does not come back in one instant.
      assertThat(last - first).as("spread of reconnect times, ms").isGreaterThan(1000);
      await().atMost(Duration.ofSeconds(15)).until(() -> "0".equals(one("""
          SELECT count(*) FROM clusters c LEFT JOIN cluster_agents a ON a.cluster_id = c.id
          WHERE c.name LIKE 'agent-%' AND (a.cluster_id IS NULL OR a.disconnected_at IS NOT NULL)""")));
    } finally {
      links.forEach(AgentLink::stop);
      agentVertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private WebSocket open() throws Exception {
    return client.connect(options(TOKEN)).await(10, TimeUnit.SECONDS);
  }

  private int closeOf(final String frame) throws Exception {
    final WebSocket ws = open();
    final AtomicInteger code = new AtomicInteger();
    ws.closeHandler(v -> code.set(ws.closeStatusCode()));
    ws.writeTextMessage(frame);
    await().atMost(Duration.ofSeconds(10)).until(() -> code.get() != 0);
    return code.get();
  }

  private int refusal(final String token) {
    try {
      client.connect(options(token)).await(10, TimeUnit.SECONDS);
      return 101;
    } catch (UpgradeRejectedException e) {
      return e.getStatus();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private WebSocketConnectOptions options(final String token) {
    return new WebSocketConnectOptions().setAbsoluteURI(base.replace("http", "ws") + AgentSettings.CONNECT_PATH)
        .putHeader("Authorization", "Bearer " + token);
  }

  private List<ConsumerRecord<String, String>> telemetry(final TestKafka kafka) {
    final Properties props = new Properties();
    props.put("bootstrap.servers", kafka.bootstrapServers());
    props.put("group.id", "agent-link-test-" + UUID.randomUUID());
    props.put("auto.offset.reset", "earliest");
    final List<ConsumerRecord<String, String>> mine = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        new StringDeserializer())) {
      consumer.subscribe(List.of("commander.telemetry.v1"));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> {
          if (clusterId.toString().equals(r.key())) {
            mine.add(r);
          }
        });
        return !mine.isEmpty();
      });
    }
    return mine;
  }

  private String status() throws SQLException {
    return TestCommanders.agentStatus(st);
  }

  private String one(final String query) throws SQLException {
    return TestCommanders.one(st, query);
  }
}
