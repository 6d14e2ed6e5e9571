package io.commander.server.users;

import java.security.SecureRandom;

/** Generated passwords: 20 characters from an alphabet without look-alikes (about 116 bits). */
final class Passwords {

  private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Passwords() {
  }

  static String generate() {
    final StringBuilder out = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      out.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return out.toString();
  }
}
