package io.commander.server.connector;

import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frames;
import io.commander.core.bus.Addresses;
import io.commander.server.audit.AuditLog;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;

/**
 * The connector's work on one {@link ConnectorCall}: a write only from a caller who may write, every write
 * audited, then the request sent to whichever gateway holds the cluster's agent session (any process on
 * the event bus). Fails with a {@link ReplyException} whose code is an HTTP status: 403 (the caller may
 * only read), 503 (no agent session anywhere, or it closed before the answer), 504 (the agent did not
 * answer in time), or what the gateway said (413, 429).
 */
public final class Connector {

  /** Longer than the gateway's own timeout, which answers first with the stream cancelled. */
  static final long GATEWAY_TIMEOUT_MS = 35_000;

  private final EventBus bus;
  private final ClusterAudit audit;

  public Connector(final EventBus bus, final AuditLog audit) {
    this.bus = bus;
    this.audit = new ClusterAudit(audit);
  }

  /**
   * @param streamKey the key of the stream the caller listens on for a streamed answer, or null
   * @return the agent's answer frame as JSON text: a {@code response}, or the {@code open} of a stream
   */
  public Future<String> handle(final ConnectorCall call, final String streamKey) {
    if (!call.write()) {
      return forward(call, streamKey);
    }
    if (!call.target().mayWrite()) {
      return Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 403,
          "the caller's role in the cluster's workspace allows reading only"));
    }
    if (call.audit() == null) {
      // Recorded before it is sent: a write whose answer never came may still have been made.
      final JsonObject changes = new JsonObject().put("method", call.request().method())
          .put("path", call.request().path());
      return audit.around(call.target(), "kubernetes_request", changes, Future::<Void>succeededFuture)
          .compose(v -> forward(call, null));
    }
    return audit.around(call.target(), call.audit().action(), call.audit().changes(),
            () -> forward(call, null).compose(answer -> accepted(answer) ? Future.succeededFuture(answer)
                : Future.failedFuture(new Refused(answer))))
        .recover(e -> e instanceof Refused refused ? Future.succeededFuture(refused.answer) : Future.failedFuture(e));
  }

  private Future<String> forward(final ConnectorCall call, final String streamKey) {
    final DeliveryOptions options = new DeliveryOptions().setSendTimeout(GATEWAY_TIMEOUT_MS);
    if (streamKey != null) {
      options.addHeader(Addresses.STREAM_HEADER, streamKey);
    }
    return bus.<String>request(Addresses.agentTunnel(call.target().clusterId()), Frames.encode(call.request()), options)
        .map(Message::body)
        .recover(e -> Future.failedFuture(gatewayFailure(call, e)));
  }

  private static boolean accepted(final String answer) {
    return Frames.decode(answer, Integer.MAX_VALUE) instanceof ConsoleResponse response
        && response.status() >= 200 && response.status() < 300;
  }

  private static Throwable gatewayFailure(final ConnectorCall call, final Throwable e) {
    if (!(e instanceof ReplyException reply)) {
      return e;
    }
    return switch (reply.failureType()) {
      case NO_HANDLERS -> new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 503,
          "the agent of cluster " + call.target().clusterId() + " is not connected");
      case TIMEOUT -> new ReplyException(ReplyFailure.RECIPIENT_FAILURE, 504,
          "the agent of cluster " + call.target().clusterId() + " did not answer in time");
      default -> reply;
    };
  }

  /** The cluster refused an audited write: its record is rolled back, its answer still goes to the caller. */
  private static final class Refused extends RuntimeException {
    private final String answer;

    Refused(final String answer) {
      super(null, null, false, false);
      this.answer = answer;
    }
  }
}
