package io.commander.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.devservices.EmbeddedKafkaBroker;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.api.CloudTemplate;
import io.commander.server.events.TopicReader.Received;
import io.commander.testing.FreePorts;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay against failures: Kafka stopped while clusters change, the relay killed between
 * commit and publish and between publish and mark, two relays at once, and a relay's death with
 * another standing by. Each test has its own database and topic.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(240)
class OutboxRelayFailoverTest {

  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]""");

  // The tests of this class share a database, so every Commander of them uses the same keys.
  @TempDir
  static Path keysDir;

  private final List<AutoCloseable> closeAfter = new ArrayList<>();

  @org.junit.jupiter.api.BeforeEach
  void emptyOutbox(final TestDatabase db) throws SQLException {
    try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = conn.createStatement()) {
      st.execute("DELETE FROM outbox_events");
    }
  }

  @org.junit.jupiter.api.AfterEach
  void closeAll() throws Exception {
    for (int i = closeAfter.size() - 1; i >= 0; i--) {
      closeAfter.get(i).close();
    }
  }

  private <T extends AutoCloseable> T closing(final T resource) {
    closeAfter.add(resource);
    return resource;
  }

  /** A Commander on the test database with these roles, publishing to {@code topic} on {@code bootstrap}. */
  private ApiFixture commander(final TestDatabase db, final TestKafka kafka, final Path state, final String roles,
                               final String bootstrap, final String topic) {
    final Map<String, String> env = new HashMap<>(Map.of("COMMANDER_ROLES", roles,
        "COMMANDER_KAFKA_BOOTSTRAP", bootstrap, "COMMANDER_OUTBOX_TOPIC", topic,
        "COMMANDER_SIMULATED_INSTALL_DURATION", "0", "COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1",
        "COMMANDER_OUTBOX_RETRY_MAX", "2", "COMMANDER_OUTBOX_TAKEOVER_INTERVAL", "1",
        "COMMANDER_CLUSTER_MANAGER_DRIFT_INTERVAL", "0"));
    env.put("COMMANDER_ENCRYPTION_KEYS_FILE", keysDir.resolve("keys.json").toString());
    return ApiFixture.start(db, kafka, state, env);
  }

  /** A workspace token and a template version to create clusters from. */
  private record Workspace(Credentials token, String version) {
  }

  private static Workspace workspace(final ApiFixture api) {
    final Credentials token = Credentials.token(api.token(api.admin(),
        api.workspace("relay-" + UUID.randomUUID().toString().substring(0, 8)), false));
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
        .put("params", PARAMS).put("sections", CloudTemplate.sections()), token);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    return new Workspace(token, template.json().getString("current_cluster_template_version_id"));
  }

  private static String cluster(final ApiFixture api, final Workspace ws, final String name) {
    final Response r = api.call("POST", "/clusters", new JsonObject().put("name", name)
        .put("cluster_template_version_id", ws.version()).put("provisioner", "simulated")
        .put("values", new JsonObject().put("masters", 1)), ws.token());
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  private static String status(final ApiFixture api, final Workspace ws, final String id) {
    return api.call("GET", "/clusters/" + id, null, ws.token()).json().getString("status");
  }

  private static void waitFor(final String what, final Duration atMost, final Callable<Boolean> condition) {
    await(what).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
  }

  /** The outbox in sequence order: ids by their Kafka key, and how many wait. */
  private static Map<String, List<String>> outboxByKey(final TestDatabase db) throws SQLException {
    final Map<String, List<String>> byKey = new LinkedHashMap<>();
    try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT partition_key::text, id::text FROM outbox_events ORDER BY sequence")) {
      while (rs.next()) {
        byKey.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
      }
    }
    return byKey;
  }

  private static long unpublished(final ApiFixture api) {
    return Long.parseLong(api.queryOne("SELECT count(*) FROM outbox_events WHERE published_at IS NULL"));
  }

  private static List<String> allIds(final Map<String, List<String>> byKey) {
    return byKey.values().stream().flatMap(List::stream).toList();
  }

  @Test
  void kafkaStoppedWhileClustersChangeThenStartedEveryEventArrivesInOrderPerCluster(final TestDatabase db,
      final TestKafka kafka, @TempDir final Path state, @TempDir final Path brokerDir) throws Exception {
    final int port = FreePorts.nextPair();
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(brokerDir, port);
    final String bootstrap = broker.bootstrapServers();
    final ApiFixture api = closing(commander(db, kafka, state, "api,renderer,cluster-manager,outbox-relay", bootstrap,
        "commander.events.v1"));
    final TopicReader topic = closing(new TopicReader(bootstrap, "commander.events.v1"));
    final Workspace ws = workspace(api);
    final List<String> clusters = List.of(cluster(api, ws, "a"), cluster(api, ws, "b"), cluster(api, ws, "c"));
    waitFor("installed and published", Duration.ofSeconds(60), () -> clusters.stream()
        .allMatch(id -> "in_sync".equals(status(api, ws, id))) && unpublished(api) == 0);
    waitFor("read back", Duration.ofSeconds(30), () -> topic.copies().keySet().containsAll(allIds(outboxByKey(db))));

    broker.close();
    try {
      // While Kafka is away the clusters change: grown (a change task), one deleted, one more created.
      for (String id : clusters.subList(0, 2)) {
        final Response grown = api.call("PATCH", "/clusters/" + id, new JsonObject().put("values",
            new JsonObject().put("masters", 3)), ws.token());
        assertThat(grown.status()).as(grown.body()).isEqualTo(200);
      }
      assertThat(api.call("DELETE", "/clusters/" + clusters.get(2), null, ws.token()).status()).isEqualTo(202);
      final String late = cluster(api, ws, "d");
      waitFor("the changes done without Kafka", Duration.ofSeconds(60), () -> clusters.subList(0, 2).stream()
          .allMatch(id -> "in_sync".equals(status(api, ws, id))) && "in_sync".equals(status(api, ws, late))
          && "deleted".equals(status(api, ws, clusters.get(2))));
      waitFor("readiness says the relay retries", Duration.ofSeconds(60), () -> {
        final String ready = api.get("/health/ready").body();
        return ready.contains("\"state\":\"retrying\"") && ready.contains("\"error\"");
      });
      waitFor("the metrics count what waits", Duration.ofSeconds(30), () -> {
        final String metrics = api.get("/metrics").body();
        return pendingMetric(metrics, "commander_outbox_pending") > 0
            && pendingMetric(metrics, "commander_outbox_oldest_pending_seconds") >= 1;
      });
      assertThat(unpublished(api)).isPositive();
    } finally {
      broker = EmbeddedKafkaBroker.start(brokerDir, port);
    }
    closing(broker);

    waitFor("everything published once Kafka is back", Duration.ofSeconds(90), () -> unpublished(api) == 0);
    final Map<String, List<String>> committed = outboxByKey(db);
    waitFor("every event read", Duration.ofSeconds(30), () -> topic.copies().keySet().containsAll(allIds(committed)));
    // In order per cluster: a cluster's distinct events arrive in the order they were committed.
    final Map<String, List<String>> read = topic.idsByKey();
    committed.forEach((key, ids) -> assertThat(read.get(key)).as("events of %s", key).isEqualTo(ids));
    for (String key : committed.keySet()) {
      OutboxEventsTest.assertStatusChain(firstCopies(topic.records().stream().filter(r -> key.equals(r.key()))
          .toList()));
    }
    waitFor("readiness says the relay publishes", Duration.ofSeconds(30),
        () -> api.get("/health/ready").body().contains("\"state\":\"publishing\""));
  }

  @Test
  void theRelayKilledBetweenCommitAndPublishOrBetweenPublishAndMarkLosesNothing(final TestDatabase db,
      final TestKafka kafka, @TempDir final Path state, @TempDir final Path relayState) throws Exception {
    final String name = kafka.uniqueTopic("events");
    // The topic is there before the relay: a first send that timed out on a topic still being created would
    // stop its key's chain, and the relay would retry it only after its marks, which wait on this test's lock.
    kafka.createTopic(name, 1);
    // No relay runs while the changes commit: as if it died right after their commit.
    final ApiFixture api = closing(commander(db, kafka, state, "api,renderer,cluster-manager",
        kafka.bootstrapServers(), name));
    final TopicReader topic = closing(new TopicReader(kafka.bootstrapServers(), name));
    final Workspace ws = workspace(api);
    final String id = cluster(api, ws, "a");
    waitFor("installed", Duration.ofSeconds(60), () -> "in_sync".equals(status(api, ws, id)));
    final List<String> committed = allIds(outboxByKey(db));
    assertThat(committed).hasSizeGreaterThanOrEqualTo(6);
    assertThat(unpublished(api)).isEqualTo(committed.size());

    // The relay that starts now publishes them, but its marks wait on a lock this test holds; it is
    // then killed (its connections terminated, the process stopped) before any mark commits.
    try (Connection blocker = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = blocker.createStatement()) {
      blocker.setAutoCommit(false);
      st.executeQuery("SELECT sequence FROM outbox_events FOR UPDATE").close();
      final ApiFixture relay = commander(db, kafka, relayState, "outbox-relay", kafka.bootstrapServers(), name);
      try {
        waitFor("published before the crash", Duration.ofSeconds(60),
            () -> topic.copies().keySet().containsAll(committed));
        waitFor("the relay waits to mark", Duration.ofSeconds(30), () -> Long.parseLong(api.queryOne(
            "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'UPDATE outbox_events SET published_at%'"
                + " AND wait_event_type = 'Lock'")) > 0);
        // The relay's process dies: PostgreSQL sees its connections go.
        api.queryOne("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
            + "AND (query LIKE 'UPDATE outbox_events SET published_at%' OR query LIKE '%pg_try_advisory_lock%')");
      } finally {
        relay.close();
      }
      blocker.rollback();
    }
    assertThat(unpublished(api)).as("no mark committed").isEqualTo(committed.size());

    // The next relay publishes them again, under the same ids; nothing is lost, order per cluster holds.
    final ApiFixture next = closing(commander(db, kafka, relayState.resolve("next"), "outbox-relay",
        kafka.bootstrapServers(), name));
    waitFor("published by the next relay", Duration.ofSeconds(60), () -> unpublished(api) == 0);
    waitFor("read again", Duration.ofSeconds(30), () -> topic.copies().values().stream().allMatch(n -> n >= 2)
        && topic.copies().size() == committed.size());
    assertThat(topic.copies().keySet()).containsExactlyInAnyOrderElementsOf(committed);
    final Map<String, List<String>> read = topic.idsByKey();
    outboxByKey(db).forEach((key, ids) -> assertThat(read.get(key)).as("events of %s", key).isEqualTo(ids));
    // The copies after the crash come in the committed order too.
    final List<String> again = topic.records().stream().filter(r -> id.equals(r.key())).map(Received::id).toList();
    assertThat(again.subList(again.size() - outboxByKey(db).get(id).size(), again.size()))
        .containsExactlyElementsOf(outboxByKey(db).get(id));
    assertThat(next.get("/health/ready").body()).contains("\"state\":\"publishing\"");
  }

  @Test
  void twoRelaysPublishEachEventOnceAndAStandbyTakesOverWithinSeconds(final TestDatabase db, final TestKafka kafka,
      @TempDir final Path state, @TempDir final Path standbyState) throws Exception {
    final String name = kafka.uniqueTopic("events");
    final ApiFixture first = closing(commander(db, kafka, state, "outbox-relay", kafka.bootstrapServers(), name));
    waitFor("the first relay publishes", Duration.ofSeconds(30),
        () -> first.get("/health/ready").body().contains("\"state\":\"publishing\""));
    final ApiFixture api = closing(commander(db, kafka, standbyState, "api,renderer,cluster-manager,outbox-relay",
        kafka.bootstrapServers(), name));
    final TopicReader topic = closing(new TopicReader(kafka.bootstrapServers(), name));
    assertThat(api.get("/health/ready").body()).contains("\"state\":\"standby\"");
    final Workspace ws = workspace(api);
    final List<String> clusters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      clusters.add(cluster(api, ws, "c" + i));
    }
    waitFor("installed and published", Duration.ofSeconds(60), () -> clusters.stream()
        .allMatch(id -> "in_sync".equals(status(api, ws, id))) && unpublished(api) == 0);
    final List<String> committed = allIds(outboxByKey(db));
    waitFor("read", Duration.ofSeconds(30), () -> topic.copies().keySet().containsAll(committed));
    assertThat(topic.copies()).as("each event once").hasSize(committed.size()).allSatisfy((id, n) ->
        assertThat(n).isOne());
    assertThat(api.get("/health/ready").body()).contains("\"state\":\"standby\"");

    // The publishing relay dies: its lock goes with its connection, and the standby takes over.
    api.queryOne("SELECT count(pg_terminate_backend(l.pid)) FROM pg_locks l WHERE l.locktype = 'advisory' "
        + "AND l.granted");
    first.close();
    closeAfter.remove(first);
    final long died = System.nanoTime();
    waitFor("the standby publishes", Duration.ofSeconds(10),
        () -> api.get("/health/ready").body().contains("\"state\":\"publishing\""));
    assertThat(Duration.ofNanos(System.nanoTime() - died)).isLessThan(Duration.ofSeconds(10));
    final String late = cluster(api, ws, "late");
    waitFor("the late cluster's events read", Duration.ofSeconds(30), () -> topic.records().stream()
        .anyMatch(r -> late.equals(r.key())) && unpublished(api) == 0);
    assertThat(topic.copies()).allSatisfy((id, n) -> assertThat(n).isOne());
  }

  private static List<Received> firstCopies(final List<Received> events) {
    final List<String> seen = new ArrayList<>();
    final List<Received> out = new ArrayList<>();
    for (Received r : events) {
      if (!seen.contains(r.id())) {
        seen.add(r.id());
        out.add(r);
      }
    }
    return out;
  }

  private static double pendingMetric(final String metrics, final String name) {
    return metrics.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
  }
}
