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
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Managing local users, and a user's own password. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class UsersTest {

  private ApiFixture api;
  private Credentials admin;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    admin = api.admin();
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Response create(final String email, final String password, final Credentials as) {
    final JsonObject body = new JsonObject().put("email", email).put("name", "N " + email);
    if (password != null) {
      body.put("password", password);
    }
    return api.call("POST", "/users", body, as);
  }

  @Test
  void administratorsCreateUsersWithAGeneratedPasswordShownOnce() {
    final Response created = create("generated@example.test", null, admin);
    assertThat(created.status()).isEqualTo(201);
    final String password = created.json().getString("password");
    assertThat(password).hasSizeGreaterThanOrEqualTo(20);
    assertThat(api.login("generated@example.test", password)).isNotNull();
    final String id = created.json().getString("id");
    assertThat(api.call("GET", "/users/" + id, null, admin).json().containsKey("password")).isFalse();
    assertThat(api.queryOne("SELECT string_agg(changes::text, ' ') FROM audit_log")).doesNotContain(password);
    assertThat(create("GENERATED@example.test", null, admin).code()).as("emails are unique, whatever their case")
        .isEqualTo("email_taken");
  }

  @Test
  void everyUserReadsTheDirectoryOnlyAdministratorsChangeIt() {
    api.createUser("reader@example.test", "reader-password", GlobalRole.USER);
    final Credentials reader = api.login("reader@example.test", "reader-password");
    assertThat(api.call("GET", "/users", null, reader).array()).isNotEmpty();
    assertThat(create("not-allowed@example.test", "long-enough-pw", reader).code()).isEqualTo("admin_required");
    assertThat(create("short@example.test", "short", admin).status()).as("passwords have 12 characters at least")
        .isEqualTo(400);
  }

  @Test
  void disablingAUserEndsTheirSessionsAndAResetPasswordVoidsTheOldOnes() {
    final UUID id = api.createUser("managed@example.test", "managed-password", GlobalRole.USER);
    final Credentials session = api.login("managed@example.test", "managed-password");
    assertThat(api.call("PUT", "/users/" + id, new JsonObject().put("password", "a-brand-new-password"), admin)
        .status()).isEqualTo(200);
    assertThat(api.call("GET", "/auth/me", null, session).status()).isEqualTo(401);
    final Credentials fresh = api.login("managed@example.test", "a-brand-new-password");
    assertThat(api.call("PUT", "/users/" + id, new JsonObject().put("disabled", true), admin)
        .json().getBoolean("disabled")).isTrue();
    assertThat(api.call("GET", "/auth/me", null, fresh).status()).isEqualTo(401);
    final List<Object> changes = api.call("GET", "/audit?entity_id=" + id, null, admin).array().getList();
    assertThat(changes.toString()).contains("****").doesNotContain("a-brand-new-password");
  }

  @Test
  void theLastAdministratorCannotBeDemotedDisabledOrDeleted() {
    final String adminId = api.call("GET", "/auth/me", null, admin).json().getString("id");
    assertThat(api.call("PUT", "/users/" + adminId, new JsonObject().put("global_role", "user"), admin).code())
        .isEqualTo("last_admin");
    assertThat(api.call("PUT", "/users/" + adminId, new JsonObject().put("disabled", true), admin).code())
        .isEqualTo("last_admin");
    assertThat(api.call("DELETE", "/users/" + adminId, null, admin).code()).isEqualTo("cannot_delete_self");
    final Credentials token = Credentials.token(api.token(admin, null, false));
    assertThat(api.call("DELETE", "/users/" + adminId, null, token).code()).isEqualTo("last_admin");
    assertThat(api.call("GET", "/auth/me", null, admin).status()).isEqualTo(200);
  }

  @Test
  void deletingAUserRemovesTheirBindingsAndKeepsTheirHistory() {
    final UUID ws = api.workspace("users-delete");
    final UUID id = api.createUser("leaving@example.test", "leaving-password", GlobalRole.USER);
    api.bind(ws, id, "manager");
    api.login("leaving@example.test", "leaving-password");
    assertThat(api.call("DELETE", "/users/" + id, null, admin).status()).isEqualTo(204);
    assertThat(api.queryOne("SELECT count(*) FROM workspace_role_bindings WHERE user_id = ?::uuid", id.toString()))
        .isEqualTo("0");
    assertThat(api.call("GET", "/users/" + id, null, admin).json().getString("archived_at")).isNotNull();
    assertThat(api.call("GET", "/users?without_archived=true", null, admin).body()).doesNotContain(id.toString());
    assertThat(api.call("GET", "/audit?actor_id=" + id, null, admin).array()).isNotEmpty();
    assertThat(api.call("POST", "/auth/login", new JsonObject().put("email", "leaving@example.test")
        .put("password", "leaving-password"), Credentials.none()).status()).isEqualTo(401);
  }

  @Test
  void usersChangeTheirOwnPassword() {
    api.createUser("changer@example.test", "the-old-password", GlobalRole.USER);
    final Credentials session = api.login("changer@example.test", "the-old-password");
    final Credentials other = api.login("changer@example.test", "the-old-password");
    final JsonObject wrong = new JsonObject().put("current_password", "not-it").put("new_password", "the-new-password");
    assertThat(api.call("POST", "/auth/password", wrong, session).code()).isEqualTo("invalid_credentials");
    final Response changed = api.call("POST", "/auth/password", new JsonObject()
        .put("current_password", "the-old-password").put("new_password", "the-new-password"), session);
    assertThat(changed.status()).isEqualTo(204);
    assertThat(changed.headers().get("set-cookie")).anySatisfy(c -> assertThat(c).startsWith("commander_session="));
    assertThat(api.call("GET", "/auth/me", null, other).status()).as("other sessions end").isEqualTo(401);
    assertThat(api.login("changer@example.test", "the-new-password")).isNotNull();
    final Credentials token = Credentials.token(api.token(admin, null, false));
    assertThat(api.call("POST", "/auth/password", wrong, token).code()).isEqualTo("not_a_user");
  }
}
