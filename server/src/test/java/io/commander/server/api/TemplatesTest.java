package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Cluster templates: versions on every content change, archive when used, live preview renders. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class TemplatesTest {

  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "podSubnet", "type": "string", "title": "Pod subnet", "default": "10.111.0.0/16"},
       {"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5}]""");
  private static final JsonObject SECTIONS = new JsonObject()
      .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Static\n"
          + "podSubnetCIDR: {{ .podSubnet }}\nserviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\n"
          + "clusterDomain: cluster.local\n")
      .put("placement", "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
          + "internalNetworkCIDRs: [10.0.0.0/24]\n# {{ .masters }} masters for {{ .dc_domain }}\n")
      .put("resources", new JsonArray().add(new JsonObject().put("name", "modules").put("mode", "create-once")
          .put("template", "apiVersion: deckhouse.io/v1alpha1\nkind: ModuleConfig\nmetadata: {name: x}\n"
              + "spec: {enabled: true}\n")));

  private ApiFixture api;
  private Credentials token;
  private UUID workspace;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    workspace = api.workspace("templates");
    token = Credentials.token(api.token(api.admin(), workspace, false));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private JsonObject template(final String name) {
    final Response created = api.call("POST", "/cluster_templates", new JsonObject().put("name", name)
        .put("comment", "first").put("params", PARAMS).put("sections", SECTIONS), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json();
  }

  @Test
  void contentChangesMakeNewVersionsRenamesDoNot() {
    final JsonObject created = template("static");
    final String id = created.getString("id");
    final JsonArray versions = created.getJsonArray("cluster_template_versions");
    assertThat(versions).hasSize(1);
    assertThat(created.getString("current_cluster_template_version_id"))
        .isEqualTo(versions.getJsonObject(0).getString("id"));
    assertThat(versions.getJsonObject(0).getJsonObject("sections").getJsonArray("resources").getJsonObject(0)
        .getString("mode")).isEqualTo("create-once");

    final JsonObject renamed = api.call("PUT", "/cluster_templates/" + id, new JsonObject().put("name", "static-2")
        .put("params", PARAMS).put("sections", SECTIONS), token).json();
    assertThat(renamed.getJsonArray("cluster_template_versions")).as("same content, same version").hasSize(1);

    final JsonObject changed = api.call("PUT", "/cluster_templates/" + id, new JsonObject().put("name", "static-2")
        .put("comment", "bigger subnet").put("params", PARAMS).put("sections", SECTIONS.copy()
            .put("installation", "apiVersion: deckhouse.io/v1\nkind: InitConfiguration\ndeckhouse: {}\n")), token)
        .json();
    assertThat(changed.getJsonArray("cluster_template_versions")).hasSize(2);
    final JsonObject second = changed.getJsonArray("cluster_template_versions").getJsonObject(1);
    assertThat(second.getInteger("number")).isEqualTo(2);
    assertThat(second.getString("comment")).isEqualTo("bigger subnet");
    assertThat(changed.getString("current_cluster_template_version_id")).isEqualTo(second.getString("id"));
    assertThat(api.call("PUT", "/cluster_templates/" + id, new JsonObject().put("name", "x").put("params", PARAMS)
        .put("sections", SECTIONS).put("current_revision", 1), token).code()).isEqualTo("stale_revision");
  }

  @Test
  void aBadSchemaIsRefusedWithItsPlace() {
    final Response refused = api.call("POST", "/cluster_templates", new JsonObject().put("name", "bad")
        .put("params", new JsonArray("[{\"key\": \"a\", \"type\": \"list\", \"title\": \"A\"}]"))
        .put("sections", SECTIONS), token);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/params/0/type");
  }

  @Test
  void previewsRenderEverySectionBesideEveryProblem() {
    final String id = template("preview").getString("id");
    final JsonObject ok = api.call("POST", "/cluster_templates/" + id + "/render",
        new JsonObject().put("values", new JsonObject().put("masters", 3)), token).json();
    assertThat(ok.getBoolean("valid")).as(ok.encode()).isTrue();
    assertThat(ok.getJsonObject("sections").getString("kubernetes")).contains("podSubnetCIDR: 10.111.0.0/16");
    assertThat(ok.getJsonObject("sections").getString("placement")).contains("# 3 masters for 127.0.0.1");

    final JsonObject bad = api.call("POST", "/cluster_templates/" + id + "/render",
        new JsonObject().put("values", new JsonObject().put("masters", 9)), token).json();
    assertThat(bad.getBoolean("valid")).isFalse();
    assertThat(bad.getJsonArray("errors").getJsonObject(0).getString("message")).isEqualTo("masters: must be at most 5");
    assertThat(bad.getJsonObject("sections").getString("placement")).as("rendered anyway").contains("# 9 masters");

    final JsonObject body = api.call("POST", "/render", new JsonObject().put("params", PARAMS)
        .put("sections", SECTIONS.copy().put("kubernetes", "kind: X\n{{ .podSubnet | nosuch }}"))
        .put("values", new JsonObject().put("masters", 1)), token).json();
    assertThat(body.getJsonArray("errors").getJsonObject(0).encode())
        .contains("\"section\":\"kubernetes\"").contains("\"line\":2").contains("function \\\"nosuch\\\" not defined");
  }

  @Test
  void aTemplateClustersUseIsArchivedNotDeleted() {
    final JsonObject unused = template("unused");
    assertThat(api.call("DELETE", "/cluster_templates/" + unused.getString("id"), null, token).status()).isEqualTo(204);
    assertThat(api.call("GET", "/cluster_templates/" + unused.getString("id"), null, token).status()).isEqualTo(404);

    final JsonObject used = template("used");
    final String version = used.getString("current_cluster_template_version_id");
    api.queryOne("INSERT INTO clusters (workspace_id, name, cluster_template_version_id) VALUES (?::uuid, 'c', ?::uuid) "
        + "RETURNING id", workspace.toString(), version);
    assertThat(api.call("DELETE", "/cluster_templates/" + used.getString("id"), null, token).status()).isEqualTo(204);
    final JsonObject archived = api.call("GET", "/cluster_templates/" + used.getString("id"), null, token).json();
    assertThat(archived.getString("archived_at")).isNotNull();
    assertThat(api.call("GET", "/cluster_templates?without_archived=true", null, token).body())
        .doesNotContain(used.getString("id"));
    assertThat(template("used").getString("id")).as("the name is free again").isNotEqualTo(used.getString("id"));
  }
}
