package io.commander.agent.kubernetes;

import io.commander.agent.AgentBackend.StreamSink;
import io.commander.agent.AgentBackend.StreamSource;
import io.commander.agent.KubeStatus;
import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frames;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.WebSocket;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tunnelled Kubernetes API requests against one API server with a client's own credentials (its master
 * URL, and its HTTP client unless another built from the same configuration is given), within
 * {@link TunnelPolicy}. Blocking calls run on the given worker pool.
 */
public final class KubernetesTunnel {

  private static final long TIMEOUT_SECONDS = 25;
  /** The label of the namespaces Commander manages, in which ConfigMaps may be written. */
  public static final String MANAGED_LABEL = Manifests.LABEL_MANAGED;

  private final KubernetesClient client;
  private final HttpClient http;
  private final WorkerExecutor pool;
  private final TunnelPolicy policy = new TunnelPolicy();

  public KubernetesTunnel(final KubernetesClient client, final WorkerExecutor pool) {
    this(client, client.getHttpClient(), pool);
  }

  /** {@code http}: the transport of the passthrough, with the client's credentials; its creator closes it. */
  public KubernetesTunnel(final KubernetesClient client, final HttpClient http, final WorkerExecutor pool) {
    this.client = client;
    this.http = http;
    this.pool = pool;
  }

  /**
   * One request answered in one piece: refused 403 {@value KubeStatus#FORBIDDEN} without reaching the API
   * server, an answer larger than {@link Frames#MAX_TUNNEL_BODY_BYTES} 502 {@value KubeStatus#TOO_LARGE}.
   * Fails when the API server cannot be reached or does not answer within {@value #TIMEOUT_SECONDS} s.
   */
  public Future<ConsoleResponse> request(final ConsoleRequest request) {
    final TunnelPolicy.Decision decision = policy.decide(request.method(), request.path());
    if (!decision.allowed()) {
      return Future.succeededFuture(KubeStatus.response(request.streamId(), 403, KubeStatus.FORBIDDEN,
          decision.reason()));
    }
    if (decision.namespace().isEmpty()) {
      // The HTTP client's own threads carry the request: no worker is held while the API server answers.
      return Future.fromCompletionStage(send(request));
    }
    return pool.executeBlocking(() -> managed(decision.namespace().get()), false).compose(managed -> managed
        ? Future.fromCompletionStage(send(request))
        : Future.succeededFuture(KubeStatus.response(request.streamId(), 403, KubeStatus.FORBIDDEN,
            "the agent writes only in namespaces Commander manages (label " + Manifests.LABEL_MANAGED
                + "=true), not in " + decision.namespace().get())));
  }

  private boolean managed(final String namespace) {
    final Namespace found = client.namespaces().withName(namespace).get();
    return found != null && found.getMetadata().getLabels() != null
        && "true".equals(found.getMetadata().getLabels().get(Manifests.LABEL_MANAGED));
  }

  private String master() {
    return client.getConfiguration().getMasterUrl().replaceAll("/+$", "");
  }

