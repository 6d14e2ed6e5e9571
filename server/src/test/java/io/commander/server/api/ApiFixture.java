package io.commander.server.api;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.server.Commander;
import io.commander.server.auth.GlobalRole;
import io.commander.server.users.PasswordHasher;
import io.commander.testing.FreePorts;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A running Commander with the API role on the test database, and a small HTTP client for it.
 * Tests sign in as users (created here, through SQL: the API has no user management yet) or call
 * with tokens, and read the database directly to check what was, or was not, written.
 */
public final class ApiFixture implements AutoCloseable {

  public static final String ADMIN_EMAIL = "admin@example.test";
  public static final String ADMIN_PASSWORD = "admin-password-1";
  static final Path PROJECT_ROOT = Path.of(System.getProperty("commander.project.root", ".."));
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Commander commander;
  private final CommanderConfig config;
  private final TestDatabase db;
  /** The plain client, or over TLS one that trusts the server's certificate ({@link TestTls}). */
  private final HttpClient http;

  private ApiFixture(final Commander commander, final CommanderConfig config, final TestDatabase db) {
    this.commander = commander;
    this.config = config;
    this.db = db;
    this.http = config.http().tls().map(tls -> HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
        .sslContext(TestTls.trusting(tls.caFile().orElse(tls.certFile()))).build()).orElse(HTTP);
  }

  /** Starts Commander (the API and renderer roles) on the test database. */
  public static ApiFixture start(final TestDatabase db, final TestKafka kafka, final Path stateDir) {
    return start(db, kafka, stateDir, Map.of());
  }

  /** The same with extra {@code COMMANDER_*} settings. */
  public static ApiFixture start(final TestDatabase db, final TestKafka kafka, final Path stateDir,
                                 final Map<String, String> extra) {
    final Map<String, String> env = new HashMap<>(db.commanderEnv());
    env.put("COMMANDER_KAFKA_BOOTSTRAP", kafka.bootstrapServers());
    env.put("COMMANDER_ROLES", "api,renderer");
    env.put("COMMANDER_HTTP_HOST", "127.0.0.1");
    env.put("COMMANDER_HTTP_PORT", Integer.toString(FreePorts.next()));
    env.put("COMMANDER_HTTP_INSTANCES", "1");
    env.put("COMMANDER_HTTP_WEBROOT", PROJECT_ROOT.resolve("webroot").resolve("dist").toString());
    env.put("COMMANDER_STATE_DIR", stateDir.toString());
    env.put("COMMANDER_ADMIN_EMAIL", ADMIN_EMAIL);
    env.put("COMMANDER_ADMIN_PASSWORD", ADMIN_PASSWORD);
    // Cheap hashes keep the suite fast; the algorithm is the same.
    env.put("COMMANDER_AUTH_PASSWORD_ITERATIONS", "1000");
    env.putAll(extra);
    final CommanderConfig config = ConfigLoader.load(env, Optional.empty());
    return new ApiFixture(Commander.start(config, env), config, db);
  }

  /** The running server's Vert.x, for tests that publish on its event bus. */
  public io.vertx.core.Vertx vertx() {
    return commander.vertx();
  }

  public CommanderConfig config() {
    return config;
  }

  public TestDatabase db() {
    return db;
  }

  @Override
  public void close() {
    commander.stop();
  }

  // ---- callers

  /** Who makes a request: headers to send (cookie and CSRF, or a token). */
  public record Credentials(Map<String, String> headers) {

    public static Credentials none() {
      return new Credentials(Map.of());
    }

    public static Credentials token(final String secret) {
      return new Credentials(Map.of("X-Auth-Token", secret));
    }

    /** The same credentials with one more request header. */
    public Credentials with(final String name, final String value) {
      final Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(name, value);
      return new Credentials(copy);
    }

    /** The same session without the CSRF header, as a forged cross-site request would be. */
    public Credentials withoutCsrf() {
      final Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.remove("X-CSRF-Token");
      return new Credentials(copy);
    }
  }

  /** A user in the database, with a password. */
  public UUID createUser(final String email, final String password, final GlobalRole role) {
    final String hash = new PasswordHasher(1000).hash(password);
    return UUID.fromString(queryOne("INSERT INTO users (email, name, password_hash, global_role) VALUES (?, ?, ?, ?) "
        + "RETURNING id::text", email, email, hash, role.id()));
  }

