package io.commander.server.provisioners.simulated;

import io.commander.core.config.CommanderConfig;
import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.Provisioner;
import io.commander.server.provisioners.ProvisionerException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A believable DKP install without infrastructure, for the demo, tests and benchmarks: the phases
 * dhctl goes through, with log lines like its own (each marked {@code [simulated]}), taking
 * {@code simulated.install-duration} for a whole install. It remembers the phases each cluster got
 * through, so a run resumed after its instance died skips them, as dhctl does with its state.
 *
 * <p>Failures are injected with {@code simulated.failure}, or per cluster with the value
 * {@code x-simulate-failure}: {@code <phase>[:transient[:<attempts>]]} fails in that phase, for
 * good or (transient) on the first {@code attempts} attempts (all of them when omitted).
 * {@code x-simulate-drift: <text>} makes checks report that difference, and
 * {@code x-simulate-applied-masters: <n>} says how many masters the cluster has when the
 * simulator has not applied it itself (plans compare it with the rendered
 * {@code masterNodeGroup.replicas}).
 */
public final class SimulatedProvisioner implements Provisioner {

  public static final String NAME = "simulated";
  public static final String FAILURE = "x-simulate-failure";
  public static final String DRIFT = "x-simulate-drift";
  public static final String APPLIED_MASTERS = "x-simulate-applied-masters";
  private static final String PREFIX = "[simulated] ";
  private static final Pattern MASTER_REPLICAS =
      Pattern.compile("masterNodeGroup:\\s*\\n(?:[ \\t]+.*\\n)*?[ \\t]+replicas:\\s*(\\d+)");

  /** One phase: its name (as failure injection names it), its title and what it prints. */
  private record Phase(String name, String title, List<String> lines) {
  }

  private static final List<Phase> BOOTSTRAP = List.of(
      new Phase("base-infrastructure", "Base Infrastructure", List.of(
          "Terraform: initializing provider plugins",
          "Terraform: creating network and security groups",
          "Terraform: apply complete! Resources: 7 added, 0 changed, 0 destroyed")),
      new Phase("bootstrap-master", "Bootstrap master", List.of(
          "Waiting for SSH connection to the first master",
          "Running bashible bundle on the master: installing containerd and kubelet",
          "Kubernetes control plane is up: kube-apiserver ready")),
      new Phase("install-dkp", "Install Deckhouse", List.of(
          "Creating the deckhouse Deployment and its configuration",
          "Waiting for the Deckhouse pod to become Ready",
          "Deckhouse is Ready; modules converged")),
      new Phase("create-resources", "Create resources", List.of(
          "Applying resources.yaml: NodeGroups, ModuleConfigs, users",
          "Resources created")));
  private static final List<Phase> CONVERGE = List.of(
      new Phase("check-state", "Check cluster state", List.of("Reading the cluster state from kube-system")),
      new Phase("converge-infrastructure", "Converge base infrastructure", List.of(
          "Terraform: plan: 0 to add, 1 to change, 0 to destroy", "Terraform: apply complete")),
      new Phase("converge-masters", "Converge master nodes", List.of("Master nodes are up to date")),
      new Phase("create-resources", "Update resources", List.of("Applying resources.yaml", "Resources updated")));
  private static final List<Phase> DESTROY = List.of(
      new Phase("delete-resources", "Delete resources", List.of(
          "Deleting LoadBalancer Services and PersistentVolumes")),
      new Phase("destroy-infrastructure", "Destroy infrastructure", List.of(
          "Terraform: destroying master nodes", "Terraform: destroying base infrastructure",
          "Terraform: destroy complete! Resources: 7 destroyed")));

  private final Duration phaseDuration;
  private final String failure;
  // What each cluster got through and how many masters it was applied with (as dhctl's state would say).
  private final Map<UUID, Set<String>> done = new ConcurrentHashMap<>();
  private final Map<UUID, Integer> appliedMasters = new ConcurrentHashMap<>();

  private final Optional<SimulatedAgents> agents;

  /** With a simulated agent for each installed cluster. */
  public SimulatedProvisioner(final CommanderConfig.Simulated settings, final SimulatedAgents agents) {
    this(settings.installDuration(), settings.failure(), Optional.of(agents));
  }

  /**
   * @param installDuration a whole install, spread over its phases
   * @param failure {@code <phase>[:transient[:<attempts>]]}, or empty
   */
  public SimulatedProvisioner(final Duration installDuration, final String failure) {
    this(installDuration, failure, Optional.empty());
  }

