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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Container registries: workspace objects whose credentials are stored encrypted and never answered. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RegistriesTest {

  private static final String AUTH = Base64.getEncoder()
      .encodeToString("robot:s3cr3t-registry-password".getBytes(StandardCharsets.UTF_8));

  private ApiFixture api;
  private Credentials admin;
  private UUID alpha;
  private UUID beta;
  private Credentials alphaToken;
  private Credentials alphaViewer;
  private Credentials alphaManager;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    admin = api.admin();
    alpha = api.workspace("reg-alpha");
    beta = api.workspace("reg-beta");
    alphaToken = Credentials.token(api.token(admin, alpha, false));
    alphaViewer = member("reg-viewer@example.test", "viewer");
    alphaManager = member("reg-manager@example.test", "manager");
  }

  private Credentials member(final String email, final String role) {
    api.bind(alpha, api.createUser(email, "pw-" + email, GlobalRole.USER), role);
    return api.login(email, "pw-" + email);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static JsonObject registry(final String name) {
    return new JsonObject().put("name", name).put("images_repo", "registry.deckhouse.io/deckhouse/ee")
        .put("scheme", "https").put("auth", AUTH);
  }

  @Test
  void credentialsAreEncryptedAtRestAndNeverAnswered() {
    final Response created = api.call("POST", "/registries", registry("main"), alphaToken);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getBoolean("has_auth")).isTrue();
    assertThat(created.body()).doesNotContain(AUTH).doesNotContain("s3cr3t");
    final String id = created.json().getString("id");
    final String stored = api.queryOne("SELECT auth_encrypted FROM registries WHERE id = ?::uuid", id);
    assertThat(stored).startsWith("v1.").doesNotContain(AUTH);
    assertThat(api.queryOne("SELECT count(*) FROM registries WHERE auth_encrypted LIKE ? OR images_repo LIKE ?",
        "%s3cr3t%", "%s3cr3t%")).isEqualTo("0");
    assertThat(api.call("GET", "/registries/" + id, null, alphaToken).body()).doesNotContain(AUTH);
    assertThat(api.queryOne("SELECT string_agg(changes::text, ' ') FROM audit_log WHERE entity_id = ?::uuid", id))
        .doesNotContain(AUTH).doesNotContain(stored).contains("****");
  }

  @Test
  void updatesKeepOrReplaceOrRemoveTheCredentials() {
    final String id = api.call("POST", "/registries", registry("updatable"), alphaToken).json().getString("id");
    final String first = api.queryOne("SELECT auth_encrypted FROM registries WHERE id = ?::uuid", id);
    final JsonObject withoutAuth = registry("updatable").copy();
    withoutAuth.remove("auth");
    withoutAuth.put("dev_branch", "main");
    final Response kept = api.call("PUT", "/registries/" + id, withoutAuth, alphaToken);
    assertThat(kept.json().getBoolean("has_auth")).isTrue();
    assertThat(kept.json().getString("dev_branch")).isEqualTo("main");
    assertThat(api.queryOne("SELECT auth_encrypted FROM registries WHERE id = ?::uuid", id)).isEqualTo(first);
    final Response removed = api.call("PUT", "/registries/" + id, withoutAuth.copy().putNull("auth"), alphaToken);
    assertThat(removed.json().getBoolean("has_auth")).isFalse();
    assertThat(api.call("PUT", "/registries/" + id, withoutAuth.copy().put("current_revision", 1), alphaToken).code())
        .isEqualTo("stale_revision");
  }

  @Test
  void workspaceRolesAndScopesApply() {
    assertThat(api.call("POST", "/registries?workspace_id=" + alpha, registry("by-viewer"), alphaViewer).code())
        .isEqualTo("role_insufficient");
    final Response byManager = api.call("POST", "/registries?workspace_id=" + alpha, registry("by-manager"),
        alphaManager);
    assertThat(byManager.status()).isEqualTo(201);
    assertThat(api.call("GET", "/registries?workspace_id=" + alpha, null, alphaViewer).array()).isNotEmpty();
    assertThat(api.call("GET", "/registries", null, alphaViewer).code()).isEqualTo("workspace_required");
    assertThat(api.call("GET", "/registries?workspace_id=" + beta, null, alphaViewer).status()).isEqualTo(404);
    final String betaRegistry = api.call("POST", "/registries?workspace_id=" + beta, registry("beta-main"), admin)
        .json().getString("id");
    assertThat(api.call("GET", "/registries/" + betaRegistry, null, alphaToken).status()).isEqualTo(404);
    assertThat(api.call("GET", "/registries?workspace_id=" + beta, null, alphaToken).status()).isEqualTo(404);
    final Credentials global = Credentials.token(api.token(admin, null, false));
    assertThat(api.call("GET", "/registries/" + betaRegistry, null, global).code()).isEqualTo("token_scope");
    assertThat(api.call("POST", "/registries", registry("by-manager"), alphaToken).code()).isEqualTo("name_taken");
  }

  @Test
  void aRegistryInUseIsArchivedOthersAreDeleted() {
    final String unused = api.call("POST", "/registries", registry("unused"), alphaToken).json().getString("id");
    assertThat(api.call("DELETE", "/registries/" + unused, null, alphaToken).status()).isEqualTo(204);
    assertThat(api.call("GET", "/registries/" + unused, null, alphaToken).status()).isEqualTo(404);

    final String used = api.call("POST", "/registries", registry("used"), alphaToken).json().getString("id");
    api.queryOne("INSERT INTO clusters (workspace_id, name, registry_id) VALUES (?::uuid, 'c-reg', ?::uuid) "
        + "RETURNING id", alpha.toString(), used);
    assertThat(api.call("DELETE", "/registries/" + used, null, alphaToken).status()).isEqualTo(204);
    final JsonObject archived = api.call("GET", "/registries/" + used, null, alphaToken).json();
    assertThat(archived.getString("archived_at")).isNotNull();
    assertThat(api.call("GET", "/registries?without_archived=true", null, alphaToken).body()).doesNotContain(used);
    assertThat(api.call("POST", "/registries", registry("used"), alphaToken).status())
        .as("the name is free again").isEqualTo(201);
  }

  @Test
  void badInputWritesNothing() {
    final Map<String, Long> before = api.snapshot();
    final long registries = api.count("registries");
    assertThat(api.call("POST", "/registries", new JsonObject().put("name", "x"), alphaToken).json()
        .getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/images_repo");
    assertThat(api.call("POST", "/registries", registry("bad").put("scheme", "ftp"), alphaToken).status()).isEqualTo(400);
    assertThat(api.call("POST", "/registries", registry("bad").put("images_repo", "has space"), alphaToken).status())
        .isEqualTo(400);
    assertThat(api.call("POST", "/registries", registry("bad").put("extra", 1), alphaToken).status()).isEqualTo(400);
    assertThat(api.send("POST", "/registries", "{\"name\":", "application/json", alphaToken).code())
        .isEqualTo("malformed_json");
    assertThat(api.snapshot()).isEqualTo(before);
    assertThat(api.count("registries")).isEqualTo(registries);
  }
}
