package io.commander.server.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.api.CloudTemplate;
import io.commander.server.events.TopicReader.Received;
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
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every event type, produced by its real trigger through the API, the cluster manager (simulated
 * provisioner), the agent gateway (simulated agents) and the outbox relay, read back from the real
 * broker as another system reads it: valid against the repository's schemas, in order per cluster,
 * each committed event published, and no secret in any of them.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class OutboxEventsTest {

  private static final String PASSWORD = "Sup3r-Secret-Registry-Pw-42";
  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5},
       {"key": "host", "title": "Host", "catalog": "hosts", "optional": true},
       {"key": "registryPassword", "type": "string", "title": "Registry password", "format": "password",
        "optional": true}]""");

  private ApiFixture api;
  private TopicReader topic;
  private Credentials token;
  private UUID workspace;
  private String template;
  private String version;
  private String hosts;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    final String name = kafka.uniqueTopic("events");
    api = ApiFixture.start(db, kafka, state, Map.of(
        "COMMANDER_ROLES", "api,renderer,cluster-manager,agent-gateway,outbox-relay",
        "COMMANDER_SIMULATED_INSTALL_DURATION", "2", "COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1",
        // Every change fails in this phase (installs and deletes go through): a failure with a cause.
        "COMMANDER_SIMULATED_FAILURE", "converge-masters", "COMMANDER_CLUSTER_MANAGER_DRIFT_INTERVAL", "0",
        "COMMANDER_AGENT_GATEWAY_PRESENCE_INTERVAL", "1",
        "COMMANDER_OUTBOX_TOPIC", name));
    topic = new TopicReader(kafka.bootstrapServers(), name);
    workspace = api.workspace("events");
    token = Credentials.token(api.token(api.admin(), workspace, false));
    final JsonObject sections = CloudTemplate.sections();
    sections.put("placement", sections.getString("placement") + "# host {{ if .host }}{{ .host.ip }}{{ end }}\n"
        + "# pw {{ .registryPassword | default \"none\" | sha256sum | trunc 8 }}\n");
    final Response created = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
        .put("params", PARAMS).put("sections", sections), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    template = created.json().getString("id");
    version = created.json().getString("current_cluster_template_version_id");
    hosts = api.call("POST", "/catalogs", new JsonObject().put("name", "hosts").put("slug", "hosts")
        .put("usage", "exclusive").put("params", new JsonArray("[{\"key\": \"ip\", \"type\": \"string\", "
            + "\"title\": \"IP\"}]")), token).json().getString("id");
  }

  @AfterAll
  void stop() {
    if (topic != null) {
      topic.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private String cluster(final String name, final JsonObject values) {
    final Response r = api.call("POST", "/clusters", new JsonObject().put("name", name)
        .put("cluster_template_version_id", version).put("provisioner", "simulated").put("values", values), token);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json().getString("id");
  }

  private JsonObject get(final String id) {
    return api.call("GET", "/clusters/" + id, null, token).json();
  }

  private void waitFor(final String what, final java.util.concurrent.Callable<Boolean> condition) {
    await(what).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(condition);
  }

  /** The events of one type read so far about one subject. */
  private List<Received> of(final EventType type, final String subject) {
    return topic.ofType(type).stream().filter(r -> subject.equals(r.event().getString("subject"))).toList();
  }

  @Test
  void everyEventTypeComesFromItsTriggerValidInOrderAndWithoutSecrets() throws SQLException {
    final String record = api.call("POST", "/records", new JsonObject().put("catalog_id", hosts)
        .put("values", new JsonObject().put("ip", "10.0.0.7")), token).json().getString("id");
    // A cluster installed with a record and a password, changed destructively (approved; the change
    // fails), its record let go, then deleted.
    final String demo = cluster("demo", new JsonObject().put("masters", 3).put("registryPassword", PASSWORD)
        .put("host", new JsonObject().put("x-commander-record-id", record)));
    waitFor("demo installed", () -> "in_sync".equals(get(demo).getString("status")));
    waitFor("demo's agent connected", () -> !of(EventType.AGENT_CONNECTED, demo).isEmpty());
    final Response shrunk = api.call("PATCH", "/clusters/" + demo, new JsonObject().put("values", new JsonObject()
        .put("masters", 1).putNull("host")), token);
    assertThat(shrunk.status()).as(shrunk.body()).isEqualTo(200);
    waitFor("a change request", () -> !topic.ofType(EventType.CHANGE_REQUEST_CREATED).isEmpty());
    final JsonObject request = api.call("GET", "/cluster_change_requests?cluster_id=" + demo, null, token).array()
        .getJsonObject(0);
    final Response approved = api.call("POST", "/cluster_change_requests/" + request.getString("id") + "/approve",
        null, token);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    waitFor("the change failed", () -> "synchronization_failure".equals(get(demo).getString("status")));

    // A cluster whose install is canceled while it runs.
    final String flaky = cluster("flaky", new JsonObject().put("masters", 1));
    waitFor("flaky's install runs", () -> "running".equals(api.queryOne(
        "SELECT state FROM tasks WHERE cluster_id = ?::uuid", UUID.fromString(flaky))));
    final String flakyTask = api.queryOne("SELECT id::text FROM tasks WHERE cluster_id = ?::uuid",
        UUID.fromString(flaky));
    final Response canceled = api.call("POST", "/tasks/" + flakyTask + "/cancel", null, token);
    assertThat(canceled.status()).as(canceled.body()).isIn(200, 202);
    waitFor("flaky's install canceled", () -> "creation_failed".equals(get(flaky).getString("status")));

    assertThat(api.call("DELETE", "/clusters/" + demo, null, token).status()).isEqualTo(202);
    waitFor("demo deleted", () -> "deleted".equals(get(demo).getString("status")));
    waitFor("demo's agent gone", () -> !of(EventType.AGENT_DISCONNECTED, demo).isEmpty());

    // Every type arrived; every committed event is on the topic, once, under its own id.
    waitFor("every event type", () -> topic.records().stream().map(Received::type).collect(
        // (Command results have their own test: CommandsTopicTest.)
        java.util.stream.Collectors.toSet()).containsAll(EnumSet.complementOf(EnumSet.of(EventType.COMMAND_ACCEPTED,
            EventType.COMMAND_REJECTED)).stream()
        .map(EventType::type).toList()));
    final List<String> committed = outboxIds();
    waitFor("every committed event published", () -> topic.copies().keySet().containsAll(committed));
    assertThat(topic.copies()).as("no event twice in a normal run").allSatisfy((id, n) -> assertThat(n).isOne());

    final EventSchemas schemas = new EventSchemas();
    final String source = "urn:commander:installation:" + api.queryOne("SELECT id::text FROM installation");
    for (Received r : topic.records()) {
      assertThat(schemas.problems(r.event())).as(r.value()).isEmpty();
      assertThat(r.event().getString("source")).isEqualTo(source);
      assertThat(r.event().getString("workspaceid")).as(r.value()).isEqualTo(workspace.toString());
      assertThat(r.event().getString("datacontenttype")).isEqualTo("application/json");
    }

    // The triggers' facts.
    assertThat(of(EventType.TEMPLATE_VERSION_CREATED, version)).singleElement().satisfies(r -> {
      assertThat(r.data().getString("cluster_template_id")).isEqualTo(template);
      assertThat(r.data().getInteger("number")).isEqualTo(1);
      assertThat(r.key()).isEqualTo(version);
    });
    assertThat(of(EventType.RECORD_HELD, record)).singleElement()
        .satisfies(r -> assertThat(r.data().getString("cluster_id")).isEqualTo(demo));
    assertThat(of(EventType.RECORD_RELEASED, record)).singleElement()
        .satisfies(r -> assertThat(r.data().getString("cluster_id")).isEqualTo(demo));
    assertThat(of(EventType.CLUSTER_CREATED, demo)).singleElement().satisfies(r -> {
      assertThat(r.data().getString("status")).isEqualTo("new");
      assertThat(r.data().getJsonObject("values").getString("registryPassword")).isEqualTo("****");
    });
    assertThat(of(EventType.REVISION_CREATED, demo)).extracting(r -> r.data().getInteger("revision"))
        .containsExactly(1, 2);
    assertThat(of(EventType.REVISION_APPLIED, demo)).extracting(r -> r.data().getInteger("revision"))
        .containsExactly(1);
    assertThat(of(EventType.CHANGE_REQUEST_APPROVED, request.getString("id"))).singleElement()
        .satisfies(r -> assertThat(r.data().getString("change_set_sha256"))
            .isEqualTo(request.getString("change_set_sha256")));
    assertThat(of(EventType.CLUSTER_DELETED, demo)).singleElement()
        .satisfies(r -> assertThat(r.data().getString("name")).isEqualTo("demo"));
    assertThat(of(EventType.CLUSTER_STATUS_CHANGED, demo)).anySatisfy(r -> {
      assertThat(r.data().getString("new_status")).isEqualTo("synchronization_failure");
      assertThat(r.data().getString("cause")).contains("converge-masters");
      assertThat(r.data().getString("task_id")).isNotNull();
    });
    assertThat(topic.ofType(EventType.TASK_FAILED)).singleElement().satisfies(r -> {
      assertThat(r.data().getString("cluster_id")).isEqualTo(demo);
      assertThat(r.data().getString("kind")).isEqualTo("change");
      assertThat(r.data().getString("error")).contains("converge-masters");
    });
    assertThat(of(EventType.TASK_CANCELED, flakyTask)).singleElement()
        .satisfies(r -> assertThat(r.key()).isEqualTo(flaky));
    assertThat(of(EventType.CLUSTER_STATUS_CHANGED, flaky)).last()
        .satisfies(r -> assertThat(r.data().getString("cause")).contains("cancel"));

    // A cluster's events are keyed by it, and its statuses arrive as one unbroken chain.
    for (String cluster : List.of(demo, flaky)) {
      final List<Received> mine = topic.records().stream().filter(r -> cluster.equals(r.key())).toList();
      assertThat(mine).allSatisfy(r -> assertThat(r.data().getString("cluster_id")).isEqualTo(cluster));
      assertThat(mine.get(0).type()).isEqualTo(EventType.CLUSTER_CREATED.type());
      assertStatusChain(mine);
    }
    assertThat(statuses(topic.records().stream().filter(r -> demo.equals(r.key())).toList())).containsExactly(
        "new", "creating", "in_sync", "changing", "synchronization_failure", "delete", "deleted");

    // No secret of any kind leaves: not the password value, no private key, token or kubeconfig.
    for (Received r : topic.records()) {
      assertThat(r.value()).doesNotContain(PASSWORD).doesNotContain("PRIVATE KEY").doesNotContainIgnoringCase("token")
          .doesNotContainIgnoringCase("kubeconfig");
      assertNoSecretKeys(r.event().getJsonObject("data"), r.value());
    }
  }

  @Test
  void eventsTailPrintsTheTopicsCloudEventsOnePerLine() {
    // The template's version is published whichever test runs first.
    waitFor("an event", () -> !topic.records().isEmpty());
    final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    final long printed = EventsTail.run(api.config().kafka().bootstrap(), api.config().outbox().topic(), true, 1,
        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
    assertThat(printed).isOne();
    final List<String> lines = out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    assertThat(lines).hasSize(1).allSatisfy(line -> assertThat(new JsonObject(line).getString("specversion"))
        .isEqualTo("1.0"));
    assertThat(lines.get(0)).isEqualTo(topic.records().get(0).value());
  }

  /** Each status change starts where the previous one (or the creation) left the cluster. */
  static void assertStatusChain(final List<Received> events) {
    String status = null;
    for (Received r : events) {
      if (EventType.CLUSTER_CREATED.type().equals(r.type())) {
        status = r.data().getString("status");
      } else if (EventType.CLUSTER_STATUS_CHANGED.type().equals(r.type())) {
        assertThat(r.data().getString("old_status")).as("status change after %s: %s", status, r.value())
            .isEqualTo(status);
        status = r.data().getString("new_status");
      }
    }
  }

  /** The statuses a cluster went through, from its events in the order read. */
  static List<String> statuses(final List<Received> events) {
    final List<String> out = new ArrayList<>();
    for (Received r : events) {
      if (EventType.CLUSTER_CREATED.type().equals(r.type())) {
        out.add(r.data().getString("status"));
      } else if (EventType.CLUSTER_STATUS_CHANGED.type().equals(r.type())) {
        out.add(r.data().getString("new_status"));
      }
    }
    return out;
  }

  private static void assertNoSecretKeys(final JsonObject data, final String event) {
    final Set<String> keys = new LinkedHashSet<>();
    collectKeys(data, keys);
    assertThat(keys).as(event).noneMatch(k -> k.toLowerCase().contains("private") || k.toLowerCase().contains("token")
        || k.toLowerCase().contains("kubeconfig") || k.toLowerCase().contains("secret"));
  }

  private static void collectKeys(final Object value, final Set<String> keys) {
    if (value instanceof JsonObject o) {
      o.forEach(e -> {
        keys.add(e.getKey());
        collectKeys(e.getValue(), keys);
      });
    } else if (value instanceof JsonArray a) {
      a.forEach(v -> collectKeys(v, keys));
    }
  }

  private List<String> outboxIds() throws SQLException {
    final TestDatabase db = api.db();
    final List<String> ids = new ArrayList<>();
    try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         Statement st = conn.createStatement();
         ResultSet rs = st.executeQuery("SELECT id::text FROM outbox_events ORDER BY sequence")) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
