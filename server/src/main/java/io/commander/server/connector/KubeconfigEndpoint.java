package io.commander.server.connector;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.auth.Access;
import io.commander.server.auth.Caller;
import io.commander.server.auth.Scopes;
import io.commander.server.auth.WorkspaceRole;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * {@code /clusters/{id}/kubeconfig} (a kubeconfig with a new short-lived token of the caller's, for any
 * workspace member: the token carries the user's roles, so a viewer's kubectl only reads) and
 * {@code /clusters/{id}/kubeconfig_tokens[/{token_id}]}: the cluster's usable kubeconfig tokens, a user's
 * own, or everyone's for workspace admins, who may also revoke anyone's.
 */
public final class KubeconfigEndpoint implements ApiEndpoint.Operations {

  private final KubeconfigTokens tokens;
  private final Scopes scopes;
  private final Pool pool;

  public KubeconfigEndpoint(final KubeconfigTokens tokens, final Scopes scopes, final Pool pool) {
    this.tokens = tokens;
    this.scopes = scopes;
    this.pool = pool;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    final Policy.ScopeResolver cluster = scopes.workspaceObject(Scopes.Owned.CLUSTER);
    registry
        .add("getClusterKubeconfig", Policy.of(Access.READ, cluster), this::kubeconfig)
        .add("listClusterKubeconfigTokens", Policy.of(Access.READ, cluster), this::list)
        .add("revokeClusterKubeconfigToken", Policy.of(Access.READ, cluster), this::revoke);
  }

  private Future<ApiResponse> kubeconfig(final ApiRequest request) {
    return tokens.issue(Actor.of(request), request.caller(), request.pathId("id"))
        .map(yaml -> ApiResponse.stream("application/yaml", response -> response
            .putHeader("Cache-Control", "no-store").end(yaml)));
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return tokens.list(request.pathId("id"), everyone(request) ? null : request.caller().id(), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(KubeconfigTokenStore.Stored::json).toList(), l.total(),
            request.page()));
  }

  private Future<ApiResponse> revoke(final ApiRequest request) {
    final UUID workspaceId = request.scope().workspaceId();
    return pool.preparedQuery("SELECT slug FROM workspaces WHERE id = $1").execute(Tuple.of(workspaceId))
        .map(rows -> new AuditLog.WorkspaceRef(workspaceId, rows.size() == 0 ? null
            : rows.iterator().next().getString("slug")))
        .compose(ws -> tokens.revoke(Actor.of(request), ws, request.pathId("id"), request.pathId("token_id"),
            request.caller().id(), everyone(request)))
        .map(v -> ApiResponse.noContent());
  }

  /** Global admins and the workspace's admins see and revoke everyone's tokens; others their own. */
  private static boolean everyone(final ApiRequest request) {
    return request.caller() instanceof Caller.User user
        ? user.admin() || user.workspaceRoles().get(request.scope().workspaceId()) == WorkspaceRole.ADMIN
        : request.caller() instanceof Caller.Token token && !token.readOnly();
  }
}
