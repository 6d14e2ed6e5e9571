package io.commander.agent;

import io.commander.agent.protocol.Frame.Body;
import io.commander.agent.protocol.Frame.ConsoleResponse;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Kubernetes {@code Status} answers the agent makes itself, for requests it refuses or cannot make. */
public final class KubeStatus {

  /** The reason of a request the agent's allow-list refuses. */
  public static final String FORBIDDEN = "forbidden_by_agent_policy";
  /** The reason of an answer too large for one frame. */
  public static final String TOO_LARGE = "response_too_large";

  private KubeStatus() {
  }

  /** A {@code Status} object of a failure. */
  public static JsonObject status(final int code, final String reason, final String message) {
    return new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
        .put("status", "Failure").put("message", message).put("reason", reason).put("code", code);
  }

  /** The response frame carrying such a {@code Status}. */
  public static ConsoleResponse response(final String streamId, final int code, final String reason,
                                         final String message) {
    return new ConsoleResponse(streamId, code, Map.of("content-type", "application/json"),
        Body.text(status(code, reason, message).encode()));
  }
}
