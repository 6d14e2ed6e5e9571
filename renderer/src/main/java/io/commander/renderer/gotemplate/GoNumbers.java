package io.commander.renderer.gotemplate;

/**
 * Go's {@code strconv.ParseInt}, {@code ParseUint} (base 0: prefixes 0x, 0o, 0b and a leading 0
 * for octal, underscores between digits) and {@code ParseFloat} as the template parser uses them.
 * Each returns {@code null} where Go returns an error.
 */
final class GoNumbers {

  private GoNumbers() {
  }

  /** {@code strconv.ParseUint(s, 0, 64)} as an unsigned long, or null. */
  static Long parseUint(final String s0) {
    if (s0.isEmpty()) {
      return null;
    }
    String s = s0;
    final int base;
    if (s.length() >= 3 && s.charAt(0) == '0' && lower(s.charAt(1)) == 'b') {
      base = 2;
      s = s.substring(2);
    } else if (s.length() >= 3 && s.charAt(0) == '0' && lower(s.charAt(1)) == 'o') {
      base = 8;
      s = s.substring(2);
    } else if (s.length() >= 3 && s.charAt(0) == '0' && lower(s.charAt(1)) == 'x') {
      base = 16;
      s = s.substring(2);
    } else if (s.charAt(0) == '0') {
      base = 8;
      s = s.substring(1);
    } else {
      base = 10;
    }
    boolean underscores = false;
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
        continue;
      }
      final int d = Character.digit(c, 16);
      if (d < 0 || d >= base || c > 'z') {
        return null;
      }
      // n * base + d must fit in 64 unsigned bits.
      final long max = Long.divideUnsigned(-1L, base);
      if (Long.compareUnsigned(n, max) > 0) {
        return null;
      }
      final long n1 = n * base + d;
      if (Long.compareUnsigned(n1, n * base) < 0) {
        return null;
      }
      n = n1;
    }
    if (underscores && !underscoreOk(s0)) {
      return null;
    }
    return n;
  }

  /** {@code strconv.ParseInt(s, 0, 64)}, or null. */
  static Long parseInt(final String s) {
    if (s.isEmpty()) {
      return null;
    }
    String body = s;
    boolean neg = false;
    if (s.charAt(0) == '+') {
      body = s.substring(1);
    } else if (s.charAt(0) == '-') {
      neg = true;
      body = s.substring(1);
    }
    final Long un = parseUint(body);
    if (un == null) {
      return null;
    }
    final long u = un;
    if (!neg && Long.compareUnsigned(u, Long.MAX_VALUE) > 0) {
      return null;
    }
    if (neg && Long.compareUnsigned(u, Long.MIN_VALUE) > 0) {
      return null;
    }
    return neg ? -u : u;
  }

  /** {@code strconv.ParseFloat(s, 64)}, or null (syntax error or out of range). */
  static Double parseFloat(final String s) {
    if (s.isEmpty()) {
      return null;
    }
    int i = 0;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      i = 1;
    }
    final boolean hex = s.length() > i + 2 && s.charAt(i) == '0' && lower(s.charAt(i + 1)) == 'x';
    boolean sawDigits = false;
    boolean sawDot = false;
    boolean sawExp = false;
    boolean underscores = false;
    int j = hex ? i + 2 : i;
    for (; j < s.length(); j++) {
      final char c = s.charAt(j);
      if (c == '_') {
        underscores = true;
      } else if (c == '.') {
        if (sawDot) {
          return null;
        }
        sawDot = true;
      } else if (c >= '0' && c <= '9' || hex && lower(c) >= 'a' && lower(c) <= 'f') {
        sawDigits = true;
      } else {
        break;
      }
    }
    if (!sawDigits) {
      return null;
    }
    if (j < s.length() && (hex ? lower(s.charAt(j)) == 'p' : lower(s.charAt(j)) == 'e')) {
      sawExp = true;
      j++;
      if (j < s.length() && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
        j++;
      }
      final int expStart = j;
      for (; j < s.length(); j++) {
        final char c = s.charAt(j);
        if (c == '_') {
          underscores = true;
        } else if (c < '0' || c > '9') {
          break;
        }
      }
      if (j == expStart) {
        return null;
      }
    }
    if (j != s.length() || hex && !sawExp) {
      return null;
    }
    if (underscores && !underscoreOk(s)) {
      return null;
    }
    final String clean = underscores ? s.replace("_", "") : s;
    final double d;
    try {
      d = Double.parseDouble(clean);
    } catch (final NumberFormatException e) {
      return null;
    }
    if (Double.isInfinite(d)) {
      return null;
    }
    return d;
  }

  /** Go's rule for underscores: only between digits (a base prefix counts as a digit). */
  private static boolean underscoreOk(final String str) {
    String s = str;
    char saw = '^';
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      s = s.substring(1);
    }
    boolean hex = false;
    if (s.length() >= 2 && s.charAt(0) == '0'
        && (lower(s.charAt(1)) == 'b' || lower(s.charAt(1)) == 'o' || lower(s.charAt(1)) == 'x')) {
      i = 2;
      saw = '0';
      hex = lower(s.charAt(1)) == 'x';
    }
    for (; i < s.length(); i++) {
      final char c = s.charAt(i);
      if ('0' <= c && c <= '9' || hex && 'a' <= lower(c) && lower(c) <= 'f') {
        saw = '0';
        continue;
      }
      if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
        continue;
      }
      if (saw == '_') {
        return false;
      }
      saw = '!';
    }
    return saw != '_';
  }

  private static char lower(final char c) {
    return (char) (c | ('x' - 'X'));
  }
}
