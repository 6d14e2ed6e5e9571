package io.commander.server;

/** Commander could not start; the message is one line that says why and what to do. */
public final class StartupException extends RuntimeException {

  public StartupException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
