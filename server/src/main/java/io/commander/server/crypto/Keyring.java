package io.commander.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys of one Commander installation; immutable and safe to share between threads.
 *
 * <ul>
 *   <li>data keys (AES-256) by id: the <em>primary</em> one encrypts, the <em>retired</em> ones
 *       only decrypt what was written before a rotation;</li>
 *   <li>the deterministic key (AES-256, its own id), for the few values looked up by equality;</li>
 *   <li>the key-derivation salt, the root of keyed hashes such as {@link #hashToken(String)};</li>
 *   <li>the JWT signing key pair (EC P-256, for ES256) as PEM text.</li>
 * </ul>
 *
 * <p>{@link #toString()} names key ids only, never key material.
 */
public final class Keyring {

  /** Length of every symmetric key and of the salt. */
  public static final int KEY_BYTES = 32;
  /** What a key id looks like: short, lower case, no separator of the stored format. */
  public static final Pattern KEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

  private static final Pattern NUMBERED_ID = Pattern.compile("k(\\d{1,9})");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String HMAC = "HmacSHA256";
  private static final String EC_CURVE = "secp256r1";

  private final String primaryKeyId;
  private final Map<String, SecretKey> dataKeys;
  private final String deterministicKeyId;
  private final SecretKey deterministicKey;
  private final SecretKey deterministicEncryptionKey;
  private final SecretKey deterministicNonceKey;
  private final byte[] keyDerivationSalt;
  private final SecretKey tokenHashKey;
  private final String jwtPrivateKeyPem;
  private final String jwtPublicKeyPem;

  /**
   * A keyring from its parts, checked.
   *
   * @param primaryKeyId the id of the data key that encrypts; must be one of {@code dataKeys}
   * @param dataKeys the primary and the retired data keys by id (32 bytes each)
   * @param deterministicKeyId the id of the deterministic key, distinct from the data key ids
   * @param deterministicKey 32 bytes
   * @param keyDerivationSalt 32 bytes
   * @param jwtPrivateKeyPem the EC P-256 private key, PEM {@code PRIVATE KEY} (PKCS#8)
   * @param jwtPublicKeyPem its public key, PEM {@code PUBLIC KEY}
   * @throws IllegalArgumentException naming the part that is missing or malformed
   */
  Keyring(final String primaryKeyId, final Map<String, byte[]> dataKeys, final String deterministicKeyId,
          final byte[] deterministicKey, final byte[] keyDerivationSalt, final String jwtPrivateKeyPem,
          final String jwtPublicKeyPem) {
    if (!dataKeys.containsKey(primaryKeyId)) {
      throw new IllegalArgumentException("the primary key " + primaryKeyId + " is not among the data keys "
          + dataKeys.keySet());
    }
    final Map<String, SecretKey> keys = new LinkedHashMap<>();
    dataKeys.forEach((id, key) -> keys.put(checkId(id, "data key"), aesKey(key, "data key " + id)));
    checkId(deterministicKeyId, "deterministic key");
    if (keys.containsKey(deterministicKeyId)) {
      throw new IllegalArgumentException("the deterministic key id " + deterministicKeyId + " is also a data key id");
    }
    this.primaryKeyId = primaryKeyId;
    this.dataKeys = Collections.unmodifiableMap(keys);
    this.deterministicKeyId = deterministicKeyId;
    this.deterministicKey = aesKey(deterministicKey, "deterministic key");
    // Separate keys for the synthetic nonce and for the cipher, both derived from the one secret.
    this.deterministicEncryptionKey = derive(deterministicKey, "commander/deterministic/encryption/v1", "AES");
    this.deterministicNonceKey = derive(deterministicKey, "commander/deterministic/nonce/v1", HMAC);
    this.keyDerivationSalt = exactly(keyDerivationSalt, "key-derivation salt").clone();
    this.tokenHashKey = derive(keyDerivationSalt, "commander/token-hash/v1", HMAC);
    checkJwtPair(jwtPrivateKeyPem, jwtPublicKeyPem);
    // Canonical text: the same bytes however the lines were broken where the PEM came from.
    this.jwtPrivateKeyPem = Pem.encode(Pem.PRIVATE_KEY, Pem.decode(Pem.PRIVATE_KEY, jwtPrivateKeyPem));
    this.jwtPublicKeyPem = Pem.encode(Pem.PUBLIC_KEY, Pem.decode(Pem.PUBLIC_KEY, jwtPublicKeyPem));
  }

  /** A new keyring of random keys: primary data key {@code k1}, deterministic key {@code dk1}. */
  public static Keyring generate() {
    final KeyPair jwt = generateJwtKeyPair();
    return new Keyring("k1", Map.of("k1", randomKey()), "dk1", randomKey(), randomKey(),
        Pem.encode(Pem.PRIVATE_KEY, jwt.getPrivate().getEncoded()),
        Pem.encode(Pem.PUBLIC_KEY, jwt.getPublic().getEncoded()));
  }

  /**
   * A copy with a new random primary data key under the next free id ({@code k2} after {@code k1});
   * the current primary key becomes retired and keeps decrypting. Every other key stays.
   */
  public Keyring rotate() {
    int highest = 0;
    for (String id : dataKeys.keySet()) {
      final Matcher numbered = NUMBERED_ID.matcher(id);
      if (numbered.matches()) {
        highest = Math.max(highest, Integer.parseInt(numbered.group(1)));
      }
    }
    final String next = "k" + (highest + 1);
    final Map<String, byte[]> keys = new LinkedHashMap<>(rawDataKeys());
    keys.put(next, randomKey());
    return new Keyring(next, keys, deterministicKeyId, deterministicKey.getEncoded(), keyDerivationSalt,
        jwtPrivateKeyPem, jwtPublicKeyPem);
  }

  /** The id of the data key new values are encrypted under. */
  public String primaryKeyId() {
    return primaryKeyId;
  }

  /** The ids of the data keys that only decrypt, oldest first. */
  public List<String> retiredKeyIds() {
    final List<String> retired = new ArrayList<>(dataKeys.keySet());
    retired.remove(primaryKeyId);
    return List.copyOf(retired);
  }

  /** The id of the deterministic key. */
  public String deterministicKeyId() {
    return deterministicKeyId;
  }

  /** Whether a value stored under this key id (data or deterministic) can be decrypted. */
  public boolean knows(final String keyId) {
    return dataKeys.containsKey(keyId) || deterministicKeyId.equals(keyId);
  }

  /**
   * The keyed hash under which a secret token is stored and looked up: HMAC-SHA256 under a key
   * derived from the key-derivation salt, as 64 lower-case hex characters. Equal tokens give equal
   * hashes; without the keys a leaked hash cannot be checked against guesses.
   */
  public String hashToken(final String token) {
    try {
      final Mac mac = Mac.getInstance(HMAC);
      mac.init(tokenHashKey);
      return HexFormat.of().formatHex(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  /** The JWT signing key (EC P-256), PEM {@code PRIVATE KEY} (PKCS#8), for ES256. */
  public String jwtPrivateKeyPem() {
    return jwtPrivateKeyPem;
  }

  /** The JWT verification key, PEM {@code PUBLIC KEY} (SPKI). */
  public String jwtPublicKeyPem() {
    return jwtPublicKeyPem;
  }

  @Override
  public String toString() {
    return "Keyring[primary=" + primaryKeyId + ", retired=" + retiredKeyIds() + ", deterministic="
        + deterministicKeyId + "]";
  }

  /**
   * Whether another keyring can replace this one in a running process: the same deterministic key,
   * salt and JWT keys, and no key id that means different bytes in the two.
   */
  boolean consistentWith(final Keyring other) {
    for (Map.Entry<String, SecretKey> key : dataKeys.entrySet()) {
      final SecretKey theirs = other.dataKeys.get(key.getKey());
      if (theirs != null && !MessageDigest.isEqual(theirs.getEncoded(), key.getValue().getEncoded())) {
        return false;
      }
    }
    return deterministicKeyId.equals(other.deterministicKeyId)
        && MessageDigest.isEqual(deterministicKey.getEncoded(), other.deterministicKey.getEncoded())
        && MessageDigest.isEqual(keyDerivationSalt, other.keyDerivationSalt)
        && jwtPrivateKeyPem.equals(other.jwtPrivateKeyPem)
        && jwtPublicKeyPem.equals(other.jwtPublicKeyPem);
  }

  /** The data key with this id, or null. */
  SecretKey dataKey(final String keyId) {
    return dataKeys.get(keyId);
  }

  SecretKey deterministicEncryptionKey() {
    return deterministicEncryptionKey;
  }

  SecretKey deterministicNonceKey() {
    return deterministicNonceKey;
  }

  /** Key material for writing the keys file or the variables: primary and retired keys by id. */
  Map<String, byte[]> rawDataKeys() {
    final Map<String, byte[]> raw = new LinkedHashMap<>();
    dataKeys.forEach((id, key) -> raw.put(id, key.getEncoded()));
    return raw;
  }

  byte[] rawDeterministicKey() {
    return deterministicKey.getEncoded();
  }

  byte[] rawKeyDerivationSalt() {
    return keyDerivationSalt.clone();
  }

  /**
   * Decodes a key given as base64 (standard or URL-safe alphabet).
   *
   * @throws IllegalArgumentException saying what is wrong, without the value
   */
  static byte[] decodeKey(final String base64) {
    final String text = base64 == null ? "" : base64.strip();
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException standard) {
      try {
        bytes = Base64.getUrlDecoder().decode(text);
      } catch (IllegalArgumentException urlSafe) {
        throw new IllegalArgumentException("is not base64 (" + KEY_BYTES + " random bytes, e.g. from "
            + "'openssl rand -base64 " + KEY_BYTES + "')");
      }
    }
    if (bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("must be " + KEY_BYTES + " bytes, base64-encoded, not " + bytes.length
          + " bytes (e.g. from 'openssl rand -base64 " + KEY_BYTES + "')");
    }
    return bytes;
  }

  static byte[] randomKey() {
    final byte[] key = new byte[KEY_BYTES];
    RANDOM.nextBytes(key);
    return key;
  }

  private static String checkId(final String id, final String what) {
    if (id == null || !KEY_ID.matcher(id).matches()) {
      throw new IllegalArgumentException("the " + what + " id '" + id + "' is not a key id (" + KEY_ID.pattern() + ")");
    }
    return id;
  }

  private static byte[] exactly(final byte[] bytes, final String what) {
    if (bytes == null || bytes.length != KEY_BYTES) {
      throw new IllegalArgumentException("the " + what + " must be " + KEY_BYTES + " bytes, not "
          + (bytes == null ? 0 : bytes.length));
    }
    return bytes;
  }

  private static SecretKey aesKey(final byte[] bytes, final String what) {
    return new SecretKeySpec(exactly(bytes, what), "AES");
  }

  private static SecretKey derive(final byte[] secret, final String purpose, final String algorithm) {
    try {
      final Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(secret, HMAC));
      return new SecretKeySpec(mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8)), algorithm);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
    }
  }

  private static KeyPair generateJwtKeyPair() {
    try {
      final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec(EC_CURVE), RANDOM);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("EC P-256 key generation is unavailable", e);
    }
  }

  /** Both keys parse, lie on P-256 and belong together (a signature by one verifies with the other). */
  private static void checkJwtPair(final String privatePem, final String publicPem) {
    final PrivateKey privateKey;
    final PublicKey publicKey;
    try {
      privateKey = Pem.ecPrivateKey(privatePem);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("the JWT private key " + (privatePem == null ? "is missing" : e.getMessage()), e);
    }
    try {
      publicKey = Pem.ecPublicKey(publicPem);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("the JWT public key " + (publicPem == null ? "is missing" : e.getMessage()), e);
    }
    try {
      final ECParameterSpec p256 = p256();
      for (ECKey key : List.of((ECKey) privateKey, (ECKey) publicKey)) {
        if (!key.getParams().getOrder().equals(p256.getOrder())
            || !key.getParams().getGenerator().equals(p256.getGenerator())) {
          throw new IllegalArgumentException("the JWT keys must be on curve P-256 (secp256r1), for ES256");
        }
      }
      final byte[] probe = "commander jwt key pair".getBytes(StandardCharsets.UTF_8);
      final Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(privateKey);
      signer.update(probe);
      final byte[] signature = signer.sign();
      final Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(publicKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new IllegalArgumentException("the JWT private and public keys do not belong together");
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("the JWT keys cannot sign and verify: " + e.getMessage(), e);
    }
  }

  private static ECParameterSpec p256() throws GeneralSecurityException {
    final AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
    parameters.init(new ECGenParameterSpec(EC_CURVE));
    return parameters.getParameterSpec(ECParameterSpec.class);
  }
}
