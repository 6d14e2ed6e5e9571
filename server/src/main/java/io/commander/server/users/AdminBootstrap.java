package io.commander.server.users;

import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the first administrator on first start: with the configured password, or a generated
 * one that is printed once. Replicas starting together create one administrator between them.
 */
public final class AdminBootstrap {

  private static final Logger LOG = LoggerFactory.getLogger(AdminBootstrap.class);

  private AdminBootstrap() {
  }

  /** What happened: whether an administrator was created, and the generated password if one was. */
  public record Outcome(boolean created, String email, Optional<String> generatedPassword) {
  }

  /**
   * Ensures an administrator exists.
   *
   * @param password the configured password; empty to generate one
   */
  public static Future<Outcome> ensure(final AuditLog audit, final UserStore users, final PasswordHasher hasher,
                                       final WorkerExecutor hashing, final String email, final String password) {
    final Optional<String> generated = password.isEmpty() ? Optional.of(Passwords.generate()) : Optional.empty();
    final String effective = generated.orElse(password);
    return hashing.executeBlocking(() -> hasher.hash(effective))
        .compose(hash -> audit.transaction(Actor.system("first start"), (conn, trail) ->
            users.insertFirstAdmin(conn, email, hash).compose(id -> id.isEmpty() ? Future.succeededFuture(false)
                : trail.record(null, "User", id.get(), "create", Changes.created(new JsonObject()
                    .put("email", email).put("global_role", "admin").put("password", "set"))).map(true))))
        .map(created -> {
          if (created && generated.isPresent()) {
            // Printed at once: should start-up fail later, the password must not be lost.
            LOG.warn("created the first administrator [email: {}, password: {}] (shown only this once)", email,
                generated.get());
          } else if (created) {
            LOG.warn("created the first administrator [email: {}, password: from admin.password]", email);
          }
          return new Outcome(created, email, created ? generated : Optional.empty());
        });
  }
}
