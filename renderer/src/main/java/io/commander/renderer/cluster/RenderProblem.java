package io.commander.renderer.cluster;

/**
 * Something wrong with a render, located as precisely as it can be: what kind of problem, the
 * section (or {@code values}), the document within it (0-based, -1 when not about one document),
 * the line and column (1-based, 0 when unknown), and a message a template author understands.
 */
public record RenderProblem(Kind kind, String section, int document, int line, int column, String message) {

  /** What went wrong; its {@link #code()} is stable, for clients to act on. */
  public enum Kind {
    /** An input value breaks the template's parameter schema. */
    VALUES("invalid_value"),
    /** The template does not parse or fails while executing. */
    TEMPLATE("template_error"),
    /** The render passed one of its limits (steps, time, output, a value's size); the message names it. */
    LIMIT("render_limit_exceeded"),
    /** A required section is empty. */
    SECTION("missing_section"),
    /** The rendered text is not YAML. */
    YAML("invalid_yaml"),
    /** A document is not a mapping with apiVersion and kind. */
    DOCUMENT("invalid_document"),
    /** A document of a known kind breaks that kind's schema. */
    SCHEMA("schema_violation");

    private final String code;

    Kind(final String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  @Override
  public String toString() {
    final StringBuilder out = new StringBuilder(section);
    if (document >= 0) {
      out.append(" document ").append(document + 1);
    }
    if (line > 0) {
      out.append(" line ").append(line);
      if (column > 0) {
        out.append(" column ").append(column);
      }
    }
    return out.append(": ").append(message).toString();
  }
}
