package io.commander.server.tokens;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Token secrets: {@code cmdr_} and 40 random base-62 characters (about 238 bits). Only their
 * SHA-256 is stored; with that much entropy a plain hash cannot be reversed by guessing, and it
 * does not depend on the encryption keys, so rotating keys never invalidates tokens.
 */
public final class TokenSecrets {

  public static final String PREFIX = "cmdr_";
  private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SHOWN = 12;

  private TokenSecrets() {
  }

  public static String generate() {
    final StringBuilder out = new StringBuilder(PREFIX);
    for (int i = 0; i < 40; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }

  public static String hash(final String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** The part of a secret that lists show, so a person can tell their tokens apart. */
  public static String shown(final String secret) {
    return secret.substring(0, Math.min(SHOWN, secret.length()));
  }
}
