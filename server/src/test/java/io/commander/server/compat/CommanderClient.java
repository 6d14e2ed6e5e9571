package io.commander.server.compat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A client of Deckhouse Commander's Integration API written from its documentation only, typed as
 * Commander's own clients type it (ids, times and {@code archive_number} are strings; counts and
 * revisions numbers). Unknown fields are ignored, as Go's decoder does; a field of the wrong JSON type
 * fails the decode, as Go's does: no coercion of numbers to strings or back.
 */
final class CommanderClient {

  static final JsonMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
      .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail))
      .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail))
      .build();

  record TemplateVersion(String id, String clusterTemplateId, String name, String comment, Object params) {
  }

  record Template(String id, String name, String comment, int currentRevision,
                  String currentClusterTemplateVersionId, boolean immutable,
                  List<TemplateVersion> clusterTemplateVersions, String createdAt, String updatedAt,
                  String archivedAt, String archiveNumber) {
  }

  record Host(String host, String user, int port) {
  }

  record ConnectionHosts(List<Host> masters) {
  }

  record Cluster(String id, int currentRevision, String name, boolean wasCreated, boolean isLocked,
                 String clusterType, String status, Map<String, Object> values, String clusterTemplateVersionId,
                 String clusterTemplateVersionSwitchedAt, String clusterConfigurationAppliedAt,
                 String clusterConfigurationCheckedAt, String clusterConfigurationUpdatedAt,
                 String dhctlConfigurationRendered, String appliedClusterConfigurationRendered,
                 String appliedProviderSpecificClusterConfigurationRendered,
                 String desiredClusterConfigurationRendered, String desiredProviderSpecificClusterConfigurationRendered,
                 String initConfigurationRendered, Object initResourcesRendered, Object desiredResourcesRendered,
                 Object appliedResourcesRendered, List<Object> renderErrors, String registryId,
                 ConnectionHosts connectionHosts, String createdAt, String updatedAt, String archivedAt,
                 String archiveNumber) {
  }

  record ChangeRequest(String id, String clusterId, String status) {
  }

  /** An answer the client could not use: its status and body. */
  static final class Failure extends RuntimeException {
    final int status;

    Failure(final int status, final String message) {
      super(message);
      this.status = status;
    }
  }

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String token;

  CommanderClient(final String host, final String token) {
    this.base = host + "/api/v1";
    this.token = token;
  }

  List<Template> templates() {
    return list("/cluster_templates", Template.class);
  }

  Template template(final String id) {
    return one("GET", "/cluster_templates/" + id + "?without_archived=true", null, Template.class);
  }

  List<TemplateVersion> versions(final String templateId) {
    return list("/cluster_templates/" + templateId + "/versions", TemplateVersion.class);
  }

  TemplateVersion version(final String templateId, final String versionId) {
    return one("GET", "/cluster_templates/" + templateId + "/versions/" + versionId, null, TemplateVersion.class);
  }

  Cluster createCluster(final String name, final String versionId, final Map<String, Object> values) {
    return one("POST", "/clusters", Map.of("name", name, "cluster_template_version_id", versionId, "values", values),
        Cluster.class);
  }

  Cluster cluster(final String id) {
    return one("GET", "/clusters/" + id, null, Cluster.class);
  }

  List<Cluster> clusters() {
    return list("/clusters", Cluster.class);
  }

  Cluster updateCluster(final Cluster current, final Map<String, Object> values) {
    final Map<String, Object> body = new java.util.HashMap<>();
    body.put("name", current.name());
    body.put("cluster_template_version_id", current.clusterTemplateVersionId());
    body.put("registry_id", current.registryId());
    body.put("values", values);
    body.put("current_revision", current.currentRevision());
    return one("PUT", "/clusters/" + current.id(), body, Cluster.class);
  }

  List<ChangeRequest> changeRequests(final String clusterId) {
    return list("/cluster_change_requests?cluster_id=" + clusterId, ChangeRequest.class);
  }

  /** Approves as Commander's clients do: a POST without a body. */
  ChangeRequest approve(final String id) {
    return one("POST", "/cluster_change_requests/" + id + "/approve", null, ChangeRequest.class);
  }

  Cluster deleteCluster(final String id) {
    return one("DELETE", "/clusters/" + id, null, Cluster.class);
  }

  private <T> List<T> list(final String path, final Class<T> item) {
    return decode(send("GET", path, null), JSON.getTypeFactory().constructCollectionType(List.class, item));
  }

  private <T> T one(final String method, final String path, final Object body, final Class<T> type) {
    return decode(send(method, path, body), JSON.getTypeFactory().constructType(type));
  }

  private static <T> T decode(final String body, final JavaType type) {
    try {
      return JSON.readValue(body, type);
    } catch (JsonProcessingException e) {
      throw new AssertionError("the answer does not decode as " + type + ": " + e.getOriginalMessage() + "\n" + body, e);
    }
  }

  private String send(final String method, final String path, final Object body) {
    try {
      final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(Duration.ofSeconds(20)).header("X-Auth-Token", token)
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new Failure(response.statusCode(), method + " " + path + ": " + response.statusCode() + " "
            + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
