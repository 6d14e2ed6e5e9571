package io.commander.server.workspaces;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.db.Listing;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Workspaces: create, read, rename (the slug never changes) and delete when empty; every change audited. */
public final class WorkspaceService {

  static final String ENTITY = "Workspace";

  private final Pool pool;
  private final WorkspaceStore store;
  private final AuditLog audit;

  public WorkspaceService(final Pool pool, final WorkspaceStore store, final AuditLog audit) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
  }

  /** @return the new workspace; fails with 409 {@code slug_taken} */
  public Future<Workspace> create(final Actor actor, final String name, final String slug) {
    return audit.transaction(actor, (conn, trail) -> store.insert(conn, name.strip(), slug)
        .compose(ws -> trail.record(ws.ref(), ENTITY, ws.id(), "create", Changes.created(ws.audited())).map(ws)));
  }

  /** @return the workspace; fails with 404 */
  public Future<Workspace> get(final UUID id) {
    return store.find(pool, id).map(ws -> ws.orElseThrow(() -> ApiException.notFound("workspace " + id)));
  }

  public Future<Optional<Workspace>> bySlug(final String slug) {
    return store.findBySlug(pool, slug);
  }

  public Future<Listing<Workspace>> list(final Optional<Set<UUID>> visible, final boolean withoutArchived,
                                             final Page page) {
    return store.list(pool, visible, withoutArchived, page);
  }

  /**
   * Renames a workspace.
   *
   * @param slug the slug the caller sent, if any: accepted only when it is the current one
   * @param expectedRevision when present, the revision the caller read (409 {@code stale_revision} otherwise)
   */
  public Future<Workspace> rename(final Actor actor, final UUID id, final String name, final Optional<String> slug,
                                  final Optional<Integer> expectedRevision) {
    return audit.transaction(actor, (conn, trail) -> store.lock(conn, id).compose(before -> {
      if (slug.isPresent() && !slug.get().equals(before.slug())) {
        return Future.failedFuture(ApiException.badRequest("slug_immutable",
            "the slug of a workspace cannot change (it is '" + before.slug() + "')"));
      }
      if (expectedRevision.isPresent() && expectedRevision.get() != before.currentRevision()) {
        return Future.failedFuture(ApiException.conflict("stale_revision", "the workspace is at revision "
            + before.currentRevision() + ", not " + expectedRevision.get() + "; read it again"));
      }
      return store.rename(conn, id, name.strip()).compose(after ->
          trail.record(after.ref(), ENTITY, id, "update", Changes.diff(before.audited(), after.audited())).map(after));
    }));
  }

  /** Deletes an empty workspace; fails with 404, or 409 {@code workspace_not_empty}. */
  public Future<Void> delete(final Actor actor, final UUID id) {
    return audit.transaction(actor, (conn, trail) -> store.lock(conn, id)
        .compose(ws -> store.hasClusters(conn, id).compose(has -> has
            ? Future.failedFuture(ApiException.conflict("workspace_not_empty",
                "the workspace has clusters; delete or move them first"))
            : store.delete(conn, id))
            .compose(v -> trail.record(ws.ref(), ENTITY, id, "delete", Changes.deleted(ws.audited())))));
  }
}
