package io.commander.server.events;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A workspace's events as server-sent events: a cluster's life as it happens, only the caller's workspace,
 * and a stream resumed from its last event id gets exactly what came after, once.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class EventStreamTest {

  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]""");

  private ApiFixture api;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,cluster-manager",
        "COMMANDER_SIMULATED_INSTALL_DURATION", "0", "COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1"));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  /** The events a stream delivered so far: its id lines and data. */
  private record Sse(HttpResponse<Stream<String>> response, List<JsonObject> events) {

    List<String> ids() {
      return events.stream().map(e -> e.getString("_id")).toList();
    }

    List<String> of(final String subject) {
      return events.stream().filter(e -> subject.equals(e.getString("subject"))).map(e -> e.getString("type")).toList();
    }
  }

  private Sse open(final String token, final String lastEventId) throws Exception {
    final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/v1/events/stream"))
        .header("X-Auth-Token", token).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    final HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    final List<JsonObject> events = new CopyOnWriteArrayList<>();
    final Thread reader = new Thread(() -> {
      String id = null;
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (line.startsWith("id: ")) {
          id = line.substring(4);
        } else if (line.startsWith("data: ")) {
          events.add(new JsonObject(line.substring(6)).put("_id", id));
        }
      }
    }, "sse-reader");
    reader.setDaemon(true);
    reader.start();
    return new Sse(response, events);
  }

  private String cluster(final Credentials as, final String version, final String name) {
    final Response created = api.call("POST", "/clusters", new JsonObject().put("name", name)
        .put("cluster_template_version_id", version).put("provisioner", "simulated")
        .put("values", new JsonObject().put("masters", 1)), as);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private String template(final Credentials as) {
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
        .put("params", PARAMS).put("sections", CloudTemplate.sections()), as);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    return template.json().getString("current_cluster_template_version_id");
  }

  @Test
  void aWorkspacesStreamCarriesItsClustersLivesOnlyAndResumesWithoutAGap() throws Exception {
    final UUID mine = api.workspace("streamed");
    final UUID other = api.workspace("elsewhere");
    final String reader = api.token(api.admin(), mine, true);
    final Credentials writer = Credentials.token(api.token(api.admin(), mine, false));
    final Credentials stranger = Credentials.token(api.token(api.admin(), other, false));
    final String version = template(writer);
    final String otherVersion = template(stranger);

    final Sse stream = open(reader, null);
    final String theirs = cluster(stranger, otherVersion, "theirs");
    final String ours = cluster(writer, version, "ours");
    await().atMost(Duration.ofSeconds(60)).until(() -> stream.events().stream().anyMatch(e ->
        ours.equals(e.getString("subject")) && "io.commander.cluster.status_changed".equals(e.getString("type"))
            && "in_sync".equals(e.getJsonObject("data").getString("new_status"))));
    assertThat(stream.of(ours)).startsWith("io.commander.cluster.created", "io.commander.revision.created");
    assertThat(stream.events()).allSatisfy(e -> assertThat(e.getString("workspace_id")).isEqualTo(mine.toString()));
    assertThat(stream.of(theirs)).as("another workspace's cluster, created before ours").isEmpty();
    assertThat(stream.ids()).doesNotHaveDuplicates();

    // Resumed after the first event: everything after it, once, in the same order.
    final List<String> seen = new ArrayList<>(stream.ids());
    final Sse resumed = open(reader, seen.get(0));
    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.events().size() >= seen.size() - 1);
    assertThat(resumed.ids().subList(0, seen.size() - 1)).isEqualTo(seen.subList(1, seen.size()));
    stream.response().body().close();
    resumed.response().body().close();
  }

  @Test
  void aPositionThatIsNotOneIsRefusedAndAnotherWorkspaceIsNotFound() {
    final UUID mine = api.workspace("positions");
    final UUID other = api.workspace("not-mine");
    final Credentials token = Credentials.token(api.token(api.admin(), mine, true));
    final Response bad = api.call("GET", "/events/stream", null, token.with("Last-Event-ID", "42"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.code()).isEqualTo("invalid_event_id");
    assertThat(api.call("GET", "/events/stream?last_event_id=x-1", null, token).code()).isEqualTo("validation_failed");
    final Response elsewhere = api.call("GET", "/events/stream?workspace_id=" + other, null, token);
    assertThat(elsewhere.status()).as(elsewhere.body()).isEqualTo(404);
  }
}
