package io.commander.server.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.api.CloudTemplate;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook subscriptions through the API, fed from the outbox by the outbox-relay role, posting to a
 * receiver in this test (allowed by {@code webhooks.allow-private-targets}) that checks every
 * signature and answers 500 twice before 200: the delivery log shows the tries, and the secret is
 * answered once and never again, in a read, a list or an audit record.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class WebhooksTest {

  /** One request the receiver got, with whether its signature was right. */
  private record Received(String eventId, String eventType, JsonObject body, boolean signed, int answered) {
  }

  private ApiFixture api;
  private Vertx receiverVertx;
  private HttpServer receiver;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> triesByEvent = new ConcurrentHashMap<>();
  private volatile String secret;
  private Credentials token;
  private UUID workspace;
  private String version;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) throws Exception {
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,outbox-relay",
        "COMMANDER_OUTBOX_TOPIC", kafka.uniqueTopic("events"), "COMMANDER_COMMANDS_TOPIC", kafka.uniqueTopic("cmds"),
        "COMMANDER_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true", "COMMANDER_WEBHOOKS_RETRY_BASE_MS", "200",
        "COMMANDER_WEBHOOKS_MAX_ATTEMPTS", "4"));
    receiverVertx = Vertx.vertx();
    receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      final String id = request.getHeader("Commander-Event-Id");
      final int n = triesByEvent.computeIfAbsent(id == null ? "none" : id, k -> new AtomicInteger()).incrementAndGet();
      final int status = request.path().endsWith("/always-500") || n <= 2 ? 500 : 200;
      received.add(new Received(id, request.getHeader("Commander-Event-Type"), new JsonObject(body),
          verified(request.getHeader("Commander-Signature"), body.toString(StandardCharsets.UTF_8)), status));
      request.response().setStatusCode(status).end();
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    workspace = api.workspace("hooks");
    token = Credentials.token(api.token(api.admin(), workspace, false));
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
        .put("params", new JsonArray("[{\"key\": \"masters\", \"type\": \"number\", \"title\": \"Masters\"}]"))
        .put("sections", CloudTemplate.sections()), token);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    version = template.json().getString("current_cluster_template_version_id");
  }

  @AfterAll
  void stop() {
    if (receiverVertx != null) {
      receiverVertx.close();
    }
    if (api != null) {
      api.close();
    }
  }

  /** The receiver's own check, as a subscriber would write it: HMAC-SHA256 of "t.body", and a recent t. */
  private boolean verified(final String header, final String body) {
    if (header == null || secret == null) {
      return false;
    }
    final Map<String, String> parts = new java.util.HashMap<>();
    for (String part : header.split(",")) {
      final String[] kv = part.split("=", 2);
      parts.put(kv[0].strip(), kv.length > 1 ? kv[1].strip() : "");
    }
    try {
      final long t = Long.parseLong(parts.get("t"));
      final Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      final String expected = java.util.HexFormat.of().formatHex(mac.doFinal((t + "." + body)
          .getBytes(StandardCharsets.UTF_8)));
      return expected.equals(parts.get("v1")) && Math.abs(Instant.now().getEpochSecond() - t) < 300;
    } catch (Exception e) {
      return false;
    }
  }

  private String url(final String path) {
    return "http://127.0.0.1:" + receiver.actualPort() + path;
  }

  @Test
  void signedDeliveriesAreRetriedAfter500AndLoggedAndTheSecretIsShownOnce() {
    final Response created = api.call("POST", "/webhooks", new JsonObject().put("url", url("/hook"))
        .put("event_types", new JsonArray().add("io.commander.cluster.created")), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    secret = created.json().getString("secret");
    assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(30);
    final String hook = created.json().getString("id");

    final Response cluster = api.call("POST", "/clusters", new JsonObject().put("name", "hooked")
        .put("cluster_template_version_id", version).put("provisioner", "simulated")
        .put("values", new JsonObject().put("masters", 1)), token);
    assertThat(cluster.status()).as(cluster.body()).isEqualTo(201);
    final String clusterId = cluster.json().getString("id");

    await("three tries, the last one answered 200").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> received.stream().anyMatch(r -> r.answered() == 200));
    final List<Received> tries = received.stream().filter(r -> "io.commander.cluster.created".equals(r.eventType()))
        .toList();
    assertThat(tries).extracting(Received::answered).containsExactly(500, 500, 200);
    assertThat(tries).allSatisfy(r -> {
      assertThat(r.signed()).as("signature of %s", r.body()).isTrue();
      assertThat(r.body().getString("id")).isEqualTo(r.eventId());
      assertThat(r.body().getString("type")).isEqualTo(r.eventType());
      assertThat(r.body().getString("subject")).isEqualTo(clusterId);
    });
    assertThat(tries).extracting(Received::eventId).containsOnly(tries.get(0).eventId());
    assertThat(received).as("only the subscribed type").allSatisfy(r ->
        assertThat(r.eventType()).isEqualTo("io.commander.cluster.created"));

    final Response log = api.call("GET", "/webhooks/" + hook + "/deliveries", null, token);
    assertThat(log.status()).as(log.body()).isEqualTo(200);
    final JsonObject delivery = log.array().getJsonObject(0);
    assertThat(delivery.getString("state")).isEqualTo("delivered");
    assertThat(delivery.getInteger("attempts")).isEqualTo(3);
    assertThat(delivery.getString("event_id")).isEqualTo(tries.get(0).eventId());
    assertThat(delivery.getJsonArray("tries").stream().map(t -> ((JsonObject) t).getInteger("status")).toList())
        .containsExactly(500, 500, 200);

    // The secret: never again.
    assertThat(api.call("GET", "/webhooks/" + hook, null, token).body()).doesNotContain(secret).doesNotContain("secret");
    assertThat(api.call("GET", "/webhooks", null, token).body()).doesNotContain(secret).contains(hook);
    assertThat(api.queryOne("SELECT count(*)::text FROM audit_log WHERE entity_id = ?::uuid", hook)).isEqualTo("1");
    assertThat(api.queryOne("SELECT string_agg(changes::text, '') FROM audit_log WHERE entity_id = ?::uuid", hook))
        .doesNotContain(secret).contains(url("/hook"));
    assertThat(api.queryOne("SELECT secret_encrypted FROM webhooks WHERE id = ?::uuid", hook)).doesNotContain(secret);
  }

  @Test
  void aDeliveryIsGivenUpAfterTheLastTryAndRecorded() {
    final Response created = api.call("POST", "/webhooks", new JsonObject().put("url", url("/always-500"))
        .put("event_types", new JsonArray().add("io.commander.revision.created")), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    final String hook = created.json().getString("id");
    assertThat(api.call("POST", "/clusters", new JsonObject().put("name", "given-up")
        .put("cluster_template_version_id", version).put("provisioner", "simulated")
        .put("values", new JsonObject().put("masters", 1)), token).status()).isEqualTo(201);
    await("the delivery given up").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> "failed".equals(api.call("GET", "/webhooks/" + hook + "/deliveries", null, token).array()
            .getJsonObject(0).getString("state")));
    final JsonObject delivery = api.call("GET", "/webhooks/" + hook + "/deliveries", null, token).array()
        .getJsonObject(0);
    assertThat(delivery.getInteger("attempts")).isEqualTo(4);
    assertThat(delivery.getJsonArray("tries")).hasSize(4);
    assertThat(delivery.getString("finished_at")).isNotNull();
  }

  @Test
  void managersManageWebhooksOfTheirWorkspaceOnly() {
    final Response created = api.call("POST", "/webhooks", new JsonObject().put("url", url("/hook"))
        .put("event_types", new JsonArray().add("io.commander.cluster.deleted")), token);
    final String hook = created.json().getString("id");
    final UUID other = api.workspace("hooks-other");
    final Credentials otherToken = Credentials.token(api.token(api.admin(), other, false));
    assertThat(api.call("GET", "/webhooks/" + hook, null, otherToken).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/webhooks/" + hook, null, otherToken).status()).isEqualTo(404);
    assertThat(api.call("GET", "/webhooks/" + hook + "/deliveries", null, otherToken).status()).isEqualTo(404);
    final Credentials readOnly = Credentials.token(api.token(api.admin(), workspace, true));
    final Response refused = api.call("POST", "/webhooks", new JsonObject().put("url", url("/hook"))
        .put("event_types", new JsonArray().add("io.commander.cluster.deleted")), readOnly);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.code()).isEqualTo("read_only_token");
    final Response unknownType = api.call("POST", "/webhooks", new JsonObject().put("url", url("/hook"))
        .put("event_types", new JsonArray().add("io.commander.cluster.exploded")), token);
    assertThat(unknownType.status()).isEqualTo(400);
    assertThat(unknownType.code()).isEqualTo("validation_failed");
    assertThat(api.call("DELETE", "/webhooks/" + hook, null, token).status()).isEqualTo(204);
    assertThat(api.call("GET", "/webhooks/" + hook, null, token).status()).isEqualTo(404);
  }
}
