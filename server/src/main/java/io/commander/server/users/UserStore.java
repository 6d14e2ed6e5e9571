package io.commander.server.users;

import io.commander.server.db.Rows;
import io.commander.server.auth.Caller;
import io.commander.server.auth.GlobalRole;
import io.commander.server.auth.WorkspaceRole;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for users and what a request needs to know of its user. */
public final class UserStore {

  private static final String FIND_LOGIN = """
      SELECT id, password_hash FROM users
      WHERE lower(email) = lower($1) AND archived_at IS NULL AND NOT disabled""";
  private static final String LOAD_CALLER = """
      SELECT u.id, u.email, u.name, u.global_role, u.sessions_not_before,
             coalesce(json_agg(json_build_object('workspace_id', b.workspace_id, 'role', b.role))
                      FILTER (WHERE b.id IS NOT NULL), '[]') AS bindings
      FROM users u LEFT JOIN workspace_role_bindings b ON b.user_id = u.id
      WHERE u.id = $1 AND u.archived_at IS NULL AND NOT u.disabled
      GROUP BY u.id""";
  // Inserts only into an empty table: the first administrator, once, whichever replica gets there first.
  private static final String INSERT_FIRST_ADMIN = """
      INSERT INTO users (email, name, password_hash, global_role)
      SELECT $1, $2, $3, 'admin' WHERE NOT EXISTS (SELECT 1 FROM users)
      ON CONFLICT DO NOTHING
      RETURNING id""";
  private static final String RECORD_LOGIN = "UPDATE users SET last_login_at = now() WHERE id = $1";
  private static final String REVOKE_SESSIONS = """
      UPDATE users SET sessions_not_before = $2, updated_at = now() WHERE id = $1""";

  /** What sign-in needs: the id and the stored hash. */
  public record Credentials(UUID id, String passwordHash) {
  }

  /** A user as a request sees them, with the time before which their sessions are void. */
  public record Loaded(Caller.User user, OffsetDateTime sessionsNotBefore) {
  }

  public Future<Optional<Credentials>> findCredentials(final SqlClient sql, final String email) {
    return sql.preparedQuery(FIND_LOGIN).execute(Tuple.of(email)).map(rows -> rows.iterator().hasNext()
        ? Optional.of(new Credentials(rows.iterator().next().getUUID("id"), rows.iterator().next().getString("password_hash")))
        : Optional.empty());
  }

  /**
   * Loads an enabled user with their workspace roles.
   *
   * @param csrf the anti-forgery value of the session the user is loaded for
   */
  public Future<Optional<Loaded>> load(final SqlClient sql, final UUID id, final String csrf) {
    return sql.preparedQuery(LOAD_CALLER).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        return Optional.empty();
      }
      final Row row = rows.iterator().next();
      final Map<UUID, WorkspaceRole> roles = new HashMap<>();
      final Object bindings = row.getValue("bindings");
      final JsonArray list = Rows.array(bindings);
      list.forEach(b -> {
        final JsonObject binding = (JsonObject) b;
        roles.put(UUID.fromString(binding.getString("workspace_id")), WorkspaceRole.of(binding.getString("role")));
      });
      final Caller.User user = new Caller.User(row.getUUID("id"), row.getString("email"), row.getString("name"),
          GlobalRole.of(row.getString("global_role")), roles, csrf);
      return Optional.of(new Loaded(user, row.getOffsetDateTime("sessions_not_before")));
    });
  }

  /** Creates the first administrator when there are no users; empty if somebody else was first. */
  public Future<Optional<UUID>> insertFirstAdmin(final SqlClient sql, final String email, final String passwordHash) {
    return sql.preparedQuery(INSERT_FIRST_ADMIN).execute(Tuple.of(email, "Administrator", passwordHash))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID("id")) : Optional.empty());
  }

  public Future<Void> recordLogin(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(RECORD_LOGIN).execute(Tuple.of(id)).mapEmpty();
  }

  /**
   * Voids every session of the user issued before {@code now} (sign-out everywhere). The time
   * comes from the process that issues sessions, so clock differences with the database do not matter.
   */
  public Future<Void> revokeSessions(final SqlClient sql, final UUID id, final OffsetDateTime now) {
    return sql.preparedQuery(REVOKE_SESSIONS).execute(Tuple.of(id, now)).mapEmpty();
  }
}
