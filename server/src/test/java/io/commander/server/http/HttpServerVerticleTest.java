package io.commander.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.core.config.CommanderConfig;
import io.commander.testing.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.Timeout;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Stopping the HTTP server lets in-flight requests finish and refuses new connections. */
@ExtendWith(VertxExtension.class)
@Timeout(value = 30, timeUnit = TimeUnit.SECONDS)
class HttpServerVerticleTest {

  @Test
  void drainsInFlightRequestsOnStop(final Vertx vertx, final VertxTestContext ctx) {
    final int port = FreePorts.next();
    final AtomicLong requestArrived = new AtomicLong();
    final CommanderConfig.Http http = new CommanderConfig.Http("127.0.0.1", port, 1, Duration.ofSeconds(10), Path.of("."), 1024);
    final HttpServerVerticle verticle = new HttpServerVerticle(http, List.of(router ->
        router.get("/slow").handler(rc -> {
          requestArrived.set(System.nanoTime());
          vertx.setTimer(800, t -> rc.response().end("done"));
        })));
    final HttpClient client = vertx.createHttpClient();
    final RequestOptions slow = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
        .setURI("/slow");

    vertx.deployVerticle(verticle).onComplete(ctx.succeeding(id -> {
      client.request(slow)
          .compose(req -> req.send())
          .compose(HttpClientResponse::body)
          .onComplete(ctx.succeeding(body -> ctx.verify(() -> {
            assertThat(body.toString()).isEqualTo("done");
            // A new connection after the stop finds nobody listening.
            vertx.createHttpClient().request(slow).onComplete(ctx.failing(e -> ctx.completeNow()));
          })));
      // Undeploy while the request is being served.
      vertx.setPeriodic(20, timer -> {
        if (requestArrived.get() != 0) {
          vertx.cancelTimer(timer);
          vertx.undeploy(id).onFailure(ctx::failNow);
        }
      });
    }));
  }
}
