package io.commander.server.crypto;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM text of EC keys: {@code PRIVATE KEY} (PKCS#8) and {@code PUBLIC KEY} (SPKI), as JWT libraries read them. */
final class Pem {

  static final String PRIVATE_KEY = "PRIVATE KEY";
  static final String PUBLIC_KEY = "PUBLIC KEY";

  private Pem() {
  }

  static String encode(final String type, final byte[] der) {
    return "-----BEGIN " + type + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /**
   * The DER bytes of a PEM block of the given type.
   *
   * @throws IllegalArgumentException if the text is not one such block
   */
  static byte[] decode(final String type, final String pem) {
    // Variables and secrets managers sometimes carry line breaks as the two characters \n.
    final String text = pem.replace("\\n", "\n").strip();
    final String begin = "-----BEGIN " + type + "-----";
    final String end = "-----END " + type + "-----";
    if (!text.startsWith(begin) || !text.endsWith(end)) {
      throw new IllegalArgumentException("is not a PEM block '" + begin + "' ... '" + end + "'");
    }
    try {
      return Base64.getMimeDecoder().decode(text.substring(begin.length(), text.length() - end.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not valid PEM: " + e.getMessage(), e);
    }
  }

  static PrivateKey ecPrivateKey(final String pem) {
    try {
      return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(decode(PRIVATE_KEY, pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a PKCS#8 EC private key: " + e.getMessage(), e);
    }
  }

  static PublicKey ecPublicKey(final String pem) {
    try {
      return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(decode(PUBLIC_KEY, pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not an EC public key: " + e.getMessage(), e);
    }
  }
}
