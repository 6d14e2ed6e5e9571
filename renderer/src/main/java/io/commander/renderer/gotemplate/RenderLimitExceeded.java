package io.commander.renderer.gotemplate;

/**
 * A render passed one of its {@link RenderLimits}. Unchecked, so that it leaves any function
 * (a regular expression's matcher included) at once; the executor words it with the place it
 * was hit and keeps it as the cause of the {@link TemplateException} (see {@link #in}).
 */
public final class RenderLimitExceeded extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String limit;

  RenderLimitExceeded(final String limit, final String message) {
    super("render limit exceeded: " + message + " (" + limit + ")", null, false, false);
    this.limit = limit;
  }

  /** The limit's setting, e.g. {@code renderer.max-steps}. */
  public String limit() {
    return limit;
  }

  /** The limit found in {@code e}'s causes, or null when a limit did not end it. */
  public static RenderLimitExceeded in(final Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RenderLimitExceeded r) {
        return r;
      }
    }
    return null;
  }
}
