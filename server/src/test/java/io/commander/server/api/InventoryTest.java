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
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Catalogs and records: schemas in Commander's format, validation, uniqueness, import, holds. */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class InventoryTest {

  private static final JsonArray SUBNET_SCHEMA = new JsonArray("""
      [{"header": "Network"},
       {"key": "cidr", "type": "string", "title": "CIDR", "pattern": "^[0-9./]+$", "unique": true, "immutable": true},
       {"key": "zone", "type": "string", "title": "Zone", "enum": ["a", "b", "c"]},
       {"key": "vlan", "type": "number", "title": "VLAN", "min": 1, "max": 4094, "optional": true}]""");

  private ApiFixture api;
  private Credentials token;
  private UUID workspace;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    workspace = api.workspace("inventory");
    token = Credentials.token(api.token(api.admin(), workspace, false));
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  private String catalog(final String slug, final String usage) {
    final Response created = api.call("POST", "/catalogs", new JsonObject().put("name", slug).put("slug", slug)
        .put("usage", usage).put("params", SUBNET_SCHEMA), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getString("id");
  }

  private Response record(final String catalogId, final JsonObject values) {
    return api.call("POST", "/records", new JsonObject().put("catalog_id", catalogId).put("values", values), token);
  }

  @Test
  void aSchemaWithProblemsIsRefusedWithEachOneLocated() {
    final long catalogs = api.count("catalogs");
    final Response refused = api.call("POST", "/catalogs", new JsonObject().put("name", "bad").put("slug", "bad")
        .put("params", new JsonArray("[{\"key\": \"x\", \"type\": \"text\", \"title\": \"X\"}, {\"key\": \"y\"}]")),
        token);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactly("/params/0/type", "/params/1/type", "/params/1/title");
    assertThat(api.count("catalogs")).isEqualTo(catalogs);
  }

  @Test
  void recordsAreValidatedPerFieldAndUniqueValuesEnforced() {
    final String subnets = catalog("subnets", "exclusive");
    final Response first = record(subnets, new JsonObject().put("cidr", "10.0.0.0/24").put("zone", "a"));
    assertThat(first.status()).isEqualTo(201);
    assertThat(first.json().getJsonObject("values").containsKey("vlan")).isFalse();
    assertThat(first.json().getBoolean("schema_matches")).isTrue();

    final Response invalid = record(subnets, new JsonObject().put("cidr", "ten").put("zone", "z").put("vlan", 5000)
        .put("extra", true));
    assertThat(invalid.status()).isEqualTo(400);
    assertThat(invalid.json().getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .containsExactly("/values/extra", "/values/cidr", "/values/zone", "/values/vlan");

    final Response duplicate = record(subnets, new JsonObject().put("cidr", "10.0.0.0/24").put("zone", "b"));
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.code()).isEqualTo("not_unique");

    final String id = first.json().getString("id");
    final Response immutable = api.call("PUT", "/records/" + id, new JsonObject().put("values",
        new JsonObject().put("cidr", "10.9.9.0/24").put("zone", "a")), token);
    assertThat(immutable.json().getJsonArray("errors").getJsonObject(0).getString("field")).isEqualTo("/values/cidr");
    final Response changed = api.call("PUT", "/records/" + id, new JsonObject().put("values",
        new JsonObject().put("cidr", "10.0.0.0/24").put("zone", "c")), token);
    assertThat(changed.json().getJsonObject("values").getString("zone")).isEqualTo("c");
  }

  @Test
  void aHeldRecordCannotBeDeletedAndItsCatalogSchemaCannotChange() {
    final String lbs = catalog("load-balancers", "exclusive");
    final String id = record(lbs, new JsonObject().put("cidr", "192.168.0.0/30").put("zone", "a")).json().getString("id");
    final String cluster = api.queryOne("INSERT INTO clusters (workspace_id, name) VALUES (?::uuid, 'holder') "
        + "RETURNING id::text", workspace.toString());
    api.queryOne("UPDATE records SET cluster_id = ?::uuid WHERE id = ?::uuid RETURNING id", cluster, id);
    assertThat(api.call("GET", "/records/" + id, null, token).json().getString("cluster_id")).isEqualTo(cluster);
    assertThat(api.call("DELETE", "/records/" + id, null, token).code()).isEqualTo("record_in_use");
    final JsonArray changed = SUBNET_SCHEMA.copy();
    changed.add(new JsonObject().put("key", "note").put("type", "string").put("title", "Note").put("optional", true));
    assertThat(api.call("PUT", "/catalogs/" + lbs, new JsonObject().put("name", "LBs").put("slug", "load-balancers")
        .put("usage", "exclusive").put("params", changed), token).code()).isEqualTo("catalog_in_use");
    assertThat(api.call("PUT", "/catalogs/" + lbs, new JsonObject().put("name", "LBs").put("slug", "load-balancers")
        .put("usage", "exclusive").put("params", SUBNET_SCHEMA), token).json().getString("name"))
        .as("renaming is fine").isEqualTo("LBs");
    assertThat(api.call("PUT", "/catalogs/" + lbs, new JsonObject().put("name", "LBs").put("slug", "lbs")
        .put("usage", "exclusive").put("params", SUBNET_SCHEMA), token).code()).isEqualTo("slug_immutable");
    // Released, the record can go.
    api.queryOne("UPDATE records SET cluster_id = NULL WHERE id = ?::uuid RETURNING id", id);
    assertThat(api.call("DELETE", "/records/" + id, null, token).status()).isEqualTo(204);
  }

  @Test
  void importCreatesOrAppendsWithoutValidation() {
    final JsonObject export = new JsonObject().put("name", "Imported").put("slug", "imported")
        .put("params", SUBNET_SCHEMA).put("resources", new JsonArray()
            .add(new JsonObject().put("values", new JsonObject().put("cidr", "10.1.0.0/24").put("zone", "a")))
            .add(new JsonObject().put("values", new JsonObject().put("cidr", "10.2.0.0/24").put("zone", "b"))));
    final Response created = api.call("POST", "/catalogs/import", export, token);
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.json().getLong("records_count")).isEqualTo(2);

    final JsonObject more = export.copy().put("params", new JsonArray()).put("resources", new JsonArray()
        .add(new JsonObject().put("values", new JsonObject().put("cidr", "10.3.0.0/24").put("zone", "z"))));
    final Response appended = api.call("POST", "/catalogs/import", more, token);
    assertThat(appended.json().getString("id")).isEqualTo(created.json().getString("id"));
    assertThat(appended.json().getLong("records_count")).isEqualTo(3);
    assertThat(appended.json().getJsonArray("params")).as("the schema stays").isEqualTo(SUBNET_SCHEMA);
    final JsonArray records = api.call("GET", "/records?catalog_id=" + created.json().getString("id"), null, token)
        .array();
    assertThat(records.stream().filter(r -> !((JsonObject) r).getBoolean("schema_matches")).count())
        .as("the appended record that does not match is marked").isEqualTo(1);

    final JsonObject invalidNew = export.copy().put("slug", "fresh").put("resources", new JsonArray()
        .add(new JsonObject().put("values", new JsonObject().put("cidr", "x").put("zone", "a"))));
    final Map<String, Long> before = api.snapshot();
    final long catalogs = api.count("catalogs");
    final Response refused = api.call("POST", "/catalogs/import", invalidNew, token);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("/resources/0/values/cidr");
    assertThat(api.count("catalogs")).as("nothing half-written").isEqualTo(catalogs);
    assertThat(api.snapshot()).isEqualTo(before);
  }

  @Test
  void viewersReadManagersWrite() {
    final String shared = catalog("channels", "shared");
    api.bind(workspace, api.createUser("inv-viewer@example.test", "inv-viewer-pw", GlobalRole.USER), "viewer");
    final Credentials viewer = api.login("inv-viewer@example.test", "inv-viewer-pw");
    assertThat(api.call("GET", "/catalogs/" + shared, null, viewer).status()).isEqualTo(200);
    assertThat(api.call("POST", "/records", new JsonObject().put("catalog_id", shared)
        .put("values", new JsonObject().put("cidr", "1.1.1.0/24").put("zone", "a")), viewer).code())
        .isEqualTo("role_insufficient");
    final UUID other = api.workspace("inventory-other");
    final Credentials otherToken = Credentials.token(api.token(api.admin(), other, false));
    assertThat(api.call("GET", "/catalogs/" + shared, null, otherToken).status()).isEqualTo(404);
    assertThat(api.call("POST", "/records", new JsonObject().put("catalog_id", shared)
        .put("values", new JsonObject()), otherToken).status()).isEqualTo(404);
  }
}
