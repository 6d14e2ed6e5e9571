package io.commander.gateway;

import io.commander.agent.protocol.Frame;
import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.Console;
import io.commander.agent.protocol.Frame.ConsoleCredit;
import io.commander.agent.protocol.Frame.ConsoleOpen;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frame.Drain;
import io.commander.agent.protocol.Frame.Heartbeat;
import io.commander.agent.protocol.Frame.Hello;
import io.commander.agent.protocol.Frame.Telemetry;
import io.commander.agent.protocol.Frame.Welcome;
import io.commander.agent.protocol.FrameException;
import io.commander.agent.protocol.FrameException.Reason;
import io.commander.agent.protocol.Frames;
import io.commander.core.bus.Addresses;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One agent's websocket: reads its frames in order on the connection's event loop. */
final class AgentSession {

  private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
  static final short CLOSE_POLICY = 1008;
  static final short CLOSE_TOO_BIG = 1009;
  static final short CLOSE_GOING_AWAY = 1001;
  /** Tunnelled requests a session carries at once; more are refused (429) until some are answered. */
  static final int MAX_STREAMS = 256;
  /** How long the agent has to answer a tunnelled request (504 {@code upstream_timeout} after). */
  static final long TUNNEL_TIMEOUT_MS = 30_000;

  /** What the presence table gets for a session. */
  record Presence(UUID clusterId, UUID sessionId, String agentVersion, Instant connectedAt, Instant lastSeenAt,
                  Instant disconnectedAt) {
  }

  private final AgentGateway gateway;
  private final ServerWebSocket socket;
  private final UUID clusterId;
  private final UUID sessionId = UUID.randomUUID();
  private final Instant connectedAt;
  private volatile String agentVersion;
  private volatile Instant lastSeenAt;
  private volatile Instant disconnectedAt;
  private MessageConsumer<String> deliveries;
  private MessageConsumer<String> tunnel;
  /** Open tunnelled requests by stream id; touched only on the connection's event loop. */
  private final Map<String, Pending> streams = new HashMap<>();
  private long lastStream;
  /** The periodic keep-alive of the open streams; -1 while none is open. */
  private long keepAlive = -1;

  /**
   * A tunnelled request: the bus message to reply to and its timeout until the answer begins; for an answer
   * that may be streamed, the stream's key (its bus addresses) and the consumer of the reader's control
   * frames. {@code open} once the agent began a streamed answer (no timeout then).
   */
  private static final class Pending {
    final Message<String> message;
    final long timer;
    final UUID stream;
    MessageConsumer<String> control;
    boolean open;

    Pending(final Message<String> message, final long timer, final UUID stream) {
      this.message = message;
      this.timer = timer;
      this.stream = stream;
    }
  }

  AgentSession(final AgentGateway gateway, final ServerWebSocket socket, final UUID clusterId, final Instant now) {
    this.gateway = gateway;
    this.socket = socket;
    this.clusterId = clusterId;
    this.connectedAt = now;
    this.lastSeenAt = now;
  }

  UUID clusterId() {
    return clusterId;
  }

  UUID sessionId() {
    return sessionId;
  }

  String agentVersion() {
    return agentVersion;
  }

  /** Null until the agent said hello: a session that never did is not shown anywhere. */
  Presence presence() {
    final String version = agentVersion;
    return version == null ? null
        : new Presence(clusterId, sessionId, version, connectedAt, lastSeenAt, disconnectedAt);
  }

  void start() {
    socket.textMessageHandler(this::onText);
    socket.binaryMessageHandler(b -> reject(new FrameException(Reason.MALFORMED, "binary frames are not used")));
    socket.closeHandler(v -> onClosed());
    socket.exceptionHandler(e -> LOG.debug("agent link error [cluster: {}]: {}", clusterId, e.getMessage()));
  }

