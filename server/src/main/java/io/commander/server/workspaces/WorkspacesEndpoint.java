package io.commander.server.workspaces;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;

/** {@code /workspaces}: HTTP to {@link WorkspaceService} and back. */
public final class WorkspacesEndpoint implements ApiEndpoint.Operations {

  private final WorkspaceService service;
  private final Scopes scopes;

  public WorkspacesEndpoint(final WorkspaceService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry
        .add("listWorkspaces", Policy.of(Access.READ, scopes.system()), this::list)
        .add("createWorkspace", Policy.of(Access.ADMIN, scopes.system()), this::create)
        .add("getWorkspace", Policy.of(Access.READ, scopes.systemObject(Scopes.Owned.WORKSPACE)), this::get)
        .add("updateWorkspace", Policy.of(Access.ADMIN, scopes.systemObject(Scopes.Owned.WORKSPACE)), this::update)
        // Deleting a workspace is for global administrators, not the workspace's own admins.
        .add("deleteWorkspace", Policy.of(Access.ADMIN, scopes.system()), this::delete);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.caller().visibleWorkspaces(), request.queryFlag("without_archived"), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(Workspace::json).toList(), l.total(), request.page()));
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.create(Actor.of(request), body.getString("name"), body.getString("slug"))
        .map(ws -> ApiResponse.created(ws.json()));
  }

  private Future<ApiResponse> get(final ApiRequest request) {
    return service.get(request.pathId("id")).map(ws -> ApiResponse.ok(ws.json()));
  }

  private Future<ApiResponse> update(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.rename(Actor.of(request), request.pathId("id"), body.getString("name"),
            Optional.ofNullable(body.getString("slug")), Optional.ofNullable(body.getInteger("current_revision")))
        .map(ws -> ApiResponse.ok(ws.json()));
  }

  private Future<ApiResponse> delete(final ApiRequest request) {
    return service.delete(Actor.of(request), request.pathId("id")).map(v -> ApiResponse.noContent());
  }
}
