package io.commander.server.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.simulated.SimulatedBackend;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.api.TestTls;
import io.commander.server.auth.GlobalRole;
import io.commander.server.crypto.KeyringLoader;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl (Debian's {@code kubernetes-client}; {@code bin/commander test} installs it when missing, this test
 * is skipped without it) with a kubeconfig downloaded from Commander, against a simulated cluster whose agent
 * serves its Kubernetes API (fabric8's mock API server in CRUD mode) through the real gateway and link.
 * kubectl sends a kubeconfig's token only over TLS, so Commander serves TLS itself here, with a certificate
 * of a private CA that the kubeconfig names and kubectl verifies; nothing stands in front of it.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class KubectlTest {

  private static final String TOKEN = "cmdr_kubectltesttoken0000000000000000000000";
  private static final Path KUBECTL = Path.of("/usr/bin/kubectl");

  private ApiFixture api;
  private UUID cluster;
  private Credentials manager;
  private Credentials viewer;
  private AgentLink link;
  private Path dir;

  /** What one kubectl run gave. */
  private record Run(int exit, String out, String err) {
  }

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state, @TempDir final Path dir)
      throws IOException {
    Assumptions.assumeTrue(Files.isExecutable(KUBECTL), "kubectl is not installed (apt-get install kubernetes-client)");
    this.dir = dir;
    final TestTls tls = TestTls.create(dir);
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,agent-gateway,connector",
        "COMMANDER_HTTP_TLS_CERT_FILE", tls.certFile().toString(),
        "COMMANDER_HTTP_TLS_KEY_FILE", tls.keyFile().toString(),
        "COMMANDER_HTTP_TLS_CA_FILE", tls.caFile().toString()));
    assertThat(api.baseUrl()).startsWith("https://");
    final UUID alpha = api.workspace("alpha");
    manager = user("kubectl-manager@example.test", alpha, "manager");
    viewer = user("kubectl-viewer@example.test", alpha, "viewer");
    final var keyring = KeyringLoader.load(api.config(), Map.of()).keyring();
    cluster = UUID.fromString(api.queryOne("INSERT INTO clusters (workspace_id, name, provisioner, agent_token_hash) "
        + "VALUES (?::uuid, 'simulated-one', 'simulated', ?) RETURNING id::text", alpha.toString(),
        keyring.hashToken(TOKEN)));
    final String ca = Files.readString(tls.caFile());
    link = new AgentLink(api.vertx(), AgentLink.client(api.vertx(), ca), AgentSettings.forServer(api.baseUrl(),
        TOKEN, ca), new SimulatedBackend(cluster.toString()));
    link.start();
    await().atMost(Duration.ofSeconds(20)).until(link::connected);
  }

  @AfterAll
  void stop() {
    if (link != null) {
      link.stop();
    }
    if (api != null) {
      api.close();
    }
  }

  private Credentials user(final String email, final UUID workspace, final String role) {
    final UUID id = api.createUser(email, "password-" + email, GlobalRole.USER);
    api.bind(workspace, id, role);
    return api.login(email, "password-" + email);
  }

  /** The caller's kubeconfig, downloaded from Commander into a file. */
  private Path kubeconfig(final Credentials as, final String name) throws IOException {
    final Response response = api.call("GET", "/clusters/" + cluster + "/kubeconfig", null, as);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    // Commander's own URL over TLS and the CA that signed its certificate, for kubectl to verify it.
    assertThat(response.body()).contains(api.baseUrl() + "/api/v1/clusters/" + cluster + "/k8s")
        .contains("certificate-authority-data");
    final Path file = dir.resolve(name);
    Files.writeString(file, response.body());
    return file;
  }

  private Run kubectl(final Path kubeconfig, final String... args) throws Exception {
    final List<String> command = new ArrayList<>(List.of(KUBECTL.toString(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", dir.resolve("cache").toString(), "--request-timeout", "30s"));
    command.addAll(List.of(args));
    final Path out = dir.resolve("out");
    final Path err = dir.resolve("err");
    final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  @Test
  void kubectlListsNodesAndNamespacesAndAManagerCreatesAndDeletesAConfigMap() throws Exception {
    final Path config = kubeconfig(manager, "manager.yaml");
    final Run nodes = kubectl(config, "get", "nodes");
    assertThat(nodes.exit()).as(nodes.toString()).isZero();
    assertThat(nodes.out()).contains("NAME").contains("master-0");
    final Run namespaces = kubectl(config, "get", "namespaces");
    assertThat(namespaces.exit()).as(namespaces.toString()).isZero();
    assertThat(namespaces.out()).contains("default").contains("d8-system");

    final Run created = kubectl(config, "create", "configmap", "from-kubectl", "--from-literal=greeting=hello");
    assertThat(created.exit()).as(created.toString()).isZero();
    assertThat(created.out()).contains("configmap/from-kubectl created");
    final Response read = api.call("GET", "/clusters/" + cluster + "/k8s/api/v1/namespaces/default/configmaps/from-kubectl",
        null, viewer);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getJsonObject("data").getString("greeting")).isEqualTo("hello");
    assertThat(api.queryOne("SELECT actor_name FROM audit_log WHERE action = 'kubernetes_request' "
        + "AND changes->>'method' = 'POST' ORDER BY at DESC LIMIT 1")).isEqualTo("kubectl-manager@example.test");

    final Run deleted = kubectl(config, "delete", "configmap", "from-kubectl");
    assertThat(deleted.exit()).as(deleted.toString()).isZero();
    assertThat(deleted.out()).contains("deleted");
    assertThat(api.call("GET", "/clusters/" + cluster + "/k8s/api/v1/namespaces/default/configmaps/from-kubectl",
        null, viewer).status()).isEqualTo(404);
  }

  @Test
  void aViewersKubectlReadsAndIsRefusedTheWrite() throws Exception {
    final Path config = kubeconfig(viewer, "viewer.yaml");
    final Run namespaces = kubectl(config, "get", "namespaces");
    assertThat(namespaces.exit()).as(namespaces.toString()).isZero();
    final Run refused = kubectl(config, "create", "configmap", "by-viewer", "--from-literal=a=b");
    assertThat(refused.exit()).as(refused.toString()).isNotZero();
    // Commander's refusal reaches kubectl as a Kubernetes Status, which it reads.
    assertThat(refused.err()).contains("failed to create configmap").contains("(viewer) does not allow this");
    assertThat(api.call("GET", "/clusters/" + cluster + "/k8s/api/v1/namespaces/default/configmaps/by-viewer",
        null, viewer).status()).isEqualTo(404);
  }
}
