package io.commander.server.rendering;

import io.vertx.core.json.JsonObject;

/** What {@code renderer.validate} checks: a version's content. JSON: {@code {"content": {"params", "sections"}}}. */
public record ValidateRequest(TemplateContent content) {

  public JsonObject toJson() {
    return new JsonObject().put("content", content.toJson());
  }

  public static ValidateRequest fromJson(final JsonObject json) {
    return new ValidateRequest(TemplateContent.fromJson(json.getJsonObject("content")));
  }
}
