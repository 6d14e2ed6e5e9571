package io.commander.gateway;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.Telemetry;
import io.commander.agent.protocol.FrameException;
import io.commander.core.config.CommanderConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.kafka.client.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.vertx.micrometer.backends.BackendRegistries;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' side of Commander in one process: admits websockets on {@code GET /agent/v1/connect},
 * keeps one session per cluster, writes their presence in batches, produces their telemetry to Kafka
 * and tells them to go elsewhere when the process stops. Shared by every HTTP server instance.
 */
public final class AgentGateway {

  private static final Logger LOG = LoggerFactory.getLogger(AgentGateway.class);
  public static final String PATH = "/agent/v1/connect";
  public static final String TELEMETRY_TOPIC = "commander.telemetry.v1";
  static final int TELEMETRY_SECONDS = 30;
  private static final String BEARER = "Bearer ";

  private final Vertx vertx;
  private final CommanderConfig.AgentGateway settings;
  private final AgentDirectory directory;
  private final Map<String, String> producerConfig;
  private final String topic;
  private final String gatewayId;
  private final Clock clock;
  private final PresenceStore presence;
  private final TokenBucket admission;
  // Every database question of an admission is asked in batches (see Batcher): a reconnect storm of
  // thousands of agents is a few dozen statements, and holds at most one or two pooled connections each.
  private final Batcher<String, UUID> tokens;
  private final Batcher<AgentSession.Presence, Void> hellos;
  private final Batcher<UUID, DesiredState> desired;
  private final Batcher<Map.Entry<UUID, ApplyReport>, Void> reports;
  private final Map<UUID, AgentSession> sessions = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<AgentSession.Presence> ended = new ConcurrentLinkedQueue<>();
  private final Map<FrameException.Reason, Counter> rejected = new EnumMap<>(FrameException.Reason.class);
  private final Counter refusedTokens;
  private final Counter throttled;
  private KafkaProducer<String, String> producer;
  // Telemetry goes to the producer from one worker thread, many records per hand-over: a record per
  // worker task would have every event loop contend for the worker's queue thousands of times a second.
  private final ConcurrentLinkedQueue<ProducerRecord<String, String>> outgoing = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean handingOver = new AtomicBoolean();
  private WorkerExecutor kafkaWorker;
  private long flushTimer = -1;
  private volatile boolean stopping;

  /**
   * @param kafkaBootstrap the brokers telemetry goes to
   * @param topic {@link #TELEMETRY_TOPIC} (another name only in tests)
   * @param gatewayId this process's gateway, recorded beside each session
   */
  public AgentGateway(final Vertx vertx, final Pool pool, final CommanderConfig.AgentGateway settings,
                      final AgentDirectory directory, final String kafkaBootstrap, final String topic,
                      final String gatewayId, final Clock clock) {
    this.vertx = vertx;
    this.settings = settings;
    this.directory = directory;
    this.topic = topic;
    this.gatewayId = gatewayId;
    this.clock = clock;
    this.presence = new PresenceStore(pool, gatewayId, settings.offlineAfter());
    this.admission = new TokenBucket(settings.admissionRate(), System.nanoTime());
    this.tokens = new Batcher<>(vertx, 500, 10, 2, directory::authenticate);
    this.hellos = new Batcher<>(vertx, 1000, 50, 1, batch -> presence.write(batch).map(v -> Map.of()));
    this.desired = new Batcher<>(vertx, 200, 20, 2, directory::desiredStates);
    this.reports = new Batcher<>(vertx, 1000, 100, 1, batch -> directory.recordApplyReports(batch).map(v -> Map.of()));
    // Batched and keyed by cluster, so one cluster's telemetry stays in order on one partition.
    this.producerConfig = Map.of("bootstrap.servers", kafkaBootstrap,
        "key.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "value.serializer", "org.apache.kafka.common.serialization.StringSerializer",
        "linger.ms", "50", "compression.type", "lz4", "acks", "1");
    final MeterRegistry registry = Optional.ofNullable(BackendRegistries.getDefaultNow())
        .orElseGet(SimpleMeterRegistry::new);
    for (FrameException.Reason reason : FrameException.Reason.values()) {
      rejected.put(reason, Counter.builder("commander.agent.frames.rejected")
          .description("Agent frames refused (the connection is closed)").tag("reason", reason.label())
          .register(registry));
    }
    refusedTokens = Counter.builder("commander.agent.connections.refused")
        .description("Agent connections refused for their token").register(registry);
    throttled = Counter.builder("commander.agent.connections.throttled")
        .description("Agent connections told to come back later by admission control").register(registry);
    Gauge.builder("commander.agent.sessions", sessions, Map::size)
        .description("Agent sessions this gateway holds").register(registry);
  }

