package io.commander.server.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentLink;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Streamed answers through {@code /clusters/{id}/k8s/...}: watches and logs followed, end to end through the
 * API, the event bus, the gateway, the real websocket and the agent's kubernetes backend against fabric8's
 * mock API server (CRUD mode; the log, which CRUD mode does not serve, from one expectation of the same
 * server). Per-stream credit: a reader that does not read pauses its own stream at the agent, and only it.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@EnableKubernetesMockClient(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class KubernetesStreamsTest {

  private static final String TOKEN = "cmdr_streamstesttoken0000000000000000000000";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  static KubernetesClient client;
  static KubernetesMockServer server;

  private ConnectorFixture connector;
  private ApiFixture api;
  private UUID alpha;
  private UUID cluster;
  private Credentials viewer;
  private AgentLink.Stats stats;
  private AgentLink link;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    connector = ConnectorFixture.start(db, kafka, state);
    api = connector.api();
    alpha = api.workspace("alpha");
    viewer = connector.user("streams-viewer@example.test", alpha, "viewer");
    cluster = connector.cluster(alpha, "streams", TOKEN);
    for (String name : new String[] {"apps", "flood", "quiet"}) {
      client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    }
    stats = new AgentLink.Stats();
    link = connector.link(TOKEN, connector.kubernetes(client), stats);
  }

  @AfterAll
  void stop() throws Exception {
    if (connector != null) {
      connector.close();
    }
  }

  /** Opens a streamed GET; the body is read only by whoever takes the stream. */
  private HttpResponse<InputStream> open(final String path) throws Exception {
    final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/clusters/"
        + cluster + "/k8s" + path)).GET();
    viewer.headers().forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** Reads lines of a streamed body on a thread of its own into a queue (a null-free end marker last). */
  private static BlockingQueue<String> lines(final HttpResponse<InputStream> response) {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    final Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          lines.add(line);
        }
      } catch (java.io.IOException e) {
        lines.add("<failed: " + e.getMessage() + ">");
      }
      lines.add("<end>");
    });
    reader.setDaemon(true);
    reader.start();
    return lines;
  }

  private static JsonObject nextEvent(final BlockingQueue<String> lines) throws InterruptedException {
    final String line = lines.poll(20, TimeUnit.SECONDS);
    assertThat(line).as("a watch event within 20 s").isNotNull().startsWith("{");
    try {
      return new JsonObject(line);
    } catch (io.vertx.core.json.DecodeException e) {
      throw new AssertionError("not one JSON event (" + line.length() + " characters): "
          + line.replaceAll("x{20,}", "x...x"), e);
    }
  }

  @Test
  void aWatchIsStreamedEndToEndAndEndsAtTheAgentWhenTheCallerGoes() throws Exception {
    final HttpResponse<InputStream> watch = open("/api/v1/namespaces/apps/configmaps?watch=true");
    assertThat(watch.statusCode()).isEqualTo(200);
    assertThat(watch.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
    final BlockingQueue<String> lines = lines(watch);
    await().atMost(Duration.ofSeconds(10)).until(() -> link.openStreams() == 1);

    client.configMaps().inNamespace("apps").resource(new ConfigMapBuilder().withNewMetadata().withName("first")
        .endMetadata().addToData("k", "v").build()).create();
    final JsonObject added = nextEvent(lines);
    assertThat(added.getString("type")).isEqualTo("ADDED");
    assertThat(added.getJsonObject("object").getJsonObject("metadata").getString("name")).isEqualTo("first");
    client.configMaps().inNamespace("apps").withName("first").delete();
    assertThat(nextEvent(lines).getString("type")).isEqualTo("DELETED");

    // The caller goes: the agent's stream ends, its id is free again.
    watch.body().close();
    await().atMost(Duration.ofSeconds(10)).until(() -> link.openStreams() == 0);
    // Every stream's addresses share one set of event-bus meters: none is made per stream.
    assertThat(api.get("/metrics").body()).contains("address=\"tunnel.stream.<stream>\"")
        .doesNotContainPattern("address=\"tunnel\\.stream\\.[0-9a-f]{8}-");
  }

  @Test
  void aFollowedLogIsStreamedAndEndsWhenTheAgentsStreamEnds() throws Exception {
    // CRUD mode serves no pod logs: this one path is an expectation of the same mock server.
    server.expect().get().withPath("/api/v1/namespaces/apps/pods/web/log?follow=true")
        .andReturn(200, "starting\nlistening on :8080\nready\n").once();
    final HttpResponse<InputStream> log = open("/api/v1/namespaces/apps/pods/web/log?follow=true");
    assertThat(log.statusCode()).isEqualTo(200);
    final BlockingQueue<String> lines = lines(log);
    assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("starting");
    assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("listening on :8080");
    assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("ready");
    assertThat(lines.poll(20, TimeUnit.SECONDS)).isEqualTo("<end>");
    await().atMost(Duration.ofSeconds(10)).until(() -> link.openStreams() == 0);
  }

  @Test
  void aReaderThatDoesNotReadPausesItsOwnStreamAndNothingElse() throws Exception {
    // Never read: once the bytes in flight pass the window, the agent pauses this stream.
    final HttpResponse<InputStream> stalled = open("/api/v1/namespaces/flood/configmaps?watch=true");
    assertThat(stalled.statusCode()).isEqualTo(200);
    final HttpResponse<InputStream> other = open("/api/v1/namespaces/quiet/configmaps?watch=true");
    final BlockingQueue<String> otherLines = lines(other);
    await().atMost(Duration.ofSeconds(10)).until(() -> link.openStreams() == 2);
    final long pausesBefore = stats.streamPauses.sum();
    final String big = "x".repeat(100_000);
    int created = 0;
    // Until the stalled stream has filled its window and every buffer on the way (sockets, queues).
    while (stats.streamPauses.sum() == pausesBefore && created < 400) {
      client.configMaps().inNamespace("flood").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("big-" + created).endMetadata().addToData("k", big).build()).create();
      created++;
    }
    assertThat(stats.streamPauses.sum()).as("the stalled stream was paused").isGreaterThan(pausesBefore);
    for (int i = 0; i < 5; i++) {
      client.configMaps().inNamespace("flood").resource(new ConfigMapBuilder().withNewMetadata()
          .withName("more-" + i).endMetadata().addToData("k", big).build()).create();
    }
    // The same link still answers requests and carries the other stream at once.
    final long started = System.nanoTime();
    assertThat(api.call("GET", "/clusters/" + cluster + "/k8s/api/v1/namespaces/quiet", null, viewer).status())
        .isEqualTo(200);
    client.configMaps().inNamespace("quiet").resource(new ConfigMapBuilder().withNewMetadata().withName("ping")
        .endMetadata().addToData("k", "v").build()).create();
    final JsonObject event = nextEvent(otherLines);
    assertThat(event.getJsonObject("object").getJsonObject("metadata").getString("name")).isEqualTo("ping");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    // Reading the stalled stream now gets every event, in order: the pause lost nothing.
    final BlockingQueue<String> stalledLines = lines(stalled);
    for (int i = 0; i < created; i++) {
      assertThat(nextEvent(stalledLines).getJsonObject("object").getJsonObject("metadata").getString("name"))
          .isEqualTo("big-" + i);
    }
    stalled.body().close();
    other.body().close();
    await().atMost(Duration.ofSeconds(10)).until(() -> link.openStreams() == 0);
  }

  @Test
  void aStreamOfAnAgentThatGoesAwayEndsWithinASecond() throws Exception {
    final String token = "cmdr_streamsgoingawaytoken0000000000000000";
    final UUID going = connector.cluster(alpha, "going", token);
    final AgentLink goingLink = connector.link(token, connector.kubernetes(client));
    try {
      final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/clusters/"
          + going + "/k8s/api/v1/namespaces/apps/configmaps?watch=true")).GET();
      viewer.headers().forEach(request::header);
      final HttpResponse<InputStream> watch = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(watch.statusCode()).isEqualTo(200);
      final BlockingQueue<String> lines = lines(watch);
      await().atMost(Duration.ofSeconds(10)).until(() -> goingLink.openStreams() == 1);
      final long stoppedAt = System.nanoTime();
      goingLink.stop();
      assertThat(lines.poll(5, TimeUnit.SECONDS)).isEqualTo("<end>");
      assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(1));
    } finally {
      goingLink.stop();
    }
  }
}
