package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commander serving TLS on its own port (http.tls-cert-file, http.tls-key-file): the API answers over
 * TLS only, and an installed simulated cluster's agent, which this process runs itself, connects to its
 * gateway over TLS on the loopback address.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@Timeout(180)
class TlsServerTest {

  @Test
  void theApiAndTheProcesssOwnAgentsSpeakTls(final TestDatabase db, final TestKafka kafka,
      @TempDir final Path state, @TempDir final Path certs) throws Exception {
    final TestTls tls = TestTls.create(certs);
    try (ApiFixture api = ApiFixture.start(db, kafka, state, Map.of(
        "COMMANDER_ROLES", "api,renderer,cluster-manager,agent-gateway",
        "COMMANDER_SIMULATED_INSTALL_DURATION", "0", "COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1",
        "COMMANDER_HTTP_TLS_CERT_FILE", tls.certFile().toString(),
        "COMMANDER_HTTP_TLS_KEY_FILE", tls.keyFile().toString(),
        "COMMANDER_HTTP_TLS_CA_FILE", tls.caFile().toString()))) {
      assertThat(api.config().effectivePublicUrl()).isEqualTo("https://127.0.0.1:" + api.config().http().port());
      // Plain HTTP on the same port gets no answer.
      final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
              + api.config().http().port() + "/health/live")).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);

      final UUID workspace = api.workspace("tls");
      final Credentials token = Credentials.token(api.token(api.admin(), workspace, false));
      final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "cloud")
          .put("params", new JsonArray("[{\"key\": \"masters\", \"type\": \"number\", \"title\": \"Masters\"}]"))
          .put("sections", CloudTemplate.sections()), token);
      assertThat(template.status()).as(template.body()).isEqualTo(201);
      final Response created = api.call("POST", "/clusters", new JsonObject().put("name", "over-tls")
          .put("cluster_template_version_id", template.json().getString("current_cluster_template_version_id"))
          .put("provisioner", "simulated").put("values", new JsonObject().put("masters", 1)), token);
      assertThat(created.status()).as(created.body()).isEqualTo(201);
      final String id = created.json().getString("id");
      await("the process's own simulated agent connected over TLS").atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> "connected".equals(api.call("GET", "/clusters/" + id, null, token).json()
              .getString("agent_status")));

      // An agent installed by hand in a real cluster trusts the same CA: its Secret carries it.
      final Response manifest = api.call("GET", "/clusters/" + id + "/agent/manifest", null, token);
      assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
      final String secretCa = Arrays.stream(manifest.body().split("(?m)^---$")).filter(doc -> !doc.isBlank())
          .map(doc -> Serialization.<HasMetadata>unmarshal(doc)).filter(Secret.class::isInstance).map(Secret.class::cast)
          .findFirst().orElseThrow().getData().get("ca.crt");
      assertThat(new String(Base64.getDecoder().decode(secretCa), StandardCharsets.UTF_8))
          .isEqualTo(Files.readString(tls.caFile()));
    }
  }
}
