package io.commander.server.clusters;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiException;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** {@code /clusters} and {@code /tasks}: viewers read, managers and admins change. */
public final class ClustersEndpoint implements ApiEndpoint.Operations {

  private static final int DEFAULT_CHECK_INTERVAL = 900;

  private final ClusterService service;
  private final TaskLogStream logs;
  private final Scopes scopes;
  private final String defaultProvisioner;

  public ClustersEndpoint(final ClusterService service, final io.vertx.core.Vertx vertx,
                          final io.vertx.sqlclient.Pool pool, final Scopes scopes, final String defaultProvisioner) {
    this.service = service;
    this.logs = new TaskLogStream(vertx, pool, new ClusterTasks());
    this.scopes = scopes;
    this.defaultProvisioner = defaultProvisioner;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    final Policy.ScopeResolver cluster = scopes.workspaceObject(Scopes.Owned.CLUSTER);
    final Policy.ScopeResolver task = scopes.workspaceObject(Scopes.Owned.TASK);
    registry
        .add("listClusters", Policy.of(Access.READ, scopes.workspaceOfRequest()), this::list)
        .add("createCluster", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::create)
        .add("getCluster", Policy.of(Access.READ, cluster), this::get)
        .add("updateCluster", Policy.of(Access.WRITE, cluster), this::update)
        .add("patchCluster", Policy.of(Access.WRITE, cluster), this::patch)
        .add("deleteCluster", Policy.of(Access.WRITE, cluster), this::delete)
        .add("bulkClusters", Policy.of(Access.WRITE, scopes.workspaceOfRequest()), this::bulk)
        .add("listClusterRevisions", Policy.of(Access.READ, cluster), this::revisions)
        .add("diffClusterRevisions", Policy.of(Access.READ, cluster), this::diff)
        .add("listClusterTasks", Policy.of(Access.READ, cluster), this::tasks)
        .add("retryCluster", Policy.of(Access.WRITE, cluster), this::retry)
        .add("applyCluster", Policy.of(Access.WRITE, cluster), this::apply)
        .add("getTask", Policy.of(Access.READ, task), this::task)
        .add("getTaskLog", Policy.of(Access.READ, task), this::log)
        .add("cancelTask", Policy.of(Access.WRITE, task), this::cancel);
  }

  private Future<ApiResponse> list(final ApiRequest request) {
    final Optional<ListCursor> after = request.query("after").map(ListCursor::decode);
    final ClusterQuery query = new ClusterQuery(request.query("status"), request.query("q"),
        request.queryId("template_id"), request.queryId("template_version_id"), request.query("sync_mode"),
        ClusterQuery.Sort.of(request.query("sort")));
    return service.list(request.scope().workspaceId(), request.queryFlag("without_archived"), query,
        request.page(), after).map(l -> {
          if (query.sort() != ClusterQuery.Sort.NEWEST) {
            // Another order pages by offset: its next link keeps the query and moves the offset.
            return ApiResponse.list(l.items(), l.total(), request.page());
          }
          final boolean more = after.isPresent() ? l.items().size() == request.page().limit()
              : request.page().offset() + (long) l.items().size() < l.total();
          return ApiResponse.keysetList(l.items(), l.total(), more && !l.items().isEmpty()
              ? Optional.of(ListCursor.after(l.items().get(l.items().size() - 1)).encode()) : Optional.empty());
        });
  }

  private Future<ApiResponse> create(final ApiRequest request) {
    return service.create(Actor.of(request), request.scope().workspaceId(), creation(request.body(), defaultProvisioner))
        .map(ApiResponse::created);
  }

