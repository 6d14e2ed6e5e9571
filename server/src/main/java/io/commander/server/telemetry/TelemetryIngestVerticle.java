package io.commander.server.telemetry;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code telemetry-ingest} role: reads agents' reports from Kafka a batch at a time, writes
 * each batch in one statement and only then commits its offsets (at least once; the write is
 * idempotent, so a redelivery changes nothing). The consumer is paused while a batch is written,
 * and a failed write is retried with the same records: a database outage holds the partition, a
 * bad record never does (it is counted and skipped). An hourly job purges old history.
 */
public final class TelemetryIngestVerticle extends RoleVerticle {

  /** The topic gateways publish reports on, keyed by cluster id. */
  public static final String TOPIC = "commander.telemetry.v1";
  /** Ingest instances share the partitions as one consumer group. */
  public static final String GROUP = "commander-telemetry-ingest";
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryIngestVerticle.class);
  private static final Duration PURGE_EVERY = Duration.ofHours(1);
  private static final int PURGE_CHUNK = 10_000;
  private static final Duration RETRY_FIRST = Duration.ofMillis(500);
  private static final Duration RETRY_MAX = Duration.ofSeconds(30);

  private final CommanderConfig.Telemetry settings;
  private final Pool pool;
  private final String bootstrap;
  private final String topic;
  private final Clock clock;
  private final TelemetryStore store = new TelemetryStore();
  private final TelemetryMetrics metrics = new TelemetryMetrics();
  private KafkaConsumer<String, String> consumer;
  private long purgeTimer = -1;
  private boolean stopping;

  public TelemetryIngestVerticle(final CommanderConfig.Telemetry settings, final Pool pool, final String bootstrap,
                                 final String topic, final Clock clock) {
    super(Role.TELEMETRY_INGEST);
    this.settings = settings;
    this.pool = pool;
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    consumer = KafkaConsumer.create(vertx, Map.of(
        "bootstrap.servers", bootstrap,
        "group.id", GROUP,
        "key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "value.deserializer", "org.apache.kafka.common.serialization.StringDeserializer",
        "enable.auto.commit", "false",
        "auto.offset.reset", "earliest",
        "max.poll.records", String.valueOf(settings.batchSize())));
    // Records are taken a batch at a time; the per-record handler only lets the stream move on.
    consumer.handler(r -> { });
    consumer.batchHandler(this::batch);
    consumer.exceptionHandler(e -> {
      // Once stopping, the closed consumer's last polls and commits fail by the thousand: nothing to say.
      if (!stopping) {
        LOG.warn("telemetry consumer: {}", e.getMessage());
      }
    });
    if (settings.historyRetentionDays() > 0) {
      purgeTimer = vertx.setPeriodic(Duration.ofMinutes(1).toMillis(), PURGE_EVERY.toMillis(), t -> purge());
    }
    return consumer.subscribe(topic).onSuccess(v -> LOG.info("telemetry ingest started [topic: {}, batch: {}]",
        topic, settings.batchSize()));
  }

  @Override
  public Future<?> stop() {
    stopping = true;
    vertx.cancelTimer(purgeTimer);
    return consumer == null ? Future.succeededFuture() : consumer.close();
  }

  /** Deletes history older than the retention, a chunk at a time; answers how many points went. */
  public Future<Integer> purge() {
    final Instant cutoff = clock.instant().minus(Duration.ofDays(settings.historyRetentionDays()));
    return purgeFrom(cutoff, 0)
        .onSuccess(n -> LOG.info("telemetry history purged [older than: {}, deleted: {}]", cutoff, n))
        .onFailure(e -> LOG.warn("telemetry history purge failed: {}", e.getMessage()));
  }

  private Future<Integer> purgeFrom(final Instant cutoff, final int deleted) {
    return store.purge(pool, cutoff, PURGE_CHUNK).compose(n -> n < PURGE_CHUNK || stopping
        ? Future.succeededFuture(deleted + n) : purgeFrom(cutoff, deleted + n));
  }

  private void batch(final KafkaConsumerRecords<String, String> records) {
    consumer.pause();
    final List<TelemetryReport> reports = new ArrayList<>(records.size());
    long malformed = 0;
    for (int i = 0; i < records.size(); i++) {
      final KafkaConsumerRecord<String, String> record = records.recordAt(i);
      try {
        reports.add(TelemetryReport.parse(record.key(), record.value()));
      } catch (TelemetryReport.Malformed e) {
        malformed++;
        LOG.debug("telemetry record skipped [partition: {}, offset: {}, reason: {}]", record.partition(),
            record.offset(), e.getMessage());
      }
    }
    metrics.skipped(TelemetryReport.Skip.MALFORMED, malformed);
    write(reports, RETRY_FIRST);
  }

  private void write(final List<TelemetryReport> reports, final Duration retryAfter) {
    final long started = System.nanoTime();
    final Future<TelemetryStore.Written> written = reports.isEmpty()
        ? Future.succeededFuture(new TelemetryStore.Written(0, 0, Set.of(), Set.of()))
        : store.write(pool, reports, settings.historyInterval());
    written.onSuccess(w -> {
      metrics.written(Duration.ofNanos(System.nanoTime() - started));
      count(reports, w);
      // A failed commit (the partitions moved to another instance) only means a redelivery, which
      // changes nothing; retrying it here could wait for a rebalance that needs the next poll.
      consumer.commit().onComplete(c -> {
        if (c.failed() && !stopping) {
          LOG.info("telemetry offsets not committed, the batch may be read again: {}", c.cause().getMessage());
        }
        consumer.resume();
      });
    }).onFailure(e -> {
      if (stopping) {
        return;
      }
      metrics.failed();
      LOG.warn("telemetry batch not written, retrying in {} ms [reports: {}]: {}", retryAfter.toMillis(),
          reports.size(), e.getMessage());
      vertx.setTimer(retryAfter.toMillis(), t -> write(reports, min(retryAfter.multipliedBy(2), RETRY_MAX)));
    });
  }

  private void count(final List<TelemetryReport> reports, final TelemetryStore.Written w) {
    final Instant now = clock.instant();
    long unknown = 0;
    long archived = 0;
    for (TelemetryReport r : reports) {
      final UUID id = r.clusterId();
      if (w.unknown().contains(id)) {
        unknown++;
      } else if (w.archived().contains(id)) {
        archived++;
      } else {
        metrics.lag(Duration.between(r.receivedAt(), now));
      }
    }
    metrics.skipped(TelemetryReport.Skip.UNKNOWN_CLUSTER, unknown);
    metrics.skipped(TelemetryReport.Skip.ARCHIVED_CLUSTER, archived);
    metrics.ingested(reports.size() - unknown - archived);
  }

  private static Duration min(final Duration a, final Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