  /** Signs in and returns the session's credentials. */
  public Credentials login(final String email, final String password) {
    final Response response = call("POST", "/auth/login", new JsonObject().put("email", email).put("password", password),
        Credentials.none());
    if (response.status() != 200) {
      throw new AssertionError("login of " + email + " failed: " + response);
    }
    String session = null;
    String csrf = null;
    for (String cookie : response.headers().getOrDefault("set-cookie", List.of())) {
      final String pair = cookie.split(";", 2)[0];
      if (pair.startsWith("commander_session=")) {
        session = pair;
      } else if (pair.startsWith("commander_csrf=")) {
        csrf = pair.substring("commander_csrf=".length());
      }
    }
    return new Credentials(Map.of("Cookie", session + "; commander_csrf=" + csrf, "X-CSRF-Token", csrf));
  }

  public Credentials admin() {
    return login(ADMIN_EMAIL, ADMIN_PASSWORD);
  }

  /** Creates a token through the API and returns its secret. */
  public String token(final Credentials as, final UUID workspaceId, final boolean readOnly) {
    final JsonObject body = new JsonObject().put("name", "t-" + UUID.randomUUID()).put("read_only", readOnly);
    if (workspaceId != null) {
      body.put("workspace_id", workspaceId.toString());
    }
    final Response response = call("POST", "/auth_tokens", body, as);
    if (response.status() != 201) {
      throw new AssertionError("token creation failed: " + response);
    }
    return response.json().getString("token");
  }

  /** Creates a workspace through the API as the administrator. */
  public UUID workspace(final String slug) {
    final Response response = call("POST", "/workspaces", new JsonObject().put("name", slug).put("slug", slug), admin());
    if (response.status() != 201) {
      throw new AssertionError("workspace creation failed: " + response);
    }
    return UUID.fromString(response.json().getString("id"));
  }

  /** Binds a user to a workspace through the API as the administrator. */
  public UUID bind(final UUID workspaceId, final UUID userId, final String role) {
    final Response response = call("POST", "/workspace_role_bindings", new JsonObject()
        .put("workspace_id", workspaceId.toString()).put("user_id", userId.toString()).put("role", role), admin());
    if (response.status() != 201) {
      throw new AssertionError("binding failed: " + response);
    }
    return UUID.fromString(response.json().getString("id"));
  }

  // ---- HTTP

  /** An answer: status, headers (lower-case names) and body text. */
  public record Response(int status, Map<String, List<String>> headers, String body) {

    public JsonObject json() {
      return new JsonObject(body);
    }

    public JsonArray array() {
      return new JsonArray(body);
    }

