package io.commander.server.audit;

import io.commander.server.db.JobLocks;
import io.commander.server.db.Reused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs changes in a transaction together with their audit records, so a change without its record
 * (or a record without its change) cannot exist. After the commit each record is also written to
 * stdout as one JSON line tagged {@code audit}, for log shippers; a rolled-back change writes none.
 */
public final class AuditLog {

  /** Logger whose lines are audit records as JSON; the launcher routes it to stdout unformatted. */
  public static final String LOGGER = "audit";
  private static final Logger STDOUT = LoggerFactory.getLogger(LOGGER);

  private static final String INSERT = Reused.statement("""
      INSERT INTO audit_log (actor_type, actor_id, actor_name, remote_address, request_id, workspace_id,
                             workspace_slug, entity_type, entity_id, action, changes)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
      RETURNING id, at""");

  private final Pool pool;

  public AuditLog(final Pool pool) {
    this.pool = pool;
  }

  /** Records the changes of one transaction. */
  public final class Trail {
    private final SqlConnection conn;
    private final Actor actor;
    private final List<JsonObject> written;

    private Trail(final SqlConnection conn, final Actor actor, final List<JsonObject> written) {
      this.conn = conn;
      this.actor = actor;
      this.written = written;
    }

    /**
     * Writes one audit record in the transaction.
     *
     * @param workspace the workspace the entity belongs to, or null
     * @param changes the changed fields, from {@link Changes}
     */
    public Future<Void> record(final WorkspaceRef workspace, final String entityType, final UUID entityId,
                               final String action, final JsonObject changes) {
      final UUID workspaceId = workspace == null ? null : workspace.id();
      final String slug = workspace == null ? null : workspace.slug();
      return conn.preparedQuery(INSERT)
          .execute(Tuple.from(new Object[] {actor.type(), actor.id(), actor.name(), actor.remoteAddress(),
              actor.requestId(), workspaceId, slug, entityType, entityId, action, changes}))
          .map(rows -> {
            final Row row = rows.iterator().next();
            written.add(new JsonObject()
                .put("tags", new io.vertx.core.json.JsonArray().add("audit"))
                .put("id", row.getUUID("id").toString())
                .put("time", row.getOffsetDateTime("at").withOffsetSameInstant(ZoneOffset.UTC).toString())
                .put("auditable_type", entityType)
                .put("auditable_id", entityId == null ? null : entityId.toString())
                .put("action", action)
                .put("user_type", actor.type())
                .put("user_id", actor.id() == null ? null : actor.id().toString())
                .put("user_name", actor.name())
                .put("remote_address", actor.remoteAddress())
                .put("request_uuid", actor.requestId())
                .put("workspace_slug", slug)
                .put("audited_changes", changes));
            return null;
          });
    }
  }

  /** A workspace as audit records name it. */
  public record WorkspaceRef(UUID id, String slug) {
  }

  /**
   * Runs work in a transaction with an audit trail.
   *
   * @return the work's result once committed (with the actor's receipt, if it has one); a failure rolls
   *     back the change and its records
   */
  public <T> Future<T> transaction(final Actor actor, final BiFunction<SqlConnection, Trail, Future<T>> work) {
    final List<JsonObject> written = new ArrayList<>();
    return pool.withTransaction(conn -> work.apply(conn, new Trail(conn, actor, written))
            .compose(result -> actor.receipt() == null ? Future.succeededFuture(result)
                : actor.receipt().write(conn, result).map(result)))
        .onSuccess(result -> written.forEach(record -> STDOUT.info(record.encode())));
  }

  /** Deletes records older than the retention. */
  public Future<Integer> purgeOlderThan(final OffsetDateTime cutoff) {
    return pool.preparedQuery("DELETE FROM audit_log WHERE at < $1 AND " + JobLocks.onlyOne(JobLocks.AUDIT_PURGE))
        .execute(Tuple.of(cutoff))
        .map(rows -> rows.rowCount());
  }
}
