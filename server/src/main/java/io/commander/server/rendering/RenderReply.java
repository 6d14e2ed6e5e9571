package io.commander.server.rendering;

import io.commander.renderer.cluster.RenderProblem;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a render produced: every section's text (also when invalid) and every problem.
 *
 * <p>JSON, as the API answers it: {@code {"valid", "sections": {key: text}, "errors": [{"code",
 * "section", "document", "line", "column", "message"}]}}, with unknown positions as null.
 */
public record RenderReply(Map<String, String> sections, List<RenderProblem> problems) {

  public RenderReply {
    sections = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sections));
    problems = List.copyOf(problems);
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  public JsonObject toJson() {
    final JsonArray errors = new JsonArray();
    for (RenderProblem p : problems) {
      errors.add(new JsonObject().put("code", p.kind().code()).put("section", p.section())
          .put("document", p.document() < 0 ? null : p.document())
          .put("line", p.line() == 0 ? null : p.line())
          .put("column", p.column() == 0 ? null : p.column())
          .put("message", p.message()));
    }
    return new JsonObject().put("valid", valid()).put("sections", new JsonObject(new LinkedHashMap<>(sections)))
        .put("errors", errors);
  }

  public static RenderReply fromJson(final JsonObject json) {
    final Map<String, String> sections = new LinkedHashMap<>();
    json.getJsonObject("sections").forEach(e -> sections.put(e.getKey(), (String) e.getValue()));
    final List<RenderProblem> problems = new ArrayList<>();
    json.getJsonArray("errors").forEach(o -> {
      final JsonObject e = (JsonObject) o;
      problems.add(new RenderProblem(kind(e.getString("code")), e.getString("section"),
          e.getInteger("document") == null ? -1 : e.getInteger("document"), e.getInteger("line", 0),
          e.getInteger("column", 0), e.getString("message")));
    });
    return new RenderReply(sections, problems);
  }

  private static RenderProblem.Kind kind(final String code) {
    for (RenderProblem.Kind kind : RenderProblem.Kind.values()) {
      if (kind.code().equals(code)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown render problem code " + code);
  }
}
