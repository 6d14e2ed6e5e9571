package io.commander.server.users;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.PgErrors;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** SQL for managing users (the sign-in side is {@link UserStore}). */
public final class UserDirectory {

  private static final String INSERT = "INSERT INTO users (email, name, password_hash, global_role) "
      + "VALUES ($1, $2, $3, $4) RETURNING " + User.COLUMNS;
  private static final String LOCK = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1 FOR UPDATE";
  private static final String FIND = "SELECT " + User.COLUMNS + " FROM users WHERE id = $1";
  private static final String FILTER = " FROM users WHERE (NOT $1 OR archived_at IS NULL)";
  private static final String LIST = "SELECT " + User.COLUMNS + FILTER + " ORDER BY lower(email), id LIMIT $2 OFFSET $3";
  private static final String COUNT = "SELECT count(*)" + FILTER;
  private static final String UPDATE = """
      UPDATE users SET name = $2, global_role = $3, disabled = $4, updated_at = now() WHERE id = $1
      RETURNING""" + " " + User.COLUMNS;
  private static final String SET_PASSWORD = """
      UPDATE users SET password_hash = $2, sessions_not_before = $3, updated_at = now() WHERE id = $1""";
  private static final String PASSWORD_HASH = "SELECT password_hash FROM users WHERE id = $1";
  private static final String ARCHIVE = """
      UPDATE users SET archived_at = now(), disabled = true, updated_at = now()
      WHERE id = $1 RETURNING""" + " " + User.COLUMNS;
  private static final String DROP_BINDINGS = "DELETE FROM workspace_role_bindings WHERE user_id = $1";
  // Locks every active administrator, so two concurrent demotions cannot both pass the check.
  private static final String ACTIVE_ADMINS = """
      SELECT id FROM users WHERE global_role = 'admin' AND NOT disabled AND archived_at IS NULL FOR UPDATE""";

  public Future<User> insert(final SqlClient sql, final String email, final String name, final String hash,
                             final String role) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(email, name, hash, role))
        .map(rows -> User.from(rows.iterator().next()))
        .recover(PgErrors.onConstraint("users_email_key",
            () -> ApiException.conflict("email_taken", "a user with email " + email + " exists")));
  }

  public Future<User> lock(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(LOCK).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("user " + id);
      }
      return User.from(rows.iterator().next());
    });
  }

  public Future<Optional<User>> find(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(FIND).execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(User.from(rows.iterator().next())) : Optional.empty());
  }

  public Future<Listing<User>> list(final SqlClient sql, final boolean withoutArchived, final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {withoutArchived}, page, User::from);
  }

  public Future<User> update(final SqlClient sql, final UUID id, final String name, final String role,
                             final boolean disabled) {
    return sql.preparedQuery(UPDATE).execute(Tuple.of(id, name, role, disabled))
        .map(rows -> User.from(rows.iterator().next()));
  }

  /** Sets a password hash and voids the user's sessions issued before {@code now}. */
  public Future<Void> setPassword(final SqlClient sql, final UUID id, final String hash, final OffsetDateTime now) {
    return sql.preparedQuery(SET_PASSWORD).execute(Tuple.of(id, hash, now)).mapEmpty();
  }

  public Future<String> passwordHash(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(PASSWORD_HASH).execute(Tuple.of(id))
        .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null);
  }

  /** Archives a user and removes their role bindings. */
  public Future<User> archive(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DROP_BINDINGS).execute(Tuple.of(id))
        .compose(v -> sql.preparedQuery(ARCHIVE).execute(Tuple.of(id)))
        .map(rows -> User.from(rows.iterator().next()));
  }

  public Future<List<UUID>> lockActiveAdmins(final SqlClient sql) {
    return sql.preparedQuery(ACTIVE_ADMINS).execute().map(rows -> {
      final List<UUID> ids = new ArrayList<>();
      rows.forEach(r -> ids.add(r.getUUID("id")));
      return ids;
    });
  }
}
