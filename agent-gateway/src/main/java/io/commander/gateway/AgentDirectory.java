package io.commander.gateway;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/** What the gateway asks of the rest of Commander: who a token belongs to, and what a cluster should hold. */
public interface AgentDirectory {

  /** The live cluster whose current agent token this is; empty for an unknown, archived or replaced token. */
  Future<Optional<UUID>> authenticate(String token);

  /** The resources the cluster's agent should hold now; empty when the cluster has no rendered revision. */
  Future<Optional<DesiredState>> desiredState(UUID clusterId);

  /** Records what the agent reported applying. */
  Future<Void> recordApplyReport(UUID clusterId, ApplyReport report);
}
