package io.commander.agent.fleet;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few calls of Commander's REST API the fleet simulator makes, as a client would: with an API
 * token ({@code X-Auth-Token}), or signed in with email and password (the session cookie, and the
 * CSRF header every write needs). Failures carry the answer's status and body.
 */
public final class CommanderApi {

  /** The simulator's template: valid DKP documents the renderer accepts, for the simulated provisioner. */
  public static final String TEMPLATE = "fleet-simulator";
  private static final int RETRIES = 30;
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final HttpClient http;
  private final String base;
  private final Map<String, String> headers;
  private final String workspaceQuery;

  private CommanderApi(final HttpClient http, final String base, final Map<String, String> headers,
                       final String workspaceId) {
    this.http = http;
    this.base = base;
    this.headers = headers;
    this.workspaceQuery = workspaceId == null ? "" : "workspace_id=" + workspaceId;
  }

  /** A failed call: what the API answered. */
  public static final class ApiFailure extends RuntimeException {
    private final int status;

    ApiFailure(final String call, final int status, final String body) {
      super(call + " answered " + status + ": " + (body.length() > 300 ? body.substring(0, 300) : body));
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  /** @param url Commander's URL ({@code http://localhost:8080}); calls go to {@code <url>/api/v1} */
  public static CommanderApi withToken(final String url, final String token) {
    return new CommanderApi(client(), apiBase(url), Map.of("X-Auth-Token", token), null);
  }

  /**
   * Signs in and answers an API acting in the workspace with this slug, created (with the same
   * slug as its name) when missing.
   */
  /**
   * The headers that act as the browser session a sign-in answer set: its session cookie, and the
   * CSRF token both as cookie and header (writes need both).
   */
  public static Map<String, String> sessionHeaders(final HttpResponse<?> login) {
    String session = null;
    String csrf = null;
    for (String cookie : login.headers().allValues("set-cookie")) {
      final String pair = cookie.split(";", 2)[0];
      if (pair.startsWith("commander_session=")) {
        session = pair;
      } else if (pair.startsWith("commander_csrf=")) {
        csrf = pair.substring("commander_csrf=".length());
      }
    }
    if (session == null || csrf == null) {
      throw new IllegalStateException("POST /auth/login set no session cookie");
    }
    return Map.of("Cookie", session + "; commander_csrf=" + csrf, "X-CSRF-Token", csrf);
  }

  public static CommanderApi signIn(final String url, final String email, final String password,
                                    final String workspaceSlug) {
    final HttpClient http = client();
    final String base = apiBase(url);
    final HttpResponse<String> login = join(http.sendAsync(request(base + "/auth/login", Map.of())
            .header("Content-Type", "application/json").POST(body(new JsonObject().put("email", email).put("password", password))).build(),
        HttpResponse.BodyHandlers.ofString()), "POST /auth/login", 200);
    final Map<String, String> headers = sessionHeaders(login);
    final CommanderApi global = new CommanderApi(http, base, headers, null);
    final String workspace = global.workspace(workspaceSlug);
    return new CommanderApi(http, base, headers, workspace);
  }

  private static String apiBase(final String url) {
    return url.replaceAll("/+$", "") + "/api/v1";
  }

  private String workspace(final String slug) {
    for (Object o : list("/workspaces")) {
      final JsonObject w = (JsonObject) o;
      if (slug.equals(w.getString("slug")) && w.getValue("archived_at") == null) {
        return w.getString("id");
      }
    }
    return send("POST", "/workspaces", new JsonObject().put("name", slug).put("slug", slug), 201).join()
        .getString("id");
  }

  /** The current version of the simulator's template, which is created when missing. */
  public String templateVersion() {
    for (Object o : list("/cluster_templates")) {
      final JsonObject t = (JsonObject) o;
      if (TEMPLATE.equals(t.getString("name")) && t.getValue("archived_at") == null) {
        return t.getString("current_cluster_template_version_id");
      }
    }
    return send("POST", "/cluster_templates", template(), 201).join().getString("current_cluster_template_version_id");
  }

  /** The live clusters whose name starts with {@code prefix}: name to id. */
  public Map<String, String> clusters(final String prefix) {
    final Map<String, String> found = new LinkedHashMap<>();
    for (Object o : list("/clusters")) {
      final JsonObject c = (JsonObject) o;
      if (c.getString("name").startsWith(prefix) && c.getValue("archived_at") == null) {
        found.put(c.getString("name"), c.getString("id"));
      }
    }
    return found;
  }

  /** Creates a cluster of the template version for the simulated provisioner; completes with its id. */
  public CompletableFuture<String> createCluster(final String name, final String templateVersion) {
    return send("POST", "/clusters", new JsonObject().put("name", name).put("cluster_template_version_id", templateVersion)
        .put("provisioner", "simulated").put("values", new JsonObject().put("masters", 3)), 201)
        .thenApply(c -> c.getString("id"));
  }

  /** The cluster's agent token, read from the Secret of its agent manifest. */
  public CompletableFuture<String> agentToken(final String clusterId) {
    final String path = "/clusters/" + clusterId + "/agent/manifest";
    return retrying(() -> http.sendAsync(request(url(path), headers).GET().build(), HttpResponse.BodyHandlers.ofString()),
            0)
        .thenApply(r -> expect(r, "GET " + path, 200).body())
        .thenApply(yaml -> secretValue(yaml, "token").orElseThrow(
            () -> new IllegalStateException("the agent manifest of cluster " + clusterId + " holds no token")));
  }

  /**
   * A value of the {@code Secret}'s {@code data} (base64-decoded) in a multi-document manifest as
   * Commander writes it (block style, two-space indentation); empty when there is none.
   */
  public static Optional<String> secretValue(final String yaml, final String key) {
    for (String doc : yaml.split("(?m)^---\\s*$")) {
      if (!doc.lines().anyMatch(l -> l.equals("kind: Secret") || l.equals("kind: \"Secret\""))) {
        continue;
      }
      boolean inData = false;
      for (String line : doc.lines().toList()) {
        if (!line.startsWith(" ")) {
          inData = line.equals("data:");
        } else if (inData && line.startsWith("  " + key + ":")) {
          final String value = line.substring(line.indexOf(':') + 1).trim().replace("\"", "").replace("'", "");
          return Optional.of(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
        }
      }
    }
    return Optional.empty();
  }

  /** Every item of a list, following its {@code Link: rel="next"} pages. */
  private JsonArray list(final String path) {
    final JsonArray all = new JsonArray();
    String next = url(path + (path.contains("?") ? "&" : "?") + "limit=1000");
    while (next != null) {
      final String call = "GET " + path;
      final HttpResponse<String> r = join(http.sendAsync(request(next, headers).GET().build(),
          HttpResponse.BodyHandlers.ofString()), call, 200);
      new JsonArray(r.body()).forEach(all::add);
      final Matcher m = NEXT.matcher(r.headers().firstValue("link").orElse(""));
      next = m.find() ? URI.create(next).resolve(m.group(1)).toString() : null;
    }
    return all;
  }

  private CompletableFuture<JsonObject> send(final String method, final String path, final JsonObject body,
                                             final int status) {
    return retrying(() -> http.sendAsync(request(url(path), headers).header("Content-Type", "application/json")
            .method(method, body(body)).build(), HttpResponse.BodyHandlers.ofString()), 0)
        .thenApply(r -> new JsonObject(expect(r, method + " " + path, status).body()));
  }

  /**
   * Sends again after a 503 or 429 (a busy renderer, a full queue), after the answer's Retry-After
   * or a second, up to {@value #RETRIES} times: the fleet's many calls would otherwise fail on a load
   * they themselves cause.
   */
  private static CompletableFuture<HttpResponse<String>> retrying(
      final java.util.function.Supplier<CompletableFuture<HttpResponse<String>>> call, final int attempt) {
    return call.get().thenCompose(r -> {
      if ((r.statusCode() != 503 && r.statusCode() != 429) || attempt >= RETRIES) {
        return CompletableFuture.completedFuture(r);
      }
      final long seconds = r.headers().firstValue("retry-after").filter(v -> v.matches("\\d{1,3}"))
          .map(Long::parseLong).orElse(1L);
      return CompletableFuture.supplyAsync(() -> null,
              CompletableFuture.delayedExecutor(Math.max(1, seconds), java.util.concurrent.TimeUnit.SECONDS))
          .thenCompose(x -> retrying(call, attempt + 1));
    });
  }

  private String url(final String path) {
    if (workspaceQuery.isEmpty()) {
      return base + path;
    }
    return base + path + (path.contains("?") ? "&" : "?") + workspaceQuery;
  }

  private static HttpRequest.Builder request(final String url, final Map<String, String> headers) {
    final HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(120));
    headers.forEach(b::header);
    return b;
  }

  private static HttpRequest.BodyPublisher body(final JsonObject json) {
    return HttpRequest.BodyPublishers.ofString(json.encode());
  }

  private static HttpResponse<String> expect(final HttpResponse<String> r, final String call, final int status) {
    if (r.statusCode() != status) {
      throw new ApiFailure(call, r.statusCode(), r.body());
    }
    return r;
  }

  private static HttpResponse<String> join(final CompletableFuture<HttpResponse<String>> response, final String call,
                                           final int status) {
    try {
      return expect(response.join(), call, status);
    } catch (CompletionException e) {
      if (e.getCause() instanceof IOException io) {
        throw new IllegalStateException(call + ": " + io.getMessage(), io);
      }
      throw e;
    }
  }

  /** A cloud template with a masters parameter, of valid DKP documents: the renderer checks their kinds. */
  static JsonObject template() {
    final JsonObject sections = new JsonObject()
        .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Cloud\n"
            + "cloud: {provider: OpenStack, prefix: sim}\npodSubnetCIDR: 10.111.0.0/16\n"
            + "serviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\nclusterDomain: cluster.local\n")
        .put("placement", "apiVersion: deckhouse.io/v1\nkind: OpenStackClusterConfiguration\nlayout: Standard\n"
            + "sshPublicKey: {{ .dc_sshPublicKey | quote }}\nmasterNodeGroup:\n  replicas: {{ .masters }}\n"
            + "  instanceClass: {flavorName: m1.large, imageName: ubuntu-22-04, rootDiskSize: 50}\n"
            + "  volumeTypeMap: {nova: ceph-ssd}\n"
            + "standard: {internalNetworkCIDR: 192.168.199.0/24, externalNetworkName: public, "
            + "internalNetworkDNSServers: [8.8.8.8]}\n"
            + "provider: {authURL: 'https://cloud.example.com/v3', domainName: Default, tenantName: sim, "
            + "username: sim, password: sim, region: RegionOne}\n");
    return new JsonObject().put("name", TEMPLATE)
        .put("comment", "Clusters of bin/commander simulate: the simulated provisioner, agents run by the simulator")
        .put("sections", sections).put("params", new JsonArray("""
            [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]"""));
  }
}
