package io.commander.server.provisioners.simulated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.server.provisioners.Cancellation;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.ProvisionerException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The simulated provisioner: phases, failure injection, resume, cancellation, plans and drift. */
@Timeout(30)
class SimulatedProvisionerTest {

  private static final UUID CLUSTER = UUID.randomUUID();
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private Job job(final int attempt, final boolean created, final Map<String, String> settings,
                  final Cancellation cancellation, final int masters) {
    return new Job(CLUSTER, "demo", UUID.randomUUID(), attempt, created,
        Map.of("kubernetes", "kind: YandexClusterConfiguration\nmasterNodeGroup:\n  instanceClass:\n    cores: 4\n"
            + "  replicas: " + masters + "\n"), Map.of(), Map.of(), Optional.empty(), settings, Duration.ofMinutes(1),
        (stream, text) -> lines.add(stream + " " + text), cancellation);
  }

  @Test
  void anInstallGoesThroughDhctlsPhasesLabelledSimulated() {
    new SimulatedProvisioner(Duration.ZERO, "").apply(job(1, false, Map.of(), new Cancellation(), 3));

    assertThat(lines).allMatch(l -> l.contains("[simulated]"));
    assertThat(lines.stream().filter(l -> l.contains("▶")).toList()).containsExactly(
        "system [simulated] ▶ Base Infrastructure", "system [simulated] ▶ Bootstrap master",
        "system [simulated] ▶ Install Deckhouse", "system [simulated] ▶ Create resources");
  }

  @Test
  void aTransientFailureStopsAfterItsAttemptsAndTheResumedRunSkipsWhatWasDone() {
    final SimulatedProvisioner simulated = new SimulatedProvisioner(Duration.ZERO, "install-dkp:transient:1");
    assertThatThrownBy(() -> simulated.apply(job(1, false, Map.of(), new Cancellation(), 3)))
        .isInstanceOfSatisfying(ProvisionerException.class,
            e -> assertThat(e.reason()).isEqualTo(ProvisionerException.Reason.TRANSIENT))
        .hasMessageStartingWith("simulated failure in phase install-dkp: ");
    lines.clear();

    simulated.apply(job(2, false, Map.of(), new Cancellation(), 3));

    assertThat(lines).contains("system [simulated] ~ Base Infrastructure: already done, skipped",
        "system [simulated] ~ Bootstrap master: already done, skipped", "system [simulated] ▶ Install Deckhouse");
  }

  @Test
  void aClustersValueInjectsAPermanentFailure() {
    assertThatThrownBy(() -> new SimulatedProvisioner(Duration.ZERO, "").apply(
        job(1, false, Map.of(SimulatedProvisioner.FAILURE, "base-infrastructure"), new Cancellation(), 3)))
        .isInstanceOfSatisfying(ProvisionerException.class,
            e -> assertThat(e.reason()).isEqualTo(ProvisionerException.Reason.PERMANENT));
    assertThat(lines).last().asString().startsWith("stderr [simulated] simulated failure in phase base-infrastructure");
  }

  @Test
  void cancellationEndsALongPhaseAtOnce() throws Exception {
    final Cancellation cancellation = new Cancellation();
    final SimulatedProvisioner slow = new SimulatedProvisioner(Duration.ofMinutes(10), "");
    final CompletableFuture<Void> run = CompletableFuture.runAsync(
        () -> slow.apply(job(1, false, Map.of(), cancellation, 3)));
    org.awaitility.Awaitility.await().until(() -> lines.stream().anyMatch(l -> l.contains("▶ Base Infrastructure")));

    cancellation.cancel("by a test");

    assertThatThrownBy(() -> run.get(5, TimeUnit.SECONDS)).cause()
        .isInstanceOfSatisfying(ProvisionerException.class,
            e -> assertThat(e.reason()).isEqualTo(ProvisionerException.Reason.CANCELED));
  }

  @Test
  void fewerMastersThanAppliedIsADestructivePlan() {
    final SimulatedProvisioner simulated = new SimulatedProvisioner(Duration.ZERO, "");
    simulated.apply(job(1, false, Map.of(), new Cancellation(), 3));

    final Plan shrink = simulated.plan(job(1, true, Map.of(), new Cancellation(), 1));
    final Plan grow = simulated.plan(job(1, true, Map.of(), new Cancellation(), 5));

    assertThat(shrink.destructive()).containsExactly("delete master node demo-master-2", "delete master node demo-master-1");
    assertThat(grow.isDestructive()).isFalse();
    assertThat(grow.changes()).contains("masterNodeGroup.replicas: 3 -> 5");
  }

  @Test
  void aCheckReportsInjectedDrift() {
    final SimulatedProvisioner simulated = new SimulatedProvisioner(Duration.ZERO, "");
    assertThat(simulated.check(job(1, true, Map.of(), new Cancellation(), 3)).drifted()).isFalse();
    assertThat(simulated.check(job(1, true, Map.of(SimulatedProvisioner.DRIFT, "NodeGroup/worker changed"),
        new Cancellation(), 3)).differences()).containsExactly("NodeGroup/worker changed");
  }
}
