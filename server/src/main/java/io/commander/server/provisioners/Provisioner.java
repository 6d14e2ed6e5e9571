package io.commander.server.provisioners;

/**
 * How a task touches real infrastructure. One implementation per {@code provisioner} of a cluster
 * ({@code dhctl}, {@code kubeconfig}, {@code simulated}).
 *
 * <p>Methods block: the cluster manager calls them on its bounded provisioner pool, never on an
 * event loop. Each must be idempotent, because a task whose worker died is run again from the
 * start by another worker: an install that finds its cluster already bootstrapped converges it
 * instead of creating a second one. A long step watches {@link Job#cancellation()} and gives up
 * with {@link ProvisionerException.Reason#CANCELED}; {@link Job#timeout()} bounds the whole call.
 * Everything a person needs to understand the run goes to {@link Job#log()}; a failure's message
 * says what failed and why (the tool's last relevant output), never only a status.
 */
public interface Provisioner {

  /** The name clusters use: {@code dhctl}, {@code kubeconfig}, {@code simulated}. */
  String name();

  /** What {@link #apply} would change, without changing anything; destructive changes need an approval. */
  Plan plan(Job job);

  /**
   * Brings the cluster to the rendered configuration: bootstraps (or attaches) it when
   * {@link Job#created()} is false, converges it otherwise.
   */
  void apply(Job job);

  /** Compares the cluster with the rendered configuration. */
  Drift check(Job job);

  /** Removes what Commander created (for attached clusters: what Commander installed into them). */
  void destroy(Job job);
}
