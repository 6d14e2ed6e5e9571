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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in: the first administrator, cookies, wrong passwords and their slowing down. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class LoginTest {

  private ApiFixture api;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Response login(final String email, final String password) {
    return api.call("POST", "/auth/login", new JsonObject().put("email", email).put("password", password),
        Credentials.none());
  }

  @Test
  void firstAdministratorExistsWithTheConfiguredPasswordHashed() {
    final String hash = api.queryOne("SELECT password_hash FROM users WHERE email = ?", ApiFixture.ADMIN_EMAIL);
    assertThat(hash).startsWith("pbkdf2-sha256$").doesNotContain(ApiFixture.ADMIN_PASSWORD);
    assertThat(api.queryOne("SELECT global_role FROM users WHERE email = ?", ApiFixture.ADMIN_EMAIL)).isEqualTo("admin");
    final Response me = api.call("GET", "/auth/me", null, api.admin());
    assertThat(me.json().getString("global_role")).isEqualTo("admin");
  }

  @Test
  void sessionCookiesAreHttpOnlyAndStrict() {
    final Response response = login(ApiFixture.ADMIN_EMAIL, ApiFixture.ADMIN_PASSWORD);
    assertThat(response.status()).isEqualTo(200);
    final List<String> cookies = response.headers().get("set-cookie");
    assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("commander_session=").containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict").contains("Path=/").doesNotContain("Secure"));
    assertThat(cookies).anySatisfy(c -> assertThat(c).startsWith("commander_csrf=").doesNotContainIgnoringCase("HttpOnly")
        .contains("SameSite=Strict"));
  }

  @Test
  void cookiesAreSecureBehindHttps() {
    final Response response = api.send("POST", "/auth/login", new JsonObject().put("email", ApiFixture.ADMIN_EMAIL)
        .put("password", ApiFixture.ADMIN_PASSWORD).encode(), "application/json",
        new Credentials(java.util.Map.of("X-Forwarded-Proto", "https")));
    assertThat(response.headers().get("set-cookie")).allSatisfy(c -> assertThat(c).contains("Secure"));
  }

  @Test
  void wrongPasswordAndUnknownAccountLookTheSame() {
    final Response wrong = login(ApiFixture.ADMIN_EMAIL, "nope-" + System.nanoTime());
    final Response unknown = login("nobody-" + System.nanoTime() + "@example.test", "whatever");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(unknown.status()).isEqualTo(401);
    assertThat(wrong.code()).isEqualTo("invalid_credentials").isEqualTo(unknown.code());
    assertThat(wrong.json().getString("detail")).isEqualTo(unknown.json().getString("detail"));
  }

  @Test
  void repeatedFailuresAreSlowedDownPerAccount() {
    final String email = "guessed@example.test";
    api.createUser(email, "the-right-one", GlobalRole.USER);
    for (int i = 0; i < 5; i++) {
      assertThat(login(email, "wrong-" + i).status()).isEqualTo(401);
    }
    final Response blocked = login(email, "wrong-again");
    assertThat(blocked.status()).isEqualTo(429);
    assertThat(blocked.code()).isEqualTo("too_many_attempts");
    assertThat(blocked.header("Retry-After")).hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isPositive());
    assertThat(login(email, "the-right-one").status()).as("even the right password waits").isEqualTo(429);
    assertThat(login(ApiFixture.ADMIN_EMAIL, ApiFixture.ADMIN_PASSWORD).status())
        .as("another account from the same address is not yet blocked").isEqualTo(200);
  }

  @Test
  void disabledUsersCannotSignInAndLoseTheirSessions() {
    final String email = "disabled@example.test";
    api.createUser(email, "pw-disabled", GlobalRole.USER);
    final Credentials session = api.login(email, "pw-disabled");
    api.queryOne("UPDATE users SET disabled = true WHERE email = ? RETURNING id", email);
    assertThat(api.call("GET", "/auth/me", null, session).status()).isEqualTo(401);
    assertThat(login(email, "pw-disabled").status()).isEqualTo(401);
  }
}
