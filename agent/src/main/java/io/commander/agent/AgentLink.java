package io.commander.agent;

import io.commander.agent.protocol.Frame;
import io.commander.agent.protocol.Frame.Console;
import io.commander.agent.protocol.Frame.ConsoleCredit;
import io.commander.agent.protocol.Frame.ConsoleOpen;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.Drain;
import io.commander.agent.protocol.Frame.Heartbeat;
import io.commander.agent.protocol.Frame.Hello;
import io.commander.agent.protocol.Frame.Telemetry;
import io.commander.agent.protocol.Frame.Welcome;
import io.commander.agent.protocol.FrameException;
import io.commander.agent.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.http.WebSocketClientOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's link to the gateway: connects, says hello, sends heartbeats and telemetry, hands
 * desired state to its backend, and reconnects with jittered exponential backoff (reset after a
 * healthy connection), after a drain's delay, or after a 503's Retry-After. Runs entirely on the
 * event loop of the Vert.x it is given, so thousands share one Vert.x and one websocket client.
 */
public final class AgentLink {

  private static final Logger LOG = LoggerFactory.getLogger(AgentLink.class);
  /** A connection that lasted this long was healthy: the next failure starts the backoff over. */
  private static final Duration HEALTHY = Duration.ofSeconds(30);
  /** How long an upgrade may stay unanswered before the link tries again: longer than a connect may
   * take when a herd overflows the gateway's accept queue (SYN retries, the client's 60 s connect timeout). */
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(120);
  /** Websockets one client may hold to one gateway: more than any fleet one JVM runs. */
  private static final int MAX_LINKS = 1_000_000;

  private final Vertx vertx;
  private final WebSocketClient client;
  private final AgentSettings settings;
  private final AgentBackend backend;
  private final Stats stats;
  private final AtomicLong seq = new AtomicLong();
  private volatile WebSocket socket;
  private volatile boolean stopped;
  private volatile boolean welcomed;
  private volatile long connects;
  private volatile Consumer<Telemetry> telemetrySent = t -> { };
  private int failures;
  private long attempts;
  private long heartbeatTimer = -1;
  private long telemetryTimer = -1;
  private long reconnectTimer = -1;
  private Instant connectedAt;
  /** Tunnelled requests of the current connection being answered; a cancelled one is answered no more. */
  private final java.util.Set<String> streams = new java.util.HashSet<>();
  /** Streamed answers of the current connection, by stream id; touched only on the event loop. */
  private final Map<String, Streamed> streamed = new java.util.HashMap<>() {
    @Override
    public Streamed put(final String key, final Streamed value) {
      final Streamed before = super.put(key, value);
      openStreams = size();
      return before;
    }

    @Override
    public Streamed remove(final Object key) {
      final Streamed before = super.remove(key);
      openStreams = size();
      return before;
    }

    @Override
    public void clear() {
      super.clear();
      openStreams = 0;
    }
  };
  private volatile int openStreams;

  public AgentLink(final Vertx vertx, final WebSocketClient client, final AgentSettings settings,
                   final AgentBackend backend) {
    this(vertx, client, settings, backend, new Stats());
  }

  /** A link that also counts what happens to it in {@code stats}, which many links may share. */
  public AgentLink(final Vertx vertx, final WebSocketClient client, final AgentSettings settings,
                   final AgentBackend backend, final Stats stats) {
    this.vertx = vertx;
    this.client = client;
    this.settings = settings;
    this.backend = backend;
    this.stats = stats;
    // Reports the backend sends on its own (after it restored resources) go out like answers to desired
    // state, on the link's event loop; while disconnected they are dropped (a reconnect brings a new one).
    backend.onReport(report -> vertx.runOnContext(v -> send(report)));
  }

  /**
   * What happened to a set of links, counted as it happens (thread-safe): connections the gateway
   * welcomed, attempts it refused (401/403), told to come back later (503 and other statuses), that
   * failed without an answer (refused, reset, timed out), whose upgrade was accepted but never answered,
   * drains, and links replaced by a newer agent.
   */
  public static final class Stats {
    public final LongAdder welcomes = new LongAdder();
    public final LongAdder refused = new LongAdder();
    public final LongAdder throttled = new LongAdder();
    public final LongAdder failed = new LongAdder();
    public final LongAdder unanswered = new LongAdder();
    public final LongAdder closed = new LongAdder();
    public final LongAdder drained = new LongAdder();
    public final LongAdder replaced = new LongAdder();
    /** Times a streamed answer was paused because its reader's credit ran out. */
    public final LongAdder streamPauses = new LongAdder();
  }

