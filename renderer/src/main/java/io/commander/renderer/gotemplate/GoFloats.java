package io.commander.renderer.gotemplate;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's {@code strconv.FormatFloat} for float64: the 'e', 'E', 'f', 'g', 'G', 'b', 'x' and 'X'
 * formats, with a precision or with -1 for the shortest decimal that reads back as the same
 * number. Rounding is half-to-even on the exact binary value, as Go does.
 */
final class GoFloats {

  private static final int MANT_BITS = 52;
  private static final int BIAS = -1023;
  private static final long TWO_POW_53 = 1L << 53;

  private GoFloats() {
  }

  /** Appends {@code strconv.FormatFloat(v, fmt, prec, 64)} to {@code out}. */
  static void format(final StringBuilder out, final double v, final char fmt, final int prec) {
    if (Double.isNaN(v)) {
      out.append("NaN");
      return;
    }
    if (Double.isInfinite(v)) {
      out.append(v > 0 ? "+Inf" : "-Inf");
      return;
    }
    final long bits = Double.doubleToRawLongBits(v);
    final boolean neg = bits < 0;
    if (fmt == 'b' || fmt == 'x' || fmt == 'X') {
      int exp = (int) (bits >>> MANT_BITS) & 0x7FF;
      long mant = bits & ((1L << MANT_BITS) - 1);
      if (exp == 0) {
        exp++;
      } else {
        mant |= 1L << MANT_BITS;
      }
      exp += BIAS;
      if (fmt == 'b') {
        formatB(out, neg, mant, exp);
      } else {
        formatX(out, prec, fmt, neg, mant, exp);
      }
      return;
    }
    final boolean shortest = prec < 0;
    int precision = prec;
    final Digits digits;
    if (shortest) {
      digits = shortest(Math.abs(v));
      switch (fmt) {
        case 'e', 'E' -> precision = Math.max(digits.nd() - 1, 0);
        case 'f' -> precision = Math.max(digits.nd() - digits.dp(), 0);
        case 'g', 'G' -> precision = digits.nd();
        default -> {
        }
      }
    } else if (fmt == 'f') {
      digits = fixedDecimals(Math.abs(v), prec);
    } else {
      int count = prec;
      if (fmt == 'e' || fmt == 'E') {
        count++;
      } else if (fmt == 'g' || fmt == 'G') {
        if (prec == 0) {
          precision = 1;
        }
        count = precision;
      } else {
        count = 1;
      }
      digits = significant(Math.abs(v), count);
    }
    formatDigits(out, shortest, neg, digits, precision, fmt);
  }

  /** The decimal digits of a number: value = 0.d[0]d[1]... x 10^dp, no trailing zeros. */
  record Digits(String d, int dp) {
    int nd() {
      return d.length();
    }

    char at(final int i) {
      return d.charAt(i);
    }
  }

  private static final Digits ZERO = new Digits("", 0);

  private static void formatDigits(final StringBuilder out, final boolean shortest, final boolean neg,
      final Digits digs, final int prec, final char fmt) {
    switch (fmt) {
      case 'e', 'E' -> formatE(out, neg, digs, prec, fmt);
      case 'f' -> formatF(out, neg, digs, prec);
      case 'g', 'G' -> {
        int eprec = prec;
        if (eprec > digs.nd() && digs.nd() >= digs.dp()) {
          eprec = digs.nd();
        }
        // %e is used if the exponent from the conversion is less than -4 or greater than or
        // equal to the precision; with the shortest form the decision uses precision 6.
        if (shortest) {
          eprec = 6;
        }
        final int exp = digs.dp() - 1;
        int p = prec;
        if (exp < -4 || exp >= eprec) {
          if (p > digs.nd()) {
            p = digs.nd();
          }
          formatE(out, neg, digs, p - 1, (char) (fmt + 'e' - 'g'));
          return;
        }
        if (p > digs.dp()) {
          p = digs.nd();
        }
        formatF(out, neg, digs, Math.max(p - digs.dp(), 0));
      }
      default -> out.append('%').append(fmt);
    }
  }

