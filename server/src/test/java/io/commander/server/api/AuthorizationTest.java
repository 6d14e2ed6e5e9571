package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.auth.GlobalRole;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each kind of caller, allowed and refused, on a representative route of each kind: system
 * objects, a workspace's own settings, and objects inside a workspace.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AuthorizationTest {

  private ApiFixture api;
  private UUID alpha;
  private UUID beta;
  private Credentials admin;
  private Credentials alphaAdmin;
  private Credentials alphaManager;
  private Credentials alphaViewer;
  private Credentials outsider;
  private Credentials globalToken;
  private Credentials globalReadOnly;
  private Credentials alphaToken;
  private Credentials alphaReadOnly;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    admin = api.admin();
    alpha = api.workspace("alpha");
    beta = api.workspace("beta");
    alphaAdmin = user("alpha-admin@example.test", GlobalRole.USER, alpha, "admin");
    alphaManager = user("alpha-manager@example.test", GlobalRole.USER, alpha, "manager");
    alphaViewer = user("alpha-viewer@example.test", GlobalRole.USER, alpha, "viewer");
    outsider = user("outsider@example.test", GlobalRole.USER, null, null);
    globalToken = Credentials.token(api.token(admin, null, false));
    globalReadOnly = Credentials.token(api.token(admin, null, true));
    alphaToken = Credentials.token(api.token(admin, alpha, false));
    alphaReadOnly = Credentials.token(api.token(admin, alpha, true));
  }

  private Credentials user(final String email, final GlobalRole role, final UUID workspace, final String wsRole) {
    final UUID id = api.createUser(email, "password-" + email, role);
    if (workspace != null) {
      api.bind(workspace, id, wsRole);
    }
    return api.login(email, "password-" + email);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Response createWorkspace(final Credentials as) {
    final String slug = "ws-" + UUID.randomUUID().toString().substring(0, 8);
    return api.call("POST", "/workspaces", new JsonObject().put("name", slug).put("slug", slug), as);
  }

  @Test
  void creatingAWorkspaceIsForAdministratorsAndFullGlobalTokens() {
    assertThat(createWorkspace(admin).status()).isEqualTo(201);
    assertThat(createWorkspace(globalToken).status()).isEqualTo(201);
    assertThat(createWorkspace(alphaAdmin)).satisfies(r -> {
      assertThat(r.status()).isEqualTo(403);
      assertThat(r.code()).isEqualTo("admin_required");
    });
    assertThat(createWorkspace(globalReadOnly).code()).isEqualTo("read_only_token");
    assertThat(createWorkspace(alphaToken).code()).isEqualTo("token_scope");
    assertThat(createWorkspace(Credentials.none())).satisfies(r -> {
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.code()).isEqualTo("unauthenticated");
    });
  }

  @Test
  void workspacesAreListedAsTheCallerMaySeeThem() {
    assertThat(api.call("GET", "/workspaces", null, outsider).array()).isEmpty();
    assertThat(api.call("GET", "/workspaces", null, alphaViewer).array())
        .extracting(o -> ((JsonObject) o).getString("slug")).containsExactly("alpha");
    assertThat(api.call("GET", "/workspaces", null, globalReadOnly).array().size()).isGreaterThanOrEqualTo(2);
    assertThat(api.call("GET", "/workspaces", null, alphaToken).code()).isEqualTo("token_scope");
  }

  @Test
  void anotherWorkspaceIsNotFoundNotForbidden() {
    final Response viewerOnBeta = api.call("GET", "/workspaces/" + beta, null, alphaViewer);
    assertThat(viewerOnBeta.status()).isEqualTo(404);
    assertThat(viewerOnBeta.body()).doesNotContain("forbidden");
    assertThat(api.call("GET", "/workspaces/" + alpha, null, alphaViewer).status()).isEqualTo(200);
    // The same answer for a workspace that does not exist at all.
    assertThat(api.call("GET", "/workspaces/" + UUID.randomUUID(), null, alphaViewer).status()).isEqualTo(404);
  }

  @Test
  void workspaceAdminsRenameTheirWorkspaceOthersMayNot() {
    final JsonObject rename = new JsonObject().put("name", "Alpha");
    assertThat(api.call("PUT", "/workspaces/" + alpha, rename, alphaAdmin).status()).isEqualTo(200);
    assertThat(api.call("PUT", "/workspaces/" + alpha, rename, alphaManager).code()).isEqualTo("role_insufficient");
    assertThat(api.call("PUT", "/workspaces/" + beta, rename, alphaAdmin).status()).isEqualTo(404);
    assertThat(api.call("DELETE", "/workspaces/" + alpha, null, alphaAdmin).code())
        .as("deleting is for global administrators").isEqualTo("admin_required");
  }

  @Test
  void workspaceAdminsManageBindingsOfTheirWorkspaceOnly() {
    final UUID newcomer = api.createUser("newcomer-" + UUID.randomUUID() + "@example.test", "pw-newcomer", GlobalRole.USER);
    final JsonObject inAlpha = new JsonObject().put("workspace_id", alpha.toString())
        .put("user_id", newcomer.toString()).put("role", "viewer");
    final JsonObject inBeta = inAlpha.copy().put("workspace_id", beta.toString());
    assertThat(api.call("POST", "/workspace_role_bindings", inAlpha, alphaManager).code()).isEqualTo("role_insufficient");
    assertThat(api.call("POST", "/workspace_role_bindings", inBeta, alphaAdmin).status()).isEqualTo(404);
    final Response created = api.call("POST", "/workspace_role_bindings", inAlpha, alphaAdmin);
    assertThat(created.status()).isEqualTo(201);
    assertThat(api.call("POST", "/workspace_role_bindings", inAlpha, alphaAdmin).code()).isEqualTo("binding_exists");
    final String id = created.json().getString("id");
    assertThat(api.call("PUT", "/workspace_role_bindings/" + id, new JsonObject().put("role", "manager"), alphaAdmin)
        .json().getString("role")).isEqualTo("manager");
    assertThat(api.call("GET", "/workspace_role_bindings/" + id, null, alphaViewer).status()).isEqualTo(200);
    assertThat(api.call("GET", "/workspace_role_bindings/" + id, null, outsider).status()).isEqualTo(404);
    assertThat(api.call("GET", "/workspace_role_bindings/" + id, null, alphaToken).code()).isEqualTo("token_scope");
    assertThat(api.call("DELETE", "/workspace_role_bindings/" + id, null, globalToken).status()).isEqualTo(204);
  }

  @Test
  void globalRolesAreReadByUsersAndGlobalTokens() {
    assertThat(api.call("GET", "/global_roles", null, outsider).array())
        .extracting(o -> ((JsonObject) o).getString("name")).containsExactly("admin", "user");
    assertThat(api.call("GET", "/global_roles", null, globalReadOnly).status()).isEqualTo(200);
    assertThat(api.call("GET", "/global_roles", null, alphaReadOnly).code()).isEqualTo("token_scope");
  }

  @Test
  void workspaceTokensReachTheirWorkspaceOnly() {
    final String betaTokenId = api.call("POST", "/auth_tokens", new JsonObject().put("name", "beta-ci")
        .put("workspace_id", beta.toString()), admin).json().getString("id");
    assertThat(api.call("DELETE", "/auth_tokens/" + betaTokenId, null, alphaToken).status())
        .as("another workspace's object").isEqualTo(404);
    assertThat(api.call("GET", "/auth_tokens", null, alphaToken).array())
        .allSatisfy(t -> assertThat(((JsonObject) t).getString("workspace_id")).isEqualTo(alpha.toString()));
    assertThat(api.call("POST", "/auth_tokens", new JsonObject().put("name", "more"), alphaReadOnly).code())
        .isEqualTo("read_only_token");
    assertThat(api.call("GET", "/auth_tokens", null, alphaReadOnly).status()).isEqualTo(200);
    assertThat(api.call("GET", "/auth_tokens?workspace_id=" + alpha, null, alphaViewer).code())
        .as("tokens are for the workspace's admins").isEqualTo("role_insufficient");
    assertThat(api.call("GET", "/auth_tokens?workspace_id=" + alpha, null, alphaAdmin).status()).isEqualTo(200);
    assertThat(api.call("GET", "/auth_tokens", null, alphaAdmin).code())
        .as("global tokens are for administrators").isEqualTo("admin_required");
  }

  @Test
  void expiredAndRevokedTokensAreRefused() {
    final Response created = api.call("POST", "/auth_tokens", new JsonObject().put("name", "short"), admin);
    final Credentials token = Credentials.token(created.json().getString("token"));
    assertThat(api.call("GET", "/auth/me", null, token).status()).isEqualTo(200);
    api.queryOne("UPDATE auth_tokens SET expires_at = now() - interval '1 second' WHERE id = ?::uuid RETURNING id",
        created.json().getString("id"));
    // A change another process made (here, in the database) is seen within a second: tokens are remembered that long.
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMillis(1_500))
        .pollInterval(java.time.Duration.ofMillis(20))
        .until(() -> api.call("GET", "/auth/me", null, token).status() == 401);
    assertThat(api.call("GET", "/auth/me", null, token).code()).isEqualTo("token_expired");

    final Response other = api.call("POST", "/auth_tokens", new JsonObject().put("name", "revoke-me"), admin);
    final Credentials revoked = Credentials.token(other.json().getString("token"));
    assertThat(api.call("DELETE", "/auth_tokens/" + other.json().getString("id"), null, admin).status()).isEqualTo(204);
    assertThat(api.call("GET", "/auth/me", null, revoked).code()).isEqualTo("token_revoked");
    assertThat(api.call("GET", "/auth/me", null, Credentials.token("cmdr_notatoken")).code()).isEqualTo("invalid_token");
  }

  @Test
  void tokenSecretsAreStoredOnlyAsHashesAndUseIsRecorded() {
    final Response created = api.call("POST", "/auth_tokens", new JsonObject().put("name", "hashed"), admin);
    final String secret = created.json().getString("token");
    assertThat(secret).startsWith("cmdr_");
    assertThat(api.queryOne("SELECT count(*) FROM auth_tokens WHERE token_hash = ? OR token_prefix = ?", secret, secret))
        .isEqualTo("0");
    assertThat(api.call("GET", "/auth_tokens", null, admin).body()).doesNotContain(secret);
    api.call("GET", "/auth/me", null, Credentials.token(secret));
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() ->
        api.queryOne("SELECT last_used_at IS NOT NULL FROM auth_tokens WHERE id = ?::uuid",
            created.json().getString("id")).equals("t"));
  }

  @Test
  void cookieWritesWithoutTheCsrfHeaderAreRefusedAndWriteNothing() {
    final Map<String, Long> before = api.snapshot();
    final Response forged = api.call("POST", "/workspaces", new JsonObject().put("name", "x").put("slug", "forged"),
        admin.withoutCsrf());
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.code()).isEqualTo("csrf_failed");
    assertThat(api.snapshot()).isEqualTo(before);
    assertThat(api.call("GET", "/workspaces", null, admin.withoutCsrf()).status()).as("reads need no CSRF header")
        .isEqualTo(200);
  }

  @Test
  void signingOutVoidsTheSession() {
    final UUID id = api.createUser("leaver@example.test", "leaver-pw", GlobalRole.USER);
    final Credentials session = api.login("leaver@example.test", "leaver-pw");
    assertThat(api.call("GET", "/auth/me", null, session).json().getString("id")).isEqualTo(id.toString());
    assertThat(api.call("POST", "/auth/logout", null, session).status()).isEqualTo(204);
    assertThat(api.call("GET", "/auth/me", null, session).status()).isEqualTo(401);
    final Credentials again = api.login("leaver@example.test", "leaver-pw");
    assertThat(api.call("GET", "/auth/me", null, again).status()).as("a new sign-in works at once").isEqualTo(200);
  }
}
