package io.commander.renderer.cluster;

/**
 * A malformed {@link TemplateDocument}: where, as a path into the JSON ({@code format},
 * {@code sections.resources[2].mode}), and what is wrong there.
 */
public final class TemplateDocumentException extends IllegalArgumentException {

  private final String path;

  public TemplateDocumentException(final String path, final String problem) {
    super(path + ": " + problem);
    this.path = path;
  }

  public String path() {
    return path;
  }
}
