package io.commander.benchmarks;

import io.commander.agent.fleet.CommanderApi;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API as a client sees it: signs in as the first administrator, creates a workspace, a token
 * for it and a cluster template, then creates clusters with the token; keeps the administrator's
 * session cookie for requests made as a browser.
 */
record BenchApi(HttpClient http, String base, String token, String templateVersion, String workspaceId,
                String adminCookie) {

  static final String ADMIN_EMAIL = "admin@localhost";
  static final String ADMIN_PASSWORD = "bench-password-1";
  /** The name of the threads the HTTP client works on, to tell its CPU time from Commander's. */
  static final String LOAD_GENERATOR = "load-generator-";

  static BenchApi signIn(final int port) {
    // Its own two threads: left to the common pool, which has no parallelism on 2 cores, the client's
    // stages would start a thread each.
    final AtomicInteger threads = new AtomicInteger();
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(Executors.newFixedThreadPool(2, task -> {
          final Thread thread = new Thread(task, LOAD_GENERATOR + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        })).build();
    final String base = "http://127.0.0.1:" + port + "/api/v1";
    final HttpResponse<String> login = send(http, post(base + "/auth/login", Map.of(),
        new JsonObject().put("email", ADMIN_EMAIL).put("password", ADMIN_PASSWORD)), 200);
    final Map<String, String> admin = CommanderApi.sessionHeaders(login);
    final String workspace = json(send(http, post(base + "/workspaces", admin,
        new JsonObject().put("name", "bench").put("slug", "bench")), 201)).getString("id");
    final String token = json(send(http, post(base + "/auth_tokens", admin, new JsonObject().put("name", "bench")
        .put("read_only", false).put("workspace_id", workspace)), 201)).getString("token");
    final String version = json(send(http, post(base + "/cluster_templates", Map.of("X-Auth-Token", token),
        template()), 201))
        .getString("current_cluster_template_version_id");
    return new BenchApi(http, base, token, version, workspace, admin.get("Cookie"));
  }

  /** A cloud template with a masters parameter, of valid DKP documents: the renderer checks their kinds. */
  private static JsonObject template() {
    final JsonObject sections = new JsonObject()
        .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Cloud\n"
            + "cloud: {provider: OpenStack, prefix: demo}\npodSubnetCIDR: 10.111.0.0/16\n"
            + "serviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\nclusterDomain: cluster.local\n")
        .put("placement", "apiVersion: deckhouse.io/v1\nkind: OpenStackClusterConfiguration\nlayout: Standard\n"
            + "sshPublicKey: {{ .dc_sshPublicKey | quote }}\nmasterNodeGroup:\n  replicas: {{ .masters }}\n"
            + "  instanceClass: {flavorName: m1.large, imageName: ubuntu-22-04, rootDiskSize: 50}\n"
            + "  volumeTypeMap: {nova: ceph-ssd}\n"
            + "standard: {internalNetworkCIDR: 192.168.199.0/24, externalNetworkName: public, "
            + "internalNetworkDNSServers: [8.8.8.8]}\n"
            + "provider: {authURL: 'https://cloud.example.com/v3', domainName: Default, tenantName: demo, "
            + "username: demo, password: demo, region: RegionOne}\n");
    return new JsonObject().put("name", "cloud").put("sections", sections).put("params", new JsonArray("""
        [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]"""));
  }

  /** Creates a simulated cluster with 3 masters; completes with its id, or fails unless the answer is 201. */
  CompletableFuture<String> createCluster(final String name) {
    return http.sendAsync(post(base + "/clusters", Map.of("X-Auth-Token", token), new JsonObject()
            .put("name", name).put("cluster_template_version_id", templateVersion).put("provisioner", "simulated")
            .put("values", new JsonObject().put("masters", 3))), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> json(expect(response, 201)).getString("id"));
  }

  private static HttpRequest post(final String url, final Map<String, String> headers, final JsonObject body) {
    final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    headers.forEach(request::header);
    return request.build();
  }

  private static HttpResponse<String> send(final HttpClient http, final HttpRequest request, final int status) {
    try {
      return expect(http.send(request, HttpResponse.BodyHandlers.ofString()), status);
    } catch (IOException e) {
      throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> expect(final HttpResponse<String> response, final int status) {
    if (response.statusCode() != status) {
      throw new IllegalStateException("POST " + response.uri().getPath() + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return response;
  }

  private static JsonObject json(final HttpResponse<String> response) {
    return new JsonObject(response.body());
  }
}
