package io.commander.server.crypto;

/**
 * A stored value that cannot be decrypted. The message names the context and the key id, never
 * the value, the plaintext or key material.
 */
public final class DecryptionException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Why a value did not decrypt. */
  public enum Reason {
    /** Not in the stored format at all. */
    MALFORMED,
    /** Written under a key id this keyring does not have. */
    UNKNOWN_KEY,
    /**
     * The authentication tag does not match: another key under the same id, a value moved from
     * another context, or an altered value.
     */
    NOT_AUTHENTIC
  }

  private final Reason reason;
  private final String keyId;

  DecryptionException(final Reason reason, final String context, final String keyId) {
    super(message(reason, context, keyId));
    this.reason = reason;
    this.keyId = keyId;
  }

  public Reason reason() {
    return reason;
  }

  /** The key id the value names; empty when the value is {@link Reason#MALFORMED}. */
  public String keyId() {
    return keyId;
  }

  private static String message(final Reason reason, final String context, final String keyId) {
    return switch (reason) {
      case MALFORMED -> "cannot decrypt a value of " + context + ": it is not an encrypted value ("
          + Encryptor.RANDOM_FORMAT + ".<key id>.<data> or " + Encryptor.DETERMINISTIC_FORMAT + ".<key id>.<data>)";
      case UNKNOWN_KEY -> "cannot decrypt a value of " + context + ": it was encrypted under key " + keyId
          + ", which is unknown to this process";
      case NOT_AUTHENTIC -> "cannot decrypt a value of " + context + " under key " + keyId
          + ": it does not authenticate (a different key under that id, a value of another column, or an altered value)";
    };
  }
}