  /** Starts the Kafka producer and the presence writes; called by the role's verticle. */
  Future<Void> start() {
    producer = KafkaProducer.createShared(vertx, "agent-gateway-" + gatewayId, producerConfig);
    kafkaWorker = vertx.createSharedWorkerExecutor("agent-gateway-kafka", 1);
    flushTimer = vertx.setPeriodic(settings.presenceInterval().toMillis(), t -> flush());
    return Future.succeededFuture();
  }

  /** Sends every agent away with spread delays, records them disconnected, and closes the producer. */
  Future<Void> stop() {
    stopping = true;
    vertx.cancelTimer(flushTimer);
    final long spread = Math.max(1, settings.drainSpread().toMillis());
    new ArrayList<>(sessions.values()).forEach(s -> s.drain(ThreadLocalRandom.current().nextLong(spread)));
    final Instant now = now();
    sessions.values().forEach(s -> {
      final AgentSession.Presence p = s.presence();
      if (p != null) {
        ended.add(new AgentSession.Presence(p.clusterId(), p.sessionId(), p.agentVersion(), p.connectedAt(),
            p.lastSeenAt(), now));
      }
    });
    sessions.clear();
    if (producer == null) {
      return flush();
    }
    // What was handed in before the stop still goes out; closing the producer sends what it holds.
    return flush().eventually(() -> kafkaWorker.executeBlocking(this::sendOutgoing))
        .eventually(() -> producer.close()).eventually(() -> kafkaWorker.close());
  }

