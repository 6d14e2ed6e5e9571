package io.commander.server.provisioners.dhctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.commander.server.provisioners.Cancellation;
import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.ProvisionerException.Reason;
import io.commander.server.provisioners.TaskLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The dhctl provisioner against a stand-in binary ({@code src/test/resources/dhctl-double/dhctl})
 * that records its arguments, environment and input files and answers as its mode asks.
 */
@Timeout(60)
class DhctlProvisionerTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private static final String PRIVATE_KEY = """
      -----BEGIN OPENSSH PRIVATE KEY-----
      b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
      QyNTUxOQAAACBmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZmZgAAAJgAAAAA
      -----END OPENSSH PRIVATE KEY-----
      """;
  private static final String SUDO_PASSWORD = "s3cret-sudo-pw";

  private static final String CLUSTER_CONFIGURATION = """
      apiVersion: deckhouse.io/v1
      kind: ClusterConfiguration
      clusterType: Static
      podSubnetCIDR: 10.111.0.0/16
      serviceSubnetCIDR: 10.222.0.0/16
      kubernetesVersion: "Automatic"
      clusterDomain: cluster.local
      """;
  private static final String STATIC_CLUSTER_CONFIGURATION = """
      apiVersion: deckhouse.io/v1
      kind: StaticClusterConfiguration
      internalNetworkCIDRs:
      - 10.0.0.0/24
      """;
  private static final String INIT_CONFIGURATION = """
      apiVersion: deckhouse.io/v1
      kind: InitConfiguration
      deckhouse:
        imagesRepo: registry.example.com/deckhouse/ee
        registryDockerCfg: eyJhdXRocyI6eyJyZWdpc3RyeS5leGFtcGxlLmNvbSI6eyJhdXRoIjoiZFhObGNqcHdZWE56In19fQ==
      """;
  private static final String SSH_CONFIG = """
      apiVersion: dhctl.deckhouse.io/v1
      kind: SSHConfig
      sshUser: ubuntu
      sshPort: 22
      sudoPassword: "%s"
      """.formatted(SUDO_PASSWORD);
  private static final String SSH_HOST = """
      apiVersion: dhctl.deckhouse.io/v1
      kind: SSHHost
      host: 10.0.0.10
      """;
  private static final String DECKHOUSE_MODULE = """
      apiVersion: deckhouse.io/v1alpha1
      kind: ModuleConfig
      metadata:
        name: deckhouse
      spec:
        version: 1
        settings:
          bundle: Default
      """;
  private static final String NODE_GROUP = """
      apiVersion: deckhouse.io/v1
      kind: NodeGroup
      metadata:
        name: worker
      spec:
        nodeType: Static
      """;
  private static final String EXTERNAL_MODULE = """
      apiVersion: deckhouse.io/v1alpha1
      kind: ModuleConfig
      metadata:
        name: my-external
      spec:
        enabled: true
      """;
  private static final String NAMESPACE = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: platform
      """;
  private static final String CONSOLE_MODULE = """
      # The admin console is built into DKP.
      apiVersion: deckhouse.io/v1alpha1
      kind: ModuleConfig
      metadata:
        name: console
      spec:
        enabled: true
      """;
  private static final String CONFIG_MAP = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: greeting
        namespace: platform
      data:
        hello: world
      """;

  @TempDir
  Path tmp;

  private Path dhctl;
  private Path record;
  private Path work;
  private final List<Line> log = new CopyOnWriteArrayList<>();
  private final Cancellation cancellation = new Cancellation();
  private final ExecutorService worker = Executors.newSingleThreadExecutor();

  @BeforeEach
  void installTheDouble() throws IOException {
    dhctl = tmp.resolve("bin/dhctl");
    Files.createDirectories(dhctl.getParent());
    try (InputStream in = getClass().getResourceAsStream("/dhctl-double/dhctl")) {
      Files.copy(in, dhctl);
    }
    Files.setPosixFilePermissions(dhctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    record = tmp.resolve("record");
    work = tmp.resolve("work");
  }

  @AfterEach
  void stopTheWorker() throws InterruptedException {
    worker.shutdownNow();
    assertThat(worker.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void bootstrapStreamsTheOutputInOrderHandsOverPrivateFilesAndRemovesThem() throws IOException {
    new DhctlProvisioner().apply(job(false, 1, Map.of("dhctl.resources-timeout", "20m")));

    assertThat(calls()).containsExactly("01-bootstrap");
    final Path call = record.resolve("01-bootstrap");
    final Path dir = Path.of(Files.readString(call.resolve("pwd")).strip());
    assertThat(dir.getParent()).isEqualTo(work);
    assertThat(argv(call)).containsExactly("bootstrap", "--config=" + dir.resolve("config.yaml"),
        "--resources=" + dir.resolve("resources.yaml"), "--resources-timeout=20m",
        "--connection-config=" + dir.resolve("connection.yaml"), "--tmp-dir=" + dir.resolve("tmp"));

    assertThat(Files.readString(call.resolve("files/config.yaml"))).isEqualTo(String.join("---\n",
        INIT_CONFIGURATION, DECKHOUSE_MODULE, CONSOLE_MODULE, CLUSTER_CONFIGURATION, STATIC_CLUSTER_CONFIGURATION));
    assertThat(Files.readString(call.resolve("files/resources.yaml")))
        .as("primary resources first, then the tabs by name; the external module's ModuleConfig stays a resource")
        .isEqualTo(String.join("---\n", NODE_GROUP, EXTERNAL_MODULE, CONFIG_MAP, NAMESPACE));
    final List<Map<String, Object>> connection = yamlDocuments(call.resolve("files/connection.yaml"));
    assertThat(connection).hasSize(2);
    assertThat(connection.get(0)).containsEntry("kind", "SSHConfig").containsEntry("sshUser", "ubuntu")
        .containsEntry("sudoPassword", SUDO_PASSWORD)
        .as("the cluster's key is added to an SSHConfig without one")
        .containsEntry("sshAgentPrivateKeys", List.of(Map.of("key", PRIVATE_KEY)));
    assertThat(connection.get(1)).containsEntry("kind", "SSHHost").containsEntry("host", "10.0.0.10");

    assertThat(Files.readAllLines(call.resolve("perms")))
        .containsExactly("600 config.yaml", "600 resources.yaml", "600 connection.yaml");
    assertThat(Files.readString(call.resolve("dirperms")).strip()).isEqualTo("700");

    final Map<String, String> env = env(call);
    assertThat(env.keySet()).as("a clean environment plus the dhctl.env.* settings")
        .containsExactlyInAnyOrder("PATH", "HOME", "TMPDIR", "LANG", "DHCTL_DOUBLE_RECORD");
    assertThat(env).containsEntry("HOME", dir.toString()).containsEntry("TMPDIR", dir.resolve("tmp").toString())
        .containsEntry("LANG", "C");

    assertThat(lines("stdout")).containsSubsequence(
        "┌ ⛵ ~ Bootstrap: Connect to host",
        "│ Connecting to 10.0.0.10:22 as ubuntu ... OK",
        "┌ ⛵ ~ Bootstrap: Base Infrastructure",
        "┌ ⛵ ~ Bootstrap: Install Deckhouse",
        "│ Waiting for Deckhouse to become ready ... OK",
        "┌ ⛵ ~ Bootstrap: Create Resources",
        "Bootstrap is done");
    assertThat(lines("system")).anyMatch(line -> line.startsWith("$ " + dhctl + " bootstrap --config="))
        .anyMatch(line -> line.startsWith("dhctl bootstrap finished in "));
    assertThat(log).noneMatch(line -> line.text().contains(SUDO_PASSWORD) || line.text().contains("b3BlbnNzaC1rZXkt"));
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void aCreatedClusterIsConverged() throws IOException {
    new DhctlProvisioner().apply(job(true, 1, Map.of()));

    assertThat(calls()).containsExactly("01-converge");
    final Path call = record.resolve("01-converge");
    final Path dir = Path.of(Files.readString(call.resolve("pwd")).strip());
    assertThat(argv(call)).containsExactly("converge", "--config=" + dir.resolve("config.yaml"),
        "--connection-config=" + dir.resolve("connection.yaml"), "--tmp-dir=" + dir.resolve("tmp"));
    assertThat(lines("stdout")).contains("┌ ⛵ ~ Converge: Install Deckhouse", "Converge is done");
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void aResumedInstallConvergesTheClusterAnEarlierAttemptBootstrapped() throws IOException {
    new DhctlProvisioner().apply(job(false, 2, Map.of("dhctl.env.DHCTL_DOUBLE_CHECK", "in-sync")));

    assertThat(calls()).containsExactly("01-terraform-check", "02-converge");
    assertThat(argv(record.resolve("01-terraform-check"))).startsWith("terraform", "check", "--output=json");
    assertThat(lines("system")).contains("the cluster exists: converging it instead of bootstrapping a second one");
  }

  @Test
  void aResumedInstallBootstrapsWhenNoClusterExists() throws IOException {
    new DhctlProvisioner().apply(job(false, 3, Map.of("dhctl.env.DHCTL_DOUBLE_CHECK", "no-cluster")));

    assertThat(calls()).containsExactly("01-terraform-check", "02-bootstrap");
    assertThat(lines("system")).anyMatch(line -> line.startsWith("no bootstrapped cluster found (Error: infrastructure "
        + "cluster state in Kubernetes cluster not found") && line.endsWith("): bootstrapping"));
  }

  @Test
  void aResumedInstallDoesNotBootstrapWhenItCannotTellWhetherTheClusterExists() throws IOException {
    assertThatThrownBy(() -> new DhctlProvisioner().apply(job(false, 2,
        Map.of("dhctl.env.DHCTL_DOUBLE_CHECK", "unreachable"))))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
          assertThat(e.getMessage()).contains("not bootstrapped again yet")
              .contains("Error: dial tcp 10.0.0.10:22: connect: connection refused");
        });
    assertThat(calls()).containsExactly("01-terraform-check");
  }

  @Test
  void aFailureNamesTheCommandTheExitCodeAndTheCause() {
    assertThatThrownBy(() -> new DhctlProvisioner().apply(job(false, 1, Map.of("dhctl.env.DHCTL_DOUBLE_MODE",
        "failure"))))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).isEqualTo("dhctl bootstrap failed with exit code 1: Error: ssh: handshake "
              + "failed: ssh: unable to authenticate, attempted methods [none publickey], no supported methods remain");
        });
    assertThat(lines("stderr")).containsExactly("ssh: retrying in 5 seconds", "Error: ssh: handshake failed: ssh: "
        + "unable to authenticate, attempted methods [none publickey], no supported methods remain");
    assertThat(lines("system")).anyMatch(line -> line.startsWith("dhctl bootstrap exited with code 1 after "));
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void aNetworkFailureIsWorthRetrying() {
    assertThatThrownBy(() -> new DhctlProvisioner().apply(job(true, 1, Map.of("dhctl.env.DHCTL_DOUBLE_MODE",
        "transient"))))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
          assertThat(e.getMessage()).isEqualTo("dhctl converge failed with exit code 1: "
              + "Error: dial tcp 10.0.0.10:22: connect: connection refused");
        });
  }

  @Test
  void theTimeoutStopsTheWholeProcessTreeEvenWhenItIgnoresSigterm() throws IOException {
    final Job job = job(false, 1, Map.of("dhctl.env.DHCTL_DOUBLE_MODE", "stubborn", "dhctl.kill-grace", "PT0.5S"),
        Duration.ofSeconds(3));

    assertThatThrownBy(() -> new DhctlProvisioner().apply(job))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
          assertThat(e.getMessage()).startsWith("dhctl bootstrap ran past the call's timeout of 3s and was stopped");
        });

    final Path call = record.resolve("01-bootstrap");
    assertGone(pid(call.resolve("pid")), pid(call.resolve("child.pid")));
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void aCancelMidRunStopsDhctlAndItsChildren() throws Exception {
    final Job job = job(true, 1, Map.of("dhctl.env.DHCTL_DOUBLE_MODE", "hang"));
    final CompletableFuture<Void> running = CompletableFuture.runAsync(() -> new DhctlProvisioner().apply(job), worker);

    final Path call = record.resolve("01-converge");
    await().atMost(PATIENCE).until(() -> Files.exists(call.resolve("child.pid"))
        && lines("stdout").contains("│ 🔨 Waiting for the first master to answer ..."));
    assertThat(running).as("still running, its output already in the log").isNotDone();
    cancellation.cancel("canceled by alice");

    final ExecutionException failure = assertThrows(ExecutionException.class,
        () -> running.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
    assertThat(failure.getCause()).isInstanceOfSatisfying(ProvisionerException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.CANCELED);
      assertThat(e.getMessage()).startsWith("dhctl converge was canceled (canceled by alice) and stopped");
    });
    assertGone(pid(call.resolve("pid")), pid(call.resolve("child.pid")));
    assertThat(work).isEmptyDirectory();
  }

  @Test
  void aCanceledTaskStartsNothing() {
    cancellation.cancel("canceled before it started");

    assertThatThrownBy(() -> new DhctlProvisioner().apply(job(false, 1, Map.of())))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CANCELED));
    assertThat(record).doesNotExist();
    assertThat(work).doesNotExist();
  }

  @Test
  void thePlanFlagsDestructiveChanges() throws IOException {
    final Plan plan = new DhctlProvisioner().plan(job(true, 1, Map.of("dhctl.env.DHCTL_DOUBLE_CHECK", "destructive")));

    assertThat(plan.changes()).containsExactly("cluster infrastructure: changed", "node group worker: changed",
        "node master/dev-master-0: destructively_changed", "node worker/dev-worker-2: abandoned");
    assertThat(plan.destructive())
        .containsExactly("node master/dev-master-0: destructively_changed", "node worker/dev-worker-2: abandoned");
    assertThat(plan.isDestructive()).isTrue();
    final Path call = record.resolve("01-terraform-check");
    final Path dir = Path.of(Files.readString(call.resolve("pwd")).strip());
    assertThat(argv(call)).containsExactly("terraform", "check", "--output=json",
        "--config=" + dir.resolve("config.yaml"), "--connection-config=" + dir.resolve("connection.yaml"),
        "--tmp-dir=" + dir.resolve("tmp"));
    assertThat(lines("stdout")).startsWith("Check started ...");
  }

  @Test
  void thePlanOfAClusterNotYetCreatedIsItsBootstrapAndRunsNothing() {
    final Plan plan = new DhctlProvisioner().plan(job(false, 1, Map.of()));

    assertThat(plan.changes()).containsExactly("bootstrap cluster dev (it does not exist yet)");
    assertThat(plan.isDestructive()).isFalse();
    assertThat(record).doesNotExist();
  }

  @Test
  void aCheckReportsDrift() {
    final Drift drift = new DhctlProvisioner().check(job(true, 1, Map.of("dhctl.env.DHCTL_DOUBLE_CHECK", "drift")));
    assertThat(drift.differences()).containsExactly("cluster infrastructure: changed", "node group worker: changed",
        "node worker/dev-worker-1: absent");

    final Drift none = new DhctlProvisioner().check(job(true, 1, Map.of("dhctl.env.DHCTL_DOUBLE_CHECK", "in-sync")));
    assertThat(none.drifted()).isFalse();
    assertThat(calls()).containsExactly("01-terraform-check", "02-terraform-check");
  }

  @Test
  void aCheckWithoutAReportIsAnError() {
    assertThatThrownBy(() -> new DhctlProvisioner().check(job(true, 1,
        Map.of("dhctl.env.DHCTL_DOUBLE_CHECK", "garbage"))))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).startsWith("dhctl terraform check printed no check result");
        });
  }

  @Test
  void destroyConfirmsTheDestruction() throws IOException {
    new DhctlProvisioner().destroy(job(true, 1, Map.of()));

    assertThat(calls()).containsExactly("01-destroy");
    assertThat(argv(record.resolve("01-destroy")))
        .startsWith("destroy", "--yes-i-am-sane-and-i-understand-what-i-am-doing");
    assertThat(lines("stdout")).contains("Destroy is done");
  }

  @Test
  void secretsInTheOutputAreMasked() {
    new DhctlProvisioner().apply(job(true, 1, Map.of("dhctl.env.DHCTL_DOUBLE_MODE", "leak")));

    assertThat(lines("stdout")).contains("debug: connection config:", "sudoPassword: " + SecretMask.MASK)
        .anyMatch(line -> line.contains("-----BEGIN OPENSSH PRIVATE KEY-----"))
        .anyMatch(line -> line.strip().equals(SecretMask.MASK));
    assertThat(log).noneMatch(line -> line.text().contains(SUDO_PASSWORD) || line.text().contains("b3BlbnNzaC1rZXkt")
        || line.text().contains("QyNTUxOQAAACBm"));
  }

  @Test
  void aMissingBinarySaysWhichPathAndHowToConfigureIt() {
    final Path missing = tmp.resolve("nowhere/dhctl");
    assertThatThrownBy(() -> new DhctlProvisioner().apply(job(false, 1, Map.of("dhctl.binary", missing.toString()))))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).isEqualTo("the dhctl binary " + missing + " (setting dhctl.binary) does not "
              + "exist: install the DKP installer there or point dhctl.binary at it");
        });
    assertThat(work).doesNotExist();
  }

  @Test
  void aBinaryThatIsNotExecutableIsRefused() throws IOException {
    final Path plain = Files.writeString(tmp.resolve("dhctl-plain"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
    assertThatThrownBy(() -> new DhctlProvisioner().apply(job(false, 1, Map.of("dhctl.binary", plain.toString()))))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).contains(plain + " (setting dhctl.binary) is not executable");
        });
  }

  @Test
  void theDkpVersionChoosesTheBinary() {
    final Map<String, String> settings = Map.of("dhctl.binary", tmp.resolve("nowhere/dhctl").toString(),
        "dhctl.binary.1.67", dhctl.toString(), "dhctl.version", "v1.67.3");
    new DhctlProvisioner().apply(job(true, 1, settings));
    assertThat(calls()).containsExactly("01-converge");

    final Map<String, String> unknown = Map.of("dhctl.binary", dhctl.toString(), "dhctl.version", "1.70.1");
    assertThatThrownBy(() -> new DhctlProvisioner().apply(job(true, 1, unknown)))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).startsWith("no dhctl binary is configured for DKP version 1.70.1: set "
              + "dhctl.binary.1.70");
        });

    final DhctlProvisioner configured = new DhctlProvisioner(new DhctlBinaries(Map.of("1.68", dhctl), Optional.empty()));
    configured.apply(job(true, 1, Map.of("dhctl.version", "1.68")));
    assertThat(calls()).containsExactly("01-converge", "02-converge");
  }

  private Job job(final boolean created, final int attempt, final Map<String, String> extra) {
    return job(created, attempt, extra, Duration.ofMinutes(5));
  }

  private Job job(final boolean created, final int attempt, final Map<String, String> extra, final Duration timeout) {
    final Map<String, String> rendered = new HashMap<>();
    rendered.put("kubernetes", CLUSTER_CONFIGURATION);
    rendered.put("placement", STATIC_CLUSTER_CONFIGURATION);
    rendered.put("ssh", SSH_CONFIG + "---\n" + SSH_HOST);
    rendered.put("installation", INIT_CONFIGURATION);
    rendered.put("primary_resources", "---\n" + DECKHOUSE_MODULE + "---\n" + NODE_GROUP + "\n\n---\n" + EXTERNAL_MODULE);
    rendered.put("resources/platform", NAMESPACE + "---\n" + CONSOLE_MODULE + "...\n");
    rendered.put("resources/apps", CONFIG_MAP);
    final Map<String, String> settings = new HashMap<>();
    settings.put("dhctl.binary", dhctl.toString());
    settings.put("dhctl.work-dir", work.toString());
    settings.put("dhctl.external-modules", "my-external, other-external");
    settings.put("dhctl.env.DHCTL_DOUBLE_RECORD", record.toString());
    settings.putAll(extra);
    final TaskLog taskLog = (stream, text) -> log.add(new Line(stream, text));
    return new Job(UUID.randomUUID(), "dev", UUID.randomUUID(), attempt, created, rendered,
        Map.of("resources/platform", "enforced", "resources/apps", "create-once"),
        Map.of("ssh_private_key", PRIVATE_KEY), Optional.empty(), settings, timeout, taskLog, cancellation);
  }

  private List<String> lines(final String stream) {
    return log.stream().filter(line -> line.stream().equals(stream)).map(Line::text).toList();
  }

  private List<String> calls() {
    if (!Files.isDirectory(record)) {
      return List.of();
    }
    try (Stream<Path> calls = Files.list(record)) {
      return calls.map(path -> path.getFileName().toString()).sorted().toList();
    } catch (final IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> argv(final Path call) throws IOException {
    return Files.readAllLines(call.resolve("argv"));
  }

  private static Map<String, String> env(final Path call) throws IOException {
    // bash adds PWD, SHLVL and _ itself before the double can record anything.
    final Set<String> bash = Set.of("PWD", "SHLVL", "_", "OLDPWD");
    return Files.readAllLines(call.resolve("env")).stream().filter(line -> line.contains("="))
        .map(line -> line.split("=", 2)).filter(pair -> !bash.contains(pair[0]))
        .collect(Collectors.toMap(pair -> pair[0], pair -> pair[1]));
  }

  private static List<Map<String, Object>> yamlDocuments(final Path file) throws IOException {
    final List<Map<String, Object>> out = new ArrayList<>();
    for (final Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(file))) {
      @SuppressWarnings("unchecked")
      final Map<String, Object> map = (Map<String, Object>) document;
      out.add(map);
    }
    return out;
  }

  private static long pid(final Path file) throws IOException {
    assertThat(file).exists();
    return Long.parseLong(Files.readString(file).strip());
  }

  /** Waits until none of the processes runs any more (a zombie left for init to reap counts as gone). */
  private static void assertGone(final long... pids) {
    await().atMost(PATIENCE).untilAsserted(() -> {
      for (final long pid : pids) {
        assertThat(ProcessHandle.of(pid).filter(ProcessTree::alive)).as("process %d", pid).isEmpty();
      }
    });
  }

  private record Line(String stream, String text) {
  }
}
