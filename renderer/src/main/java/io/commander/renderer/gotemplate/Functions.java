package io.commander.renderer.gotemplate;

import java.util.Map;

/**
 * Function sets beyond Go's built-ins that belong to the engine because they run templates.
 * They are opt-in: pass them to {@link GoTemplate#parse} or {@link GoTemplate.Builder#functions}.
 */
public final class Functions {

  private Functions() {
  }

  /** Helm's {@code include} and {@code tpl}. */
  public static Map<String, TemplateFunction> helm() {
    return Map.of("include", include(), "tpl", tpl());
  }

  /**
   * Helm's {@code include NAME DATA}: executes the template NAME of the set with DATA as dot and
   * returns its output, so that it can be piped ({@code include "x" . | indent 2}). A template
   * including itself more than 1000 levels deep fails, as in Helm.
   */
  public static TemplateFunction include() {
    return TemplateFunction.withContext(Signature.of(GoType.STRING, GoType.ANY), (context, args) -> {
      final String name = (String) args[0];
      if (context instanceof Executor executor) {
        return executor.include(name, args[1]);
      }
      return context.executeTemplate(name, args[1]);
    });
  }

  /**
   * Helm's {@code tpl TEXT DATA}: parses TEXT as a template, which can use every template of the
   * set, and executes it with DATA as dot. The parsed template is named as Helm names it,
   * {@code .Template.Name} of DATA when DATA has one, otherwise the name of the calling template.
   * Failures read {@code error during tpl function execution for "TEXT": <Go's message>}.
   */
  public static TemplateFunction tpl() {
    return TemplateFunction.withContext(Signature.of(GoType.STRING, GoType.ANY), (context, args) -> {
      final String text = (String) args[0];
      final Object data = args[1];
      String name = context.templateName();
      if (data instanceof Map<?, ?> values && values.get("Template") instanceof Map<?, ?> template
          && template.get("Name") instanceof String templateName) {
        name = templateName;
      }
      try {
        return context.render(name, text, data);
      } catch (final TemplateException e) {
        throw new TemplateException("error during tpl function execution for " + GoValues.quote(text) + ": "
            + e.getMessage(), e);
      }
    });
  }
}
