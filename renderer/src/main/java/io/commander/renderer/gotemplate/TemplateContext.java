package io.commander.renderer.gotemplate;

/**
 * What a function sees of the execution that calls it: the template set, so that functions such
 * as Helm's {@code include} and {@code tpl} can run templates. Valid only during the call.
 */
public interface TemplateContext {

  /** The name of the template whose action calls the function. */
  String templateName();

  /** The template set being executed. */
  GoTemplate template();

  /**
   * Executes the template {@code name} of the set with {@code data} as dot, as a separate
   * execution (its own variables), and returns its output.
   *
   * @throws TemplateException when there is no such template or it fails
   */
  String executeTemplate(String name, Object data) throws TemplateException;

  /**
   * Parses {@code text} as a template named {@code name} that can use every template of the set
   * (its own definitions stay local to this call) and executes it with {@code data} as dot.
   *
   * @throws TemplateException when the text does not parse or its execution fails
   */
  String render(String name, String text, Object data) throws TemplateException;
}
