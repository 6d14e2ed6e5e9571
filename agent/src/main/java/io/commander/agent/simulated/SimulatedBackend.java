package io.commander.agent.simulated;

import io.commander.agent.AgentBackend;
import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A believable cluster with no cluster behind it: telemetry from {@link SimulatedCluster}, every resource applied. */
public final class SimulatedBackend implements AgentBackend {

  private final SimulatedCluster cluster;
  private final SimulatedKubernetes kubernetes;
  private volatile DesiredState desired;

  public SimulatedBackend(final String clusterId) {
    this.cluster = new SimulatedCluster(clusterId, clusterId.hashCode());
    this.kubernetes = new SimulatedKubernetes(cluster);
  }

  @Override
  public String name() {
    return "simulated";
  }

  @Override
  public Future<Map<String, JsonObject>> changedSources(final Instant now) {
    return Future.succeededFuture(cluster.advance(now));
  }

  @Override
  public Future<Map<String, JsonObject>> allSources(final Instant now) {
    cluster.advance(now);
    return Future.succeededFuture(cluster.snapshot());
  }

  @Override
  public Future<ApplyReport> apply(final DesiredState state, final Instant now) {
    desired = state;
    final List<ResourceResult> results = state.resources().stream()
        .map(r -> new ResourceResult(r.set(), r.set(), "applied", List.of())).toList();
    return Future.succeededFuture(new ApplyReport(state.revision(), now, now, results));
  }

  /** The simulated cluster's Kubernetes API ({@link SimulatedKubernetes}), within the agent's allow-list. */
  @Override
  public Future<ConsoleResponse> kubernetes(final ConsoleRequest request) {
    return kubernetes.request(request);
  }

  @Override
  public StreamSource stream(final ConsoleRequest request, final StreamSink sink) {
    return kubernetes.stream(request, sink);
  }

  /** What it was last told to hold. */
  public DesiredState desired() {
    return desired;
  }
}
