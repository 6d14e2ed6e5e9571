package io.commander.server.connector;

import io.commander.agent.protocol.Frame.ConsoleRequest;
import io.commander.agent.protocol.Frames;
import io.commander.core.bus.Addresses;
import io.commander.server.api.ApiRequest;
import io.commander.server.audit.Actor;
import io.commander.server.auth.Access;
import io.commander.server.auth.Authorizer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * One Kubernetes API request for a cluster's agent, as the API hands it to the connector on
 * {@link Addresses#CONNECTOR_REQUEST}.
 *
 * @param audit how a write is recorded; null: as {@code kubernetes_request} with its method and path, before
 *     it is sent
 */
public record ConnectorCall(Target target, ConsoleRequest request, Audit audit) {

  /**
   * Whose request it is and for which cluster.
   *
   * @param mayWrite whether the caller's role in the cluster's workspace lets them change the cluster's objects
   *     (a manager or admin, a full token), as the API's authorizer decided it
   */
  public record Target(UUID clusterId, UUID workspaceId, Actor actor, boolean mayWrite) {

    /** The caller of an API request on {@code /clusters/{id}/...}, whose route authorized it to read at least. */
    public static Target of(final ApiRequest request) {
      return new Target(request.pathId("id"), request.scope().workspaceId(), Actor.of(request),
          Authorizer.allows(request.caller(), Access.WRITE, request.scope()));
    }

    JsonObject toJson() {
      final Actor actor = this.actor;
      return new JsonObject().put("cluster_id", clusterId.toString())
          .put("workspace_id", workspaceId == null ? null : workspaceId.toString())
          .put("actor", new JsonObject().put("type", actor.type())
              .put("id", actor.id() == null ? null : actor.id().toString()).put("name", actor.name())
              .put("remote_address", actor.remoteAddress()).put("request_id", actor.requestId()))
          .put("may_write", mayWrite);
    }

    static Target fromJson(final JsonObject json) {
      final JsonObject actor = json.getJsonObject("actor");
      return new Target(UUID.fromString(json.getString("cluster_id")), uuid(json.getString("workspace_id")),
          new Actor(actor.getString("type"), uuid(actor.getString("id")), actor.getString("name"),
              actor.getString("remote_address"), actor.getString("request_id")),
          json.getBoolean("may_write", false));
    }
  }

  /**
   * A write recorded in one transaction with it, kept only when the cluster accepted it (a 2xx answer):
   * a write the cluster refused leaves no record.
   */
  public record Audit(String action, JsonObject changes) {
  }

  /** Whether the request changes something in the cluster (everything but reads). */
  public boolean write() {
    return !"GET".equals(request.method()) && !"HEAD".equals(request.method());
  }

  public JsonObject toJson() {
    return new JsonObject().put("target", target.toJson()).put("request", new JsonObject(Frames.encode(request)))
        .put("audit", audit == null ? null
            : new JsonObject().put("action", audit.action()).put("changes", audit.changes()));
  }

  public static ConnectorCall fromJson(final JsonObject json) {
    final JsonObject audit = json.getJsonObject("audit");
    return new ConnectorCall(Target.fromJson(json.getJsonObject("target")),
        (ConsoleRequest) Frames.decode(json.getJsonObject("request").encode(), Integer.MAX_VALUE),
        audit == null ? null : new Audit(audit.getString("action"), audit.getJsonObject("changes")));
  }

  private static UUID uuid(final String text) {
    return text == null ? null : UUID.fromString(text);
  }
}
