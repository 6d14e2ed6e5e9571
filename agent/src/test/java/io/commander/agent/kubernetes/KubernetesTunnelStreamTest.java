package io.commander.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentBackend;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The agent's streamed answers against fabric8's mock API server (CRUD mode): a watch, paused and resumed. */
@EnableKubernetesMockClient(crud = true)
class KubernetesTunnelStreamTest {

  static KubernetesClient client;

  @Test
  void aWatchStreamsEventsAndAPausedOneReadsNothingMoreUntilResumed() {
    final Vertx vertx = Vertx.vertx();
    try {
      final KubernetesTunnel tunnel = new KubernetesTunnel(client, vertx.createSharedWorkerExecutor("t", 2));
      final List<String> events = new CopyOnWriteArrayList<>();
      final List<String> ends = new CopyOnWriteArrayList<>();
      final AgentBackend.StreamSink sink = new AgentBackend.StreamSink() {
        @Override
        public void respond(final ConsoleResponse response) {
          ends.add("response " + response.status());
        }

        @Override
        public void open(final int status, final Map<String, String> headers) {
          events.add("open " + status);
        }

        @Override
        public void data(final byte[] bytes) {
          events.add(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void end(final String reason) {
          ends.add(reason);
        }
      };
      final AgentBackend.StreamSource source = tunnel.stream(new ConsoleRequest("1", "GET",
          "/api/v1/namespaces/default/configmaps?watch=true", Map.of(), null, 1024), sink);
      await().atMost(Duration.ofSeconds(10)).until(() -> events.contains("open 200"));
      create("a");
      await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.contains("\"a\"")));
      source.pause();
      create("b");
      create("c");
      // One event may already have been asked for; nothing after it.
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
          .until(() -> events.stream().noneMatch(e -> e.contains("\"c\"")));
      source.resume();
      await().atMost(Duration.ofSeconds(10)).until(() -> events.stream().anyMatch(e -> e.contains("\"c\"")));
      assertThat(events.get(events.size() - 1)).endsWith("\n");
      source.cancel();
      assertThat(ends).doesNotContain("response 200");
    } finally {
      vertx.close();
    }
  }

  private static void create(final String name) {
    client.configMaps().inNamespace("default").resource(new ConfigMapBuilder().withNewMetadata().withName(name)
        .endMetadata().addToData("k", "v").build()).create();
  }
}
