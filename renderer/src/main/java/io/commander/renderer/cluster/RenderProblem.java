package io.commander.renderer.cluster;

/**
 * Something wrong with a render, located as precisely as it can be: the section (or
 * {@code values}), the document within it (0-based, -1 when not about one document), the line and
 * column (1-based, 0 when unknown), and a message a template author understands.
 */
public record RenderProblem(String section, int document, int line, int column, String message) {

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
