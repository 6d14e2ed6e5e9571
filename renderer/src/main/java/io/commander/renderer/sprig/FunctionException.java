package io.commander.renderer.sprig;

/**
 * A sprig function failed: Go's error result or a recovered panic, with Go's message. The engine
 * reports it as {@code error calling NAME: MESSAGE}.
 */
final class FunctionException extends Exception {

  private static final long serialVersionUID = 1L;

  FunctionException(final String message) {
    super(message, null, false, false);
  }
}