    public Optional<String> header(final String name) {
      return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT))).map(l -> l.get(0));
    }

    /** The problem's stable code, for error answers. */
    public String code() {
      return json().getString("code");
    }

    @Override
    public String toString() {
      return status + " " + body;
    }
  }

  /** Calls {@code /api/v1 + path} with a JSON body (or none). */
  public Response call(final String method, final String path, final JsonObject body, final Credentials as) {
    return send(method, path, body == null ? null : body.encode(), "application/json", as);
  }

  /** Calls with a raw body, for malformed input. */
  public Response send(final String method, final String path, final String body, final String contentType,
                       final Credentials as) {
    final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1" + path))
        .timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    as.headers().forEach(request::header);
    try {
      final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      final Map<String, List<String>> headers = new HashMap<>();
      response.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
      return new Response(response.statusCode(), headers, response.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Sends {@code request} as it is, bytes on a socket, and reads the answer until the server closes
   * the connection: for requests no HTTP client would send (an undecodable path, a request line or
   * headers past the server's limits). Ask for {@code Connection: close} where the server would keep it.
   */
  public Response exchange(final String request) {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", config.http().port())) {
      socket.setSoTimeout(20_000);
      socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      final String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      final int end = answer.indexOf("\r\n\r\n");
      final String[] head = (end < 0 ? answer : answer.substring(0, end)).split("\r\n");
      final Map<String, List<String>> headers = new HashMap<>();
      for (int i = 1; i < head.length; i++) {
        final int colon = head[i].indexOf(':');
        headers.computeIfAbsent(head[i].substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
            k -> new java.util.ArrayList<>()).add(head[i].substring(colon + 1).strip());
      }
      return new Response(Integer.parseInt(head[0].split(" ")[1]), headers, end < 0 ? "" : answer.substring(end + 4));
    } catch (IOException e) {
      throw new IllegalStateException("raw request: " + e.getMessage(), e);
    }
  }

  /** A GET outside {@code /api/v1}. */
  public Response get(final String path) {
    try {
      final HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
          .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), Map.of(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException("GET " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public String baseUrl() {
    return (config.http().tls().isPresent() ? "https" : "http") + "://127.0.0.1:" + config.http().port();
  }

  // ---- SQL

  /** The first column of the first row, as text. */
  public String queryOne(final String sql, final Object... args) {
    try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         PreparedStatement st = conn.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        st.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }

  public long count(final String table) {
    return Long.parseLong(queryOne("SELECT count(*) FROM " + table));
  }

  /**
   * Row counts of every table an API request may write, and fingerprints of what updates change:
   * equal snapshots mean nothing was written. Workspace objects (registries, catalogs, records,
   * templates and their versions, clusters, their revisions and tasks, and the records clusters
   * hold) are fingerprinted row by row, so a half-written change shows; a refused change writes no
   * outbox event either.
   */
  public Map<String, Long> snapshot() {
    final Map<String, String> measures = new LinkedHashMap<>();
    for (String table : List.of("workspaces", "users", "workspace_role_bindings", "auth_tokens", "audit_log",
        "outbox_events")) {
      measures.put(table, "(SELECT count(*) FROM " + table + ")");
    }
    measures.put("workspace_revisions", "(SELECT coalesce(sum(current_revision), 0) FROM workspaces)");
    measures.put("token_revocations", "(SELECT count(revoked_at) FROM auth_tokens)");
    // Changed names, roles, states or passwords of users show as a different fingerprint.
    measures.put("user_fingerprint", "(SELECT coalesce(sum(hashtext(name || global_role || disabled::text "
        + "|| coalesce(password_hash, '') || coalesce(archived_at::text, ''))), 0) FROM users)");
    for (String table : List.of("registries", "catalogs", "records", "cluster_templates")) {
      measures.put(table, "(SELECT count(*) FROM " + table + ")");
      measures.put(table + "_revisions", "(SELECT coalesce(sum(current_revision), 0) FROM " + table + ")");
      measures.put(table + "_fingerprint", "(SELECT coalesce(sum(hashtext(t::text)), 0) FROM " + table + " t)");
    }
    measures.put("cluster_template_versions", "(SELECT count(*) FROM cluster_template_versions)");
    measures.put("cluster_template_versions_fingerprint",
        "(SELECT coalesce(sum(hashtext(t::text)), 0) FROM cluster_template_versions t)");
    // Clusters, their revisions and tasks: a change rolled back half-way shows in any of them.
    measures.put("clusters", "(SELECT count(*) FROM clusters)");
    measures.put("clusters_revisions", "(SELECT coalesce(sum(current_revision), 0) FROM clusters)");
    measures.put("clusters_fingerprint", "(SELECT coalesce(sum(hashtext(t::text)), 0) FROM clusters t)");
    for (String table : List.of("cluster_revisions", "tasks", "task_logs")) {
      measures.put(table, "(SELECT count(*) FROM " + table + ")");
      measures.put(table + "_fingerprint", "(SELECT coalesce(sum(hashtext(t::text)), 0) FROM " + table + " t)");
    }
    // Which cluster holds which exclusive record.
    measures.put("record_holds", "(SELECT count(cluster_id) FROM records)");
    measures.put("record_holds_fingerprint", "(SELECT coalesce(sum(hashtext(id::text || '>' || cluster_id::text)), 0) "
        + "FROM records WHERE cluster_id IS NOT NULL)");
    final String sql = "SELECT " + String.join(", ", measures.values());
    try (Connection conn = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
         PreparedStatement st = conn.prepareStatement(sql);
         ResultSet rs = st.executeQuery()) {
      rs.next();
      final Map<String, Long> snapshot = new LinkedHashMap<>();
      int column = 1;
      for (String name : measures.keySet()) {
        snapshot.put(name, rs.getLong(column++));
      }
      return snapshot;
    } catch (SQLException e) {
      throw new IllegalStateException(sql + ": " + e.getMessage(), e);
    }
  }
}
