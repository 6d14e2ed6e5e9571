package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.auth.GlobalRole;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens and sessions are remembered for a second between requests; a change made by another
 * process (here: straight in the database) still takes effect within that second, and one made
 * through this process's API at once.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthCacheTest {

  /** A second, with room for one request in flight on a busy machine. */
  private static final Duration WITHIN = Duration.ofMillis(1_500);

  private ApiFixture api;
  private UUID workspace;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    workspace = api.workspace("cached");
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Credentials token() {
    return Credentials.token(api.token(api.admin(), workspace, false));
  }

  private static void stopsWithin(final Supplier<Response> request, final int status, final String code) {
    final long started = System.nanoTime();
    await().atMost(WITHIN).pollInterval(Duration.ofMillis(20)).until(() -> request.get().status() == status);
    assertThat(request.get().code()).isEqualTo(code);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WITHIN);
  }

  @Test
  void aTokenRevokedByAnotherProcessStopsWorkingWithinASecond() {
    final Credentials token = token();
    assertThat(api.call("GET", "/clusters", null, token).status()).isEqualTo(200);
    api.queryOne("UPDATE auth_tokens SET revoked_at = now() WHERE token_hash IS NOT NULL AND revoked_at IS NULL "
        + "AND workspace_id = ?::uuid RETURNING 1", workspace.toString());
    stopsWithin(() -> api.call("GET", "/clusters", null, token), 401, "token_revoked");
  }

  @Test
  void aTokenThatExpiresStopsWorkingWithinASecond() {
    final Credentials token = token();
    assertThat(api.call("GET", "/clusters", null, token).status()).isEqualTo(200);
    api.queryOne("UPDATE auth_tokens SET expires_at = now() WHERE revoked_at IS NULL AND workspace_id = ?::uuid "
        + "RETURNING 1", workspace.toString());
    stopsWithin(() -> api.call("GET", "/clusters", null, token), 401, "token_expired");
  }

  @Test
  void aRoleBindingRemovedByAnotherProcessStopsWorkingWithinASecond() {
    final String email = "viewer-" + UUID.randomUUID() + "@example.com";
    final UUID user = api.createUser(email, "a-long-password-1", GlobalRole.USER);
    api.bind(workspace, user, "viewer");
    final Credentials session = api.login(email, "a-long-password-1");
    final String path = "/clusters?workspace_id=" + workspace;
    assertThat(api.call("GET", path, null, session).status()).isEqualTo(200);
    api.queryOne("DELETE FROM workspace_role_bindings WHERE user_id = ?::uuid RETURNING 1", user.toString());
    stopsWithin(() -> api.call("GET", path, null, session), 404, "not_found");
  }

  @Test
  void aTokenRevokedThroughThisProcessStopsAtOnce() {
    final Credentials token = token();
    assertThat(api.call("GET", "/clusters", null, token).status()).isEqualTo(200);
    final String id = api.queryOne("SELECT id::text FROM auth_tokens WHERE revoked_at IS NULL AND workspace_id = ?::uuid "
        + "ORDER BY created_at DESC LIMIT 1", workspace.toString());
    assertThat(api.call("DELETE", "/auth_tokens/" + id, null, api.admin()).status()).isEqualTo(204);
    assertThat(api.call("GET", "/clusters", null, token).code()).isEqualTo("token_revoked");
  }
}
