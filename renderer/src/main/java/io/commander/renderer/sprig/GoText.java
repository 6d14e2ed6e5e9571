package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoValues;
import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code unicode} predicates and case mappings and the {@code strings} functions sprig builds on,
 * over Java strings. Go strings are UTF-8 bytes: the byte-indexed helpers here work on the UTF-8
 * encoding, as Go's slicing does.
 */
final class GoText {

  private GoText() {
  }

  /** {@code unicode.IsSpace}: Latin-1 spaces, NEL and NBSP, and the White_Space code points. */
  static boolean isSpace(final int r) {
    if (r <= 0xFF) {
      return r == ' ' || r >= '\t' && r <= '\r' || r == 0x85 || r == 0xA0;
    }
    return r == 0x1680 || r >= 0x2000 && r <= 0x200A || r == 0x2028 || r == 0x2029 || r == 0x202F
        || r == 0x205F || r == 0x3000;
  }

  /** {@code unicode.IsUpper}: general category Lu. */
  static boolean isUpper(final int r) {
    return Character.getType(r) == Character.UPPERCASE_LETTER;
  }

  /** {@code unicode.IsLower}: general category Ll. */
  static boolean isLower(final int r) {
    return Character.getType(r) == Character.LOWERCASE_LETTER;
  }

  /** {@code unicode.IsTitle}: general category Lt. */
  static boolean isTitle(final int r) {
    return Character.getType(r) == Character.TITLECASE_LETTER;
  }

  /** {@code unicode.IsLetter}: general category L. */
  static boolean isLetter(final int r) {
    return Character.isLetter(r);
  }

  /** {@code unicode.IsDigit}: general category Nd. */
  static boolean isDigit(final int r) {
    return Character.getType(r) == Character.DECIMAL_DIGIT_NUMBER;
  }

  /** {@code unicode.IsNumber}: general category N. */
  static boolean isNumber(final int r) {
    final int t = Character.getType(r);
    return t == Character.DECIMAL_DIGIT_NUMBER || t == Character.LETTER_NUMBER || t == Character.OTHER_NUMBER;
  }

  /** {@code unicode.IsPunct}: general category P. */
  static boolean isPunct(final int r) {
    switch (Character.getType(r)) {
      case Character.CONNECTOR_PUNCTUATION:
      case Character.DASH_PUNCTUATION:
      case Character.START_PUNCTUATION:
      case Character.END_PUNCTUATION:
      case Character.INITIAL_QUOTE_PUNCTUATION:
      case Character.FINAL_QUOTE_PUNCTUATION:
      case Character.OTHER_PUNCTUATION:
        return true;
      default:
        return false;
    }
  }

  /** {@code unicode.ToUpper}: the simple mapping. */
  static int toUpper(final int r) {
    return Character.toUpperCase(r);
  }

  /** {@code unicode.ToLower}: the simple mapping. */
  static int toLower(final int r) {
    return Character.toLowerCase(r);
  }

  /** {@code unicode.ToTitle}: the simple mapping. */
  static int toTitle(final int r) {
    return Character.toTitleCase(r);
  }

  /** {@code strings.ToUpper}: rune by rune (no special casing such as ß to SS). */
  static String upper(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(r -> b.appendCodePoint(toUpper(r)));
    return b.toString();
  }

  /** {@code strings.ToLower}: rune by rune. */
  static String lower(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(r -> b.appendCodePoint(toLower(r)));
    return b.toString();
  }

  /** {@code strings.Title}: title-cases letters that follow a separator. */
  static String title(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    int prev = ' ';
    for (int i = 0; i < s.length(); ) {
      final int r = s.codePointAt(i);
      b.appendCodePoint(isSeparator(prev) ? toTitle(r) : r);
      prev = r;
      i += Character.charCount(r);
    }
    return b.toString();
  }

