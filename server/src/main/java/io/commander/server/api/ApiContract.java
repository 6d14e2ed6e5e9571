package io.commander.server.api;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The OpenAPI document of {@code /api/v1}, read from the classpath. It is published as written;
 * the router gets a copy adapted to Vert.x's contract model: {@code application/problem+json} and
 * {@code text/event-stream} and {@code application/yaml} read {@code application/json} (the model refuses media types it does
 * not know, and the router never validates responses), and the security requirements are left out, because authentication
 * and authorization are {@link ApiEndpoint}'s own steps, not the router's.
 */
public final class ApiContract {

  /** Where the contract is, on the classpath. */
  public static final String RESOURCE = "openapi/commander.yaml";

  private static final java.util.Set<String> RENAMED = java.util.Set.of(ProblemHandler.CONTENT_TYPE, "text/event-stream",
      "application/yaml");

  private final JsonObject published;

  private ApiContract(final JsonObject published) {
    this.published = published;
  }

  /** Reads the contract; blocking, for start-up. */
  public static ApiContract load() {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the build");
      }
      @SuppressWarnings("unchecked")
      final Map<String, Object> map = new YAMLMapper().readValue(in, Map.class);
      return new ApiContract(new JsonObject(map));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** The document as people and tools read it. */
  public JsonObject published() {
    return published.copy();
  }

  /** The contract model the router is built from. */
  public Future<OpenAPIContract> routable(final Vertx vertx) {
    final JsonObject routable = (JsonObject) renameMediaType(published.copy());
    routable.remove("security");
    routable.getJsonObject("paths").forEach(path -> ((JsonObject) path.getValue()).forEach(operation -> {
      if (operation.getValue() instanceof JsonObject op) {
        op.remove("security");
      }
    }));
    return OpenAPIContract.from(vertx, routable);
  }

  private static Object renameMediaType(final Object node) {
    if (node instanceof JsonObject object) {
      final JsonObject out = new JsonObject();
      object.forEach(e -> out.put(RENAMED.contains(e.getKey()) ? "application/json" : e.getKey(),
          renameMediaType(e.getValue())));
      return out;
    }
    if (node instanceof JsonArray array) {
      final JsonArray out = new JsonArray();
      array.forEach(v -> out.add(renameMediaType(v)));
      return out;
    }
    return node;
  }
}
