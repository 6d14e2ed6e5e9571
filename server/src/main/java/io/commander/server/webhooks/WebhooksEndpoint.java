package io.commander.server.webhooks;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import java.util.List;

/** {@code /webhooks}: viewers read subscriptions and their delivery logs, managers and admins of the workspace change them. */
public final class WebhooksEndpoint implements ApiEndpoint.Operations {

  private final WebhookService service;
  private final Scopes scopes;

  public WebhooksEndpoint(final WebhookService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    final Policy.ScopeResolver webhook = scopes.workspaceObject(Scopes.Owned.WEBHOOK);
    registry
        .add("listWebhooks", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::list)
        .add("createWebhook", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::create)
        .add("getWebhook", Policy.of(Access.READ, webhook), this::get)
        .add("deleteWebhook", Policy.of(Access.WRITE, webhook), this::delete)
        .add("listWebhookDeliveries", Policy.of(Access.READ, webhook), this::deliveries);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.scope().workspaceId(), request.page())
        .map(l -> ApiResponse.list(l.items(), l.total(), request.page()));
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    final List<String> types = request.body().getJsonArray("event_types").stream().map(String.class::cast).toList();
    return service.create(Actor.of(request), request.scope().workspaceId(), request.body().getString("url"), types)
        .map(ApiResponse::created);
  }

  private Future<ApiResponse> get(final ApiRequest request) {
    return service.get(request.scope().workspaceId(), request.pathId("id")).map(ApiResponse::ok);
  }

  private Future<ApiResponse> delete(final ApiRequest request) {
    return service.delete(Actor.of(request), request.scope().workspaceId(), request.pathId("id"))
        .map(v -> ApiResponse.noContent());
  }

  private Future<ApiResponse> deliveries(final ApiRequest request) {
    return service.deliveries(request.scope().workspaceId(), request.pathId("id"), request.page())
        .map(l -> ApiResponse.list(l.items(), l.total(), request.page()));
  }
}
