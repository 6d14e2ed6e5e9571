package io.commander.server.tokens;

import java.security.SecureRandom;

/**
 * Token secrets: {@code cmdr_} and 40 random base-62 characters (about 238 bits). Only a keyed hash
 * of them is stored (HMAC under a key derived from the keys' derivation salt, which rotation never
 * changes), so neither a database dump nor guessing yields a usable token.
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

  /** The part of a secret that lists show, so a person can tell their tokens apart. */
  public static String shown(final String secret) {
    return secret.substring(0, Math.min(SHOWN, secret.length()));
  }
}
