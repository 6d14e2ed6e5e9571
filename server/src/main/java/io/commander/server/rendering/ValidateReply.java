package io.commander.server.rendering;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Why a version's content cannot be saved (empty when it can): each problem names the place as a
 * JSON pointer into the content ({@code /params/3/type}, {@code /sections/kubernetes}).
 *
 * <p>JSON: {@code {"problems": [{"field", "message"}]}}.
 */
public record ValidateReply(List<Problem> problems) {

  /** One problem: where, and what. */
  public record Problem(String field, String message) {
  }

  public ValidateReply {
    problems = List.copyOf(problems);
  }

  public JsonObject toJson() {
    final JsonArray out = new JsonArray();
    problems.forEach(p -> out.add(new JsonObject().put("field", p.field()).put("message", p.message())));
    return new JsonObject().put("problems", out);
  }

  public static ValidateReply fromJson(final JsonObject json) {
    final List<Problem> problems = new ArrayList<>();
    json.getJsonArray("problems").forEach(o -> problems.add(
        new Problem(((JsonObject) o).getString("field"), ((JsonObject) o).getString("message"))));
    return new ValidateReply(problems);
  }
}
