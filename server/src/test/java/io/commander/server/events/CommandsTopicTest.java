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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
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
 * Commands another system sends on the commands topic, through the real broker, run by the
 * outbox-relay role as the API runs the same requests: once per id, answered on the events topic by
 * accepted or rejected events valid against the repository's schemas, with the API's problem codes,
 * and a bad command never stops the ones after it.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class CommandsTopicTest {

  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]""");

  private ApiFixture api;
  private TopicReader events;
  private KafkaProducer<String, String> producer;
  private String commandsTopic;
  private String tokenA;
  private Credentials asA;
  private Credentials asB;
  private String versionA;
  private String versionB;
  private final EventSchemas schemas = new EventSchemas();

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    final String eventsTopic = kafka.uniqueTopic("events");
    commandsTopic = kafka.uniqueTopic("commands");
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,outbox-relay",
        "COMMANDER_OUTBOX_TOPIC", eventsTopic, "COMMANDER_COMMANDS_TOPIC", commandsTopic));
    events = new TopicReader(kafka.bootstrapServers(), eventsTopic);
    final Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    final UUID a = api.workspace("commands-a");
    final UUID b = api.workspace("commands-b");
    tokenA = api.token(api.admin(), a, false);
    asA = Credentials.token(tokenA);
    asB = Credentials.token(api.token(api.admin(), b, false));
    versionA = template(asA);
    versionB = template(asB);
  }

  @AfterAll
  void stop() {
    if (producer != null) {
      producer.close(Duration.ofSeconds(2));
    }
    if (events != null) {
      events.close();
    }
    if (api != null) {
      api.close();
    }
  }

  private String template(final Credentials as) {
    final Response created = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
        .put("params", PARAMS).put("sections", CloudTemplate.sections()), as);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("current_cluster_template_version_id");
  }

  private JsonObject createBody(final String name, final String version) {
    return new JsonObject().put("name", name).put("cluster_template_version_id", version)
        .put("provisioner", "simulated").put("values", new JsonObject().put("masters", 1));
  }

  private JsonObject command(final String id, final String type, final JsonObject data) {
    final JsonObject command = new JsonObject().put("specversion", "1.0").put("id", id)
        .put("source", "urn:test:portal").put("type", "io.commander.command.cluster." + type)
        .put("datacontenttype", "application/json").put("data", data);
    assertThat(schemas.commandProblems(command)).as("the command as the schemas describe it").isEmpty();
    return command;
  }

  private void send(final String value, final String token) {
    final ProducerRecord<String, String> record = new ProducerRecord<>(commandsTopic, null, value);
    if (token != null) {
      record.headers().add("x-auth-token", token.getBytes(StandardCharsets.UTF_8));
    }
    try {
      producer.send(record).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The results read so far of one command, each checked against the schemas. */
  private List<Received> results(final String commandId) {
    final List<Received> found = events.records().stream()
        .filter(r -> r.type().startsWith("io.commander.command."))
        .filter(r -> commandId.equals(r.data().getString("command_id"))).toList();
    found.forEach(r -> assertThat(schemas.problems(r.event())).as(r.value()).isEmpty());
    return found;
  }

  private Received result(final String commandId) {
    await("the result of " + commandId).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> !results(commandId).isEmpty());
    return results(commandId).get(0);
  }

  private Received rejected(final String commandId, final int status, final String code) {
    final Received r = result(commandId);
    assertThat(r.type()).as(r.value()).isEqualTo("io.commander.command.rejected");
    assertThat(r.data().getInteger("status")).as(r.value()).isEqualTo(status);
    assertThat(r.data().getString("code")).as(r.value()).isEqualTo(code);
    return r;
  }

  private JsonObject accepted(final String commandId) {
    final Received r = result(commandId);
    assertThat(r.type()).as(r.value()).isEqualTo("io.commander.command.accepted");
    return r.data();
  }

  @Test
  void aCommandSentThreeTimesWithOneIdRunsOnceWithTheTokenAsActor() {
    final String id = UUID.randomUUID().toString();
    final String value = command(id, "create", createBody("thrice", versionA)).encode();
    send(value, tokenA);
    send(value, tokenA);
    send(value, tokenA);
    // A later command on the same partition is handled after the three.
    final String after = UUID.randomUUID().toString();
    send(command(after, "create", createBody("after-thrice", versionA)).encode(), tokenA);
    final JsonObject data = accepted(id);
    accepted(after);

    assertThat(results(id)).as("one result: the copies answer nothing").hasSize(1);
    final String cluster = data.getString("cluster_id");
    assertThat(data.getInteger("revision")).isOne();
    assertThat(api.call("GET", "/clusters/" + cluster, null, asA).json().getString("name")).isEqualTo("thrice");
    assertThat(api.queryOne("SELECT count(*)::text FROM clusters WHERE name = 'thrice'")).isEqualTo("1");
    assertThat(api.queryOne("SELECT count(*)::text FROM commands WHERE id = ?", id)).isEqualTo("1");
    // The audit record of the change names the token, and the command id as its request.
    assertThat(api.queryOne("SELECT actor_type || ' ' || request_id FROM audit_log WHERE entity_id = ?::uuid "
        + "AND action = 'create'", cluster)).isEqualTo("token " + id);
    // The accepted event is keyed by the cluster, after its own created event.
    final List<Received> ofCluster = events.records().stream().filter(r -> cluster.equals(r.key())).toList();
    assertThat(ofCluster.stream().map(Received::type).toList())
        .containsSubsequence("io.commander.cluster.created", "io.commander.command.accepted");
  }

  @Test
  void badCommandsAreRejectedWithTheApisProblemsAndTheConsumerGoesOn() {
    final String other = api.call("POST", "/clusters", createBody("b-cluster", versionB), asB).json().getString("id");
    final String unknownType = UUID.randomUUID().toString();
    final String noToken = UUID.randomUUID().toString();
    final String badToken = UUID.randomUUID().toString();
    final String otherWorkspace = UUID.randomUUID().toString();
    final String invalid = UUID.randomUUID().toString();
    final String valid = UUID.randomUUID().toString();
    final String malformedId = UUID.randomUUID().toString();
    send("{\"id\": \"" + malformedId + "\", not json", tokenA);
    send(new JsonObject().put("specversion", "1.0").put("id", unknownType).put("source", "urn:test")
        .put("type", "io.commander.command.cluster.explode").put("data", new JsonObject()).encode(), tokenA);
    send(command(noToken, "create", createBody("no-token", versionA)).encode(), null);
    send(command(badToken, "create", createBody("bad-token", versionA)).encode(), "not-a-token");
    send(command(otherWorkspace, "patch", new JsonObject().put("cluster_id", other)
        .put("values", new JsonObject().put("masters", 3))).encode(), tokenA);
    final JsonObject invalidBody = createBody("bad name!", versionA).put("sync_mode", "sometimes");
    send(new JsonObject().put("specversion", "1.0").put("id", invalid).put("source", "urn:test")
        .put("type", "io.commander.command.cluster.create").put("data", invalidBody).encode(), tokenA);
    // Neither a command without a type nor a NUL character PostgreSQL cannot store holds the partition.
    final String typeless = UUID.randomUUID().toString();
    send(new JsonObject().put("specversion", "1.0").put("id", typeless).put("source", "urn:test")
        .put("data", new JsonObject()).encode(), tokenA);
    final String nul = UUID.randomUUID().toString();
    send(new JsonObject().put("specversion", "1.0").put("id", nul).put("source", "urn:test")
        .put("type", "io.commander.command.cluster.create")
        .put("data", createBody("nul", versionA).put("bad\u0000key", "x\u0000")).encode(), tokenA);
    send(command(valid, "create", createBody("after-bad-ones", versionA)).encode(), tokenA);

    assertThat(accepted(valid).getString("cluster_id")).isNotNull();
    await("the malformed command's rejection").atMost(Duration.ofSeconds(30)).until(() -> events.records().stream()
        .anyMatch(r -> r.type().equals("io.commander.command.rejected")
            && "malformed_json".equals(r.data().getString("code"))));
    rejected(unknownType, 400, "unknown_command_type");
    assertThat(rejected(typeless, 400, "validation_failed").data().getJsonArray("errors").getJsonObject(0)
        .getString("field")).isEqualTo("/type");
    rejected(nul, 400, "validation_failed");
    rejected(noToken, 401, "unauthenticated");
    rejected(badToken, 401, "invalid_token");
    final Received notFound = rejected(otherWorkspace, 404, "not_found");
    assertThat(notFound.event().getString("workspaceid")).as("never the other workspace's")
        .isNotEqualTo(api.call("GET", "/clusters/" + other, null, asB).json().getString("workspace_id"));
    assertThat(api.call("GET", "/clusters/" + other, null, asB).json().getInteger("current_revision")).isOne();
    // The same body through the API: the same problem, field by field.
    final Response rest = api.call("POST", "/clusters", invalidBody, asA);
    final JsonObject problem = rejected(invalid, rest.status(), rest.code()).data();
    assertThat(problem.getJsonArray("errors")).isEqualTo(rest.json().getJsonArray("errors"));
    assertThat(problem.getString("detail")).isEqualTo(rest.json().getString("detail"));
    assertThat(api.queryOne("SELECT count(*)::text FROM clusters WHERE name IN ('no-token', 'bad-token')"))
        .isEqualTo("0");
  }

  @Test
  void aPatchWithAStaleRevisionIsRejectedAsTheApiRefusesIt() {
    final String created = UUID.randomUUID().toString();
    // Attached in manual sync mode: no task holds the cluster, so patches run at once.
    send(command(created, "create", createBody("patched", versionA).put("provisioner", "kubeconfig")
        .put("kubeconfig", "apiVersion: v1\nkind: Config\n").put("sync_mode", "manual")).encode(), tokenA);
    final String cluster = accepted(created).getString("cluster_id");
    final String first = UUID.randomUUID().toString();
    send(command(first, "patch", new JsonObject().put("cluster_id", cluster).put("if_match", 1)
        .put("values", new JsonObject().put("masters", 3))).encode(), tokenA);
    assertThat(accepted(first).getInteger("revision")).isEqualTo(2);

    final JsonObject stalePatch = new JsonObject().put("values", new JsonObject().put("masters", 5));
    final Response rest = api.call("PATCH", "/clusters/" + cluster, stalePatch, asA.with("If-Match", "\"1\""));
    assertThat(rest.status()).as(rest.body()).isEqualTo(409);
    final String stale = UUID.randomUUID().toString();
    send(command(stale, "patch", stalePatch.copy().put("cluster_id", cluster).put("if_match", "1")).encode(), tokenA);
    assertThat(rejected(stale, 409, rest.code()).data().getString("code")).isEqualTo("stale_revision");

    final String deleted = UUID.randomUUID().toString();
    send(command(deleted, "delete", new JsonObject().put("cluster_id", cluster).put("cleanup", false)).encode(), tokenA);
    assertThat(accepted(deleted).getString("status")).isEqualTo("deleted");
    assertThat(api.call("GET", "/clusters/" + cluster, null, asA).json().getInteger("current_revision")).isEqualTo(2);
  }
}
