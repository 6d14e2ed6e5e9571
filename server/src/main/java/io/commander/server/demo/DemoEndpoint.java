package io.commander.server.demo;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;

/** {@code POST /demo}: HTTP to {@link DemoService} and back; global administrators only. */
public final class DemoEndpoint implements ApiEndpoint.Operations {

  private final DemoService service;
  private final Scopes scopes;

  public DemoEndpoint(final DemoService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    registry.add("createDemo", Policy.of(Access.ADMIN, scopes.system()), this::create);
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    return service.ensure(Actor.of(request)).map(demo -> demo.created() ? ApiResponse.created(demo.json())
        : ApiResponse.ok(demo.json()));
  }
}
