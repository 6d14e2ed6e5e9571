package io.commander.server.templates;

import io.commander.renderer.cli.RenderFunctions;
import io.commander.renderer.cluster.Sections;
import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.TemplateException;
import io.commander.renderer.gotemplate.TemplateFunction;
import io.commander.renderer.params.ParamSchema;
import io.commander.server.api.ApiException;
import io.commander.server.api.ParamErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The content of a template version as the API carries it (a params list and a sections object)
 * and as the renderer reads it. Checks it before it is saved: the schema must parse and every
 * section must be a template Go would parse.
 */
record TemplateContent(JsonArray params, JsonObject sections) {

  static final List<String> TEXT_SECTIONS = List.of("kubernetes", "placement", "ssh", "installation",
      "primary_resources");

  /** The same content with every section present and every tab's mode spelled out. */
  TemplateContent normalized() {
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

  ParamSchema schema() {
    final ParamSchema.Parsed parsed = ParamSchema.parse(params.getList());
    if (parsed.schema().isEmpty()) {
      throw ParamErrors.invalid(parsed.problems(), "/params");
    }
    return parsed.schema().get();
  }

  /** Every section parses as Go parses it, with the functions renders have; 400 naming each that does not. */
  void checkParses() {
    final Map<String, TemplateFunction> functions = RenderFunctions.all();
    final List<ApiException.FieldError> errors = new ArrayList<>();
    TEXT_SECTIONS.forEach(key -> checkParses(key, sections.getString(key), "/sections/" + key, functions, errors));
    final JsonArray resources = sections.getJsonArray("resources", new JsonArray());
    for (int i = 0; i < resources.size(); i++) {
      final JsonObject tab = resources.getJsonObject(i);
      checkParses("resources/" + tab.getString("name"), tab.getString("template"),
          "/sections/resources/" + i + "/template", functions, errors);
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList()),
          errors);
    }
  }

  private static void checkParses(final String name, final String template, final String field,
                                  final Map<String, TemplateFunction> functions,
                                  final List<ApiException.FieldError> errors) {
    if (template == null || template.isBlank()) {
      return;
    }
    try {
      GoTemplate.parse(name, template, functions);
    } catch (TemplateException e) {
      errors.add(new ApiException.FieldError(field, "does not parse: " + e.getMessage()));
    }
  }

  Sections toSections() {
    final List<Sections.ResourceTab> tabs = new ArrayList<>();
    final JsonArray resources = sections.getJsonArray("resources", new JsonArray());
    final java.util.Set<String> names = new java.util.HashSet<>();
    for (int i = 0; i < resources.size(); i++) {
      final JsonObject tab = resources.getJsonObject(i);
      if (!names.add(tab.getString("name"))) {
        throw ApiException.invalidField("/sections/resources/" + i + "/name", "another tab has this name");
      }
      tabs.add(new Sections.ResourceTab(tab.getString("name"),
          "create-once".equals(tab.getString("mode")) ? Sections.Mode.CREATE_ONCE : Sections.Mode.ENFORCED,
          tab.getString("template", "")));
    }
    return new Sections(sections.getString("kubernetes", ""), sections.getString("placement", ""),
        sections.getString("ssh", ""), sections.getString("installation", ""),
        sections.getString("primary_resources", ""), tabs);
  }
}
