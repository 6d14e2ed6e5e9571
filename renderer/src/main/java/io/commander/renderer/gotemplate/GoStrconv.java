package io.commander.renderer.gotemplate;

import java.math.BigDecimal;

/**
 * Go's {@code strconv} parsing and float formatting, for the template parser (number literals are
 * {@code ParseInt}/{@code ParseUint}/{@code ParseFloat} with base 0, as in Go) and for function
 * libraries such as sprig: {@code ParseInt},
 * {@code ParseUint} and {@code ParseFloat} with Go's syntax (base prefixes, underscores, {@code inf} and
 * {@code nan}) and Go's error texts ({@code strconv.ParseInt: parsing "x": invalid syntax}).
 */
public final class GoStrconv {

  /** A failed parse, worded as Go's {@code *strconv.NumError}. */
  public static final class NumError extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether the number was well formed but out of range (Go's {@code ErrRange}). */
    public final boolean range;

    NumError(final String function, final String input, final boolean range) {
      super("strconv." + function + ": parsing " + GoValues.quote(input) + ": "
          + (range ? "value out of range" : "invalid syntax"), null, false, false);
      this.range = range;
    }
  }

  private GoStrconv() {
  }

  /** {@code strconv.ParseUint(s, base, 64)}, the result as an unsigned long. */
  public static long parseUint(final String s, final int base) throws NumError {
    return parseUint("ParseUint", s, base);
  }

