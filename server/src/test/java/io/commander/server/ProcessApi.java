package io.commander.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.agent.fleet.CommanderApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The API of a Commander running as a child process, as its tests call it: plain HTTP on its port. */
final class ProcessApi {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final int port;

  ProcessApi(final int port) {
    this.port = port;
  }

  /** Signs in as the first administrator, creates a workspace and answers a token of it. */
  String workspaceToken(final String adminPassword, final String workspace) {
    final HttpResponse<String> login = send("POST", "/api/v1/auth/login", new JsonObject()
        .put("email", "admin@localhost").put("password", adminPassword), Map.of()).orElseThrow();
    final Map<String, String> admin = CommanderApi.sessionHeaders(login);
    final String id = json(send("POST", "/api/v1/workspaces", new JsonObject().put("name", workspace)
        .put("slug", workspace), admin).orElseThrow(), 201).getString("id");
    return json(send("POST", "/api/v1/auth_tokens", new JsonObject().put("name", workspace).put("workspace_id", id),
        admin).orElseThrow(), 201).getString("token");
  }

  /** A static-cluster template with a {@code masters} number; answers its current version's id. */
  String staticTemplate(final String token) {
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

  /** Creates a simulated cluster; answers its id. */
  String createCluster(final String token, final String version, final String name) {
    return json(send("POST", "/api/v1/clusters", new JsonObject().put("name", name)
        .put("cluster_template_version_id", version).put("provisioner", "simulated")
        .put("values", new JsonObject().put("masters", 3)), Map.of("X-Auth-Token", token)).orElseThrow(), 201)
        .getString("id");
  }

  JsonObject cluster(final String token, final String id) {
    return json(send("GET", "/api/v1/clusters/" + id, null, Map.of("X-Auth-Token", token)).orElseThrow(), 200);
  }

  JsonArray tasks(final String token, final String clusterId) {
    return new JsonArray(send("GET", "/api/v1/clusters/" + clusterId + "/tasks", null, Map.of("X-Auth-Token", token))
        .orElseThrow().body());
  }

  static JsonObject json(final HttpResponse<String> response, final int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    return new JsonObject(response.body());
  }

  /** The answer, or empty while nothing listens. */
  Optional<HttpResponse<String>> send(final String method, final String path, final JsonObject body,
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
      return Optional.of(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
