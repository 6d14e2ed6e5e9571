package io.commander.server.users;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.db.Listing;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

/**
 * Local users: create (with a given or generated password), rename, change role, disable, reset
 * a password, archive. Commander never ends up without an active administrator.
 */
public final class UserService {

  static final String ENTITY = "User";

  private final Pool pool;
  private final UserDirectory directory;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final AuditLog audit;
  private final Clock clock;

  public UserService(final Pool pool, final UserDirectory directory, final PasswordHasher hasher,
                     final WorkerExecutor hashing, final AuditLog audit, final Clock clock) {
    this.pool = pool;
    this.directory = directory;
    this.hasher = hasher;
    this.hashing = hashing;
    this.audit = audit;
    this.clock = clock;
  }

  /** A new user, and the password generated for them when none was given. */
  public record Created(User user, Optional<String> generatedPassword) {
  }

  /** Changes to a user; empty fields stay as they are. */
  public record Change(Optional<String> name, Optional<String> globalRole, Optional<Boolean> disabled,
                       Optional<String> password) {
  }

  /** @return the user; fails with 409 {@code email_taken} */
  public Future<Created> create(final Actor actor, final String email, final String name, final String role,
                                final Optional<String> password) {
    final Optional<String> generated = password.isPresent() ? Optional.empty() : Optional.of(Passwords.generate());
    final String effective = password.orElseGet(generated::get);
    return hashing.executeBlocking(() -> hasher.hash(effective))
        .compose(hash -> audit.transaction(actor, (conn, trail) ->
            directory.insert(conn, email.strip(), name == null ? "" : name.strip(), hash, role)
                .compose(user -> trail.record(null, ENTITY, user.id(), "create",
                    Changes.created(user.audited().put("password", "set"))).map(user))))
        .map(user -> new Created(user, generated));
  }

  public Future<User> get(final UUID id) {
    return directory.find(pool, id).map(u -> u.orElseThrow(() -> ApiException.notFound("user " + id)));
  }

  public Future<Listing<User>> list(final boolean withoutArchived, final Page page) {
    return directory.list(pool, withoutArchived, page);
  }

  /** @return the user after the change; fails with 404, or 409 {@code last_admin} */
  public Future<User> update(final Actor actor, final UUID id, final Change change) {
    final Future<Optional<String>> hash = change.password().isPresent()
        ? hashing.executeBlocking(() -> Optional.of(hasher.hash(change.password().get())))
        : Future.succeededFuture(Optional.empty());
    return hash.compose(newHash -> audit.transaction(actor, (conn, trail) -> directory.lock(conn, id)
        .compose(before -> {
          if (before.archived()) {
            return Future.failedFuture(ApiException.notFound("user " + id));
          }
          final String role = change.globalRole().orElse(before.globalRole());
          final boolean disabled = change.disabled().orElse(before.disabled());
          final boolean staysAdmin = "admin".equals(role) && !disabled;
          return (before.activeAdmin() && !staysAdmin ? requireAnotherAdmin(conn, id) : Future.<Void>succeededFuture())
              .compose(v -> directory.update(conn, id, change.name().map(String::strip).orElse(before.name()), role,
                  disabled))
              .compose(after -> newHash.isEmpty() ? Future.succeededFuture(after)
                  : directory.setPassword(conn, id, newHash.get(), OffsetDateTime.now(clock)).map(after))
              .compose(after -> {
                final JsonObject changes = Changes.diff(before.audited(), after.audited());
                newHash.ifPresent(h -> changes.put("password", new io.vertx.core.json.JsonArray()
                    .add(Changes.MASK).add(Changes.MASK)));
                return trail.record(null, ENTITY, id, "update", changes).map(after);
              });
        })));
  }

  /** Archives a user; fails with 404, 409 {@code last_admin} or {@code cannot_delete_self}. */
  public Future<Void> archive(final Actor actor, final UUID id) {
    if (id.equals(actor.id())) {
      return Future.failedFuture(ApiException.conflict("cannot_delete_self", "you cannot delete your own account"));
    }
    return audit.transaction(actor, (conn, trail) -> directory.lock(conn, id).compose(before -> {
      if (before.archived()) {
        return Future.failedFuture(ApiException.notFound("user " + id));
      }
      return (before.activeAdmin() ? requireAnotherAdmin(conn, id) : Future.<Void>succeededFuture())
          .compose(v -> directory.archive(conn, id))
          .compose(after -> trail.record(null, ENTITY, id, "delete", Changes.deleted(before.audited())));
    }));
  }

  /**
   * Changes the caller's own password after checking the current one; sessions issued before are void.
   *
   * @return fails with 403 {@code invalid_credentials} when the current password is wrong
   */
  public Future<Void> changeOwnPassword(final Actor actor, final UUID id, final String current, final String next) {
    return directory.passwordHash(pool, id)
        .compose(stored -> hashing.executeBlocking(() -> {
          if (stored == null || !hasher.verify(current, stored)) {
            throw ApiException.forbidden("invalid_credentials", "the current password is wrong");
          }
          return hasher.hash(next);
        }))
        .compose(hash -> audit.transaction(actor, (conn, trail) ->
            directory.setPassword(conn, id, hash, OffsetDateTime.now(clock))
                .compose(v -> trail.record(null, ENTITY, id, "update", new JsonObject()
                    .put("password", new io.vertx.core.json.JsonArray().add(Changes.MASK).add(Changes.MASK))))));
  }

  private Future<Void> requireAnotherAdmin(final SqlConnection conn, final UUID id) {
    return directory.lockActiveAdmins(conn).compose(admins -> admins.stream().anyMatch(a -> !a.equals(id))
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.conflict("last_admin",
            "this is the last active administrator; make another user an administrator first")));
  }
}