  private static long parseUint(final String function, final String s0, final int base0) throws NumError {
    if (s0.isEmpty()) {
      throw new NumError(function, s0, false);
    }
    String s = s0;
    int base = base0;
    final boolean prefixed = base0 == 0;
    if (prefixed) {
      base = 10;
      if (s.charAt(0) == '0') {
        if (s.length() >= 3 && lower(s.charAt(1)) == 'b') {
          base = 2;
          s = s.substring(2);
        } else if (s.length() >= 3 && lower(s.charAt(1)) == 'o') {
          base = 8;
          s = s.substring(2);
        } else if (s.length() >= 3 && lower(s.charAt(1)) == 'x') {
          base = 16;
          s = s.substring(2);
        } else {
          base = 8;
          s = s.substring(1);
        }
      }
    }
    final long cutoff = Long.divideUnsigned(-1L, base) + 1;
    boolean underscores = false;
    long n = 0;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      final int d;
      if (c == '_' && prefixed) {
        underscores = true;
        continue;
      } else if (c >= '0' && c <= '9') {
        d = c - '0';
      } else if (lower(c) >= 'a' && lower(c) <= 'z') {
        d = lower(c) - 'a' + 10;
      } else {
        throw new NumError(function, s0, false);
      }
      if (d >= base) {
        throw new NumError(function, s0, false);
      }
      if (Long.compareUnsigned(n, cutoff) >= 0) {
        throw new NumError(function, s0, true);
      }
      n *= base;
      final long n1 = n + d;
      if (Long.compareUnsigned(n1, n) < 0) {
        throw new NumError(function, s0, true);
      }
      n = n1;
    }
    if (underscores && !underscoreOk(s0)) {
      throw new NumError(function, s0, false);
    }
    return n;
  }

  /** {@code strconv.ParseInt(s, base, 64)}; base 0 reads Go's prefixes and underscores. */
  public static long parseInt(final String s0, final int base) throws NumError {
    if (s0.isEmpty()) {
      throw new NumError("ParseInt", s0, false);
    }
    String s = s0;
    boolean neg = false;
    if (s.charAt(0) == '+') {
      s = s.substring(1);
    } else if (s.charAt(0) == '-') {
      neg = true;
      s = s.substring(1);
    }
    final long un;
    try {
      un = parseUint("ParseInt", s, base);
    } catch (final NumError e) {
      throw new NumError("ParseInt", s0, e.range);
    }
    if (!neg && Long.compareUnsigned(un, Long.MIN_VALUE) >= 0) {
      throw new NumError("ParseInt", s0, true);
    }
    if (neg && Long.compareUnsigned(un, Long.MIN_VALUE) > 0) {
      throw new NumError("ParseInt", s0, true);
    }
    return neg ? -un : un;
  }

  /** {@code strconv.ParseFloat(s, 64)}; out of range is an error, as in Go. */
  public static double parseFloat(final String s) throws NumError {
    final Double special = special(s);
    if (special != null) {
      return special;
    }
    if (!wellFormedFloat(s)) {
      throw new NumError("ParseFloat", s, false);
    }
    final double d = Double.parseDouble(s.replace("_", ""));
    if (Double.isInfinite(d)) {
      throw new NumError("ParseFloat", s, true);
    }
    return d;
  }

  /** Go's {@code inf}, {@code infinity} and {@code nan} spellings (any case, inf with a sign). */
  private static Double special(final String s) {
    if (s.isEmpty()) {
      return null;
    }
    String body = s;
    double sign = 1;
    if (s.charAt(0) == '+' || s.charAt(0) == '-') {
      sign = s.charAt(0) == '-' ? -1 : 1;
      body = s.substring(1);
      if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
        return sign * Double.POSITIVE_INFINITY;
      }
      return null;
    }
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return Double.POSITIVE_INFINITY;
    }
    if (body.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    return null;
  }

  /** Go's float literal syntax, as {@code strconv.readFloat} accepts it (the whole string). */
  private static boolean wellFormedFloat(final String s) {
    int i = 0;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    boolean hex = false;
    if (i + 2 < s.length() && s.charAt(i) == '0' && lower(s.charAt(i + 1)) == 'x') {
      hex = true;
      i += 2;
    }
    boolean sawDot = false;
    boolean sawDigits = false;
    boolean underscores = false;
    for (; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == '_') {
        underscores = true;
      } else if (c == '.') {
        if (sawDot) {
          break;
        }
        sawDot = true;
      } else if (c >= '0' && c <= '9' || hex && lower(c) >= 'a' && lower(c) <= 'f') {
        sawDigits = true;
      } else {
        break;
      }
    }
    if (!sawDigits) {
      return false;
    }
    if (i < s.length() && lower(s.charAt(i)) == (hex ? 'p' : 'e')) {
      i++;
      if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
      for (; i < s.length() && (s.charAt(i) >= '0' && s.charAt(i) <= '9' || s.charAt(i) == '_'); i++) {
        if (s.charAt(i) == '_') {
          underscores = true;
        }
      }
    } else if (hex) {
      return false;
    }
    return i == s.length() && (!underscores || underscoreOk(s));
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
      if (c >= '0' && c <= '9' || hex && lower(c) >= 'a' && lower(c) <= 'f') {
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

  /** {@code strconv.FormatFloat(f, 'g', -1, 64)}: the shortest form, as {@code %v} prints a float64. */
  public static String formatShortest(final double f) {
    return GoValues.print(f);
  }

  /**
   * {@code strconv.FormatFloat(f, fmt, -1, 64)} for {@code fmt} 'f' or 'e': the shortest digits that
   * read back as {@code f}, laid out without or with an exponent (at least two exponent digits).
   */
  public static String formatShortest(final double f, final char fmt) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    final boolean negative = f < 0 || f == 0 && 1 / f < 0;
    final String sign = negative ? "-" : "";
    if (f == 0) {
      return sign + (fmt == 'e' ? "0e+00" : "0");
    }
    // %v gives the shortest round-tripping digits; only their layout differs.
    final BigDecimal exact = new BigDecimal(GoValues.print(Math.abs(f))).stripTrailingZeros();
    if (fmt == 'f') {
      return sign + exact.toPlainString();
    }
    final String digits = exact.unscaledValue().toString();
    final int exponent = digits.length() - 1 - exact.scale();
    final StringBuilder out = new StringBuilder(sign).append(digits.charAt(0));
    if (digits.length() > 1) {
      out.append('.').append(digits, 1, digits.length());
    }
    out.append('e').append(exponent < 0 ? '-' : '+');
    final int abs = Math.abs(exponent);
    if (abs < 10) {
      out.append('0');
    }
    return out.append(abs).toString();
  }

  /** Go's {@code int64(f)} on amd64: truncation, and the minimum int64 for NaN and out of range. */
  public static long floatToInt64(final double f) {
    if (Double.isNaN(f) || f >= 0x1p63 || f < -0x1p63) {
      return Long.MIN_VALUE;
    }
    return (long) f;
  }

  private static char lower(final char c) {
    return (char) (c | ('x' - 'X'));
  }
}
