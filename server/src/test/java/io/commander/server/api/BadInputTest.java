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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
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
 * wrong types, unknown fields, oversize bodies, invalid slugs and ids, SQL metacharacters. Each is
 * refused with an {@code application/problem+json} 4xx that says what is wrong, and writes nothing.
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

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    workspace = api.workspace("bad-input");
    boundUser = api.createUser("bound@example.test", "bound-password-1", GlobalRole.USER);
    freeUser = api.createUser("free@example.test", "free-password-1", GlobalRole.USER);
    binding = api.bind(workspace, boundUser, "viewer");
    admin = api.admin();
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  // ---- the cases

  /**
   * One bad request and the problem it must get. Paths and bodies may name the fixture's objects
   * as {@code {ws}}, {@code {bound}}, {@code {user}}, {@code {binding}} and a random id as
   * {@code {random}}; {@code {big}} stands for a body larger than the limit.
   *
   * @param code the problem's code, or {@code !code} for any code but that one
   * @param field the JSON pointer an {@code errors} entry must name, {@code ?name} for a parameter
   *     the detail must name, or null
   */
  record Case(String name, String method, String path, String body, String contentType, boolean anonymous,
              int status, String code, String field) {

    @Override
    public String toString() {
      return name;
    }
  }

  /** An operation that takes a JSON body, with a body it would accept. */
  private record Endpoint(String label, String method, String path, String validBody, boolean anonymous) {

    Case json(final String what, final String body, final int status, final String code, final String field) {
      return new Case(label + ": " + what, method, path, body, JSON, anonymous, status, code, field);
    }

    Case raw(final String what, final String body, final String contentType, final int status, final String code) {
      return new Case(label + ": " + what, method, path, body, contentType, anonymous, status, code, null);
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

  private static final List<Endpoint> BODY_ENDPOINTS = List.of(LOGIN, CREATE_WORKSPACE, UPDATE_WORKSPACE,
      CREATE_BINDING, UPDATE_BINDING, CREATE_TOKEN, CREATE_USER, UPDATE_USER, CHANGE_PASSWORD);

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

  private void check(final Case c) {
    final Map<String, Long> before = api.snapshot();
    final Response response = api.send(c.method(), fill(c.path()), c.body() == null ? null : fill(c.body()),
        c.contentType(), c.anonymous() ? Credentials.none() : admin);
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
    return text.replace("{ws}", workspace.toString())
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
