package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.server.auth.GlobalRole;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input on every operation of the contract that takes a body or parameters: malformed JSON,
 * wrong types, unknown fields, oversize bodies, invalid slugs and ids, SQL metacharacters, and the
 * domain's own mistakes (schemas, templates, records, credentials, clusters' values, revisions and
 * lifecycle). Each is refused with an
 * {@code application/problem+json} 4xx that says what is wrong, and writes nothing.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class BadInputTest {

  private static final String JSON = "application/json";
  private static final String SQL_SLUG = "x'; DROP TABLE workspaces; --";
  private static final String SQL_NAME = "Robert'); DROP TABLE workspaces;--\"\\";
  /** About 2 MiB, twice the default {@code http.body-limit-kb}. */
  private static final String BIG = "x".repeat(2 * 1024 * 1024);

  private ApiFixture api;
  private Credentials admin;
  private UUID workspace;
  private UUID boundUser;
  private UUID freeUser;
  private UUID binding;
  private Credentials workspaceToken;
  /** The fixture's objects inside workspaces, by placeholder ({@code {registry}}, {@code {other-record}}, ...). */
  private final Map<String, String> objects = new LinkedHashMap<>();

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    workspace = api.workspace("bad-input");
    boundUser = api.createUser("bound@example.test", "bound-password-1", GlobalRole.USER);
    freeUser = api.createUser("free@example.test", "free-password-1", GlobalRole.USER);
    binding = api.bind(workspace, boundUser, "viewer");
    admin = api.admin();
    workspaceToken = Credentials.token(api.token(admin, workspace, false));
    final UUID other = api.workspace("bad-input-other");
    objects.put("{other}", other.toString());
    workspaceObjects("", workspaceToken);
    workspaceObjects("other-", Credentials.token(api.token(admin, other, false)));
    // A second registry and template to collide with, and one update each, so revision 1 is stale.
    created("/registries", registry("second"), workspaceToken);
    created("/cluster_templates", template("second"), workspaceToken);
    updated("/registries/" + objects.get("{registry}"), registry("main"));
    updated("/catalogs/" + objects.get("{catalog}"), catalog("subnets"));
    updated("/records/" + objects.get("{record}"), new JsonObject().put("values", RECORD_VALUES));
    updated("/cluster_templates/" + objects.get("{template}"), template("static"));
    clusterObjects();
  }

  /**
   * Clusters in both workspaces, each holding an exclusive record and with its install task
   * pending (no cluster manager runs here); in the fixture's workspace also a cluster in
   * configuration_error, a deleted one, an idle one at revision 2 in manual sync mode whose
   * install task was canceled, and a withdrawn template version.
   */
  private void clusterObjects() {
    final Credentials other = Credentials.token(api.token(admin, UUID.fromString(objects.get("{other}")), false));
    for (String prefix : List.of("", "other-")) {
      final Credentials as = prefix.isEmpty() ? workspaceToken : other;
      final String hosts = created("/catalogs", new JsonObject().put("name", "hosts").put("slug", "hosts")
          .put("usage", "exclusive").put("params", HOST_PARAMS.copy()), as).getString("id");
      objects.put("{" + prefix + "host}", created("/records", new JsonObject().put("catalog_id", hosts)
          .put("values", new JsonObject().put("ip", "10.0.0.9")), as).getString("id"));
      final JsonObject template = created("/cluster_templates", clusterTemplate(), as);
      objects.put("{" + prefix + "cluster-template}", template.getString("id"));
      objects.put("{" + prefix + "cluster-version}", template.getString("current_cluster_template_version_id"));
    }
    // Version 1 withdrawn: clusters use version 2.
    final String template = objects.get("{cluster-template}");
    final String withdrawn = objects.get("{cluster-version}");
    final Response v2 = api.call("PUT", "/cluster_templates/" + template, clusterTemplate().put("sections",
        CLUSTER_SECTIONS.copy().put("installation", "# v2\n")), workspaceToken);
    assertThat(v2.status()).as("%s", v2).isEqualTo(200);
    objects.put("{cluster-version}", v2.json().getString("current_cluster_template_version_id"));
    objects.put("{withdrawn-version}", withdrawn);
    final Response withdraw = api.call("PATCH", "/cluster_templates/" + template + "/versions/" + withdrawn,
        new JsonObject().put("available", false), workspaceToken);
    assertThat(withdraw.status()).as("%s", withdraw).isEqualTo(200);

    for (String prefix : List.of("", "other-")) {
      final JsonObject main = created("/clusters", new JsonObject(fill(cluster("main", clusterValues("main")
          .put("host", held("{" + prefix + "host}"))).put("cluster_template_version_id",
          "{" + prefix + "cluster-version}").encode())), prefix.isEmpty() ? workspaceToken : other);
      assertThat(main.getString("status")).as("%s", main).isEqualTo("new");
      objects.put("{" + prefix + "cluster}", main.getString("id"));
      objects.put("{" + prefix + "task}", main.getString("current_task_id"));
    }
    assertThat(api.queryOne("SELECT cluster_id::text FROM records WHERE id = ?::uuid", objects.get("{host}")))
        .as("the record is held").isEqualTo(objects.get("{cluster}"));

    final JsonObject broken = created("/clusters", new JsonObject(fill(cluster("broken", clusterValues("broken")
        .put("masters", 9)).encode())), workspaceToken);
    assertThat(broken.getString("status")).as("%s", broken).isEqualTo("configuration_error");
    objects.put("{broken-cluster}", broken.getString("id"));

    final JsonObject deleted = created("/clusters", new JsonObject(fill(cluster("deleted", clusterValues("deleted"))
        .encode())), workspaceToken);
    canceled(deleted.getString("current_task_id"));
    final Response archived = api.call("DELETE", "/clusters/" + deleted.getString("id") + "?cleanup=false", null,
        workspaceToken);
    assertThat(archived.status()).as("%s", archived).isEqualTo(202);
    assertThat(archived.json().getString("status")).isEqualTo("deleted");
    objects.put("{deleted-cluster}", deleted.getString("id"));

    final JsonObject idle = created("/clusters", new JsonObject(fill(cluster("idle", clusterValues("idle"))
        .encode())), workspaceToken);
    objects.put("{idle-cluster}", idle.getString("id"));
    objects.put("{finished-task}", idle.getString("current_task_id"));
    canceled(idle.getString("current_task_id"));
    final Response second = api.call("PUT", "/clusters/" + idle.getString("id"),
        new JsonObject(fill(UPDATE_CLUSTER.validBody())).put("current_revision", 1), workspaceToken);
    assertThat(second.status()).as("%s", second).isEqualTo(200);
    assertThat(second.json().getInteger("current_revision")).isEqualTo(2);
    assertThat(second.json().getString("current_task_id")).as("manual sync mode queues nothing").isNull();
  }

  private void canceled(final String task) {
    final Response response = api.call("POST", "/tasks/" + task + "/cancel", null, workspaceToken);
    assertThat(response.status()).as("%s", response).isEqualTo(202);
    assertThat(response.json().getString("state")).isEqualTo("canceled");
  }

  /** A registry, a catalog with a record and a template, through the API as the given workspace token. */
  private void workspaceObjects(final String prefix, final Credentials as) {
    objects.put("{" + prefix + "registry}", created("/registries", registry("main"), as).getString("id"));
    final String catalog = created("/catalogs", catalog("subnets"), as).getString("id");
    objects.put("{" + prefix + "catalog}", catalog);
    objects.put("{" + prefix + "record}", created("/records", new JsonObject().put("catalog_id", catalog)
        .put("values", RECORD_VALUES), as).getString("id"));
    final JsonObject template = created("/cluster_templates", template("static"), as);
    objects.put("{" + prefix + "template}", template.getString("id"));
    objects.put("{" + prefix + "version}", template.getString("current_cluster_template_version_id"));
  }

  private JsonObject created(final String path, final JsonObject body, final Credentials as) {
    final Response response = api.call("POST", path, body, as);
    assertThat(response.status()).as("POST %s: %s", path, response).isEqualTo(201);
    return response.json();
  }

  private void updated(final String path, final JsonObject body) {
    final Response response = api.call("PUT", path, body, workspaceToken);
    assertThat(response.status()).as("PUT %s: %s", path, response).isEqualTo(200);
    assertThat(response.json().getInteger("current_revision")).as("PUT %s", path).isGreaterThan(1);
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  // ---- the cases

  /** Who sends a case. */
  enum As {
    /** The administrator, signed in. */
    ADMIN,
    /** Nobody. */
    NOBODY,
    /** A token of the fixture's workspace: objects inside workspaces are reached this way. */
    WORKSPACE
  }

  /**
   * One bad request and the problem it must get. Paths and bodies may name the fixture's objects
   * as {@code {ws}}, {@code {bound}}, {@code {user}}, {@code {binding}}, {@code {registry}},
   * {@code {catalog}}, {@code {record}}, {@code {template}}, {@code {version}}, {@code {host}} (a
   * record of the exclusive catalog), {@code {cluster-template}}, {@code {cluster-version}},
   * {@code {cluster}} (holding the host) and {@code {task}} (its pending install) (those of another
   * workspace with an {@code other-} prefix, the workspace itself as {@code {other}}),
   * {@code {withdrawn-version}}, {@code {broken-cluster}} (in configuration_error),
   * {@code {deleted-cluster}}, {@code {idle-cluster}} (revision 2, manual sync mode, no task),
   * {@code {finished-task}} (canceled) and a random id as {@code {random}}; {@code {big}} stands
   * for a body larger than the limit.
   *
   * @param code the problem's code, or {@code !code} for any code but that one
   * @param field the JSON pointer an {@code errors} entry must name, {@code ?name} for a parameter
   *     the detail must name, or null
   * @param headers request headers to send besides the credentials
   */
  record Case(String name, String method, String path, String body, String contentType, As as,
              int status, String code, String field, Map<String, String> headers) {

    Case(final String name, final String method, final String path, final String body, final String contentType,
         final As as, final int status, final String code, final String field) {
      this(name, method, path, body, contentType, as, status, code, field, Map.of());
    }

    Case(final String name, final String method, final String path, final String body, final String contentType,
         final boolean anonymous, final int status, final String code, final String field) {
      this(name, method, path, body, contentType, anonymous ? As.NOBODY : As.ADMIN, status, code, field);
    }

    /** The same request with one more header (its value may name the fixture's objects too). */
    Case header(final String header, final String value) {
      final Map<String, String> copy = new LinkedHashMap<>(headers);
      copy.put(header, value);
      return new Case(name, method, path, body, contentType, as, status, code, field, Map.copyOf(copy));
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** An operation that takes a JSON body, with a body it would accept. */
  private record Endpoint(String label, String method, String path, String validBody, As as) {

    Endpoint(final String label, final String method, final String path, final String validBody,
             final boolean anonymous) {
      this(label, method, path, validBody, anonymous ? As.NOBODY : As.ADMIN);
    }

    Case json(final String what, final String body, final int status, final String code, final String field) {
      return new Case(label + ": " + what, method, path, body, JSON, as, status, code, field);
    }

    Case json(final String what, final JsonObject body, final int status, final String code, final String field) {
      return json(what, body.encode(), status, code, field);
    }

    /** The same operation on another path (another id, or with query parameters). */
    Case at(final String what, final String otherPath, final JsonObject body, final int status, final String code,
            final String field) {
      return new Case(label + ": " + what, method, otherPath, body.encode(), JSON, as, status, code, field);
    }

    Case raw(final String what, final String body, final String contentType, final int status, final String code) {
      return new Case(label + ": " + what, method, path, body, contentType, as, status, code, null);
    }

    /** The valid body with one more member. */
    String plus(final String member) {
      return validBody.substring(0, validBody.length() - 1) + "," + member + "}";
    }
  }

  private static final Endpoint LOGIN = new Endpoint("POST /auth/login", "POST", "/auth/login",
      "{\"email\":\"" + ApiFixture.ADMIN_EMAIL + "\",\"password\":\"" + ApiFixture.ADMIN_PASSWORD + "\"}", true);
  private static final Endpoint CREATE_WORKSPACE = new Endpoint("POST /workspaces", "POST", "/workspaces",
      "{\"name\":\"Valid\",\"slug\":\"valid-unused\"}", false);
  private static final Endpoint UPDATE_WORKSPACE = new Endpoint("PUT /workspaces/{id}", "PUT", "/workspaces/{ws}",
      "{\"name\":\"Renamed\"}", false);
  private static final Endpoint CREATE_BINDING = new Endpoint("POST /workspace_role_bindings", "POST",
      "/workspace_role_bindings", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{user}\",\"role\":\"viewer\"}", false);
  private static final Endpoint UPDATE_BINDING = new Endpoint("PUT /workspace_role_bindings/{id}", "PUT",
      "/workspace_role_bindings/{binding}", "{\"role\":\"manager\"}", false);
  private static final Endpoint CREATE_TOKEN = new Endpoint("POST /auth_tokens", "POST", "/auth_tokens",
      "{\"name\":\"valid-token\"}", false);

  private static final Endpoint CREATE_USER = new Endpoint("POST /users", "POST", "/users",
      "{\"email\":\"valid-user@example.test\",\"password\":\"long-enough-password\"}", false);
  private static final Endpoint UPDATE_USER = new Endpoint("PUT /users/{id}", "PUT", "/users/{user}",
      "{\"name\":\"Renamed\"}", false);
  private static final Endpoint CHANGE_PASSWORD = new Endpoint("POST /auth/password", "POST", "/auth/password",
      "{\"current_password\":\"" + ApiFixture.ADMIN_PASSWORD + "\",\"new_password\":\"long-enough-password\"}",
      false);

  // ---- objects inside a workspace, as a token of the workspace writes them

  private static final String AUTH = base64("robot:registry-password");
  private static final JsonArray SUBNETS = new JsonArray("""
      [{"header": "Network"},
       {"key": "cidr", "type": "string", "title": "CIDR", "pattern": "^[0-9./]+$", "unique": true, "immutable": true},
       {"key": "zone", "type": "string", "title": "Zone", "enum": ["a", "b", "c"]},
       {"key": "vlan", "type": "number", "title": "VLAN", "min": 1, "max": 4094, "optional": true},
       {"key": "note", "type": "string", "title": "Note", "maxLength": 64, "optional": true}]""");
  private static final JsonObject RECORD_VALUES = new JsonObject().put("cidr", "10.0.0.0/24").put("zone", "a");
  private static final JsonArray TEMPLATE_PARAMS = new JsonArray("""
      [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5, "default": 1}]""");
  private static final JsonObject SECTIONS = new JsonObject()
      .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n")
      .put("placement", "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n# {{ .masters }} masters\n")
      .put("resources", new JsonArray().add(tab("modules")));

  private static String base64(final String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject registry(final String name) {
    return new JsonObject().put("name", name).put("images_repo", "registry.example.test/deckhouse/ee")
        .put("scheme", "https").put("auth", AUTH);
  }

  private static JsonObject catalog(final String slug) {
    return new JsonObject().put("name", slug).put("slug", slug).put("usage", "shared").put("params", SUBNETS.copy());
  }

  private static JsonObject imported(final String slug, final JsonObject... values) {
    final JsonArray resources = new JsonArray();
    for (JsonObject v : values) {
      resources.add(new JsonObject().put("values", v));
    }
    return catalog(slug).put("resources", resources);
  }

  private static JsonObject record(final JsonObject values) {
    return new JsonObject().put("catalog_id", "{catalog}").put("values", values);
  }

  private static JsonObject subnet(final String cidr) {
    return new JsonObject().put("cidr", cidr).put("zone", "b");
  }

  private static JsonObject template(final String name) {
    return new JsonObject().put("name", name).put("comment", "first").put("params", TEMPLATE_PARAMS.copy())
        .put("sections", SECTIONS.copy());
  }

  private static JsonObject tab(final String name) {
    return new JsonObject().put("name", name).put("mode", "create-once")
        .put("template", "apiVersion: deckhouse.io/v1alpha1\nkind: ModuleConfig\nmetadata: {name: x}\n");
  }

  private static JsonObject tabs(final JsonObject... tabs) {
    final JsonArray list = new JsonArray();
    for (JsonObject t : tabs) {
      list.add(t);
    }
    return SECTIONS.copy().put("resources", list);
  }

  /** A params schema of one field: a valid string field with the given members added. */
  private static JsonArray field(final String members) {
    return new JsonArray("[{\"key\": \"x\", \"type\": \"string\", \"title\": \"X\"" + members + "}]");
  }

  private static JsonArray fields(final int count) {
    final JsonArray list = new JsonArray();
    for (int i = 0; i < count; i++) {
      list.add(new JsonObject().put("key", "f" + i).put("type", "string").put("title", "F" + i));
    }
    return list;
  }

  private static JsonObject without(final JsonObject body, final String member) {
    final JsonObject copy = body.copy();
    copy.remove(member);
    return copy;
  }

  private static final Endpoint CREATE_REGISTRY = new Endpoint("POST /registries", "POST", "/registries",
      registry("valid-registry").encode(), As.WORKSPACE);
  private static final Endpoint UPDATE_REGISTRY = new Endpoint("PUT /registries/{id}", "PUT", "/registries/{registry}",
      registry("main").put("dev_branch", "main").encode(), As.WORKSPACE);
  private static final Endpoint CREATE_CATALOG = new Endpoint("POST /catalogs", "POST", "/catalogs",
      catalog("valid-catalog").encode(), As.WORKSPACE);
  private static final Endpoint UPDATE_CATALOG = new Endpoint("PUT /catalogs/{id}", "PUT", "/catalogs/{catalog}",
      catalog("subnets").put("name", "Renamed").encode(), As.WORKSPACE);
  private static final Endpoint IMPORT_CATALOG = new Endpoint("POST /catalogs/import", "POST", "/catalogs/import",
      imported("valid-import", subnet("10.1.0.0/24")).encode(), As.WORKSPACE);
  private static final Endpoint CREATE_RECORD = new Endpoint("POST /records", "POST", "/records",
      record(subnet("10.9.0.0/24")).encode(), As.WORKSPACE);
  private static final Endpoint UPDATE_RECORD = new Endpoint("PUT /records/{id}", "PUT", "/records/{record}",
      new JsonObject().put("values", subnet("10.0.0.0/24")).encode(), As.WORKSPACE);
  private static final Endpoint CREATE_TEMPLATE = new Endpoint("POST /cluster_templates", "POST",
      "/cluster_templates", template("valid-template").encode(), As.WORKSPACE);
  private static final Endpoint UPDATE_TEMPLATE = new Endpoint("PUT /cluster_templates/{id}", "PUT",
      "/cluster_templates/{template}", template("static").put("comment", "second").encode(), As.WORKSPACE);
  private static final Endpoint RENDER_TEMPLATE = new Endpoint("POST /cluster_templates/{id}/render", "POST",
      "/cluster_templates/{template}/render", "{\"values\":{\"masters\":1}}", As.WORKSPACE);
  private static final Endpoint RENDER_BODY = new Endpoint("POST /render", "POST", "/render",
      new JsonObject().put("params", TEMPLATE_PARAMS.copy()).put("sections", SECTIONS.copy())
          .put("values", new JsonObject().put("masters", 1)).encode(), As.WORKSPACE);

  private static final Endpoint IMPORT_TEMPLATE = new Endpoint("POST /cluster_templates/import", "POST",
      "/cluster_templates/import", template("valid-import").put("format", "commander.cluster-template.v1").encode(),
      As.WORKSPACE);
  private static final Endpoint CHANGE_VERSION = new Endpoint("PATCH /cluster_templates/{id}/versions/{version_id}",
      "PATCH", "/cluster_templates/{template}/versions/{version}", "{\"comment\":\"reviewed\"}", As.WORKSPACE);

  // ---- clusters

  private static final String RECORD_ID = "x-commander-record-id";
  private static final JsonArray HOST_PARAMS = new JsonArray("""
      [{"key": "ip", "type": "string", "title": "IP"}]""");
  /** A unique field, an immutable one with a default, and a field of the exclusive catalog {@code hosts}. */
  private static final JsonArray CLUSTER_PARAMS = new JsonArray("""
      [{"key": "domain", "type": "string", "title": "Domain", "unique": true},
       {"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5},
       {"key": "podSubnet", "type": "string", "title": "Pod subnet", "default": "10.111.0.0/16", "immutable": true},
       {"key": "host", "title": "Host", "catalog": "hosts", "optional": true}]""");
  private static final JsonObject CLUSTER_SECTIONS = new JsonObject()
      .put("kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Static\n"
          + "podSubnetCIDR: {{ .podSubnet }}\nserviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\n"
          + "clusterDomain: cluster.local\n")
      .put("placement", "apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\n"
          + "internalNetworkCIDRs: [10.0.0.0/24]\n# {{ .masters }} masters of {{ .domain }}\n"
          + "# host {{ if .host }}{{ .host.ip }}{{ end }}\n")
      .put("resources", new JsonArray().add(tab("modules").put("template", "apiVersion: deckhouse.io/v1alpha1\n"
          + "kind: ModuleConfig\nmetadata: {name: commander-agent}\nspec:\n  enabled: true\n")));

  private static JsonObject clusterTemplate() {
    return new JsonObject().put("name", "cluster").put("params", CLUSTER_PARAMS.copy())
        .put("sections", CLUSTER_SECTIONS.copy());
  }

  /** A cluster of the fixture's workspace on the current version of its cluster template. */
  private static JsonObject cluster(final String name, final JsonObject values) {
    return new JsonObject().put("name", name).put("cluster_template_version_id", "{cluster-version}")
        .put("provisioner", "simulated").put("values", values);
  }

  /** Valid values; the domain, a unique field, is {@code <name>.example.test}. */
  private static JsonObject clusterValues(final String name) {
    return new JsonObject().put("domain", name + ".example.test").put("masters", 1);
  }

  private static JsonObject held(final String record) {
    return new JsonObject().put(RECORD_ID, record);
  }

  private static final Endpoint CREATE_CLUSTER = new Endpoint("POST /clusters", "POST", "/clusters",
      cluster("valid-cluster", clusterValues("valid")).encode(), As.WORKSPACE);
  /** The idle cluster is at revision 2, in manual sync mode, without a task. */
  private static final Endpoint UPDATE_CLUSTER = new Endpoint("PUT /clusters/{id}", "PUT", "/clusters/{idle-cluster}",
      new JsonObject().put("name", "idle").put("cluster_template_version_id", "{cluster-version}")
          .put("values", clusterValues("idle")).put("sync_mode", "manual").put("current_revision", 2).encode(),
      As.WORKSPACE);
  private static final Endpoint PATCH_CLUSTER = new Endpoint("PATCH /clusters/{id}", "PATCH",
      "/clusters/{idle-cluster}", "{\"values\":{\"masters\":2}}", As.WORKSPACE);

  private static final List<Endpoint> BODY_ENDPOINTS = List.of(LOGIN, CREATE_WORKSPACE, UPDATE_WORKSPACE,
      CREATE_BINDING, UPDATE_BINDING, CREATE_TOKEN, CREATE_USER, UPDATE_USER, CHANGE_PASSWORD,
      CREATE_REGISTRY, UPDATE_REGISTRY, CREATE_CATALOG, UPDATE_CATALOG, IMPORT_CATALOG, CREATE_RECORD, UPDATE_RECORD,
      CREATE_TEMPLATE, UPDATE_TEMPLATE, RENDER_TEMPLATE, RENDER_BODY, IMPORT_TEMPLATE, CHANGE_VERSION,
      CREATE_CLUSTER, UPDATE_CLUSTER, PATCH_CLUSTER);

  /** What every operation with a body must refuse the same way. */
  static Stream<Case> malformedBodies() {
    final List<Case> cases = new ArrayList<>();
    for (Endpoint e : BODY_ENDPOINTS) {
      final String valid = e.validBody();
      cases.add(e.json("truncated JSON", valid.substring(0, valid.length() - 4), 400, "malformed_json", null));
      cases.add(e.json("trailing garbage after the JSON", valid + " garbage", 400, "malformed_json", null));
      cases.add(e.json("two JSON objects", valid + valid, 400, "malformed_json", null));
      cases.add(e.json("single-quoted JSON", valid.replace('"', '\''), 400, "malformed_json", null));
      cases.add(e.json("JSON array instead of an object", "[" + valid + "]", 400, "validation_failed", null));
      cases.add(e.json("JSON string instead of an object", "\"" + valid.replace("\"", "\\\"") + "\"", 400,
          "validation_failed", null));
      cases.add(e.json("JSON null", "null", 400, "validation_failed", null));
      cases.add(e.json("empty body", "", 400, "missing_parameter", null));
      // A body in another media type than the contract's application/json: 415.
      cases.add(e.raw("JSON sent as text/plain", valid, "text/plain", 415, "unsupported_media_type"));
      cases.add(e.raw("form content type", "name=x&slug=y", "application/x-www-form-urlencoded", 415,
          "unsupported_media_type"));
      cases.add(e.raw("vendor JSON content type", valid, "application/vnd.api+json", 415, "unsupported_media_type"));
      cases.add(e.json("unknown field", e.plus("\"extra\":1"), 400, "validation_failed", "/extra"));
      cases.add(e.json("unknown field named with SQL", e.plus("\"x'; DROP TABLE users;--\":\"y\""), 400,
          "validation_failed", "/x'; DROP TABLE users;--"));
      cases.add(e.json("oversize body (2 MiB)", e.plus("\"padding\":\"{big}\""), 413, "payload_too_large", null));
    }
    return cases.stream();
  }

  /** Field by field: wrong types, missing fields, values out of range, SQL in identifiers. */
  static Stream<Case> invalidFields() {
    final Endpoint l = LOGIN;
    final Endpoint cw = CREATE_WORKSPACE;
    final Endpoint uw = UPDATE_WORKSPACE;
    final Endpoint cb = CREATE_BINDING;
    final Endpoint ub = UPDATE_BINDING;
    final Endpoint ct = CREATE_TOKEN;
    final Endpoint cu = CREATE_USER;
    final Endpoint uu = UPDATE_USER;
    final Endpoint cp = CHANGE_PASSWORD;
    return Stream.of(
        cu.json("number for email", "{\"email\":42}", 400, "validation_failed", "/email"),
        cu.json("not an email", "{\"email\":\"not-an-email\"}", 400, "validation_failed", "/email"),
        cu.json("SQL metacharacters in email", "{\"email\":\"x'; DROP TABLE users; --\"}", 400,
            "validation_failed", "/email"),
        cu.json("missing email", "{\"name\":\"n\"}", 400, "validation_failed", "/email"),
        cu.json("short password", "{\"email\":\"short@example.test\",\"password\":\"short\"}", 400,
            "validation_failed", "/password"),
        cu.json("unknown global role", "{\"email\":\"r@example.test\",\"global_role\":\"root\"}", 400,
            "validation_failed", "/global_role"),
        cu.json("NUL character in name", "{\"email\":\"nul@example.test\",\"name\":\"a\\u0000\"}", 400,
            "validation_failed", "/name"),
        uu.json("string for disabled", "{\"disabled\":\"yes\"}", 400, "validation_failed", "/disabled"),
        uu.json("unknown global role", "{\"global_role\":\"owner\"}", 400, "validation_failed", "/global_role"),
        uu.json("short password", "{\"password\":\"short\"}", 400, "validation_failed", "/password"),
        uu.json("name of 256 chars", "{\"name\":\"" + "n".repeat(256) + "\"}", 400, "validation_failed", "/name"),
        new Case("PUT /users/{id}: unknown user", "PUT", "/users/{random}", "{\"name\":\"n\"}", JSON, false, 404,
            "not_found", null),
        cp.json("missing new_password", "{\"current_password\":\"x\"}", 400, "validation_failed", "/new_password"),
        cp.json("short new_password", "{\"current_password\":\"x\",\"new_password\":\"short\"}", 400,
            "validation_failed", "/new_password"),
        cp.json("number for current_password", "{\"current_password\":1,\"new_password\":\"long-enough-password\"}",
            400, "validation_failed", "/current_password"),
        cp.json("wrong current password", "{\"current_password\":\"wrong\",\"new_password\":\"long-enough-password\"}",
            403, "invalid_credentials", null),

        l.json("number for email", "{\"email\":42,\"password\":\"pw\"}", 400, "validation_failed", "/email"),
        l.json("boolean for password", "{\"email\":\"a@b.c\",\"password\":true}", 400, "validation_failed",
            "/password"),
        l.json("object for email", "{\"email\":{\"$ne\":null},\"password\":\"pw\"}", 400, "validation_failed",
            "/email"),
        l.json("missing password", "{\"email\":\"a@b.c\"}", 400, "validation_failed", "/password"),
        l.json("missing email", "{\"password\":\"pw\"}", 400, "validation_failed", "/email"),
        l.json("email too short", "{\"email\":\"ab\",\"password\":\"pw\"}", 400, "validation_failed", "/email"),
        l.json("empty password", "{\"email\":\"a@b.c\",\"password\":\"\"}", 400, "validation_failed", "/password"),
        l.json("password over 1024 chars", "{\"email\":\"a@b.c\",\"password\":\"" + "p".repeat(1025) + "\"}", 400,
            "validation_failed", "/password"),
        l.json("SQL metacharacters in email", "{\"email\":\"' OR '1'='1' --\",\"password\":\"' OR '1'='1\"}", 401,
            "invalid_credentials", null),

        cw.json("number for name", "{\"name\":42,\"slug\":\"num-name\"}", 400, "validation_failed", "/name"),
        cw.json("number for slug", "{\"name\":\"n\",\"slug\":42}", 400, "validation_failed", "/slug"),
        cw.json("object for name", "{\"name\":{\"a\":1},\"slug\":\"obj-name\"}", 400, "validation_failed", "/name"),
        cw.json("array for slug", "{\"name\":\"n\",\"slug\":[\"a\"]}", 400, "validation_failed", "/slug"),
        cw.json("null name", "{\"name\":null,\"slug\":\"null-name\"}", 400, "validation_failed", "/name"),
        cw.json("missing slug", "{\"name\":\"n\"}", 400, "validation_failed", "/slug"),
        cw.json("missing name", "{\"slug\":\"no-name\"}", 400, "validation_failed", "/name"),
        cw.json("empty object", "{}", 400, "validation_failed", "/name"),
        cw.json("upper-case slug", "{\"name\":\"n\",\"slug\":\"Upper\"}", 400, "validation_failed", "/slug"),
        cw.json("slug with spaces", "{\"name\":\"n\",\"slug\":\"has space\"}", 400, "validation_failed", "/slug"),
        cw.json("slug with a leading dash", "{\"name\":\"n\",\"slug\":\"-lead\"}", 400, "validation_failed", "/slug"),
        cw.json("slug with a trailing dash", "{\"name\":\"n\",\"slug\":\"trail-\"}", 400, "validation_failed",
            "/slug"),
        cw.json("slug of 64 chars", "{\"name\":\"n\",\"slug\":\"" + "a".repeat(64) + "\"}", 400, "validation_failed",
            "/slug"),
        cw.json("empty slug", "{\"name\":\"n\",\"slug\":\"\"}", 400, "validation_failed", "/slug"),
        cw.json("slug with a slash", "{\"name\":\"n\",\"slug\":\"a/b\"}", 400, "validation_failed", "/slug"),
        cw.json("non-ASCII slug", "{\"name\":\"n\",\"slug\":\"caf\u00e9\"}", 400, "validation_failed", "/slug"),
        cw.json("slug with a newline", "{\"name\":\"n\",\"slug\":\"ab\\n\"}", 400, "validation_failed", "/slug"),
        cw.json("SQL metacharacters in slug", new JsonObject().put("name", "n").put("slug", SQL_SLUG).encode(), 400,
            "validation_failed", "/slug"),
        cw.json("empty name", "{\"name\":\"\",\"slug\":\"empty-name\"}", 400, "validation_failed", "/name"),
        cw.json("blank name", "{\"name\":\"   \",\"slug\":\"blank-name\"}", 400, "validation_failed", "/name"),
        cw.json("name of tabs and newlines", "{\"name\":\"\\t\\n\",\"slug\":\"ws-name\"}", 400, "validation_failed",
            "/name"),
        cw.json("NUL character in name", "{\"name\":\"a\\u0000b\",\"slug\":\"nul-name\"}", 400,
            "validation_failed", "/name"),
        cw.json("name of 256 chars", "{\"name\":\"" + "n".repeat(256) + "\",\"slug\":\"long-name\"}", 400,
            "validation_failed", "/name"),

        uw.json("number for name", "{\"name\":42}", 400, "validation_failed", "/name"),
        uw.json("missing name", "{\"current_revision\":1}", 400, "validation_failed", "/name"),
        uw.json("empty name", "{\"name\":\"\"}", 400, "validation_failed", "/name"),
        uw.json("blank name", "{\"name\":\" \\t \"}", 400, "validation_failed", "/name"),
        uw.json("NUL character in name", "{\"name\":\"a\\u0000\"}", 400, "validation_failed", "/name"),
        uw.json("name of 256 chars", "{\"name\":\"" + "n".repeat(256) + "\"}", 400, "validation_failed", "/name"),
        uw.json("invalid slug", "{\"name\":\"n\",\"slug\":\"Not A Slug\"}", 400, "validation_failed", "/slug"),
        uw.json("SQL metacharacters in slug", new JsonObject().put("name", "n").put("slug", SQL_SLUG).encode(), 400,
            "validation_failed", "/slug"),
        uw.json("string for current_revision", "{\"name\":\"n\",\"current_revision\":\"1\"}", 400,
            "validation_failed", "/current_revision"),
        uw.json("zero current_revision", "{\"name\":\"n\",\"current_revision\":0}", 400, "validation_failed",
            "/current_revision"),
        uw.json("fractional current_revision", "{\"name\":\"n\",\"current_revision\":1.5}", 400,
            "validation_failed", "/current_revision"),
        new Case("PUT /workspaces/{id}: unknown workspace", "PUT", "/workspaces/{random}", "{\"name\":\"n\"}", JSON,
            false, 404, "not_found", null),

        cb.json("invalid role 'owner'", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{user}\",\"role\":\"owner\"}", 400,
            "validation_failed", "/role"),
        cb.json("object for role", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{user}\",\"role\":{\"name\":\"admin\"}}",
            400, "validation_failed", "/role"),
        cb.json("number for role", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{user}\",\"role\":1}", 400,
            "validation_failed", "/role"),
        cb.json("upper-case role", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{user}\",\"role\":\"ADMIN\"}", 400,
            "validation_failed", "/role"),
        cb.json("missing role", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{user}\"}", 400, "validation_failed",
            "/role"),
        cb.json("missing workspace_id", "{\"user_id\":\"{user}\",\"role\":\"viewer\"}", 400, "validation_failed",
            "/workspace_id"),
        cb.json("missing user_id", "{\"workspace_id\":\"{ws}\",\"role\":\"viewer\"}", 400, "validation_failed",
            "/user_id"),
        cb.json("invalid UUID for workspace_id",
            "{\"workspace_id\":\"xyz\",\"user_id\":\"{user}\",\"role\":\"viewer\"}", 400, "validation_failed",
            "/workspace_id"),
        cb.json("number for workspace_id", "{\"workspace_id\":42,\"user_id\":\"{user}\",\"role\":\"viewer\"}", 400,
            "validation_failed", "/workspace_id"),
        cb.json("SQL metacharacters in user_id",
            "{\"workspace_id\":\"{ws}\",\"user_id\":\"1' OR '1'='1\",\"role\":\"viewer\"}", 400, "validation_failed",
            "/user_id"),
        cb.json("unknown workspace", "{\"workspace_id\":\"{random}\",\"user_id\":\"{user}\",\"role\":\"viewer\"}", 404,
            "not_found", null),
        cb.json("unknown user", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{random}\",\"role\":\"viewer\"}", 404,
            "not_found", null),
        cb.json("duplicate binding", "{\"workspace_id\":\"{ws}\",\"user_id\":\"{bound}\",\"role\":\"admin\"}", 409,
            "binding_exists", null),

        ub.json("invalid role 'owner'", "{\"role\":\"owner\"}", 400, "validation_failed", "/role"),
        ub.json("object for role", "{\"role\":{}}", 400, "validation_failed", "/role"),
        ub.json("null role", "{\"role\":null}", 400, "validation_failed", "/role"),
        ub.json("number for role", "{\"role\":1}", 400, "validation_failed", "/role"),
        ub.json("missing role", "{}", 400, "validation_failed", "/role"),
        ub.json("trying to move the binding", "{\"role\":\"admin\",\"workspace_id\":\"{random}\"}", 400,
            "validation_failed", "/workspace_id"),
        new Case("PUT /workspace_role_bindings/{id}: unknown binding", "PUT", "/workspace_role_bindings/{random}",
            "{\"role\":\"admin\"}", JSON, false, 404, "not_found", null),

        ct.json("number for name", "{\"name\":42}", 400, "validation_failed", "/name"),
        ct.json("missing name", "{\"read_only\":true}", 400, "validation_failed", "/name"),
        ct.json("empty name", "{\"name\":\"\"}", 400, "validation_failed", "/name"),
        ct.json("blank name", "{\"name\":\"  \"}", 400, "validation_failed", "/name"),
        ct.json("NUL character in name", "{\"name\":\"t\\u0000\"}", 400, "validation_failed", "/name"),
        ct.json("name of 256 chars", "{\"name\":\"" + "n".repeat(256) + "\"}", 400, "validation_failed", "/name"),
        ct.json("string for read_only", "{\"name\":\"t\",\"read_only\":\"true\"}", 400, "validation_failed",
            "/read_only"),
        ct.json("number for read_only", "{\"name\":\"t\",\"read_only\":1}", 400, "validation_failed", "/read_only"),
        ct.json("invalid UUID for workspace_id", "{\"name\":\"t\",\"workspace_id\":\"xyz\"}", 400, "validation_failed",
            "/workspace_id"),
        ct.json("number for workspace_id", "{\"name\":\"t\",\"workspace_id\":7}", 400, "validation_failed",
            "/workspace_id"),
        ct.json("SQL metacharacters in workspace_id",
            "{\"name\":\"t\",\"workspace_id\":\"'; DELETE FROM auth_tokens;--\"}", 400, "validation_failed",
            "/workspace_id"),
        ct.json("unknown workspace", "{\"name\":\"t\",\"workspace_id\":\"{random}\"}", 404, "not_found", null),
        ct.json("words for expires_at", "{\"name\":\"t\",\"expires_at\":\"tomorrow\"}", 400, "validation_failed",
            "/expires_at"),
        ct.json("impossible date for expires_at", "{\"name\":\"t\",\"expires_at\":\"2030-13-45T25:61:00Z\"}", 400,
            "validation_failed", "/expires_at"),
        ct.json("expires_at without an offset", "{\"name\":\"t\",\"expires_at\":\"2030-01-01T00:00:00\"}", 400,
            "validation_failed", "/expires_at"),
        ct.json("number for expires_at", "{\"name\":\"t\",\"expires_at\":1893456000}", 400, "validation_failed",
            "/expires_at"),
        ct.json("expires_at in the past", "{\"name\":\"t\",\"expires_at\":\"2000-01-01T00:00:00Z\"}", 400,
            "validation_failed", "/expires_at"));
  }

  /** Registries: the image repository must be a repository reference, the credentials base64 "user:password". */
  static Stream<Case> invalidRegistryFields() {
    final Endpoint cr = CREATE_REGISTRY;
    final Endpoint ur = UPDATE_REGISTRY;
    final String registries = "/registries";
    return Stream.of(
        cr.json("number for name", registry("n").put("name", 42), 400, "validation_failed", "/name"),
        cr.json("missing name", without(registry("n"), "name"), 400, "validation_failed", "/name"),
        cr.json("blank name", registry(" \t "), 400, "validation_failed", "/name"),
        cr.json("NUL character in name", registry("a\u0000b"), 400, "validation_failed", "/name"),
        cr.json("name of 256 chars", registry("n".repeat(256)), 400, "validation_failed", "/name"),
        cr.json("missing images_repo", without(registry("n"), "images_repo"), 400, "validation_failed",
            "/images_repo"),
        cr.json("number for images_repo", registry("n").put("images_repo", 42), 400, "validation_failed",
            "/images_repo"),
        cr.json("empty images_repo", registry("n").put("images_repo", ""), 400, "validation_failed", "/images_repo"),
        cr.json("images_repo with a space", registry("n").put("images_repo", "registry.example.test/has space"), 400,
            "validation_failed", "/images_repo"),
        cr.json("images_repo with a scheme", registry("n").put("images_repo", "https://registry.example.test/d"), 400,
            "validation_failed", "/images_repo"),
        cr.json("images_repo with a query", registry("n").put("images_repo", "registry.example.test/d?tag=1"), 400,
            "validation_failed", "/images_repo"),
        cr.json("images_repo with a tag", registry("n").put("images_repo", "registry.example.test/deckhouse:v1"), 400,
            "validation_failed", "/images_repo"),
        cr.json("upper-case path in images_repo", registry("n").put("images_repo", "registry.example.test/Deckhouse"),
            400, "validation_failed", "/images_repo"),
        cr.json("images_repo of 1025 chars", registry("n").put("images_repo", "r/" + "x".repeat(1023)), 400,
            "validation_failed", "/images_repo"),
        cr.json("SQL metacharacters in images_repo",
            registry("n").put("images_repo", "registry.example.test/x';DROP-TABLE-registries;--"), 400,
            "validation_failed", "/images_repo"),
        cr.json("NUL character in images_repo", registry("n").put("images_repo", "registry.example.test/a\u0000"), 400,
            "validation_failed", "/images_repo"),
        cr.json("unknown scheme", registry("n").put("scheme", "ftp"), 400, "validation_failed", "/scheme"),
        cr.json("upper-case scheme", registry("n").put("scheme", "HTTPS"), 400, "validation_failed", "/scheme"),
        cr.json("boolean for scheme", registry("n").put("scheme", true), 400, "validation_failed", "/scheme"),
        cr.json("number for dev_branch", registry("n").put("dev_branch", 1), 400, "validation_failed", "/dev_branch"),
        cr.json("dev_branch of 256 chars", registry("n").put("dev_branch", "b".repeat(256)), 400, "validation_failed",
            "/dev_branch"),
        cr.json("object for ca_certificate", registry("n").put("ca_certificate", new JsonObject()), 400,
            "validation_failed", "/ca_certificate"),
        cr.json("ca_certificate over 64 KiB", registry("n").put("ca_certificate", "c".repeat(65537)), 400,
            "validation_failed", "/ca_certificate"),
        cr.json("number for auth", registry("n").put("auth", 1), 400, "validation_failed", "/auth"),
        cr.json("auth over 64 KiB", registry("n").put("auth", "QQ".repeat(32769)), 400, "validation_failed", "/auth"),
        cr.json("auth not base64", registry("n").put("auth", "robot:registry-password"), 400, "validation_failed",
            "/auth"),
        cr.json("auth without a password", registry("n").put("auth", base64("robot")), 400, "validation_failed",
            "/auth"),
        cr.json("auth without a user", registry("n").put("auth", base64(":registry-password")), 400,
            "validation_failed", "/auth"),
        cr.json("empty auth", registry("n").put("auth", ""), 400, "validation_failed", "/auth"),
        cr.json("string for current_revision", registry("n").put("current_revision", "1"), 400, "validation_failed",
            "/current_revision"),
        cr.json("name taken", registry("main"), 409, "name_taken", null),
        cr.json("name taken but for spaces", registry(" main "), 409, "name_taken", null),
        cr.at("workspace_id not a UUID", registries + "?workspace_id=xyz", registry("n"), 400, "validation_failed",
            "?workspace_id"),
        cr.at("another workspace", registries + "?workspace_id={other}", registry("n"), 404, "not_found", null),

        ur.json("number for name", registry("main").put("name", 42), 400, "validation_failed", "/name"),
        ur.json("missing images_repo", without(registry("main"), "images_repo"), 400, "validation_failed",
            "/images_repo"),
        ur.json("images_repo with a scheme", registry("main").put("images_repo", "http://registry.example.test/d"), 400,
            "validation_failed", "/images_repo"),
        ur.json("unknown scheme", registry("main").put("scheme", "oci"), 400, "validation_failed", "/scheme"),
        ur.json("NUL character in dev_branch", registry("main").put("dev_branch", "ma\u0000in"), 400,
            "validation_failed", "/dev_branch"),
        ur.json("auth without a password", registry("main").put("auth", base64("robot:")), 400, "validation_failed",
            "/auth"),
        ur.json("zero current_revision", registry("main").put("current_revision", 0), 400, "validation_failed",
            "/current_revision"),
        ur.json("fractional current_revision", registry("main").put("current_revision", 1.5), 400,
            "validation_failed", "/current_revision"),
        ur.json("stale current_revision", registry("main").put("current_revision", 1), 409, "stale_revision", null),
        ur.json("current_revision from the future", registry("main").put("current_revision", 9), 409,
            "stale_revision", null),
        ur.json("name of another registry", registry("second"), 409, "name_taken", null),
        ur.at("unknown registry", registries + "/{random}", registry("main"), 404, "not_found", null),
        ur.at("registry of another workspace", registries + "/{other-registry}", registry("main"), 404, "not_found",
            null));
  }

  /** Catalogs, their import and records: schemas, slugs and usage, values against the schema. */
  static Stream<Case> invalidInventoryFields() {
    final Endpoint cc = CREATE_CATALOG;
    final Endpoint uc = UPDATE_CATALOG;
    final Endpoint ic = IMPORT_CATALOG;
    final Endpoint cr = CREATE_RECORD;
    final Endpoint ur = UPDATE_RECORD;
    final JsonObject c = catalog("fresh");
    final JsonObject u = catalog("subnets");
    return Stream.of(
        cc.json("number for name", c.copy().put("name", 42), 400, "validation_failed", "/name"),
        cc.json("missing name", without(c, "name"), 400, "validation_failed", "/name"),
        cc.json("NUL character in name", c.copy().put("name", "a\u0000"), 400, "validation_failed", "/name"),
        cc.json("name of 256 chars", c.copy().put("name", "n".repeat(256)), 400, "validation_failed", "/name"),
        cc.json("missing slug", without(c, "slug"), 400, "validation_failed", "/slug"),
        cc.json("upper-case slug", c.copy().put("slug", "Subnets"), 400, "validation_failed", "/slug"),
        cc.json("slug of 64 chars", c.copy().put("slug", "s".repeat(64)), 400, "validation_failed", "/slug"),
        cc.json("SQL metacharacters in slug", c.copy().put("slug", SQL_SLUG), 400, "validation_failed", "/slug"),
        cc.json("usage 'sometimes'", c.copy().put("usage", "sometimes"), 400, "validation_failed", "/usage"),
        cc.json("upper-case usage", c.copy().put("usage", "SHARED"), 400, "validation_failed", "/usage"),
        cc.json("boolean for usage", c.copy().put("usage", true), 400, "validation_failed", "/usage"),
        cc.json("missing params", without(c, "params"), 400, "validation_failed", "/params"),
        cc.json("object for params", c.copy().put("params", new JsonObject()), 400, "validation_failed", "/params"),
        cc.json("number in params", c.copy().put("params", new JsonArray().add(1)), 400, "validation_failed",
            "/params/0"),
        cc.json("501 params", c.copy().put("params", fields(501)), 400, "validation_failed", "/params"),
        cc.json("schema: unknown property", c.copy().put("params", field(", \"colour\": \"red\"")), 400,
            "validation_failed", "/params/0/colour"),
        cc.json("schema: field without key", c.copy().put("params", new JsonArray("[{\"type\": \"string\", "
            + "\"title\": \"X\"}]")), 400, "validation_failed", "/params/0/key"),
        cc.json("schema: key templates cannot use", c.copy().put("params", new JsonArray("[{\"key\": \"1st\", "
            + "\"type\": \"string\", \"title\": \"X\"}]")), 400, "validation_failed", "/params/0/key"),
        cc.json("schema: duplicate key", c.copy().put("params", field("").add(field("").getJsonObject(0))), 400,
            "validation_failed", "/params/1/key"),
        cc.json("schema: minItems without maxItems", c.copy().put("params", field(", \"minItems\": 1")), 400,
            "validation_failed", "/params/0/maxItems"),
        cc.json("schema: minItems over maxItems", c.copy().put("params", field(", \"minItems\": 3, \"maxItems\": 1")),
            400, "validation_failed", "/params/0/minItems"),
        cc.json("schema: bad pattern", c.copy().put("params", field(", \"pattern\": \"([a-z\"")), 400,
            "validation_failed", "/params/0/pattern"),
        cc.json("schema: unknown type", c.copy().put("params", new JsonArray("[{\"key\": \"x\", \"type\": "
            + "\"text\", \"title\": \"X\"}]")), 400, "validation_failed", "/params/0/type"),
        cc.json("schema: unknown format", c.copy().put("params", field(", \"format\": \"ipv5\"")), 400,
            "validation_failed", "/params/0/format"),
        cc.json("schema: min over max", c.copy().put("params", new JsonArray("[{\"key\": \"x\", \"type\": "
            + "\"number\", \"title\": \"X\", \"min\": 5, \"max\": 1}]")), 400, "validation_failed",
            "/params/0/min"),
        cc.json("schema: string for optional", c.copy().put("params", field(", \"optional\": \"yes\"")), 400,
            "validation_failed", "/params/0/optional"),
        cc.json("schema: empty enum", c.copy().put("params", field(", \"enum\": []")), 400, "validation_failed",
            "/params/0/enum"),
        cc.json("schema: default outside the enum", c.copy().put("params", field(", \"enum\": [\"a\"], "
            + "\"default\": \"b\"")), 400, "validation_failed", "/params/0/default"),
        cc.json("schema: header with a key", c.copy().put("params", new JsonArray("[{\"header\": \"H\", "
            + "\"key\": \"x\"}]")), 400, "validation_failed", "/params/0/header"),
        cc.json("string for current_revision", c.copy().put("current_revision", "1"), 400, "validation_failed",
            "/current_revision"),
        cc.json("slug taken", catalog("subnets"), 409, "slug_taken", null),
        cc.at("workspace_id not a UUID", "/catalogs?workspace_id=xyz", c, 400, "validation_failed", "?workspace_id"),
        cc.at("another workspace", "/catalogs?workspace_id={other}", c, 404, "not_found", null),

        uc.json("slug changed", u.copy().put("slug", "other-slug"), 400, "slug_immutable", null),
        uc.json("invalid slug", u.copy().put("slug", "Not A Slug"), 400, "validation_failed", "/slug"),
        uc.json("missing slug", without(u, "slug"), 400, "validation_failed", "/slug"),
        uc.json("usage changed", u.copy().put("usage", "exclusive"), 400, "usage_immutable", null),
        uc.json("usage 'sometimes'", u.copy().put("usage", "sometimes"), 400, "validation_failed", "/usage"),
        uc.json("number for name", u.copy().put("name", 1), 400, "validation_failed", "/name"),
        uc.json("blank name", u.copy().put("name", "   "), 400, "validation_failed", "/name"),
        uc.json("array for params", u.copy().put("params", new JsonArray().add(new JsonArray())), 400,
            "validation_failed", "/params/0"),
        uc.json("schema: unknown property", u.copy().put("params", field(", \"colour\": \"red\"")), 400,
            "validation_failed", "/params/0/colour"),
        uc.json("schema: bad pattern", u.copy().put("params", field(", \"pattern\": \"*\"")), 400,
            "validation_failed", "/params/0/pattern"),
        uc.json("schema: maxItems without minItems", u.copy().put("params", field(", \"maxItems\": 2")), 400,
            "validation_failed", "/params/0/minItems"),
        uc.json("zero current_revision", u.copy().put("current_revision", 0), 400, "validation_failed",
            "/current_revision"),
        uc.json("stale current_revision", u.copy().put("current_revision", 1), 409, "stale_revision", null),
        uc.at("unknown catalog", "/catalogs/{random}", u, 404, "not_found", null),
        uc.at("catalog of another workspace", "/catalogs/{other-catalog}", u, 404, "not_found", null),

        ic.json("missing name", without(imported("i"), "name"), 400, "validation_failed", "/name"),
        ic.json("missing slug", without(imported("i"), "slug"), 400, "validation_failed", "/slug"),
        ic.json("invalid slug", imported("Not A Slug"), 400, "validation_failed", "/slug"),
        ic.json("SQL metacharacters in slug", imported(SQL_SLUG), 400, "validation_failed", "/slug"),
        ic.json("usage 'sometimes'", imported("i").put("usage", "sometimes"), 400, "validation_failed", "/usage"),
        ic.json("missing params", without(imported("i"), "params"), 400, "validation_failed", "/params"),
        ic.json("schema: unknown type", imported("i").put("params", new JsonArray("[{\"key\": \"x\", \"type\": "
            + "\"list\", \"title\": \"X\"}]")), 400, "validation_failed", "/params/0/type"),
        ic.json("object for resources", imported("i").put("resources", new JsonObject()), 400, "validation_failed",
            "/resources"),
        ic.json("string for resources", imported("i").put("resources", "10.0.0.0/24"), 400, "validation_failed",
            "/resources"),
        ic.json("number in resources", imported("i").put("resources", new JsonArray().add(1)), 400,
            "validation_failed", "/resources/0"),
        ic.json("bare values in resources", imported("i").put("resources", new JsonArray().add(subnet("10.1.0.0/24"))),
            400, "validation_failed", "/resources/0/cidr"),
        ic.json("resource without values", imported("i").put("resources", new JsonArray().add(new JsonObject())), 400,
            "validation_failed", "/resources/0/values"),
        ic.json("array for values", imported("i").put("resources", new JsonArray().add(new JsonObject()
            .put("values", new JsonArray()))), 400, "validation_failed", "/resources/0/values"),
        ic.json("null values", imported("i").put("resources", new JsonArray().add(new JsonObject()
            .putNull("values"))), 400, "validation_failed", "/resources/0/values"),
        ic.json("resource with an unknown member", imported("i").put("resources", new JsonArray().add(new JsonObject()
            .put("values", subnet("10.1.0.0/24")).put("id", "x"))), 400, "validation_failed", "/resources/0/id"),
        ic.json("10001 resources", imported("i").put("resources", new JsonArray(Collections.nCopies(10001,
            new JsonObject().put("values", new JsonObject())))), 400, "validation_failed", "/resources"),
        ic.json("a record against the schema", imported("i", subnet("ten")), 400, "validation_failed",
            "/resources/0/values/cidr"),
        ic.json("a valid record, then one against the schema", imported("i", subnet("10.1.0.0/24"),
            subnet("10.2.0.0/24").put("zone", "z")), 400, "validation_failed", "/resources/1/values/zone"),
        ic.json("NUL character in a record", imported("i", subnet("10.1.0.0/24").put("note", "a\u0000")), 400,
            "validation_failed", "/resources/0/values/note"),

        cr.json("missing catalog_id", without(record(subnet("10.9.0.0/24")), "catalog_id"), 400,
            "validation_failed", "/catalog_id"),
        cr.json("catalog_id not a UUID", record(subnet("10.9.0.0/24")).put("catalog_id", "xyz"), 400,
            "validation_failed", "/catalog_id"),
        cr.json("number for catalog_id", record(subnet("10.9.0.0/24")).put("catalog_id", 7), 400, "validation_failed",
            "/catalog_id"),
        cr.json("SQL metacharacters in catalog_id", record(subnet("10.9.0.0/24")).put("catalog_id",
            "' OR '1'='1"), 400, "validation_failed", "/catalog_id"),
        cr.json("unknown catalog", record(subnet("10.9.0.0/24")).put("catalog_id", "{random}"), 404, "not_found",
            null),
        cr.json("catalog of another workspace", record(subnet("10.9.0.0/24")).put("catalog_id", "{other-catalog}"),
            404, "not_found", null),
        cr.json("missing values", without(record(subnet("10.9.0.0/24")), "values"), 400, "validation_failed",
            "/values"),
        cr.json("array for values", record(subnet("x")).put("values", new JsonArray()), 400, "validation_failed",
            "/values"),
        cr.json("string for values", record(subnet("x")).put("values", "cidr=10.9.0.0/24"), 400, "validation_failed",
            "/values"),
        cr.json("null values", record(subnet("x")).putNull("values"), 400, "validation_failed", "/values"),
        cr.json("value against the pattern", record(subnet("ten")), 400, "validation_failed", "/values/cidr"),
        cr.json("SQL metacharacters against the pattern", record(subnet("1'; DELETE FROM records;--")), 400,
            "validation_failed", "/values/cidr"),
        cr.json("value outside the enum", record(subnet("10.9.0.0/24").put("zone", "z")), 400, "validation_failed",
            "/values/zone"),
        cr.json("missing required value", record(without(subnet("10.9.0.0/24"), "zone")), 400, "validation_failed",
            "/values/zone"),
        cr.json("string for a number", record(subnet("10.9.0.0/24").put("vlan", "7")), 400, "validation_failed",
            "/values/vlan"),
        cr.json("number over max", record(subnet("10.9.0.0/24").put("vlan", 4095)), 400, "validation_failed",
            "/values/vlan"),
        cr.json("text over maxLength", record(subnet("10.9.0.0/24").put("note", "n".repeat(65))), 400,
            "validation_failed", "/values/note"),
        cr.json("unknown value", record(subnet("10.9.0.0/24").put("extra", true)), 400, "validation_failed",
            "/values/extra"),
        cr.json("NUL character in a value", record(subnet("10.9.0.0/24").put("note", "\u0000")), 400,
            "validation_failed", "/values/note"),
        cr.json("NUL character in a value's key", record(subnet("10.9.0.0/24").put("a\u0000b", 1)), 400,
            "validation_failed", "/values/a\u0000b"),
        cr.json("a unique value another record has", record(subnet("10.0.0.0/24")), 409, "not_unique", null),
        cr.json("string for current_revision", record(subnet("10.9.0.0/24")).put("current_revision", "1"), 400,
            "validation_failed", "/current_revision"),

        ur.json("immutable value changed", new JsonObject().put("values", subnet("10.8.0.0/24")), 400,
            "validation_failed", "/values/cidr"),
        ur.json("value outside the enum", new JsonObject().put("values", RECORD_VALUES.copy().put("zone", "d")), 400,
            "validation_failed", "/values/zone"),
        ur.json("missing values", new JsonObject().put("current_revision", 2), 400, "validation_failed", "/values"),
        ur.json("array for values", new JsonObject().put("values", new JsonArray()), 400, "validation_failed",
            "/values"),
        ur.json("catalog_id not a UUID", new JsonObject().put("values", RECORD_VALUES).put("catalog_id", "xyz"), 400,
            "validation_failed", "/catalog_id"),
        ur.json("moving to another catalog", new JsonObject().put("values", RECORD_VALUES)
            .put("catalog_id", "{random}"), 400, "validation_failed", "/catalog_id"),
        ur.json("zero current_revision", new JsonObject().put("values", RECORD_VALUES).put("current_revision", 0), 400,
            "validation_failed", "/current_revision"),
        ur.json("stale current_revision", new JsonObject().put("values", RECORD_VALUES).put("current_revision", 1), 409,
            "stale_revision", null),
        ur.at("unknown record", "/records/{random}", new JsonObject().put("values", RECORD_VALUES), 404, "not_found",
            null),
        ur.at("record of another workspace", "/records/{other-record}", new JsonObject().put("values", RECORD_VALUES),
            404, "not_found", null));
  }

  /** Cluster templates and renders: schemas, sections, resource tabs, versions. */
  static Stream<Case> invalidTemplateFields() {
    final Endpoint ct = CREATE_TEMPLATE;
    final Endpoint ut = UPDATE_TEMPLATE;
    final Endpoint rt = RENDER_TEMPLATE;
    final Endpoint rb = RENDER_BODY;
    final JsonObject t = template("fresh");
    final JsonObject u = template("static");
    final JsonObject b = new JsonObject(RENDER_BODY.validBody());
    final Endpoint it = IMPORT_TEMPLATE;
    final Endpoint cv = CHANGE_VERSION;
    final JsonObject imp = new JsonObject(IMPORT_TEMPLATE.validBody());
    return Stream.of(
        ct.json("number for name", t.copy().put("name", 42), 400, "validation_failed", "/name"),
        ct.json("missing name", without(t, "name"), 400, "validation_failed", "/name"),
        ct.json("blank name", t.copy().put("name", "\t"), 400, "validation_failed", "/name"),
        ct.json("NUL character in name", t.copy().put("name", "\u0000"), 400, "validation_failed", "/name"),
        ct.json("name of 256 chars", t.copy().put("name", "n".repeat(256)), 400, "validation_failed", "/name"),
        ct.json("number for comment", t.copy().put("comment", 1), 400, "validation_failed", "/comment"),
        ct.json("comment of 4097 chars", t.copy().put("comment", "c".repeat(4097)), 400, "validation_failed",
            "/comment"),
        ct.json("missing params", without(t, "params"), 400, "validation_failed", "/params"),
        ct.json("string for params", t.copy().put("params", "[]"), 400, "validation_failed", "/params"),
        ct.json("501 params", t.copy().put("params", fields(501)), 400, "validation_failed", "/params"),
        ct.json("schema: unknown property", t.copy().put("params", field(", \"colour\": \"red\"")), 400,
            "validation_failed", "/params/0/colour"),
        ct.json("schema: field without key", t.copy().put("params", new JsonArray("[{\"type\": \"number\", "
            + "\"title\": \"X\"}]")), 400, "validation_failed", "/params/0/key"),
        ct.json("schema: minItems without maxItems", t.copy().put("params", field(", \"minItems\": 0")), 400,
            "validation_failed", "/params/0/maxItems"),
        ct.json("schema: bad pattern", t.copy().put("params", field(", \"pattern\": \"[\"")), 400,
            "validation_failed", "/params/0/pattern"),
        ct.json("schema: default against the field", t.copy().put("params", new JsonArray("[{\"key\": \"m\", "
            + "\"type\": \"number\", \"title\": \"M\", \"max\": 5, \"default\": 9}]")), 400,
            "validation_failed", "/params/0/default"),
        ct.json("missing sections", without(t, "sections"), 400, "validation_failed", "/sections"),
        ct.json("array for sections", t.copy().put("sections", new JsonArray()), 400, "validation_failed", "/sections"),
        ct.json("unknown section", t.copy().put("sections", SECTIONS.copy().put("network", "x")), 400,
            "validation_failed", "/sections/network"),
        ct.json("number for a section", t.copy().put("sections", SECTIONS.copy().put("kubernetes", 1)), 400,
            "validation_failed", "/sections/kubernetes"),
        ct.json("NUL character in a section", t.copy().put("sections", SECTIONS.copy().put("ssh", "a: \u0000")), 400,
            "validation_failed", "/sections/ssh"),
        ct.json("a section that does not parse", t.copy().put("sections", SECTIONS.copy().put("kubernetes",
            "kind: X\n{{ if }}\n")), 400, "validation_failed", "/sections/kubernetes"),
        ct.json("an unclosed action", t.copy().put("sections", SECTIONS.copy().put("placement", "{{ .masters")), 400,
            "validation_failed", "/sections/placement"),
        ct.json("a tab that does not parse", t.copy().put("sections", tabs(tab("modules").put("template",
            "{{ end }}"))), 400, "validation_failed", "/sections/resources/0/template"),
        ct.json("object for resources", t.copy().put("sections", SECTIONS.copy().put("resources", new JsonObject())),
            400, "validation_failed", "/sections/resources"),
        ct.json("tab mode 'sometimes'", t.copy().put("sections", tabs(tab("modules").put("mode", "sometimes"))), 400,
            "validation_failed", "/sections/resources/0/mode"),
        ct.json("tab without a name", t.copy().put("sections", tabs(without(tab("x"), "name"))), 400,
            "validation_failed", "/sections/resources/0/name"),
        ct.json("tab without a template", t.copy().put("sections", tabs(without(tab("x"), "template"))), 400,
            "validation_failed", "/sections/resources/0/template"),
        ct.json("tab name with a slash", t.copy().put("sections", tabs(tab("a/b"))), 400, "validation_failed",
            "/sections/resources/0/name"),
        ct.json("tab name of 64 chars", t.copy().put("sections", tabs(tab("t".repeat(64)))), 400, "validation_failed",
            "/sections/resources/0/name"),
        ct.json("tab with an unknown member", t.copy().put("sections", tabs(tab("x").put("order", 1))), 400,
            "validation_failed", "/sections/resources/0/order"),
        ct.json("duplicate tab names", t.copy().put("sections", tabs(tab("modules"), tab("modules"))), 400,
            "validation_failed", "/sections/resources/1/name"),
        ct.json("101 tabs", t.copy().put("sections", SECTIONS.copy().put("resources", new JsonArray(
            IntStream.range(0, 101).mapToObj(i -> tab("t" + i)).toList()))), 400,
            "validation_failed", "/sections/resources"),
        ct.json("string for current_revision", t.copy().put("current_revision", "2"), 400, "validation_failed",
            "/current_revision"),
        ct.json("name taken", template("static"), 409, "name_taken", null),
        ct.at("workspace_id not a UUID", "/cluster_templates?workspace_id=xyz", t, 400, "validation_failed",
            "?workspace_id"),
        ct.at("another workspace", "/cluster_templates?workspace_id={other}", t, 404, "not_found", null),

        ut.json("number for name", u.copy().put("name", 42), 400, "validation_failed", "/name"),
        ut.json("missing sections", without(u, "sections"), 400, "validation_failed", "/sections"),
        ut.json("schema: bad pattern", u.copy().put("params", field(", \"pattern\": \"(?<\"")), 400,
            "validation_failed", "/params/0/pattern"),
        ut.json("a section that does not parse", u.copy().put("sections", SECTIONS.copy().put("installation",
            "{{ if }}")), 400, "validation_failed", "/sections/installation"),
        ut.json("tab mode 'sometimes'", u.copy().put("sections", tabs(tab("modules").put("mode", "sometimes"))), 400,
            "validation_failed", "/sections/resources/0/mode"),
        ut.json("duplicate tab names", u.copy().put("sections", tabs(tab("a"), tab("b"), tab("a"))), 400,
            "validation_failed", "/sections/resources/2/name"),
        ut.json("zero current_revision", u.copy().put("current_revision", 0), 400, "validation_failed",
            "/current_revision"),
        ut.json("stale current_revision", u.copy().put("current_revision", 1), 409, "stale_revision", null),
        ut.json("name of another template", template("second"), 409, "name_taken", null),
        ut.at("unknown template", "/cluster_templates/{random}", u, 404, "not_found", null),
        ut.at("template of another workspace", "/cluster_templates/{other-template}", u, 404, "not_found", null),

        rt.json("string for values", "{\"values\":\"masters=1\"}", 400, "validation_failed", "/values"),
        rt.json("array for values", "{\"values\":[1]}", 400, "validation_failed", "/values"),
        rt.json("null values", "{\"values\":null}", 400, "validation_failed", "/values"),
        rt.json("NUL character in a value", "{\"values\":{\"name\":\"\\u0000\"}}", 400, "validation_failed",
            "/values/name"),
        rt.json("version id not a UUID", "{\"cluster_template_version_id\":\"v1\"}", 400, "validation_failed",
            "/cluster_template_version_id"),
        rt.json("number for the version id", "{\"cluster_template_version_id\":1}", 400, "validation_failed",
            "/cluster_template_version_id"),
        rt.json("SQL metacharacters in the version id", "{\"cluster_template_version_id\":\"' OR 1=1 --\"}", 400,
            "validation_failed", "/cluster_template_version_id"),
        rt.json("unknown version", "{\"cluster_template_version_id\":\"{random}\"}", 404, "not_found", null),
        rt.json("version of another workspace's template", "{\"cluster_template_version_id\":\"{other-version}\"}",
            404, "not_found", null),
        rt.at("unknown template", "/cluster_templates/{random}/render", new JsonObject(), 404, "not_found", null),
        rt.at("template of another workspace", "/cluster_templates/{other-template}/render", new JsonObject(), 404,
            "not_found", null),

        rb.json("missing params", without(b, "params"), 400, "validation_failed", "/params"),
        rb.json("missing sections", without(b, "sections"), 400, "validation_failed", "/sections"),
        rb.json("object for params", b.copy().put("params", new JsonObject()), 400, "validation_failed", "/params"),
        rb.json("schema: unknown property", b.copy().put("params", field(", \"colour\": \"red\"")), 400,
            "validation_failed", "/params/0/colour"),
        rb.json("schema: minItems without maxItems", b.copy().put("params", field(", \"minItems\": 1")), 400,
            "validation_failed", "/params/0/maxItems"),
        rb.json("unknown section", b.copy().put("sections", SECTIONS.copy().put("extra", "")), 400,
            "validation_failed", "/sections/extra"),
        rb.json("tab mode 'sometimes'", b.copy().put("sections", tabs(tab("x").put("mode", "sometimes"))), 400,
            "validation_failed", "/sections/resources/0/mode"),
        rb.json("duplicate tab names", b.copy().put("sections", tabs(tab("x"), tab("x"))), 400, "validation_failed",
            "/sections/resources/1/name"),
        rb.json("array for values", b.copy().put("values", new JsonArray()), 400, "validation_failed", "/values"),
        rb.at("workspace_id not a UUID", "/render?workspace_id=xyz", b, 400, "validation_failed", "?workspace_id"),
        rb.at("another workspace", "/render?workspace_id={other}", b, 404, "not_found", null),

        it.json("missing format", without(imp, "format"), 400, "validation_failed", "/format"),
        it.json("another format", imp.copy().put("format", "helm.v3"), 400, "validation_failed", "/format"),
        it.json("missing sections", without(imp, "sections"), 400, "validation_failed", "/sections"),
        it.json("a section that does not parse", imp.copy().put("sections", SECTIONS.copy().put("kubernetes",
            "{{ if }}")), 400, "validation_failed", "/sections/kubernetes"),
        it.json("schema: unknown property", imp.copy().put("params", field(", \"colour\": \"red\"")), 400,
            "validation_failed", "/params/0/colour"),
        it.json("duplicate tab names", imp.copy().put("sections", tabs(tab("x"), tab("x"))), 400, "validation_failed",
            "/sections/resources/1/name"),
        it.json("name taken", imp.copy().put("name", "static"), 409, "name_taken", null),
        it.at("another workspace", "/cluster_templates/import?workspace_id={other}", imp, 404, "not_found", null),

        cv.json("string for available", "{\"available\":\"no\"}", 400, "validation_failed", "/available"),
        cv.json("number for comment", "{\"comment\":1}", 400, "validation_failed", "/comment"),
        cv.json("comment of 4097 chars", new JsonObject().put("comment", "c".repeat(4097)), 400, "validation_failed",
            "/comment"),
        cv.json("nothing to change", "{}", 400, "validation_failed", null),
        cv.json("withdrawing the only available version", "{\"available\":false}", 409, "no_available_version", null),
        cv.at("version of another workspace's template", "/cluster_templates/{template}/versions/{other-version}",
            new JsonObject().put("comment", "x"), 404, "not_found", null),
        cv.at("unknown version", "/cluster_templates/{template}/versions/{random}", new JsonObject().put("comment", "x"),
            404, "not_found", null),
        cv.at("template of another workspace", "/cluster_templates/{other-template}/versions/{other-version}",
            new JsonObject().put("comment", "x"), 404, "not_found", null));
  }

  /** Path and query parameters. */
  static Stream<Case> invalidParameters() {
    final List<Case> cases = new ArrayList<>();
    for (String list : List.of("/workspaces", "/workspace_role_bindings", "/auth_tokens", "/audit")) {
      cases.add(query("GET " + list + "?limit=0", list + "?limit=0", "limit"));
      cases.add(query("GET " + list + "?limit=5000", list + "?limit=5000", "limit"));
      cases.add(query("GET " + list + "?offset=-1", list + "?offset=-1", "offset"));
      cases.add(query("GET " + list + "?limit=abc", list + "?limit=abc", "limit"));
      cases.add(query("GET " + list + "?offset=1.5", list + "?offset=1.5", "offset"));
    }
    cases.add(query("GET /workspaces?without_archived=maybe", "/workspaces?without_archived=maybe",
        "without_archived"));
    cases.add(query("GET /workspace_role_bindings?workspace_id=xyz", "/workspace_role_bindings?workspace_id=xyz",
        "workspace_id"));
    cases.add(query("GET /auth_tokens?workspace_id=xyz", "/auth_tokens?workspace_id=xyz", "workspace_id"));
    cases.add(query("GET /auth_tokens?workspace_id=SQL", "/auth_tokens?workspace_id=1%27%20OR%20%271%27%3D%271",
        "workspace_id"));
    cases.add(query("GET /audit?workspace_id=xyz", "/audit?workspace_id=xyz", "workspace_id"));
    cases.add(query("GET /audit?since=not-a-date", "/audit?since=not-a-date", "since"));
    cases.add(query("GET /audit?until=2024-02-30", "/audit?until=2024-02-30", "until"));
    cases.add(query("GET /audit?since=date-time without offset", "/audit?since=2030-01-01T00:00:00", "since"));
    cases.add(query("GET /audit?until=date-time without offset", "/audit?until=2030-01-01T00:00:00", "until"));
    cases.add(new Case("GET /audit?entity_type=NUL", "GET", "/audit?entity_type=%00", null, null, false, 400,
        "!malformed_json", "?entity_type"));
    cases.add(query("GET /audit?entity_id=xyz", "/audit?entity_id=xyz", "entity_id"));
    cases.add(query("GET /audit?actor_id=SQL", "/audit?actor_id=%27%3B%20DROP%20TABLE%20audit_log%3B--", "actor_id"));
    cases.add(query("GET /audit?entity_type=65 chars", "/audit?entity_type=" + "e".repeat(65), "entity_type"));

    for (String resource : List.of("/workspaces", "/workspace_role_bindings")) {
      cases.add(path("GET " + resource + "/not-a-uuid", "GET", resource + "/not-a-uuid", null));
      cases.add(path("DELETE " + resource + "/not-a-uuid", "DELETE", resource + "/not-a-uuid", null));
    }
    cases.add(path("PUT /workspaces/not-a-uuid", "PUT", "/workspaces/not-a-uuid", "{\"name\":\"n\"}"));
    cases.add(path("PUT /workspace_role_bindings/not-a-uuid", "PUT", "/workspace_role_bindings/not-a-uuid",
        "{\"role\":\"admin\"}"));
    cases.add(path("DELETE /auth_tokens/not-a-uuid", "DELETE", "/auth_tokens/not-a-uuid", null));
    cases.add(path("GET /workspaces/{uuid without dashes}", "GET",
        "/workspaces/" + UUID.randomUUID().toString().replace("-", ""), null));
    cases.add(path("DELETE /workspaces/{SQL}", "DELETE", "/workspaces/1%27%20OR%20%271%27%3D%271", null));
    cases.add(path("DELETE /auth_tokens/{SQL}", "DELETE", "/auth_tokens/%27%3B%20DELETE%20FROM%20auth_tokens%3B--",
        null));

    cases.add(new Case("GET /workspaces/{unknown}", "GET", "/workspaces/{random}", null, null, false, 404,
        "not_found", null));
    cases.add(new Case("DELETE /workspaces/{unknown}", "DELETE", "/workspaces/{random}", null, null, false, 404,
        "not_found", null));
    cases.add(new Case("DELETE /workspace_role_bindings/{unknown}", "DELETE", "/workspace_role_bindings/{random}",
        null, null, false, 404, "not_found", null));
    cases.add(new Case("DELETE /auth_tokens/{unknown}", "DELETE", "/auth_tokens/{random}", null, null, false, 404,
        "not_found", null));
    return cases.stream();
  }

  /** Path and query parameters of the operations on objects inside a workspace. */
  static Stream<Case> invalidWorkspaceObjectParameters() {
    final List<Case> cases = new ArrayList<>();
    for (String list : List.of("/registries", "/catalogs", "/records", "/cluster_templates", "/clusters")) {
      cases.add(query("GET " + list + "?limit=0", list + "?limit=0", "limit"));
      cases.add(query("GET " + list + "?limit=5000", list + "?limit=5000", "limit"));
      cases.add(query("GET " + list + "?offset=-1", list + "?offset=-1", "offset"));
      cases.add(query("GET " + list + "?limit=abc", list + "?limit=abc", "limit"));
      cases.add(query("GET " + list + "?offset=1.5", list + "?offset=1.5", "offset"));
      cases.add(query("GET " + list + "?without_archived=maybe", list + "?without_archived=maybe",
          "without_archived"));
      cases.add(query("GET " + list + "?workspace_id=xyz", list + "?workspace_id=xyz", "workspace_id"));
      cases.add(query("GET " + list + "?workspace_id=SQL", list + "?workspace_id=1%27%20OR%20%271%27%3D%271",
          "workspace_id"));
      cases.add(new Case("GET " + list + "?workspace_id={another workspace}", "GET", list + "?workspace_id={other}",
          null, null, As.WORKSPACE, 404, "not_found", null));
    }
    cases.add(query("GET /records?catalog_id=xyz", "/records?catalog_id=xyz", "catalog_id"));
    cases.add(query("GET /records?catalog_id=SQL", "/records?catalog_id=%27%3B%20DELETE%20FROM%20records%3B--",
        "catalog_id"));
    cases.add(new Case("GET /records?catalog_id=NUL", "GET", "/records?catalog_id=%00", null, null, As.ADMIN, 400,
        "!malformed_json", "?catalog_id"));

    final Map<String, String> bodies = Map.of(
        "/registries", registry("main").encode(),
        "/catalogs", catalog("subnets").encode(),
        "/records", new JsonObject().put("values", RECORD_VALUES).encode(),
        "/cluster_templates", template("static").encode(),
        "/clusters", UPDATE_CLUSTER.validBody());
    final Map<String, String> others = Map.of("/registries", "{other-registry}", "/catalogs", "{other-catalog}",
        "/records", "{other-record}", "/cluster_templates", "{other-template}", "/clusters", "{other-cluster}");
    for (String resource : List.of("/registries", "/catalogs", "/records", "/cluster_templates", "/clusters")) {
      final String body = bodies.get(resource);
      cases.add(path("GET " + resource + "/not-a-uuid", "GET", resource + "/not-a-uuid", null));
      cases.add(path("PUT " + resource + "/not-a-uuid", "PUT", resource + "/not-a-uuid", body));
      cases.add(path("DELETE " + resource + "/not-a-uuid", "DELETE", resource + "/not-a-uuid", null));
      cases.add(path("DELETE " + resource + "/{SQL}", "DELETE", resource + "/1%27%20OR%20%271%27%3D%271", null));
      cases.add(path("GET " + resource + "/{uuid without dashes}", "GET",
          resource + "/" + UUID.randomUUID().toString().replace("-", ""), null));
      for (String method : List.of("GET", "DELETE")) {
        cases.add(new Case(method + " " + resource + "/{unknown}", method, resource + "/{random}", null, null,
            As.WORKSPACE, 404, "not_found", null));
        cases.add(new Case(method + " " + resource + "/{another workspace's}", method, resource + "/"
            + others.get(resource), null, null, As.WORKSPACE, 404, "not_found", null));
      }
    }
    cases.add(path("POST /cluster_templates/not-a-uuid/render", "POST", "/cluster_templates/not-a-uuid/render",
        "{}"));
    cases.add(new Case("PATCH /cluster_templates/{id}/versions/not-a-uuid", "PATCH",
        "/cluster_templates/{template}/versions/v1", "{\"comment\":\"x\"}", JSON, As.WORKSPACE, 400,
        "validation_failed", "?version_id"));
    cases.add(new Case("GET /cluster_templates/{id}/export?cluster_template_version_id=v1", "GET",
        "/cluster_templates/{template}/export?cluster_template_version_id=v1", null, null, As.WORKSPACE, 400,
        "validation_failed", "?cluster_template_version_id"));
    cases.add(new Case("GET /cluster_templates/{id}/export of another workspace's version", "GET",
        "/cluster_templates/{template}/export?cluster_template_version_id={other-version}", null, null, As.WORKSPACE,
        404, "not_found", null));
    cases.add(new Case("GET /cluster_templates/{another workspace's}/export", "GET",
        "/cluster_templates/{other-template}/export", null, null, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("POST /catalogs/import?workspace_id=xyz", "POST", "/catalogs/import?workspace_id=xyz",
        IMPORT_CATALOG.validBody(), JSON, As.WORKSPACE, 400, "validation_failed", "?workspace_id"));
    cases.add(new Case("POST /catalogs/import?workspace_id={another workspace}", "POST",
        "/catalogs/import?workspace_id={other}", IMPORT_CATALOG.validBody(), JSON, As.WORKSPACE, 404, "not_found",
        null));
    cases.add(new Case("POST /records?workspace_id=xyz", "POST", "/records?workspace_id=xyz",
        CREATE_RECORD.validBody(), JSON, As.WORKSPACE, 400, "validation_failed", "?workspace_id"));
    return cases.stream();
  }

  /** Clusters: their inputs, the template version, registry and provisioner they name, and their values. */
  static Stream<Case> invalidClusterFields() {
    final Endpoint cc = CREATE_CLUSTER;
    final Endpoint uc = UPDATE_CLUSTER;
    final Endpoint pc = PATCH_CLUSTER;
    final JsonObject c = new JsonObject(CREATE_CLUSTER.validBody());
    final JsonObject u = new JsonObject(UPDATE_CLUSTER.validBody());
    final JsonObject main = clusterValues("main");
    return Stream.of(
        cc.json("number for name", c.copy().put("name", 42), 400, "validation_failed", "/name"),
        cc.json("missing name", without(c, "name"), 400, "validation_failed", "/name"),
        cc.json("null name", c.copy().putNull("name"), 400, "validation_failed", "/name"),
        cc.json("blank name", c.copy().put("name", " \t "), 400, "validation_failed", "/name"),
        cc.json("NUL character in name", c.copy().put("name", "a\u0000b"), 400, "validation_failed", "/name"),
        cc.json("name of 256 chars", c.copy().put("name", "n".repeat(256)), 400, "validation_failed", "/name"),
        cc.json("missing cluster_template_version_id", without(c, "cluster_template_version_id"), 400,
            "validation_failed", "/cluster_template_version_id"),
        cc.json("version id not a UUID", c.copy().put("cluster_template_version_id", "v1"), 400,
            "validation_failed", "/cluster_template_version_id"),
        cc.json("number for the version id", c.copy().put("cluster_template_version_id", 1), 400,
            "validation_failed", "/cluster_template_version_id"),
        cc.json("SQL metacharacters in the version id", c.copy().put("cluster_template_version_id", "' OR 1=1 --"),
            400, "validation_failed", "/cluster_template_version_id"),
        cc.json("unknown version", c.copy().put("cluster_template_version_id", "{random}"), 400,
            "validation_failed", "/cluster_template_version_id"),
        cc.json("version of another workspace's template", c.copy().put("cluster_template_version_id",
            "{other-cluster-version}"), 400, "validation_failed", "/cluster_template_version_id"),
        cc.json("withdrawn version", c.copy().put("cluster_template_version_id", "{withdrawn-version}"), 409,
            "version_unavailable", null),
        cc.json("missing values", without(c, "values"), 400, "validation_failed", "/values"),
        cc.json("string for values", c.copy().put("values", "domain=x"), 400, "validation_failed", "/values"),
        cc.json("array for values", c.copy().put("values", new JsonArray()), 400, "validation_failed", "/values"),
        cc.json("null values", c.copy().putNull("values"), 400, "validation_failed", "/values"),
        cc.json("NUL character in a value", c.copy().put("values", clusterValues("x").put("domain", "a\u0000")), 400,
            "validation_failed", "/values/domain"),
        cc.json("NUL character in a value's key", c.copy().put("values", clusterValues("x").put("a\u0000b", 1)), 400,
            "validation_failed", "/values/a\u0000b"),
        cc.json("registry_id not a UUID", c.copy().put("registry_id", "xyz"), 400, "validation_failed",
            "/registry_id"),
        cc.json("number for registry_id", c.copy().put("registry_id", 7), 400, "validation_failed", "/registry_id"),
        cc.json("unknown registry", c.copy().put("registry_id", "{random}"), 400, "validation_failed",
            "/registry_id"),
        cc.json("registry of another workspace", c.copy().put("registry_id", "{other-registry}"), 400,
            "validation_failed", "/registry_id"),
        cc.json("provisioner 'terraform'", c.copy().put("provisioner", "terraform"), 400, "validation_failed",
            "/provisioner"),
        cc.json("upper-case provisioner", c.copy().put("provisioner", "DHCTL"), 400, "validation_failed",
            "/provisioner"),
        cc.json("number for provisioner", c.copy().put("provisioner", 1), 400, "validation_failed", "/provisioner"),
        cc.json("kubeconfig for the simulated provisioner", c.copy().put("kubeconfig", "apiVersion: v1\n"), 400,
            "validation_failed", "/kubeconfig"),
        cc.json("kubeconfig for the default provisioner", without(c, "provisioner").put("kubeconfig",
            "apiVersion: v1\n"), 400, "validation_failed", "/kubeconfig"),
        cc.json("kubeconfig provisioner without a kubeconfig", c.copy().put("provisioner", "kubeconfig"), 400,
            "validation_failed", "/kubeconfig"),
        cc.json("number for kubeconfig", c.copy().put("provisioner", "kubeconfig").put("kubeconfig", 1), 400,
            "validation_failed", "/kubeconfig"),
        cc.json("kubeconfig over 256 KiB", c.copy().put("provisioner", "kubeconfig")
            .put("kubeconfig", "k".repeat(262145)), 400, "validation_failed", "/kubeconfig"),
        cc.json("NUL character in kubeconfig", c.copy().put("provisioner", "kubeconfig")
            .put("kubeconfig", "apiVersion: v1\n\u0000"), 400, "validation_failed", "/kubeconfig"),
        cc.json("check_interval_seconds under a minute", c.copy().put("check_interval_seconds", 59), 400,
            "validation_failed", "/check_interval_seconds"),
        cc.json("check_interval_seconds over a week", c.copy().put("check_interval_seconds", 604801), 400,
            "validation_failed", "/check_interval_seconds"),
        cc.json("negative check_interval_seconds", c.copy().put("check_interval_seconds", -60), 400,
            "validation_failed", "/check_interval_seconds"),
        cc.json("string for check_interval_seconds", c.copy().put("check_interval_seconds", "900"), 400,
            "validation_failed", "/check_interval_seconds"),
        cc.json("fractional check_interval_seconds", c.copy().put("check_interval_seconds", 900.5), 400,
            "validation_failed", "/check_interval_seconds"),
        cc.json("sync_mode 'sometimes'", c.copy().put("sync_mode", "sometimes"), 400, "validation_failed",
            "/sync_mode"),
        cc.json("upper-case sync_mode", c.copy().put("sync_mode", "AUTO"), 400, "validation_failed", "/sync_mode"),
        cc.json("boolean for sync_mode", c.copy().put("sync_mode", true), 400, "validation_failed", "/sync_mode"),
        cc.json("status given", c.copy().put("status", "in_sync"), 400, "validation_failed", "/status"),
        cc.json("current_revision given", c.copy().put("current_revision", 1), 400, "validation_failed",
            "/current_revision"),
        cc.json("name of another cluster", cluster("main", clusterValues("other-main")), 409, "name_taken", null),
        cc.json("name of another cluster but for spaces", cluster(" main ", clusterValues("other-main")), 409,
            "name_taken", null),
        cc.json("a unique value another cluster has", cluster("same-domain", main), 409, "not_unique", null),
        cc.json("an exclusive record another cluster holds", cluster("taker", clusterValues("taker")
            .put("host", held("{host}"))), 409, "record_in_use", null),
        cc.at("workspace_id not a UUID", "/clusters?workspace_id=xyz", c, 400, "validation_failed", "?workspace_id"),
        cc.at("another workspace", "/clusters?workspace_id={other}", c, 404, "not_found", null),
        new Case("POST /clusters: a user without workspace_id", "POST", "/clusters", c.encode(), JSON, As.ADMIN, 400,
            "workspace_required", null),
        new Case("POST /clusters: a user in another workspace, with this one's version", "POST",
            "/clusters?workspace_id={other}", c.encode(), JSON, As.ADMIN, 400, "validation_failed",
            "/cluster_template_version_id"),

        uc.json("missing cluster_template_version_id", without(u, "cluster_template_version_id"), 400,
            "validation_failed", "/cluster_template_version_id"),
        uc.json("missing values", without(u, "values"), 400, "validation_failed", "/values"),
        uc.json("missing current_revision", without(u, "current_revision"), 400, "validation_failed",
            "/current_revision"),
        uc.json("string for current_revision", u.copy().put("current_revision", "2"), 400, "validation_failed",
            "/current_revision"),
        uc.json("zero current_revision", u.copy().put("current_revision", 0), 400, "validation_failed",
            "/current_revision"),
        uc.json("fractional current_revision", u.copy().put("current_revision", 1.5), 400, "validation_failed",
            "/current_revision"),
        uc.json("current_revision over an int (2 once truncated)", u.copy().put("current_revision", 4294967298L), 400,
            "validation_failed", "/current_revision"),
        uc.json("stale current_revision", u.copy().put("current_revision", 1), 409, "stale_revision", null),
        uc.json("current_revision from the future", u.copy().put("current_revision", 9), 409, "stale_revision",
            null),
        uc.json("number for name", u.copy().put("name", 42), 400, "validation_failed", "/name"),
        uc.json("blank name", u.copy().put("name", "  "), 400, "validation_failed", "/name"),
        uc.json("NUL character in name", u.copy().put("name", "\u0000"), 400, "validation_failed", "/name"),
        uc.json("name of 256 chars", u.copy().put("name", "n".repeat(256)), 400, "validation_failed", "/name"),
        uc.json("provisioner given", u.copy().put("provisioner", "dhctl"), 400, "validation_failed", "/provisioner"),
        uc.json("kubeconfig given", u.copy().put("kubeconfig", "apiVersion: v1\n"), 400, "validation_failed",
            "/kubeconfig"),
        uc.json("sync_mode 'sometimes'", u.copy().put("sync_mode", "sometimes"), 400, "validation_failed",
            "/sync_mode"),
        uc.json("check_interval_seconds under a minute", u.copy().put("check_interval_seconds", 59), 400,
            "validation_failed", "/check_interval_seconds"),
        uc.json("check_interval_seconds over a week", u.copy().put("check_interval_seconds", 604801), 400,
            "validation_failed", "/check_interval_seconds"),
        uc.json("version id not a UUID", u.copy().put("cluster_template_version_id", "v2"), 400, "validation_failed",
            "/cluster_template_version_id"),
        uc.json("unknown version", u.copy().put("cluster_template_version_id", "{random}"), 400,
            "validation_failed", "/cluster_template_version_id"),
        uc.json("version of another workspace's template", u.copy().put("cluster_template_version_id",
            "{other-cluster-version}"), 400, "validation_failed", "/cluster_template_version_id"),
        uc.json("withdrawn version", u.copy().put("cluster_template_version_id", "{withdrawn-version}"), 409,
            "version_unavailable", null),
        uc.json("registry_id not a UUID", u.copy().put("registry_id", "xyz"), 400, "validation_failed",
            "/registry_id"),
        uc.json("registry of another workspace", u.copy().put("registry_id", "{other-registry}"), 400,
            "validation_failed", "/registry_id"),
        uc.json("array for values", u.copy().put("values", new JsonArray()), 400, "validation_failed", "/values"),
        uc.json("NUL character in a value", u.copy().put("values", clusterValues("idle").put("domain", "\u0000")),
            400, "validation_failed", "/values/domain"),
        uc.json("immutable value changed", u.copy().put("values", clusterValues("idle").put("podSubnet",
            "10.9.0.0/16")), 400, "validation_failed", "/values/podSubnet"),
        uc.json("name of another cluster", u.copy().put("name", "main"), 409, "name_taken", null),
        uc.json("a unique value another cluster has", u.copy().put("values", main), 409, "not_unique", null),
        uc.json("an exclusive record another cluster holds", u.copy().put("values", clusterValues("idle")
            .put("host", held("{host}"))), 409, "record_in_use", null),
        uc.at("unknown cluster", "/clusters/{random}", u, 404, "not_found", null),
        uc.at("cluster of another workspace", "/clusters/{other-cluster}", u, 404, "not_found", null),
        uc.at("deleted cluster", "/clusters/{deleted-cluster}", u.copy().put("name", "deleted")
            .put("values", clusterValues("deleted")).put("current_revision", 1), 409, "invalid_transition", null),
        uc.at("cluster whose install is pending", "/clusters/{cluster}", without(without(u, "name"), "sync_mode")
            .put("values", main.copy().put("host", held("{host}"))).put("current_revision", 1), 409,
            "task_in_progress", null),

        pc.json("nothing to change", "{}", 400, "validation_failed", null),
        pc.json("If-Match not a revision", "{\"values\":{\"masters\":2}}", 400, "invalid_if_match", null)
            .header("If-Match", "\"abc\""),
        pc.json("If-Match empty", "{\"values\":{\"masters\":2}}", 400, "invalid_if_match", null)
            .header("If-Match", ""),
        pc.json("If-Match '*'", "{\"values\":{\"masters\":2}}", 400, "invalid_if_match", null)
            .header("If-Match", "*"),
        pc.json("If-Match over an int", "{\"values\":{\"masters\":2}}", 400, "invalid_if_match", null)
            .header("If-Match", "\"99999999999\""),
        pc.json("If-Match of 33 chars", "{\"values\":{\"masters\":2}}", 400, "validation_failed", "?If-Match")
            .header("If-Match", "1".repeat(33)),
        pc.json("stale If-Match", "{\"values\":{\"masters\":2}}", 409, "stale_revision", null)
            .header("If-Match", "\"1\""),
        // If-Match compares strongly: a weak tag never matches, and the contract's validator refuses it.
        pc.json("weak If-Match", "{\"values\":{\"masters\":2}}", 400, "invalid_request", "?If-Match")
            .header("If-Match", "W/\"2\""),
        pc.json("If-Match from the future", "{\"values\":{\"masters\":2}}", 409, "stale_revision", null)
            .header("If-Match", "\"9\""),
        pc.json("number for name", "{\"name\":42}", 400, "validation_failed", "/name"),
        pc.json("blank name", "{\"name\":\" \"}", 400, "validation_failed", "/name"),
        pc.json("NUL character in name", "{\"name\":\"a\\u0000\"}", 400, "validation_failed", "/name"),
        pc.json("string for values", "{\"values\":\"masters=2\"}", 400, "validation_failed", "/values"),
        pc.json("null values", "{\"values\":null}", 400, "validation_failed", "/values"),
        pc.json("null version id", "{\"cluster_template_version_id\":null}", 400, "validation_failed",
            "/cluster_template_version_id"),
        pc.json("NUL character in a value", "{\"values\":{\"domain\":\"\\u0000\"}}", 400, "validation_failed",
            "/values/domain"),
        pc.json("sync_mode 'sometimes'", "{\"sync_mode\":\"sometimes\"}", 400, "validation_failed", "/sync_mode"),
        pc.json("check_interval_seconds over a week", "{\"check_interval_seconds\":604801}", 400,
            "validation_failed", "/check_interval_seconds"),
        pc.json("current_revision given", "{\"current_revision\":2}", 400, "validation_failed",
            "/current_revision"),
        pc.json("provisioner given", "{\"provisioner\":\"kubeconfig\"}", 400, "validation_failed",
            "/provisioner"),
        pc.json("version id not a UUID", "{\"cluster_template_version_id\":\"v2\"}", 400, "validation_failed",
            "/cluster_template_version_id"),
        pc.json("version of another workspace's template",
            "{\"cluster_template_version_id\":\"{other-cluster-version}\"}", 400, "validation_failed",
            "/cluster_template_version_id"),
        pc.json("withdrawn version", "{\"cluster_template_version_id\":\"{withdrawn-version}\"}", 409,
            "version_unavailable", null),
        pc.json("registry_id not a UUID", "{\"registry_id\":\"xyz\"}", 400, "validation_failed", "/registry_id"),
        pc.json("unknown registry", "{\"registry_id\":\"{random}\"}", 400, "validation_failed", "/registry_id"),
        pc.json("immutable value changed", "{\"values\":{\"podSubnet\":\"10.9.0.0/16\"}}", 400,
            "validation_failed", "/values/podSubnet"),
        pc.json("name of another cluster", "{\"name\":\"main\"}", 409, "name_taken", null),
        pc.json("a unique value another cluster has", new JsonObject().put("values", main), 409, "not_unique",
            null),
        pc.json("an exclusive record another cluster holds", new JsonObject().put("values",
            new JsonObject().put("host", held("{host}"))), 409, "record_in_use", null),
        pc.at("unknown cluster", "/clusters/{random}", new JsonObject().put("name", "n"), 404, "not_found", null),
        pc.at("cluster of another workspace", "/clusters/{other-cluster}", new JsonObject().put("name", "n"), 404,
            "not_found", null),
        pc.at("deleted cluster", "/clusters/{deleted-cluster}", new JsonObject().put("name", "n"), 409,
            "invalid_transition", null));
  }

  /** Cluster and task operations: parameters, and what the cluster's or the task's state refuses. */
  static Stream<Case> invalidClusterOperations() {
    final List<Case> cases = new ArrayList<>();
    cases.add(query("GET /clusters?status=unknown", "/clusters?status=running", "status"));
    cases.add(query("GET /clusters?status=upper-case", "/clusters?status=NEW", "status"));
    cases.add(query("GET /clusters?status=SQL", "/clusters?status=new%27%20OR%20%271%27%3D%271", "status"));
    cases.add(new Case("GET /clusters: after not a cursor", "GET", "/clusters?after=xyz", null, null, As.WORKSPACE,
        400, "validation_failed", "?after"));
    cases.add(new Case("GET /clusters: after a cursor with a bad time", "GET", "/clusters?after="
        + java.util.Base64.getUrlEncoder().encodeToString(("yesterday|" + UUID.randomUUID()).getBytes(
            java.nio.charset.StandardCharsets.UTF_8)), null, null, As.WORKSPACE, 400, "validation_failed", "?after"));
    cases.add(new Case("GET /clusters: after too long", "GET", "/clusters?after=" + "a".repeat(201), null, null,
        As.WORKSPACE, 400, "validation_failed", "?after"));
    cases.add(new Case("GET /clusters: a user without workspace_id", "GET", "/clusters", null, null, As.ADMIN, 400,
        "workspace_required", null));
    cases.add(new Case("GET /clusters?status=NUL", "GET", "/clusters?status=%00", null, null, As.WORKSPACE, 400,
        "!malformed_json", "?status"));
    for (String list : List.of("/revisions", "/tasks")) {
      cases.add(query("GET /clusters/{id}" + list + "?limit=0", "/clusters/{cluster}" + list + "?limit=0", "limit"));
      cases.add(query("GET /clusters/{id}" + list + "?offset=-1", "/clusters/{cluster}" + list + "?offset=-1",
          "offset"));
      cases.add(path("GET /clusters/not-a-uuid" + list, "GET", "/clusters/not-a-uuid" + list, null));
      cases.add(new Case("GET /clusters/{unknown}" + list, "GET", "/clusters/{random}" + list, null, null,
          As.WORKSPACE, 404, "not_found", null));
      cases.add(new Case("GET /clusters/{another workspace's}" + list, "GET", "/clusters/{other-cluster}" + list,
          null, null, As.WORKSPACE, 404, "not_found", null));
    }
    cases.add(path("PATCH /clusters/not-a-uuid", "PATCH", "/clusters/not-a-uuid", "{\"name\":\"n\"}"));
    cases.add(new Case("DELETE /clusters/{id}?cleanup=maybe", "DELETE", "/clusters/{cluster}?cleanup=maybe", null,
        null, As.WORKSPACE, 400, "validation_failed", "?cleanup"));
    cases.add(new Case("DELETE /clusters/{deleted}", "DELETE", "/clusters/{deleted-cluster}", null, null,
        As.WORKSPACE, 409, "invalid_transition", null));
    cases.add(new Case("DELETE /clusters/{deleted}?cleanup=false", "DELETE",
        "/clusters/{deleted-cluster}?cleanup=false", null, null, As.WORKSPACE, 409, "invalid_transition", null));

    final String history = "GET /clusters/{id}/telemetry/history";
    final String charted = "/clusters/{cluster}/telemetry/history";
    cases.add(new Case(history + ": no metric", "GET", charted, null, null, As.WORKSPACE, 400, "missing_parameter",
        null));
    cases.add(new Case(history + ": unknown metric", "GET", charted + "?metric=heat", null, null, As.WORKSPACE, 400,
        "unknown_metric", null));
    cases.add(new Case(history + ": SQL metric", "GET", charted + "?metric=nodes%27%20OR%20%271%27%3D%271", null,
        null, As.WORKSPACE, 400, "unknown_metric", null));
    cases.add(new Case(history + ": from after to", "GET",
        charted + "?metric=nodes&from=2030-01-02T00:00:00Z&to=2030-01-01T00:00:00Z", null, null, As.WORKSPACE, 400,
        "invalid_time_range", null));
    cases.add(new Case(history + ": empty range", "GET",
        charted + "?metric=nodes&from=2030-01-01T00:00:00Z&to=2030-01-01T00:00:00Z", null, null, As.WORKSPACE, 400,
        "invalid_time_range", null));
    cases.add(new Case(history + ": range over 31 days", "GET",
        charted + "?metric=nodes&from=2030-01-01T00:00:00Z&to=2030-03-01T00:00:00Z", null, null, As.WORKSPACE, 400,
        "invalid_time_range", null));
    cases.add(new Case(history + ": from not a time", "GET", charted + "?metric=nodes&from=yesterday", null, null,
        As.WORKSPACE, 400, "validation_failed", "?from"));
    cases.add(path(history + ": id not a UUID", "GET", "/clusters/not-a-uuid/telemetry/history?metric=nodes", null));
    cases.add(new Case(history + ": unknown cluster", "GET", "/clusters/{random}/telemetry/history?metric=nodes",
        null, null, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case(history + ": another workspace's cluster", "GET",
        "/clusters/{other-cluster}/telemetry/history?metric=nodes", null, null, As.WORKSPACE, 404, "not_found", null));

    final String diff = "GET /clusters/{id}/revisions/{revision}/diff";
    cases.add(new Case(diff + ": revision not an integer", "GET", "/clusters/{idle-cluster}/revisions/two/diff",
        null, null, As.WORKSPACE, 400, "validation_failed", "?revision"));
    cases.add(new Case(diff + ": fractional revision", "GET", "/clusters/{idle-cluster}/revisions/1.5/diff",
        null, null, As.WORKSPACE, 400, "validation_failed", "?revision"));
    cases.add(new Case(diff + ": revision 0", "GET", "/clusters/{idle-cluster}/revisions/0/diff", null, null,
        As.WORKSPACE, 400, "validation_failed", "?revision"));
    cases.add(new Case(diff + ": negative revision", "GET", "/clusters/{idle-cluster}/revisions/-1/diff", null,
        null, As.WORKSPACE, 400, "validation_failed", "?revision"));
    cases.add(new Case(diff + ": revision over an int", "GET",
        "/clusters/{idle-cluster}/revisions/99999999999/diff", null, null, As.WORKSPACE, 400, "validation_failed",
        "?revision"));
    cases.add(new Case(diff + ": against not an integer", "GET",
        "/clusters/{idle-cluster}/revisions/2/diff?against=first", null, null, As.WORKSPACE, 400,
        "validation_failed", "?against"));
    cases.add(new Case(diff + ": against 0", "GET", "/clusters/{idle-cluster}/revisions/2/diff?against=0", null,
        null, As.WORKSPACE, 400, "validation_failed", "?against"));
    cases.add(new Case(diff + ": against over an int", "GET",
        "/clusters/{idle-cluster}/revisions/2/diff?against=99999999999", null, null, As.WORKSPACE, 400,
        "validation_failed", "?against"));
    cases.add(new Case(diff + ": unknown revision", "GET", "/clusters/{idle-cluster}/revisions/3/diff", null, null,
        As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case(diff + ": against an unknown revision", "GET",
        "/clusters/{idle-cluster}/revisions/2/diff?against=7", null, null, As.WORKSPACE, 404, "not_found", null));
    cases.add(path(diff + ": id not a UUID", "GET", "/clusters/not-a-uuid/revisions/1/diff", null));
    cases.add(new Case(diff + ": unknown cluster", "GET", "/clusters/{random}/revisions/1/diff", null, null,
        As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case(diff + ": cluster of another workspace", "GET", "/clusters/{other-cluster}/revisions/1/diff",
        null, null, As.WORKSPACE, 404, "not_found", null));

    for (String action : List.of("retry", "apply")) {
      final String name = "POST /clusters/{id}/" + action;
      cases.add(path(name + ": id not a UUID", "POST", "/clusters/not-a-uuid/" + action, null));
      cases.add(new Case(name + ": unknown cluster", "POST", "/clusters/{random}/" + action, null, null,
          As.WORKSPACE, 404, "not_found", null));
      cases.add(new Case(name + ": cluster of another workspace", "POST", "/clusters/{other-cluster}/" + action,
          null, null, As.WORKSPACE, 404, "not_found", null));
      cases.add(new Case(name + ": deleted cluster", "POST", "/clusters/{deleted-cluster}/" + action, null, null,
          As.WORKSPACE, 409, "invalid_transition", null));
    }
    cases.add(new Case("POST /clusters/{id}/retry: nothing failed", "POST", "/clusters/{idle-cluster}/retry", null,
        null, As.WORKSPACE, 409, "nothing_to_retry", null));
    cases.add(new Case("POST /clusters/{id}/retry: configuration error", "POST", "/clusters/{broken-cluster}/retry",
        null, null, As.WORKSPACE, 409, "nothing_to_retry", null));
    cases.add(new Case("POST /clusters/{id}/apply: configuration error", "POST", "/clusters/{broken-cluster}/apply",
        null, null, As.WORKSPACE, 409, "configuration_error", null));
    cases.add(new Case("POST /clusters/{id}/apply: install pending", "POST", "/clusters/{cluster}/apply", null,
        null, As.WORKSPACE, 409, "task_in_progress", null));

    for (String task : List.of("", "/cancel", "/log")) {
      final String method = "/cancel".equals(task) ? "POST" : "GET";
      final String name = method + " /tasks/{id}" + task;
      cases.add(path(name + ": id not a UUID", method, "/tasks/not-a-uuid" + task, null));
      cases.add(path(name + ": SQL for the id", method, "/tasks/1%27%20OR%20%271%27%3D%271" + task, null));
      cases.add(new Case(name + ": unknown task", method, "/tasks/{random}" + task, null, null, As.WORKSPACE, 404,
          "not_found", null));
      cases.add(new Case(name + ": task of another workspace", method, "/tasks/{other-task}" + task, null, null,
          As.WORKSPACE, 404, "not_found", null));
    }
    cases.add(new Case("POST /tasks/{id}/cancel: finished task", "POST", "/tasks/{finished-task}/cancel", null,
        null, As.WORKSPACE, 409, "already_finished", null));
    cases.add(new Case("GET /tasks/{id}/log: after not an integer", "GET", "/tasks/{finished-task}/log?after=x", null,
        null, As.WORKSPACE, 400, "validation_failed", "?after"));
    cases.add(new Case("GET /tasks/{id}/log: after below -1", "GET", "/tasks/{finished-task}/log?after=-2", null,
        null, As.WORKSPACE, 400, "validation_failed", "?after"));
    cases.add(new Case("GET /tasks/{id}/log: follow not a boolean", "GET", "/tasks/{finished-task}/log?follow=maybe",
        null, null, As.WORKSPACE, 400, "validation_failed", "?follow"));
    cases.add(new Case("GET /tasks/{id}/log?follow=true of another workspace's task", "GET",
        "/tasks/{other-task}/log?follow=true", null, null, As.WORKSPACE, 404, "not_found", null));

    cases.add(new Case("GET /cluster_templates/{id}/versions: id not a UUID", "GET", "/cluster_templates/x/versions",
        null, null, As.WORKSPACE, 400, "validation_failed", "?id"));
    cases.add(new Case("GET /cluster_templates/{id}/versions: unknown template", "GET",
        "/cluster_templates/{random}/versions", null, null, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("GET /cluster_templates/{id}/versions: another workspace's template", "GET",
        "/cluster_templates/{other-template}/versions", null, null, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("GET /cluster_templates/{id}/versions/{version_id}: version_id not a UUID", "GET",
        "/cluster_templates/{template}/versions/x", null, null, As.WORKSPACE, 400, "validation_failed",
        "?version_id"));
    cases.add(new Case("GET /cluster_templates/{id}/versions/{version_id}: unknown version", "GET",
        "/cluster_templates/{template}/versions/{random}", null, null, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("GET /cluster_templates/{id}/versions/{version_id}: another template's version", "GET",
        "/cluster_templates/{template}/versions/{cluster-version}", null, null, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("GET /cluster_templates/{id}/versions/{version_id}: another workspace's version", "GET",
        "/cluster_templates/{other-template}/versions/{other-version}", null, null, As.WORKSPACE, 404, "not_found",
        null));

    final String approve = "/cluster_change_requests/{random}/approve";
    final String sha = "{\"change_set_sha256\":\"" + "a".repeat(64) + "\"}";
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: id not a UUID", "POST",
        "/cluster_change_requests/x/approve", sha, JSON, As.WORKSPACE, 400, "validation_failed", "?id"));
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: unknown request", "POST", approve, sha, JSON,
        As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: sha256 not hex", "POST", approve,
        "{\"change_set_sha256\":\"xyz\"}", JSON, As.WORKSPACE, 400, "validation_failed", "/change_set_sha256"));
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: unknown request, empty object", "POST", approve,
        "{}", JSON, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: unknown request, no body", "POST", approve, null,
        null, As.WORKSPACE, 404, "not_found", null));
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: sha256 null", "POST", approve,
        "{\"change_set_sha256\":null}", JSON, As.WORKSPACE, 400, "validation_failed", "/change_set_sha256"));
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: unknown field", "POST", approve,
        "{\"change_set_sha256\":\"" + "a".repeat(64) + "\",\"force\":true}", JSON, As.WORKSPACE, 400,
        "validation_failed", "/force"));
    cases.add(new Case("POST /cluster_change_requests/{id}/approve: malformed JSON", "POST", approve, "{\"change",
        JSON, As.WORKSPACE, 400, "malformed_json", null));
    cases.add(new Case("GET /cluster_change_requests: cluster_id not a UUID", "GET",
        "/cluster_change_requests?cluster_id=x", null, null, As.WORKSPACE, 400, "validation_failed", "?cluster_id"));
    cases.add(new Case("GET /cluster_change_requests: another workspace", "GET",
        "/cluster_change_requests?workspace_id={other}", null, null, As.WORKSPACE, 404, "not_found", null));
    return cases.stream();
  }

  /** A query parameter the contract refuses; {@code field} is the parameter the detail must name. */
  private static Case query(final String name, final String path, final String parameter) {
    return new Case(name, "GET", path, null, null, false, 400, "validation_failed", "?" + parameter);
  }

  /** A path id that is not a UUID. */
  private static Case path(final String name, final String method, final String path, final String body) {
    return new Case(name, method, path, body, body == null ? null : JSON, false, 400, "validation_failed", "?id");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformedBodies")
  void malformedBodiesAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFields")
  void invalidFieldsAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidParameters")
  void invalidParametersAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRegistryFields")
  void invalidRegistriesAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidInventoryFields")
  void invalidCatalogsAndRecordsAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTemplateFields")
  void invalidTemplatesAndRendersAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidClusterFields")
  void invalidClustersAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidClusterOperations")
  void invalidClusterAndTaskOperationsAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidWorkspaceObjectParameters")
  void invalidWorkspaceObjectParametersAreRefusedAndWriteNothing(final Case c) {
    check(c);
  }

  /**
   * Requests refused before routing: by the HTTP decoder (request line or headers too long, a line
   * that is not HTTP) or by the router (a path that does not decode, no Host). Each is a problem with
   * a request id, the caller's own when its headers were read.
   */
  @Test
  void requestsRefusedBeforeRoutingAreProblemsWithARequestId() {
    final String token = workspaceToken.headers().get("X-Auth-Token");
    final Response undecodable = api.exchange("GET /api/v1/clusters/%zz HTTP/1.1\r\nHost: localhost\r\n"
        + "X-Auth-Token: " + token + "\r\nX-Request-Id: raw-request-0001\r\nConnection: close\r\n\r\n");
    assertProblem("[undecodable path]", undecodable, 400, "malformed_request");
    assertThat(undecodable.json().getString("request_id")).isEqualTo("raw-request-0001");
    assertProblem("[no Host]", api.exchange("GET /api/v1/clusters HTTP/1.1\r\nX-Auth-Token: " + token
        + "\r\nConnection: close\r\n\r\n"), 400, "malformed_request");
    assertProblem("[request line of 9000 characters]", api.exchange("GET /api/v1/clusters?q=" + "x".repeat(9000)
        + " HTTP/1.1\r\nHost: localhost\r\n\r\n"), 414, "uri_too_long");
    assertProblem("[headers of 9000 characters]", api.exchange("GET /api/v1/clusters HTTP/1.1\r\nHost: localhost\r\n"
        + "X-Padding: " + "x".repeat(9000) + "\r\n\r\n"), 431, "headers_too_large");
    assertProblem("[not HTTP]", api.exchange("GET\r\n\r\n"), 400, "malformed_request");
    // Outside the API the router's plain answer stays.
    assertThat(api.exchange("GET /%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").status())
        .isEqualTo(400);
  }

  private void check(final Case c) {
    final Map<String, Long> before = api.snapshot();
    Credentials as = switch (c.as()) {
      case ADMIN -> admin;
      case NOBODY -> Credentials.none();
      case WORKSPACE -> workspaceToken;
    };
    for (Map.Entry<String, String> header : c.headers().entrySet()) {
      as = as.with(header.getKey(), fill(header.getValue()));
    }
    final Response response = api.send(c.method(), fill(c.path()), c.body() == null ? null : fill(c.body()),
        c.contentType(), as);
    assertProblem("[" + c.name() + "]", response, c.status(), c.code());
    if (c.field() != null && c.field().startsWith("?")) {
      final String parameter = c.field().substring(1);
      assertThat(response.json().getString("detail")).as("[%s] the detail names the parameter: %s", c, response)
          .containsPattern("(?<![\\w-])" + Pattern.quote(parameter) + "(?![\\w-])");
    } else if (c.field() != null) {
      assertNamesField("[" + c.name() + "]", response, c.field());
    }
    assertThat(api.snapshot()).as("[%s] nothing was written", c).isEqualTo(before);
  }

  private String fill(final String text) {
    String filled = text;
    for (Map.Entry<String, String> object : objects.entrySet()) {
      filled = filled.replace(object.getKey(), object.getValue());
    }
    return filled.replace("{ws}", workspace.toString())
        .replace("{bound}", boundUser.toString())
        .replace("{user}", freeUser.toString())
        .replace("{binding}", binding.toString())
        .replace("{random}", UUID.randomUUID().toString())
        .replace("{big}", BIG);
  }

  /** An RFC 9457 problem with the given status and code ({@code !code}: any code but that), all members present. */
  static void assertProblem(final Response response, final int status, final String code) {
    assertProblem("", response, status, code);
  }

  static void assertProblem(final String what, final Response response, final int status, final String code) {
    final String shown = response.body().length() > 2000 ? response.status() + " " + response.body().substring(0, 2000)
        : response.toString();
    assertThat(response.status()).as("%s status of %s", what, shown).isEqualTo(status);
    assertThat(response.header("Content-Type")).as("%s content type", what).hasValueSatisfying(t ->
        assertThat(t).startsWith(ProblemHandler.CONTENT_TYPE));
    final JsonObject problem = response.json();
    assertThat(problem.getString("type")).as("%s type", what).isNotBlank();
    assertThat(problem.getString("title")).as("%s title", what).isNotBlank();
    assertThat(problem.getValue("status")).as("%s status member", what).isEqualTo(status);
    assertThat(problem.getString("detail")).as("%s detail", what).isNotBlank();
    assertThat(problem.getString("request_id")).as("%s request_id of %s", what, shown).isNotBlank().isNotEqualTo("-");
    assertThat(response.header(RequestIds.HEADER)).as("%s %s header", what, RequestIds.HEADER)
        .contains(problem.getString("request_id"));
    if (code.startsWith("!")) {
      assertThat(problem.getString("code")).as("%s code of %s", what, shown).isNotBlank()
          .isNotEqualTo(code.substring(1));
    } else {
      assertThat(problem.getString("code")).as("%s code of %s", what, shown).isEqualTo(code);
    }
  }

  /** The problem's {@code errors} list an entry for the field (a JSON pointer), with a message. */
  static void assertNamesField(final String what, final Response response, final String field) {
    final JsonArray errors = response.json().getJsonArray("errors");
    assertThat(errors).as("%s errors of %s", what, response).isNotNull().isNotEmpty();
    assertThat(errors.stream().map(JsonObject.class::cast))
        .as("%s: an error names %s in %s", what, field, response)
        .anySatisfy(e -> {
          assertThat(e.getString("field")).isEqualTo(field);
          assertThat(e.getString("message")).isNotBlank();
        });
  }

  @Test
  void aNulCharacterInTheEmailIsAWrongSignInNotAnError() {
    final Map<String, Long> before = api.snapshot();
    final Response response = api.send("POST", "/auth/login",
        "{\"email\":\"admin\\u0000@example.test\",\"password\":\"whatever\"}", JSON, Credentials.none());
    // PostgreSQL text cannot hold U+0000: the value must be refused or not found, never reach SQL as is.
    assertThat(response.status()).as("%s", response).isIn(400, 401);
    assertProblem(response, response.status(), response.status() == 400 ? "validation_failed" : "invalid_credentials");
    assertThat(api.snapshot()).isEqualTo(before);
  }

  // ---- conflicts and legitimate data

  @Test
  void sqlMetacharactersInNamesAreDataStoredVerbatim() {
    final List<String> tables = tables();
    final Map<String, Long> before = api.snapshot();

    final Response created = api.call("POST", "/workspaces", new JsonObject().put("name", SQL_NAME)
        .put("slug", "bobby-tables"), admin);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.json().getString("name")).isEqualTo(SQL_NAME);
    final String id = created.json().getString("id");
    assertThat(api.call("GET", "/workspaces/" + id, null, admin).json().getString("name")).isEqualTo(SQL_NAME);
    assertThat(api.queryOne("SELECT name FROM workspaces WHERE id = ?::uuid", id)).isEqualTo(SQL_NAME);

    final String renamed = SQL_NAME + " '' \"\" ; -- /* */ %_ \\x00";
    final Response updated = api.call("PUT", "/workspaces/" + id, new JsonObject().put("name", renamed), admin);
    assertThat(updated.status()).as("%s", updated).isEqualTo(200);
    assertThat(updated.json().getString("name")).isEqualTo(renamed);
    assertThat(api.queryOne("SELECT name FROM workspaces WHERE id = ?::uuid", id)).isEqualTo(renamed);

    final Response tokenCreated = api.call("POST", "/auth_tokens", new JsonObject().put("name", SQL_NAME), admin);
    assertThat(tokenCreated.status()).as("%s", tokenCreated).isEqualTo(201);
    assertThat(tokenCreated.json().getString("name")).isEqualTo(SQL_NAME);
    assertThat(api.queryOne("SELECT name FROM auth_tokens WHERE id = ?::uuid", tokenCreated.json().getString("id")))
        .isEqualTo(SQL_NAME);

    assertThat(tables()).as("every table is still there").isEqualTo(tables).contains("workspaces", "auth_tokens");
    final Map<String, Long> after = api.snapshot();
    assertThat(after.get("workspaces")).isEqualTo(before.get("workspaces") + 1);
    assertThat(after.get("auth_tokens")).isEqualTo(before.get("auth_tokens") + 1);
    assertThat(after.get("users")).isEqualTo(before.get("users"));
  }

  @Test
  void sqlMetacharactersInWorkspaceObjectsAreDataStoredVerbatim() {
    final List<String> tables = tables();
    final Map<String, Long> before = api.snapshot();
    final String text = SQL_NAME + " '' ; -- /* */ %_";

    final Response registry = api.call("POST", "/registries", registry(SQL_NAME).put("dev_branch", text)
        .put("ca_certificate", text), workspaceToken);
    assertThat(registry.status()).as("%s", registry).isEqualTo(201);
    assertThat(registry.json().getString("name")).isEqualTo(SQL_NAME);
    assertThat(api.queryOne("SELECT name || '|' || dev_branch FROM registries WHERE id = ?::uuid",
        registry.json().getString("id"))).isEqualTo(SQL_NAME + "|" + text);

    final JsonArray params = SUBNETS.copy();
    params.getJsonObject(0).put("header", text);
    final Response catalog = api.call("POST", "/catalogs", catalog("bobby-catalog").put("name", SQL_NAME)
        .put("params", params), workspaceToken);
    assertThat(catalog.status()).as("%s", catalog).isEqualTo(201);
    final String catalogId = catalog.json().getString("id");
    assertThat(api.call("GET", "/catalogs/" + catalogId, null, workspaceToken).json().getJsonArray("params"))
        .isEqualTo(params);
    assertThat(api.queryOne("SELECT name FROM catalogs WHERE id = ?::uuid", catalogId)).isEqualTo(SQL_NAME);

    final Response record = api.call("POST", "/records", new JsonObject().put("catalog_id", catalogId)
        .put("values", subnet("10.7.0.0/24").put("note", SQL_NAME)), workspaceToken);
    assertThat(record.status()).as("%s", record).isEqualTo(201);
    assertThat(api.queryOne("SELECT values->>'note' FROM records WHERE id = ?::uuid",
        record.json().getString("id"))).isEqualTo(SQL_NAME);

    final JsonObject sections = SECTIONS.copy().put("ssh", "# " + text + "\n");
    final Response template = api.call("POST", "/cluster_templates", template(SQL_NAME).put("comment", text)
        .put("sections", sections), workspaceToken);
    assertThat(template.status()).as("%s", template).isEqualTo(201);
    assertThat(template.json().getString("name")).isEqualTo(SQL_NAME);
    assertThat(template.json().getString("comment")).isEqualTo(text);
    assertThat(api.queryOne("SELECT sections->>'ssh' FROM cluster_template_versions WHERE id = ?::uuid",
        template.json().getString("current_cluster_template_version_id"))).isEqualTo("# " + text + "\n");
    final JsonObject rendered = api.call("POST", "/cluster_templates/" + template.json().getString("id") + "/render",
        new JsonObject(), workspaceToken).json();
    assertThat(rendered.getJsonObject("sections").getString("ssh")).isEqualTo("# " + text + "\n");

    assertThat(tables()).as("every table is still there").isEqualTo(tables)
        .contains("registries", "catalogs", "records", "cluster_templates", "cluster_template_versions");
    final Map<String, Long> after = api.snapshot();
    for (String table : List.of("registries", "catalogs", "records", "cluster_templates",
        "cluster_template_versions")) {
      assertThat(after.get(table)).as(table).isEqualTo(before.get(table) + 1);
    }
  }

  @Test
  void aSectionThatDoesNotParseIsAProblemOfThePreviewNotOfTheRequest() {
    final Map<String, Long> before = api.snapshot();
    final Response response = api.call("POST", "/render", new JsonObject().put("params", TEMPLATE_PARAMS.copy())
        .put("sections", SECTIONS.copy().put("kubernetes", "kind: X\n{{ if }}\n")), workspaceToken);
    assertThat(response.status()).as("%s", response).isEqualTo(200);
    assertThat(response.json().getBoolean("valid")).isFalse();
    assertThat(response.json().getJsonArray("errors").stream().map(JsonObject.class::cast))
        .anySatisfy(e -> {
          assertThat(e.getString("code")).isEqualTo("template_error");
          assertThat(e.getString("section")).isEqualTo("kubernetes");
          assertThat(e.getInteger("line")).isEqualTo(2);
        });
    assertThat(response.json().getJsonObject("sections").getString("placement")).as("rendered anyway")
        .contains("# 1 masters");
    assertThat(api.snapshot()).isEqualTo(before);
  }

  private List<String> tables() {
    final String names = api.queryOne("SELECT string_agg(table_name, ',' ORDER BY table_name) "
        + "FROM information_schema.tables WHERE table_schema = current_schema()");
    return List.of(names.split(","));
  }

  @Test
  void theSlugOfAWorkspaceCannotChange() {
    final UUID id = api.workspace("fixed-slug");
    final Map<String, Long> before = api.snapshot();
    final Response response = api.call("PUT", "/workspaces/" + id,
        new JsonObject().put("name", "New name").put("slug", "other-slug"), admin);
    assertProblem(response, 400, "slug_immutable");
    assertThat(api.snapshot()).isEqualTo(before);
    assertThat(api.queryOne("SELECT name || '/' || slug FROM workspaces WHERE id = ?::uuid", id))
        .isEqualTo("fixed-slug/fixed-slug");

    final Response same = api.call("PUT", "/workspaces/" + id,
        new JsonObject().put("name", "New name").put("slug", "fixed-slug"), admin);
    assertThat(same.status()).as("the unchanged slug may be sent: %s", same).isEqualTo(200);
    assertThat(same.json().getString("slug")).isEqualTo("fixed-slug");
  }

  @Test
  void aStaleRevisionIsAConflict() {
    final UUID id = api.workspace("revisions");
    final Response first = api.call("PUT", "/workspaces/" + id,
        new JsonObject().put("name", "Second").put("current_revision", 1), admin);
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    assertThat(first.json().getInteger("current_revision")).isEqualTo(2);

    final Map<String, Long> before = api.snapshot();
    final Response stale = api.call("PUT", "/workspaces/" + id,
        new JsonObject().put("name", "Lost update").put("current_revision", 1), admin);
    assertProblem(stale, 409, "stale_revision");
    final Response ahead = api.call("PUT", "/workspaces/" + id,
        new JsonObject().put("name", "From the future").put("current_revision", 3), admin);
    assertProblem(ahead, 409, "stale_revision");
    assertThat(api.snapshot()).isEqualTo(before);
    assertThat(api.queryOne("SELECT name FROM workspaces WHERE id = ?::uuid", id)).isEqualTo("Second");
  }

  @Test
  void aTakenSlugIsAConflict() {
    api.workspace("taken");
    final Map<String, Long> before = api.snapshot();
    final Response response = api.call("POST", "/workspaces",
        new JsonObject().put("name", "Other").put("slug", "taken"), admin);
    assertProblem(response, 409, "slug_taken");
    assertThat(api.snapshot()).isEqualTo(before);
  }

  @Test
  void aWorkspaceWithClustersCannotBeDeleted() {
    final UUID id = api.workspace("has-cluster");
    api.queryOne("INSERT INTO clusters (workspace_id, name) VALUES (?::uuid, 'c1') RETURNING id::text", id.toString());
    final Map<String, Long> before = api.snapshot();
    final Response response = api.call("DELETE", "/workspaces/" + id, null, admin);
    assertProblem(response, 409, "workspace_not_empty");
    assertThat(api.snapshot()).isEqualTo(before);
    assertThat(api.call("GET", "/workspaces/" + id, null, admin).status()).isEqualTo(200);
    assertThat(api.queryOne("SELECT count(*) FROM clusters WHERE workspace_id = ?::uuid", id.toString()))
        .isEqualTo("1");
  }
}