  /**
   * A {@code POST /clusters} body (valid against the contract) as the service takes it; also what a
   * create command runs.
   *
   * @throws ApiException 400 when the kubeconfig and the provisioner disagree
   */
  public static ClusterService.Create creation(final JsonObject body, final String defaultProvisioner) {
    final String provisioner = body.getString("provisioner", defaultProvisioner);
    final Optional<String> kubeconfig = Optional.ofNullable(body.getString("kubeconfig"));
    if ("kubeconfig".equals(provisioner) != kubeconfig.isPresent()) {
      throw ApiException.invalidField("/kubeconfig", "kubeconfig".equals(provisioner)
          ? "the kubeconfig provisioner needs the cluster's kubeconfig" : "only the kubeconfig provisioner takes one");
    }
    return new ClusterService.Create(body.getString("name"),
        UUID.fromString(body.getString("cluster_template_version_id")), id(body, "registry_id"),
        body.getJsonObject("values"), provisioner, kubeconfig, body.getString("sync_mode", "auto"),
        body.getInteger("check_interval_seconds", DEFAULT_CHECK_INTERVAL));
  }

  private Future<ApiResponse> get(final ApiRequest request) {
    return service.get(request.scope().workspaceId(), request.pathId("id")).map(ApiResponse::ok);
  }

  private Future<ApiResponse> update(final ApiRequest request) {
    final JsonObject body = request.body();
    final UUID id = request.pathId("id");
    return service.update(Actor.of(request), request.scope().workspaceId(), id, c -> new ClusterService.Update(
            body.getString("name", c.name()), UUID.fromString(body.getString("cluster_template_version_id")),
            id(body, "registry_id"), body.getJsonObject("values"), body.getString("sync_mode", c.syncMode()),
            body.getInteger("check_interval_seconds", c.checkIntervalSeconds()), body.getInteger("current_revision")))
        .compose(cluster -> service.get(request.scope().workspaceId(), id)).map(ApiResponse::ok);
  }

  /** JSON merge of the values (null removes a key); the revision comes in {@code If-Match}. */
  private Future<ApiResponse> patch(final ApiRequest request) {
    final UUID id = request.pathId("id");
    final Optional<Integer> ifMatch = request.header("If-Match").map(ClustersEndpoint::revision);
    return service.update(Actor.of(request), request.scope().workspaceId(), id, merge(request.body(), ifMatch))
        .compose(cluster -> service.get(request.scope().workspaceId(), id)).map(ApiResponse::ok);
  }

  /**
   * A {@code PATCH /clusters/{id}} body (valid against the contract) merged into the cluster's inputs;
   * also what a patch command runs.
   *
   * @param ifMatch the revision the caller read, or empty for the current one
   */
  public static Function<ClusterStore.ClusterRow, ClusterService.Update> merge(final JsonObject body,
                                                                               final Optional<Integer> ifMatch) {
    return c -> {
      final JsonObject values = c.values().copy();
      body.getJsonObject("values", new JsonObject()).forEach(e -> {
        if (e.getValue() == null) {
          values.remove(e.getKey());
        } else {
          values.put(e.getKey(), e.getValue());
        }
      });
      return new ClusterService.Update(body.getString("name", c.name()),
          Optional.ofNullable(body.getString("cluster_template_version_id")).map(UUID::fromString)
              .orElse(c.templateVersionId()),
          body.containsKey("registry_id") ? id(body, "registry_id") : Optional.ofNullable(c.registryId()), values,
          body.getString("sync_mode", c.syncMode()), body.getInteger("check_interval_seconds",
              c.checkIntervalSeconds()), ifMatch.orElse(c.currentRevision()));
    };
  }

  private Future<ApiResponse> delete(final ApiRequest request) {
    final boolean cleanup = request.query("cleanup").map(Boolean::parseBoolean).orElse(true);
    return service.delete(Actor.of(request), request.scope().workspaceId(), request.pathId("id"), cleanup)
        .map(ApiResponse::accepted);
  }

