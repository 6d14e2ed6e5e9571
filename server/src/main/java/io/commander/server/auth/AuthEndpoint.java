package io.commander.server.auth;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiException;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.users.PasswordHasher;
import io.commander.server.users.UserService;
import io.commander.server.users.UserStore;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/** {@code /auth/login}, {@code /auth/logout} and {@code /auth/me}. */
public final class AuthEndpoint implements ApiEndpoint.Operations {

  private final Pool pool;
  private final UserStore users;
  private final Sessions sessions;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final LoginThrottle throttle;
  private final AuditLog audit;
  private final Clock clock;
  private final UserService userService;

  public AuthEndpoint(final Pool pool, final UserStore users, final Sessions sessions, final PasswordHasher hasher,
                      final WorkerExecutor hashing, final LoginThrottle throttle, final AuditLog audit,
                      final Clock clock, final UserService userService) {
    this.clock = clock;
    this.userService = userService;
    this.pool = pool;
    this.users = users;
    this.sessions = sessions;
    this.hasher = hasher;
    this.hashing = hashing;
    this.throttle = throttle;
    this.audit = audit;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry
        .add("login", Policy.open(), this::login)
        .add("logout", Policy.anyCaller(), this::logout)
        .add("getMe", Policy.anyCaller(), this::me)
        .add("changePassword", Policy.anyCaller(), this::changePassword);
  }

  private Future<ApiResponse> login(final ApiRequest request) {
    final String email = request.body().getString("email").strip();
    final String password = request.body().getString("password");
    final String address = request.remoteAddress();
    final Optional<java.time.Duration> wait = throttle.waitFor(email, address);
    if (wait.isPresent()) {
      return Future.failedFuture(ApiException.tooManyRequests("too many failed sign-ins; try again in "
          + Math.max(1, wait.get().toSeconds()) + " s", wait.get().toSeconds() + 1));
    }
    return users.findCredentials(pool, email)
        .compose(found -> hashing.executeBlocking(() -> {
          if (found.isEmpty() || found.get().passwordHash() == null) {
            hasher.burn(password);
            return Optional.<UUID>empty();
          }
          return hasher.verify(password, found.get().passwordHash()) ? Optional.of(found.get().id()) : Optional.<UUID>empty();
        }))
        .compose(userId -> {
          if (userId.isEmpty()) {
            throttle.failed(email, address);
            return Future.failedFuture(ApiException.unauthenticated("invalid_credentials", "wrong email or password"));
          }
          throttle.succeeded(email);
          final Sessions.Issued session = sessions.issue(userId.get());
          final Actor actor = new Actor("user", userId.get(), email, address, request.requestId());
          return audit.transaction(actor, (conn, trail) -> users.recordLogin(conn, userId.get())
                  .compose(v -> trail.record(null, "User", userId.get(), "login", new JsonObject())))
              .compose(v -> users.load(pool, userId.get(), session.csrf()))
              .map(loaded -> {
                final ApiResponse response = ApiResponse.ok(describe(loaded.orElseThrow().user()));
                sessions.cookies(session, request.secure())
                    .forEach(c -> response.withHeader("Set-Cookie", c.encode()));
                return response;
              });
        });
  }

  private Future<ApiResponse> logout(final ApiRequest request) {
    final Future<Void> revoked = request.caller() instanceof Caller.User user
        ? users.revokeSessions(pool, user.id(), OffsetDateTime.now(clock)) : Future.succeededFuture();
    return revoked.map(v -> {
      final ApiResponse response = ApiResponse.noContent();
      sessions.clearingCookies(request.secure()).forEach(c -> response.withHeader("Set-Cookie", c.encode()));
      return response;
    });
  }

  /** Only users have passwords; the session continues under a new cookie, every other one ends. */
  private Future<ApiResponse> changePassword(final ApiRequest request) {
    if (!(request.caller() instanceof Caller.User user)) {
      return Future.failedFuture(ApiException.forbidden("not_a_user", "tokens have no password"));
    }
    return userService.changeOwnPassword(Actor.of(request), user.id(), request.body().getString("current_password"),
            request.body().getString("new_password"))
        .map(v -> {
          final ApiResponse response = ApiResponse.noContent();
          sessions.cookies(sessions.issue(user.id()), request.secure())
              .forEach(c -> response.withHeader("Set-Cookie", c.encode()));
          return response;
        });
  }

  private Future<ApiResponse> me(final ApiRequest request) {
    return Future.succeededFuture(ApiResponse.ok(describe(request.caller())));
  }

  static JsonObject describe(final Caller caller) {
    if (caller instanceof Caller.User user) {
      final JsonArray roles = new JsonArray();
      user.workspaceRoles().forEach((ws, role) ->
          roles.add(new JsonObject().put("workspace_id", ws.toString()).put("role", role.id())));
      return new JsonObject().put("type", "user").put("id", user.id().toString()).put("name", user.displayName())
          .put("email", user.email()).put("global_role", user.globalRole().id()).put("workspace_roles", roles);
    }
    final Caller.Token token = (Caller.Token) caller;
    return new JsonObject().put("type", "token").put("id", token.id().toString()).put("name", token.name())
        .put("token_scope", token.global() ? "global" : "workspace")
        .put("workspace_id", token.global() ? null : token.workspaceId().toString())
        .put("read_only", token.readOnly());
  }
}
