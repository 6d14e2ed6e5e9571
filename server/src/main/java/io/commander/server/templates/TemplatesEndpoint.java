package io.commander.server.templates;

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
import java.util.UUID;

/** {@code /cluster_templates} and {@code /render}: viewers read and preview, managers and admins change. */
public final class TemplatesEndpoint implements ApiEndpoint.Operations {

  private final TemplateService service;
  private final Scopes scopes;

  public TemplatesEndpoint(final TemplateService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    final Policy.ScopeResolver template = scopes.workspaceObject(Scopes.Owned.CLUSTER_TEMPLATE);
    registry
        .add("listClusterTemplates", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::list)
        .add("createClusterTemplate", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::create)
        .add("getClusterTemplate", Policy.of(Access.READ, template), this::get)
        .add("updateClusterTemplate", Policy.of(Access.WRITE, template), this::update)
        .add("deleteClusterTemplate", Policy.of(Access.WRITE, template), this::delete)
        .add("listClusterTemplateVersions", Policy.of(Access.READ, template), this::versions)
        .add("getClusterTemplateVersion", Policy.of(Access.READ, template), this::version)
        .add("updateClusterTemplateVersion", Policy.of(Access.WRITE, template), this::changeVersion)
        .add("exportClusterTemplate", Policy.of(Access.READ, template), this::export)
        .add("importClusterTemplate", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::importTemplate)
        .add("renderClusterTemplate", Policy.of(Access.READ, template), this::render)
        .add("renderTemplateBody", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::renderBody);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    return service.list(request.scope().workspaceId(), request.queryFlag("without_archived"), request.page())
        .map(l -> ApiResponse.list(l.items(), l.total(), request.page()));
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    return service.create(Actor.of(request), request.scope().workspaceId(), write(request.body()))
        .map(ApiResponse::created);
  }

  private Future<ApiResponse> get(final ApiRequest request) {
    return service.get(request.scope().workspaceId(), request.pathId("id")).map(ApiResponse::ok);
  }

  private Future<ApiResponse> update(final ApiRequest request) {
    return service.update(Actor.of(request), request.scope().workspaceId(), request.pathId("id"),
        write(request.body())).map(ApiResponse::ok);
  }

  private Future<ApiResponse> delete(final ApiRequest request) {
    return service.delete(Actor.of(request), request.scope().workspaceId(), request.pathId("id"))
        .map(v -> ApiResponse.noContent());
  }

  private Future<ApiResponse> versions(final ApiRequest request) {
    return service.versions(request.scope().workspaceId(), request.pathId("id")).map(ApiResponse::ok);
  }

  private Future<ApiResponse> version(final ApiRequest request) {
    return service.version(request.scope().workspaceId(), request.pathId("id"), request.pathId("version_id"))
        .map(ApiResponse::ok);
  }

  private Future<ApiResponse> changeVersion(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.changeVersion(Actor.of(request), request.scope().workspaceId(), request.pathId("id"),
        request.pathId("version_id"), new TemplateService.VersionChange(Optional.ofNullable(body.getString("comment")),
            Optional.ofNullable(body.getBoolean("available")))).map(ApiResponse::ok);
  }

  private Future<ApiResponse> export(final ApiRequest request) {
    return service.export(request.scope().workspaceId(), request.pathId("id"),
        request.queryId("cluster_template_version_id")).map(ApiResponse::ok);
  }

  private Future<ApiResponse> importTemplate(final ApiRequest request) {
    return service.importTemplate(Actor.of(request), request.scope().workspaceId(), request.body())
        .map(ApiResponse::created);
  }

  private Future<ApiResponse> render(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.render(request.requestId(), request.scope().workspaceId(), request.pathId("id"),
            Optional.ofNullable(body.getString("cluster_template_version_id")).map(UUID::fromString),
            body.getJsonObject("values", new JsonObject()))
        .map(ApiResponse::ok);
  }

  private Future<ApiResponse> renderBody(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.renderBody(request.requestId(), request.scope().workspaceId(), body.getJsonArray("params"),
        body.getJsonObject("sections"),
        body.getJsonObject("values", new JsonObject())).map(ApiResponse::ok);
  }

  private static TemplateService.Write write(final JsonObject body) {
    return new TemplateService.Write(body.getString("name"), body.getString("comment"), body.getJsonArray("params"),
        body.getJsonObject("sections"), Optional.ofNullable(body.getInteger("current_revision")));
  }
}
