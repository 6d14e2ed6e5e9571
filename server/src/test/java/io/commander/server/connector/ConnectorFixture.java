package io.commander.server.connector;

import static org.awaitility.Awaitility.await;

import io.commander.agent.AgentBackend;
import io.commander.agent.AgentLink;
import io.commander.agent.AgentSettings;
import io.commander.agent.kubernetes.KubernetesBackend;
import io.commander.agent.kubernetes.KubernetesSettings;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.auth.GlobalRole;
import io.commander.server.crypto.KeyringLoader;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The connector's tests' set-up: an API process with the agent gateway, clusters whose agents link to it
 * over the real websocket (a {@code kubernetes} backend against fabric8's mock API server, or any backend),
 * and workspace members. Closing stops the agents, then the API.
 */
final class ConnectorFixture implements AutoCloseable {

  /** A workspace member and their session. */
  record Member(UUID id, Credentials session) {
  }

  private final ApiFixture api;
  private final List<AgentLink> links = new ArrayList<>();
  private final List<KubernetesBackend> backends = new ArrayList<>();

  private ConnectorFixture(final ApiFixture api) {
    this.api = api;
  }

  static ConnectorFixture start(final TestDatabase db, final TestKafka kafka, final Path state) {
    return start(db, kafka, state, Map.of());
  }

  /** With more settings ({@code COMMANDER_PUBLIC_URL}, say). */
  static ConnectorFixture start(final TestDatabase db, final TestKafka kafka, final Path state,
                                final Map<String, String> env) {
    final Map<String, String> all = new java.util.HashMap<>(env);
    all.put("COMMANDER_ROLES", "api,renderer,agent-gateway,connector");
    return new ConnectorFixture(ApiFixture.start(db, kafka, state, all));
  }

  ApiFixture api() {
    return api;
  }

  Member member(final String email, final UUID workspace, final String role) {
    final UUID id = api.createUser(email, "password-" + email, GlobalRole.USER);
    api.bind(workspace, id, role);
    return new Member(id, api.login(email, "password-" + email));
  }

  Credentials user(final String email, final UUID workspace, final String role) {
    return member(email, workspace, role).session();
  }

  /** A cluster whose agent authenticates with {@code agentToken} (null: a cluster without an agent). */
  UUID cluster(final UUID workspace, final String name, final String agentToken) {
    final String hash = agentToken == null ? null
        : KeyringLoader.load(api.config(), Map.of()).keyring().hashToken(agentToken);
    return UUID.fromString(api.queryOne("INSERT INTO clusters (workspace_id, name, provisioner, agent_token_hash) "
        + "VALUES (?::uuid, ?, 'simulated', ?) RETURNING id::text", workspace.toString(), name, hash));
  }

  /** The agent's {@code kubernetes} backend against {@code client}'s API server, closed with the fixture. */
  KubernetesBackend kubernetes(final KubernetesClient client) {
    final KubernetesBackend backend = new KubernetesBackend(api.vertx(), client,
        new KubernetesSettings(false, Duration.ofMinutes(10), Duration.ZERO));
    backends.add(backend);
    return backend;
  }

  /** An agent linked with {@code agentToken} to the API's gateway, once connected; stopped with the fixture. */
  AgentLink link(final String agentToken, final AgentBackend backend) {
    return link(agentToken, backend, new AgentLink.Stats());
  }

  AgentLink link(final String agentToken, final AgentBackend backend, final AgentLink.Stats stats) {
    final AgentLink link = new AgentLink(api.vertx(), AgentLink.client(api.vertx(), ""),
        AgentSettings.forServer(api.baseUrl(), agentToken, ""), backend, stats);
    links.add(link);
    link.start();
    await().atMost(Duration.ofSeconds(20)).until(link::connected);
    return link;
  }

  @Override
  public void close() throws Exception {
    links.forEach(AgentLink::stop);
    for (KubernetesBackend backend : backends) {
      backend.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    api.close();
  }
}