  /** Called on the event loop with each telemetry frame just written to the gateway. */
  public void onTelemetrySent(final Consumer<Telemetry> listener) {
    this.telemetrySent = listener;
  }

  /**
   * A websocket client for links to the gateway, trusting the given CA when there is one. One client
   * serves any number of links: Vert.x's default of 50 websockets per server would queue the 51st
   * link's connect until another closes.
   */
  public static WebSocketClient client(final Vertx vertx, final String caBundle) {
    return client(vertx, caBundle, true);
  }

  /** The same; {@code verifyHost} false only for a process dialling its own port on the loopback address. */
  public static WebSocketClient client(final Vertx vertx, final String caBundle, final boolean verifyHost) {
    final WebSocketClientOptions options = new WebSocketClientOptions().setMaxMessageSize(Frames.DEFAULT_MAX_BYTES)
        .setMaxFrameSize(Frames.DEFAULT_MAX_BYTES).setMaxConnections(MAX_LINKS).setVerifyHost(verifyHost);
    if (caBundle != null && !caBundle.isBlank()) {
      options.setTrustOptions(new PemTrustOptions().addCertValue(Buffer.buffer(caBundle)));
    }
    return vertx.createWebSocketClient(options);
  }

  public void start() {
    vertx.runOnContext(v -> connect());
  }

  /** Closes the link and stops reconnecting. */
  public void stop() {
    stopped = true;
    vertx.runOnContext(v -> {
      vertx.cancelTimer(reconnectTimer);
      cancelTimers();
      cancelStreams();
      if (socket != null) {
        socket.close();
      }
    });
  }

  /** Whether the link gave up for good (stopped, or replaced by a newer agent). */
  public boolean stopped() {
    return stopped;
  }

  /** Whether the gateway welcomed the current connection, and it is still open. */
  public boolean connected() {
    final WebSocket ws = socket;
    return welcomed && ws != null && !ws.isClosed();
  }

  /** Streamed answers open on the current connection (a stream's id is free again once it ended). */
  public int openStreams() {
    return openStreams;
  }

  /** How many times the link has connected. */
  public long connects() {
    return connects;
  }

  private void connect() {
    if (stopped) {
      return;
    }
    final WebSocketConnectOptions options = new WebSocketConnectOptions().setAbsoluteURI(settings.connectUrl().toString())
        .putHeader(HttpHeaders.AUTHORIZATION, "Bearer " + settings.token());
    // A gateway that accepted the connection but never answers the upgrade (one going away, or one
    // whose upgrade failed) would hold the link for good: give up after a while and try again.
    final long attempt = ++attempts;
    final long watchdog = vertx.setTimer(HANDSHAKE_TIMEOUT.toMillis(), t -> {
      if (attempts == attempt) {
        attempts++;
        stats.unanswered.increment();
        LOG.info("the gateway did not answer the agent link's upgrade within {} s", HANDSHAKE_TIMEOUT.toSeconds());
        reconnectAfter(backoff());
      }
    });
    client.connect(options).onComplete(done -> {
      vertx.cancelTimer(watchdog);
      if (attempts != attempt) {
        // Answered after the watchdog gave up on it: another attempt is under way.
        if (done.succeeded()) {
          done.result().close();
        }
        return;
      }
      if (done.succeeded()) {
        opened(done.result());
      } else {
        failed(done.cause());
      }
    });
  }

  private void failed(final Throwable e) {
    long retryAfter = -1;
    if (e instanceof UpgradeRejectedException rejected) {
      final String header = rejected.getHeaders() == null ? null : rejected.getHeaders().get("Retry-After");
      if (header != null && header.matches("\\d+")) {
        // Up to a second more at random: agents turned away in the same instant do not come back in one.
        retryAfter = Long.parseLong(header) * 1000 + ThreadLocalRandom.current().nextLong(1000);
      }
      (rejected.getStatus() == 401 || rejected.getStatus() == 403 ? stats.refused : stats.throttled).increment();
      LOG.info("gateway refused the agent link ({})", rejected.getStatus());
    } else {
      stats.failed.increment();
      LOG.info("agent link failed: {}", e.getMessage());
    }
    reconnectAfter(retryAfter >= 0 ? retryAfter : backoff());
  }

