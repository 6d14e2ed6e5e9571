package io.commander.renderer.gotemplate;

/**
 * A template failed to parse or to execute. The message is worded as Go's {@code text/template}
 * words it, with the location, e.g. {@code template: t:1: function "nope" not defined} or
 * {@code template: t:1:5: executing "t" at <index .l 5>: error calling index: index out of range: 5}.
 */
public class TemplateException extends Exception {

  private static final long serialVersionUID = 1L;

  /** A failure with Go's message. */
  public TemplateException(final String message) {
    super(message);
  }

  /** A failure with Go's message, caused by {@code cause} (e.g. a function that threw). */
  public TemplateException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
