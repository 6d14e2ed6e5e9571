package io.commander.agent;

import io.commander.agent.kubernetes.KubernetesBackend;
import io.commander.agent.kubernetes.KubernetesSettings;
import io.commander.agent.simulated.SimulatedBackend;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.vertx5.Vertx5HttpClientFactory;
import io.vertx.core.Vertx;
import java.util.Map;

/**
 * commander-agent's entry point: settings from the variables the installed Deployment sets, one link
 * to the gateway until the process is stopped. {@code COMMANDER_AGENT_BACKEND} picks the backend:
 * {@code simulated} (the default) or {@code kubernetes}, the cluster the agent runs in (in-cluster
 * service account, or {@code KUBECONFIG}; settings in {@link KubernetesSettings}).
 */
public final class Main {

  private Main() {
  }

  public static void main(final String[] args) throws Exception {
    final Map<String, String> env = System.getenv();
    final AgentSettings settings = AgentSettings.fromEnvironment(env);
    final String name = env.getOrDefault("COMMANDER_AGENT_BACKEND", "simulated");
    if (!"simulated".equals(name) && !KubernetesBackend.NAME.equals(name)) {
      System.err.println("COMMANDER_AGENT_BACKEND=" + name + " is not a backend (simulated, kubernetes)");
      System.exit(2);
    }
    final Vertx vertx = Vertx.vertx();
    final AgentBackend backend;
    final KubernetesClient client;
    if (KubernetesBackend.NAME.equals(name)) {
      final KubernetesSettings kubernetes = KubernetesSettings.fromEnvironment(env);
      // Config.autoConfigure: KUBECONFIG (or ~/.kube/config) when present, else the pod's service account.
      client = new KubernetesClientBuilder().withHttpClientFactory(new Vertx5HttpClientFactory(vertx)).build();
      backend = new KubernetesBackend(vertx, client, kubernetes);
    } else {
      client = null;
      backend = new SimulatedBackend(env.getOrDefault("COMMANDER_AGENT_CLUSTER_ID", "unknown"));
    }
    final AgentLink link = new AgentLink(vertx, AgentLink.client(vertx, settings.caBundle()), settings, backend);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      link.stop();
      if (backend instanceof KubernetesBackend kubernetes) {
        kubernetes.close().await();
      }
      if (client != null) {
        client.close();
      }
      vertx.close().await();
    }, "agent-shutdown"));
    link.start();
  }
}
