package io.commander.server.provisioners;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One provisioner call: which cluster, what it should look like, and how to report.
 *
 * @param clusterId the cluster (also its {@code dc_clusterUUID})
 * @param clusterName the cluster's name, for logs and labels
 * @param taskId the task this call runs for
 * @param attempt 1 for the first run of the task, more when it is retried or resumed
 * @param created whether the cluster was already created (bootstrapped or attached) by an earlier task
 * @param rendered the rendered sections: {@code kubernetes}, {@code placement}, {@code ssh},
 *     {@code installation}, {@code primary_resources}, {@code resources/<tab>} (multi-document YAML)
 * @param resourceModes per {@code resources/<tab>}: {@code enforced} or {@code create-once}
 * @param secrets decrypted secrets of the cluster: {@code ssh_private_key}, {@code kubeconfig}
 * @param agent what the agent needs when a provisioner installs it, if it does
 * @param settings provisioner settings (phase durations, failure injection, binary paths)
 * @param timeout the most the call may take
 * @param log where the call's output goes
 * @param cancellation set when the task is canceled
 */
public record Job(UUID clusterId, String clusterName, UUID taskId, int attempt, boolean created,
                  Map<String, String> rendered, Map<String, String> resourceModes, Map<String, String> secrets,
                  Optional<AgentInstall> agent, Map<String, String> settings, Duration timeout, TaskLog log,
                  Cancellation cancellation) {

  public Job {
    rendered = Map.copyOf(rendered);
    resourceModes = Map.copyOf(resourceModes);
    secrets = Map.copyOf(secrets);
    settings = Map.copyOf(settings);
  }

  /**
   * What installing commander-agent into a cluster takes.
   *
   * @param commanderId this Commander installation's id: a cluster managed by another one is refused
   * @param serverUrl where the agent connects ({@code https://<dc_domain>/agent_api/<clusterId>})
   * @param token the agent's secret token (its hash is what Commander stores)
   * @param image the agent's container image
   * @param caBundle Commander's CA (PEM), empty when its certificate is publicly trusted
   */
  public record AgentInstall(UUID commanderId, String serverUrl, String token, String image, String caBundle) {
  }
}
