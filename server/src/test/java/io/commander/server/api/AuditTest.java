package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.audit.AuditLog;
import io.commander.server.auth.GlobalRole;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Every change through the API leaves one audit record, written with the change; refusals leave none. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AuditTest {

  private ApiFixture api;
  private Credentials admin;
  private final ListAppender<ILoggingEvent> stdout = new ListAppender<>();

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    admin = api.admin();
    final Logger audit = (Logger) LoggerFactory.getLogger(AuditLog.LOGGER);
    stdout.start();
    audit.addAppender(stdout);
  }

  @BeforeEach
  void clearCaptured() {
    stdout.list.clear();
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(AuditLog.LOGGER)).detachAppender(stdout);
    if (api != null) {
      api.close();
    }
  }

  private JsonArray records(final String query) {
    return api.call("GET", "/audit?" + query, null, admin).array();
  }

  @Test
  void workspaceLifecycleIsAuditedWithActorRequestAndChanges() {
    final Response created = api.send("POST", "/workspaces", new JsonObject().put("name", "Audited").put("slug", "audited")
        .encode(), "application/json", new Credentials(withRequestId(admin, "req-audit-0001")));
    final String id = created.json().getString("id");
    api.call("PUT", "/workspaces/" + id, new JsonObject().put("name", "Audited 2"), admin);
    api.call("DELETE", "/workspaces/" + id, null, admin);

    final JsonArray records = records("entity_id=" + id);
    assertThat(records).hasSize(3);
    final JsonObject create = records.getJsonObject(2);
    assertThat(create.getString("action")).isEqualTo("create");
    assertThat(create.getString("entity_type")).isEqualTo("Workspace");
    assertThat(create.getString("actor_type")).isEqualTo("user");
    assertThat(create.getString("actor_name")).isEqualTo(ApiFixture.ADMIN_EMAIL);
    assertThat(create.getString("request_id")).isEqualTo("req-audit-0001");
    assertThat(create.getString("remote_address")).isEqualTo("127.0.0.1");
    assertThat(create.getString("workspace_slug")).isEqualTo("audited");
    assertThat(create.getJsonObject("changes").getJsonArray("slug")).containsExactly(null, "audited");
    final JsonObject update = records.getJsonObject(1);
    assertThat(update.getString("action")).isEqualTo("update");
    assertThat(update.getJsonObject("changes").fieldNames()).containsExactly("name");
    assertThat(update.getJsonObject("changes").getJsonArray("name")).containsExactly("Audited", "Audited 2");
    assertThat(records.getJsonObject(0).getString("action")).isEqualTo("delete");

    // Also on stdout, one JSON line each, tagged audit, after the commit.
    final List<JsonObject> lines = stdout.list.stream().map(e -> new JsonObject(e.getFormattedMessage())).toList();
    assertThat(lines).filteredOn(l -> id.equals(l.getString("auditable_id")))
        .extracting(l -> l.getString("action")).containsExactly("create", "update", "delete");
    assertThat(lines).allSatisfy(l -> assertThat(l.getJsonArray("tags")).containsExactly("audit"));
    assertThat(lines.get(0).getString("user_name")).isEqualTo(ApiFixture.ADMIN_EMAIL);
  }

  @Test
  void tokensBindingsAndSignInsAreAuditedWithoutSecrets() {
    final Response token = api.call("POST", "/auth_tokens", new JsonObject().put("name", "audited-token"), admin);
    final String secret = token.json().getString("token");
    final String tokenId = token.json().getString("id");
    api.call("DELETE", "/auth_tokens/" + tokenId, null, admin);
    final UUID ws = api.workspace("bindings-audit");
    final UUID user = api.createUser("bound@example.test", "bound-pw", GlobalRole.USER);
    final UUID binding = api.bind(ws, user, "viewer");
    api.call("PUT", "/workspace_role_bindings/" + binding, new JsonObject().put("role", "admin"), admin);
    api.call("DELETE", "/workspace_role_bindings/" + binding, null, admin);
    api.login("bound@example.test", "bound-pw");

    assertThat(records("entity_id=" + tokenId)).extracting(r -> ((JsonObject) r).getString("action"))
        .containsExactly("revoke", "create");
    assertThat(records("entity_id=" + binding)).extracting(r -> ((JsonObject) r).getString("action"))
        .containsExactly("delete", "update", "create");
    assertThat(records("entity_type=User&actor_id=" + user)).extracting(r -> ((JsonObject) r).getString("action"))
        .containsExactly("login");
    assertThat(records("workspace_id=" + ws).size()).as("filter by workspace").isEqualTo(4);

    final String everything = api.queryOne("SELECT string_agg(changes::text, ' ') FROM audit_log");
    assertThat(everything).doesNotContain(secret).doesNotContain(secret.substring(5));
    assertThat(stdout.list).noneMatch(e -> e.getFormattedMessage().contains(secret));
  }

  @Test
  void refusedRequestsLeaveNoRecord() {
    final UUID ws = api.workspace("refusals");
    final Credentials viewer = viewerOf(ws);
    final long before = api.count("audit_log");
    stdout.list.clear();
    api.call("PUT", "/workspaces/" + ws, new JsonObject().put("name", "nope"), viewer);
    api.call("POST", "/workspaces", new JsonObject().put("name", "x").put("slug", "Bad Slug"), admin);
    api.call("POST", "/workspaces", new JsonObject().put("name", "x").put("slug", "refusals"), admin);
    api.call("DELETE", "/workspaces/" + UUID.randomUUID(), null, admin);
    api.call("POST", "/workspaces", new JsonObject().put("name", "x").put("slug", "csrf"), admin.withoutCsrf());
    assertThat(api.count("audit_log")).isEqualTo(before);
    assertThat(stdout.list).isEmpty();
  }

  @Test
  void workspaceAdminsReadTheirWorkspacesRecordsOnly() {
    final UUID mine = api.workspace("audit-mine");
    final UUID theirs = api.workspace("audit-theirs");
    final UUID adminUser = api.createUser("ws-admin-audit@example.test", "pw-ws-admin", GlobalRole.USER);
    api.bind(mine, adminUser, "admin");
    final Credentials wsAdmin = api.login("ws-admin-audit@example.test", "pw-ws-admin");
    assertThat(api.call("GET", "/audit?workspace_id=" + mine, null, wsAdmin).array())
        .isNotEmpty().allSatisfy(r -> assertThat(((JsonObject) r).getString("workspace_id")).isEqualTo(mine.toString()));
    assertThat(api.call("GET", "/audit?workspace_id=" + theirs, null, wsAdmin).status()).isEqualTo(404);
    assertThat(api.call("GET", "/audit", null, wsAdmin).code()).isEqualTo("admin_required");
    final Credentials token = Credentials.token(api.token(admin, mine, true));
    assertThat(api.call("GET", "/audit?workspace_id=" + theirs, null, token).array())
        .as("a workspace token sees its own workspace, whatever it asks")
        .allSatisfy(r -> assertThat(((JsonObject) r).getString("workspace_id")).isEqualTo(mine.toString()));
  }

  private Credentials viewerOf(final UUID ws) {
    final String email = "viewer-" + UUID.randomUUID() + "@example.test";
    api.bind(ws, api.createUser(email, "viewer-pw", GlobalRole.USER), "viewer");
    return api.login(email, "viewer-pw");
  }

  private static Map<String, String> withRequestId(final Credentials as, final String id) {
    final java.util.Map<String, String> headers = new java.util.HashMap<>(as.headers());
    headers.put("X-Request-Id", id);
    return headers;
  }
}
