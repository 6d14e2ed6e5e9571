package io.commander.server.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Encrypts and decrypts column values with AES-256-GCM under a {@link Keyring}. Stored values are
 * text: {@code <format>.<key id>.<base64url(nonce || ciphertext || tag)>}, without padding.
 *
 * <ul>
 *   <li>{@value #RANDOM_FORMAT}: a random 12-byte nonce under the primary data key; equal
 *       plaintexts give different values.</li>
 *   <li>{@value #DETERMINISTIC_FORMAT}: the nonce is the first 12 bytes of
 *       HMAC-SHA256(context || 0 || plaintext) under the deterministic key, so equal plaintexts in
 *       one context give equal values and can be looked up with {@code =}. It reveals which rows
 *       hold equal values: use it only where that lookup is needed.</li>
 * </ul>
 *
 * <p>The context (e.g. {@code registries.auth}) and the format and key id are the GCM associated
 * data: a value copied to another column, or relabelled with another key id, does not decrypt.
 * Values are short, so every call is cheap enough for an event loop. Thread-safe: each thread keeps
 * its own {@code Cipher} and {@code Mac} (looking them up costs more than using them), except to
 * encrypt deterministically: GCM refuses a cipher the same key and nonce twice in a row, which equal
 * values are.
 */
public final class Encryptor {

  /** Format marker of values encrypted with a random nonce. */
  public static final String RANDOM_FORMAT = "v1";
  /** Format marker of deterministically encrypted values. */
  public static final String DETERMINISTIC_FORMAT = "d1";

  private static final String CIPHER = "AES/GCM/NoPadding";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(Encryptor::newCipher);

  private final Keyring keyring;
  private final ThreadLocal<Mac> nonceMacs;

  public Encryptor(final Keyring keyring) {
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.nonceMacs = ThreadLocal.withInitial(() -> {
      try {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(keyring.deterministicNonceKey());
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
      }
    });
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance(CIPHER);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
    }
  }

  public Keyring keyring() {
    return keyring;
  }

  /**
   * Encrypts under the primary data key with a random nonce.
   *
   * @param context what the value is, e.g. {@code registries.auth}; needed again to decrypt
   * @param plaintext the value
   * @return the stored text, {@code v1.<primary key id>.<data>}
   */
  public String encrypt(final String context, final String plaintext) {
    final byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    return seal(CIPHERS.get(), RANDOM_FORMAT, keyring.primaryKeyId(), keyring.dataKey(keyring.primaryKeyId()), nonce,
        context, plaintext);
  }

  /**
   * Encrypts under the deterministic key: the same context and plaintext always give the same text,
   * so a column of such values can be searched by encrypting the value looked for.
   *
   * @return the stored text, {@code d1.<deterministic key id>.<data>}
   */
  public String encryptDeterministic(final String context, final String plaintext) {
    final byte[] nonce = syntheticNonce(context, plaintext);
    return seal(newCipher(), DETERMINISTIC_FORMAT, keyring.deterministicKeyId(), keyring.deterministicEncryptionKey(),
        nonce, context, plaintext);
  }

  /**
   * Decrypts a value of either format.
   *
   * @param context the context it was encrypted with
   * @param stored the stored text
   * @return the plaintext
   * @throws DecryptionException if the value is malformed, names a key id this keyring does not
   *     have, or does not authenticate (wrong key, wrong context, altered)
   */
  public String decrypt(final String context, final String stored) {
    final String[] parts = split(context, stored);
    final String format = parts[0];
    final String keyId = parts[1];
    final SecretKey key = format.equals(RANDOM_FORMAT) ? keyring.dataKey(keyId)
        : keyId.equals(keyring.deterministicKeyId()) ? keyring.deterministicEncryptionKey() : null;
    if (key == null) {
      throw new DecryptionException(DecryptionException.Reason.UNKNOWN_KEY, context, keyId);
    }
    final byte[] sealed;
    try {
      sealed = DECODER.decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new DecryptionException(DecryptionException.Reason.MALFORMED, context, "");
    }
    if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new DecryptionException(DecryptionException.Reason.MALFORMED, context, "");
    }
    try {
      final Cipher cipher = CIPHERS.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(format, keyId, context));
      final byte[] plain = cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new DecryptionException(DecryptionException.Reason.NOT_AUTHENTIC, context, keyId);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
    }
  }

  /**
   * The key id a stored value names, without decrypting it.
   *
   * @throws DecryptionException ({@link DecryptionException.Reason#MALFORMED}) if the text is not a
   *     stored value
   */
  public static String keyIdOf(final String stored) {
    return split("a stored value", stored)[1];
  }

  private static String[] split(final String context, final String stored) {
    Objects.requireNonNull(context, "context");
    final String[] parts = stored == null ? new String[0] : stored.split("\\.", 3);
    if (parts.length != 3 || !(parts[0].equals(RANDOM_FORMAT) || parts[0].equals(DETERMINISTIC_FORMAT))
        || !Keyring.KEY_ID.matcher(parts[1]).matches()) {
      throw new DecryptionException(DecryptionException.Reason.MALFORMED, context, "");
    }
    return parts;
  }

  private static String seal(final Cipher cipher, final String format, final String keyId, final SecretKey key,
                             final byte[] nonce, final String context, final String plaintext) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(plaintext, "plaintext");
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(format, keyId, context));
      final byte[] encrypted = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      final byte[] sealed = ByteBuffer.allocate(nonce.length + encrypted.length).put(nonce).put(encrypted).array();
      return format + "." + keyId + "." + ENCODER.encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable: " + e.getMessage(), e);
    }
  }

  private byte[] syntheticNonce(final String context, final String plaintext) {
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(plaintext, "plaintext");
    // doFinal leaves the Mac ready for the next value under the same key.
    final Mac mac = nonceMacs.get();
    mac.update(context.getBytes(StandardCharsets.UTF_8));
    mac.update((byte) 0);
    return Arrays.copyOf(mac.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)), NONCE_BYTES);
  }

  private static byte[] associatedData(final String format, final String keyId, final String context) {
    return (format + "." + keyId + "." + context).getBytes(StandardCharsets.UTF_8);
  }
}