  private java.util.concurrent.CompletableFuture<ConsoleResponse> send(final ConsoleRequest request) {
    final HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(master() + request.path())
        .timeout(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    final String accept = request.headers().get("accept");
    if (accept != null) {
      builder.header("Accept", accept);
    }
    if (!"GET".equals(request.method())) {
      final byte[] body = request.body() == null ? new byte[0] : request.body().bytes();
      builder.method(request.method(), request.headers().getOrDefault("content-type", "application/json"),
          new java.io.ByteArrayInputStream(body), (long) body.length);
    }
    return http.sendAsync(builder.build(), byte[].class)
        .orTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .thenApply(answer -> {
          final byte[] body = answer.body();
          if (body != null && body.length > Frames.MAX_TUNNEL_BODY_BYTES) {
            return KubeStatus.response(request.streamId(), 502, KubeStatus.TOO_LARGE, "the answer has " + body.length
                + " bytes, more than the " + Frames.MAX_TUNNEL_BODY_BYTES + " one frame carries; ask for less (limit)");
          }
          final String type = answer.header("Content-Type");
          return new ConsoleResponse(request.streamId(), answer.code(),
              type == null ? Map.of() : Map.of("content-type", type),
              body == null || body.length == 0 ? null : Body.of(body));
        });
  }

  /**
   * A request whose answer may be streamed (reads only): a watch goes over a websocket to the API server,
   * as fabric8's own watches do, each event a line of JSON as in a chunked watch; when the API server
   * refuses the upgrade, or for a log followed, the answer is read as it comes over HTTP. Either way
   * nothing more is read from the API server while the source is paused.
   */
  public StreamSource stream(final ConsoleRequest request, final StreamSink sink) {
    final TunnelPolicy.Decision decision = policy.decide(request.method(), request.path());
    if (!decision.allowed() || !Frames.streamed(request.method(), request.path())) {
      request(request).onComplete(done -> sink.respond(done.succeeded() ? done.result()
          : KubeStatus.response(request.streamId(), 502, "agent_request_failed",
              "the agent could not make the request: " + done.cause().getMessage())));
      return StreamSource.NONE;
    }
    final Pull pull = new Pull();
    if (request.path().matches(".*[?&]watch=(true|1)(&.*)?$")) {
      watch(request, sink, pull);
    } else {
      http(request, sink, pull);
    }
    return pull;
  }

  private void watch(final ConsoleRequest request, final StreamSink sink, final Pull pull) {
    final AtomicBoolean opened = new AtomicBoolean();
    http.newWebSocketBuilder()
        .uri(WebSocket.toWebSocketUri(URI.create(master() + request.path())))
        .connectTimeout(TIMEOUT_SECONDS, TimeUnit.SECONDS)
        .buildAsync(new WebSocket.Listener() {
          @Override
          public void onOpen(final WebSocket ws) {
            opened.set(true);
            sink.open(200, Map.of("content-type", "application/json"));
            // The client asked for the first message itself when it opened.
            pull.attach(ws::request, () -> ws.sendClose(1000, "canceled"), false);
          }

          @Override
          public void onMessage(final WebSocket ws, final String text) {
            sink.data((text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8));
            pull.next();
          }

          @Override
          public void onMessage(final WebSocket ws, final ByteBuffer bytes) {
            final byte[] out = new byte[bytes.remaining()];
            bytes.get(out);
            sink.data(out);
            pull.next();
          }

          @Override
          public void onClose(final WebSocket ws, final int code, final String reason) {
            sink.end("watch ended");
          }

          @Override
          public void onError(final WebSocket ws, final Throwable error) {
            sink.end("watch failed: " + error.getMessage());
          }
        })
        .whenComplete((ws, error) -> {
          if (error != null && !opened.get()) {
            // Refused upgrade (or none offered): the same request over HTTP gives the API server's own answer.
            http(request, sink, pull);
          }
        });
  }

  private void http(final ConsoleRequest request, final StreamSink sink, final Pull pull) {
    final HttpRequest.Builder builder = http.newHttpRequestBuilder().uri(master() + request.path());
    final String accept = request.headers().get("accept");
    if (accept != null) {
      builder.header("Accept", accept);
    }
    http.consumeBytes(builder.build(), (List<ByteBuffer> buffers, AsyncBody body) -> {
      int size = 0;
      for (ByteBuffer b : buffers) {
        size += b.remaining();
      }
      final byte[] out = new byte[size];
      int at = 0;
      for (ByteBuffer b : buffers) {
        final int n = b.remaining();
        b.get(out, at, n);
        at += n;
      }
      sink.data(out);
      pull.next();
    }).whenComplete((response, error) -> {
      if (error != null) {
        sink.respond(KubeStatus.response(request.streamId(), 502, "agent_request_failed",
            "the agent could not make the request: " + error.getMessage()));
        return;
      }
      final String type = response.header("Content-Type");
      sink.open(response.code(), type == null ? Map.of() : Map.of("content-type", type));
      final AsyncBody body = response.body();
      body.done().whenComplete((v, e) -> sink.end(e == null ? "end" : "failed: " + e.getMessage()));
      pull.attach(body::consume, body::cancel, true);
    });
  }

  /**
   * Reads from the API server one piece at a time: the next piece is asked for after each one unless the
   * link paused the stream, then on resume.
   */
  private static final class Pull implements StreamSource {
    private Runnable more = () -> { };
    private Runnable stop = () -> { };
    private boolean paused;
    private boolean owed;
    private boolean cancelled;

    /** The source's controls, once it is open; {@code askNow}: nothing was asked for yet. */
    synchronized void attach(final Runnable more, final Runnable stop, final boolean askNow) {
      this.more = more;
      this.stop = stop;
      if (cancelled) {
        stop.run();
      } else if (askNow) {
        next();
      }
    }

    /** A piece was read (or reading starts): ask for the next one unless paused. */
    synchronized void next() {
      if (cancelled) {
        return;
      }
      if (paused) {
        owed = true;
      } else {
        more.run();
      }
    }

    @Override
    public synchronized void pause() {
      paused = true;
    }

    @Override
    public synchronized void resume() {
      paused = false;
      if (owed) {
        owed = false;
        more.run();
      }
    }

    @Override
    public synchronized void cancel() {
      if (!cancelled) {
        cancelled = true;
        stop.run();
      }
    }
  }
}
