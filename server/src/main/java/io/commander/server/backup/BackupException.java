package io.commander.server.backup;

/** A backup or restore that did not happen; the message says why and what to do, in one line. */
public final class BackupException extends RuntimeException {

  /** Exit code: it failed (nothing was written, or the target was left as it was). */
  public static final int EXIT_FAILED = 1;
  /** Exit code: pg_dump or pg_restore of a fitting version is missing (the message names the package). */
  public static final int EXIT_TOOLS = 3;

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  public BackupException(final String message) {
    this(EXIT_FAILED, message);
  }

  public BackupException(final int exitCode, final String message) {
    super(message);
    this.exitCode = exitCode;
  }

  public BackupException(final String message, final Throwable cause) {
    super(message, cause);
    this.exitCode = EXIT_FAILED;
  }

  public int exitCode() {
    return exitCode;
  }
}