  private static boolean isSeparator(final int r) {
    if (r <= 0x7F) {
      return !(r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_');
    }
    if (isLetter(r) || isDigit(r)) {
      return false;
    }
    return isSpace(r);
  }

  /** {@code strings.TrimSpace}. */
  static String trimSpace(final String s) {
    int start = 0;
    int end = s.length();
    while (start < end && isSpace(s.codePointAt(start))) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && isSpace(s.codePointBefore(end))) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** {@code strings.Trim(s, cutset)}: strips the code points of {@code cutset} from both ends. */
  static String trim(final String s, final String cutset) {
    if (s.isEmpty() || cutset.isEmpty()) {
      return s;
    }
    int start = 0;
    int end = s.length();
    while (start < end && cutset.indexOf(s.codePointAt(start)) >= 0) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && cutset.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** {@code strings.Replace(s, old, new, -1)}, including Go's rule for an empty {@code old}. */
  static String replaceAll(final String s, final String old, final String replacement) {
    if (!old.isEmpty()) {
      return s.replace(old, replacement);
    }
    // An empty old matches at the start and after each rune.
    final StringBuilder b = new StringBuilder(replacement);
    for (int i = 0; i < s.length(); ) {
      final int r = s.codePointAt(i);
      b.appendCodePoint(r).append(replacement);
      i += Character.charCount(r);
    }
    return b.toString();
  }

  /** {@code strings.Split(s, sep)}; an empty separator splits into runes. */
  static List<String> split(final String s, final String sep) {
    return splitN(s, sep, -1);
  }

  /** {@code strings.SplitN(s, sep, n)}. */
  static List<String> splitN(final String s, final String sep, final long n) {
    final List<String> parts = new ArrayList<>();
    if (n == 0) {
      return parts;
    }
    if (sep.isEmpty()) {
      final int runes = s.codePointCount(0, s.length());
      final long limit = n < 0 || n > runes ? runes : n;
      int i = 0;
      for (long k = 0; k < limit - 1; k++) {
        final int next = i + Character.charCount(s.codePointAt(i));
        parts.add(s.substring(i, next));
        i = next;
      }
      if (limit > 0) {
        parts.add(s.substring(i));
      }
      return parts;
    }
    int start = 0;
    while (n < 0 || parts.size() < n - 1) {
      final int at = s.indexOf(sep, start);
      if (at < 0) {
        break;
      }
      parts.add(s.substring(start, at));
      start = at + sep.length();
    }
    parts.add(s.substring(start));
    return parts;
  }

  /** Go's {@code []byte(s)}: what Go indexes and slices. */
  static byte[] utf8(final String s) {
    return GoValues.goBytes(s);
  }

  /** Go's {@code string(b[from:to])}; bytes that are not UTF-8 are kept as Go keeps them. */
  static String string(final byte[] b, final int from, final int to) {
    return GoValues.goString(b, from, to);
  }

  /** Go's {@code s[from:to]}, with Go's panic when the bounds are out of range. */
  static String slice(final String s, final long from, final long to) throws FunctionException {
    final byte[] b = utf8(s);
    checkSlice(from, to, b.length);
    return string(b, (int) from, (int) to);
  }

  /** Go's bounds check for {@code x[from:to]} with {@code len(x) == length}. */
  static void checkSlice(final long from, final long to, final int length) throws FunctionException {
    if (to < 0) {
      throw new FunctionException("runtime error: slice bounds out of range [:" + to + "]");
    }
    if (to > length) {
      throw new FunctionException("runtime error: slice bounds out of range [:" + to + "] with length " + length);
    }
    if (from < 0) {
      throw new FunctionException("runtime error: slice bounds out of range [" + from + ":]");
    }
    if (from > to) {
      throw new FunctionException("runtime error: slice bounds out of range [" + from + ":" + to + "]");
    }
  }

  /** Appends the byte {@code b} as Go's {@code WriteRune(rune(b))} does: Latin-1 read as a rune. */
  static void appendByteAsRune(final StringBuilder out, final byte b) {
    out.append((char) (b & 0xFF));
  }
}
