package io.commander.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.ApiFixture.Response;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published contract and what the server does with it: the document is valid OpenAPI 3.1 and
 * describes the server that serves it, the documentation page works without any CDN, every
 * operation sits behind the policy chain, and lists page as the contract says.
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class ContractTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options",
      "trace");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
      .followRedirects(HttpClient.Redirect.NEVER).build();

  private ApiFixture api;
  private Vertx vertx;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state);
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() throws Exception {
    if (api != null) {
      api.close();
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private JsonObject published() {
    final Response response = api.get("/api/v1/openapi.json");
    assertThat(response.status()).isEqualTo(200);
    return response.json();
  }

  // ---- the document

  @Test
  void thePublishedContractIsValidOpenApi31() throws Exception {
    final JsonObject doc = published();
    assertThat(doc.getString("openapi")).startsWith("3.1.");
    assertThat(OpenAPIVersion.fromContract(doc)).isEqualTo(OpenAPIVersion.V3_1);

    final OutputUnit valid = validate(doc);
    assertThat(valid.getValid()).as("meta-schema validation: %s", valid).isTrue();

    // The same check finds a broken document: it is not vacuous.
    final JsonObject broken = doc.copy().put("openapi", "3.1.0").put("paths", "not a paths object");
    assertThat(validate(broken).getValid()).as("a contract whose paths are a string").isFalse();
    final JsonObject noInfo = doc.copy();
    noInfo.remove("info");
    assertThat(validate(noInfo).getValid()).as("a contract without info").isFalse();
  }

  /** Validates a document against the OpenAPI 3.1 meta-schema as Vert.x does when it loads a contract. */
  private OutputUnit validate(final JsonObject doc) throws Exception {
    // OpenAPIContract.from uses this base URI for the repository it validates contracts with.
    final Future<SchemaRepository> repository = OpenAPIVersion.V3_1.getRepository(vertx, "app://");
    return repository.compose(repo -> OpenAPIVersion.V3_1.validateContract(vertx, repo, doc))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void theServedContractNamesTheServerItCameFrom() throws IOException {
    final String url = published().getJsonArray("servers").getJsonObject(0).getString("url");
    assertThat(url).isEqualTo(api.baseUrl() + "/api/v1");

    // A request to another name of the same server.
    final String raw = rawGet("/api/v1/openapi.json", "commander.example.test:8443");
    final int split = raw.indexOf("\r\n\r\n");
    assertThat(raw).startsWith("HTTP/1.1 200");
    final JsonObject doc = new JsonObject(raw.substring(split + 4));
    final String other = doc.getJsonArray("servers").getJsonObject(0).getString("url");
    assertThat(other).endsWith("/api/v1").isEqualTo("http://commander.example.test:8443/api/v1");
  }

  /** A GET with a chosen Host header, which the JDK client does not let callers set. */
  private String rawGet(final String path, final String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", api.config().http().port())) {
      socket.setSoTimeout(10_000);
      final OutputStream out = socket.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      final InputStream in = socket.getInputStream();
      final ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void theServedContractIsThePublishedOneWithProblemResponses() {
    final JsonObject doc = published();
    final JsonObject problem = doc.getJsonObject("components").getJsonObject("responses").getJsonObject("Problem");
    assertThat(problem.getJsonObject("content").fieldNames()).containsExactly(ProblemHandler.CONTENT_TYPE);
    assertThat(doc.getJsonObject("components").getJsonObject("schemas").getJsonObject("Problem")
        .getJsonArray("required").getList()).contains("type", "title", "status", "code");
    // Security is part of the published document, though the router's copy leaves it out.
    assertThat(doc.getJsonArray("security")).isNotNull().isNotEmpty();
    assertThat(doc.getJsonObject("components").getJsonObject("securitySchemes").fieldNames())
        .contains("tokenAuth", "sessionCookie");

    int errorResponses = 0;
    for (Map.Entry<String, JsonObject> op : operations(doc).entrySet()) {
      final JsonObject responses = op.getValue().getJsonObject("responses");
      for (String status : responses.fieldNames()) {
        if (status.startsWith("4") || status.startsWith("5")) {
          final JsonObject response = responses.getJsonObject(status);
          final String ref = response.getString("$ref");
          assertThat(ref == null ? response.getJsonObject("content").fieldNames()
              : Set.of(ref)).as("%s answers %s", op.getKey(), status)
              .containsAnyOf("#/components/responses/Problem", ProblemHandler.CONTENT_TYPE);
          assertThat(response.encode()).as("%s answers %s", op.getKey(), status).doesNotContain("application/json");
          errorResponses++;
        }
      }
    }
    assertThat(errorResponses).isGreaterThan(30);
    assertThat(doc.encode()).contains(ProblemHandler.CONTENT_TYPE);
  }

  /** Every operation of a document as "METHOD /path", in document order. */
  private static Map<String, JsonObject> operations(final JsonObject doc) {
    final Map<String, JsonObject> out = new LinkedHashMap<>();
    doc.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(entry -> {
      if (METHODS.contains(entry.getKey())) {
        out.put(entry.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), (JsonObject) entry.getValue());
      }
    }));
    return out;
  }

  // ---- the documentation page

  @Test
  void theDocumentationAddressLeadsToTheSwaggerUiPage() throws Exception {
    final HttpResponse<String> redirect = get("/documentation");
    assertThat(redirect.statusCode()).isIn(301, 302, 303, 307, 308);
    assertThat(redirect.headers().firstValue("Location")).hasValueSatisfying(l ->
        assertThat(URI.create(api.baseUrl() + "/documentation").resolve(l).getPath()).isEqualTo("/documentation/"));

    final HttpResponse<String> page = get("/documentation/");
    assertThat(page.statusCode()).as("GET /documentation/ (Location: %s)", page.headers().firstValue("Location"))
        .isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertSwaggerUiPage(page.body());
  }

  @Test
  void theSwaggerUiPageLoadsEverythingFromThisServer() throws Exception {
    // The page /documentation/ serves as its index.
    final HttpResponse<String> page = get("/documentation/index.html");
    assertThat(page.statusCode()).isEqualTo(200);
    final String html = page.body();
    assertSwaggerUiPage(html);

    // Every asset the page references is served here.
    final Matcher refs = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(html);
    final List<String> assets = new ArrayList<>();
    while (refs.find()) {
      assets.add(refs.group(1));
    }
    assertThat(assets).contains("/documentation/ui/swagger-ui-bundle.js", "/documentation/init.js");
    for (String asset : assets) {
      final HttpResponse<String> response = get(asset);
      assertThat(response.statusCode()).as(asset).isEqualTo(200);
      assertThat(response.body()).as(asset).isNotEmpty();
    }

    final HttpResponse<String> bundle = get("/documentation/ui/swagger-ui-bundle.js");
    assertThat(bundle.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(bundle.body()).contains("SwaggerUIBundle");
    final HttpResponse<String> init = get("/documentation/init.js");
    assertThat(init.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).contains("javascript"));
    assertThat(init.body()).contains("'/api/v1/openapi.json'").contains("SwaggerUIBundle(");
  }

  private static void assertSwaggerUiPage(final String html) {
    assertThat(html).contains("\"/documentation/ui/swagger-ui-bundle.js\"", "\"/documentation/init.js\"");
    assertThat(html).as("no CDN").doesNotContain("http://", "https://", "//cdn", "unpkg", "jsdelivr");
  }

  private HttpResponse<String> get(final String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + path)).timeout(Duration.ofSeconds(20)).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  // ---- the policy chain

  @Test
  void everyOperationIsBehindThePolicyChain() {
    final Map<String, JsonObject> operations = operations(published());
    assertThat(operations).hasSizeGreaterThanOrEqualTo(18).containsKey("POST /auth/login");
    final Map<String, Long> before = api.snapshot();
    final Map<String, String> answers = new HashMap<>();
    for (String operation : operations.keySet()) {
      final String method = operation.substring(0, operation.indexOf(' '));
      final String path = operation.substring(operation.indexOf(' ') + 1)
          .replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
      assertThat(path).as("every path parameter filled").doesNotContain("{");
      final Response response = api.send(method, path, null, null, Credentials.none());
      assertThat(response.header("Content-Type")).as(operation).hasValueSatisfying(t ->
          assertThat(t).startsWith(ProblemHandler.CONTENT_TYPE));
      answers.put(operation, response.status() + " " + response.code());
      if (operation.equals("POST /auth/login")) {
        BadInputTest.assertProblem(operation, response, 400, "missing_parameter");
      } else {
        BadInputTest.assertProblem(operation, response, 401, "unauthenticated");
      }
    }
    assertThat(answers).hasSize(operations.size());
    assertThat(api.snapshot()).as("nothing was written").isEqualTo(before);

    // An unknown route is not found, through the same problem handler.
    final Response unknown = api.send("GET", "/no_such_things", null, null, Credentials.none());
    BadInputTest.assertProblem(unknown, 404, "not_found");
  }

  // ---- lists

  @Test
  void listsPageWithTotalAndNextLink() throws Exception {
    for (String slug : List.of("page-a", "page-b", "page-c")) {
      api.workspace(slug);
    }
    final long total = Long.parseLong(api.queryOne("SELECT count(*) FROM workspaces"));
    assertThat(total).isEqualTo(3);
    final Credentials admin = api.admin();

    final Response first = api.call("GET", "/workspaces?limit=2&without_archived=true", null, admin);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.array()).extracting(o -> ((JsonObject) o).getString("slug")).containsExactly("page-a", "page-b");
    assertThat(first.header("X-Total-Count")).contains(Long.toString(total));
    final String link = first.header("Link")
        .orElseThrow(() -> new AssertionError("no Link header: " + first.headers()));
    final Matcher next = Pattern.compile("^<([^>]+)>;\\s*rel=\"next\"$").matcher(link);
    assertThat(next.matches()).as(link).isTrue();
    final URI nextUrl = URI.create(api.baseUrl() + "/api/v1/workspaces?limit=2").resolve(next.group(1));
    assertThat(nextUrl.getPath()).isEqualTo("/api/v1/workspaces");
    assertThat(List.of(nextUrl.getQuery().split("&"))).contains("offset=2", "limit=2", "without_archived=true");

    final HttpRequest.Builder request = HttpRequest.newBuilder(nextUrl).timeout(Duration.ofSeconds(20)).GET();
    admin.headers().forEach(request::header);
    final HttpResponse<String> second = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(new JsonArray(second.body())).extracting(o -> ((JsonObject) o).getString("slug"))
        .containsExactly("page-c");
    assertThat(second.headers().firstValue("X-Total-Count")).contains(Long.toString(total));
    assertThat(second.headers().firstValue("Link")).as("the last page has no next").isEmpty();

    final Response whole = api.call("GET", "/workspaces", null, admin);
    assertThat(whole.array()).hasSize(3);
    assertThat(whole.header("Link")).as("everything on one page").isEmpty();
    assertThat(whole.header("X-Total-Count")).contains("3");
  }
}
