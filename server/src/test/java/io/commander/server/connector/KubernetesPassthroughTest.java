package io.commander.server.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentBackend;
import io.commander.agent.AgentLink;
import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.core.bus.Addresses;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.audit.Actor;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /clusters/{id}/k8s/...} end to end: the API, the event bus, the gateway's session, the real
 * websocket, the agent's link and its kubernetes backend against fabric8's mock API server (CRUD mode).
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@EnableKubernetesMockClient(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KubernetesPassthroughTest {

  private static final String TOKEN = "cmdr_passthroughtesttoken000000000000000000";
  private static final String HANGING_TOKEN = "cmdr_passthroughhangingtoken00000000000000";
  static KubernetesClient client;

  private ConnectorFixture connector;
  private ApiFixture api;
  private UUID cluster;
  private UUID hangingCluster;
  private UUID otherCluster;
  private Credentials admin;
  private Credentials manager;
  private Credentials viewer;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    connector = ConnectorFixture.start(db, kafka, state);
    api = connector.api();
    admin = api.admin();
    final UUID alpha = api.workspace("alpha");
    final UUID beta = api.workspace("beta");
    manager = connector.user("k8s-manager@example.test", alpha, "manager");
    viewer = connector.user("k8s-viewer@example.test", alpha, "viewer");
    cluster = connector.cluster(alpha, "demo", TOKEN);
    hangingCluster = connector.cluster(alpha, "hanging", HANGING_TOKEN);
    otherCluster = connector.cluster(beta, "other", null);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("apps")
        .addToLabels("commander.io/managed", "true").endMetadata().build()).create();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("theirs").endMetadata().build())
        .create();
    connector.link(TOKEN, connector.kubernetes(client));
  }

  @AfterAll
  void stop() throws Exception {
    if (connector != null) {
      connector.close();
    }
  }

  private Response k8s(final String method, final UUID id, final String path, final JsonObject body,
                       final Credentials as) {
    return api.call(method, "/clusters/" + id + "/k8s" + path, body, as);
  }

  @Test
  void aViewerListsNamespacesThroughTheAgent() {
    final Response answer = k8s("GET", cluster, "/api/v1/namespaces", null, viewer);
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.json().getJsonArray("items").stream().map(o -> ((JsonObject) o).getJsonObject("metadata")
        .getString("name")).toList()).contains("apps", "theirs");
    // One object, and the query is passed on.
    assertThat(k8s("GET", cluster, "/api/v1/namespaces/apps", null, viewer).json().getJsonObject("metadata")
        .getJsonObject("labels").getString("commander.io/managed")).isEqualTo("true");
    assertThat(k8s("GET", cluster, "/api/v1/namespaces?labelSelector=commander.io%2Fmanaged%3Dtrue", null, viewer)
        .json().getJsonArray("items").size()).isEqualTo(1);
  }

  @Test
  void theConnectorRefusesAWriteOfACallerWhoMayOnlyReadWhoeverSendsIt() {
    final ConsoleRequest create = new ConsoleRequest("0", "POST", "/api/v1/namespaces/apps/configmaps",
        Map.of("content-type", "application/json"), Body.text(configMap("sent-on-the-bus").encode()));
    final ConnectorCall call = new ConnectorCall(new ConnectorCall.Target(cluster, null,
        new Actor("user", UUID.randomUUID(), "bus-viewer@example.test", null, null), false), create, null);
    final Throwable refused = api.vertx().eventBus().request(Addresses.CONNECTOR_REQUEST, call)
        .toCompletionStage().toCompletableFuture().handle((reply, e) -> e).join();
    assertThat(refused).isInstanceOf(ReplyException.class);
    assertThat(((ReplyException) refused).failureCode()).isEqualTo(403);
    assertThat(client.configMaps().inNamespace("apps").withName("sent-on-the-bus").get()).isNull();
    assertThat(api.queryOne("SELECT count(*) FROM audit_log WHERE actor_name = 'bus-viewer@example.test'"))
        .isEqualTo("0");
  }

  @Test
  void writesAreRefusedToViewersByCommanderAndOutsideTheAllowListByTheAgent() {
    final JsonObject secret = new JsonObject().put("apiVersion", "v1").put("kind", "Secret")
        .put("metadata", new JsonObject().put("name", "stolen")).put("stringData", new JsonObject().put("a", "b"));
    final Response byViewer = k8s("POST", cluster, "/api/v1/namespaces/apps/configmaps", configMap("v"), viewer);
    assertThat(byViewer.status()).isEqualTo(403);
    assertThat(byViewer.header("content-type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));
    assertThat(client.configMaps().inNamespace("apps").withName("v").get()).isNull();

    final Response byManager = k8s("POST", cluster, "/api/v1/namespaces/apps/secrets", secret, manager);
    assertThat(byManager.status()).isEqualTo(403);
    assertThat(byManager.header("content-type")).contains("application/json");
    assertThat(byManager.json().getString("kind")).isEqualTo("Status");
    assertThat(byManager.json().getString("reason")).isEqualTo("forbidden_by_agent_policy");
    assertThat(client.secrets().inNamespace("apps").withName("stolen").get()).isNull();
    assertThat(k8s("GET", cluster, "/api/v1/namespaces/apps/secrets", null, manager).json().getString("reason"))
        .isEqualTo("forbidden_by_agent_policy");
    // A ConfigMap only in a namespace Commander manages.
    assertThat(k8s("POST", cluster, "/api/v1/namespaces/theirs/configmaps", configMap("x"), manager).json()
        .getString("reason")).isEqualTo("forbidden_by_agent_policy");
    assertThat(client.configMaps().inNamespace("theirs").withName("x").get()).isNull();
  }

  @Test
  void aManagerCreatesAndDeletesAConfigMapAndEachWriteIsAudited() {
    final String audited = "SELECT count(*) FROM audit_log WHERE action = 'kubernetes_request' AND entity_id = ?::uuid";
    final long before = Long.parseLong(api.queryOne(audited, cluster.toString()));
    final Response created = k8s("POST", cluster, "/api/v1/namespaces/apps/configmaps", configMap("settings"), manager);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getJsonObject("metadata").getString("name")).isEqualTo("settings");
    assertThat(client.configMaps().inNamespace("apps").withName("settings").get().getData()).containsEntry("k", "v");

    final Response deleted = k8s("DELETE", cluster, "/api/v1/namespaces/apps/configmaps/settings", null, manager);
    assertThat(deleted.status()).isEqualTo(200);
    assertThat(client.configMaps().inNamespace("apps").withName("settings").get()).isNull();
    assertThat(k8s("GET", cluster, "/api/v1/namespaces/apps/configmaps/settings", null, viewer).status())
        .isEqualTo(404);
    assertThat(Long.parseLong(api.queryOne(audited, cluster.toString()))).isEqualTo(before + 2);
    assertThat(api.queryOne("SELECT changes->>'path' FROM audit_log WHERE action = 'kubernetes_request' "
        + "AND changes->>'method' = 'DELETE' ORDER BY at DESC LIMIT 1"))
        .isEqualTo("/api/v1/namespaces/apps/configmaps/settings");
  }

  @Test
  void anotherWorkspacesClusterIsNotFoundAndAClusterWithoutAnAgentIsDisconnected() {
    assertThat(k8s("GET", otherCluster, "/api/v1/namespaces", null, viewer).status()).isEqualTo(404);
    final Response disconnected = k8s("GET", otherCluster, "/api/v1/namespaces", null, admin);
    assertThat(disconnected.status()).isEqualTo(503);
    assertThat(disconnected.code()).isEqualTo("cluster_disconnected");
  }

  @Test
  void anAgentThatGoesAwayMidRequestAnswersClusterDisconnectedWithinASecond() throws Exception {
    final AtomicBoolean asked = new AtomicBoolean();
    final AgentLink hanging = connector.link(HANGING_TOKEN, new Hanging(asked));
    try {
      final CompletableFuture<Response> answer = CompletableFuture.supplyAsync(
          () -> k8s("GET", hangingCluster, "/api/v1/nodes", null, viewer), Executors.newSingleThreadExecutor());
      await().atMost(Duration.ofSeconds(10)).untilTrue(asked);
      final long stoppedAt = System.nanoTime();
      hanging.stop();
      final Response response = answer.get(5, TimeUnit.SECONDS);
      assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(1));
      assertThat(response.status()).isEqualTo(503);
      assertThat(response.code()).isEqualTo("cluster_disconnected");
    } finally {
      hanging.stop();
    }
  }

  @Test
  void aLinkCarriesAtMost256OpenRequestsAndFailsThemAllWhenItCloses() throws Exception {
    final AtomicBoolean asked = new AtomicBoolean();
    final AgentLink hanging = connector.link(HANGING_TOKEN, new Hanging(asked));
    try {
      final Tunnel tunnel = new Tunnel(api.vertx());
      final List<CompletableFuture<ConsoleResponse>> open = new ArrayList<>();
      for (int i = 0; i < 257; i++) {
        open.add(tunnel.send(new ConnectorCall.Target(hangingCluster, null, Actor.system("test"), false),
                new ConsoleRequest("0", "GET", "/api/v1/nodes", Map.of(), null))
            .toCompletionStage().toCompletableFuture());
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> open.stream().anyMatch(CompletableFuture::isDone));
      assertThat(open.stream().filter(CompletableFuture::isDone).toList()).singleElement()
          .satisfies(f -> assertThat(status(f)).isEqualTo(429));
      hanging.stop();
      await().atMost(Duration.ofSeconds(5)).until(() -> open.stream().allMatch(CompletableFuture::isDone));
      assertThat(open.stream().filter(f -> status(f) == 503).count()).isEqualTo(256);
    } finally {
      hanging.stop();
    }
  }

  private static int status(final CompletableFuture<ConsoleResponse> answer) {
    try {
      answer.join();
      return 200;
    } catch (java.util.concurrent.CompletionException e) {
      return e.getCause() instanceof io.commander.server.api.ApiException problem ? problem.status() : -1;
    }
  }

  @Test
  void aHundredConcurrentRequestsOverOneLinkAllAnswer() throws Exception {
    final ExecutorService callers = Executors.newFixedThreadPool(100);
    try {
      final List<CompletableFuture<Response>> answers = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        final String path = i % 2 == 0 ? "/api/v1/namespaces" : "/api/v1/namespaces/apps";
        answers.add(CompletableFuture.supplyAsync(() -> k8s("GET", cluster, path, null, viewer), callers));
      }
      for (CompletableFuture<Response> answer : answers) {
        final Response response = answer.get(60, TimeUnit.SECONDS);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().containsKey("items") || "apps".equals(response.json().getJsonObject("metadata")
            .getString("name"))).as(response.body()).isTrue();
      }
    } finally {
      callers.shutdownNow();
    }
  }

  private static JsonObject configMap(final String name) {
    return new JsonObject().put("apiVersion", "v1").put("kind", "ConfigMap")
        .put("metadata", new JsonObject().put("name", name)).put("data", new JsonObject().put("k", "v"));
  }

  /** A backend whose cluster never answers a tunnelled request. */
  private record Hanging(AtomicBoolean asked) implements AgentBackend {
    @Override
    public String name() {
      return "test";
    }

    @Override
    public Future<Map<String, JsonObject>> changedSources(final Instant now) {
      return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<Map<String, JsonObject>> allSources(final Instant now) {
      return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<ApplyReport> apply(final DesiredState desired, final Instant now) {
      return Promise.<ApplyReport>promise().future();
    }

    @Override
    public Future<ConsoleResponse> kubernetes(final ConsoleRequest request) {
      asked.set(true);
      return Promise.<ConsoleResponse>promise().future();
    }
  }
}