  /**
   * One action on many clusters ({@code POST /clusters/bulk}): each cluster as its own request would
   * change it (a new revision for a sync mode or version, a delete task), answered per id.
   */
  private Future<ApiResponse> bulk(final ApiRequest request) {
    final JsonObject body = request.body();
    final Actor actor = Actor.of(request);
    final UUID workspaceId = request.scope().workspaceId();
    final List<UUID> ids = body.getJsonArray("cluster_ids").stream().map(String.class::cast).map(UUID::fromString)
        .toList();
    final String action = body.getString("action");
    // The action's own fields are checked before any cluster is touched: bad input changes nothing.
    final Future<JsonObject> results = switch (action) {
      case "set_sync_mode" -> {
        final JsonObject change = new JsonObject().put("sync_mode", required(body, "sync_mode", action));
        yield ClusterBulk.run(ids, 200, id -> service.update(actor, workspaceId, id, merge(change, Optional.empty())));
      }
      case "move_version" -> {
        final JsonObject change = new JsonObject().put("cluster_template_version_id",
            required(body, "cluster_template_version_id", action));
        yield ClusterBulk.run(ids, 200, id -> service.update(actor, workspaceId, id, merge(change, Optional.empty())));
      }
      case "delete" -> {
        final boolean cleanup = body.getBoolean("cleanup", true);
        yield ClusterBulk.run(ids, 202, id -> service.delete(actor, workspaceId, id, cleanup));
      }
      default -> throw ApiException.invalidField("/action", "unknown action " + action);
    };
    return results.map(ApiResponse::ok);
  }

  private static String required(final JsonObject body, final String field, final String action) {
    final String value = body.getString(field);
    if (value == null) {
      throw ApiException.invalidField("/" + field, "is required by the action " + action);
    }
    return value;
  }

  private Future<ApiResponse> revisions(final ApiRequest request) {
    return service.revisions(request.scope().workspaceId(), request.pathId("id"), request.page())
        .map(l -> ApiResponse.list(l.items(), l.total(), request.page()));
  }

  private Future<ApiResponse> diff(final ApiRequest request) {
    return service.diff(request.scope().workspaceId(), request.pathId("id"), request.pathInt("revision"),
        request.query("against").map(Integer::parseInt)).map(ApiResponse::ok);
  }

  private Future<ApiResponse> tasks(final ApiRequest request) {
    return service.tasks(request.scope().workspaceId(), request.pathId("id"), request.page())
        .map(l -> ApiResponse.list(l.items(), l.total(), request.page()));
  }

  private Future<ApiResponse> retry(final ApiRequest request) {
    return queued(request, service.retry(Actor.of(request), request.scope().workspaceId(), request.pathId("id")));
  }

  private Future<ApiResponse> apply(final ApiRequest request) {
    return queued(request, service.apply(Actor.of(request), request.scope().workspaceId(), request.pathId("id")));
  }

  private Future<ApiResponse> queued(final ApiRequest request, final Future<UUID> task) {
    return task.compose(id -> service.task(request.scope().workspaceId(), id))
        .map(ApiResponse::accepted);
  }

  private Future<ApiResponse> task(final ApiRequest request) {
    return service.task(request.scope().workspaceId(), request.pathId("id")).map(ApiResponse::ok);
  }

  /** The lines after {@code after}, or with {@code follow=true} a stream until the task ends. */
  private Future<ApiResponse> log(final ApiRequest request) {
    final UUID id = request.pathId("id");
    final int after = request.query("after").map(Integer::parseInt).orElse(-1);
    if (request.queryFlag("follow")) {
      return service.task(request.scope().workspaceId(), id).map(t -> ApiResponse.stream("text/event-stream",
          response -> logs.follow(id, after, response)));
    }
    return service.logAfter(request.scope().workspaceId(), id, after)
        .map(ApiResponse::ok);
  }

  private Future<ApiResponse> cancel(final ApiRequest request) {
    return service.cancel(Actor.of(request), request.scope().workspaceId(), request.pathId("id"))
        .map(ApiResponse::accepted);
  }

  private static Optional<UUID> id(final JsonObject body, final String field) {
    return Optional.ofNullable(body.getString(field)).map(UUID::fromString);
  }

  /**
   * The revision an {@code If-Match} names ({@code "3"}, {@code W/"3"} or {@code 3}).
   *
   * @throws ApiException 400 {@code invalid_if_match}
   */
  public static int revision(final String ifMatch) {
    try {
      return Integer.parseInt(ifMatch.replace("\"", "").replace("W/", "").strip());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid_if_match", "If-Match must carry the cluster's current_revision, e.g. \"3\"");
    }
  }
}
