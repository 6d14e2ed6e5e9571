package io.commander.server.rendering;

import io.commander.renderer.cluster.Sections;
import io.commander.renderer.params.ParamSchema;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.commander.server.api.ApiException;
import io.commander.server.api.ParamErrors;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/**
 * The content of a template version as the API and the event bus carry it: a params list and a
 * sections object ({@code kubernetes}, {@code placement}, {@code ssh}, {@code installation},
 * {@code primary_resources} texts, and {@code resources}, a list of {@code {name, mode, template}}).
 */
public record TemplateContent(JsonArray params, JsonObject sections) {

  static final List<String> TEXT_SECTIONS = List.of("kubernetes", "placement", "ssh", "installation",
      "primary_resources");

  /** The same content with every section present and every tab's mode spelled out. */
  public TemplateContent normalized() {
    final JsonObject out = new JsonObject();
    TEXT_SECTIONS.forEach(key -> out.put(key, sections.getString(key, "")));
    final JsonArray tabs = new JsonArray();
    sections.getJsonArray("resources", new JsonArray()).forEach(t -> {
      final JsonObject tab = (JsonObject) t;
      tabs.add(new JsonObject().put("name", tab.getString("name")).put("mode", tab.getString("mode", "enforced"))
          .put("template", tab.getString("template", "")));
    });
    out.put("resources", tabs);
    return new TemplateContent(params, out);
  }

  public ParamSchema.Parsed schema() {
    return ParamSchema.parse(params.getList());
  }

  /**
   * What makes the content unreadable, before any template is looked at: a schema that does not
   * parse, tabs sharing a name. Field errors point into the content ({@code /params/3/type}).
   */
  public List<ApiException.FieldError> structureProblems() {
    final List<ApiException.FieldError> problems = new ArrayList<>(ParamErrors.fieldErrors(schema().problems(),
        "/params"));
    final JsonArray tabs = sections.getJsonArray("resources", new JsonArray());
    final Set<String> names = new HashSet<>();
    for (int i = 0; i < tabs.size(); i++) {
      if (!names.add(tabs.getJsonObject(i).getString("name"))) {
        problems.add(new ApiException.FieldError("/sections/resources/" + i + "/name", "another tab has this name"));
      }
    }
    return problems;
  }

  /** The sections as the renderer reads them; tab names are assumed unique (see {@link #structureProblems}). */
  public Sections toSections() {
    final List<Sections.ResourceTab> tabs = new ArrayList<>();
    sections.getJsonArray("resources", new JsonArray()).forEach(t -> {
      final JsonObject tab = (JsonObject) t;
      tabs.add(new Sections.ResourceTab(tab.getString("name"),
          "create-once".equals(tab.getString("mode")) ? Sections.Mode.CREATE_ONCE : Sections.Mode.ENFORCED,
          tab.getString("template", "")));
    });
    return new Sections(sections.getString("kubernetes", ""), sections.getString("placement", ""),
        sections.getString("ssh", ""), sections.getString("installation", ""),
        sections.getString("primary_resources", ""), tabs);
  }

  public JsonObject toJson() {
    return new JsonObject().put("params", params).put("sections", sections);
  }

  public static TemplateContent fromJson(final JsonObject json) {
    return new TemplateContent(json.getJsonArray("params"), json.getJsonObject("sections"));
  }
}
