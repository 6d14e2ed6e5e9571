package io.commander.server.inventory;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@code /catalogs} and {@code /records}: viewers read, managers and admins of the workspace change. */
public final class CatalogsEndpoint implements ApiEndpoint.Operations {

  private final InventoryService service;
  private final Scopes scopes;

  public CatalogsEndpoint(final InventoryService service, final Scopes scopes) {
    this.service = service;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    final Policy.ScopeResolver catalog = scopes.workspaceObject(Scopes.Owned.CATALOG);
    final Policy.ScopeResolver record = scopes.workspaceObject(Scopes.Owned.RECORD);
    registry
        .add("listCatalogs", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::listCatalogs)
        .add("createCatalog", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::createCatalog)
        .add("importCatalog", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::importCatalog)
        .add("getCatalog", Policy.of(Access.READ, catalog), this::getCatalog)
        .add("updateCatalog", Policy.of(Access.WRITE, catalog), this::updateCatalog)
        .add("deleteCatalog", Policy.of(Access.WRITE, catalog), this::deleteCatalog)
        .add("listRecords", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::listRecords)
        .add("createRecord", Policy.of(Access.WRITE, scopes.workspaceOfBodyReference(Scopes.Owned.CATALOG,
            "catalog_id")), this::createRecord)
        .add("getRecord", Policy.of(Access.READ, record), this::getRecord)
        .add("updateRecord", Policy.of(Access.WRITE, record), this::updateRecord)
        .add("deleteRecord", Policy.of(Access.WRITE, record), this::deleteRecord);
  }

  private Future<ApiResponse> listCatalogs(final ApiRequest request) {
    return service.catalogs(request.scope().workspaceId(), request.queryFlag("without_archived"), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(Catalog::json).toList(), l.total(), request.page()));
  }

  private Future<ApiResponse> createCatalog(final ApiRequest request) {
    return service.createCatalog(Actor.of(request), request.scope().workspaceId(), write(request.body()))
        .map(c -> ApiResponse.created(c.json()));
  }

  private Future<ApiResponse> importCatalog(final ApiRequest request) {
    final JsonArray resources = request.body().getJsonArray("resources", new JsonArray());
    final List<JsonObject> records = resources.stream().map(r -> ((JsonObject) r).getJsonObject("values")).toList();
    return service.importCatalog(Actor.of(request), request.scope().workspaceId(), write(request.body()), records)
        .map(c -> ApiResponse.created(c.json()));
  }

  private Future<ApiResponse> getCatalog(final ApiRequest request) {
    return service.catalog(request.scope().workspaceId(), request.pathId("id")).map(c -> ApiResponse.ok(c.json()));
  }

  private Future<ApiResponse> updateCatalog(final ApiRequest request) {
    return service.updateCatalog(Actor.of(request), request.scope().workspaceId(), request.pathId("id"),
        write(request.body())).map(c -> ApiResponse.ok(c.json()));
  }

  private Future<ApiResponse> deleteCatalog(final ApiRequest request) {
    return service.deleteCatalog(Actor.of(request), request.scope().workspaceId(), request.pathId("id"))
        .map(v -> ApiResponse.noContent());
  }

  private Future<ApiResponse> listRecords(final ApiRequest request) {
    return service.records(request.scope().workspaceId(), request.queryId("catalog_id").orElse(null),
            request.queryFlag("without_archived"), request.page())
        .map(l -> ApiResponse.list(l.items().stream().map(InventoryRecord::json).toList(), l.total(), request.page()));
  }

  private Future<ApiResponse> createRecord(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.createRecord(Actor.of(request), request.scope().workspaceId(),
        UUID.fromString(body.getString("catalog_id")), body.getJsonObject("values"))
        .map(r -> ApiResponse.created(r.json()));
  }

  private Future<ApiResponse> getRecord(final ApiRequest request) {
    return service.record(request.scope().workspaceId(), request.pathId("id")).map(r -> ApiResponse.ok(r.json()));
  }

  private Future<ApiResponse> updateRecord(final ApiRequest request) {
    final JsonObject body = request.body();
    return service.updateRecord(Actor.of(request), request.scope().workspaceId(), request.pathId("id"),
        Optional.ofNullable(body.getString("catalog_id")).map(UUID::fromString), body.getJsonObject("values"),
        Optional.ofNullable(body.getInteger("current_revision")))
        .map(r -> ApiResponse.ok(r.json()));
  }

  private Future<ApiResponse> deleteRecord(final ApiRequest request) {
    return service.deleteRecord(Actor.of(request), request.scope().workspaceId(), request.pathId("id"))
        .map(v -> ApiResponse.noContent());
  }

  private static InventoryService.CatalogWrite write(final JsonObject body) {
    return new InventoryService.CatalogWrite(body.getString("name"), body.getString("slug"),
        body.getString("usage", "shared"), body.getJsonArray("params"),
        Optional.ofNullable(body.getInteger("current_revision")));
  }
}
