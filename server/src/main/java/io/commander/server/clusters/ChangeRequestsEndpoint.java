package io.commander.server.clusters;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;

/** {@code /cluster_change_requests}: viewers read, managers and admins approve. */
public final class ChangeRequestsEndpoint implements ApiEndpoint.Operations {

  private final ChangeRequestService service;
  private final Scopes scopes;

  public ChangeRequestsEndpoint(final ChangeRequestService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry
        .add("listClusterChangeRequests", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::list)
        .add("approveClusterChangeRequest",
            Policy.of(Access.WRITE, scopes.workspaceObject(Scopes.Owned.CHANGE_REQUEST)), this::approve);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.scope().workspaceId(), request.queryId("cluster_id"), request.page())
        .map(l -> ApiResponse.list(l.items(), l.total(), request.page()));
  }

  private Future<ApiResponse> approve(final ApiRequest request) {
    return service.approve(Actor.of(request), request.scope().workspaceId(), request.pathId("id"),
        request.body().getString("change_set_sha256")).map(ApiResponse::ok);
  }
}
