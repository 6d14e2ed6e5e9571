package io.commander.server.crypto;

/**
 * The keys of this process are not the ones the database was written with; the message says so
 * and what to do, in one line. Start-up must stop on it.
 */
public final class KeyMismatchException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String detail;

  KeyMismatchException(final String message, final Throwable cause) {
    this(message, message, cause);
  }

  KeyMismatchException(final String message, final String detail, final Throwable cause) {
    super(message, cause);
    this.detail = detail;
  }

  /** What did not match, without advice: e.g. {@code value encrypted under key k1, which does not decrypt it}. */
  public String detail() {
    return detail;
  }
}
