package io.commander.agent.fleet;

import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.protocol.Frame.Telemetry;
import io.commander.agent.simulated.SimulatedBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * Many simulated clusters' agents in one JVM: a link with a {@link SimulatedBackend} per cluster,
 * all on one Vert.x and one websocket client, each connecting to Commander's real gateway port as
 * an installed agent would.
 */
public final class Fleet {

  private final Vertx vertx;
  private final WebSocketClient client;
  private final String serverUrl;
  private final AgentLink.Stats stats = new AgentLink.Stats();
  private final List<AgentLink> links = new ArrayList<>();
  private volatile BiConsumer<String, Telemetry> telemetrySent = (cluster, t) -> { };

  /** @param serverUrl Commander's URL ({@code http(s)://host:port}); the links use its websocket form */
  public Fleet(final Vertx vertx, final String serverUrl) {
    this.vertx = vertx;
    this.client = AgentLink.client(vertx, "");
    this.serverUrl = serverUrl;
  }

  /** Called on an event loop with each telemetry frame a link wrote, beside its cluster's id. */
  public void onTelemetrySent(final BiConsumer<String, Telemetry> listener) {
    this.telemetrySent = listener;
  }

  /** Starts the agent of a cluster: it connects at once and keeps reconnecting until {@link #stop()}. */
  public synchronized AgentLink add(final String clusterId, final String token) {
    final AgentLink link = new AgentLink(vertx, client, AgentSettings.forServer(serverUrl, token, ""),
        new SimulatedBackend(clusterId), stats);
    link.onTelemetrySent(t -> telemetrySent.accept(clusterId, t));
    links.add(link);
    link.start();
    return link;
  }

  public synchronized int size() {
    return links.size();
  }

  /** Links the gateway welcomed whose connection is open now. */
  public synchronized int connected() {
    int n = 0;
    for (AgentLink link : links) {
      n += link.connected() ? 1 : 0;
    }
    return n;
  }

  /** Connections beyond each link's first. */
  public synchronized long reconnects() {
    long n = 0;
    for (AgentLink link : links) {
      n += Math.max(0, link.connects() - 1);
    }
    return n;
  }

  public AgentLink.Stats stats() {
    return stats;
  }

  /** One line: connected of all, reconnects, and every kind of failure so far. */
  public String status() {
    final int total = size();
    return String.format(Locale.ROOT, "%,d/%,d connected, %,d reconnects; refused (401) %,d, throttled (503) %,d, "
            + "failed %,d, unanswered %,d, closed %,d, drained %,d, replaced %,d", connected(), total, reconnects(),
        stats.refused.sum(), stats.throttled.sum(), stats.failed.sum(), stats.unanswered.sum(), stats.closed.sum(),
        stats.drained.sum(), stats.replaced.sum());
  }

  /** Closes every link; completes when the websocket client is closed. */
  public Future<Void> stop() {
    final List<AgentLink> all;
    synchronized (this) {
      all = new ArrayList<>(links);
    }
    all.forEach(AgentLink::stop);
    return client.close();
  }
}