  /** The connect route: token and admission checked before the upgrade. */
  void connect(final RoutingContext ctx) {
    final HttpServerRequest request = ctx.request();
    final String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null || !authorization.startsWith(BEARER)) {
      refuse(ctx);
      return;
    }
    if (stopping || backlog() >= settings.admissionRate() || !admission.tryTake(System.nanoTime())) {
      // Over the rate, or the database answers the admissions under way more slowly than they come
      // (its pool has waiters, so the batches queue): come back later rather than wait in the pool
      // until a timeout makes an error of it.
      if (!stopping) {
        throttled.increment();
      }
      retryLater(ctx);
      return;
    }
    request.pause();
    tokens.get(directory.tokenHash(authorization.substring(BEARER.length()).trim())).onComplete(found -> {
      request.resume();
      if (found.failed()) {
        LOG.warn("agent token check failed: {}", found.cause().getMessage());
        retryLater(ctx);
      } else if (found.result() == null) {
        refuse(ctx);
      } else {
        final UUID clusterId = found.result();
        request.toWebSocket().onSuccess(socket -> new AgentSession(this, socket, clusterId, now()).start())
            .onFailure(e -> {
              // Nothing answered the agent: close the connection rather than leave it waiting.
              LOG.info("agent websocket upgrade failed, closing the connection [cluster: {}]: {}", clusterId,
                  e.toString());
              request.connection().close();
            });
      }
    });
  }

  /** 503 with a Retry-After spread over a few seconds, so a herd does not come back at the same instant. */
  private static void retryLater(final RoutingContext ctx) {
    ctx.response().setStatusCode(503)
        .putHeader("Retry-After", String.valueOf(1 + ThreadLocalRandom.current().nextInt(5))).end();
  }

  /** Admission questions waiting for the database or being answered. */
  int backlog() {
    return tokens.pending() + hellos.pending() + desired.pending();
  }

  private void refuse(final RoutingContext ctx) {
    refusedTokens.increment();
    ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end();
  }

  /** A session said hello: it becomes its cluster's one session, replacing an older one. */
  void register(final AgentSession session) {
    final AgentSession older = sessions.put(session.clusterId(), session);
    if (older != null && older != session) {
      older.close(io.commander.agent.protocol.Frames.CLOSE_REPLACED, "replaced by a newer session");
    }
  }

  /** A session's socket closed: its last presence is written by the next flush. */
  void ended(final AgentSession session) {
    sessions.remove(session.clusterId(), session);
    final AgentSession.Presence p = session.presence();
    if (p != null) {
      ended.add(p);
    }
  }

  void telemetry(final AgentSession session, final Telemetry telemetry) {
    if (producer == null) {
      return;
    }
    final JsonObject value = new JsonObject().put("version", 1).put("cluster_id", session.clusterId().toString())
        .put("agent_version", session.agentVersion()).put("session_id", session.sessionId().toString())
        .put("seq", telemetry.seq()).put("sent_at", telemetry.sentAt().toString())
        .put("received_at", now().toString()).put("sources", new JsonObject(new java.util.LinkedHashMap<>(
            telemetry.sources())));
    outgoing.add(new ProducerRecord<>(topic, session.clusterId().toString(), value.encode()));
    handOver();
  }

  /** One worker task at a time sends whatever is waiting; a record added meanwhile gets the next task. */
  private void handOver() {
    if (!outgoing.isEmpty() && !stopping && handingOver.compareAndSet(false, true)) {
      kafkaWorker.executeBlocking(this::sendOutgoing, false).onComplete(done -> {
        if (done.failed()) {
          LOG.warn("telemetry not handed to Kafka: {}", done.cause().getMessage());
        }
        handingOver.set(false);
        handOver();
      });
    }
  }

  /** On the Kafka worker: the producer batches and sends in the background (it blocks only when full). */
  private Void sendOutgoing() {
    final Producer<String, String> kafka = producer.unwrap();
    for (ProducerRecord<String, String> r; (r = outgoing.poll()) != null; ) {
      final String cluster = r.key();
      kafka.send(r, (metadata, e) -> {
        if (e != null) {
          LOG.warn("telemetry of cluster {} not produced: {}", cluster, e.getMessage());
        }
      });
    }
    return null;
  }

  void rejected(final FrameException.Reason reason) {
    rejected.get(reason).increment();
  }

  /** Writes a session's presence with the other sessions that said hello meanwhile. */
  Future<Void> writePresence(final AgentSession session) {
    final AgentSession.Presence p = session.presence();
    return p == null ? Future.succeededFuture() : hellos.get(p);
  }

  /** The cluster's desired state, read with those of the other sessions that asked meanwhile; null when none. */
  Future<DesiredState> desiredState(final UUID clusterId) {
    return desired.get(clusterId);
  }

  /** Records an agent's apply report with those of other sessions. */
  Future<Void> recordApplyReport(final UUID clusterId, final ApplyReport report) {
    return reports.get(Map.entry(clusterId, report));
  }

  /** One statement for every session of this gateway, and the ones that ended since the last flush. */
  Future<Void> flush() {
    final List<AgentSession.Presence> batch = new ArrayList<>();
    final Set<UUID> ended = new HashSet<>();
    for (AgentSession.Presence p; (p = this.ended.poll()) != null; ) {
      batch.add(p);
      ended.add(p.sessionId());
    }
    sessions.values().forEach(s -> {
      final AgentSession.Presence p = s.presence();
      if (p != null && !ended.contains(p.sessionId())) {
        batch.add(p);
      }
    });
    return presence.write(batch).onFailure(e -> LOG.warn("agent presence not written: {}", e.getMessage()));
  }

  int heartbeatSeconds() {
    // Heartbeats come often enough that a live agent is never older than offline-after.
    return (int) Math.max(1, Math.min(5, settings.offlineAfter().toSeconds() / 3));
  }

  int maxFrameBytes() {
    return settings.maxFrameBytes();
  }

  Vertx vertx() {
    return vertx;
  }

  Instant now() {
    return clock.instant();
  }
}
