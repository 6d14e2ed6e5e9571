package io.commander.agent;

import io.commander.agent.simulated.SimulatedBackend;
import io.vertx.core.Vertx;

/**
 * commander-agent's entry point: settings from the variables the installed Deployment sets, one link
 * to the gateway until the process is stopped. Only the {@code simulated} backend exists so far
 * ({@code COMMANDER_AGENT_BACKEND}); the {@code kubernetes} one is refused by name.
 */
public final class Main {

  private Main() {
  }

  public static void main(final String[] args) throws Exception {
    final AgentSettings settings = AgentSettings.fromEnvironment(System.getenv());
    final String backend = System.getenv().getOrDefault("COMMANDER_AGENT_BACKEND", "simulated");
    if (!"simulated".equals(backend)) {
      System.err.println("COMMANDER_AGENT_BACKEND=" + backend + " is not available in this build (simulated is)");
      System.exit(2);
    }
    final String clusterId = System.getenv().getOrDefault("COMMANDER_AGENT_CLUSTER_ID", "unknown");
    final Vertx vertx = Vertx.vertx();
    final AgentLink link = new AgentLink(vertx, AgentLink.client(vertx, settings.caBundle()), settings,
        new SimulatedBackend(clusterId));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      link.stop();
      vertx.close().await();
    }, "agent-shutdown"));
    link.start();
  }
}