  private SimulatedProvisioner(final Duration installDuration, final String failure,
                               final Optional<SimulatedAgents> agents) {
    this.agents = agents;
    this.phaseDuration = installDuration.dividedBy(BOOTSTRAP.size());
    this.failure = failure;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Plan plan(final Job job) {
    final List<String> changes = new ArrayList<>(List.of("converge base infrastructure", "update resources"));
    final List<String> destructive = new ArrayList<>();
    final Optional<Integer> desired = masters(job.rendered());
    final Optional<Integer> applied = Optional.ofNullable(appliedMasters.get(job.clusterId()))
        .or(() -> Optional.ofNullable(job.settings().get(APPLIED_MASTERS)).map(Integer::valueOf));
    if (desired.isPresent() && applied.isPresent() && !desired.equals(applied)) {
      final String change = "masterNodeGroup.replicas: " + applied.get() + " -> " + desired.get();
      if (desired.get() < applied.get()) {
        for (int i = applied.get() - 1; i >= desired.get(); i--) {
          destructive.add("delete master node " + job.clusterName() + "-master-" + i);
        }
      } else {
        changes.add(change);
      }
    }
    job.log().info(PREFIX + "plan: " + changes.size() + " changes, " + destructive.size() + " destructive");
    return new Plan(changes, destructive);
  }

  @Override
  public void apply(final Job job) {
    if (!job.created()) {
      run(job, "bootstrap", BOOTSTRAP);
    } else {
      run(job, "converge", CONVERGE);
    }
    masters(job.rendered()).ifPresent(n -> appliedMasters.put(job.clusterId(), n));
    done.remove(job.clusterId());
    agents.ifPresent(a -> job.agent().ifPresent(install -> {
      if (!a.running(job.clusterId())) {
        job.log().info(PREFIX + "starting the cluster's simulated commander-agent");
        a.start(job.clusterId(), install.token());
      }
    }));
  }

  @Override
  public Drift check(final Job job) {
    job.log().info(PREFIX + "checking the cluster against its configuration");
    pause(job, phaseDuration.dividedBy(4));
    failIfInjected(job, "check");
    final String drift = job.settings().get(DRIFT);
    if (drift == null || drift.isBlank()) {
      job.log().info(PREFIX + "check: the cluster is in sync");
      return new Drift(List.of());
    }
    job.log().info(PREFIX + "check: out of sync");
    return new Drift(List.of(drift));
  }

  @Override
  public void destroy(final Job job) {
    run(job, "destroy", DESTROY);
    agents.ifPresent(a -> a.stop(job.clusterId()));
    appliedMasters.remove(job.clusterId());
    done.remove(job.clusterId());
  }

  private void run(final Job job, final String operation, final List<Phase> phases) {
    job.log().info(PREFIX + "dhctl " + operation + " of cluster " + job.clusterName() + " (attempt " + job.attempt()
        + "): no real infrastructure is touched");
    final Set<String> finished = done.computeIfAbsent(job.clusterId(), id -> ConcurrentHashMap.newKeySet());
    for (Phase phase : phases) {
      final String key = operation + "/" + phase.name();
      if (finished.contains(key)) {
        job.log().info(PREFIX + "~ " + phase.title() + ": already done, skipped");
        continue;
      }
      job.cancellation().check();
      job.log().info(PREFIX + "▶ " + phase.title());
      final Duration step = phaseDuration.dividedBy(phase.lines().size());
      for (String line : phase.lines()) {
        pause(job, step);
        job.log().line("stdout", PREFIX + line);
      }
      failIfInjected(job, phase.name());
      finished.add(key);
      job.log().info(PREFIX + "✔ " + phase.title() + " done");
    }
  }

  private void failIfInjected(final Job job, final String phase) {
    final String spec = job.settings().getOrDefault(FAILURE, failure);
    if (spec == null || spec.isBlank()) {
      return;
    }
    final String[] parts = spec.trim().split(":");
    if (!parts[0].equals(phase)) {
      return;
    }
    final boolean transientFailure = parts.length > 1 && "transient".equals(parts[1]);
    final int attempts = parts.length > 2 ? Integer.parseInt(parts[2]) : Integer.MAX_VALUE;
    if (transientFailure && job.attempt() > attempts) {
      return;
    }
    final String message = "simulated failure in phase " + phase + ": " + (transientFailure
        ? "timeout waiting for the Kubernetes API server (connection refused)"
        : "the configuration was refused: ClusterConfiguration.spec is invalid");
    job.log().line("stderr", PREFIX + message);
    throw new ProvisionerException(transientFailure ? ProvisionerException.Reason.TRANSIENT
        : ProvisionerException.Reason.PERMANENT, message);
  }

  /** Waits, but returns at once when the task is canceled. */
  private static void pause(final Job job, final Duration duration) {
    if (duration.isZero()) {
      job.cancellation().check();
      return;
    }
    final CountDownLatch canceled = new CountDownLatch(1);
    job.cancellation().onCancel(canceled::countDown);
    try {
      canceled.await(duration.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProvisionerException(ProvisionerException.Reason.CANCELED, "interrupted");
    }
    job.cancellation().check();
  }

  private static Optional<Integer> masters(final Map<String, String> rendered) {
    for (String section : rendered.values()) {
      final Matcher m = MASTER_REPLICAS.matcher(section);
      if (m.find()) {
        return Optional.of(Integer.parseInt(m.group(1)));
      }
    }
    return Optional.empty();
  }
}
