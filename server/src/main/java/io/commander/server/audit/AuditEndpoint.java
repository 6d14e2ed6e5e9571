package io.commander.server.audit;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.util.UUID;

/**
 * {@code GET /audit}: administrators and global tokens see every record; a workspace's admins
 * and its tokens see that workspace's records.
 */
public final class AuditEndpoint implements ApiEndpoint.Operations {

  private final Pool pool;
  private final AuditStore store;
  private final Scopes scopes;

  public AuditEndpoint(final Pool pool, final AuditStore store, final Scopes scopes) {
    this.pool = pool;
    this.store = store;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry.add("listAudit", Policy.of(Access.ADMIN_READ, scopes.callerOrNamedWorkspace()), this::list);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    final UUID workspace = request.scope().workspaceId() != null ? request.scope().workspaceId()
        : request.queryId("workspace_id").orElse(null);
    final AuditStore.Filter filter = new AuditStore.Filter(workspace, request.query("entity_type").orElse(null),
        request.queryId("entity_id").orElse(null), request.queryId("actor_id").orElse(null),
        request.queryTime("since").orElse(null), request.queryTime("until").orElse(null));
    return store.list(pool, filter, request.page())
        .map(l -> ApiResponse.list(l.items(), l.total(), request.page()));
  }
}
