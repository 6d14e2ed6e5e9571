package io.commander.server.events;

import io.commander.core.config.CommanderConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.kafka.client.producer.KafkaProducer;
import io.vertx.kafka.client.producer.KafkaProducerRecord;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the transactional outbox to Kafka. One relay of all publishes at a time: the one that
 * holds a session-level PostgreSQL advisory lock on a dedicated connection, which PostgreSQL
 * releases when that connection (or its process) dies; standby relays try to take it every
 * {@code outbox.takeover-interval}. The holder reads unpublished events in sequence order a batch at
 * a time, sends them as CloudEvents 1.0 (structured JSON) with an idempotent producer, waits for
 * every send, then marks what was sent published. While Kafka refuses it retries the same events
 * with a doubling wait (at most {@code outbox.retry-max}) and says so in its readiness details. A
 * relay that dies between sending and marking leaves its events to the next one, which sends them
 * again with the same ids (at least once). Published events are purged after the retention.
 *
 * <p>All of it runs on the verticle's event loop; the Kafka client's blocking calls run on its own
 * worker context (the Vert.x Kafka client), SQL on the reactive client.
 */
public final class OutboxRelay {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);
  private static final String LOCK_NAME = "commander.outbox-relay";
  private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(hashtext('" + LOCK_NAME + "')) AS locked";
  private static final String INSTALLATION = "SELECT id FROM installation";
  private static final String UNPUBLISHED = """
      SELECT sequence, id, type, subject, partition_key, workspace_id, data, created_at
      FROM outbox_events WHERE published_at IS NULL ORDER BY sequence LIMIT $1""";
  private static final String MARK = "UPDATE outbox_events SET published_at = now() WHERE sequence = ANY($1)";
  private static final String ATTEMPTED = "UPDATE outbox_events SET attempts = attempts + 1 WHERE sequence = ANY($1)";
  private static final String PENDING = """
      SELECT count(*) AS pending, extract(epoch FROM now() - min(created_at)) AS oldest
      FROM outbox_events WHERE published_at IS NULL""";
  private static final String PURGE = """
      DELETE FROM outbox_events WHERE sequence IN (
          SELECT sequence FROM outbox_events
          WHERE published_at IS NOT NULL AND published_at < now() - $1::int * interval '1 hour' LIMIT $2)""";
  // What the outbox fed that is kept as long as its events: commands' results (an id is run once within
  // the retention) and the log of finished webhook deliveries.
  private static final String PURGE_COMMANDS = "DELETE FROM commands WHERE handled_at < now() - $1::int * interval '1 hour'";
  private static final String PURGE_DELIVERIES = """
      DELETE FROM webhook_deliveries WHERE state <> 'pending' AND finished_at < now() - $1::int * interval '1 hour'""";
  private static final int PURGE_CHUNK = 10_000;
  private static final Duration RETRY_FIRST = Duration.ofMillis(500);
  private static final Duration METRICS_EVERY = Duration.ofSeconds(2);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);

  /** What the relay is doing. */
  public enum State {
    /** Another relay holds the lock (or none could be asked yet). */
    STANDBY("standby"),
    /** This relay holds the lock and publishes. */
    PUBLISHING("publishing"),
    /** This relay holds the lock and Kafka refuses its events; it retries. */
    RETRYING("retrying");

    private final String id;

    State(final String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final PgConnectOptions lockOptions;
  private final CommanderConfig.Outbox settings;
  private final Map<String, String> producerConfig;
  private final String relayId;
  private final Clock clock;
  private final OutboxMetrics metrics;
  private final AtomicLong pending = new AtomicLong();
  private final AtomicLong oldestSeconds = new AtomicLong();
  private KafkaProducer<String, String> producer;
  private String source;
  private PgConnection lockConnection;
  private boolean connecting;
  private volatile State state = State.STANDBY;
  private volatile String lastError;
  private volatile Instant failingSince;
  private Duration retryAfter = RETRY_FIRST;
  private boolean running;
  private boolean stopping;
  private final List<Long> timers = new ArrayList<>();
  private Runnable published = () -> { };
  private long loopTimer = -1;

  /**
   * @param lockOptions where the relay opens its own connection for the advisory lock
   * @param bootstrap Kafka's bootstrap servers
   * @param relayId this relay's name in logs and readiness details
   */
  public OutboxRelay(final Vertx vertx, final Pool pool, final PgConnectOptions lockOptions,
                     final CommanderConfig.Outbox settings, final String bootstrap, final String relayId,
                     final Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.lockOptions = lockOptions;
    this.settings = settings;
    this.relayId = relayId;
    this.clock = clock;
    this.metrics = new OutboxMetrics(pending, oldestSeconds);
    final long retryMs = settings.retryMax().toMillis();
    this.producerConfig = Map.ofEntries(
        Map.entry("bootstrap.servers", bootstrap),
        Map.entry("client.id", "commander-outbox-relay-" + relayId),
        Map.entry("key.serializer", "org.apache.kafka.common.serialization.StringSerializer"),
        Map.entry("value.serializer", "org.apache.kafka.common.serialization.StringSerializer"),
        // Exactly one copy per send and per-partition order across the producer's own retries.
        Map.entry("enable.idempotence", "true"),
        Map.entry("acks", "all"),
        Map.entry("max.in.flight.requests.per.connection", "5"),
        Map.entry("linger.ms", "5"),
        // A send that Kafka does not take within these fails, and the relay retries the batch later.
        Map.entry("max.block.ms", Long.toString(Math.max(1_000, Math.min(retryMs, 10_000)))),
        Map.entry("request.timeout.ms", "5000"),
        Map.entry("delivery.timeout.ms", "15000"),
        Map.entry("reconnect.backoff.max.ms", "2000"));
  }

  /**
   * Starts: reads this installation's id (the events' {@code source}), creates the producer and
   * tries to take the lock at once and then every takeover interval.
   *
   * @return a future that completes once the relay runs (publishing, or standing by); it fails when
   *     the installation cannot be read
   */
  public Future<Void> start() {
    return pool.query(INSTALLATION).execute().map(rows -> {
      source = "urn:commander:installation:" + rows.iterator().next().getUUID("id");
      producer = KafkaProducer.create(vertx, producerConfig);
      // A failed send fails its future, which the relay handles; without a handler the producer would also
      // report each failure as an unhandled exception.
      producer.exceptionHandler(e -> LOG.debug("outbox event send failed: {}", e.getMessage()));
      running = true;
      timers.add(vertx.setPeriodic(settings.takeoverInterval().toMillis(), t -> tryLock()));
      timers.add(vertx.setPeriodic(METRICS_EVERY.toMillis(), t -> refreshPending()));
      if (settings.retentionHours() > 0) {
        timers.add(vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), PURGE_EVERY.toMillis(), t -> {
          if (state != State.STANDBY) {
            purge();
          }
        }));
      }
      tryLock();
      refreshPending();
      LOG.info("outbox relay started [relay: {}, topic: {}, source: {}]", relayId, settings.topic(), source);
      return null;
    });
  }

  /**
   * Stops publishing, releases the lock (closing its connection) and closes the producer; events
   * sent but not yet marked are sent again by the next relay.
   *
   * @return a future that completes when the connection and the producer are closed
   */
  public Future<Void> stop() {
    stopping = true;
    running = false;
    timers.forEach(vertx::cancelTimer);
    vertx.cancelTimer(loopTimer);
    state = State.STANDBY;
    final Future<Void> lock = lockConnection == null ? Future.succeededFuture() : lockConnection.close();
    final Future<Void> kafka = producer == null ? Future.succeededFuture() : producer.close(2_000);
    return Future.join(lock, kafka).mapEmpty();
  }

  public State state() {
    return state;
  }

  /** The source of this installation's events, once started. */
  public String source() {
    return source;
  }

  /**
   * The role's readiness: up while standing by or publishing, down while Kafka refuses the events;
   * the details say which, how many events wait and since when it fails.
   */
  public Status readiness() {
    final JsonObject details = new JsonObject().put("relay", relayId).put("state", state.id())
        .put("pending", pending.get()).put("oldest_pending_seconds", oldestSeconds.get());
    if (state == State.RETRYING) {
      details.put("error", lastError).put("failing_since", failingSince == null ? null
          : DateTimeFormatter.ISO_INSTANT.format(failingSince)).put("retry_in_ms", retryAfter.toMillis());
      return Status.KO(details);
    }
    return Status.OK(details);
  }

  // ---- the lock

  private void tryLock() {
    if (!running || state != State.STANDBY || connecting) {
      return;
    }
    final Future<PgConnection> connection;
    if (lockConnection != null) {
      connection = Future.succeededFuture(lockConnection);
    } else {
      connecting = true;
      connection = PgConnection.connect(vertx, lockOptions).onComplete(ar -> connecting = false)
          .onSuccess(c -> {
            lockConnection = c;
            c.closeHandler(v -> lockLost(c));
          });
    }
    connection.compose(c -> c.query(TRY_LOCK).execute()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.debug("outbox relay lock not tried [relay: {}]: {}", relayId, ar.cause().getMessage());
        return;
      }
      if (ar.result().iterator().next().getBoolean("locked") && running && state == State.STANDBY) {
        state = State.PUBLISHING;
        retryAfter = RETRY_FIRST;
        LOG.info("outbox relay took the lock, publishing [relay: {}, topic: {}]", relayId, settings.topic());
        publish();
      }
    });
  }

  private void lockLost(final PgConnection connection) {
    if (lockConnection == connection) {
      lockConnection = null;
    }
    if (state != State.STANDBY && !stopping) {
      LOG.warn("outbox relay lost its lock connection, standing by [relay: {}]", relayId);
    }
    state = State.STANDBY;
    vertx.cancelTimer(loopTimer);
  }

  // ---- publishing

  /** An unpublished event as read. */
  private record Pending(long sequence, UUID id, String type, UUID subject, UUID key, UUID workspaceId,
                         JsonObject data, Instant createdAt) {

    static Pending of(final Row row) {
      return new Pending(row.getLong("sequence"), row.getUUID("id"), row.getString("type"), row.getUUID("subject"),
          row.getUUID("partition_key"), row.getUUID("workspace_id"), (JsonObject) row.getJson("data"),
          row.getOffsetDateTime("created_at").toInstant());
    }
  }

  private void publish() {
    if (state == State.STANDBY || !running) {
      return;
    }
    pool.preparedQuery(UNPUBLISHED).execute(Tuple.of(settings.batchSize())).onComplete(ar -> {
      if (ar.failed()) {
        failed(ar.cause(), List.of());
        return;
      }
      final List<Pending> batch = new ArrayList<>(ar.result().size());
      ar.result().forEach(row -> batch.add(Pending.of(row)));
      if (batch.isEmpty()) {
        next(settings.pollInterval());
        return;
      }
      send(batch);
    });
  }

  /**
   * Sends a batch: the events of one key one after another, each only once the one before it was
   * acknowledged, so an event is never on the topic before an earlier one of its key; keys side by
   * side. A key's first failure stops its chain; what was acknowledged (per key, a prefix) is marked.
   */
  private void send(final List<Pending> batch) {
    final long started = System.nanoTime();
    final Map<UUID, List<Pending>> byKey = new LinkedHashMap<>();
    batch.forEach(e -> byKey.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e));
    final Set<Long> sent = ConcurrentHashMap.newKeySet();
    final List<Throwable> causes = new CopyOnWriteArrayList<>();
    final List<Future<Void>> chains = new ArrayList<>(byKey.size());
    for (List<Pending> events : byKey.values()) {
      Future<Void> chain = Future.succeededFuture();
      for (Pending event : events) {
        chain = chain.compose(v -> producer.send(KafkaProducerRecord.create(settings.topic(), event.key().toString(),
            cloudEvent(event).encode())).map(metadata -> {
              sent.add(event.sequence());
              return null;
            }));
      }
      chains.add(chain.recover(e -> {
        causes.add(e);
        return Future.succeededFuture();
      }));
    }
    Future.join(chains).onComplete(all -> {
      if (state == State.STANDBY) {
        return;
      }
      final List<Long> marked = batch.stream().map(Pending::sequence).filter(sent::contains).toList();
      final List<Long> unsent = batch.stream().map(Pending::sequence).filter(n -> !sent.contains(n)).toList();
      mark(marked).onComplete(done -> {
        if (done.failed()) {
          failed(done.cause(), List.of());
          return;
        }
        metrics.published(marked.size(), Duration.ofNanos(System.nanoTime() - started));
        if (!marked.isEmpty()) {
          published.run();
        }
        batch.stream().filter(e -> sent.contains(e.sequence()))
            .forEach(e -> metrics.lag(Duration.between(e.createdAt(), clock.instant())));
        if (!causes.isEmpty()) {
          failed(causes.get(0), unsent);
          return;
        }
        recovered();
        next(batch.size() >= settings.batchSize() ? Duration.ZERO : settings.pollInterval());
      });
    });
  }

  /** Runs on the relay's event loop after each batch of events it published (webhooks look for deliveries then). */
  public void onPublished(final Runnable listener) {
    this.published = listener;
  }

  private Future<Void> mark(final List<Long> sequences) {
    return sequences.isEmpty() ? Future.succeededFuture()
        : pool.preparedQuery(MARK).execute(Tuple.of(sequences.toArray(Long[]::new))).mapEmpty();
  }

  private void recovered() {
    if (state == State.RETRYING) {
      LOG.info("outbox relay publishes again [relay: {}, failed for: {} s]", relayId,
          failingSince == null ? 0 : Duration.between(failingSince, clock.instant()).toSeconds());
      state = State.PUBLISHING;
    }
    lastError = null;
    failingSince = null;
    retryAfter = RETRY_FIRST;
  }

  private void failed(final Throwable cause, final List<Long> unsent) {
    if (state == State.STANDBY || !running) {
      return;
    }
    metrics.failed();
    final String message = cause == null ? "unknown error"
        : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    if (state != State.RETRYING) {
      failingSince = clock.instant();
    }
    state = State.RETRYING;
    lastError = message;
    LOG.warn("outbox events not published, retrying in {} ms [relay: {}, events: {}]: {}", retryAfter.toMillis(),
        relayId, unsent.size(), message);
    if (!unsent.isEmpty()) {
      pool.preparedQuery(ATTEMPTED).execute(Tuple.of(unsent.toArray(Long[]::new)))
          .onFailure(e -> LOG.debug("outbox attempts not counted: {}", e.getMessage()));
    }
    final Duration wait = retryAfter;
    retryAfter = retryAfter.multipliedBy(2).compareTo(settings.retryMax()) > 0 ? settings.retryMax()
        : retryAfter.multipliedBy(2);
    next(wait);
  }

  private void next(final Duration after) {
    if (state == State.STANDBY || !running) {
      return;
    }
    loopTimer = vertx.setTimer(Math.max(1, after.toMillis()), t -> publish());
  }

  /** The CloudEvent of an outbox row, in structured JSON mode. */
  JsonObject cloudEvent(final Pending event) {
    return cloudEvent(source, event.id(), event.type(), event.subject(), event.createdAt(), event.workspaceId(),
        event.data());
  }

  /** The CloudEvent of an outbox row, in structured JSON mode: what Kafka and webhooks receive alike. */
  public static JsonObject cloudEvent(final String source, final UUID id, final String type, final UUID subject,
                                      final Instant time, final UUID workspaceId, final JsonObject data) {
    final JsonObject ce = new JsonObject()
        .put("specversion", "1.0")
        .put("id", id.toString())
        .put("source", source)
        .put("type", type)
        .put("subject", subject.toString())
        .put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time.atOffset(ZoneOffset.UTC)))
        .put("datacontenttype", "application/json");
    if (workspaceId != null) {
      ce.put("workspaceid", workspaceId.toString());
    }
    return ce.put("data", data);
  }

  // ---- metrics and purge

  private void refreshPending() {
    pool.query(PENDING).execute().onSuccess(rows -> {
      final Row row = rows.iterator().next();
      pending.set(row.getLong("pending"));
      final Object oldest = row.getValue("oldest");
      oldestSeconds.set(oldest == null ? 0 : Math.max(0, (long) Math.floor(((Number) oldest).doubleValue())));
    }).onFailure(e -> LOG.debug("outbox pending not counted: {}", e.getMessage()));
  }

  /**
   * Deletes published events older than the retention, a chunk at a time, then the command results
   * and finished webhook deliveries older than it.
   *
   * @return a future of how many were deleted
   */
  public Future<Integer> purge() {
    return purgeFrom(0)
        .compose(n -> pool.preparedQuery(PURGE_COMMANDS).execute(Tuple.of(settings.retentionHours()))
            .compose(v -> pool.preparedQuery(PURGE_DELIVERIES).execute(Tuple.of(settings.retentionHours())))
            .map(n))
        .onSuccess(n -> LOG.info("published outbox events purged [older than: {} h, deleted: {}]",
            settings.retentionHours(), n))
        .onFailure(e -> LOG.warn("outbox purge failed: {}", e.getMessage()));
  }

  private Future<Integer> purgeFrom(final int deleted) {
    return pool.preparedQuery(PURGE).execute(Tuple.of(settings.retentionHours(), PURGE_CHUNK))
        .compose(rows -> rows.rowCount() < PURGE_CHUNK || stopping ? Future.succeededFuture(deleted + rows.rowCount())
            : purgeFrom(deleted + rows.rowCount()));
  }
}
