package io.commander.server.registries;

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

/** {@code /registries}: viewers read, managers and admins of the workspace change. */
public final class RegistriesEndpoint implements ApiEndpoint.Operations {

  private final RegistryService service;
  private final Scopes scopes;

  public RegistriesEndpoint(final RegistryService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry
        .add("listRegistries", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::list)
        .add("createRegistry", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::create)
        .add("getRegistry", Policy.of(Access.READ, scopes.workspaceObject(Scopes.Owned.REGISTRY)), this::get)
        .add("updateRegistry", Policy.of(Access.WRITE, scopes.workspaceObject(Scopes.Owned.REGISTRY)), this::update)
        .add("deleteRegistry", Policy.of(Access.WRITE, scopes.workspaceObject(Scopes.Owned.REGISTRY)), this::delete);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.scope().workspaceId(), request.queryFlag("without_archived"), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(Registry::json).toList(), l.total(), request.page()));
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    return service.create(Actor.of(request), request.scope().workspaceId(), write(request.body()))
        .map(r -> ApiResponse.created(r.json()));
  }

  private Future<ApiResponse> get(final ApiRequest request) {
    return service.get(request.scope().workspaceId(), request.pathId("id")).map(r -> ApiResponse.ok(r.json()));
  }

  private Future<ApiResponse> update(final ApiRequest request) {
    return service.update(Actor.of(request), request.scope().workspaceId(), request.pathId("id"), write(request.body()))
        .map(r -> ApiResponse.ok(r.json()));
  }

  private Future<ApiResponse> delete(final ApiRequest request) {
    return service.delete(Actor.of(request), request.scope().workspaceId(), request.pathId("id"))
        .map(v -> ApiResponse.noContent());
  }

  private static RegistryService.Write write(final JsonObject body) {
    final Optional<Optional<String>> auth = body.containsKey("auth")
        ? Optional.of(Optional.ofNullable(body.getString("auth"))) : Optional.empty();
    return new RegistryService.Write(body.getString("name"), body.getString("images_repo"),
        body.getString("scheme", "https"), body.getString("dev_branch"), body.getString("ca_certificate"), auth,
        Optional.ofNullable(body.getInteger("current_revision")));
  }
}
