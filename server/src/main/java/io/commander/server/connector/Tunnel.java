package io.commander.server.connector;

import io.commander.agent.protocol.Frame;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frames;
import io.commander.core.bus.Addresses;
import io.commander.server.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.util.List;
import java.util.UUID;

/**
 * Sends one Kubernetes API request to the agent of a cluster, through whichever gateway holds the
 * cluster's session (the event bus may span processes), and gives back the agent's answer.
 */
public final class Tunnel {

  /** Longer than the session's own timeout, which answers first with the stream cancelled. */
  static final long BUS_TIMEOUT_MS = 35_000;

  private final EventBus bus;

  public Tunnel(final EventBus bus) {
    this.bus = bus;
  }

  /**
   * @return the agent's response frame; fails with an {@link ApiException}: 503 {@code cluster_disconnected}
   *     (no session anywhere, or it closed before the answer), 504 {@code upstream_timeout}, 429
   *     {@code too_many_streams}, 413 {@code request_too_large}
   */
  public Future<ConsoleResponse> send(final UUID clusterId, final ConsoleRequest request) {
    return bus.<String>request(Addresses.agentTunnel(clusterId), Frames.encode(request),
            new DeliveryOptions().setSendTimeout(BUS_TIMEOUT_MS))
        .recover(e -> Future.failedFuture(translate(clusterId, e)))
        .map(reply -> {
          final Frame frame = Frames.decode(reply.body(), Integer.MAX_VALUE);
          if (!(frame instanceof ConsoleResponse response)) {
            throw new IllegalStateException("the gateway answered a " + frame.kind().wire() + " frame");
          }
          return response;
        });
  }

  private static Throwable translate(final UUID clusterId, final Throwable e) {
    if (!(e instanceof ReplyException reply)) {
      return e;
    }
    if (reply.failureType() == ReplyFailure.NO_HANDLERS
        || reply.failureType() == ReplyFailure.RECIPIENT_FAILURE && reply.failureCode() == 503) {
      return ApiException.unavailable("cluster_disconnected", "the agent of cluster " + clusterId
          + " is not connected", 5);
    }
    if (reply.failureType() == ReplyFailure.TIMEOUT || reply.failureCode() == 504) {
      return new ApiException(504, "upstream_timeout", "Gateway timeout", "the agent of cluster " + clusterId
          + " did not answer in time", List.of());
    }
    return switch (reply.failureCode()) {
      case 429 -> new ApiException(429, "too_many_streams", "Too many requests", reply.getMessage(), List.of());
      case 413 -> new ApiException(413, "request_too_large", "Request too large", reply.getMessage(), List.of());
      case 400 -> ApiException.badRequest("bad_request", reply.getMessage());
      default -> new ApiException(502, "agent_failed", "Bad gateway", reply.getMessage(), List.of());
    };
  }
}
