package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import static io.commander.renderer.gotemplate.GoType.ANY;
import static io.commander.renderer.gotemplate.GoType.FLOAT64;
import static io.commander.renderer.gotemplate.GoType.INT;
import static io.commander.renderer.gotemplate.GoType.STRING;

import io.commander.renderer.gotemplate.GoInt64;
import io.commander.renderer.gotemplate.GoValues;
import io.commander.renderer.gotemplate.RenderBudget;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.StringJoiner;

/**
 * sprig's arithmetic ({@code numeric.go} and the math entries of {@code functions.go}): integer
 * functions convert every argument with {@code cast.ToInt64} first and compute in int64 (so
 * {@code add 1 2.5} is 3); the {@code f} variants go through {@code shopspring/decimal}.
 */
final class MathFunctions {

  /** shopspring/decimal's {@code DivisionPrecision}: digits kept after the point by {@code Div}. */
  private static final int DIVISION_PRECISION = 16;

  private MathFunctions() {
  }

  /** The one function that draws random values: built per render when a render brings its own source. */
  static void registerRandom(final FunctionTable t, final Random random) {
    t.fixed("randInt", a -> randInt(random, StringFunctions.num(a[0]), StringFunctions.num(a[1])), INT, INT);
  }

  static void register(final FunctionTable t) {
    t.fixed("atoi", a -> atoi(StringFunctions.str(a[0])), STRING)
        .fixed("int64", a -> GoInt64.valueOf(GoConvert.toInt64(a[0])), ANY)
        .fixed("int", a -> GoConvert.toInt(a[0]), ANY)
        .fixed("float64", a -> GoConvert.toFloat64(a[0]), ANY)
        .variadic("seq", MathFunctions::seq, INT)
        .fixed("toDecimal", a -> GoInt64.valueOf(toDecimal(a[0])), ANY)
        .fixed("add1", a -> GoInt64.valueOf(GoConvert.toInt64(a[0]) + 1), ANY)
        .variadic("add", a -> GoInt64.valueOf(add(a)), ANY)
        .fixed("sub", a -> GoInt64.valueOf(GoConvert.toInt64(a[0]) - GoConvert.toInt64(a[1])), ANY, ANY)
        .fixed("div", a -> GoInt64.valueOf(div(GoConvert.toInt64(a[0]), GoConvert.toInt64(a[1]))), ANY, ANY)
        .fixed("mod", a -> GoInt64.valueOf(mod(GoConvert.toInt64(a[0]), GoConvert.toInt64(a[1]))), ANY, ANY)
        .variadic("mul", a -> GoInt64.valueOf(mul(a)), ANY, ANY)
        .fixed("add1f", a -> decimal(a[0], new Object[] {1L}, BigDecimal::add), ANY)
        .variadic("addf", a -> decimal(0.0, a, BigDecimal::add), ANY)
        .variadic("subf", a -> decimal(a[0], rest(a), BigDecimal::subtract), ANY, ANY)
        .variadic("divf", a -> decimal(a[0], rest(a), MathFunctions::divide), ANY, ANY)
        .variadic("mulf", a -> decimal(a[0], rest(a), BigDecimal::multiply), ANY, ANY)
        .variadic("max", a -> GoInt64.valueOf(max(a[0], rest(a))), ANY, ANY)
        .alias("biggest", "max")
        .variadic("min", a -> GoInt64.valueOf(min(a[0], rest(a))), ANY, ANY)
        .variadic("maxf", a -> maxf(a[0], rest(a)), ANY, ANY)
        .variadic("minf", a -> minf(a[0], rest(a)), ANY, ANY)
        .fixed("ceil", a -> Math.ceil(GoConvert.toFloat64(a[0])), ANY)
        .fixed("floor", a -> Math.floor(GoConvert.toFloat64(a[0])), ANY)
        .variadic("round", a -> round(a[0], StringFunctions.num(a[1]), a.length > 2 ? (Double) a[2] : 0.5),
            ANY, INT, FLOAT64);
  }

  private static Object[] rest(final Object[] a) {
    return Arrays.copyOfRange(a, 1, a.length);
  }