  private static void formatE(final StringBuilder out, final boolean neg, final Digits d, final int prec,
      final char fmt) {
    if (neg) {
      out.append('-');
    }
    out.append(d.nd() != 0 ? d.at(0) : '0');
    if (prec > 0) {
      out.append('.');
      int i = 1;
      final int m = Math.min(d.nd(), prec + 1);
      if (i < m) {
        out.append(d.d(), i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        out.append('0');
      }
    }
    out.append(fmt);
    int exp = d.dp() - 1;
    if (d.nd() == 0) {
      exp = 0;
    }
    if (exp < 0) {
      out.append('-');
      exp = -exp;
    } else {
      out.append('+');
    }
    if (exp < 10) {
      out.append('0').append((char) ('0' + exp));
    } else {
      out.append(exp);
    }
  }

  private static void formatF(final StringBuilder out, final boolean neg, final Digits d, final int prec) {
    if (neg) {
      out.append('-');
    }
    if (d.dp() > 0) {
      int m = Math.min(d.nd(), d.dp());
      out.append(d.d(), 0, m);
      for (; m < d.dp(); m++) {
        out.append('0');
      }
    } else {
      out.append('0');
    }
    if (prec > 0) {
      out.append('.');
      for (int i = 0; i < prec; i++) {
        final int j = d.dp() + i;
        out.append(0 <= j && j < d.nd() ? d.at(j) : '0');
      }
    }
  }

  private static void formatB(final StringBuilder out, final boolean neg, final long mant, final int exp) {
    if (neg) {
      out.append('-');
    }
    out.append(mant).append('p');
    final int e = exp - MANT_BITS;
    if (e >= 0) {
      out.append('+');
    }
    out.append(e);
  }

  private static void formatX(final StringBuilder out, final int prec, final char fmt, final boolean neg,
      final long mantissa, final int exponent) {
    long mant = mantissa;
    int exp = exponent;
    if (mant == 0) {
      exp = 0;
    }
    // Shift digits so leading 1 (if any) is at bit 1<<60.
    mant <<= 60 - MANT_BITS;
    while (mant != 0 && (mant & (1L << 60)) == 0) {
      mant <<= 1;
      exp--;
    }
    // Round if requested.
    if (prec >= 0 && prec < 15) {
      final int shift = prec * 4;
      final long extra = (mant << shift) & ((1L << 60) - 1);
      mant >>>= 60 - shift;
      if (Long.compareUnsigned(extra | (mant & 1), 1L << 59) > 0) {
        mant++;
      }
      mant <<= 60 - shift;
      if ((mant & (1L << 61)) != 0) {
        // Wrapped around.
        mant >>>= 1;
        exp++;
      }
    }
    final String hex = fmt == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
    if (neg) {
      out.append('-');
    }
    out.append('0').append(fmt).append((char) ('0' + ((mant >>> 60) & 1)));
    mant <<= 4; // remove leading 0 or 1
    if (prec < 0 && mant != 0) {
      out.append('.');
      while (mant != 0) {
        out.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    } else if (prec > 0) {
      out.append('.');
      for (int i = 0; i < prec; i++) {
        out.append(hex.charAt((int) ((mant >>> 60) & 15)));
        mant <<= 4;
      }
    }
    out.append(fmt == 'X' ? 'P' : 'p');
    if (exp < 0) {
      out.append('-');
      exp = -exp;
    } else {
      out.append('+');
    }
    if (exp < 10) {
      out.append('0');
    }
    out.append(exp);
  }

  /** The shortest digits that read back as {@code v} (v is finite and not negative). */
  static Digits shortest(final double v) {
    if (v == 0) {
      return ZERO;
    }
    // Integers below 2^53 are exact: their digits are those of the long, trailing zeros trimmed.
    if (v < TWO_POW_53 && v == Math.rint(v)) {
      return trimmed(Long.toString((long) v), 0);
    }
    final BigDecimal exact = new BigDecimal(v);
    // The set of lengths whose nearest decimal reads back is upward closed: search the least.
    int lo = 1;
    int hi = 17;
    Digits best = null;
    while (lo <= hi) {
      final int mid = (lo + hi) >>> 1;
      final Digits found = roundTripping(exact, v, mid);
      if (found != null) {
        best = found;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return best;
  }

  /** A decimal of {@code n} significant digits that reads back as {@code v}, the nearest first. */
  private static Digits roundTripping(final BigDecimal exact, final double v, final int n) {
    final BigDecimal nearest = exact.round(new MathContext(n, RoundingMode.HALF_EVEN));
    if (nearest.doubleValue() == v) {
      return toDigits(nearest);
    }
    // The interval of numbers that read back is lopsided at powers of two: try the other side.
    final RoundingMode other = nearest.compareTo(exact) < 0 ? RoundingMode.CEILING : RoundingMode.FLOOR;
    final BigDecimal alternative = exact.round(new MathContext(n, other));
    if (alternative.doubleValue() == v) {
      return toDigits(alternative);
    }
    return null;
  }

  /** {@code v} rounded to {@code n} significant digits. */
  private static Digits significant(final double v, final int n) {
    if (v == 0) {
      return ZERO;
    }
    return toDigits(new BigDecimal(v).round(new MathContext(n, RoundingMode.HALF_EVEN)));
  }

  /** {@code v} rounded to {@code prec} digits after the decimal point. */
  private static Digits fixedDecimals(final double v, final int prec) {
    if (v == 0) {
      return ZERO;
    }
    return toDigits(new BigDecimal(v).setScale(prec, RoundingMode.HALF_EVEN));
  }

  private static Digits toDigits(final BigDecimal value) {
    final BigInteger unscaled = value.unscaledValue();
    if (unscaled.signum() == 0) {
      return ZERO;
    }
    final String s = unscaled.toString();
    // value = s x 10^-scale = 0.s x 10^(len - scale)
    return trimmed(s, -value.scale());
  }

  /** Digits of the integer {@code s} x 10^exp10 with trailing zeros removed. */
  private static Digits trimmed(final String s, final int exp10) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == '0') {
      end--;
    }
    return new Digits(s.substring(0, end), s.length() + exp10);
  }
}
