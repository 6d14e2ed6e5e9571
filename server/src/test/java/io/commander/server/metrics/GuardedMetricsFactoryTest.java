package io.commander.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GuardedMetricsFactoryTest {

  private static VertxOptions options() {
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true));
  }

  /**
   * A connection accepted before its server's metrics existed has no socket metric: its request goes
   * unmeasured, and no metric callback throws (Micrometer's own would, from the request's end, and the
   * request would never be answered).
   */
  @Test
  void aConnectionWithoutASocketMetricGoesUnmeasuredWithoutAFailure() {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final HttpServerMetrics<Object, Object, Object> metrics = httpServerMetrics(registry);
    assertThatCode(() -> {
      final Object request = metrics.requestBegin(null, null);
      assertThat(request).isNull();
      metrics.requestRouted(request, "/agent/v1/connect");
      metrics.responseBegin(request, null);
      metrics.requestEnd(request, null, 0);
      metrics.responseEnd(request, null, 0);
      metrics.requestReset(request);
      assertThat(metrics.connected(null, request, null)).isNull();
      metrics.disconnected((Object) null);
      metrics.bytesRead(null, null, 10);
      metrics.bytesWritten(null, null, 10);
      metrics.exceptionOccurred(null, null, new IllegalStateException("reset"));
      metrics.disconnected(null, null);
    }).doesNotThrowAnyException();
    assertThat(registry.find("vertx.http.server.requests").counter()).isNull();
  }

  /** Every other request is measured as Micrometer's metrics measure it. */
  @Test
  void aServedRequestIsMeasured() throws Exception {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final Vertx vertx = Vertx.builder().with(options())
        .withMetrics(new GuardedMetricsFactory(new MicrometerMetricsFactory(registry))).build();
    try {
      final HttpServer server = vertx.createHttpServer().requestHandler(r -> r.response().end("ok"))
          .listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
      final String body = vertx.createHttpClient()
          .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/")
          .compose(r -> r.send()).compose(HttpClientResponse::body).await(10, TimeUnit.SECONDS).toString();
      assertThat(body).isEqualTo("ok");
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
          assertThat(registry.get("vertx.http.server.requests").counter().count()).isEqualTo(1.0));
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  @SuppressWarnings("unchecked")
  private static HttpServerMetrics<Object, Object, Object> httpServerMetrics(final SimpleMeterRegistry registry) {
    return (HttpServerMetrics<Object, Object, Object>) new GuardedMetricsFactory(new MicrometerMetricsFactory(registry))
        .metrics(options()).createHttpServerMetrics(new HttpServerOptions(), SocketAddress.inetSocketAddress(0, "127.0.0.1"));
  }
}
