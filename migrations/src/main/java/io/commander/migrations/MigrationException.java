package io.commander.migrations;

/** The schema could not be brought up to date; the message says why in one line. */
public final class MigrationException extends RuntimeException {

  public MigrationException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
