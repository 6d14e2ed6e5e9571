package io.commander.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.agent.protocol.Frame;
import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.Hello;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.commander.agent.protocol.Frame.Welcome;
import io.commander.agent.protocol.Frames;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A report the backend sends on its own (after restoring resources) goes to the gateway as an apply report. */
@Timeout(30)
class AgentLinkReportTest {

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void stop() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** A backend with nothing to say except what the test pushes through the link's report hook. */
  private static final class PushingBackend implements AgentBackend {
    private volatile Consumer<ApplyReport> sink;

    @Override
    public String name() {
      return "kubernetes";
    }

    @Override
    public Future<Map<String, JsonObject>> changedSources(final Instant now) {
      return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<Map<String, JsonObject>> allSources(final Instant now) {
      return Future.succeededFuture(Map.of());
    }

    @Override
    public Future<ApplyReport> apply(final DesiredState desired, final Instant now) {
      return Future.succeededFuture(new ApplyReport(desired.revision(), now, null, List.of()));
    }

    @Override
    public void onReport(final Consumer<ApplyReport> sink) {
      this.sink = sink;
    }
  }

  @Test
  void anUnsolicitedReportReachesTheGateway() throws Exception {
    final LinkedBlockingQueue<Frame> received = new LinkedBlockingQueue<>();
    final HttpServer gateway = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(text -> {
      final Frame frame = Frames.decode(text, Frames.DEFAULT_MAX_BYTES);
      received.add(frame);
      if (frame instanceof Hello) {
        ws.writeTextMessage(Frames.encode(new Welcome("s-1", 5, 30)));
      }
    }));
    final int port = gateway.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
        .get(10, TimeUnit.SECONDS).actualPort();
    final PushingBackend backend = new PushingBackend();
    final AgentLink link = new AgentLink(vertx, AgentLink.client(vertx, ""),
        AgentSettings.forServer("http://127.0.0.1:" + port, "cmdr_token", ""), backend);
    link.start();
    assertThat(received.poll(10, TimeUnit.SECONDS)).isInstanceOf(Hello.class);
    assertThat(backend.sink).isNotNull();

    final Instant at = Instant.parse("2030-01-01T00:00:00Z");
    final ApplyReport restored = new ApplyReport(7, at, at, List.of(
        new ResourceResult("v1/ConfigMap/apps/platform", "primary_resources", "applied", List.of())));
    backend.sink.accept(restored);

    Frame frame;
    do {
      frame = received.poll(10, TimeUnit.SECONDS);
    } while (frame != null && !(frame instanceof ApplyReport));
    assertThat(frame).isEqualTo(restored);
    link.stop();
  }
}
