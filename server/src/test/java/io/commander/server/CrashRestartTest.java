package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.testing.FreePorts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Commander on the embedded services, killed with SIGKILL while installs run, starts again with the
 * same command on the same state directory: ready without a manual step, every cluster reaches
 * {@code in_sync} with exactly one install task, none lost and none finished twice.
 */
@Timeout(300)
class CrashRestartTest {

  private static final int CLUSTERS = 8;
  private static final String PASSWORD = "crash-test-password-1";
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Process> processes = new ArrayList<>();
  private int port;

  @AfterEach
  void stopAll() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
      if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private Process start(final Map<String, String> env, final Path log) throws IOException {
    final Process process = TestCommanders.startProcess(env, log, "512m");
    processes.add(process);
    return process;
  }

  @Test
  void aKilledCommanderStartsAgainAndFinishesItsInstallsOnce(@TempDir final Path dir) throws Exception {
    port = FreePorts.next();
    final Map<String, String> env = new HashMap<>();
    env.put("COMMANDER_STATE_DIR", dir.resolve("state").toString());
    env.put("COMMANDER_HTTP_HOST", "127.0.0.1");
    env.put("COMMANDER_HTTP_PORT", Integer.toString(port));
    env.put("COMMANDER_HTTP_WEBROOT", TestCommanders.PROJECT_ROOT.resolve("webroot").toString());
    env.put("COMMANDER_DB_EMBEDDED_PORT", Integer.toString(FreePorts.next()));
    env.put("COMMANDER_KAFKA_EMBEDDED_PORT", Integer.toString(FreePorts.nextPair()));
    env.put("COMMANDER_ROLES", "api,renderer,cluster-manager");
    env.put("COMMANDER_ADMIN_PASSWORD", PASSWORD);
    env.put("COMMANDER_SIMULATED_INSTALL_DURATION", "8");
    env.put("COMMANDER_CLUSTER_MANAGER_LEASE_TTL", "3");
    env.put("COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1");
    env.put("COMMANDER_CLUSTER_MANAGER_RETRY_BACKOFF", "1");
    final Path log = dir.resolve("commander.log");

    final Process first = start(env, log);
    final String token = workspaceToken();
    final String version = template(token);
    final List<String> ids = new ArrayList<>();
    for (int i = 0; i < CLUSTERS; i++) {
      final JsonObject created = json(send("POST", "/api/v1/clusters", new JsonObject().put("name", "crash-" + i)
          .put("cluster_template_version_id", version).put("provisioner", "simulated")
          .put("values", new JsonObject().put("masters", 3)), Map.of("X-Auth-Token", token)).orElseThrow(), 201);
      ids.add(created.getString("id"));
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
        ids.stream().filter(id -> "creating".equals(cluster(token, id).getString("status"))).count() >= CLUSTERS / 2);

    // As the OOM killer or a power cut of the process would: no shutdown at all.
    first.destroyForcibly().waitFor();
    final Path data = dir.resolve("state").resolve("postgres");
    await("the embedded postgresql dies with its Commander").atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100)).until(() -> !Files.exists(data.resolve("postmaster.pid")));

    start(env, log);
    assertThat(Files.readString(log)).contains("start after a crash: the Commander before this one (pid " + first.pid());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() ->
        ids.stream().allMatch(id -> "in_sync".equals(cluster(token, id).getString("status"))));
    int retaken = 0;
    for (String id : ids) {
      final JsonArray tasks = new JsonArray(send("GET", "/api/v1/clusters/" + id + "/tasks", null,
          Map.of("X-Auth-Token", token)).orElseThrow().body());
      final List<JsonObject> installs = tasks.stream().map(JsonObject.class::cast)
          .filter(t -> "install".equals(t.getString("kind"))).toList();
      assertThat(installs).as("install tasks of %s", id).hasSize(1);
      assertThat(installs.get(0).getString("state")).isEqualTo("succeeded");
      retaken += installs.get(0).getInteger("attempt") >= 2 ? 1 : 0;
    }
    assertThat(retaken).as("installs the killed Commander was running, run again after their leases expired")
        .isPositive();
  }

  private String workspaceToken() {
    final HttpResponse<String> login = send("POST", "/api/v1/auth/login", new JsonObject()
        .put("email", "admin@localhost").put("password", PASSWORD), Map.of()).orElseThrow();
    String session = "";
    String csrf = "";
    for (String cookie : login.headers().allValues("set-cookie")) {
      final String pair = cookie.split(";", 2)[0];
      session = pair.startsWith("commander_session=") ? pair : session;
      csrf = pair.startsWith("commander_csrf=") ? pair.substring("commander_csrf=".length()) : csrf;
    }
    final Map<String, String> admin = Map.of("Cookie", session + "; commander_csrf=" + csrf, "X-CSRF-Token", csrf);
    final String workspace = json(send("POST", "/api/v1/workspaces", new JsonObject().put("name", "crash")
        .put("slug", "crash"), admin).orElseThrow(), 201).getString("id");
    return json(send("POST", "/api/v1/auth_tokens", new JsonObject().put("name", "crash").put("workspace_id", workspace),
        admin).orElseThrow(), 201).getString("token");
  }

  private String template(final String token) {
    final JsonObject sections = new JsonObject()
        .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Static\n"
            + "podSubnetCIDR: 10.111.0.0/16\nserviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\n"
            + "clusterDomain: cluster.local\n")
        .put("placement", "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
            + "internalNetworkCIDRs: [10.0.0.0/24]\n# {{ .masters }} masters\n");
    return json(send("POST", "/api/v1/cluster_templates", new JsonObject().put("name", "static")
            .put("sections", sections).put("params", new JsonArray(
                "[{\"key\": \"masters\", \"type\": \"number\", \"title\": \"Masters\"}]")),
        Map.of("X-Auth-Token", token)).orElseThrow(), 201).getString("current_cluster_template_version_id");
  }

  private JsonObject cluster(final String token, final String id) {
    return json(send("GET", "/api/v1/clusters/" + id, null, Map.of("X-Auth-Token", token)).orElseThrow(), 200);
  }

  private static JsonObject json(final HttpResponse<String> response, final int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return new JsonObject(response.body());
  }

  /** The answer, or empty while nothing listens. */
  private Optional<HttpResponse<String>> send(final String method, final String path, final JsonObject body,
                                              final Map<String, String> headers) {
    final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body.encode(), StandardCharsets.UTF_8));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    headers.forEach(request::header);
    try {
      return Optional.of(http.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
