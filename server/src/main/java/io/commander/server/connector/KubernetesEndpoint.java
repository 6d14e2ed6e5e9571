package io.commander.server.connector;

import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frames;
import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiException;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /clusters/{id}/k8s/{path}}: any Kubernetes API request (not streamed yet) carried through the
 * cluster's agent link. Workspace viewers read (GET), managers write; every write is audited before it
 * is sent. The agent's answer (status, content type, body) is passed on as it is.
 */
public final class KubernetesEndpoint implements ApiEndpoint.Operations {

  private static final String SLUG = "SELECT slug FROM workspaces WHERE id = $1";
  private static final List<String> FORWARDED = List.of("content-type", "accept");

  private final Tunnel tunnel;
  private final AuditLog audit;
  private final Scopes scopes;

  public KubernetesEndpoint(final Tunnel tunnel, final AuditLog audit, final Scopes scopes) {
    this.tunnel = tunnel;
    this.audit = audit;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    final Policy.ScopeResolver cluster = scopes.workspaceObject(Scopes.Owned.CLUSTER);
    registry
        .addPassthrough("getClusterKubernetes", Policy.of(Access.READ, cluster), this::pass)
        .addPassthrough("createClusterKubernetes", Policy.of(Access.WRITE, cluster), this::pass)
        .addPassthrough("replaceClusterKubernetes", Policy.of(Access.WRITE, cluster), this::pass)
        .addPassthrough("patchClusterKubernetes", Policy.of(Access.WRITE, cluster), this::pass)
        .addPassthrough("deleteClusterKubernetes", Policy.of(Access.WRITE, cluster), this::pass);
  }

  private Future<ApiResponse> pass(final ApiRequest request) {
    final UUID clusterId = request.pathId("id");
    final ConsoleRequest forwarded = forwarded(request);
    final Future<Void> audited = "GET".equals(forwarded.method()) ? Future.succeededFuture()
        : audit(request, clusterId, forwarded);
    return audited.compose(v -> tunnel.send(clusterId, forwarded))
        .map(answer -> ApiResponse.raw(answer.status(), answer.headers().get("content-type"),
            answer.body() == null ? Buffer.buffer() : Buffer.buffer(answer.body().bytes())));
  }

  /** The request as the agent gets it: the path after {@code /k8s}, the query, two headers and the body. */
  private static ConsoleRequest forwarded(final ApiRequest request) {
    final String raw = request.rawPath();
    final int id = raw.indexOf("/clusters/") + "/clusters/".length();
    final int k8s = raw.indexOf('/', id) + "/k8s".length();
    final String rest = k8s >= raw.length() ? "/" : raw.substring(k8s);
    final String path = rest + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
    final Map<String, String> headers = new LinkedHashMap<>();
    FORWARDED.forEach(name -> request.header(name).ifPresent(value -> headers.put(name, value)));
    final Buffer body = request.rawBody();
    if (body != null && body.length() > Frames.MAX_TUNNEL_BODY_BYTES) {
      throw new ApiException(413, "request_too_large", "Request too large", "a Kubernetes API request through "
          + "the agent link carries at most " + Frames.MAX_TUNNEL_BODY_BYTES + " bytes", List.of());
    }
    return new ConsoleRequest("0", request.method(), path, headers,
        body == null || body.length() == 0 ? null : Body.of(body.getBytes()));
  }

  private Future<Void> audit(final ApiRequest request, final UUID clusterId, final ConsoleRequest forwarded) {
    final UUID workspaceId = request.scope().workspaceId();
    return audit.transaction(Actor.of(request), (tx, trail) -> tx.preparedQuery(SLUG).execute(Tuple.of(workspaceId))
        .compose(rows -> trail.record(new AuditLog.WorkspaceRef(workspaceId,
                rows.size() == 0 ? null : rows.iterator().next().getString("slug")), "Cluster", clusterId,
            "kubernetes_request", new JsonObject().put("method", forwarded.method()).put("path", forwarded.path()))));
  }
}
