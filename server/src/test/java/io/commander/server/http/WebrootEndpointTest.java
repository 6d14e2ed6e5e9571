package io.commander.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.core.config.CommanderConfig;
import io.commander.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Vertx;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's files: hashed assets cached for long, the page revalidated, client routes answered by it. */
class WebrootEndpointTest {

  @TempDir
  static Path webroot;
  private static Vertx vertx;
  private static int port;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Files.writeString(webroot.resolve("index.html"), "<!doctype html><title>console</title>");
    Files.createDirectories(webroot.resolve("assets"));
    Files.writeString(webroot.resolve("assets/index-3f2a9c.js"), "console.log(1)");
    port = FreePorts.next();
    vertx = Vertx.vertx();
    final CommanderConfig.Http http =
        new CommanderConfig.Http("127.0.0.1", port, 1, Duration.ofSeconds(1), webroot, 1024);
    vertx.deployVerticle(new HttpServerVerticle(http, List.of(new WebrootEndpoint(webroot))))
        .toCompletionStage().toCompletableFuture().get();
  }

  @AfterAll
  static void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private static HttpResponse<String> get(final String path) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void hashedAssetsAreCachedForAYear() throws Exception {
    final HttpResponse<String> asset = get("/assets/index-3f2a9c.js");
    assertThat(asset.statusCode()).isEqualTo(200);
    assertThat(asset.headers().firstValue("Cache-Control")).hasValue(WebrootEndpoint.IMMUTABLE);
  }

  @Test
  void clientRoutesGetTheRevalidatedPageWithSecurityHeaders() throws Exception {
    for (final String path : List.of("/", "/workspaces/demo/clusters/42")) {
      final HttpResponse<String> page = get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body()).contains("<title>console</title>");
      assertThat(page.headers().firstValue("Cache-Control")).as(path).hasValue("no-cache");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValue(WebrootEndpoint.CONTENT_SECURITY_POLICY);
      assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    }
  }

  @Test
  void neitherTheApiNorTheAgentsEndpointFallsBackToThePage() throws Exception {
    for (final String path : List.of("/api/v1/nothing", "/agent/v1/connect", "/health/nothing")) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void aMissingAssetIsNotCached() throws Exception {
    final HttpResponse<String> missing = get("/assets/gone-000000.js");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.headers().firstValue("Cache-Control")).isNotEqualTo(java.util.Optional.of(WebrootEndpoint.IMMUTABLE));
  }

  @Test
  void aFolderWithoutABuiltConsoleSaysHowToBuildIt(@TempDir final Path empty) throws Exception {
    final int otherPort = FreePorts.next();
    final CommanderConfig.Http http =
        new CommanderConfig.Http("127.0.0.1", otherPort, 1, Duration.ofSeconds(1), empty, 1024);
    final String deployment = vertx.deployVerticle(new HttpServerVerticle(http, List.of(new WebrootEndpoint(empty))))
        .toCompletionStage().toCompletableFuture().get();
    try {
      final HttpResponse<String> page = CLIENT.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otherPort + "/workspaces")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(503);
      assertThat(page.body()).isEqualTo(WebrootEndpoint.NOT_BUILT);
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
    } finally {
      vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get();
    }
  }

  @Test
  void aBrowserLeavingWhileAnAssetIsSentIsNoError() throws Exception {
    // Large enough to be still on its way when the client goes (a page closed while it loads).
    Files.write(webroot.resolve("assets/vendor-9a8b7c.js"), new byte[8 << 20]);
    final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    final ListAppender<ILoggingEvent> errors = new ListAppender<>();
    errors.start();
    root.addAppender(errors);
    try {
      for (int i = 0; i < 20; i++) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
          socket.getOutputStream().write(("GET /assets/vendor-9a8b7c.js HTTP/1.1\r\nHost: localhost\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          assertThat(socket.getInputStream().readNBytes(1024)).hasSize(1024);
          socket.setSoLinger(true, 0);
        }
      }
      // The server notices each closed connection when its next write fails: the page still answers after.
      assertThat(get("/").statusCode()).isEqualTo(200);
      org.awaitility.Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(List.copyOf(errors.list))
              .filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
              .extracting(ILoggingEvent::getFormattedMessage).isEmpty());
    } finally {
      root.detachAppender(errors);
    }
  }
}
