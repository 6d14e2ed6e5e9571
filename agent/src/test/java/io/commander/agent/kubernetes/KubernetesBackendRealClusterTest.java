package io.commander.agent.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Server-side apply, restoration and deletion against a real cluster: runs only when {@code KUBECONFIG}
 * names a kubeconfig (its first file; its current context, with rights to create namespaces). Skipped on
 * a cluster where an agent may run (namespace {@code d8-commander-agent}) or that holds objects labelled
 * {@value Manifests#LABEL_MANAGED}, since the backend deletes labelled objects it is not told to keep.
 * Works in its own namespace and deletes it afterwards.
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+")
@Timeout(180)
class KubernetesBackendRealClusterTest {

  private final String namespace = "commander-agent-test-" + UUID.randomUUID().toString().substring(0, 8);
  private KubernetesClient client;
  private Vertx vertx;
  private KubernetesBackend backend;

  @BeforeEach
  void connect() throws Exception {
    final String first = System.getenv("KUBECONFIG").split(File.pathSeparator)[0];
    vertx = Vertx.vertx();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(first))))
        .withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
    assumeTrue(client.namespaces().withName("d8-commander-agent").get() == null,
        "the cluster has namespace d8-commander-agent: an agent may run there, not touching it");
    assumeTrue(client.configMaps().inAnyNamespace().withLabel(Manifests.LABEL_MANAGED, "true").list().getItems()
        .isEmpty(), "the cluster holds objects labelled " + Manifests.LABEL_MANAGED);
    backend = new KubernetesBackend(vertx, client, new KubernetesSettings(true, Duration.ofSeconds(5),
        Duration.ZERO));
  }

  @AfterEach
  void cleanUp() throws Exception {
    try {
      if (backend != null) {
        KubernetesBackendTest.wait(backend.close());
        KubernetesBackendTest.wait(vertx.close());
      }
      client.namespaces().withName(namespace).delete();
    } finally {
      client.close();
    }
  }

  @Test
  void applyRestoreDeleteAndTelemetry() throws Exception {
    final String primary = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %1$s
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: kept
          namespace: %1$s
        data: {a: "1"}
        """.formatted(namespace);
    final String extra = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: dropped
          namespace: %s
        data: {b: "2"}
        """.formatted(namespace);

    final ApplyReport first = apply(1, new DesiredResources("primary_resources", "enforced", primary),
        new DesiredResources("resources/extra", "enforced", extra));
    assertThat(statuses(first).values()).containsOnly("applied");
    assertThat(client.configMaps().inNamespace(namespace).withName("kept").get().getMetadata().getManagedFields())
        .anySatisfy(f -> assertThat(f.getManager()).isEqualTo("commander-agent"));
    assertThat(statuses(apply(2, new DesiredResources("primary_resources", "enforced", primary),
        new DesiredResources("resources/extra", "enforced", extra))).values()).containsOnly("unchanged");

    client.configMaps().inNamespace(namespace).withName("kept").delete();
    await().atMost(60, TimeUnit.SECONDS).until(() ->
        client.configMaps().inNamespace(namespace).withName("kept").get() != null);

    final ApplyReport third = apply(3, new DesiredResources("primary_resources", "enforced", primary));
    assertThat(statuses(third)).containsEntry("v1/ConfigMap/" + namespace + "/dropped", "deleted");
    await().atMost(30, TimeUnit.SECONDS).until(() ->
        client.configMaps().inNamespace(namespace).withName("dropped").get() == null);

    final var overview = KubernetesBackendTest.wait(backend.allSources(Instant.now())).get("overview");
    assertThat(overview.getJsonObject("nodes").getInteger("total")).isPositive();
    assertThat(overview.getString("kubernetes_version")).matches("\\d+\\.\\d+\\.\\d+");
  }

  private ApplyReport apply(final int revision, final DesiredResources... sets) throws Exception {
    return KubernetesBackendTest.wait(backend.apply(new DesiredState(revision, List.of(sets)), Instant.now()));
  }

  private static Map<String, String> statuses(final ApplyReport report) {
    return report.results().stream().collect(Collectors.toMap(ResourceResult::resource, ResourceResult::status));
  }
}
