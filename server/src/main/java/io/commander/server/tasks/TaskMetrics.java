package io.commander.server.tasks;

import io.micrometer.core.instrument.Counter;
import io.commander.server.metrics.Meters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * What the cluster manager's tasks do, for {@code /metrics}: attempts finished by kind and outcome
 * ({@code succeeded}, {@code failed}, {@code canceled}, {@code retried}, {@code awaiting_approval})
 * and how long they took.
 */
final class TaskMetrics {

  private final MeterRegistry registry;

  TaskMetrics() {
    this.registry = Meters.registry();
  }

  void finished(final TaskKind kind, final String outcome, final Duration took) {
    Counter.builder("commander.tasks.finished").description("Task attempts finished, by kind and outcome")
        .tag("kind", kind.id()).tag("outcome", outcome).register(registry).increment();
    Timer.builder("commander.tasks.duration").description("How long task attempts ran, by kind and outcome")
        .tag("kind", kind.id()).tag("outcome", outcome).register(registry).record(took);
  }
}
