package io.commander.server.provisioners.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.commander.server.provisioners.Cancellation;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Job.AgentInstall;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The happy path against a real cluster, with server-side apply: runs only when {@code KUBECONFIG}
 * names a kubeconfig (its first file; its current context, with cluster-admin rights). It is skipped on
 * a cluster that already has the namespace {@value AgentManifests#NAMESPACE}, so it never touches a
 * real agent, and it removes everything it created. The agent's image is {@code
 * COMMANDER_TEST_AGENT_IMAGE}, by default the pause image, which runs without doing anything.
 */
@EnabledIfEnvironmentVariable(named = "KUBECONFIG", matches = ".+")
@Timeout(300)
class KubeconfigProvisionerRealClusterTest {

  private final UUID commanderId = UUID.randomUUID();
  private final UUID clusterId = UUID.randomUUID();
  private final String namespace = "commander-test-" + clusterId.toString().substring(0, 8);
  private final List<String> log = new ArrayList<>();
  private final KubeconfigProvisioner provisioner = new KubeconfigProvisioner();
  private String kubeconfig;
  private KubernetesClient client;
  private boolean applied;

  @BeforeEach
  void connect() throws IOException {
    final String first = System.getenv("KUBECONFIG").split(File.pathSeparator)[0];
    kubeconfig = Files.readString(Path.of(first));
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig))
        .withHttpClientFactory(new JdkHttpClientFactory()).build();
    assumeTrue(client.namespaces().withName(AgentManifests.NAMESPACE).get() == null,
        "the cluster already has namespace " + AgentManifests.NAMESPACE + ": not touching it");
  }

  @AfterEach
  void cleanUp() {
    try {
      if (applied) {
        provisioner.destroy(job());
      }
    } finally {
      client.namespaces().withName(namespace).delete();
      client.close();
    }
  }

  @Test
  void attachCheckAndDetach() {
    applied = true;
    provisioner.apply(job());

    assertThat(client.apps().deployments().inNamespace(AgentManifests.NAMESPACE).withName(AgentManifests.NAME)
        .get()).isNotNull();
    assertThat(client.configMaps().inNamespace(AgentManifests.NAMESPACE).withName(AgentManifests.OWNERSHIP).get()
        .getData()).containsEntry("commander-id", commanderId.toString());
    assertThat(client.configMaps().inNamespace(namespace).withName("settings").get().getMetadata().getLabels())
        .containsEntry("commander.io/cluster-id", clusterId.toString()).containsEntry("commander.io/tab", "base");
    assertThat(provisioner.check(job()).differences()).isEmpty();
    assertThat(provisioner.plan(job()).changes()).isEmpty();

    client.configMaps().inNamespace(namespace).withName("settings")
        .edit(c -> new ConfigMapBuilder(c).addToData("mode", "lenient").build());
    assertThat(provisioner.check(job()).differences())
        .containsExactly("ConfigMap " + namespace + "/settings (resources/base) differs in data.mode");
    provisioner.apply(job());
    assertThat(provisioner.check(job()).drifted()).isFalse();

    provisioner.destroy(job());

    assertThat(client.apps().deployments().inNamespace(AgentManifests.NAMESPACE).withName(AgentManifests.NAME)
        .get()).isNull();
    assertThat(client.rbac().clusterRoles().withName(AgentManifests.NAME).get()).isNull();
    assertThat(client.rbac().clusterRoleBindings().withName(AgentManifests.NAME).get()).isNull();
    assertThat(client.configMaps().inNamespace(namespace).withName("settings").get()).isNull();
  }

  private Job job() {
    final String rendered = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: %1$s
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: settings
          namespace: %1$s
        data:
          mode: strict
        """.formatted(namespace);
    final String seed = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: seed
          namespace: %s
        data:
          initial: "true"
        """.formatted(namespace);
    final String image = Optional.ofNullable(System.getenv("COMMANDER_TEST_AGENT_IMAGE"))
        .orElse("registry.k8s.io/pause:3.10");
    return new Job(clusterId, "real-cluster-test", UUID.randomUUID(), 1, false,
        Map.of("resources/base", rendered, "resources/seed", seed),
        Map.of("resources/base", "enforced", "resources/seed", "create-once"), Map.of("kubeconfig", kubeconfig),
        Optional.of(new AgentInstall(commanderId, "https://commander.invalid/agent_api/" + clusterId,
            "test-token", image, "")),
        Map.of(), Duration.ofMinutes(2), (stream, text) -> log.add(text), new Cancellation());
  }
}
