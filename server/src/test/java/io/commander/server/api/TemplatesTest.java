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

  @Test
  void aSectionThatDoesNotParseIsRefusedWithItsPlace() {
    final Response refused = api.call("POST", "/cluster_templates", new JsonObject().put("name", "unparsable")
        .put("params", PARAMS).put("sections", SECTIONS.copy().put("resources", new JsonArray().add(new JsonObject()
            .put("name", "modules").put("template", "a: 1\n{{ if }}\n")))), token);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("validation_failed");
    final JsonObject error = refused.json().getJsonArray("errors").getJsonObject(0);
    assertThat(error.getString("field")).isEqualTo("/sections/resources/0/template");
    assertThat(error.getString("message")).isEqualTo("resources/modules line 2: missing value for if");
    assertThat(api.queryOne("SELECT count(*)::text FROM cluster_templates WHERE name = 'unparsable'")).isEqualTo("0");
  }

  @Test
  void withdrawnVersionsAreNotCurrentAndTheLastOneStays() {
    final JsonObject created = template("withdraw");
    final String id = created.getString("id");
    final String first = created.getString("current_cluster_template_version_id");
    final JsonObject changed = api.call("PUT", "/cluster_templates/" + id, new JsonObject().put("name", "withdraw")
        .put("params", PARAMS).put("sections", SECTIONS.copy().put("ssh", "# v2\n")), token).json();
    final String second = changed.getString("current_cluster_template_version_id");
    assertThat(second).isNotEqualTo(first);

    final Response withdrawn = api.call("PATCH", "/cluster_templates/" + id + "/versions/" + second,
        new JsonObject().put("available", false).put("comment", "breaks the network"), token);
    assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
    assertThat(withdrawn.json().getString("current_cluster_template_version_id")).isEqualTo(first);
    final JsonObject v2 = withdrawn.json().getJsonArray("cluster_template_versions").getJsonObject(1);
    assertThat(v2.getBoolean("available")).isFalse();
    assertThat(v2.getString("comment")).isEqualTo("breaks the network");

    final Response last = api.call("PATCH", "/cluster_templates/" + id + "/versions/" + first,
        new JsonObject().put("available", false), token);
    assertThat(last.status()).isEqualTo(409);
    assertThat(last.code()).isEqualTo("no_available_version");
    assertThat(api.queryOne("SELECT available::text FROM cluster_template_versions WHERE id = ?::uuid", first))
        .as("nothing half-written").isEqualTo("true");

    final Response back = api.call("PATCH", "/cluster_templates/" + id + "/versions/" + second,
        new JsonObject().put("available", true), token);
    assertThat(back.json().getString("current_cluster_template_version_id")).isEqualTo(second);

    final String other = template("withdraw-other").getString("current_cluster_template_version_id");
    assertThat(api.call("PATCH", "/cluster_templates/" + id + "/versions/" + other,
        new JsonObject().put("available", false), token).status()).as("another template's version").isEqualTo(404);
    assertThat(api.call("PATCH", "/cluster_templates/" + id + "/versions/" + first, new JsonObject(), token).status())
        .as("nothing to change").isEqualTo(400);
  }

  @Test
  void anExportedTemplateImportsIntoAnotherWorkspace() {
    final JsonObject created = template("exported");
    final Response exported = api.call("GET", "/cluster_templates/" + created.getString("id") + "/export", null, token);
    assertThat(exported.status()).isEqualTo(200);
    final JsonObject document = exported.json();
    assertThat(document.fieldNames()).containsExactlyInAnyOrder("format", "name", "comment", "params", "sections");
    assertThat(document.getString("format")).isEqualTo("commander.cluster-template.v1");

    final UUID elsewhere = api.workspace("templates-import");
    final Credentials there = Credentials.token(api.token(api.admin(), elsewhere, false));
    final Response imported = api.call("POST", "/cluster_templates/import", document, there);
    assertThat(imported.status()).as(imported.body()).isEqualTo(201);
    final JsonObject version = imported.json().getJsonArray("cluster_template_versions").getJsonObject(0);
    assertThat(version.getJsonArray("params")).isEqualTo(document.getJsonArray("params"));
    assertThat(version.getJsonObject("sections")).isEqualTo(document.getJsonObject("sections"));
    assertThat(api.call("GET", "/cluster_templates/" + created.getString("id") + "/export", null, there).status())
        .as("another workspace's template").isEqualTo(404);

    assertThat(api.call("POST", "/cluster_templates/import", document, there).code()).isEqualTo("name_taken");
    final Response wrongFormat = api.call("POST", "/cluster_templates/import",
        document.copy().put("name", "other").put("format", "helm.v3"), there);
    assertThat(wrongFormat.status()).isEqualTo(400);
  }

  @Test
  void catalogFieldsRenderTheStoredRecord() {
    final String catalog = api.call("POST", "/catalogs", new JsonObject().put("name", "hosts").put("slug", "hosts")
        .put("usage", "exclusive").put("params", new JsonArray("""
            [{"key": "ip", "type": "string", "title": "IP"}]""")), token).json().getString("id");
    final String record = api.call("POST", "/records", new JsonObject().put("catalog_id", catalog)
        .put("values", new JsonObject().put("ip", "10.0.0.7")), token).json().getString("id");
    final JsonObject body = new JsonObject()
        .put("params", new JsonArray("[{\"key\": \"host\", \"title\": \"Host\", \"catalog\": \"hosts\"}]"))
        .put("sections", new JsonObject()
            .put("kubernetes", "apiVersion: v1\nkind: X\nip: {{ .host.ip }}\nid: {{ index .host \"x-commander-record-id\" }}\n")
            .put("placement", "apiVersion: v1\nkind: Y\n"));

    final JsonObject rendered = api.call("POST", "/render", body.copy().put("values", new JsonObject()
        .put("host", new JsonObject().put("x-commander-record-id", record).put("ip", "6.6.6.6"))), token).json();
    assertThat(rendered.getJsonObject("sections").getString("kubernetes"))
        .as(rendered.encode()).contains("ip: 10.0.0.7").contains("id: " + record);

    final String missing = UUID.randomUUID().toString();
    final JsonObject unknown = api.call("POST", "/render", body.copy().put("values", new JsonObject()
        .put("host", new JsonObject().put("x-commander-record-id", missing))), token).json();
    assertThat(unknown.getBoolean("valid")).isFalse();
    assertThat(unknown.getJsonArray("errors").getJsonObject(0).getString("message"))
        .isEqualTo("host: record " + missing + " does not exist in this workspace");
    assertThat(unknown.getJsonArray("errors").getJsonObject(0).getString("code")).isEqualTo("invalid_value");
  }
}
