package io.commander.agent;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** What the agent's link asks of the cluster it runs in (a real one, or a simulated one). */
public interface AgentBackend {

  /** {@code kubernetes} or {@code simulated}, said in hello. */
  String name();

  /** The telemetry sources whose content changed since the last call (all of them on the first). */
  Future<Map<String, JsonObject>> changedSources(Instant now);

  /** Every source as it is now, sent after each (re)connect. */
  Future<Map<String, JsonObject>> allSources(Instant now);

  /** Makes the cluster hold the desired resources; answers what became of each. */
  Future<ApplyReport> apply(DesiredState desired, Instant now);
}