  private void opened(final WebSocket ws) {
    if (stopped) {
      ws.close();
      return;
    }
    socket = ws;
    welcomed = false;
    streams.clear();
    cancelStreams();
    connects++;
    connectedAt = Instant.now();
    ws.textMessageHandler(this::onText);
    ws.closeHandler(v -> closed(ws));
    ws.exceptionHandler(e -> LOG.debug("agent link error: {}", e.getMessage()));
    send(new Hello(AgentSettings.VERSION, backend.name()));
  }

  private void onText(final String text) {
    final Frame frame;
    try {
      frame = Frames.decode(text, Frames.DEFAULT_MAX_BYTES);
    } catch (FrameException e) {
      LOG.warn("gateway sent a frame the agent cannot read ({}), reconnecting", e.getMessage());
      socket.close();
      return;
    }
    if (frame instanceof Welcome welcome) {
      welcomed = true;
      stats.welcomes.increment();
      startTimers(welcome);
    } else if (frame instanceof DesiredState desired) {
      backend.apply(desired, Instant.now()).onSuccess(this::send)
          .onFailure(e -> LOG.warn("desired state of revision {} not applied: {}", desired.revision(), e.getMessage()));
    } else if (frame instanceof ConsoleRequest request) {
      if (request.window() > 0) {
        stream(request);
      } else {
        tunnel(request);
      }
    } else if (frame instanceof ConsoleCredit credit) {
      final Streamed stream = streamed.get(credit.streamId());
      if (stream != null) {
        stream.credit(credit.bytes());
      }
    } else if (frame instanceof Console console && Console.CLOSE.equals(console.event())) {
      streams.remove(console.streamId());
      final Streamed stream = streamed.remove(console.streamId());
      if (stream != null) {
        stream.cancel();
      }
    } else if (frame instanceof Drain drain) {
      LOG.info("gateway drains the agent link; reconnecting in {} ms", drain.delayMillis());
      final WebSocket ws = socket;
      socket = null;
      welcomed = false;
      stats.drained.increment();
      cancelTimers();
      cancelStreams();
      ws.closeHandler(null);
      ws.close();
      // A drained connection ends like any other: a healthy one starts the backoff over, or the
      // failures of an earlier outage would stretch the delays after this one.
      resetBackoffIfHealthy();
      reconnectAfter(drain.delayMillis());
    }
  }

  /** Answers one tunnelled request on this connection (not after it was cancelled or the link reconnected). */
  private void tunnel(final ConsoleRequest request) {
    final WebSocket ws = socket;
    streams.add(request.streamId());
    backend.kubernetes(request)
        .recover(e -> Future.succeededFuture(KubeStatus.response(request.streamId(), 502, "agent_request_failed",
            "the agent could not make the request: " + e.getMessage())))
        .onComplete(done -> vertx.runOnContext(v -> {
          if (streams.remove(request.streamId()) && socket == ws) {
            send(done.result());
          }
        }));
  }

  /** Starts a request whose answer may be streamed, within the credit the gateway granted. */
  private void stream(final ConsoleRequest request) {
    final Streamed stream = new Streamed(request.streamId(), socket, request.window());
    streamed.put(request.streamId(), stream);
    stream.source = backend.stream(request, stream);
    if (stream.cancelled) {
      stream.source.cancel();
    }
  }

  /** Every streamed answer of a connection that ended: nobody reads them any more. */
  private void cancelStreams() {
    final java.util.List<Streamed> open = new java.util.ArrayList<>(streamed.values());
    streamed.clear();
    open.forEach(Streamed::cancel);
  }

  /**
   * One streamed answer: what the backend produces goes out in frames of at most
   * {@link Frames#MAX_STREAM_CHUNK_BYTES}, each using up credit; with none left the source is paused until
   * the gateway grants more. The sink's calls come from the backend's threads and are taken over on the
   * event loop in the order they came.
   */
  private final class Streamed implements AgentBackend.StreamSink {
    private final String id;
    private final WebSocket ws;
    private long credit;
    private boolean paused;
    private boolean cancelled;
    private AgentBackend.StreamSource source = AgentBackend.StreamSource.NONE;
    /**
     * The link's own context: {@code vertx.runOnContext} from the backend's threads would pick a context
     * per thread, and the stream's bytes could overtake each other on different event loops.
     */
    private final io.vertx.core.Context context = vertx.getOrCreateContext();

    Streamed(final String id, final WebSocket ws, final long credit) {
      this.id = id;
      this.ws = ws;
      this.credit = credit;
    }

