package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.auth.GlobalRole;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * The demo fleet: made once by a global administrator through the same services as the API, its clusters
 * installed by the simulated provisioner from the documentation's template and the Hosts catalog.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class DemoTest {

  private ApiFixture api;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,cluster-manager",
        "COMMANDER_SIMULATED_INSTALL_DURATION", "0", "COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1"));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void anAdministratorMakesTheDemoFleetOnceAndItsClustersGetInstalled() {
    final UUID someone = api.createUser("operator@example.com", "Operator-Pa55word!", GlobalRole.USER);
    final Response refused = api.call("POST", "/demo", null, api.login("operator@example.com", "Operator-Pa55word!"));
    assertThat(refused.status()).as(refused.body()).isEqualTo(403);
    assertThat(someone).isNotNull();

    final Response made = api.call("POST", "/demo", null, api.admin());
    assertThat(made.status()).as(made.body()).isEqualTo(201);
    assertThat(made.json().getBoolean("created")).isTrue();
    assertThat(made.json().getJsonObject("workspace").getString("slug")).isEqualTo("demo");
    final List<String> ids = made.json().getJsonArray("cluster_ids").stream().map(String.class::cast).toList();
    assertThat(ids).hasSize(5);

    final UUID workspace = UUID.fromString(made.json().getJsonObject("workspace").getString("id"));
    final Credentials token = Credentials.token(api.token(api.admin(), workspace, true));
    final Response templates = api.call("GET", "/cluster_templates", null, token);
    assertThat(templates.array().stream().map(JsonObject.class::cast).map(t -> t.getString("name")))
        .containsExactly("static-cluster");
    final Response records = api.call("GET", "/records", null, token);
    assertThat(records.array()).hasSize(7);
    assertThat(records.array().stream().map(JsonObject.class::cast).filter(r -> r.getString("cluster_id") != null))
        .as("a machine held by each cluster").hasSize(5);

    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
        assertThat(ids.stream().map(id -> api.call("GET", "/clusters/" + id, null, token).json())
            .map(c -> c.getString("name") + ":" + c.getString("status")).toList())
            .containsExactlyInAnyOrder("demo-1:in_sync", "demo-2:in_sync", "demo-3:in_sync", "demo-4:in_sync",
                "demo-5:in_sync"));
    final JsonObject first = api.call("GET", "/clusters/" + ids.get(0), null, token).json();
    assertThat(first.getString("desired_provider_specific_cluster_configuration_rendered"))
        .as("the master's network from its record").contains("10.0.1.0/24");

    final Response again = api.call("POST", "/demo", null, api.admin());
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().getBoolean("created")).isFalse();
    assertThat(again.json().getJsonArray("cluster_ids")).isEmpty();
    assertThat(api.call("GET", "/clusters", null, token).array()).hasSize(5);
  }
}
