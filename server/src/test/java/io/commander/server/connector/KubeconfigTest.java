package io.commander.server.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /clusters/{id}/kubeconfig}: a kubeconfig whose server is the passthrough and whose token is
 * short-lived, bound to its user and cluster, stored as a hash, listed, revoked, and ended with its user;
 * through the real gateway and agent link to fabric8's mock API server (CRUD mode).
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@EnableKubernetesMockClient(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class KubeconfigTest {

  private static final String TOKEN = "cmdr_kubeconfigtesttoken000000000000000000";
  static KubernetesClient client;

  private ConnectorFixture connector;
  private ApiFixture api;
  private UUID alpha;
  private UUID cluster;
  private UUID otherCluster;
  private Credentials admin;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    connector = ConnectorFixture.start(db, kafka, state);
    api = connector.api();
    admin = api.admin();
    alpha = api.workspace("alpha");
    cluster = connector.cluster(alpha, "demo", TOKEN);
    otherCluster = connector.cluster(alpha, "other", null);
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("apps")
        .addToLabels("commander.io/managed", "true").endMetadata().build()).create();
    connector.link(TOKEN, connector.kubernetes(client));
  }

  @AfterAll
  void stop() throws Exception {
    if (connector != null) {
      connector.close();
    }
  }

  private ConnectorFixture.Member member(final String email, final String role) {
    return connector.member(email, alpha, role);
  }

  /** Downloads a kubeconfig and answers its token. */
  private String kubeconfigToken(final Credentials as) {
    final Response response = api.call("GET", "/clusters/" + cluster + "/kubeconfig", null, as);
    assertThat(response.status()).as(response.toString()).isEqualTo(200);
    assertThat(response.header("content-type")).hasValueSatisfying(t -> assertThat(t).contains("yaml"));
    final Config config = Serialization.unmarshal(response.body(), Config.class);
    assertThat(config.getClusters()).singleElement().satisfies(c -> assertThat(c.getCluster().getServer())
        .isEqualTo(api.config().effectivePublicUrl() + "/api/v1/clusters/" + cluster + "/k8s"));
    assertThat(config.getCurrentContext()).isEqualTo(config.getContexts().get(0).getName());
    return config.getUsers().get(0).getUser().getToken();
  }

  private static Credentials bearer(final String token) {
    return new Credentials(Map.of("Authorization", "Bearer " + token));
  }

  private Response k8s(final String method, final UUID id, final String path, final JsonObject body,
                       final Credentials as) {
    return api.call(method, "/clusters/" + id + "/k8s" + path, body, as);
  }

  @Test
  void aViewersKubeconfigReadsItsClusterOnlyAndIsRefusedWrites() {
    final ConnectorFixture.Member viewer = member("kc-viewer@example.test", "viewer");
    final String token = kubeconfigToken(viewer.session());
    assertThat(token).startsWith("cmdrk_").hasSize(46);
    // Only a keyed hash is stored; the issuance is audited, without the secret.
    assertThat(api.queryOne("SELECT count(*) FROM kubeconfig_tokens WHERE token_hash = ? OR token_prefix = ?",
        token, token)).isEqualTo("0");
    assertThat(api.queryOne("SELECT count(*) FROM audit_log WHERE entity_type = 'KubeconfigToken' AND action = 'create' "
        + "AND actor_id = ?::uuid AND changes::text NOT LIKE ?", viewer.id().toString(), "%" + token + "%"))
        .isEqualTo("1");

    final Response read = k8s("GET", cluster, "/api/v1/namespaces", null, bearer(token));
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.json().getJsonArray("items")).isNotEmpty();
    // No CSRF header is asked of kubectl; the viewer's role refuses the write.
    final Response write = k8s("POST", cluster, "/api/v1/namespaces/apps/configmaps", configMap("v"), bearer(token));
    assertThat(write.status()).isEqualTo(403);
    assertThat(write.code()).isNotEqualTo("csrf_failed");
    assertThat(client.configMaps().inNamespace("apps").withName("v").get()).isNull();
    // Good for its cluster's Kubernetes API only.
    assertThat(k8s("GET", otherCluster, "/api/v1/namespaces", null, bearer(token)).code()).isEqualTo("invalid_token");
    assertThat(api.call("GET", "/workspaces", null, bearer(token)).status()).isEqualTo(401);
    assertThat(api.call("GET", "/clusters/" + cluster + "/kubeconfig", null, bearer(token)).status()).isEqualTo(401);
    assertThat(k8s("GET", cluster, "/api/v1/namespaces", null, bearer(token + "x")).code()).isEqualTo("invalid_token");
  }

  @Test
  void aManagersKubeconfigWritesAndIsAudited() {
    final ConnectorFixture.Member manager = member("kc-manager@example.test", "manager");
    final String token = kubeconfigToken(manager.session());
    final Response created = k8s("POST", cluster, "/api/v1/namespaces/apps/configmaps", configMap("from-kubectl"),
        bearer(token));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(client.configMaps().inNamespace("apps").withName("from-kubectl").get()).isNotNull();
    assertThat(api.queryOne("SELECT actor_name FROM audit_log WHERE action = 'kubernetes_request' "
        + "AND changes->>'method' = 'POST' ORDER BY at DESC LIMIT 1")).isEqualTo("kc-manager@example.test");
  }

  @Test
  void tokensAreListedRevokedExpiredAndEndWithTheirUser() {
    final ConnectorFixture.Member member = member("kc-member@example.test", "viewer");
    final ConnectorFixture.Member workspaceAdmin = member("kc-admin@example.test", "admin");
    final String first = kubeconfigToken(member.session());
    final String second = kubeconfigToken(member.session());
    kubeconfigToken(workspaceAdmin.session());
    final String path = "/clusters/" + cluster + "/kubeconfig_tokens";
    final Response own = api.call("GET", path, null, member.session());
    assertThat(own.array().size()).isEqualTo(2);
    assertThat(own.array().getJsonObject(0).getString("user_email")).isEqualTo("kc-member@example.test");
    assertThat(own.array().getJsonObject(0).encode()).doesNotContain(first).doesNotContain(second);
    assertThat(api.call("GET", path, null, workspaceAdmin.session()).array().size()).isGreaterThanOrEqualTo(3);

    // Revoked: refused at once.
    final String firstId = own.array().stream().map(o -> (JsonObject) o)
        .filter(t -> first.startsWith(t.getString("token_prefix"))).findFirst().orElseThrow().getString("id");
    assertThat(api.call("DELETE", path + "/" + firstId, null, member.session()).status()).isEqualTo(204);
    assertThat(k8s("GET", cluster, "/api/v1/namespaces", null, bearer(first)).code()).isEqualTo("token_revoked");
    assertThat(api.call("GET", path, null, member.session()).array().size()).isEqualTo(1);
    assertThat(api.queryOne("SELECT count(*) FROM audit_log WHERE entity_type = 'KubeconfigToken' AND action = 'revoke' "
        + "AND entity_id = ?::uuid", firstId)).isEqualTo("1");
    // Another user's token is not found for a member, revocable by the workspace's admin.
    final String adminsId = api.call("GET", path, null, workspaceAdmin.session()).array().stream()
        .map(o -> (JsonObject) o).filter(t -> t.getString("user_email").equals("kc-admin@example.test"))
        .findFirst().orElseThrow().getString("id");
    assertThat(api.call("DELETE", path + "/" + adminsId, null, member.session()).status()).isEqualTo(404);

    // Expired.
    assertThat(k8s("GET", cluster, "/api/v1/namespaces", null, bearer(second)).status()).isEqualTo(200);
    api.queryOne("UPDATE kubeconfig_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ?::uuid "
        + "AND revoked_at IS NULL RETURNING 1", member.id().toString());
    await().atMost(Duration.ofSeconds(5)).until(() ->
        "token_expired".equals(k8s("GET", cluster, "/api/v1/namespaces", null, bearer(second)).code()));

    // Deactivated user.
    final String third = kubeconfigToken(member.session());
    assertThat(k8s("GET", cluster, "/api/v1/namespaces", null, bearer(third)).status()).isEqualTo(200);
    api.queryOne("UPDATE users SET disabled = true WHERE id = ?::uuid RETURNING 1", member.id().toString());
    await().atMost(Duration.ofSeconds(5)).until(() ->
        "token_revoked".equals(k8s("GET", cluster, "/api/v1/namespaces", null, bearer(third)).code()));
  }

  @Test
  void apiTokensGetNoKubeconfig() {
    final String secret = api.token(admin, alpha, false);
    assertThat(api.call("GET", "/clusters/" + cluster + "/kubeconfig", null, Credentials.token(secret)).code())
        .isEqualTo("user_required");
  }

  private static JsonObject configMap(final String name) {
    return new JsonObject().put("apiVersion", "v1").put("kind", "ConfigMap")
        .put("metadata", new JsonObject().put("name", name)).put("data", new JsonObject().put("k", "v"));
  }
}
