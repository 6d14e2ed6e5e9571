package io.commander.gateway;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the gateway asks of the rest of Commander: who a token belongs to, and what a cluster should hold.
 * Every question is asked for many sessions at once (one statement each), so a reconnect storm costs
 * a few statements per batch rather than several per agent.
 */
public interface AgentDirectory {

  /** The keyed hash of a token, as {@code clusters.agent_token_hash} holds it. */
  String tokenHash(String token);

  /**
   * The live clusters whose current agent token has one of these hashes; unknown hashes, and those of
   * an archived cluster or a replaced token, are absent.
   */
  Future<Map<String, UUID>> authenticate(Collection<String> tokenHashes);

  /** The resources each cluster's agent should hold now; a cluster without a rendered revision is absent. */
  Future<Map<UUID, DesiredState>> desiredStates(Collection<UUID> clusterIds);

  /** Records what agents reported applying (the latest of a cluster wins when one has several). */
  Future<Void> recordApplyReports(List<Map.Entry<UUID, ApplyReport>> reports);
}
