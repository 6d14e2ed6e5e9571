package io.commander.server.bindings;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Page;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.GlobalRole;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.UUID;

/** {@code /global_roles} and {@code /workspace_role_bindings}. */
public final class RolesEndpoint implements ApiEndpoint.Operations {

  private final RoleBindingService service;
  private final Scopes scopes;

  public RolesEndpoint(final RoleBindingService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry
        .add("listGlobalRoles", Policy.of(Access.READ, scopes.system()), this::globalRoles)
        .add("listWorkspaceRoleBindings", Policy.of(Access.READ, scopes.systemInQueryWorkspace()), this::list)
        .add("createWorkspaceRoleBinding", Policy.of(Access.ADMIN, scopes.systemInBodyWorkspace()), this::create)
        .add("getWorkspaceRoleBinding", Policy.of(Access.READ, scopes.systemObject(Scopes.Owned.ROLE_BINDING)),
            this::get)
        .add("updateWorkspaceRoleBinding", Policy.of(Access.ADMIN, scopes.systemObject(Scopes.Owned.ROLE_BINDING)),
            this::update)
        .add("deleteWorkspaceRoleBinding", Policy.of(Access.ADMIN, scopes.systemObject(Scopes.Owned.ROLE_BINDING)),
            this::delete);
  }

  private Future<ApiResponse> globalRoles(final ApiRequest request) {
    final var roles = Arrays.stream(GlobalRole.values())
        .map(r -> new JsonObject().put("name", r.id()).put("description", r.description())).toList();
    return Future.succeededFuture(ApiResponse.list(roles, roles.size(), new Page(roles.size(), 0)));
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.caller().visibleWorkspaces(), request.scope().workspaceId(), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(RoleBinding::json).toList(), l.total(), request.page()));
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.create(Actor.of(request), request.scope().workspaceId(), UUID.fromString(body.getString("user_id")),
        body.getString("role")).map(b -> ApiResponse.created(b.json()));
  }

  private Future<ApiResponse> get(final ApiRequest request) {
    return service.get(request.pathId("id")).map(b -> ApiResponse.ok(b.json()));
  }

  private Future<ApiResponse> update(final ApiRequest request) {
    return service.changeRole(Actor.of(request), request.pathId("id"), request.body().getString("role"))
        .map(b -> ApiResponse.ok(b.json()));
  }

  private Future<ApiResponse> delete(final ApiRequest request) {
    return service.delete(Actor.of(request), request.pathId("id")).map(v -> ApiResponse.noContent());
  }
}
