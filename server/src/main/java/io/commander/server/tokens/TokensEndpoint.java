package io.commander.server.tokens;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Caller;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code /auth_tokens}. Global tokens are managed by administrators (and full global tokens),
 * a workspace's tokens by its admins (and full tokens of that workspace).
 */
public final class TokensEndpoint implements ApiEndpoint.Operations {

  private final TokenService service;
  private final Scopes scopes;

  public TokensEndpoint(final TokenService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry
        .add("listAuthTokens", Policy.of(Access.ADMIN_READ, scopes.callerOrNamedWorkspace()), this::list)
        .add("createAuthToken", Policy.of(Access.ADMIN, scopes.bodyWorkspaceOrSystem()), this::create)
        .add("revokeAuthToken", Policy.of(Access.ADMIN, scopes.objectWorkspaceOrSystem(Scopes.Owned.AUTH_TOKEN)),
            this::revoke);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.scope().workspaceId(), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(AuthToken::json).toList(), l.total(), request.page()));
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    final JsonObject body = request.body();
    final OffsetDateTime expires = request.bodyTime("expires_at").orElse(null);
    final UUID createdBy = request.caller() instanceof Caller.User user ? user.id() : null;
    return service.workspaceRef(request.scope().workspaceId())
        .compose(ws -> service.create(Actor.of(request), ws, body.getString("name"), body.getBoolean("read_only", false),
            expires, createdBy))
        .map(issued -> ApiResponse.created(issued.token().json().copy().put("token", issued.secret())));
  }

  private Future<ApiResponse> revoke(final ApiRequest request) {
    return service.workspaceRef(request.scope().workspaceId())
        .compose(ws -> service.revoke(Actor.of(request), ws, request.pathId("id")))
        .map(t -> ApiResponse.noContent());
  }
}
