package io.commander.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Every pair of statuses: the lifecycle's transitions are allowed, every other one refused with its reason. */
class ClusterStatusTest {

  /** The lifecycle as an operator reads it, written independently of the implementation's table. */
  private static final Set<String> LIFECYCLE = Set.of(
      "new>creating", "new>joining", "new>configuration_error", "new>new", "new>delete", "new>deleted",
      "configuration_error>new", "configuration_error>ready_to_join", "configuration_error>configuration_error", "configuration_error>in_sync",
      "configuration_error>changing", "configuration_error>delete", "configuration_error>deleted",
      "creating>in_sync", "creating>creation_failed", "creating>delete",
      "creation_failed>creating", "creation_failed>joining", "creation_failed>configuration_error",
      "creation_failed>new", "creation_failed>ready_to_join",
      "creation_failed>delete", "creation_failed>deleted",
      "in_sync>changing", "in_sync>synchronization_failure", "in_sync>configuration_error", "in_sync>delete",
      "changing>in_sync", "changing>synchronization_failure", "changing>delete",
      "synchronization_failure>changing", "synchronization_failure>in_sync",
      "synchronization_failure>configuration_error", "synchronization_failure>delete",
      "delete>deleted", "delete>deletion_failed",
      "deletion_failed>delete", "deletion_failed>deleted",
      "ready_to_join>joining", "ready_to_join>configuration_error", "ready_to_join>delete", "ready_to_join>deleted",
      "joining>in_sync", "joining>ready_to_join", "joining>creation_failed", "joining>delete");

  static Stream<Arguments> everyPair() {
    final List<Arguments> pairs = new ArrayList<>();
    for (ClusterStatus from : ClusterStatus.values()) {
      for (ClusterStatus to : ClusterStatus.values()) {
        pairs.add(Arguments.of(from, to));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("everyPair")
  void transitionsFollowTheLifecycle(final ClusterStatus from, final ClusterStatus to) {
    if (LIFECYCLE.contains(from.id() + ">" + to.id())) {
      from.check(to);
    } else {
      assertThatThrownBy(() -> from.check(to)).isInstanceOf(ClusterStatus.IllegalTransitionException.class)
          .hasMessageStartingWith("a cluster in status " + from.id() + " cannot become " + to.id() + ": ");
    }
  }

  @Test
  void deletedIsTerminalAndSaysSo() {
    assertThatThrownBy(() -> ClusterStatus.DELETED.check(ClusterStatus.NEW))
        .hasMessage("a cluster in status deleted cannot become new: the cluster is deleted");
    assertThat(ClusterStatus.of("in_sync")).isEqualTo(ClusterStatus.IN_SYNC);
  }

  @Test
  void keyPairsAreOpenSshAndFreshEachTime() {
    final SshKeyPair a = SshKeyPair.generate("commander-cluster");
    final SshKeyPair b = SshKeyPair.generate("commander-cluster");
    assertThat(a.publicKey()).matches("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]{43} commander-cluster");
    assertThat(a.privateKey()).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEA")
        .endsWith("-----END OPENSSH PRIVATE KEY-----\n");
    assertThat(a.publicKey()).isNotEqualTo(b.publicKey());
    assertThat(a.toString()).doesNotContain(a.privateKey().substring(40, 80));
  }

  @Test
  void opensshReadsThePrivateKeyAndDerivesThePublicOne(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
      throws Exception {
    final java.nio.file.Path keygen = java.nio.file.Path.of("/usr/bin/ssh-keygen");
    org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(keygen), "ssh-keygen not installed");
    final SshKeyPair pair = SshKeyPair.generate("c");
    final java.nio.file.Path file = dir.resolve("id");
    java.nio.file.Files.writeString(file, pair.privateKey());
    java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    final Process process = new ProcessBuilder(keygen.toString(), "-y", "-f", file.toString()).redirectErrorStream(true)
        .start();
    final String derived = new String(process.getInputStream().readAllBytes()).strip();
    assertThat(process.waitFor()).as(derived).isZero();
    assertThat(derived).startsWith(pair.publicKey().substring(0, pair.publicKey().lastIndexOf(' ')));
  }
}
