package io.commander.server.rendering;

import io.commander.renderer.cluster.ClusterRenderer;
import io.commander.renderer.cluster.RenderProblem;
import io.commander.renderer.gotemplate.RenderBudget;
import io.commander.renderer.gotemplate.RenderLimits;
import io.commander.renderer.params.ParamSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;

/**
 * The renderer role's work, without the bus: renders a version with values, and checks a version's
 * content before it is saved. Pure: the same request gives the same reply.
 */
public final class Renderer {

  private final RenderLimits limits;
  private final ClusterRenderer renderer;

  /** A renderer whose renders stay within {@code limits}. */
  public Renderer(final RenderLimits limits) {
    this.limits = limits;
    this.renderer = new ClusterRenderer(limits);
  }

  public RenderReply render(final RenderRequest request) {
    return render(request, budget(limits.timeout()));
  }

  /** A budget for one render: the limits, with no more time than {@code timeLeft}, for its caller waits no longer. */
  public RenderBudget budget(final Duration timeLeft) {
    return RenderBudget.start(timeLeft.compareTo(limits.timeout()) < 0 ? limits.withTimeout(timeLeft) : limits);
  }

  /** Renders within {@code budget}, which its holder may cancel. */
  public RenderReply render(final RenderRequest request, final RenderBudget budget) {
    final TemplateContent content = request.content().normalized();
    final ParamSchema.Parsed schema = content.schema();
    if (schema.schema().isEmpty()) {
      // Saved versions always parse; an unsaved body may not, and its preview still says why.
      return new RenderReply(Map.of(), schema.problems().stream()
          .map(p -> new RenderProblem(RenderProblem.Kind.VALUES, "params", -1, 0, 0, p.toString())).toList());
    }
    final ClusterRenderer.Result result = renderer.render(content.toSections(), schema.schema().get(),
        plain(request.values()), plain(request.builtIns()), Clock.fixed(request.clock(), ZoneOffset.UTC),
        request.seed(), budget);
    return new RenderReply(result.rendered(), result.problems());
  }

  /** Values as the template engine reads them: maps and lists all the way down, not Vert.x's JSON wrappers. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> plain(final JsonObject json) {
    return (Map<String, Object>) plainValue(json);
  }

  private static Object plainValue(final Object value) {
    if (value instanceof JsonObject o) {
      final Map<String, Object> out = new LinkedHashMap<>();
      o.forEach(e -> out.put(e.getKey(), plainValue(e.getValue())));
      return out;
    }
    if (value instanceof JsonArray a) {
      final List<Object> out = new ArrayList<>();
      a.forEach(v -> out.add(plainValue(v)));
      return out;
    }
    return value;
  }

  public ValidateReply validate(final ValidateRequest request) {
    final TemplateContent content = request.content().normalized();
    final List<ValidateReply.Problem> problems = new ArrayList<>();
    content.structureProblems().forEach(e -> problems.add(new ValidateReply.Problem(e.field(), e.message())));
    if (problems.isEmpty()) {
      for (RenderProblem p : renderer.parse(content.toSections())) {
        problems.add(new ValidateReply.Problem(pointer(content.sections(), p.section()), p.toString()));
      }
    }
    return new ValidateReply(problems);
  }

  /** {@code resources/<name>} is the pointer of that tab's template. */
  private static String pointer(final JsonObject sections, final String section) {
    if (section.startsWith("resources/")) {
      final JsonArray tabs = sections.getJsonArray("resources");
      for (int i = 0; i < tabs.size(); i++) {
        if (section.equals("resources/" + tabs.getJsonObject(i).getString("name"))) {
          return "/sections/resources/" + i + "/template";
        }
      }
    }
    return "/sections/" + section;
  }
}
