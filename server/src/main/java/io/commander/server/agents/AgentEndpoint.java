package io.commander.server.agents;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;

/** A cluster's agent as the API shows it: the manifest that installs it by hand. */
public final class AgentEndpoint implements ApiEndpoint.Operations {

  private final AgentManifestService manifests;
  private final Scopes scopes;

  public AgentEndpoint(final AgentManifestService manifests, final Scopes scopes) {
    this.manifests = manifests;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    // It holds the agent's token: managers and admins only, like any change.
    registry.add("getClusterAgentManifest", Policy.of(Access.WRITE, scopes.workspaceObject(Scopes.Owned.CLUSTER)),
        this::manifest);
  }

  private Future<ApiResponse> manifest(final ApiRequest request) {
    return manifests.manifest(Actor.of(request), request.scope().workspaceId(), request.pathId("id"))
        .map(yaml -> ApiResponse.stream("application/yaml", response -> response.end(yaml)));
  }
}
