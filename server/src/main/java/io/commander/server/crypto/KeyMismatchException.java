package io.commander.server.crypto;

/**
 * The keys of this process are not the ones the database was written with; the message says so
 * and what to do, in one line. Start-up must stop on it.
 */
public final class KeyMismatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  KeyMismatchException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
