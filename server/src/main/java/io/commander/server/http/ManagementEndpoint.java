package io.commander.server.http;

import io.commander.core.http.HttpEndpoint;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.PrometheusScrapingHandler;

/**
 * Probes and metrics, present in every process whatever its roles: {@code /health/live} (the
 * process answers), {@code /health/ready} (everything it depends on answers; 503 with the failing
 * checks otherwise) and {@code /metrics} in Prometheus text format.
 */
public final class ManagementEndpoint implements HttpEndpoint {

  private final HealthChecks liveness;
  private final HealthChecks readiness;
  private final PrometheusMeterRegistry registry;

  public ManagementEndpoint(final HealthChecks liveness, final HealthChecks readiness,
                            final PrometheusMeterRegistry registry) {
    this.liveness = liveness;
    this.readiness = readiness;
    this.registry = registry;
  }

  @Override
  public void addRoutes(final Router router) {
    router.get("/health/live").handler(HealthCheckHandler.createWithHealthChecks(liveness));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(readiness));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }
}
