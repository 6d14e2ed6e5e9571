package io.commander.server.users;

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

/**
 * {@code /users}: every user may read the directory (to find people to bind); administrators and
 * full global tokens manage it.
 */
public final class UsersEndpoint implements ApiEndpoint.Operations {

  private final UserService service;
  private final Scopes scopes;

  public UsersEndpoint(final UserService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry
        .add("listUsers", Policy.of(Access.READ, scopes.system()), this::list)
        .add("createUser", Policy.of(Access.ADMIN, scopes.system()), this::create)
        .add("getUser", Policy.of(Access.READ, scopes.system()), this::get)
        .add("updateUser", Policy.of(Access.ADMIN, scopes.system()), this::update)
        .add("deleteUser", Policy.of(Access.ADMIN, scopes.system()), this::delete);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.queryFlag("without_archived"), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(User::json).toList(), l.total(), request.page()));
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.create(Actor.of(request), body.getString("email"), body.getString("name"),
            body.getString("global_role", "user"), Optional.ofNullable(body.getString("password")))
        .map(created -> {
          final JsonObject json = created.user().json().copy();
          created.generatedPassword().ifPresent(p -> json.put("password", p));
          return ApiResponse.created(json);
        });
  }

  private Future<ApiResponse> get(final ApiRequest request) {
    return service.get(request.pathId("id")).map(u -> ApiResponse.ok(u.json()));
  }

  private Future<ApiResponse> update(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.update(Actor.of(request), request.pathId("id"), new UserService.Change(
            Optional.ofNullable(body.getString("name")), Optional.ofNullable(body.getString("global_role")),
            Optional.ofNullable(body.getBoolean("disabled")), Optional.ofNullable(body.getString("password"))))
        .map(u -> ApiResponse.ok(u.json()));
  }

  private Future<ApiResponse> delete(final ApiRequest request) {
    return service.archive(Actor.of(request), request.pathId("id")).map(v -> ApiResponse.noContent());
  }
}
