package io.commander.server.connector;

import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frames;
import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiException;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /clusters/{id}/k8s/{path}}: any Kubernetes API request carried through the cluster's agent link,
 * watches and logs followed streamed to the caller as they come. Workspace viewers read (GET), managers write; the
 * connector records every write before it is sent. The agent's answer (status, content type, body) is passed on
 * as it is.
 */
public final class KubernetesEndpoint implements ApiEndpoint.Operations {

  private static final List<String> FORWARDED = List.of("content-type", "accept");

  private final Tunnel tunnel;
  private final Scopes scopes;

  public KubernetesEndpoint(final Tunnel tunnel, final Scopes scopes) {
    this.tunnel = tunnel;
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
    final ConnectorCall.Target target = ConnectorCall.Target.of(request);
    final ConsoleRequest forwarded = forwarded(request);
    if (Frames.streamed(forwarded.method(), forwarded.path())) {
      return tunnel.stream(target, forwarded).map(answer -> answer instanceof Tunnel.Streaming streaming
          ? streamed(streaming) : whole(((Tunnel.Whole) answer).response()));
    }
    return tunnel.send(target, forwarded).map(KubernetesEndpoint::whole);
  }

  static ApiResponse whole(final ConsoleResponse answer) {
    return ApiResponse.raw(answer.status(), answer.headers().get("content-type"),
        answer.body() == null ? Buffer.buffer() : Buffer.buffer(answer.body().bytes()));
  }

  /**
   * A streamed answer, written to the caller as it comes (chunked). Credit goes back to the agent for what
   * the caller's connection took: at once while its write queue has room, else when it drains; a caller
   * that reads slowly so pauses its own stream at the agent, and nothing else. A caller that goes away
   * cancels the stream.
   */
  static ApiResponse streamed(final Tunnel.Streaming stream) {
    final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (stream.contentType() != null) {
      headers.add("Content-Type", stream.contentType());
    }
    headers.add("Cache-Control", "no-cache").add("X-Accel-Buffering", "no");
    return new ApiResponse(stream.status(), (ApiResponse.Stream) response -> {
      final long[] owed = {0};
      // The status goes out at once: a watch may stay quiet for minutes before its first event.
      response.writeHead();
      response.closeHandler(v -> stream.cancel());
      response.drainHandler(v -> {
        stream.credit(owed[0]);
        owed[0] = 0;
      });
      stream.endHandler(reason -> {
        if (!response.ended() && !response.closed()) {
          response.end();
        }
      }).handler(chunk -> {
        if (response.closed()) {
          return;
        }
        response.write(chunk);
        if (response.writeQueueFull()) {
          owed[0] += chunk.length();
        } else {
          stream.credit(chunk.length());
        }
      });
    }, headers);
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

}
