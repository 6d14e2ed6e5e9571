package io.commander.server.telemetry;

import io.micrometer.core.instrument.Counter;
import io.commander.server.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What telemetry-ingest does, for {@code /metrics}: reports ingested, reports skipped by reason,
 * how long a batch's write took, batch writes that failed (and are retried), and the lag from the
 * gateway receiving a report to its batch being written.
 */
final class TelemetryMetrics {

  private final MeterRegistry registry;
  private final Timer write;
  private final Timer lag;
  private final Counter ingested;
  private final Counter failures;

  TelemetryMetrics() {
    this.registry = Meters.registry();
    this.write = Timer.builder("commander.telemetry.batch.write").description("Time to write one batch of reports")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.lag = Timer.builder("commander.telemetry.lag")
        .description("From the gateway receiving a report to its batch being written")
        .publishPercentiles(0.5, 0.99).register(registry);
    this.ingested = Counter.builder("commander.telemetry.records.ingested")
        .description("Telemetry reports written (redelivered and older ones included: they change nothing)")
        .register(registry);
    this.failures = Counter.builder("commander.telemetry.batch.failures")
        .description("Batch writes that failed; the batch is retried").register(registry);
  }

  void skipped(final TelemetryReport.Skip why, final long count) {
    Counter.builder("commander.telemetry.records.skipped").description("Telemetry records skipped, by reason")
        .tag("reason", why.reason()).register(registry).increment(count);
  }

  void ingested(final long count) {
    ingested.increment(count);
  }

  void written(final Duration took) {
    write.record(took);
  }

  void lag(final Duration lag) {
    this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
  }

  void failed() {
    failures.increment();
  }
}
