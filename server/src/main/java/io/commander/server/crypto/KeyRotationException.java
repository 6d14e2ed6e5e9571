package io.commander.server.crypto;

/**
 * Re-encryption stopped at a value that does not decrypt with any key of the keyring. Batches
 * before it are committed (their values are under the new key); the failed batch is not.
 */
public final class KeyRotationException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  KeyRotationException(final String message, final Throwable cause) {
    super(message, cause);
  }
}
