package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.clusters.ListCursor;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clusters API against the real database: renders on every accepted input, a revision and a
 * task in the same transaction, configuration errors without a task, unique values, exclusive
 * records, optimistic locking, manual sync mode, retry, delete and archive.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ClustersTest {

  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "podSubnet", "type": "string", "title": "Pod subnet", "default": "10.111.0.0/16", "immutable": true},
       {"key": "domain", "type": "string", "title": "Domain", "unique": true},
       {"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5},
       {"key": "host", "title": "Host", "catalog": "hosts", "optional": true},
       {"key": "registryPassword", "type": "string", "title": "Registry password", "format": "password",
        "optional": true}]""");
  private static final JsonObject SECTIONS = new JsonObject()
      .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Static\n"
          + "podSubnetCIDR: {{ .podSubnet }}\nserviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\n"
          + "clusterDomain: cluster.local\n")
      .put("placement", "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
          + "internalNetworkCIDRs: [10.0.0.0/24]\n# {{ .masters }} masters, cluster {{ .dc_clusterUUID }}\n"
          + "# host {{ if .host }}{{ .host.ip }}{{ end }}\n"
          + "# password {{ .registryPassword | default \"none\" | sha256sum | trunc 8 }}\n")
      .put("resources", new JsonArray().add(new JsonObject().put("name", "agent").put("mode", "enforced")
          .put("template", "apiVersion: deckhouse.io/v1alpha1\nkind: ModuleConfig\nmetadata: {name: commander-agent}\n"
              + "spec:\n  enabled: true\n  settings:\n    commanderUrl: https://{{ .dc_domain }}/agent_api/{{ .dc_clusterUUID }}\n")));

  private ApiFixture api;
  private Credentials token;
  private UUID workspace;
  private String version;
  private String hosts;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    workspace = api.workspace("clusters");
    token = Credentials.token(api.token(api.admin(), workspace, false));
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "static")
        .put("params", PARAMS).put("sections", SECTIONS), token);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    version = template.json().getString("current_cluster_template_version_id");
    hosts = api.call("POST", "/catalogs", new JsonObject().put("name", "hosts").put("slug", "hosts")
        .put("usage", "exclusive").put("params", new JsonArray("[{\"key\": \"ip\", \"type\": \"string\", "
            + "\"title\": \"IP\"}]")), token).json().getString("id");
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private Response create(final String name, final JsonObject values) {
    return api.call("POST", "/clusters", new JsonObject().put("name", name).put("cluster_template_version_id", version)
        .put("provisioner", "simulated").put("values", values), token);
  }

  private JsonObject created(final String name, final JsonObject values) {
    final Response r = create(name, values);
    assertThat(r.status()).as(r.body()).isEqualTo(201);
    return r.json();
  }

  private static JsonObject values(final String domain) {
    return new JsonObject().put("domain", domain).put("masters", 3).put("podSubnet", "10.111.0.0/16");
  }

  private String record(final String ip) {
    return api.call("POST", "/records", new JsonObject().put("catalog_id", hosts)
        .put("values", new JsonObject().put("ip", ip)), token).json().getString("id");
  }

  private String count(final String sql, final Object... args) {
    return api.queryOne(sql, args);
  }

  @Test
  void theAgentManifestInstallsTheAgentByHandAndIsAuditedButOnlyForManagers() {
    final JsonObject cluster = created("manifest", values("manifest.example.com"));
    assertThat(cluster.getString("agent_status")).isEqualTo("never_connected");
    assertThat(cluster.getJsonArray("resources_state_results")).isEmpty();
    final String path = "/clusters/" + cluster.getString("id") + "/agent/manifest";
    final Response manifest = api.call("GET", path, null, token);
    assertThat(manifest.status()).as(manifest.body()).isEqualTo(200);
    assertThat(manifest.header("content-type")).hasValue("application/yaml");
    assertThat(manifest.body()).contains("kind: \"Deployment\"", "kind: \"Secret\"", "COMMANDER_AGENT_TOKEN",
        "kind: \"ClusterRole\"");
    assertThat(api.queryOne("SELECT count(*) FROM audit_log WHERE entity_id = ?::uuid AND action = "
        + "'download_agent_manifest'", cluster.getString("id"))).isEqualTo("1");

    final Credentials readOnly = Credentials.token(api.token(api.admin(), workspace, true));
    assertThat(api.call("GET", path, null, readOnly).status()).isEqualTo(403);
    final Credentials elsewhere = Credentials.token(api.token(api.admin(), api.workspace("not-theirs"), false));
    assertThat(api.call("GET", path, null, elsewhere).status()).isEqualTo(404);
  }

  @Test
  void aValidClusterIsNewWithAnInstallTaskAndItsOwnBuiltIns() {
    final JsonObject cluster = created("alpha", values("alpha.example.com"));
    final String id = cluster.getString("id");
    assertThat(cluster.getString("status")).isEqualTo("new");
    assertThat(cluster.getBoolean("simulated")).isTrue();
    assertThat(cluster.getJsonArray("render_errors")).isEmpty();
    assertThat(cluster.getString("current_task_id")).isNotNull();
    assertThat(count("SELECT kind || ':' || state || ':' || cluster_revision FROM tasks WHERE cluster_id = ?::uuid", id))
        .isEqualTo("install:pending:1");
    assertThat(cluster.getString("ssh_public_key")).startsWith("ssh-ed25519 ").endsWith(" commander-" + id);
    assertThat(count("SELECT rendered_encrypted FROM cluster_revisions WHERE cluster_id = ?::uuid", id))
        .as("what was rendered holds secrets: encrypted at rest").startsWith("v1.")
        .doesNotContain("ClusterConfiguration");
    assertThat(count("SELECT ssh_private_key_encrypted FROM clusters WHERE id = ?::uuid", id))
        .as("encrypted at rest").startsWith("v1.").doesNotContain("PRIVATE KEY");

    final JsonObject read = api.call("GET", "/clusters/" + id, null, token).json();
    assertThat(read.getString("desired_provider_specific_cluster_configuration_rendered")).contains("# 3 masters, cluster " + id);
    assertThat(read.getJsonObject("desired_resources_rendered").getString("agent"))
        .contains("commanderUrl: https://127.0.0.1/agent_api/" + id);
    assertThat(read.getValue("applied_cluster_configuration_rendered")).as("nothing applied yet").isNull();
    assertThat(api.call("GET", "/clusters?status=new", null, token).body()).contains(id);
  }

  @Test
  void passwordValuesAreEncryptedAtRestNeverAnsweredNorAuditedAndKeptWhenSentBackMasked() {
    final JsonObject created = created("secretive", values("secretive.example.com")
        .put("registryPassword", "hunter2-secret"));
    final String id = created.getString("id");
    assertThat(created.getJsonObject("values").getString("registryPassword")).isEqualTo("****");
    assertThat(api.queryOne("SELECT changes::text FROM audit_log WHERE entity_id = ?::uuid", id))
        .contains("****").doesNotContain("hunter2-secret").contains("secretive.example.com");
    assertThat(count("SELECT values::text || coalesce(secret_values_encrypted, '') FROM clusters WHERE id = ?::uuid",
        id)).doesNotContain("hunter2-secret").contains("v1.");
    assertThat(count("SELECT values::text || coalesce(secret_values_encrypted, '') FROM cluster_revisions "
        + "WHERE cluster_id = ?::uuid", id)).doesNotContain("hunter2-secret").contains("v1.");
    final String hash = sha256("hunter2-secret").substring(0, 8);
    assertThat(api.call("GET", "/clusters/" + id, null, token).json().getString("desired_provider_specific_cluster_configuration_rendered"))
        .as("templates see the real value").contains("# password " + hash);

    api.queryOne("UPDATE tasks SET state = 'canceled', finished_at = now() WHERE cluster_id = ?::uuid RETURNING id", id);
    final JsonObject read = api.call("GET", "/clusters/" + id, null, token).json();
    final Response sentBack = api.call("PUT", "/clusters/" + id, new JsonObject()
        .put("cluster_template_version_id", version).put("current_revision", 1)
        .put("values", read.getJsonObject("values").copy().put("masters", 4)), token);
    assertThat(sentBack.status()).as(sentBack.body()).isEqualTo(200);
    assertThat(sentBack.json().getString("desired_provider_specific_cluster_configuration_rendered")).as("**** keeps the stored password")
        .contains("# password " + hash).contains("# 4 masters");
  }

  @Test
  void pagesFollowedByCursorOrOffsetGiveTheWholeListOnceInOrder() {
    for (int i = 0; i < 5; i++) {
      created("paged-" + i, values("paged-" + i + ".example.com"));
    }
    // Three clusters created in the same microsecond, across a page boundary: the id orders them.
    api.queryOne("UPDATE clusters SET created_at = '2030-01-01T00:00:00Z' WHERE name IN ('paged-1', 'paged-2', "
        + "'paged-3') RETURNING 1");
    final List<String> whole = ids(api.call("GET", "/clusters?limit=1000", null, token));
    assertThat(whole).hasSizeGreaterThanOrEqualTo(5);

    final List<String> byCursor = new java.util.ArrayList<>();
    String next = "/clusters?limit=2";
    int pages = 0;
    while (next != null) {
      final Response page = api.call("GET", next, null, token);
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      assertThat(page.header("X-Total-Count")).contains(Integer.toString(whole.size()));
      byCursor.addAll(ids(page));
      next = page.header("Link").map(link -> {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("^<(/api/v1)?([^>]+)>; rel=\"next\"$")
            .matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        assertThat(m.group(2)).contains("after=").contains("limit=2").doesNotContain("offset=");
        return m.group(2);
      }).orElse(null);
      assertThat(++pages).as("pages").isLessThanOrEqualTo(whole.size());
    }
    assertThat(byCursor).isEqualTo(whole);

    final List<String> byOffset = new java.util.ArrayList<>();
    for (int offset = 0; offset < whole.size(); offset += 2) {
      byOffset.addAll(ids(api.call("GET", "/clusters?limit=2&offset=" + offset, null, token)));
    }
    assertThat(byOffset).isEqualTo(whole);

    final Response bad = api.call("GET", "/clusters?after=not-a-cursor", null, token);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.code()).isEqualTo("validation_failed");
    assertThat(bad.json().getString("detail")).contains("after");
  }

  @Test
  void aListIsNarrowedByNameTemplateAndSyncModeAndOrderedAsAskedPagingByOffset() {
    for (String name : List.of("search-beta", "search-alpha", "search-gamma", "other_x")) {
      created(name, values(name + ".example.com"));
    }
    final List<String> names = names(api.call("GET", "/clusters?q=SEARCH-&sort=name&limit=1000", null, token));
    assertThat(names).containsExactly("search-alpha", "search-beta", "search-gamma");
    assertThat(names(api.call("GET", "/clusters?q=search-&sort=-name&limit=1000", null, token)))
        .containsExactly("search-gamma", "search-beta", "search-alpha");
    assertThat(names(api.call("GET", "/clusters?q=r_x&limit=1000", null, token))).as("_ is no wildcard")
        .containsExactly("other_x");

    final Response first = api.call("GET", "/clusters?q=search-&sort=name&limit=2", null, token);
    assertThat(first.header("X-Total-Count")).contains("3");
    assertThat(first.header("Link")).hasValueSatisfying(link -> assertThat(link)
        .contains("offset=2").contains("sort=name").contains("q=search-").doesNotContain("after="));
    assertThat(names(first)).containsExactly("search-alpha", "search-beta");

    final String template = api.queryOne("SELECT v.cluster_template_id::text FROM clusters c "
        + "JOIN cluster_template_versions v ON v.id = c.cluster_template_version_id WHERE c.name = 'search-beta'");
    assertThat(names(api.call("GET", "/clusters?q=search-&template_id=" + template + "&limit=1000", null, token)))
        .contains("search-beta");
    assertThat(api.call("GET", "/clusters?template_id=" + java.util.UUID.randomUUID(), null, token).array())
        .isEmpty();
    assertThat(api.call("GET", "/clusters?sync_mode=manual&q=search-", null, token).array()).isEmpty();
    assertThat(api.call("GET", "/clusters?sync_mode=auto&q=search-", null, token).array()).hasSize(3);

    final Response mixed = api.call("GET", "/clusters?sort=name&after=" + ListCursor.after(first.array()
        .getJsonObject(0)).encode(), null, token);
    assertThat(mixed.status()).isEqualTo(400);
    assertThat(mixed.json().getString("detail")).contains("after");
    assertThat(api.call("GET", "/clusters?sort=colour", null, token).code()).isEqualTo("validation_failed");
  }

  @Test
  void aBulkActionAnswersPerClusterEachInItsOwnTransactionAndAuditEntry() {
    final JsonObject template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "bulk")
        .put("params", PARAMS).put("sections", SECTIONS), token).json();
    final String templateId = template.getString("id");
    final String v1 = template.getString("current_cluster_template_version_id");
    final List<String> ids = new java.util.ArrayList<>();
    for (String name : List.of("bulk-a", "bulk-b", "bulk-c")) {
      final Response r = api.call("POST", "/clusters", new JsonObject().put("name", name)
          .put("cluster_template_version_id", v1).put("provisioner", "simulated")
          .put("values", values(name + ".example.com")), token);
      assertThat(r.status()).as(r.body()).isEqualTo(201);
      ids.add(r.json().getString("id"));
    }
    final String idArray = "{" + String.join(",", ids) + "}";
    api.queryOne("UPDATE tasks SET state = 'succeeded', finished_at = now() WHERE cluster_id = ANY(?::uuid[]) "
        + "RETURNING id", idArray);
    api.queryOne("UPDATE clusters SET status = 'in_sync', was_created = true, applied_revision = 1 "
        + "WHERE id = ANY(?::uuid[]) RETURNING id", idArray);
    final Credentials there = Credentials.token(api.token(api.admin(), api.workspace("bulk-other"), false));
    final String theirVersion = api.call("POST", "/cluster_templates", new JsonObject().put("name", "bulk")
        .put("params", PARAMS).put("sections", SECTIONS), there).json().getString("current_cluster_template_version_id");
    final Response their = api.call("POST", "/clusters", new JsonObject().put("name", "theirs")
        .put("cluster_template_version_id", theirVersion).put("provisioner", "simulated")
        .put("values", values("theirs.example.com")), there);
    assertThat(their.status()).as(their.body()).isEqualTo(201);
    final String theirs = their.json().getString("id");
    final String missing = UUID.randomUUID().toString();

    final Response bulk = api.call("POST", "/clusters/bulk", new JsonObject().put("action", "set_sync_mode")
        .put("sync_mode", "manual").put("cluster_ids", new JsonArray().add(ids.get(0)).add(theirs).add(ids.get(1))
            .add(missing)), token);
    assertThat(bulk.status()).as(bulk.body()).isEqualTo(200);
    assertThat(bulk.json().getInteger("succeeded")).as(bulk.body()).isEqualTo(2);
    assertThat(bulk.json().getInteger("failed")).isEqualTo(2);
    final JsonArray results = bulk.json().getJsonArray("results");
    assertThat(results.stream().map(o -> ((JsonObject) o).getString("id")).toList()).as("in the order asked")
        .containsExactly(ids.get(0), theirs, ids.get(1), missing);
    assertThat(results.getJsonObject(0).getInteger("status")).isEqualTo(200);
    assertThat(results.getJsonObject(0).getJsonObject("cluster").getString("sync_mode")).isEqualTo("manual");
    for (int i : new int[] {1, 3}) {
      assertThat(results.getJsonObject(i).getInteger("status")).as("another workspace's cluster looks missing")
          .isEqualTo(404);
      assertThat(results.getJsonObject(i).getJsonObject("problem").getString("code")).isEqualTo("not_found");
    }
    assertThat(count("SELECT string_agg(sync_mode, ',' ORDER BY name) FROM clusters WHERE name LIKE 'bulk-%'"))
        .isEqualTo("manual,manual,auto");
    assertThat(count("SELECT sync_mode FROM clusters WHERE id = ?::uuid", theirs)).isEqualTo("auto");
    assertThat(count("SELECT count(*) FROM audit_log WHERE entity_id = ANY(?::uuid[]) AND action = 'update'",
        "{" + ids.get(0) + "," + ids.get(1) + "}")).as("an audit entry per cluster").isEqualTo("2");

    final Response bad = api.call("POST", "/clusters/bulk", new JsonObject().put("action", "set_sync_mode")
        .put("cluster_ids", new JsonArray().add(ids.get(2))), token);
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.header("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    assertThat(bad.json().getString("detail")).contains("sync_mode");
    final JsonArray tooMany = new JsonArray();
    for (int i = 0; i < 1001; i++) {
      tooMany.add(UUID.randomUUID().toString());
    }
    assertThat(api.call("POST", "/clusters/bulk", new JsonObject().put("action", "delete").put("cluster_ids", tooMany),
        token).code()).as("a bound on the ids").isEqualTo("validation_failed");
    assertThat(api.call("POST", "/clusters/bulk", new JsonObject().put("action", "repaint")
        .put("cluster_ids", new JsonArray().add(ids.get(2))), token).status()).isEqualTo(400);
    assertThat(count("SELECT sync_mode FROM clusters WHERE id = ?::uuid", ids.get(2))).as("nothing changed")
        .isEqualTo("auto");
    final Credentials readOnly = Credentials.token(api.token(api.admin(), workspace, true));
    assertThat(api.call("POST", "/clusters/bulk", new JsonObject().put("action", "delete")
        .put("cluster_ids", new JsonArray().add(ids.get(2))), readOnly).status()).isEqualTo(403);

    api.call("PUT", "/cluster_templates/" + templateId, new JsonObject().put("name", "bulk").put("params", PARAMS)
        .put("sections", SECTIONS.copy().put("installation", "# v2\n")), token);
    final String v2 = api.call("GET", "/cluster_templates/" + templateId, null, token).json()
        .getString("current_cluster_template_version_id");
    final Response moved = api.call("POST", "/clusters/bulk", new JsonObject().put("action", "move_version")
        .put("cluster_template_version_id", v2).put("cluster_ids", new JsonArray().add(ids.get(0)).add(ids.get(2))),
        token);
    assertThat(moved.json().getInteger("succeeded")).as(moved.body()).isEqualTo(2);
    assertThat(names(api.call("GET", "/clusters?template_version_id=" + v2 + "&sort=name", null, token)))
        .containsExactly("bulk-a", "bulk-c");
    assertThat(names(api.call("GET", "/clusters?template_version_id=" + v1, null, token))).containsExactly("bulk-b");
    final JsonArray versions = api.call("GET", "/cluster_templates/" + templateId + "/versions", null, token).array();
    assertThat(versions.stream().map(o -> ((JsonObject) o).getInteger("number") + ":"
        + ((JsonObject) o).getLong("cluster_count")).toList()).containsExactly("1:1", "2:2");
    assertThat(api.call("GET", "/cluster_templates/" + templateId, null, token).json()
        .getJsonArray("cluster_template_versions").stream().map(o -> ((JsonObject) o).getLong("cluster_count"))
        .toList()).as("one template's versions are counted").containsExactly(1L, 2L);
    assertThat(api.call("GET", "/cluster_templates", null, token).array().stream()
        .flatMap(t -> ((JsonObject) t).getJsonArray("cluster_template_versions").stream())
        .noneMatch(v -> ((JsonObject) v).containsKey("cluster_count")))
        .as("the templates' list counts nothing: it would count the workspace's clusters in every answer").isTrue();

    final Response deleted = api.call("POST", "/clusters/bulk", new JsonObject().put("action", "delete")
        .put("cluster_ids", new JsonArray().add(ids.get(1)).add(ids.get(2))), token);
    assertThat(deleted.json().getJsonArray("results").stream().map(o -> ((JsonObject) o).getInteger("status"))
        .toList()).as(deleted.body()).containsExactly(202, 202);
    final String deletedIds = "{" + ids.get(1) + "," + ids.get(2) + "}";
    assertThat(count("SELECT string_agg(t.kind || ':' || t.state, ',') FROM tasks t WHERE t.cluster_id = ANY(?::uuid[]) "
        + "AND t.state = 'pending'", deletedIds)).as("a delete task each").isEqualTo("delete:pending,delete:pending");
    assertThat(count("SELECT count(*) FROM audit_log WHERE entity_id = ANY(?::uuid[]) AND action = 'delete'", deletedIds))
        .isEqualTo("2");
    // The delete tasks finish: the clusters are archived.
    api.queryOne("UPDATE clusters SET archived_at = now() WHERE id = ANY(?::uuid[]) RETURNING id", deletedIds);
    assertThat(api.call("GET", "/cluster_templates/" + templateId + "/versions", null, token).array().stream()
        .map(o -> ((JsonObject) o).getLong("cluster_count")).toList()).as("archived clusters do not count")
        .containsExactly(0L, 1L);
  }

  private static List<String> names(final Response page) {
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    return page.array().stream().map(o -> ((JsonObject) o).getString("name")).toList();
  }

  private static List<String> ids(final Response page) {
    return page.array().stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }

  @Test
  void invalidValuesGiveAConfigurationErrorAndNoTask() {
    final JsonObject cluster = created("broken", values("broken.example.com").put("masters", 9));
    assertThat(cluster.getString("status")).isEqualTo("configuration_error");
    assertThat(cluster.getJsonArray("render_errors").getJsonObject(0).getString("message"))
        .isEqualTo("masters: must be at most 5");
    assertThat(count("SELECT count(*)::text FROM tasks WHERE cluster_id = ?::uuid", cluster.getString("id")))
        .isEqualTo("0");
    assertThat(api.call("POST", "/clusters/" + cluster.getString("id") + "/apply", null, token).code())
        .isEqualTo("configuration_error");
  }

  @Test
  void uniqueValuesAreUniqueAcrossTheWorkspacesClusters() {
    created("unique-1", values("same.example.com"));
    final String before = count("SELECT count(*)::text FROM clusters");
    final Response second = create("unique-2", values("same.example.com"));
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.code()).isEqualTo("not_unique");
    assertThat(count("SELECT count(*)::text FROM clusters")).as("nothing written").isEqualTo(before);
  }

  @Test
  void exclusiveRecordsAreHeldAndFreedByArchive() {
    final String record = record("10.0.0.9");
    final JsonObject host = new JsonObject().put("x-commander-record-id", record);
    final JsonObject first = created("holder", values("holder.example.com").put("host", host));
    assertThat(count("SELECT cluster_id::text FROM records WHERE id = ?::uuid", record)).isEqualTo(first.getString("id"));
    final JsonObject read = api.call("GET", "/clusters/" + first.getString("id"), null, token).json();
    assertThat(read.getString("desired_provider_specific_cluster_configuration_rendered")).contains("# host 10.0.0.9");

    final Response taken = create("taker", values("taker.example.com").put("host", host));
    assertThat(taken.code()).isEqualTo("record_in_use");
    assertThat(api.call("DELETE", "/records/" + record, null, token).code()).isEqualTo("record_in_use");

    final Response archived = api.call("DELETE", "/clusters/" + first.getString("id") + "?cleanup=false", null, token);
    assertThat(archived.status()).isEqualTo(202);
    assertThat(archived.json().getString("status")).isEqualTo("deleted");
    assertThat(archived.json().getString("archived_at")).isNotNull();
    assertThat(count("SELECT coalesce(cluster_id::text, 'free') FROM records WHERE id = ?::uuid", record))
        .isEqualTo("free");
    assertThat(create("taker", values("taker.example.com").put("host", host)).status()).isEqualTo(201);
  }

  @Test
  void updatesAreRevisionsWithOptimisticLockingAndImmutableFields() {
    final JsonObject cluster = created("beta", values("beta.example.com"));
    final String id = cluster.getString("id");
    final String task = cluster.getString("current_task_id");
    final JsonObject change = new JsonObject().put("cluster_template_version_id", version)
        .put("values", values("beta.example.com").put("masters", 5)).put("current_revision", 1);

    assertThat(api.call("PUT", "/clusters/" + id, change, token).code()).as("install pending")
        .isEqualTo("task_in_progress");
    assertThat(api.call("POST", "/tasks/" + task + "/cancel", null, token).json().getString("state"))
        .isEqualTo("canceled");

    final Response updated = api.call("PUT", "/clusters/" + id, change, token);
    assertThat(updated.status()).as(updated.body()).isEqualTo(200);
    assertThat(updated.json().getInteger("current_revision")).isEqualTo(2);
    assertThat(updated.json().getInteger("desired_revision")).isEqualTo(2);
    assertThat(count("SELECT kind || ':' || cluster_revision FROM tasks WHERE cluster_id = ?::uuid AND state = 'pending'",
        id)).isEqualTo("install:2");
    assertThat(api.call("PUT", "/clusters/" + id, change, token).code()).as("stale").isEqualTo("stale_revision");

    final JsonObject diff = api.call("GET", "/clusters/" + id + "/revisions/2/diff", null, token).json();
    assertThat(diff.getInteger("against")).isEqualTo(1);
    assertThat(diff.getJsonObject("sections").getString("placement"))
        .contains("-# 3 masters, cluster " + id).contains("+# 5 masters, cluster " + id);
    assertThat(new JsonArray(api.call("GET", "/clusters/" + id + "/revisions", null, token).body())).hasSize(2);

    api.queryOne("UPDATE tasks SET state = 'canceled', finished_at = now() WHERE cluster_id = ?::uuid "
        + "AND state = 'pending' RETURNING id", id);
    final Response immutable = api.call("PUT", "/clusters/" + id, change.copy().put("current_revision", 2)
        .put("values", values("beta.example.com").put("podSubnet", "10.9.0.0/16")), token);
    assertThat(immutable.status()).isEqualTo(400);
    assertThat(immutable.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/values/podSubnet");

    final Response stalePatch = api.call("PATCH", "/clusters/" + id, new JsonObject().put("values",
        new JsonObject().put("masters", 4)), token.with("If-Match", "\"1\""));
    assertThat(stalePatch.code()).isEqualTo("stale_revision");
    final Response patched = api.call("PATCH", "/clusters/" + id, new JsonObject().put("values",
        new JsonObject().put("masters", 4)).put("sync_mode", "manual"), token.with("If-Match", "\"2\""));
    assertThat(patched.status()).as(patched.body()).isEqualTo(200);
    assertThat(patched.json().getJsonObject("values").getInteger("masters")).isEqualTo(4);
    assertThat(count("SELECT count(*)::text FROM tasks WHERE cluster_id = ?::uuid AND state = 'pending'", id))
        .as("manual mode waits").isEqualTo("0");
    final Response applied = api.call("POST", "/clusters/" + id + "/apply", null, token);
    assertThat(applied.status()).isEqualTo(202);
    assertThat(applied.json().getString("kind")).isEqualTo("install");
    assertThat(applied.json().getInteger("cluster_revision")).isEqualTo(3);
  }

  /**
   * The fields Deckhouse Commander's clients read beside the inputs: is_locked while a task holds the
   * cluster, the type from the ClusterConfiguration, no masters without an ssh section, the version
   * switch time moving only when the version does, the configuration's with every accepted input,
   * and archive_number null until archived, then a string.
   */
  @Test
  void commandersOwnFieldsFollowTheCluster() {
    final Response template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "switching")
        .put("params", PARAMS).put("sections", SECTIONS), token);
    final String v1 = template.json().getString("current_cluster_template_version_id");
    final String v2 = api.call("PUT", "/cluster_templates/" + template.json().getString("id"), new JsonObject()
            .put("name", "switching").put("params", PARAMS).put("sections", SECTIONS.copy().put("installation", "# v2\n")),
        token).json().getString("current_cluster_template_version_id");
    assertThat(v2).isNotEqualTo(v1);
    final JsonObject created = api.call("POST", "/clusters", new JsonObject().put("name", "switching")
        .put("cluster_template_version_id", v1).put("provisioner", "simulated")
        .put("values", values("switching.example.com")), token).json();
    final String id = created.getString("id");
    assertThat(created.getBoolean("is_locked")).as("install pending").isTrue();
    assertThat(created.getString("cluster_type")).isEqualTo("static");
    assertThat(created.getJsonObject("connection_hosts")).isEqualTo(new JsonObject().put("masters", new JsonArray()));
    assertThat(created.containsKey("archive_number")).isTrue();
    assertThat(created.getValue("archive_number")).isNull();
    final String switched = created.getString("cluster_template_version_switched_at");
    final String updated = created.getString("cluster_configuration_updated_at");
    assertThat(switched).isNotNull();
    assertThat(updated).isNotNull();

    api.call("POST", "/tasks/" + created.getString("current_task_id") + "/cancel", null, token);
    final JsonObject idle = api.call("GET", "/clusters/" + id, null, token).json();
    assertThat(idle.getBoolean("is_locked")).isFalse();

    final JsonObject sameVersion = api.call("PUT", "/clusters/" + id, new JsonObject().put("cluster_template_version_id",
        v1).put("values", values("switching.example.com").put("masters", 2)).put("sync_mode", "manual")
        .put("current_revision", 1), token).json();
    assertThat(sameVersion.getString("cluster_template_version_switched_at")).isEqualTo(switched);
    assertThat(java.time.OffsetDateTime.parse(sameVersion.getString("cluster_configuration_updated_at")))
        .isAfter(java.time.OffsetDateTime.parse(updated));
    final JsonObject otherVersion = api.call("PUT", "/clusters/" + id, new JsonObject()
        .put("cluster_template_version_id", v2).put("values", values("switching.example.com"))
        .put("current_revision", 2), token).json();
    assertThat(java.time.OffsetDateTime.parse(otherVersion.getString("cluster_template_version_switched_at")))
        .isAfter(java.time.OffsetDateTime.parse(switched));
    assertThat(otherVersion.getString("init_configuration_rendered")).isEqualTo("# v2\n");

    api.queryOne("UPDATE tasks SET state = 'canceled', finished_at = now() WHERE cluster_id = ?::uuid "
        + "AND state = 'pending' RETURNING id", id);
    assertThat(api.call("DELETE", "/clusters/" + id, null, token).json().getString("archive_number")).isEqualTo("1");
    final String again = created("switching", values("switching.example.com")).getString("id");
    api.queryOne("UPDATE tasks SET state = 'canceled', finished_at = now() WHERE cluster_id = ?::uuid "
        + "AND state = 'pending' RETURNING id", again);
    assertThat(api.call("DELETE", "/clusters/" + again, null, token).json().getValue("archive_number"))
        .as("the second archived cluster of the name").isEqualTo("2");
  }

  @Test
  void deleteAndRetryFollowTheLifecycle() {
    final JsonObject cluster = created("gamma", values("gamma.example.com"));
    final String id = cluster.getString("id");
    api.queryOne("UPDATE tasks SET state = 'failed', finished_at = now(), error = 'x' WHERE cluster_id = ?::uuid "
        + "RETURNING id", id);
    assertThat(api.call("POST", "/clusters/" + id + "/retry", null, token).code()).as("status new")
        .isEqualTo("nothing_to_retry");
    api.queryOne("UPDATE clusters SET status = 'creation_failed' WHERE id = ?::uuid RETURNING id", id);
    final Response retried = api.call("POST", "/clusters/" + id + "/retry", null, token);
    assertThat(retried.status()).isEqualTo(202);
    assertThat(retried.json().getString("kind")).isEqualTo("install");

    api.queryOne("UPDATE tasks SET state = 'succeeded', finished_at = now() WHERE cluster_id = ?::uuid "
        + "AND state = 'pending' RETURNING id", id);
    api.queryOne("UPDATE clusters SET status = 'in_sync', was_created = true, applied_revision = 1 "
        + "WHERE id = ?::uuid RETURNING id", id);
    final Response deleting = api.call("DELETE", "/clusters/" + id, null, token);
    assertThat(deleting.status()).isEqualTo(202);
    assertThat(deleting.json().getString("status")).isEqualTo("delete");
    assertThat(count("SELECT kind FROM tasks WHERE cluster_id = ?::uuid AND state = 'pending'", id)).isEqualTo("delete");
    assertThat(api.call("DELETE", "/clusters/" + id, null, token).code()).isEqualTo("invalid_transition");
    assertThat(api.call("PUT", "/clusters/" + id, new JsonObject().put("cluster_template_version_id", version)
        .put("values", values("gamma.example.com")).put("current_revision", 1), token).code())
        .isEqualTo("invalid_transition");
  }

  @Test
  void otherWorkspacesAndUnavailableVersionsAreRefused() {
    final String id = created("delta", values("delta.example.com")).getString("id");
    final UUID other = api.workspace("clusters-other");
    final Credentials there = Credentials.token(api.token(api.admin(), other, false));
    assertThat(api.call("GET", "/clusters/" + id, null, there).status()).isEqualTo(404);
    assertThat(api.call("POST", "/clusters", new JsonObject().put("name", "x").put("cluster_template_version_id", version)
        .put("values", values("x.example.com")), there).status()).as("another workspace's version").isEqualTo(400);

    final JsonObject template = api.call("POST", "/cluster_templates", new JsonObject().put("name", "withdrawn")
        .put("params", PARAMS).put("sections", SECTIONS), token).json();
    final String templateId = template.getString("id");
    final String v1 = template.getString("current_cluster_template_version_id");
    api.call("PUT", "/cluster_templates/" + templateId, new JsonObject().put("name", "withdrawn").put("params", PARAMS)
        .put("sections", SECTIONS.copy().put("installation", "# v2\n")), token);
    assertThat(api.call("PATCH", "/cluster_templates/" + templateId + "/versions/" + v1,
        new JsonObject().put("available", false), token).status()).isEqualTo(200);
    final Response refused = api.call("POST", "/clusters", new JsonObject().put("name", "old")
        .put("cluster_template_version_id", v1).put("values", values("old.example.com")), token);
    assertThat(refused.code()).isEqualTo("version_unavailable");
  }

  private String changeRequest(final String clusterId, final int revision, final String destructive) {
    final String sha = sha256("[\"" + destructive + "\"]");
    return api.queryOne("INSERT INTO cluster_change_requests (cluster_id, revision, destructive, change_set_sha256) "
        + "VALUES (?::uuid, ?::int, ?::jsonb, ?) RETURNING id::text", clusterId, Integer.toString(revision),
        "[\"" + destructive + "\"]", sha);
  }

  private static String sha256(final String text) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void destructiveChangesWaitForAnApprovalOfTheirExactChangeSet() {
    final JsonObject cluster = created("epsilon", values("epsilon.example.com"));
    final String id = cluster.getString("id");
    api.queryOne("UPDATE tasks SET state = 'succeeded', finished_at = now() WHERE cluster_id = ?::uuid RETURNING id", id);
    api.queryOne("UPDATE clusters SET status = 'changing', was_created = true, applied_revision = 1 "
        + "WHERE id = ?::uuid RETURNING id", id);
    final String request = changeRequest(id, 1, "destroy node master-2");
    assertThat(io.commander.server.clusters.ChangeRequestStore.sha256(java.util.List.of("destroy node master-2")))
        .as("the hash a client computes from what it was shown").isEqualTo(sha256("[\"destroy node master-2\"]"));

    final JsonArray listed = new JsonArray(api.call("GET", "/cluster_change_requests?cluster_id=" + id, null, token).body());
    assertThat(listed).hasSize(1);
    final String sha = listed.getJsonObject(0).getString("change_set_sha256");
    assertThat(listed.getJsonObject(0).getJsonArray("destructive_changes")).containsExactly("destroy node master-2");

    final Response mismatch = api.call("POST", "/cluster_change_requests/" + request + "/approve",
        new JsonObject().put("change_set_sha256", "0".repeat(64)), token);
    assertThat(mismatch.code()).isEqualTo("change_set_mismatch");
    assertThat(count("SELECT count(*)::text FROM tasks WHERE cluster_id = ?::uuid AND state = 'pending'", id))
        .isEqualTo("0");

    final Response approved = api.call("POST", "/cluster_change_requests/" + request + "/approve",
        new JsonObject().put("change_set_sha256", sha), token);
    assertThat(approved.status()).as(approved.body()).isEqualTo(200);
    assertThat(approved.json().getString("status")).isEqualTo("approved");
    assertThat(count("SELECT kind || ':' || cluster_revision FROM tasks WHERE cluster_id = ?::uuid AND state = 'pending'",
        id)).isEqualTo("change:1");
    assertThat(api.call("POST", "/cluster_change_requests/" + request + "/approve",
        new JsonObject().put("change_set_sha256", sha), token).code()).isEqualTo("already_approved");

    api.queryOne("UPDATE cluster_change_requests SET status = 'completed', completed_at = now() WHERE id = ?::uuid "
        + "RETURNING id", request);
    api.queryOne("UPDATE tasks SET state = 'succeeded', finished_at = now() WHERE cluster_id = ?::uuid "
        + "AND state = 'pending' RETURNING id", id);
    assertThat(api.call("POST", "/cluster_change_requests/" + request + "/approve",
        new JsonObject().put("change_set_sha256", sha), token).code()).isEqualTo("already_completed");

    final String stale = changeRequest(id, 1, "destroy node master-1");
    final Response changed = api.call("PUT", "/clusters/" + id, new JsonObject().put("cluster_template_version_id",
        version).put("values", values("epsilon.example.com").put("masters", 2)).put("current_revision", 1)
        .put("sync_mode", "manual"), token);
    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    assertThat(api.call("POST", "/cluster_change_requests/" + stale + "/approve", new JsonObject()
        .put("change_set_sha256", sha256("[\"destroy node master-1\"]")), token).code())
        .as("the inputs changed after the plan").isEqualTo("cluster_cannot_be_converged");
    assertThat(api.call("POST", "/cluster_change_requests/" + stale + "/approve", new JsonObject()
        .put("change_set_sha256", "xyz"), token).status()).isEqualTo(400);
  }

  private void logLine(final String task, final int seq, final String line) {
    api.queryOne("INSERT INTO task_logs (task_id, seq, stream, line) VALUES (?::uuid, ?::int, 'stdout', ?) "
        + "RETURNING seq::text", task, Integer.toString(seq), line);
  }

  @Test
  void aTaskLogFollowsAsServerSentEventsInOrderAndEndsWithTheTask() throws Exception {
    final JsonObject cluster = created("zeta", values("zeta.example.com"));
    final String task = cluster.getString("current_task_id");
    logLine(task, 0, "phase 1");
    logLine(task, 1, "phase 2");
    assertThat(new JsonArray(api.call("GET", "/tasks/" + task + "/log?after=0", null, token).body()).getJsonObject(0)
        .getString("line")).isEqualTo("phase 2");

    final java.util.concurrent.BlockingQueue<String> events = new java.util.concurrent.LinkedBlockingQueue<>();
    final java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(api.baseUrl() + "/api/v1/tasks/" + task + "/log?follow=true"));
    token.headers().forEach(request::header);
    final var response = java.net.http.HttpClient.newHttpClient().sendAsync(request.build(),
        java.net.http.HttpResponse.BodyHandlers.fromLineSubscriber(new java.util.concurrent.Flow.Subscriber<String>() {
          @Override
          public void onSubscribe(final java.util.concurrent.Flow.Subscription s) {
            s.request(Long.MAX_VALUE);
          }

          @Override
          public void onNext(final String line) {
            if (line.startsWith("data: ")) {
              events.add(line.substring(6));
            }
          }

          @Override
          public void onError(final Throwable e) {
            events.add("error: " + e);
          }

          @Override
          public void onComplete() {
            events.add("closed");
          }
        }));
    assertThat(new JsonObject(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).getString("line"))
        .isEqualTo("phase 1");
    assertThat(new JsonObject(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).getString("line"))
        .isEqualTo("phase 2");

    api.vertx().eventBus().publish(io.commander.core.bus.Addresses.taskLog(UUID.fromString(task)),
        new JsonArray().add(new JsonObject().put("seq", 2).put("at", "2026-11-25T00:00:00Z").put("stream", "stdout")
            .put("line", "live")));
    assertThat(new JsonObject(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).getString("line"))
        .as("published lines arrive at once").isEqualTo("live");
    logLine(task, 2, "live");
    logLine(task, 3, "phase 3");
    api.queryOne("UPDATE tasks SET state = 'succeeded', finished_at = now() WHERE id = ?::uuid RETURNING id", task);
    assertThat(new JsonObject(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).getString("line"))
        .as("each line once, in order").isEqualTo("phase 3");
    assertThat(new JsonObject(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).getString("state"))
        .isEqualTo("succeeded");
    assertThat(events.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo("closed");
    assertThat(response.get(10, java.util.concurrent.TimeUnit.SECONDS).headers().firstValue("content-type"))
        .hasValue("text/event-stream");
  }

  @Test
  void anExistingClusterIsAttachedThroughItsKubeconfig() {
    final JsonObject body = new JsonObject().put("name", "attached").put("cluster_template_version_id", version)
        .put("provisioner", "kubeconfig").put("values", values("attached.example.com"));
    assertThat(api.call("POST", "/clusters", body, token).json().getJsonArray("errors").getJsonObject(0)
        .getString("field")).isEqualTo("/kubeconfig");
    final Response created = api.call("POST", "/clusters", body.copy().put("kubeconfig", "apiVersion: v1\nkind: Config\n"),
        token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    final String id = created.json().getString("id");
    assertThat(created.json().getString("status")).isEqualTo("ready_to_join");
    assertThat(created.json().encode()).doesNotContain("kind: Config");
    assertThat(count("SELECT kind || ':' || state FROM tasks WHERE cluster_id = ?::uuid", id)).isEqualTo("attach:pending");
    assertThat(count("SELECT kubeconfig_encrypted FROM clusters WHERE id = ?::uuid", id)).startsWith("v1.")
        .doesNotContain("Config");
    assertThat(count("SELECT agent_token_hash IS NOT NULL AND agent_token_encrypted LIKE 'v1.%' FROM clusters "
        + "WHERE id = ?::uuid", id)).isEqualTo("t");
  }
}