  /** {@code strconv.Atoi} with the error ignored: 0 for bad syntax, the clamped value when out of range. */
  static long atoi(final String s) {
    try {
      return GoStrconv.parseInt(s, 10);
    } catch (final GoStrconv.NumError e) {
      if (!e.range) {
        return 0;
      }
      return s.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  private static long add(final Object... a) {
    long sum = 0;
    for (final Object b : a) {
      sum += GoConvert.toInt64(b);
    }
    return sum;
  }

  private static long mul(final Object... a) {
    long product = GoConvert.toInt64(a[0]);
    for (int i = 1; i < a.length; i++) {
      product *= GoConvert.toInt64(a[i]);
    }
    return product;
  }

  static long div(final long a, final long b) throws FunctionException {
    if (b == 0) {
      throw new FunctionException("runtime error: integer divide by zero");
    }
    return a / b;
  }

  static long mod(final long a, final long b) throws FunctionException {
    if (b == 0) {
      throw new FunctionException("runtime error: integer divide by zero");
    }
    return a % b;
  }

  private static long randInt(final Random random, final long min, final long max) throws FunctionException {
    final long n = max - min;
    if (n <= 0) {
      throw new FunctionException("invalid argument to Intn");
    }
    return random.longs(1, 0, n).findFirst().orElseThrow() + min;
  }

  private static long max(final Object a, final Object[] rest) {
    long m = GoConvert.toInt64(a);
    for (final Object b : rest) {
      m = Math.max(m, GoConvert.toInt64(b));
    }
    return m;
  }

  private static long min(final Object a, final Object[] rest) {
    long m = GoConvert.toInt64(a);
    for (final Object b : rest) {
      m = Math.min(m, GoConvert.toInt64(b));
    }
    return m;
  }

  private static double maxf(final Object a, final Object[] rest) {
    double m = GoConvert.toFloat64(a);
    for (final Object b : rest) {
      m = Math.max(m, GoConvert.toFloat64(b));
    }
    return m;
  }

  private static double minf(final Object a, final Object[] rest) {
    double m = GoConvert.toFloat64(a);
    for (final Object b : rest) {
      m = Math.min(m, GoConvert.toFloat64(b));
    }
    return m;
  }

  /** sprig's {@code round}: away from zero when the fraction reaches {@code roundOn} (toward floor below 0). */
  static double round(final Object a, final long places, final double roundOn) {
    final double val = GoConvert.toFloat64(a);
    final double pow = powerOfTen(places);
    final double digit = pow * val;
    final double frac = digit - (digit < 0 ? Math.ceil(digit) : Math.floor(digit));
    final double rounded = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
    return rounded / pow;
  }

  /** {@code math.Pow(10, n)}: exact up to 10^22, and its correctly rounded reciprocal below 1. */
  private static double powerOfTen(final long n) {
    if (n >= -22 && n <= 22) {
      double p = 1;
      for (long i = 0; i < Math.abs(n); i++) {
        p *= 10;
      }
      return n < 0 ? 1 / p : p;
    }
    return Math.pow(10, (double) n);
  }

  /** sprig's {@code toDecimal}: the argument printed, read as octal; 0 when that fails. */
  static long toDecimal(final Object v) {
    try {
      return GoStrconv.parseInt(GoValues.print(v), 8);
    } catch (final GoStrconv.NumError e) {
      return 0;
    }
  }

  /** sprig's {@code untilStep}: the ints from start toward stop, by step; empty when step points away. */
  static List<Object> untilStep(final long start, final long stop, final long step) {
    final List<Object> v = new ArrayList<>();
    if (step != 0 && (stop < start) == (step < 0)) {
      // Checked before a single element is made: until 2000000000 would otherwise fill the heap first.
      RenderBudget.current().checkValue((long) Math.ceil(((double) stop - start) / step));
    }
    if (stop < start) {
      if (step >= 0) {
        return v;
      }
      for (long i = start; i > stop; i += step) {
        v.add(i);
      }
      return v;
    }
    if (step <= 0) {
      return v;
    }
    for (long i = start; i < stop; i += step) {
      v.add(i);
    }
    return v;
  }

  /**
   * sprig's {@code seq}: like the Unix command, {@code seq LAST}, {@code seq FIRST LAST} or
   * {@code seq FIRST STEP LAST}, the numbers separated by spaces.
   */
  static String seq(final Object... params) {
    final long[] p = new long[params.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = ((Number) params[i]).longValue();
    }
    final List<Object> values;
    switch (p.length) {
      case 1: {
        final long start = 1;
        final long end = p[0];
        final long increment = end < start ? -1 : 1;
        values = untilStep(start, end + increment, increment);
        break;
      }
      case 2: {
        final long step = p[1] < p[0] ? -1 : 1;
        values = untilStep(p[0], p[1] + step, step);
        break;
      }
      case 3: {
        long increment = 1;
        if (p[2] < p[0]) {
          increment = -1;
          if (p[1] > 0) {
            return "";
          }
        }
        values = untilStep(p[0], p[2] + increment, p[1]);
        break;
      }
      default:
        return "";
    }
    final StringJoiner j = new StringJoiner(" ");
    values.forEach(x -> j.add(String.valueOf(x)));
    return j.toString();
  }

  /** An operation of shopspring/decimal. */
  @FunctionalInterface
  private interface DecimalOp {
    BigDecimal apply(BigDecimal a, BigDecimal b) throws FunctionException;
  }

  /** sprig's {@code execDecimalOp}: each operand as the decimal its float64 prints as, folded left. */
  private static double decimal(final Object a, final Object[] rest, final DecimalOp op) throws FunctionException {
    BigDecimal acc = fromFloat(GoConvert.toFloat64(a));
    for (final Object x : rest) {
      acc = op.apply(acc, fromFloat(GoConvert.toFloat64(x)));
    }
    return acc.doubleValue();
  }

  /** {@code decimal.NewFromFloat}: the shortest decimal that reads back as the float. */
  private static BigDecimal fromFloat(final double f) throws FunctionException {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new FunctionException("Cannot create a Decimal from " + GoStrconv.formatShortest(f));
    }
    return new BigDecimal(GoStrconv.formatShortest(f, 'e'));
  }

  /** {@code Decimal.Div}: 16 digits after the point, halves rounded away from zero. */
  private static BigDecimal divide(final BigDecimal a, final BigDecimal b) throws FunctionException {
    if (b.signum() == 0) {
      throw new FunctionException("decimal division by 0");
    }
    return a.divide(b, DIVISION_PRECISION, RoundingMode.HALF_UP);
  }
}
