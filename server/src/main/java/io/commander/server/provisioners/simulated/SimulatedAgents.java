package io.commander.server.provisioners.simulated;

import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.simulated.SimulatedBackend;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents of simulated clusters, run inside this process but connected through the gateway's
 * real HTTP port, so a simulated cluster shows a live agent like a real one. They share one Vert.x
 * and one websocket client: no thread per agent.
 */
public final class SimulatedAgents {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedAgents.class);
  private static final String INSTALLED = """
      SELECT id, agent_token_encrypted FROM clusters
      WHERE provisioner = 'simulated' AND was_created AND archived_at IS NULL AND agent_token_encrypted IS NOT NULL""";

  private final Vertx vertx;
  private final String serverUrl;
  private final WebSocketClient client;
  private final Map<UUID, AgentLink> links = new ConcurrentHashMap<>();

  /** @param serverUrl where this process's HTTP server listens ({@code http://127.0.0.1:<port>}) */
  public SimulatedAgents(final Vertx vertx, final String serverUrl) {
    this(vertx, serverUrl, AgentLink.client(vertx, ""));
  }

  /** @param client the agents' websocket client (trusting this process's own certificate, over TLS) */
  public SimulatedAgents(final Vertx vertx, final String serverUrl, final WebSocketClient client) {
    this.vertx = vertx;
    this.serverUrl = serverUrl;
    this.client = client;
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

  /**
   * Starts the agents of simulated clusters that are installed, as after a restart of the process.
   * Tokens are decrypted one at a time; a cluster whose token cannot be read is skipped with a warning.
   */
  public Future<Integer> resume(final Pool pool, final Keys keys) {
    return pool.query(INSTALLED).execute().compose(rows -> {
      final List<Future<?>> started = new ArrayList<>();
      for (Row row : rows) {
        final UUID clusterId = row.getUUID("id");
        started.add(keys.decrypt(EncryptedColumn.CLUSTER_AGENT_TOKEN.context(), row.getString("agent_token_encrypted"))
            .onSuccess(token -> start(clusterId, token))
            .onFailure(e -> LOG.warn("simulated agent of cluster {} not resumed: {}", clusterId, e.getMessage())));
      }
      return Future.join(started).transform(x -> Future.succeededFuture(rows.size()));
    });
  }

  public boolean running(final UUID clusterId) {
    return links.containsKey(clusterId);
  }
}
