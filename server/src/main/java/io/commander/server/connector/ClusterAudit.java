package io.commander.server.connector;

import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.db.Reused;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Supplier;

/** Audit records of what a caller does to a cluster through its agent link (the record names the cluster). */
final class ClusterAudit {

  private static final String SLUG = Reused.statement("SELECT slug FROM workspaces WHERE id = $1");

  private final AuditLog audit;

  ClusterAudit(final AuditLog audit) {
    this.audit = audit;
  }

  /**
   * Records {@code action} on the cluster, then does {@code work} in the same transaction: a change the
   * cluster refused leaves no record, and none is made without one.
   */
  <T> Future<T> around(final ConnectorCall.Target target, final String action, final JsonObject changes,
                       final Supplier<Future<T>> work) {
    final Actor actor = target.actor();
    final UUID workspaceId = target.workspaceId();
    return audit.transaction(actor, (tx, trail) -> tx.preparedQuery(SLUG).execute(Tuple.of(workspaceId))
        .compose(rows -> trail.record(new AuditLog.WorkspaceRef(workspaceId,
            rows.size() == 0 ? null : rows.iterator().next().getString("slug")), "Cluster", target.clusterId(),
            action, changes))
        .compose(v -> work.get()));
  }
}
