package io.commander.server.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the outbox relay does, for {@code /metrics}: events waiting ({@code commander_outbox_pending})
 * and the age of the oldest ({@code commander_outbox_oldest_pending_seconds}), both as last read from
 * the database; events published, batches that failed (and are retried), the time a batch took and
 * the lag from commit to publish.
 */
final class OutboxMetrics {

  private final Counter published;
  private final Counter failures;
  private final Timer batch;
  private final Timer lag;

  OutboxMetrics(final AtomicLong pending, final AtomicLong oldestSeconds) {
    final MeterRegistry vertx = BackendRegistries.getDefaultNow();
    final MeterRegistry registry = vertx == null ? Metrics.globalRegistry : vertx;
    Gauge.builder("commander.outbox.pending", pending, AtomicLong::get)
        .description("Outbox events committed and not yet published").strongReference(true).register(registry);
    Gauge.builder("commander.outbox.oldest.pending.seconds", oldestSeconds, AtomicLong::get)
        .description("Age in seconds of the oldest outbox event not yet published (0: none)")
        .strongReference(true).register(registry);
    this.published = Counter.builder("commander.outbox.published")
        .description("Outbox events published to Kafka (a republished one counts again)").register(registry);
    this.failures = Counter.builder("commander.outbox.failures")
        .description("Publish attempts that failed and are retried").register(registry);
    this.batch = Timer.builder("commander.outbox.batch").description("Time to publish and mark one batch")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.lag = Timer.builder("commander.outbox.lag").description("From an event's commit to its publication")
        .publishPercentiles(0.5, 0.99).register(registry);
  }

  void published(final int count, final Duration took) {
    if (count > 0) {
      published.increment(count);
      batch.record(took);
    }
  }

  void lag(final Duration lag) {
    this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
  }

  void failed() {
    failures.increment();
  }
}
