package io.commander.renderer.gotemplate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Go's {@code strconv} quoting and unquoting of string and rune literals, {@code unicode.IsPrint},
 * and Go's strings as bytes. A Go string that is not UTF-8 carries each stray byte b (0x80 to
 * 0xFF) as the lone surrogate U+DC00 + b, so that it survives in a Java string and converts back
 * to the same bytes.
 */
final class GoStrings {

  private static final String LOWER_HEX = "0123456789abcdef";
  private static final int RAW_BYTE_BASE = 0xDC00;

  private GoStrings() {
  }

  /** Whether {@code c} at {@code i} of {@code s} carries a raw (non-UTF-8) byte. */
  static boolean isRawByte(final CharSequence s, final int i) {
    final char c = s.charAt(i);
    return c >= 0xDC80 && c <= 0xDCFF && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
  }

  /** Go's {@code []byte(s)}. */
  static byte[] toBytes(final String s) {
    boolean simple = true;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        simple = false;
        break;
      }
    }
    if (simple) {
      return s.getBytes(StandardCharsets.ISO_8859_1);
    }
    final ByteArrayOutputStream out = new ByteArrayOutputStream(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c < 0x80) {
        out.write(c);
      } else if (isRawByte(s, i)) {
        out.write(c - RAW_BYTE_BASE);
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        appendUtf8(out, Character.toCodePoint(c, s.charAt(i + 1)));
        i++;
      } else if (Character.isSurrogate(c)) {
        appendUtf8(out, 0xFFFD);
      } else {
        appendUtf8(out, c);
      }
    }
    return out.toByteArray();
  }

  /** Go's {@code string(b[from:to])}: valid UTF-8 decodes, every other byte is carried raw. */
  static String fromBytes(final byte[] b, final int from, final int to) {
    final StringBuilder sb = new StringBuilder(to - from);
    int i = from;
    while (i < to) {
      final int c0 = b[i] & 0xFF;
      if (c0 < 0x80) {
        sb.append((char) c0);
        i++;
        continue;
      }
      final int n = validSequenceLength(b, i, to);
      if (n == 0) {
        sb.append((char) (RAW_BYTE_BASE + c0));
        i++;
        continue;
      }
      int cp = c0 & (n == 2 ? 0x1F : n == 3 ? 0x0F : 0x07);
      for (int k = 1; k < n; k++) {
        cp = (cp << 6) | (b[i + k] & 0x3F);
      }
      sb.appendCodePoint(cp);
      i += n;
    }
    return sb.toString();
  }

  /** The length of the valid UTF-8 sequence at {@code i}, or 0 (Go's utf8.DecodeRune rules). */
  private static int validSequenceLength(final byte[] b, final int i, final int to) {
    final int c0 = b[i] & 0xFF;
    final int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (c0 >= 0xC2 && c0 <= 0xDF) {
      n = 2;
    } else if (c0 >= 0xE0 && c0 <= 0xEF) {
      n = 3;
      if (c0 == 0xE0) {
        lo = 0xA0;
      } else if (c0 == 0xED) {
        hi = 0x9F;
      }
    } else if (c0 >= 0xF0 && c0 <= 0xF4) {
      n = 4;
      if (c0 == 0xF0) {
        lo = 0x90;
      } else if (c0 == 0xF4) {
        hi = 0x8F;
      }
    } else {
      return 0;
    }
    if (i + n > to) {
      return 0;
    }
    final int c1 = b[i + 1] & 0xFF;
    if (c1 < lo || c1 > hi) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      final int c = b[i + k] & 0xFF;
      if (c < 0x80 || c > 0xBF) {
        return 0;
      }
    }
    return n;
  }

  /** Whether {@code s} carries raw bytes anywhere. */
  static boolean hasRawBytes(final CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c >= 0xDC80 && c <= 0xDCFF && isRawByte(s, i)) {
        return true;
      }
    }
    return false;
  }

  /** Re-reads a string whose raw bytes may now, side by side, form UTF-8 (Go concatenates bytes). */
  static String normalize(final String s) {
    if (!hasRawBytes(s)) {
      return s;
    }
    final byte[] b = toBytes(s);
    return fromBytes(b, 0, b.length);
  }

  /** Thrown for a malformed literal; Go's message is "invalid syntax". */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError() {
      super("invalid syntax", null, false, false);
    }
  }

  /** {@code unicode.IsPrint}: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  static boolean isPrint(final int r) {
    if (r < 0x80) {
      return r >= 0x20 && r < 0x7F;
    }
    switch (Character.getType(r)) {
      case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
          Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK, Character.COMBINING_SPACING_MARK, Character.DECIMAL_DIGIT_NUMBER,
          Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.CONNECTOR_PUNCTUATION,
          Character.DASH_PUNCTUATION, Character.START_PUNCTUATION, Character.END_PUNCTUATION,
          Character.INITIAL_QUOTE_PUNCTUATION, Character.FINAL_QUOTE_PUNCTUATION,
          Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL, Character.CURRENCY_SYMBOL,
          Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL -> {
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  /** {@code strconv.CanBackquote}. */
  static boolean canBackquote(final String s) {
    for (int i = 0; i < s.length(); ) {
      final int r = s.codePointAt(i);
      i += Character.charCount(r);
      if (r >= 0x80) {
        if (r == 0xFEFF || (r >= 0xD800 && r <= 0xDFFF)) {
          return false;
        }
        continue;
      }
      if ((r < ' ' && r != '\t') || r == '`' || r == 0x7F) {
        return false;
      }
    }
    return true;
  }

  /** {@code strconv.Quote} ({@code asciiOnly}: {@code strconv.QuoteToASCII}). */
  static String quote(final String s, final char quote, final boolean asciiOnly) {
    final StringBuilder b = new StringBuilder(s.length() + 2);
    b.append(quote);
    for (int i = 0; i < s.length(); ) {
      if (isRawByte(s, i)) {
        final int raw = s.charAt(i) - RAW_BYTE_BASE;
        b.append("\\x").append(LOWER_HEX.charAt(raw >> 4)).append(LOWER_HEX.charAt(raw & 0xF));
        i++;
        continue;
      }
      int r = s.codePointAt(i);
      i += Character.charCount(r);
      if (r >= 0xD800 && r <= 0xDFFF) {
        r = 0xFFFD;
      }
      appendEscapedRune(b, r, quote, asciiOnly);
    }
    b.append(quote);
    return b.toString();
  }

  /** {@code strconv.QuoteRune} ({@code asciiOnly}: {@code strconv.QuoteRuneToASCII}). */
  static String quoteRune(final int rune, final boolean asciiOnly) {
    int r = rune;
    if (r > Character.MAX_CODE_POINT || (r >= 0xD800 && r <= 0xDFFF)) {
      r = 0xFFFD;
    }
    final StringBuilder b = new StringBuilder(8);
    b.append('\'');
    appendEscapedRune(b, r, '\'', asciiOnly);
    b.append('\'');
    return b.toString();
  }

  private static void appendEscapedRune(final StringBuilder b, final int r, final char quote,
      final boolean asciiOnly) {
    if (r == quote || r == '\\') {
      b.append('\\').append((char) r);
      return;
    }
    if (asciiOnly) {
      if (r < 0x80 && isPrint(r)) {
        b.append((char) r);
        return;
      }
    } else if (isPrint(r)) {
      b.appendCodePoint(r);
      return;
    }
    switch (r) {
      case 7 -> b.append("\\a");
      case '\b' -> b.append("\\b");
      case '\f' -> b.append("\\f");
      case '\n' -> b.append("\\n");
      case '\r' -> b.append("\\r");
      case '\t' -> b.append("\\t");
      case 11 -> b.append("\\v");
      default -> {
        if (r < ' ' || r == 0x7F) {
          b.append("\\x").append(LOWER_HEX.charAt(r >> 4)).append(LOWER_HEX.charAt(r & 0xF));
        } else if (r < 0x10000) {
          b.append("\\u");
          for (int s = 12; s >= 0; s -= 4) {
            b.append(LOWER_HEX.charAt((r >> s) & 0xF));
          }
        } else {
          b.append("\\U");
          for (int s = 28; s >= 0; s -= 4) {
            b.append(LOWER_HEX.charAt((r >> s) & 0xF));
          }
        }
      }
    }
  }

  /** {@code strconv.Unquote} of a double-quoted or back-quoted literal. */
  static String unquote(final String in) throws SyntaxError {
    final int n = in.length();
    if (n < 2) {
      throw new SyntaxError();
    }
    final char q = in.charAt(0);
    if (q != in.charAt(n - 1)) {
      throw new SyntaxError();
    }
    final String s = in.substring(1, n - 1);
    if (q == '`') {
      if (s.indexOf('`') >= 0) {
        throw new SyntaxError();
      }
      return s.indexOf('\r') >= 0 ? s.replace("\r", "") : s;
    }
    if (q != '"' || s.indexOf('\n') >= 0) {
      throw new SyntaxError();
    }
    if (s.indexOf('\\') < 0 && s.indexOf('"') < 0) {
      return s;
    }
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    final int[] pos = {0};
    while (pos[0] < s.length()) {
      final int c = unquoteChar(s, pos, q, bytes);
      if (c >= 0) {
        appendUtf8(bytes, c);
      }
    }
    final byte[] b = bytes.toByteArray();
    return fromBytes(b, 0, b.length);
  }

  /**
   * Decodes one character of a literal at {@code pos[0]}, advancing it: returns the rune, or -1
   * when it wrote a single byte (an octal or \x escape) to {@code bytes}.
   */
  static int unquoteChar(final String s, final int[] pos, final char quote, final ByteArrayOutputStream bytes)
      throws SyntaxError {
    int i = pos[0];
    final int c = s.codePointAt(i);
    if (c == quote && (quote == '\'' || quote == '"')) {
      throw new SyntaxError();
    }
    if (c != '\\') {
      pos[0] = i + Character.charCount(c);
      return c;
    }
    if (i + 1 >= s.length()) {
      throw new SyntaxError();
    }
    final char e = s.charAt(i + 1);
    i += 2;
    int value;
    switch (e) {
      case 'a' -> value = 7;
      case 'b' -> value = '\b';
      case 'f' -> value = '\f';
      case 'n' -> value = '\n';
      case 'r' -> value = '\r';
      case 't' -> value = '\t';
      case 'v' -> value = 11;
      case 'x', 'u', 'U' -> {
        final int digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if (i + digits > s.length()) {
          throw new SyntaxError();
        }
        int v = 0;
        for (int j = 0; j < digits; j++) {
          final int d = Character.digit(s.charAt(i + j), 16);
          if (d < 0) {
            throw new SyntaxError();
          }
          v = (v << 4) | d;
        }
        i += digits;
        if (e == 'x') {
          pos[0] = i;
          if (bytes == null) {
            return v;
          }
          bytes.write(v);
          return -1;
        }
        if (v < 0 || v > Character.MAX_CODE_POINT || (v >= 0xD800 && v <= 0xDFFF)) {
          throw new SyntaxError();
        }
        value = v;
      }
      case '0', '1', '2', '3', '4', '5', '6', '7' -> {
        int v = e - '0';
        if (i + 2 > s.length()) {
          throw new SyntaxError();
        }
        for (int j = 0; j < 2; j++) {
          final int d = s.charAt(i + j) - '0';
          if (d < 0 || d > 7) {
            throw new SyntaxError();
          }
          v = (v << 3) | d;
        }
        i += 2;
        if (v > 255) {
          throw new SyntaxError();
        }
        pos[0] = i;
        if (bytes == null) {
          return v;
        }
        bytes.write(v);
        return -1;
      }
      case '\\' -> value = '\\';
      case '\'', '"' -> {
        if (e != quote) {
          throw new SyntaxError();
        }
        value = e;
      }
      default -> throw new SyntaxError();
    }
    pos[0] = i;
    return value;
  }

  private static void appendUtf8(final ByteArrayOutputStream out, final int c) {
    if (c < 0x80) {
      out.write(c);
    } else if (c < 0x800) {
      out.write(0xC0 | (c >> 6));
      out.write(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out.write(0xE0 | (c >> 12));
      out.write(0x80 | ((c >> 6) & 0x3F));
      out.write(0x80 | (c & 0x3F));
    } else {
      out.write(0xF0 | (c >> 18));
      out.write(0x80 | ((c >> 12) & 0x3F));
      out.write(0x80 | ((c >> 6) & 0x3F));
      out.write(0x80 | (c & 0x3F));
    }
  }

  /** The number of bytes of the UTF-8 encoding of {@code s} from {@code start} to {@code end}. */
  static int utf8Length(final CharSequence s, final int start, final int end) {
    int n = 0;
    for (int i = start; i < end; i++) {
      final char c = s.charAt(i);
      if (c < 0x80) {
        n++;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (c >= 0xDC80 && c <= 0xDCFF) {
        n++; // a carried raw byte
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** {@code %#U}-style rendering used in lexer errors: {@code U+0041 'A'}. */
  static String describeRune(final int r) {
    final StringBuilder b = new StringBuilder("U+");
    final String hex = Integer.toHexString(r).toUpperCase(java.util.Locale.ROOT);
    for (int i = hex.length(); i < 4; i++) {
      b.append('0');
    }
    b.append(hex);
    if (isPrint(r)) {
      b.append(" '").appendCodePoint(r).append('\'');
    }
    return b.toString();
  }
}
