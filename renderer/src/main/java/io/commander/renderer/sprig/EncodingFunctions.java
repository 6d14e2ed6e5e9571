package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.INT;
import static io.commander.renderer.gotemplate.GoType.STRING;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import java.util.zip.Adler32;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * sprig's encodings, hashes and random strings: {@code b64enc}/{@code b64dec} and
 * {@code b32enc}/{@code b32dec} (decoding errors are returned as the result text, as sprig does, with
 * Go's byte offsets), {@code sha1sum}, {@code sha256sum}, {@code adler32sum}, {@code uuidv4} and the
 * {@code rand*} strings (whose content only has a shape to check).
 */
final class EncodingFunctions {

  private static final String BASE32_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  private static final String BASE64_ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

  private EncodingFunctions() {
  }

  /** The functions that draw random values: built per render when a render brings its own source. */
  static void registerRandom(final FunctionTable t, final Random random) {
    t.fixed("uuidv4", a -> uuid(random))
        .fixed("randAlphaNum", a -> randomString(random, StringFunctions.num(a[0]), true, true), INT)
        .fixed("randAlpha", a -> randomString(random, StringFunctions.num(a[0]), true, false), INT)
        .fixed("randNumeric", a -> randomString(random, StringFunctions.num(a[0]), false, true), INT)
        .fixed("randAscii", a -> randomAscii(random, StringFunctions.num(a[0])), INT)
        .fixed("randBytes", a -> randBytes(random, StringFunctions.num(a[0])), INT)
        .fixed("shuffle", a -> shuffle(random, StringFunctions.str(a[0])), STRING)
        .fixed("encryptAES", a -> encryptAes(random, StringFunctions.str(a[0]), StringFunctions.str(a[1])),
            STRING, STRING);
  }

  static void register(final FunctionTable t) {
    t.fixed("b64enc", a -> Base64.getEncoder().encodeToString(bytes(a[0])), STRING)
        .fixed("b64dec", a -> base64Decode(bytes(a[0])), STRING)
        .fixed("b32enc", a -> base32Encode(bytes(a[0])), STRING)
        .fixed("b32dec", a -> base32Decode(bytes(a[0])), STRING)
        .fixed("sha1sum", a -> hex("SHA-1", bytes(a[0])), STRING)
        .fixed("sha256sum", a -> hex("SHA-256", bytes(a[0])), STRING)
        .fixed("adler32sum", a -> adler32(bytes(a[0])), STRING)
        .fixed("decryptAES", a -> decryptAes(StringFunctions.str(a[0]), StringFunctions.str(a[1])), STRING, STRING);
  }

  private static byte[] bytes(final Object s) {
    return GoText.utf8((String) s);
  }

  private static String text(final byte[] b, final int length) {
    return GoText.string(b, 0, length);
  }

  /** {@code base64.StdEncoding.DecodeString}; on error, Go's error text (as sprig's {@code b64dec} gives it). */
  static String base64Decode(final byte[] src) {
    try {
      final byte[] b = base64DecodeBytes(src);
      return text(b, b.length);
    } catch (final FunctionException e) {
      return e.getMessage();
    }
  }

  /** {@code base64.StdEncoding.DecodeString}, Go's decoder step by step (newlines skipped, strict padding). */
  static byte[] base64DecodeBytes(final byte[] src) throws FunctionException {
    final byte[] dst = new byte[src.length];
    int n = 0;
    int si = 0;
    while (si < src.length) {
      final int[] dbuf = new int[4];
      int dlen = 4;
      String error = null;
      for (int j = 0; j < 4; j++) {
        if (si == src.length) {
          if (j == 0) {
            return Arrays.copyOf(dst, n);
          }
          throw corrupt(si - j);
        }
        final int in = src[si] & 0xFF;
        si++;
        final int out = in < 0x80 ? BASE64_ALPHABET.indexOf(in) : -1;
        if (out >= 0) {
          dbuf[j] = out;
          continue;
        }
        if (in == '\n' || in == '\r') {
          j--;
          continue;
        }
        if (in != '=' || j == 0 || j == 1) {
          throw corrupt(si - 1);
        }
        if (j == 2) {
          while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
            si++;
          }
          if (si == src.length) {
            throw corrupt(src.length);
          }
          if (src[si] != '=') {
            throw corrupt(si - 1);
          }
          si++;
        }
        while (si < src.length && (src[si] == '\n' || src[si] == '\r')) {
          si++;
        }
        if (si < src.length) {
          error = "trailing garbage";
        }
        dlen = j;
        break;
      }
      final int val = dbuf[0] << 18 | dbuf[1] << 12 | dbuf[2] << 6 | dbuf[3];
      final byte[] three = {(byte) (val >> 16), (byte) (val >> 8), (byte) val};
      System.arraycopy(three, 0, dst, n, dlen - 1);
      n += dlen - 1;
      if (error != null) {
        throw corrupt(si);
      }
    }
    return Arrays.copyOf(dst, n);
  }

  private static FunctionException corrupt(final long offset) {
    return new FunctionException("illegal base64 data at input byte " + offset);
  }

  /** {@code base32.StdEncoding.EncodeToString}. */
  static String base32Encode(final byte[] src) {
    final StringBuilder out = new StringBuilder((src.length + 4) / 5 * 8);
    for (int i = 0; i < src.length; i += 5) {
      final int n = Math.min(5, src.length - i);
      long block = 0;
      for (int k = 0; k < 5; k++) {
        block = block << 8 | (k < n ? src[i + k] & 0xFF : 0);
      }
      final int chars = (n * 8 + 4) / 5;
      for (int k = 0; k < 8; k++) {
        out.append(k < chars ? BASE32_ALPHABET.charAt((int) (block >>> (35 - 5 * k)) & 0x1F) : '=');
      }
    }
    return out.toString();
  }

  /** {@code base32.StdEncoding.DecodeString}; on error, Go's error text. */
  static String base32Decode(final byte[] raw) {
    final byte[] buf = new byte[raw.length];
    int l = 0;
    for (final byte b : raw) {
      if (b != '\r' && b != '\n') {
        buf[l++] = b;
      }
    }
    final byte[] src = Arrays.copyOf(buf, l);
    final byte[] dst = new byte[src.length];
    final int olen = src.length;
    int n = 0;
    int pos = 0;
    boolean end = false;
    while (pos < src.length && !end) {
      final int[] dbuf = new int[8];
      int dlen = 8;
      for (int j = 0; j < 8; ) {
        if (pos == src.length) {
          return corrupt32(olen - (src.length - pos) - j);
        }
        final int in = src[pos] & 0xFF;
        pos++;
        final int remaining = src.length - pos;
        if (in == '=' && j >= 2 && remaining < 8) {
          if (remaining + j < 8 - 1) {
            return corrupt32(olen);
          }
          for (int k = 0; k < 8 - 1 - j; k++) {
            if (remaining > k && src[pos + k] != '=') {
              return corrupt32(olen - remaining + k - 1);
            }
          }
          dlen = j;
          end = true;
          if (dlen == 1 || dlen == 3 || dlen == 6) {
            return corrupt32(olen - remaining - 1);
          }
          break;
        }
        final int v = in < 0x80 ? BASE32_ALPHABET.indexOf(in) : -1;
        if (v < 0) {
          return corrupt32(olen - remaining - 1);
        }
        dbuf[j] = v;
        j++;
      }
      final byte[] out = {
          (byte) (dbuf[0] << 3 | dbuf[1] >> 2),
          (byte) (dbuf[1] << 6 | dbuf[2] << 1 | dbuf[3] >> 4),
          (byte) (dbuf[3] << 4 | dbuf[4] >> 1),
          (byte) (dbuf[4] << 7 | dbuf[5] << 2 | dbuf[6] >> 3),
          (byte) (dbuf[6] << 5 | dbuf[7])};
      final int bytes = switch (dlen) {
        case 8 -> 5;
        case 7 -> 4;
        case 5 -> 3;
        case 4 -> 2;
        case 2 -> 1;
        default -> 0;
      };
      System.arraycopy(out, 0, dst, n, bytes);
      n += bytes;
    }
    return text(dst, n);
  }

  private static String corrupt32(final long offset) {
    return "illegal base32 data at input byte " + offset;
  }

  private static String hex(final String algorithm, final byte[] input) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(input));
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is a standard JDK algorithm", e);
    }
  }

  private static String adler32(final byte[] input) {
    final Adler32 a = new Adler32();
    a.update(input);
    return Long.toString(a.getValue());
  }

  /** {@code uuid.New().String()}: a random (version 4, RFC 4122 variant) UUID. */
  static String uuid(final Random random) {
    final byte[] b = new byte[16];
    random.nextBytes(b);
    b[6] = (byte) (b[6] & 0x0F | 0x40);
    b[8] = (byte) (b[8] & 0x3F | 0x80);
    final String h = HexFormat.of().formatHex(b);
    return h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-" + h.substring(16, 20) + "-"
        + h.substring(20);
  }

  /** {@code goutils.CryptoRandom} over the printable ASCII range, keeping letters and/or digits. */
  static String randomString(final Random random, final long count, final boolean letters, final boolean numbers) {
    if (count <= 0) {
      return "";
    }
    final StringBuilder b = new StringBuilder((int) count);
    while (b.length() < count) {
      final char ch = (char) (' ' + random.nextInt('z' + 1 - ' '));
      if (letters && Character.isLetter(ch) || numbers && Character.isDigit(ch)) {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /** {@code goutils.CryptoRandomAscii}: characters from space to tilde. */
  static String randomAscii(final Random random, final long count) {
    if (count <= 0) {
      return "";
    }
    final StringBuilder b = new StringBuilder((int) count);
    while (b.length() < count) {
      b.append((char) (' ' + random.nextInt(127 - ' ')));
    }
    return b.toString();
  }

  private static String randBytes(final Random random, final long count) throws FunctionException {
    if (count < 0) {
      throw new FunctionException("runtime error: makeslice: len out of range");
    }
    final byte[] b = new byte[(int) count];
    random.nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }

  /** The AES-256 key sprig makes of a password: its bytes, cut or zero-padded to 32. */
  private static SecretKeySpec aesKey(final String password) {
    return new SecretKeySpec(Arrays.copyOf(bytes(password), 32), "AES");
  }

  /** sprig's {@code encryptAES}: AES-256-CBC, PKCS#7 padding, a random IV in front, base64. */
  static String encryptAes(final Random random, final String password, final String plaintext)
      throws GeneralSecurityException {
    if (plaintext.isEmpty()) {
      return "";
    }
    final byte[] content = bytes(plaintext);
    final int padding = 16 - content.length % 16;
    final byte[] padded = Arrays.copyOf(content, content.length + padding);
    Arrays.fill(padded, content.length, padded.length, (byte) padding);
    final byte[] iv = new byte[16];
    random.nextBytes(iv);
    final Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
    cipher.init(Cipher.ENCRYPT_MODE, aesKey(password), new IvParameterSpec(iv));
    final byte[] out = Arrays.copyOf(iv, 16 + padded.length);
    System.arraycopy(cipher.doFinal(padded), 0, out, 16, padded.length);
    return Base64.getEncoder().encodeToString(out);
  }

  /** sprig's {@code decryptAES}, with the panics Go raises on malformed input. */
  static String decryptAes(final String password, final String crypt64) throws Exception {
    if (crypt64.isEmpty()) {
      return "";
    }
    final byte[] crypt = base64DecodeBytes(bytes(crypt64));
    if (crypt.length < 16) {
      final int capacity = bytes(crypt64).length / 4 * 3;
      throw new FunctionException(capacity < 16
          ? "runtime error: slice bounds out of range [:16] with capacity " + capacity
          : "runtime error: slice bounds out of range [16:" + crypt.length + "]");
    }
    final int length = crypt.length - 16;
    if (length % 16 != 0) {
      throw new FunctionException("crypto/cipher: input not full blocks");
    }
    if (length == 0) {
      throw new FunctionException("runtime error: index out of range [-1]");
    }
    final Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, aesKey(password),
        new IvParameterSpec(crypt, 0, 16));
    final byte[] decrypted = cipher.doFinal(crypt, 16, length);
    final int end = decrypted.length - (decrypted[decrypted.length - 1] & 0xFF);
    if (end < 0) {
      throw new FunctionException("runtime error: slice bounds out of range [:" + end + "]");
    }
    return GoText.string(decrypted, 0, end);
  }

  /** {@code xstrings.Shuffle}: the runes in a random order. */
  private static String shuffle(final Random random, final String s) {
    final int[] runes = s.codePoints().toArray();
    for (int i = runes.length - 1; i > 0; i--) {
      final int j = random.nextInt(i + 1);
      final int tmp = runes[i];
      runes[i] = runes[j];
      runes[j] = tmp;
    }
    return new String(runes, 0, runes.length);
  }
}
