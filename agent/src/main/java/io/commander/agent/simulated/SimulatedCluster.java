package io.commander.agent.simulated;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The telemetry content of one simulated cluster. A stand-in with the agreed shape until the full
 * model is in: one {@code overview} source that changes once a minute.
 */
public final class SimulatedCluster {

  private final String clusterId;
  private final long seed;
  private Map<String, JsonObject> current = Map.of();

  public SimulatedCluster(final String clusterId, final long seed) {
    this.clusterId = clusterId;
    this.seed = seed;
  }

  /** Moves the simulated cluster on to {@code now}; answers the sources whose content changed since the last call. */
  public Map<String, JsonObject> advance(final Instant now) {
    final JsonObject overview = new JsonObject().put("cluster_id", clusterId).put("nodes", 3 + (int) (seed % 5))
        .put("minute", now.getEpochSecond() / 60);
    final Map<String, JsonObject> changed = new HashMap<>();
    if (!overview.equals(current.get("overview"))) {
      changed.put("overview", overview);
    }
    current = Map.of("overview", overview);
    return changed;
  }

  /** Every source as it is now. */
  public Map<String, JsonObject> snapshot() {
    return current;
  }
}
