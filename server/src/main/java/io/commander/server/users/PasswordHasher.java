package io.commander.server.users;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * PBKDF2-HMAC-SHA256 password hashes with a random 16-byte salt per password, stored as
 * {@code pbkdf2-sha256$<iterations>$<salt>$<hash>} so the work factor can grow without breaking
 * existing hashes. Deliberately slow: call it from a worker, never an event loop.
 */
public final class PasswordHasher {

  private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  private static final String PREFIX = "pbkdf2-sha256";
  private static final int KEY_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;

  public PasswordHasher(final int iterations) {
    this.iterations = iterations;
  }

  /** A new hash of the password with a fresh salt. */
  public String hash(final String password) {
    final byte[] salt = new byte[16];
    RANDOM.nextBytes(salt);
    final Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
    return PREFIX + "$" + iterations + "$" + b64.encodeToString(salt) + "$"
        + b64.encodeToString(derive(password, salt, iterations));
  }

  /** Whether the password matches the stored hash; false for anything malformed. */
  public boolean verify(final String password, final String stored) {
    final String[] parts = stored == null ? new String[0] : stored.split("\\$");
    if (parts.length != 4 || !parts[0].equals(PREFIX)) {
      return false;
    }
    try {
      final int rounds = Integer.parseInt(parts[1]);
      final byte[] salt = Base64.getDecoder().decode(parts[2]);
      final byte[] expected = Base64.getDecoder().decode(parts[3]);
      return MessageDigest.isEqual(expected, derive(password, salt, rounds));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Spends the time of one verification, so unknown accounts answer as slowly as known ones. */
  public void burn(final String password) {
    derive(password, new byte[16], iterations);
  }

  private static byte[] derive(final String password, final byte[] salt, final int rounds) {
    final PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, rounds, KEY_BITS);
    try {
      return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2 is not available in this JVM", e);
    } finally {
      spec.clearPassword();
    }
  }
}
