package io.commander.server.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.server.Database;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.auth.GlobalRole;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * telemetry-ingest against the real broker and database: reports become the clusters'
 * {@code cluster_agent_data} and history; redelivered and older reports change nothing; bad
 * records are skipped without holding the partition; history answers a range; retention purges.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class TelemetryIngestTest {

  private static final JsonObject SECTIONS = new JsonObject()
      .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Static\n"
          + "podSubnetCIDR: 10.111.0.0/16\nserviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\n"
          + "clusterDomain: cluster.local\n")
      .put("placement", "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
          + "internalNetworkCIDRs: [10.0.0.0/24]\n");
  private static final Duration INTERVAL = Duration.ofMinutes(1);

  private ApiFixture api;
  private TestDatabase db;
  private Credentials token;
  private UUID workspace;
  private String version;
  private Pool pool;
  private KafkaProducer<String, String> producer;
  private String topic;
  private TelemetryIngestVerticle ingest;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) throws Exception {
    this.db = db;
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_TELEMETRY_HISTORY_INTERVAL", "60",
        "COMMANDER_TELEMETRY_HISTORY_RETENTION_DAYS", "7"));
    workspace = api.workspace("telemetry");
    token = Credentials.token(api.token(api.admin(), workspace, false));
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "static")
        .put("params", new JsonArray()).put("sections", SECTIONS), token);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    version = template.json().getString("current_cluster_template_version_id");
    topic = kafka.uniqueTopic("telemetry");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
    }
    producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers()), new StringSerializer(),
        new StringSerializer());
    pool = PgBuilder.pool().connectingTo(Database.connectOptions(api.config().db())).using(api.vertx()).build();
    ingest = new TelemetryIngestVerticle(api.config().telemetry(), pool,
        kafka.bootstrapServers(), topic, Clock.systemUTC());
    api.vertx().deployVerticle(ingest).await(60, TimeUnit.SECONDS);
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @Test
  void aReportIsVisibleThroughTheApiWithEveryFieldOfItsSources() {
    final UUID cluster = cluster("visible");
    final Instant now = Instant.now();
    final JsonObject overview = overview(3, 41.5);
    final JsonObject upmeter = upmeter(0.9991);
    produce(cluster, report(cluster, UUID.randomUUID(), 1, now, new JsonObject().put("overview", overview)
        .put("upmeter", upmeter)));

    final JsonArray data = awaitAgentData(cluster, 2);
    final JsonObject first = data.getJsonObject(0);
    assertThat(first.getString("source")).isEqualTo("overview");
    assertThat(first.getString("cluster_id")).isEqualTo(cluster.toString());
    assertThat(first.getString("id")).isNotBlank();
    assertThat(first.getString("created_at")).endsWith("Z");
    assertThat(first.getString("updated_at")).endsWith("Z");
    assertThat(first.getJsonObject("data")).isEqualTo(overview);
    assertThat(data.getJsonObject(1).getString("source")).isEqualTo("upmeter");
    assertThat(data.getJsonObject(1).getJsonObject("data")).isEqualTo(upmeter);
    // The list answers the same items.
    final JsonArray listed = api.call("GET", "/clusters?workspace_id=" + workspace, null, token).array();
    final JsonObject item = listed.stream().map(JsonObject.class::cast)
        .filter(c -> c.getString("id").equals(cluster.toString())).findFirst().orElseThrow();
    assertThat(item.getJsonArray("cluster_agent_data")).isEqualTo(data);
  }

  @Test
  void aRedeliveredBatchWritesNothingNew() {
    final UUID cluster = cluster("redelivered");
    final UUID session = UUID.randomUUID();
    final Instant t = Instant.now();
    final List<String> batch = List.of(
        report(cluster, session, 1, t, new JsonObject().put("overview", overview(3, 10))),
        report(cluster, session, 2, t.plusSeconds(30), new JsonObject().put("upmeter", upmeter(1.0))));
    batch.forEach(r -> produce(cluster, r));
    awaitAgentData(cluster, 2);
    final String before = fingerprint(cluster);
    final long points = historyRows(cluster);
    assertThat(points).isPositive();

    batch.forEach(r -> produce(cluster, r));
    // A later report on the same partition shows the redelivered ones were consumed before it.
    produce(cluster, report(cluster, session, 3, t.plusSeconds(60), new JsonObject().put("upmeter", upmeter(0.5))));
    await().atMost(30, TimeUnit.SECONDS).until(() -> agentData(cluster).getJsonObject(1).getJsonObject("data")
        .equals(upmeter(0.5)));

    assertThat(api.queryOne("SELECT count(*) FROM cluster_agent_data WHERE cluster_id = ?", cluster)).isEqualTo("2");
    assertThat(api.queryOne("SELECT md5(data::text) || updated_at FROM cluster_agent_data "
        + "WHERE cluster_id = ? AND source = 'overview'", cluster)).isEqualTo(before);
    // The third report's interval may be a new point; the redelivered ones added none to theirs.
    assertThat(historyRows(cluster)).isLessThanOrEqualTo(points + 1);
    assertThat(api.queryOne("SELECT metrics::text FROM cluster_telemetry_history WHERE cluster_id = ? AND at = ?",
        cluster, java.sql.Timestamp.from(TelemetryStore.bucket(t, INTERVAL))))
        .contains("\"cpu_usage_percent\": 10");
  }

  @Test
  void anOlderReportDoesNotReplaceANewerOne() {
    final UUID cluster = cluster("ordered");
    final Instant t = Instant.now();
    final UUID session = UUID.randomUUID();
    produce(cluster, report(cluster, session, 7, t, new JsonObject().put("overview", overview(5, 70))));
    produce(cluster, report(cluster, session, 6, t.minusSeconds(30), new JsonObject().put("overview", overview(4, 60))));
    // An older session's report, sent earlier, even with a larger seq.
    produce(cluster, report(cluster, UUID.randomUUID(), 99, t.minusSeconds(90),
        new JsonObject().put("overview", overview(2, 20))));
    produce(cluster, report(cluster, session, 8, t.plusSeconds(1), new JsonObject().put("upmeter", upmeter(0.97))));

    final JsonArray data = awaitAgentData(cluster, 2);
    assertThat(data.getJsonObject(0).getJsonObject("data")).isEqualTo(overview(5, 70));
  }

  @Test
  void malformedAndUnknownRecordsAreSkippedAndTheConsumerGoesOn() {
    final UUID cluster = cluster("after-garbage");
    final UUID unknown = UUID.randomUUID();
    final Instant t = Instant.now();
    produce(cluster, "not json at all");
    produce(cluster, "[1, 2]");
    produce(cluster, new JsonObject(report(cluster, UUID.randomUUID(), 1, t, new JsonObject())).put("version", 2)
        .encode());
    produce(cluster, new JsonObject(report(cluster, UUID.randomUUID(), 1, t, new JsonObject()))
        .put("sent_at", "yesterday").encode());
    produce(cluster, report(cluster, UUID.randomUUID(), 1, t, new JsonObject().put("overview", "text")));
    produce(cluster, report(cluster, UUID.randomUUID(), 1, t, new JsonObject()
        .put("overview", new JsonObject().put("note", "a\u0000b"))));
    produce(unknown.toString(), report(unknown, UUID.randomUUID(), 1, t, new JsonObject()
        .put("overview", overview(3, 1))));
    // The key must be the report's cluster.
    produce(unknown.toString(), report(cluster, UUID.randomUUID(), 1, t, new JsonObject()
        .put("overview", overview(9, 9))));
    produce(cluster, report(cluster, UUID.randomUUID(), 1, t, new JsonObject().put("overview", overview(3, 33))
        .put("future_source", new JsonObject().put("x", 1))));

    final JsonArray data = awaitAgentData(cluster, 1);
    assertThat(data.getJsonObject(0).getJsonObject("data")).isEqualTo(overview(3, 33));
    assertThat(api.queryOne("SELECT count(*) FROM cluster_agent_data WHERE cluster_id = ?", unknown)).isEqualTo("0");
  }

  @Test
  void reportsOfArchivedClustersAreIgnored() {
    final UUID archived = cluster("archived");
    final UUID live = cluster("live-beside-archived");
    api.queryOne("UPDATE clusters SET archived_at = now() WHERE id = ? RETURNING id", archived);
    final Instant t = Instant.now();
    produce(archived, report(archived, UUID.randomUUID(), 1, t, new JsonObject().put("overview", overview(3, 5))));
    produce(live, report(live, UUID.randomUUID(), 1, t, new JsonObject().put("overview", overview(3, 5))));
    produce(archived, report(archived, UUID.randomUUID(), 2, t, new JsonObject().put("upmeter", upmeter(1))));
    produce(live, report(live, UUID.randomUUID(), 2, t.plusSeconds(1), new JsonObject().put("upmeter", upmeter(1))));

    awaitAgentData(live, 2);
    assertThat(api.queryOne("SELECT count(*) FROM cluster_agent_data WHERE cluster_id = ?", archived)).isEqualTo("0");
    assertThat(historyRows(archived)).isZero();
  }

  @Test
  void historyAnswersThePointsInTheRange() {
    final UUID cluster = cluster("charted");
    final Instant start = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(10));
    final UUID session = UUID.randomUUID();
    for (int i = 0; i < 5; i++) {
      // Two reports a minute: the first of each is its minute's point.
      produce(cluster, report(cluster, session, 2L * i, start.plus(Duration.ofMinutes(i)).plusSeconds(5),
          new JsonObject().put("overview", overview(3, 10 + i))));
      produce(cluster, report(cluster, session, 2L * i + 1, start.plus(Duration.ofMinutes(i)).plusSeconds(35),
          new JsonObject().put("overview", overview(3, 90))));
    }
    await().atMost(30, TimeUnit.SECONDS).until(() -> historyRows(cluster) == 5);

    final Response r = api.call("GET", "/clusters/" + cluster + "/telemetry/history?metric=cpu_usage_percent&from="
        + start.plus(Duration.ofMinutes(1)) + "&to=" + start.plus(Duration.ofMinutes(4)), null, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    assertThat(r.json().getString("metric")).isEqualTo("cpu_usage_percent");
    assertThat(r.json().getInteger("interval_seconds")).isEqualTo(60);
    final JsonArray points = r.json().getJsonArray("points");
    assertThat(points.stream().map(p -> ((JsonObject) p).getDouble("value")).toList()).containsExactly(11.0, 12.0, 13.0);
    assertThat(java.time.OffsetDateTime.parse(points.getJsonObject(0).getString("at")).toInstant()).isEqualTo(start.plus(Duration.ofMinutes(1)));

    final Response nodes = api.call("GET", "/clusters/" + cluster + "/telemetry/history?metric=nodes", null, token);
    assertThat(nodes.json().getJsonArray("points")).hasSize(5);
    assertThat(api.call("GET", "/clusters/" + cluster + "/telemetry/history?metric=heat", null, token).code())
        .isEqualTo("unknown_metric");
    assertThat(api.call("GET", "/clusters/" + cluster + "/telemetry/history?metric=nodes&from=" + start
        + "&to=" + start, null, token).code()).isEqualTo("invalid_time_range");
  }

  @Test
  void aFailedWriteIsRetriedAndMetricsShowIt() throws Exception {
    final UUID cluster = cluster("outage");
    produce(cluster, "{broken");
    execute("ALTER TABLE cluster_telemetry_history RENAME TO cluster_telemetry_history_away");
    try {
      produce(cluster, report(cluster, UUID.randomUUID(), 1, Instant.now(), new JsonObject()
          .put("overview", overview(3, 50))));
      await().atMost(30, TimeUnit.SECONDS).until(() -> metric("commander_telemetry_batch_failures_total") > 0);
      assertThat(agentData(cluster)).isEmpty();
    } finally {
      execute("ALTER TABLE cluster_telemetry_history_away RENAME TO cluster_telemetry_history");
    }

    awaitAgentData(cluster, 1);
    assertThat(historyRows(cluster)).isEqualTo(1);
    assertThat(metric("commander_telemetry_records_ingested_total")).isPositive();
    assertThat(metric("commander_telemetry_records_skipped_total{reason=\"malformed\"}")).isPositive();
    assertThat(metric("commander_telemetry_batch_write_seconds_count")).isPositive();
    assertThat(metric("commander_telemetry_lag_seconds_count")).isPositive();
  }

  @Test
  void anotherWorkspacesClusterIs404() {
    final UUID cluster = cluster("private");
    final UUID other = api.workspace("telemetry-other");
    final UUID user = api.createUser("telemetry-viewer@example.test", "viewer-password-1", GlobalRole.USER);
    api.bind(other, user, "viewer");
    final Credentials stranger = api.login("telemetry-viewer@example.test", "viewer-password-1");

    final Response r = api.call("GET", "/clusters/" + cluster + "/telemetry/history?metric=nodes", null, stranger);
    assertThat(r.status()).as(r.body()).isEqualTo(404);
    assertThat(api.call("GET", "/clusters/" + cluster + "/telemetry/history?metric=nodes", null, token).status())
        .isEqualTo(200);
  }

  @Test
  void retentionPurgesOlderPoints() throws Exception {
    final UUID cluster = cluster("purged");
    api.queryOne("INSERT INTO cluster_telemetry_history (cluster_id, at, metrics) VALUES "
        + "(?, now() - interval '8 days', '{\"nodes\": 3}'), (?, now() - interval '6 days', '{\"nodes\": 4}') "
        + "RETURNING 1", cluster, cluster);

    final int deleted = ingest.purge().await(30, TimeUnit.SECONDS);

    assertThat(deleted).isPositive();
    assertThat(historyRows(cluster)).isEqualTo(1);
    assertThat(api.queryOne("SELECT metrics ->> 'nodes' FROM cluster_telemetry_history WHERE cluster_id = ?", cluster))
        .isEqualTo("4");
  }

  // ---- helpers

  private UUID cluster(final String name) {
    final Response r = api.call("POST", "/clusters", new JsonObject().put("name", name)
        .put("cluster_template_version_id", version).put("provisioner", "simulated").put("values", new JsonObject())
        .put("sync_mode", "manual"), token);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return UUID.fromString(r.json().getString("id"));
  }

  private static JsonObject overview(final int masters, final double cpuUsage) {
    return new JsonObject("""
        {"dkp_version": "1.69.4", "release_channel": "Stable", "update_available": true,
         "available_dkp_version": "1.70.1", "kubernetes_version": "1.30.8",
         "nodes": {"total": %d, "masters": %d, "workers": 2, "ready": %d},
         "cpu_cores": 28, "cpu_usage_percent": %s, "memory_gib": 112.0, "memory_usage_percent": 47.25,
         "root_fs_gib": 500.0, "root_fs_usage_percent": 21.5, "pvc_capacity_gib": 360.0, "pvc_count": 9,
         "warnings": {"firing_alerts": [{"alert": "NodeDiskPressure", "severity": "warning",
                                        "summary": "node worker-1 is low on disk", "started_at": "2030-01-01T00:00:00Z"}]}}
        """.formatted(masters + 2, masters, masters + 2, cpuUsage));
  }

  private static JsonObject upmeter(final double availability) {
    return new JsonObject().put("rows", new JsonArray().add(new JsonObject().put("group", "control-plane")
        .put("probes", new JsonArray().add(new JsonObject().put("probe", "apiserver").put("availability", availability))
            .add(new JsonObject().put("probe", "scheduler").put("availability", 1.0)))));
  }

  private static String report(final UUID cluster, final UUID session, final long seq, final Instant sentAt,
                               final JsonObject sources) {
    return new JsonObject().put("version", 1).put("cluster_id", cluster.toString()).put("agent_version", "0.1.0")
        .put("session_id", session.toString()).put("seq", seq).put("sent_at", sentAt.toString())
        .put("received_at", Instant.now().toString()).put("sources", sources).encode();
  }

  private void produce(final UUID cluster, final String value) {
    produce(cluster.toString(), value);
  }

  private void produce(final String key, final String value) {
    try {
      producer.send(new ProducerRecord<>(topic, key, value)).get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonArray agentData(final UUID cluster) {
    final Response r = api.call("GET", "/clusters/" + cluster, null, token);
    assertThat(r.status()).as(r.body()).isEqualTo(200);
    return r.json().getJsonArray("cluster_agent_data");
  }

  private JsonArray awaitAgentData(final UUID cluster, final int sources) {
    await().atMost(30, TimeUnit.SECONDS).until(() -> agentData(cluster).size() == sources);
    return agentData(cluster);
  }

  private String fingerprint(final UUID cluster) {
    return Optional.ofNullable(api.queryOne("SELECT md5(data::text) || updated_at FROM cluster_agent_data "
        + "WHERE cluster_id = ? AND source = 'overview'", cluster)).orElseThrow();
  }

  private void execute(final String sql) throws java.sql.SQLException {
    try (var conn = java.sql.DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         var st = conn.createStatement()) {
      st.execute(sql);
    }
  }

  /** A value of {@code /metrics}, 0 when it is not there. */
  private double metric(final String name) {
    return api.get("/metrics").body().lines().filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1))).findFirst().orElse(0);
  }

  private long historyRows(final UUID cluster) {
    return Long.parseLong(api.queryOne("SELECT count(*) FROM cluster_telemetry_history WHERE cluster_id = ?",
        cluster));
  }
}
