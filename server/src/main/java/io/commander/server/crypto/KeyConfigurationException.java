package io.commander.server.crypto;

/**
 * The keys cannot be loaded or saved: variables incomplete or malformed, a keys file unreadable,
 * malformed or unwritable. The message is one line naming the variable or file and what is wrong;
 * it never contains key material.
 */
public final class KeyConfigurationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public KeyConfigurationException(final String message) {
    super(message);
  }

  public KeyConfigurationException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
