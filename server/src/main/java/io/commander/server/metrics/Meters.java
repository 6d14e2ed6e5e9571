package io.commander.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.micrometer.backends.BackendRegistries;

/** Where Commander's own meters go: the registry {@code /metrics} serves, or the global one where Vert.x has none (tests of one part). */
public final class Meters {

  private Meters() {
  }

  public static MeterRegistry registry() {
    final MeterRegistry vertx = BackendRegistries.getDefaultNow();
    return vertx == null ? Metrics.globalRegistry : vertx;
  }
}
