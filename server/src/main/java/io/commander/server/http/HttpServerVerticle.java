package io.commander.server.http;

import io.commander.core.config.CommanderConfig;
import io.commander.core.http.HttpEndpoint;
import io.commander.server.api.ProblemHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's HTTP server. Each instance builds the same router from the endpoints the
 * process's roles contribute and listens on the shared port (Vert.x spreads connections over the
 * instances). Stopping it stops accepting connections and lets in-flight requests finish for up to
 * {@code http.shutdown-timeout}.
 */
public final class HttpServerVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(HttpServerVerticle.class);

  private static final int MAX_WEBSOCKET_MESSAGE = 32 * 1024 * 1024;

  private final CommanderConfig.Http config;
  private final List<HttpEndpoint> endpoints;
  private HttpServer server;

  public HttpServerVerticle(final CommanderConfig.Http config, final List<HttpEndpoint> endpoints) {
    this.config = config;
    this.endpoints = List.copyOf(endpoints);
  }

  @Override
  public Future<?> start() {
    final Router router = Router.router(vertx);
    endpoints.forEach(e -> e.addRoutes(router));
    // Failures outside the API (the console's files, health): a file whose client left mid-way among them.
    router.route().failureHandler(new ProblemHandler());
    final HttpServerOptions options = new HttpServerOptions()
        .setHost(config.host())
        .setPort(config.port())
        .setCompressionSupported(true)
        // Above the agent gateway's own frame limit, so an oversize agent frame reaches the gateway,
        // which counts it and says why it closes the link.
        .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE)
        .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE);
    // TLS on the port itself (kubectl sends a kubeconfig's token only over TLS), or plain behind a TLS front.
    config.tls().ifPresent(tls -> options.setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
        .setCertPath(tls.certFile().toString()).setKeyPath(tls.keyFile().toString())));
    server = vertx.createHttpServer(options);
    return server.requestHandler(router).invalidRequestHandler(ProblemHandler::invalidRequest).listen()
        .onSuccess(s -> LOG.debug("http server instance listening [port: {}]", s.actualPort()));
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
        : server.shutdown(config.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }
}
