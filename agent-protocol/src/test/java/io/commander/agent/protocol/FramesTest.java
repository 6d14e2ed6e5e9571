package io.commander.agent.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.Console;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.commander.agent.protocol.Frame.Telemetry;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FramesTest {

  private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678Z");

  @Test
  void framesSurviveTheirEncoding() {
    final List<Frame> frames = List.of(new Frame.Hello("0.1.0", "simulated"), new Frame.Welcome("s", 5, 30),
        new Frame.Heartbeat(NOW), new Telemetry(3, NOW, Map.of("overview", new JsonObject().put("nodes", 3))),
        new DesiredState(2, List.of(new DesiredResources("resources/a", DesiredResources.CREATE_ONCE, "kind: X"))),
        new ApplyReport(2, NOW, null, List.of(new ResourceResult("v1/ConfigMap/ns/a", "resources/a", "failed",
            List.of("forbidden")))), new Frame.Drain(1500, "bye"), new Frame.Console("1", "data", "aGk="),
        new Frame.ConsoleRequest("7", "POST", "/api/v1/namespaces/a/configmaps?dryRun=All",
            Map.of("content-type", "application/json"), Frame.Body.text("{\"kind\":\"ConfigMap\"}")),
        new Frame.ConsoleRequest("8", "GET", "/version", Map.of(), null),
        new Frame.ConsoleRequest("9", "GET", "/api/v1/namespaces?watch=true", Map.of(), null, 262144),
        new Frame.ConsoleOpen("9", 200, Map.of("content-type", "application/json")),
        new Frame.ConsoleCredit("9", 65536), Frame.Console.data("9", new byte[] {1, 2, 3}),
        new Frame.ConsoleResponse("7", 201, Map.of("content-type", "application/octet-stream"),
            Frame.Body.of(new byte[] {(byte) 0xff, 0, 1})));
    for (Frame frame : frames) {
      assertThat(Frames.decode(Frames.encode(frame), Frames.DEFAULT_MAX_BYTES)).isEqualTo(frame);
    }
  }

  @Test
  void tunnelledBodiesAreTextWhenTheyAreUtf8AndBase64Otherwise() {
    assertThat(Frame.Body.of("żółw".getBytes(java.nio.charset.StandardCharsets.UTF_8)).encoding()).isEqualTo("text");
    final Frame.Body binary = Frame.Body.of(new byte[] {(byte) 0xff, (byte) 0xfe});
    assertThat(binary.encoding()).isEqualTo("base64");
    assertThat(binary.bytes()).containsExactly((byte) 0xff, (byte) 0xfe);
    assertReason("{\"v\":1,\"type\":\"console\",\"stream_id\":\"1\",\"event\":\"response\",\"status\":200,"
        + "\"body\":\"x\",\"body_encoding\":\"rot13\"}", FrameException.Reason.MALFORMED);
  }

  @Test
  void badFramesAreRefusedWithTheirReason() {
    assertReason("nope", FrameException.Reason.MALFORMED);
    assertReason("[1]", FrameException.Reason.MALFORMED);
    assertReason("{\"v\":2,\"type\":\"hello\"}", FrameException.Reason.VERSION);
    assertReason("{\"v\":1,\"type\":\"teleport\"}", FrameException.Reason.UNKNOWN);
    assertReason("{\"v\":1,\"type\":\"hello\"}", FrameException.Reason.MALFORMED);
    assertReason("{\"v\":1,\"type\":\"heartbeat\",\"sent_at\":\"yesterday\"}", FrameException.Reason.MALFORMED);
    assertThatThrownBy(() -> Frames.decode("{\"v\":1,\"type\":\"hello\",\"agent_version\":\"" + "é".repeat(600)
        + "\"}", 1000)).isInstanceOfSatisfying(FrameException.class,
        e -> assertThat(e.reason()).isEqualTo(FrameException.Reason.OVERSIZE));
  }

  private static void assertReason(final String text, final FrameException.Reason reason) {
    assertThatThrownBy(() -> Frames.decode(text, Frames.DEFAULT_MAX_BYTES)).isInstanceOfSatisfying(
        FrameException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void watchesAndFollowedLogsAreStreamed() {
    assertThat(Frames.streamed("GET", "/api/v1/namespaces?watch=true")).isTrue();
    assertThat(Frames.streamed("GET", "/api/v1/namespaces?limit=5&watch=1")).isTrue();
    assertThat(Frames.streamed("GET", "/api/v1/namespaces/a/pods/b/log?follow=true&tailLines=10")).isTrue();
    assertThat(Frames.streamed("GET", "/api/v1/namespaces?watch=false")).isFalse();
    assertThat(Frames.streamed("GET", "/api/v1/namespaces/watch")).isFalse();
    assertThat(Frames.streamed("POST", "/api/v1/namespaces?watch=true")).isFalse();
    assertThat(Console.data("1", "hi".getBytes(java.nio.charset.StandardCharsets.UTF_8)).bytes())
        .isEqualTo("hi".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
