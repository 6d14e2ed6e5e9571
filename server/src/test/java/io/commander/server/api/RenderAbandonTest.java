package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A render whose caller went away is abandoned, not finished: its thread serves the next render at
 * once. The workspace may run one render at a time and a render may take 60 s, so without the
 * abandonment the next render of the workspace would wait until its own time ran out.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class RenderAbandonTest {

  private static final String PLACEMENT = "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
      + "internalNetworkCIDRs: [10.0.0.0/24]\n";
  /** A billion steps of function calls without output or large values: tens of seconds, unless cancelled. */
  private static final String ENDLESS = "{{ range until 100000 }}{{ range until 100000 }}{{ $x := add 1 2 }}{{ end }}"
      + "{{ end }}";

  private ApiFixture api;
  private String token;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_RENDERER_THREADS", "2",
        "COMMANDER_RENDERER_WORKSPACE_SHARE", "1", "COMMANDER_RENDERER_TIMEOUT_MS", "60000",
        "COMMANDER_RENDERER_MAX_STEPS", "1000000000"));
    token = api.token(api.admin(), api.workspace("abandon"), false);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private static JsonObject body(final String kubernetes) {
    return new JsonObject().put("params", new JsonArray()).put("values", new JsonObject())
        .put("sections", new JsonObject().put("kubernetes", kubernetes).put("placement", PLACEMENT));
  }

  @Test
  void aRenderWhoseCallerLeftIsAbandonedAndTheNextRunsAtOnce() throws Exception {
    final byte[] json = body(ENDLESS).encode().getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket("127.0.0.1", api.config().http().port())) {
      final OutputStream out = socket.getOutputStream();
      out.write(("POST /api/v1/render HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "X-Auth-Token: " + token + "\r\nX-Request-Id: abandoned-render-1\r\nContent-Length: " + json.length
          + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(json);
      out.flush();
      await().atMost(Duration.ofSeconds(20)).until(() -> metric("commander_renderer_running") == 1);
    }
    // The caller has gone; the workspace's one place frees at the render's next budget check.
    await().atMost(Duration.ofSeconds(3)).until(() -> metric("commander_renderer_running") == 0);
    assertThat(metric("commander_renderer_abandoned_total")).isEqualTo(1);

    final long start = System.nanoTime();
    final Response next = api.call("POST", "/render", body("apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n"
        + "clusterType: Static\npodSubnetCIDR: 10.111.0.0/16\nserviceSubnetCIDR: 10.222.0.0/16\n"
        + "kubernetesVersion: Automatic\nclusterDomain: cluster.local\n"), Credentials.token(token));
    assertThat(next.status()).as(next.body()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  private double metric(final String name) {
    return api.get("/metrics").body().lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }
}
