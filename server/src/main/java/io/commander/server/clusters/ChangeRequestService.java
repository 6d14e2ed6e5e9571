package io.commander.server.clusters;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.db.Listing;
import io.commander.server.tasks.TaskEnqueuer;
import io.commander.server.tasks.TaskKind;
import io.commander.server.events.Events;
import io.commander.server.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import java.util.UUID;

/**
 * Approvals of destructive changes. An approval names the SHA-256 of the change set the person
 * saw; it queues the change, which then applies only that change set.
 */
public final class ChangeRequestService {

  private final Pool pool;
  private final ChangeRequestStore store;
  private final ClusterStore clusters;
  private final TaskEnqueuer tasks;
  private final AuditLog audit;

  public ChangeRequestService(final Pool pool, final ChangeRequestStore store, final ClusterStore clusters,
                              final TaskEnqueuer tasks, final AuditLog audit) {
    this.pool = pool;
    this.store = store;
    this.clusters = clusters;
    this.tasks = tasks;
    this.audit = audit;
  }

  public Future<Listing<JsonObject>> list(final UUID workspaceId, final Optional<UUID> clusterId, final Page page) {
    return store.list(pool, workspaceId, clusterId, page);
  }

  /**
   * Approves a pending request and queues the change: with a SHA-256, only if it names the request's
   * change set; without one (null), the change set the request holds.
   * 409: {@code already_approved}, {@code already_completed}, {@code change_set_mismatch}, or
   * {@code cluster_cannot_be_converged} when the cluster moved on (new inputs, deletion).
   */
  public Future<JsonObject> approve(final Actor actor, final UUID workspaceId, final UUID id, final String sha256) {
    return audit.transaction(actor, (tx, trail) -> store.find(tx, id, true).compose(request -> {
      if (!request.workspaceId().equals(workspaceId)) {
        return Future.failedFuture(ApiException.notFound("cluster change request " + id));
      }
      switch (request.status()) {
        case "approved" -> throw ApiException.conflict("already_approved", "the change request was approved "
            + "already; its change is queued or running");
        case "completed" -> throw ApiException.conflict("already_completed", "the change request's change was "
            + "applied already");
        case "superseded" -> throw ApiException.conflict("cluster_cannot_be_converged", "the cluster's inputs "
            + "changed after this plan; its next change asks for approval again if it is still destructive");
        default -> {
        }
      }
      if (sha256 != null && !request.sha256().equals(sha256)) {
        throw ApiException.conflict("change_set_mismatch", "the change set's SHA-256 is " + request.sha256()
            + ", not " + sha256 + "; read the request again and approve what it shows");
      }
      return clusters.find(tx, request.clusterId(), true).compose(cluster -> {
        if (cluster.archived() || cluster.status() == ClusterStatus.DELETE || cluster.status() == ClusterStatus.DELETED
            || cluster.desiredRevision() == null || cluster.desiredRevision() != request.revision()) {
          throw ApiException.conflict("cluster_cannot_be_converged", "the cluster is no longer at revision "
              + request.revision() + " (status " + cluster.status().id() + ")");
        }
        return store.approve(tx, id, actor.name())
            .compose(v -> tasks.enqueue(tx, cluster.id(), TaskKind.CHANGE, request.revision(), actor.name()))
            .compose(task -> Outbox.add(tx, Events.changeRequestApproved(id, cluster.id(), request.revision(),
                request.sha256(), actor.name(), task)))
            .compose(task -> trail.record(new AuditLog.WorkspaceRef(workspaceId, request.workspaceSlug()),
                "ClusterChangeRequest", id, "approve", new JsonObject()
                    .put("status", new JsonArray().add("pending").add("approved"))
                    .put("change_set_sha256", new JsonArray().add(null).add(request.sha256()))))
            .compose(v -> store.find(tx, id, false)).map(ChangeRequestStore.RequestRow::json);
      });
    }));
  }
}
