package io.commander.server.rendering;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * What {@code renderer.render} renders: a version's content, the input values (catalog fields
 * already resolved to their records), Commander's {@code dc_*} variables, and the instant and seed
 * sprig's clock and random functions use, so a render repeats byte for byte; and the workspace
 * asking, whose renders share the renderer fairly with other workspaces'; and the id of the API
 * request it answers, if any, whose caller may go away (then the render is abandoned).
 *
 * <p>JSON: {@code {"workspace": "<id>", "content": {"params", "sections"}, "values": {}, "built_ins": {},
 * "clock": "<ISO instant>", "seed": n, "request_id": "<id>" | null}}.
 */
public record RenderRequest(UUID workspace, TemplateContent content, JsonObject values, JsonObject builtIns,
                            Instant clock, long seed, String requestId) {

  public JsonObject toJson() {
    return new JsonObject().put("workspace", workspace.toString()).put("content", content.toJson())
        .put("values", values).put("built_ins", builtIns).put("clock", clock.toString()).put("seed", seed)
        .put("request_id", requestId);
  }

  public static RenderRequest fromJson(final JsonObject json) {
    return new RenderRequest(UUID.fromString(json.getString("workspace")),
        TemplateContent.fromJson(json.getJsonObject("content")), json.getJsonObject("values"),
        json.getJsonObject("built_ins"), Instant.parse(json.getString("clock")), json.getLong("seed"),
        json.getString("request_id"));
  }
}
