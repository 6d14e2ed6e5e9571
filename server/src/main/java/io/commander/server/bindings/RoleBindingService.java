package io.commander.server.bindings;

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

/** Who has which role in which workspace; every change audited. */
public final class RoleBindingService {

  static final String ENTITY = "WorkspaceRoleBinding";

  private final Pool pool;
  private final RoleBindingStore store;
  private final AuditLog audit;

  public RoleBindingService(final Pool pool, final RoleBindingStore store, final AuditLog audit) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
  }

  /** @return the binding; fails with 404 for an unknown user, 409 {@code binding_exists} */
  public Future<RoleBinding> create(final Actor actor, final UUID workspaceId, final UUID userId, final String role) {
    return audit.transaction(actor, (conn, trail) -> store.insert(conn, workspaceId, userId, role)
        .compose(b -> trail.record(new AuditLog.WorkspaceRef(b.workspaceId(), b.workspaceSlug()), ENTITY, b.id(),
            "create", Changes.created(b.audited())).map(b)));
  }

  public Future<RoleBinding> get(final UUID id) {
    return store.find(pool, id).map(b -> b.orElseThrow(() -> ApiException.notFound("role binding " + id)));
  }

  public Future<Listing<RoleBinding>> list(final Optional<Set<UUID>> visible, final UUID workspaceId,
                                               final Page page) {
    return store.list(pool, visible, workspaceId, page);
  }

  public Future<RoleBinding> changeRole(final Actor actor, final UUID id, final String role) {
    return audit.transaction(actor, (conn, trail) -> store.find(conn, id).compose(found -> {
      final RoleBinding before = found.orElseThrow(() -> ApiException.notFound("role binding " + id));
      return store.updateRole(conn, id, role).compose(after -> trail.record(
          new AuditLog.WorkspaceRef(after.workspaceId(), after.workspaceSlug()), ENTITY, id, "update",
          Changes.diff(before.audited(), after.audited())).map(after));
    }));
  }

  public Future<Void> delete(final Actor actor, final UUID id) {
    return audit.transaction(actor, (conn, trail) -> store.find(conn, id).compose(found -> {
      final RoleBinding before = found.orElseThrow(() -> ApiException.notFound("role binding " + id));
      return store.delete(conn, id).compose(v -> trail.record(
          new AuditLog.WorkspaceRef(before.workspaceId(), before.workspaceSlug()), ENTITY, id, "delete",
          Changes.deleted(before.audited())));
    }));
  }
}
