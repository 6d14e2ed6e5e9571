package io.commander.server.connector;

import io.commander.agent.protocol.Frame;
import io.commander.agent.protocol.Frame.Console;
import io.commander.agent.protocol.Frame.ConsoleCredit;
import io.commander.agent.protocol.Frame.ConsoleOpen;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frames;
import io.commander.core.bus.Addresses;
import io.commander.core.bus.JsonCodec;
import io.commander.server.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sends one Kubernetes API request for the agent of a cluster to the connector role, which passes it on
 * to whichever gateway holds the cluster's session (the event bus may span processes), and gives back the
 * agent's answer. A streamed answer comes from the gateway straight to this process.
 */
public final class Tunnel {

  /** Longer than the connector's wait for the gateway, which answers first. */
  static final long BUS_TIMEOUT_MS = Connector.GATEWAY_TIMEOUT_MS + 5_000;

  private final Vertx vertx;
  private final EventBus bus;

  public Tunnel(final Vertx vertx) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
  }

  /** Registers the codec of the connector's calls; once per Vert.x instance. */
  public static void registerCodecs(final EventBus bus) {
    JsonCodec.register(bus, ConnectorCall.class, ConnectorCall::toJson, ConnectorCall::fromJson);
  }

  /**
   * @return the agent's response frame; fails with an {@link ApiException}: 503 {@code cluster_disconnected}
   *     (no session anywhere, or it closed before the answer), 503 {@code connector_unavailable} (no process
   *     runs the connector role), 504 {@code upstream_timeout}, 429 {@code too_many_streams}, 413
   *     {@code request_too_large}, 403 {@code role_insufficient} (a write from a caller who may only read)
   */
  public Future<ConsoleResponse> send(final ConnectorCall.Target target, final ConsoleRequest request) {
    return send(new ConnectorCall(target, request, null));
  }

  /** Sends a write recorded as {@code audit} says (see {@link ConnectorCall.Audit}); fails as {@link #send}. */
  public Future<ConsoleResponse> send(final ConnectorCall.Target target, final ConsoleRequest request,
                                      final ConnectorCall.Audit audit) {
    return send(new ConnectorCall(target, request, audit));
  }

  private Future<ConsoleResponse> send(final ConnectorCall call) {
    final UUID clusterId = call.target().clusterId();
    return bus.<String>request(Addresses.CONNECTOR_REQUEST, call, new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
        .recover(e -> Future.failedFuture(translate(clusterId, e)))
        .map(reply -> {
          final Frame frame = Frames.decode(reply.body(), Integer.MAX_VALUE);
          if (!(frame instanceof ConsoleResponse response)) {
            throw new IllegalStateException("the gateway answered a " + frame.kind().wire() + " frame");
          }
          return response;
        });
  }

  /** What a request that may be streamed gives: an answer in one piece, or a stream that began. */
  public sealed interface Answer permits Whole, Streaming {
  }

  /** The agent answered in one piece (a refusal, an error, a watch the API server does not stream). */
  public record Whole(ConsoleResponse response) implements Answer {
  }

  /**
   * A streamed answer that began, with its status and headers. Its bytes go to {@link #handler} (those
   * that came before it was set are handed over then); the reader grants {@link #credit} for what it took,
   * without which the agent stops after {@link Frames#STREAM_WINDOW_BYTES}; {@link #endHandler} learns
   * why it ended ({@code cluster_disconnected} also when the gateway holding it stopped saying it is alive:
   * its process died); {@link #cancel} stops it at the agent. Used on one event loop.
   */
  public static final class Streaming implements Answer {
    private final Vertx vertx;
    private final EventBus bus;
    private final UUID key;
    private final MessageConsumer<String> frames;
    private ConsoleOpen open;
    private final List<Buffer> early = new ArrayList<>();
    private Handler<Buffer> handler;
    private Handler<String> endHandler = reason -> { };
    private String ended;
    /** When the gateway was last heard, once it said it sends keep-alives (one of an older release does not). */
    private long heard;
    private boolean keptAlive;
    private long watchdog = -1;

    private Streaming(final Vertx vertx, final UUID key) {
      this.vertx = vertx;
      this.bus = vertx.eventBus();
      this.key = key;
      this.frames = bus.consumer(Addresses.tunnelStream(key), m -> onFrame(m.body()));
    }

    /** The stream began: it ends when its gateway goes silent for a few keep-alive intervals. */
    private void opened(final ConsoleOpen open) {
      this.open = open;
      heard = System.nanoTime();
      watchdog = vertx.setPeriodic(Frames.STREAM_KEEPALIVE_MS, t -> {
        if (keptAlive && System.nanoTime() - heard
            > Frames.STREAM_SILENCE_LIMIT * Frames.STREAM_KEEPALIVE_MS * 1_000_000L) {
          // Should the gateway live on unheard (the bus cut between the processes), it stops the stream too.
          bus.send(Addresses.tunnelStreamControl(key), Frames.encode(new Console("0", Console.CLOSE, "canceled")));
          end("cluster_disconnected");
        }
      });
    }

    public int status() {
      return open.status();
    }

    public String contentType() {
      return open.headers().get("content-type");
    }

    public Streaming handler(final Handler<Buffer> handler) {
      this.handler = handler;
      early.forEach(handler::handle);
      early.clear();
      if (ended != null) {
        endHandler.handle(ended);
      }
      return this;
    }

    public Streaming endHandler(final Handler<String> endHandler) {
      this.endHandler = endHandler;
      return this;
    }

    /** The reader took {@code bytes} more: the agent may send that many more. */
    public void credit(final long bytes) {
      if (ended == null && bytes > 0) {
        bus.send(Addresses.tunnelStreamControl(key), Frames.encode(new ConsoleCredit("0", bytes)));
      }
    }

    /** The reader went away: the agent stops the stream. */
    public void cancel() {
      if (ended == null) {
        bus.send(Addresses.tunnelStreamControl(key), Frames.encode(new Console("0", Console.CLOSE, "canceled")));
        end("canceled");
      }
    }

    private void onFrame(final String text) {
      if (ended != null || !(Frames.decode(text, Integer.MAX_VALUE) instanceof Console console)) {
        return;
      }
      heard = System.nanoTime();
      if (Console.KEEPALIVE.equals(console.event())) {
        keptAlive = true;
      } else if (Console.DATA.equals(console.event())) {
        final Buffer bytes = Buffer.buffer(console.bytes());
        if (handler == null) {
          early.add(bytes);
        } else {
          handler.handle(bytes);
        }
      } else if (Console.CLOSE.equals(console.event())) {
        end(console.data() == null ? "end" : console.data());
      }
    }

    private void end(final String reason) {
      ended = reason;
      frames.unregister();
      if (watchdog != -1) {
        vertx.cancelTimer(watchdog);
      }
      if (handler != null) {
        endHandler.handle(reason);
      }
    }
  }

  /**
   * Sends a request whose answer may be streamed (a watch, a log followed). The stream's frames come on
   * an address of this process, registered everywhere before the request leaves, so the gateway holding
   * the link may be another process.
   *
   * @return fails as {@link #send}
   */
  public Future<Answer> stream(final ConnectorCall.Target target, final ConsoleRequest request) {
    final UUID clusterId = target.clusterId();
    final UUID key = UUID.randomUUID();
    final Streaming streaming = new Streaming(vertx, key);
    final ConsoleRequest windowed = new ConsoleRequest(request.streamId(), request.method(), request.path(),
        request.headers(), request.body(), Frames.STREAM_WINDOW_BYTES);
    return streaming.frames.completion()
        .compose(v -> bus.<String>request(Addresses.CONNECTOR_REQUEST, new ConnectorCall(target, windowed, null),
            new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS).addHeader(Addresses.STREAM_HEADER, key.toString())))
        .recover(e -> {
          streaming.frames.unregister();
          return Future.failedFuture(translate(clusterId, e));
        })
        .map(reply -> {
          final Frame frame = Frames.decode(reply.body(), Integer.MAX_VALUE);
          if (frame instanceof ConsoleOpen open) {
            streaming.opened(open);
            return streaming;
          }
          streaming.frames.unregister();
          if (frame instanceof ConsoleResponse response) {
            return new Whole(response);
          }
          throw new IllegalStateException("the gateway answered a " + frame.kind().wire() + " frame");
        });
  }

  private static Throwable translate(final UUID clusterId, final Throwable e) {
    if (!(e instanceof ReplyException reply)) {
      return e;
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS) {
      return ApiException.unavailable("connector_unavailable", "no process of this Commander runs the connector "
          + "role, which carries requests to clusters' agents", 5);
    }
    if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == 503) {
      return ApiException.unavailable("cluster_disconnected", "the agent of cluster " + clusterId
          + " is not connected", 5);
    }
    if (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureCode() == 504) {
      return new ApiException(504, "upstream_timeout", "Gateway timeout", "the agent of cluster " + clusterId
          + " did not answer in time", List.of());
    }
    return switch (reply.failureCode()) {
      case 403 -> ApiException.forbidden("role_insufficient", reply.getMessage());
      case 429 -> new ApiException(429, "too_many_streams", "Too many requests", reply.getMessage(), List.of());
      case 413 -> new ApiException(413, "request_too_large", "Request too large", reply.getMessage(), List.of());
      case 400 -> ApiException.badRequest("bad_request", reply.getMessage());
      default -> new ApiException(502, "agent_failed", "Bad gateway", reply.getMessage(), List.of());
    };
  }
}
