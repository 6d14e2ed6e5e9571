package io.commander.server.provisioners.simulated;

import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.simulated.SimulatedBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agents of simulated clusters, run inside this process but connected through the gateway's
 * real HTTP port, so a simulated cluster shows a live agent like a real one. They share one Vert.x
 * and one websocket client: no thread per agent.
 */
public final class SimulatedAgents {

  private final Vertx vertx;
  private final String serverUrl;
  private final WebSocketClient client;
  private final Map<UUID, AgentLink> links = new ConcurrentHashMap<>();

  /** @param serverUrl where this process's HTTP server listens ({@code http://127.0.0.1:<port>}) */
  public SimulatedAgents(final Vertx vertx, final String serverUrl) {
    this.vertx = vertx;
    this.serverUrl = serverUrl;
    this.client = AgentLink.client(vertx, "");
  }

  /** Starts the cluster's agent, replacing one that runs with another token. */
  public void start(final UUID clusterId, final String token) {
    final AgentLink link = new AgentLink(vertx, client, AgentSettings.forServer(serverUrl, token, ""),
        new SimulatedBackend(clusterId.toString()));
    final AgentLink older = links.put(clusterId, link);
    if (older != null) {
      older.stop();
    }
    link.start();
  }

  public void stop(final UUID clusterId) {
    final AgentLink link = links.remove(clusterId);
    if (link != null) {
      link.stop();
    }
  }

  public boolean running(final UUID clusterId) {
    return links.containsKey(clusterId);
  }
}