    private boolean live() {
      return !cancelled && socket == ws && streamed.get(id) == this;
    }

    @Override
    public void respond(final ConsoleResponse response) {
      context.runOnContext(v -> {
        if (live()) {
          streamed.remove(id);
          send(response);
        }
      });
    }

    @Override
    public void open(final int status, final Map<String, String> headers) {
      context.runOnContext(v -> {
        if (live()) {
          send(new ConsoleOpen(id, status, headers));
        }
      });
    }

    @Override
    public void data(final byte[] bytes) {
      context.runOnContext(v -> {
        if (!live()) {
          return;
        }
        for (int from = 0; from < bytes.length; from += Frames.MAX_STREAM_CHUNK_BYTES) {
          final int to = Math.min(bytes.length, from + Frames.MAX_STREAM_CHUNK_BYTES);
          send(Console.data(id, java.util.Arrays.copyOfRange(bytes, from, to)));
        }
        credit -= bytes.length;
        if (credit <= 0 && !paused) {
          paused = true;
          stats.streamPauses.increment();
          source.pause();
        }
      });
    }

    @Override
    public void end(final String reason) {
      context.runOnContext(v -> {
        if (live()) {
          streamed.remove(id);
          send(new Console(id, Console.CLOSE, reason));
        }
      });
    }

    void credit(final long bytes) {
      credit += bytes;
      if (paused && credit > 0) {
        paused = false;
        source.resume();
      }
    }

    void cancel() {
      cancelled = true;
      source.cancel();
    }
  }

  private void startTimers(final Welcome welcome) {
    cancelTimers();
    heartbeatTimer = vertx.setPeriodic(welcome.heartbeatSeconds() * 1000L, t -> send(new Heartbeat(Instant.now())));
    // Every source once on connect, then changes: each telemetry period, and at once when the backend
    // says a source moved (it is asked every heartbeat; unchanged sources are never sent).
    backend.allSources(Instant.now()).onSuccess(this::sendTelemetry);
    final long period = Math.min(welcome.telemetrySeconds(), welcome.heartbeatSeconds()) * 1000L;
    telemetryTimer = vertx.setPeriodic(period, t -> backend.changedSources(Instant.now()).onSuccess(this::sendTelemetry));
  }

  private void sendTelemetry(final Map<String, JsonObject> sources) {
    if (!sources.isEmpty()) {
      final Telemetry telemetry = new Telemetry(seq.incrementAndGet(), Instant.now(), sources);
      if (send(telemetry)) {
        telemetrySent.accept(telemetry);
      }
    }
  }

  private boolean send(final Frame frame) {
    final WebSocket ws = socket;
    if (ws != null && !ws.isClosed()) {
      ws.writeTextMessage(Frames.encode(frame));
      return true;
    }
    return false;
  }

  private void closed(final WebSocket ws) {
    if (socket != ws) {
      return;
    }
    socket = null;
    welcomed = false;
    cancelTimers();
    cancelStreams();
    if (ws.closeStatusCode() != null && ws.closeStatusCode() == Frames.CLOSE_REPLACED) {
      stats.replaced.increment();
      // Another agent of the same cluster holds the link now (a newer pod): coming back would only
      // take it away again, back and forth.
      LOG.info("a newer agent of this cluster replaced this one; the link stays closed");
      stopped = true;
      return;
    }
    if (stopped) {
      return;
    }
    stats.closed.increment();
    resetBackoffIfHealthy();
    reconnectAfter(backoff());
  }

  private void resetBackoffIfHealthy() {
    if (connectedAt != null && Duration.between(connectedAt, Instant.now()).compareTo(HEALTHY) >= 0) {
      failures = 0;
    }
  }

  /** Full jitter: a random delay up to base * 2^failures, capped, so a fleet does not come back in step. */
  private long backoff() {
    final long ceiling = Math.min(settings.backoffCap().toMillis(),
        settings.backoffBase().toMillis() << Math.min(failures, 20));
    failures++;
    return ThreadLocalRandom.current().nextLong(Math.max(1, ceiling) + 1);
  }

  private void reconnectAfter(final long millis) {
    if (stopped) {
      return;
    }
    reconnectTimer = vertx.setTimer(Math.max(1, millis), t -> connect());
  }

  private void cancelTimers() {
    vertx.cancelTimer(heartbeatTimer);
    vertx.cancelTimer(telemetryTimer);
  }
}
