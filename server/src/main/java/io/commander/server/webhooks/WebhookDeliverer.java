package io.commander.server.webhooks;

import io.commander.core.config.CommanderConfig;
import io.commander.server.api.ApiException;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.events.OutboxRelay;
import io.commander.server.metrics.Meters;
import io.micrometer.core.instrument.Counter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts the outbox's events to webhook subscriptions: the deliveries {@code Outbox.add} queued with
 * each event, oldest first, a batch at a time. Only the process whose outbox relay holds the relay
 * lock delivers (one deliverer of all, taken over with the relay). Each try sends the event's
 * CloudEvent, signed with the subscription's secret ({@code Commander-Signature: t=<unix>,v1=<hex
 * HMAC-SHA256 of "<t>.<body>">}); a 2xx answer delivers it, anything else is tried again after a
 * doubling wait until {@code webhooks.max-attempts}, then recorded failed. Every try is in the
 * delivery log. At least once: a deliverer that dies mid-try leaves the delivery to be tried again,
 * and receivers deduplicate by {@code Commander-Event-Id}.
 */
public final class WebhookDeliverer {

  public static final String SIGNATURE_HEADER = "Commander-Signature";
  public static final String EVENT_ID_HEADER = "Commander-Event-Id";
  public static final String EVENT_TYPE_HEADER = "Commander-Event-Type";
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDeliverer.class);
  private static final int BATCH = 50;
  private static final int ERROR_CHARS = 300;
  /**
   * The longest wait between looks while nothing is known to be due: new deliveries wake the deliverer
   * as their events are published ({@link #wake}), and retries are looked for when their time comes, so
   * this only bounds how late deliveries left by another process (a relay taken over) are seen.
   */
  static final Duration IDLE = Duration.ofSeconds(5);
  private static final String DUE = """
      SELECT d.id, d.attempts, d.event_id, d.event_type, h.url, h.secret_encrypted,
             o.subject, o.workspace_id, o.data, o.created_at
      FROM webhook_deliveries d JOIN webhooks h ON h.id = d.webhook_id
      LEFT JOIN outbox_events o ON o.sequence = d.event_sequence
      WHERE d.state = 'pending' AND d.next_attempt_at <= now()
      ORDER BY d.next_attempt_at, d.event_sequence LIMIT $1""";
  private static final String TRIED = """
      UPDATE webhook_deliveries SET attempts = attempts + 1, tries = tries || jsonb_build_array($2::jsonb),
             state = $3, next_attempt_at = $4, finished_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END
      WHERE id = $1 AND state = 'pending'""";

  private final Vertx vertx;
  private final Pool pool;
  private final Keys keys;
  private final WebhookTargets targets;
  private final CommanderConfig.Webhooks settings;
  private final Duration pollInterval;
  private final BooleanSupplier leader;
  private final Supplier<String> source;
  private final Clock clock;
  private WebClient client;
  private long timer = -1;
  private boolean running;
  private boolean inRound;
  private boolean woken;
  // The earliest retry this deliverer scheduled since its last look, as epoch millis.
  private long retryDue = Long.MAX_VALUE;

  /**
   * @param leader whether this process delivers now: its outbox relay holds the relay lock
   * @param source the events' CloudEvents source (this installation)
   */
  public WebhookDeliverer(final Vertx vertx, final Pool pool, final Keys keys, final WebhookTargets targets,
                          final CommanderConfig.Webhooks settings, final Duration pollInterval,
                          final BooleanSupplier leader, final Supplier<String> source,
                          final Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.keys = keys;
    this.targets = targets;
    this.settings = settings;
    this.pollInterval = pollInterval;
    this.leader = leader;
    this.source = source;
    this.clock = clock;
  }

  /** Starts delivering on the caller's event loop (the relay's verticle). */
  public Future<Void> start() {
    client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Commander-Webhooks/1")
        .setConnectTimeout((int) settings.timeout().toMillis()).setFollowRedirects(false));
    running = true;
    next(pollInterval);
    return Future.succeededFuture();
  }

  public Future<Void> stop() {
    running = false;
    vertx.cancelTimer(timer);
    if (client != null) {
      client.close();
    }
    return Future.succeededFuture();
  }

  /**
   * Events were published, which may have queued deliveries with them: look now (or as soon as the look
   * under way ends). Called on the relay's event loop.
   */
  public void wake() {
    if (!running) {
      return;
    }
    if (inRound) {
      woken = true;
    } else {
      vertx.cancelTimer(timer);
      next(Duration.ZERO);
    }
  }

  private void next(final Duration after) {
    if (running) {
      timer = vertx.setTimer(Math.max(1, after.toMillis()), t -> round());
    }
  }

  /** Until the next look: at once if woken meanwhile, at the earliest retry due, else after {@link #IDLE}. */
  private Duration idle() {
    if (woken) {
      return Duration.ZERO;
    }
    final long untilRetry = retryDue - clock.millis();
    return untilRetry < IDLE.toMillis() ? Duration.ofMillis(Math.max(0, untilRetry)) : IDLE;
  }

  /** One batch of due deliveries, tried side by side; the next batch once all are recorded. */
  private void round() {
    if (!running) {
      return;
    }
    if (!leader.getAsBoolean() || source.get() == null) {
      next(pollInterval);
      return;
    }
    inRound = true;
    woken = false;
    retryDue = Long.MAX_VALUE;
    pool.preparedQuery(DUE).execute(Tuple.of(BATCH)).compose(rows -> {
      final List<Future<Void>> tries = new ArrayList<>();
      rows.forEach(row -> tries.add(deliver(row)));
      return Future.join(tries).map(tries.size());
    }).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("webhook deliveries not read: {}", ar.cause().getMessage());
      }
      inRound = false;
      next(ar.failed() ? pollInterval : ar.result() >= BATCH ? Duration.ZERO : idle());
    });
  }

  private Future<Void> deliver(final Row row) {
    final UUID id = row.getUUID("id");
    final int attempts = row.getInteger("attempts");
    final long started = System.nanoTime();
    final Instant at = clock.instant();
    if (row.getValue("subject") == null) {
      return record(id, attempts, at, null, "the event was purged from the outbox before it was delivered", started,
          true);
    }
    final String body = OutboxRelay.cloudEvent(source.get(), row.getUUID("event_id"), row.getString("event_type"),
        row.getUUID("subject"), row.getOffsetDateTime("created_at").toInstant(), row.getUUID("workspace_id"),
        (JsonObject) row.getJson("data")).encode();
    final String url = row.getString("url");
    return targets.check(url)
        .compose(v -> keys.decrypt(EncryptedColumn.WEBHOOK_SECRET.context(), row.getString("secret_encrypted")))
        .compose(secret -> {
          final long t = clock.instant().getEpochSecond();
          return client.postAbs(url).timeout(settings.timeout().toMillis())
              .putHeader("Content-Type", "application/cloudevents+json; charset=utf-8")
              .putHeader(SIGNATURE_HEADER, "t=" + t + ",v1=" + sign(secret, t, body))
              .putHeader(EVENT_ID_HEADER, row.getUUID("event_id").toString())
              .putHeader(EVENT_TYPE_HEADER, row.getString("event_type"))
              .sendBuffer(Buffer.buffer(body));
        })
        .compose(response -> {
          final boolean ok = response.statusCode() >= 200 && response.statusCode() < 300;
          return record(id, attempts, at, response.statusCode(), ok ? null : "answered " + response.statusCode(),
              started, ok);
        }, e -> {
          // A URL refused now (it resolves elsewhere than when it was created) is not tried again.
          final boolean refused = e instanceof ApiException api && "webhook_url_forbidden".equals(api.code());
          final String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
          return record(id, refused ? settings.maxAttempts() : attempts, at, null, message, started, false);
        })
        .onFailure(e -> LOG.warn("webhook delivery not recorded [delivery: {}]: {}", id, e.getMessage()));
  }

  /**
   * Records one try: delivered, tried again after the doubling wait, or failed for good.
   *
   * @param attempts the tries before this one
   * @param done whether it needs no other try (delivered, or nothing left to deliver)
   */
  private Future<Void> record(final UUID id, final int attempts, final Instant at, final Integer status,
                              final String error, final long started, final boolean done) {
    final int tried = attempts + 1;
    final boolean delivered = done && status != null;
    final String state = delivered ? "delivered" : done || tried >= settings.maxAttempts() ? "failed" : "pending";
    final Duration wait = settings.retryBase().multipliedBy(1L << Math.min(20, attempts));
    Counter.builder("commander.webhook.tries").tag("state", state)
        .description("Webhook delivery tries, by the delivery's state after them").register(Meters.registry())
        .increment();
    final JsonObject entry = new JsonObject()
        .put("at", at.atOffset(ZoneOffset.UTC).toString())
        .put("status", status)
        .put("error", error == null ? null : error.length() > ERROR_CHARS ? error.substring(0, ERROR_CHARS) : error)
        .put("duration_ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    if ("pending".equals(state)) {
      retryDue = Math.min(retryDue, clock.millis() + wait.toMillis());
    }
    if (!delivered) {
      LOG.info("webhook delivery failed [delivery: {}, try: {}, state: {}]: {}", id, tried, state, error);
    }
    return pool.preparedQuery(TRIED).execute(Tuple.of(id, entry, state,
        OffsetDateTime.ofInstant(clock.instant().plus(wait), ZoneOffset.UTC))).mapEmpty();
  }

  /** The hex HMAC-SHA256, keyed by the secret, of {@code "<t>.<body>"}: what receivers recompute. */
  public static String sign(final String secret, final long t, final String body) {
    try {
      final Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