  void send(final Frame frame) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(Frames.encode(frame));
    }
  }

  void close(final short code, final String reason) {
    if (!socket.isClosed()) {
      // A close frame's reason is at most 123 bytes.
      socket.close(code, reason.length() > 120 ? reason.substring(0, 120) : reason);
    }
  }

  void drain(final long delayMillis) {
    send(new Drain(delayMillis, "gateway shutting down"));
    close(CLOSE_GOING_AWAY, "drain");
  }

  private void onText(final String text) {
    final Frame frame;
    try {
      frame = Frames.decode(text, gateway.maxFrameBytes());
    } catch (FrameException e) {
      reject(e);
      return;
    }
    lastSeenAt = gateway.now();
    if (agentVersion == null && !(frame instanceof Hello)) {
      reject(new FrameException(Reason.UNEXPECTED, "the first frame must be hello, not " + frame.kind().wire()));
      return;
    }
    if (frame instanceof Hello hello) {
      onHello(hello);
    } else if (frame instanceof Telemetry telemetry) {
      gateway.telemetry(this, telemetry);
    } else if (frame instanceof ApplyReport report) {
      gateway.recordApplyReport(clusterId, report)
          .onFailure(e -> LOG.warn("apply report of cluster {} not recorded: {}", clusterId, e.getMessage()));
    } else if (frame instanceof ConsoleResponse response) {
      answered(response);
    } else if (frame instanceof ConsoleOpen open) {
      opened(open);
    } else if (frame instanceof Console console) {
      streamEvent(console);
    } else if (!(frame instanceof Heartbeat)) {
      reject(new FrameException(Reason.UNEXPECTED, "agents do not send " + frame.kind().wire() + " frames"));
    }
  }

  private void onHello(final Hello hello) {
    if (agentVersion != null) {
      reject(new FrameException(Reason.UNEXPECTED, "hello was already said"));
      return;
    }
    agentVersion = hello.agentVersion();
    gateway.register(this);
    deliveries = gateway.vertx().eventBus().<String>consumer(Addresses.agentDeliver(clusterId),
        m -> socket.writeTextMessage(m.body()));
    tunnel = gateway.vertx().eventBus().<String>consumer(Addresses.agentTunnel(clusterId), this::onTunnel);
    send(new Welcome(sessionId.toString(), gateway.heartbeatSeconds(), AgentGateway.TELEMETRY_SECONDS));
    // The session's row is written before the desired state is sent (with the rows of the sessions that
    // said hello meanwhile, not at the next presence flush), so the apply report that answers it has a row
    // to land in. The desired state is read only once the delivery address is known to every process: a
    // task that committed a revision before the read is seen by it, and one that commits after sends to
    // an address that now has a consumer, so no revision falls between.
    deliveries.completion().compose(v -> gateway.writePresence(this))
        .compose(v -> gateway.desiredState(clusterId)).onSuccess(d -> {
          if (d != null) {
            send(d);
          }
        })
        .onFailure(e -> LOG.warn("desired state of cluster {} not sent: {}", clusterId, e.getMessage()));
  }

  /**
   * A tunnelled request from the bus: sent to the agent under a stream id of this session; the reply is
   * the agent's response frame, or for a streamed answer its {@code open} frame, after which the stream's
   * frames go to {@link Addresses#tunnelStream} and the reader's credit and cancel come back on
   * {@link Addresses#tunnelStreamControl}. Fails with 400 (not a request), 413 (larger than a frame), 429
   * (too many open streams), 503 {@code cluster_disconnected} (the link closed first) or 504
   * {@code upstream_timeout}.
   */
  private void onTunnel(final Message<String> message) {
    final ConsoleRequest request;
    try {
      request = (ConsoleRequest) Frames.decode(message.body(), Integer.MAX_VALUE);
    } catch (FrameException | ClassCastException e) {
      message.fail(400, "not a console request frame");
      return;
    }
    if (socket.isClosed()) {
      message.fail(503, "cluster_disconnected");
      return;
    }
    if (streams.size() >= MAX_STREAMS) {
      message.fail(429, "too many open streams on the cluster's link (" + MAX_STREAMS + ")");
      return;
    }
    final String key = message.headers().get(Addresses.STREAM_HEADER);
    final UUID stream = key == null || request.window() <= 0 ? null : UUID.fromString(key);
    final String streamId = Long.toString(++lastStream);
    // Without a stream key there is nowhere to send a streamed answer: the agent answers in one response.
    final String text = Frames.encode(stream == null ? new ConsoleRequest(streamId, request.method(), request.path(),
        request.headers(), request.body()) : request.withStreamId(streamId));
    if (text.getBytes(StandardCharsets.UTF_8).length > gateway.maxFrameBytes()) {
      message.fail(413, "the request is larger than one frame of the agent link (" + gateway.maxFrameBytes()
          + " bytes)");
      return;
    }
    final long timer = gateway.vertx().setTimer(TUNNEL_TIMEOUT_MS, t -> {
      final Pending pending = streams.get(streamId);
      if (pending != null && !pending.open) {
        send(new Console(streamId, Console.CLOSE, "timeout"));
        failStream(streamId, 504, "upstream_timeout");
      }
    });
    final Pending pending = new Pending(message, timer, stream);
    streams.put(streamId, pending);
    if (stream == null) {
      socket.writeTextMessage(text);
      return;
    }
    // The reader's credit must find this consumer wherever it runs: the request goes out once it is known.
    pending.control = gateway.vertx().eventBus().<String>consumer(Addresses.tunnelStreamControl(stream),
        m -> control(streamId, m.body()));
    pending.control.completion().onComplete(done -> {
      if (streams.get(streamId) == pending && !socket.isClosed()) {
        socket.writeTextMessage(text);
      }
    });
  }

  private void answered(final ConsoleResponse response) {
    final Pending pending = streams.get(response.streamId());
    if (pending != null && !pending.open) {
      streams.remove(response.streamId());
      release(pending);
      pending.message.reply(Frames.encode(response));
    }
  }

  /** The agent begins a streamed answer: the API learns its status, the bytes follow on the stream's address. */
  private void opened(final ConsoleOpen open) {
    final Pending pending = streams.get(open.streamId());
    if (pending == null || pending.open) {
      return;
    }
    if (pending.stream == null) {
      // A stream nobody asked for: the agent is told to stop it.
      send(new Console(open.streamId(), Console.CLOSE, "not a streamed request"));
      failStream(open.streamId(), 502, "the agent streamed an answer to a request that was not streamed");
      return;
    }
    pending.open = true;
    gateway.vertx().cancelTimer(pending.timer);
    pending.message.reply(Frames.encode(open));
    keepAlive(pending);
    if (keepAlive == -1) {
      keepAlive = gateway.vertx().setPeriodic(Frames.STREAM_KEEPALIVE_MS, t -> keepAlive());
    }
  }

  /**
   * Tells the reader of each open stream that this session still holds it: a reader in another process
   * so learns that this one died (its link cannot say so) and ends the stream. Stops with the last stream.
   */
  private void keepAlive() {
    boolean any = false;
    for (Pending pending : streams.values()) {
      if (pending.open) {
        keepAlive(pending);
        any = true;
      }
    }
    if (!any) {
      gateway.vertx().cancelTimer(keepAlive);
      keepAlive = -1;
    }
  }

  private void keepAlive(final Pending pending) {
    gateway.vertx().eventBus().send(Addresses.tunnelStream(pending.stream),
        Frames.encode(new Console("0", Console.KEEPALIVE, null)));
  }

  /** A data or close frame of the agent's: passed on to the stream's reader; a close ends the stream here. */
  private void streamEvent(final Console console) {
    final Pending pending = streams.get(console.streamId());
    if (pending == null) {
      return;
    }
    if (!pending.open) {
      if (Console.CLOSE.equals(console.event())) {
        failStream(console.streamId(), 502, "agent_closed_stream: " + console.data());
      }
      return;
    }
    gateway.vertx().eventBus().send(Addresses.tunnelStream(pending.stream), Frames.encode(console));
    if (Console.CLOSE.equals(console.event())) {
      streams.remove(console.streamId());
      release(pending);
    }
  }

  /** The reader's credit (passed on to the agent) or cancel (the agent is told to stop, the stream ends). */
  private void control(final String streamId, final String body) {
    final Pending pending = streams.get(streamId);
    if (pending == null) {
      return;
    }
    final Frame frame;
    try {
      frame = Frames.decode(body, Integer.MAX_VALUE);
    } catch (FrameException e) {
      return;
    }
    if (frame instanceof ConsoleCredit credit) {
      send(new ConsoleCredit(streamId, credit.bytes()));
    } else if (frame instanceof Console console && Console.CLOSE.equals(console.event())) {
      send(new Console(streamId, Console.CLOSE, "canceled"));
      streams.remove(streamId);
      gateway.vertx().cancelTimer(pending.timer);
      release(pending);
      if (!pending.open) {
        pending.message.fail(499, "canceled");
      }
    }
  }

  private void failStream(final String streamId, final int code, final String reason) {
    final Pending pending = streams.remove(streamId);
    if (pending != null) {
      gateway.vertx().cancelTimer(pending.timer);
      release(pending);
      if (pending.open) {
        gateway.vertx().eventBus().send(Addresses.tunnelStream(pending.stream),
            Frames.encode(new Console(streamId, Console.CLOSE, reason)));
      } else {
        pending.message.fail(code, reason);
      }
    }
  }

  private static void release(final Pending pending) {
    if (pending.control != null) {
      pending.control.unregister();
    }
  }

  private void reject(final FrameException e) {
    gateway.rejected(e.reason());
    LOG.info("agent frame refused, closing its link [cluster: {}, reason: {}]: {}", clusterId, e.reason().label(),
        e.getMessage());
    close(e.reason() == Reason.OVERSIZE ? CLOSE_TOO_BIG : CLOSE_POLICY, e.reason().label() + ": " + e.getMessage());
  }

  private void onClosed() {
    disconnectedAt = gateway.now();
    if (deliveries != null) {
      deliveries.unregister();
    }
    if (tunnel != null) {
      tunnel.unregister();
    }
    // Every open request learns at once that its cluster went away, not after its timeout.
    new ArrayList<>(streams.keySet()).forEach(id -> failStream(id, 503, "cluster_disconnected"));
    if (keepAlive != -1) {
      gateway.vertx().cancelTimer(keepAlive);
      keepAlive = -1;
    }
    gateway.ended(this);
  }
}
