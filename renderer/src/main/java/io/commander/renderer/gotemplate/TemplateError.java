package io.commander.renderer.gotemplate;

/**
 * A parse or execution failure inside the engine, carrying Go's complete message. It unwinds the
 * parser or executor and becomes a {@link TemplateException} at the public boundary.
 */
final class TemplateError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TemplateError(final String message) {
    super(message, null, false, false);
  }

  TemplateError(final String message, final Throwable cause) {
    super(message, cause, false, false);
  }
}
