package io.commander.renderer.gotemplate;

import java.util.List;
import java.util.Map;

/**
 * Go's {@code fmt} printing ({@code Sprint}, {@code Sprintln}, {@code Sprintf}) over the values a
 * template sees: {@code null} (nil), {@link Boolean}, Java integers (Go int), {@link Double} and
 * {@link Float} (float64), {@link String}, {@link List} ([]interface {}) and {@link Map}
 * (map[string]interface {}, printed in sorted key order). One instance formats one call.
 */
final class GoFormat {

  private static final String NIL_ANGLE = "<nil>";
  private static final String LDIGITS = "0123456789abcdefx";
  private static final String UDIGITS = "0123456789ABCDEFX";

  private final StringBuilder buf;

  // fmt.fmtFlags
  private boolean widPresent;
  private boolean precPresent;
  private boolean minus;
  private boolean plus;
  private boolean sharp;
  private boolean space;
  private boolean zero;
  private boolean plusV;
  private boolean sharpV;
  private int wid;
  private int prec;

  // pp state used by badVerb
  private Object arg;
  private boolean argSet;
  private Object value;
  private boolean valueSet;
  private boolean reordered;
  private boolean goodArgNum;

  private GoFormat(final StringBuilder buf) {
    this.buf = buf;
  }

  /** fmt.Sprint: operands printed with %v, a space between two operands when neither is a string. */
  static void sprint(final StringBuilder out, final Object[] args) {
    final GoFormat p = new GoFormat(out);
    boolean prevString = false;
    for (int i = 0; i < args.length; i++) {
      final Object a = args[i];
      final boolean isString = a instanceof String;
      if (i > 0 && !isString && !prevString) {
        out.append(' ');
      }
      p.printArg(a, 'v');
      prevString = isString;
    }
  }

  /** fmt.Sprintln: operands printed with %v, always separated by spaces, then a newline. */
  static void sprintln(final StringBuilder out, final Object[] args) {
    final GoFormat p = new GoFormat(out);
    for (int i = 0; i < args.length; i++) {
      if (i > 0) {
        out.append(' ');
      }
      p.printArg(args[i], 'v');
    }
    out.append('\n');
  }

  /** fmt.Sprintf. */
  static void sprintf(final StringBuilder out, final String format, final Object[] args) {
    new GoFormat(out).doPrintf(format, args);
  }

  /** fmt.Sprint of one value: the %v form, as an action prints it. */
  static void printValue(final StringBuilder out, final Object v) {
    if (v instanceof String s) {
      out.append(s);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      out.append(((Number) v).longValue());
    } else if (v instanceof Double d) {
      GoFloats.format(out, d, 'g', -1);
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else {
      new GoFormat(out).printArg(v, 'v');
    }
  }

  /** The name Go gives the type of a value, e.g. {@code float64} or {@code []interface {}}. */
  static String typeName(final Object v) {
    if (v == null) {
      return NIL_ANGLE;
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof GoInt64) {
      return "int64";
    }
    if (v instanceof GoObject o) {
      return o.goTypeName();
    }
    if (GoValues.isInt(v)) {
      return "int";
    }
    if (v instanceof Double || v instanceof Float) {
      return "float64";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof GoUint8) {
      return "uint8";
    }
    if (v instanceof GoComplex) {
      return "complex128";
    }
    if (v instanceof List) {
      return "[]interface {}";
    }
    if (v instanceof Map) {
      return "map[string]interface {}";
    }
    if (v instanceof TemplateFunction) {
      return "func(...interface {}) (interface {}, error)";
    }
    return v.getClass().getName();
  }

  private void clearFlags() {
    widPresent = false;
    precPresent = false;
    minus = false;
    plus = false;
    sharp = false;
    space = false;
    zero = false;
    plusV = false;
    sharpV = false;
    wid = 0;
    prec = 0;
  }

  // ---------------------------------------------------------------- printf

  private void doPrintf(final String format, final Object[] a) {
    final int end = format.length();
    int argNum = 0;
    boolean afterIndex = false;
    reordered = false;
    int i = 0;
    formatLoop:
    while (i < end) {
      goodArgNum = true;
      final int lasti = i;
      while (i < end && format.charAt(i) != '%') {
        i++;
      }
      if (i > lasti) {
        buf.append(format, lasti, i);
      }
      if (i >= end) {
        break;
      }
      i++; // skip %
      clearFlags();
      simpleFormat:
      for (; i < end; i++) {
        final char c = format.charAt(i);
        switch (c) {
          case '#' -> sharp = true;
          case '0' -> zero = !minus;
          case '+' -> plus = true;
          case '-' -> {
            minus = true;
            zero = false;
          }
          case ' ' -> space = true;
          default -> {
            if ('a' <= c && c <= 'z' && argNum < a.length) {
              if (c == 'v') {
                sharpV = sharp;
                sharp = false;
                plusV = plus;
                plus = false;
              }
              printArg(a[argNum], c);
              argNum++;
              i++;
              continue formatLoop;
            }
            break simpleFormat;
          }
        }
      }

      long r = argNumber(argNum, format, i, a.length);
      argNum = (int) (r >> 33);
      i = (int) ((r >> 1) & 0xFFFFFFFFL);
      afterIndex = (r & 1) != 0;

      if (i < end && format.charAt(i) == '*') {
        i++;
        final long[] n = intFromArg(a, argNum);
        wid = (int) n[0];
        widPresent = n[1] != 0;
        argNum = (int) n[2];
        if (!widPresent) {
          buf.append("%!(BADWIDTH)");
        }
        if (wid < 0) {
          wid = -wid;
          minus = true;
          zero = false;
        }
        afterIndex = false;
      } else {
        final int[] n = parseNum(format, i, end);
        wid = n[0];
        widPresent = n[1] != 0;
        i = n[2];
        if (afterIndex && widPresent) {
          goodArgNum = false;
        }
      }

      if (i + 1 < end && format.charAt(i) == '.') {
        i++;
        if (afterIndex) {
          goodArgNum = false;
        }
        r = argNumber(argNum, format, i, a.length);
        argNum = (int) (r >> 33);
        i = (int) ((r >> 1) & 0xFFFFFFFFL);
        afterIndex = (r & 1) != 0;
        if (i < end && format.charAt(i) == '*') {
          i++;
          final long[] n = intFromArg(a, argNum);
          prec = (int) n[0];
          precPresent = n[1] != 0;
          argNum = (int) n[2];
          if (prec < 0) {
            prec = 0;
            precPresent = false;
          }
          if (!precPresent) {
            buf.append("%!(BADPREC)");
          }
          afterIndex = false;
        } else {
          final int[] n = parseNum(format, i, end);
          prec = n[0];
          precPresent = n[1] != 0;
          i = n[2];
          if (!precPresent) {
            prec = 0;
            precPresent = true;
          }
        }
      }

      if (!afterIndex) {
        r = argNumber(argNum, format, i, a.length);
        argNum = (int) (r >> 33);
        i = (int) ((r >> 1) & 0xFFFFFFFFL);
        afterIndex = (r & 1) != 0;
      }

      if (i >= end) {
        buf.append("%!(NOVERB)");
        break;
      }

      final int verb = format.codePointAt(i);
      i += Character.charCount(verb);

      if (verb == '%') {
        buf.append('%');
      } else if (!goodArgNum) {
        badArgNum(verb);
      } else if (argNum >= a.length) {
        missingArg(verb);
      } else {
        if (verb == 'v') {
          sharpV = sharp;
          sharp = false;
          plusV = plus;
          plus = false;
        }
        printArg(a[argNum], verb);
        argNum++;
      }
    }

    if (!reordered && argNum < a.length) {
      clearFlags();
      buf.append("%!(EXTRA ");
      for (int k = argNum; k < a.length; k++) {
        if (k > argNum) {
          buf.append(", ");
        }
        final Object extra = a[k];
        if (extra == null) {
          buf.append(NIL_ANGLE);
        } else {
          buf.append(typeName(extra)).append('=');
          printArg(extra, 'v');
        }
      }
      buf.append(')');
    }
  }

  private void badArgNum(final int verb) {
    buf.append("%!").appendCodePoint(verb).append("(BADINDEX)");
  }

  private void missingArg(final int verb) {
    buf.append("%!").appendCodePoint(verb).append("(MISSING)");
  }

  /** Packs (argNum, i, found) as argNum << 33 | i << 1 | found. */
  private long argNumber(final int argNum, final String format, final int i, final int numArgs) {
    if (format.length() <= i || format.charAt(i) != '[') {
      return pack(argNum, i, false);
    }
    reordered = true;
    // parseArgNumber
    final String rest = format.substring(i);
    int index = 0;
    int width = 1;
    boolean ok = false;
    if (rest.length() >= 3) {
      for (int k = 1; k < rest.length(); k++) {
        if (rest.charAt(k) == ']') {
          final int[] n = parseNum(rest, 1, k);
          if (n[1] == 0 || n[2] != k) {
            index = 0;
            width = k + 1;
            ok = false;
          } else {
            index = n[0] - 1;
            width = k + 1;
            ok = true;
          }
          break;
        }
      }
    }
    if (ok && 0 <= index && index < numArgs) {
      return pack(index, i + width, true);
    }
    goodArgNum = false;
    return pack(argNum, i + width, ok);
  }

  private static long pack(final int argNum, final int i, final boolean found) {
    return ((long) argNum << 33) | ((long) i << 1) | (found ? 1 : 0);
  }

  /** {num, isnum, newi}. */
  private static int[] parseNum(final String s, final int start, final int end) {
    if (start >= end) {
      return new int[] {0, 0, end};
    }
    int num = 0;
    boolean isnum = false;
    int newi = start;
    for (; newi < end && '0' <= s.charAt(newi) && s.charAt(newi) <= '9'; newi++) {
      if (num > 1_000_000 || num < -1_000_000) {
        return new int[] {0, 0, end};
      }
      num = num * 10 + (s.charAt(newi) - '0');
      isnum = true;
    }
    return new int[] {num, isnum ? 1 : 0, newi};
  }

  /** {num, isInt, newArgNum}. */
  private static long[] intFromArg(final Object[] a, final int argNum) {
    long num = 0;
    boolean isInt = false;
    int newArgNum = argNum;
    if (argNum < a.length) {
      final Object v = a[argNum];
      if (GoValues.isInt(v) || v instanceof GoUint8) {
        num = ((Number) v).longValue();
        isInt = true;
      }
      newArgNum = argNum + 1;
      if (num > 1_000_000 || num < -1_000_000) {
        num = 0;
        isInt = false;
      }
    }
    return new long[] {num, isInt ? 1 : 0, newArgNum};
  }

  // ---------------------------------------------------------------- printArg / printValue

  private void printArg(final Object a, final int verb) {
    arg = a;
    argSet = true;
    value = null;
    valueSet = false;
    if (a == null) {
      if (verb == 'T' || verb == 'v') {
        padString(NIL_ANGLE);
      } else {
        badVerb(verb);
      }
      return;
    }
    if (verb == 'T') {
      fmtS(typeName(a));
      return;
    }
    if (verb == 'p') {
      badVerb(verb);
      return;
    }
    printValue(a, verb, 0);
  }

  private void printValue(final Object v, final int verb, final int depth) {
    arg = null;
    argSet = false;
    value = v;
    valueSet = true;
    if (v instanceof Boolean b) {
      fmtBool(b, verb);
    } else if (GoValues.isInt(v)) {
      fmtInteger(((Number) v).longValue(), true, verb);
    } else if (v instanceof Double || v instanceof Float) {
      fmtFloat(((Number) v).doubleValue(), verb);
    } else if (v instanceof String s) {
      fmtString(s, verb);
    } else if (v instanceof GoUint8 u) {
      fmtInteger(u.longValue(), false, verb);
    } else if (v instanceof GoComplex c) {
      fmtComplex(c, verb);
    } else if (v instanceof Map<?, ?> m) {
      // Elements count as work: a list holding itself twice, nested 40 times, prints forever otherwise.
      RenderBudget.current().work(m.size());
      if (sharpV) {
        buf.append(typeName(m)).append('{');
      } else {
        buf.append("map[");
      }
      boolean first = true;
      for (final Object key : GoValues.sortedKeys(m)) {
        if (!first) {
          buf.append(sharpV ? ", " : " ");
        }
        first = false;
        printValue(key, verb, depth + 1);
        buf.append(':');
        printElement(m.get(key), verb, depth);
      }
      buf.append(sharpV ? '}' : ']');
    } else if (v instanceof List<?> l) {
      RenderBudget.current().work(l.size());
      if (sharpV) {
        buf.append(typeName(l)).append('{');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            buf.append(", ");
          }
          printElement(l.get(i), verb, depth);
        }
        buf.append('}');
      } else {
        buf.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) {
            buf.append(' ');
          }
          printElement(l.get(i), verb, depth);
        }
        buf.append(']');
      }
    } else if (v instanceof GoObject) {
      // Go prints a value with a String method through it, for the verbs that print strings.
      switch (verb) {
        case 'v', 's', 'x', 'X', 'q' -> fmtString(String.valueOf(v), verb == 'v' ? 's' : verb);
        default -> badVerb(verb);
      }
    } else if (v == null) {
      // A nil that is not inside an interface: only reached for nested values.
      if (verb == 'v') {
        buf.append(NIL_ANGLE);
      } else {
        badVerb(verb);
      }
    } else {
      fmtS(String.valueOf(v));
    }
  }

  /** An element of a list or map: an interface value, so nil prints as {@code <nil>} with any verb. */
  private void printElement(final Object e, final int verb, final int depth) {
    if (e == null) {
      if (sharpV) {
        buf.append("interface {}(nil)");
      } else {
        buf.append(NIL_ANGLE);
      }
    } else {
      printValue(e, verb, depth + 1);
    }
  }

  private void badVerb(final int verb) {
    buf.append("%!").appendCodePoint(verb).append('(');
    if (argSet && arg != null) {
      buf.append(typeName(arg)).append('=');
      printArg(arg, 'v');
    } else if (valueSet && value != null) {
      buf.append(typeName(value)).append('=');
      printValue(value, 'v', 0);
    } else {
      buf.append(NIL_ANGLE);
    }
    buf.append(')');
  }

  private void fmtBool(final boolean v, final int verb) {
    if (verb == 't' || verb == 'v') {
      padString(v ? "true" : "false");
    } else {
      badVerb(verb);
    }
  }

  private void fmtInteger(final long v, final boolean isSigned, final int verb) {
    switch (verb) {
      case 'v', 'd' -> fmtInteger(v, 10, isSigned, verb, LDIGITS);
      case 'b' -> fmtInteger(v, 2, isSigned, verb, LDIGITS);
      case 'o', 'O' -> fmtInteger(v, 8, isSigned, verb, LDIGITS);
      case 'x' -> fmtInteger(v, 16, isSigned, verb, LDIGITS);
      case 'X' -> fmtInteger(v, 16, isSigned, verb, UDIGITS);
      case 'c' -> fmtC(v);
      case 'q' -> fmtQc(v);
      case 'U' -> fmtUnicode(v);
      default -> badVerb(verb);
    }
  }

  private void fmtFloat(final double v, final int verb) {
    switch (verb) {
      case 'v' -> fmtFloat(v, 'g', -1);
      case 'b', 'g', 'G', 'x', 'X' -> fmtFloat(v, (char) verb, -1);
      case 'f', 'e', 'E' -> fmtFloat(v, (char) verb, 6);
      case 'F' -> fmtFloat(v, 'f', 6);
      default -> badVerb(verb);
    }
  }

  private void fmtComplex(final GoComplex v, final int verb) {
    switch (verb) {
      case 'v', 'b', 'g', 'G', 'x', 'X', 'f', 'F', 'e', 'E' -> {
        final boolean oldPlus = plus;
        buf.append('(');
        fmtFloat(v.re(), verb);
        // Imaginary part always has a sign.
        plus = true;
        fmtFloat(v.im(), verb);
        buf.append("i)");
        plus = oldPlus;
      }
      default -> badVerb(verb);
    }
  }

  private void fmtString(final String v, final int verb) {
    switch (verb) {
      case 'v' -> {
        if (sharpV) {
          fmtQ(v);
        } else {
          fmtS(v);
        }
      }
      case 's' -> fmtS(v);
      case 'x' -> fmtSx(v, LDIGITS);
      case 'X' -> fmtSx(v, UDIGITS);
      case 'q' -> fmtQ(v);
      default -> badVerb(verb);
    }
  }

  // ---------------------------------------------------------------- fmt (format.go)

  private void writePadding(final int n) {
    if (n <= 0) {
      return;
    }
    final char padByte = zero ? '0' : ' ';
    for (int i = 0; i < n; i++) {
      buf.append(padByte);
    }
  }

  private void pad(final CharSequence s) {
    if (!widPresent || wid == 0) {
      buf.append(s);
      return;
    }
    final int width = wid - Character.codePointCount(s, 0, s.length());
    if (!minus) {
      writePadding(width);
      buf.append(s);
    } else {
      buf.append(s);
      writePadding(width);
    }
  }

  private void padString(final String s) {
    pad(s);
  }

  private void fmtUnicode(final long u) {
    final StringBuilder b = new StringBuilder();
    int precision = 4;
    if (precPresent && prec > 4) {
      precision = prec;
    }
    final String hex = Long.toHexString(u).toUpperCase(java.util.Locale.ROOT);
    b.append("U+");
    for (int i = hex.length(); i < precision; i++) {
      b.append('0');
    }
    b.append(hex);
    if (sharp && u >= 0 && u <= Character.MAX_CODE_POINT && GoStrings.isPrint((int) u)) {
      b.append(" '").appendCodePoint((int) u).append('\'');
    }
    final boolean oldZero = zero;
    zero = false;
    pad(b);
    zero = oldZero;
  }

  private void fmtInteger(final long value, final int base, final boolean isSigned, final int verb,
      final String digits) {
    final boolean negative = isSigned && value < 0;
    // Magnitude as unsigned; Long.MIN_VALUE stays itself and is handled as unsigned.
    final long u = negative ? -value : value;

    int precision = 0;
    if (precPresent) {
      precision = prec;
      if (precision == 0 && u == 0) {
        final boolean oldZero = zero;
        zero = false;
        writePadding(wid);
        zero = oldZero;
        return;
      }
    } else if (zero && widPresent) {
      precision = wid;
      if (negative || plus || space) {
        precision--; // leave room for sign
      }
    }

    String body = switch (base) {
      case 10 -> Long.toUnsignedString(u);
      case 16 -> Long.toHexString(u);
      case 8 -> Long.toOctalString(u);
      default -> Long.toBinaryString(u);
    };
    if (digits == UDIGITS) {
      body = body.toUpperCase(java.util.Locale.ROOT);
    }
    final StringBuilder b = new StringBuilder(body.length() + 8);
    for (int i = body.length(); i < precision; i++) {
      b.append('0');
    }
    b.append(body);
    if (sharp) {
      switch (base) {
        case 2 -> b.insert(0, "0b");
        case 8 -> {
          if (b.charAt(0) != '0') {
            b.insert(0, '0');
          }
        }
        case 16 -> b.insert(0, digits.charAt(16)).insert(0, '0');
        default -> {
        }
      }
    }
    if (verb == 'O') {
      b.insert(0, "0o");
    }
    if (negative) {
      b.insert(0, '-');
    } else if (plus) {
      b.insert(0, '+');
    } else if (space) {
      b.insert(0, ' ');
    }
    final boolean oldZero = zero;
    zero = false;
    pad(b);
    zero = oldZero;
  }

  private String truncateString(final String s) {
    if (precPresent) {
      int n = prec;
      for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
        n--;
        if (n < 0) {
          return s.substring(0, i);
        }
      }
    }
    return s;
  }

  private void fmtS(final String s) {
    padString(truncateString(s));
  }

  private void fmtSx(final String s, final String digits) {
    final byte[] b = GoStrings.toBytes(s);
    int length = b.length;
    if (precPresent && prec < length) {
      length = prec;
    }
    int width = 2 * length;
    if (width > 0) {
      if (space) {
        if (sharp) {
          width *= 2;
        }
        width += length - 1;
      } else if (sharp) {
        width += 2;
      }
    } else {
      if (widPresent) {
        writePadding(wid);
      }
      return;
    }
    if (widPresent && wid > width && !minus) {
      writePadding(wid - width);
    }
    if (sharp) {
      buf.append('0').append(digits.charAt(16));
    }
    for (int i = 0; i < length; i++) {
      if (space && i > 0) {
        buf.append(' ');
        if (sharp) {
          buf.append('0').append(digits.charAt(16));
        }
      }
      final int c = b[i] & 0xFF;
      buf.append(digits.charAt(c >> 4)).append(digits.charAt(c & 0xF));
    }
    if (widPresent && wid > width && minus) {
      writePadding(wid - width);
    }
  }

  private void fmtQ(final String str) {
    final String s = truncateString(str);
    if (sharp && GoStrings.canBackquote(s)) {
      padString("`" + s + "`");
      return;
    }
    pad(GoStrings.quote(s, '"', plus));
  }

  private void fmtC(final long c) {
    int r = (int) c;
    if (c < 0 || c > Character.MAX_CODE_POINT || (r >= 0xD800 && r <= 0xDFFF)) {
      r = 0xFFFD;
    }
    pad(new StringBuilder().appendCodePoint(r));
  }

  private void fmtQc(final long c) {
    int r = (int) c;
    if (c < 0 || c > Character.MAX_CODE_POINT) {
      r = 0xFFFD;
    }
    pad(GoStrings.quoteRune(r, plus));
  }

  private void fmtFloat(final double v, final char verb, final int precision) {
    int p = precision;
    if (precPresent) {
      p = prec;
    }
    final StringBuilder num = new StringBuilder(24);
    num.append('+');
    GoFloats.format(num, v, verb, p);
    if (num.charAt(1) == '-' || num.charAt(1) == '+') {
      num.deleteCharAt(0);
    }
    if (space && num.charAt(0) == '+' && !plus) {
      num.setCharAt(0, ' ');
    }
    if (num.charAt(1) == 'I' || num.charAt(1) == 'N') {
      final boolean oldZero = zero;
      zero = false;
      if (num.charAt(1) == 'N' && !space && !plus) {
        num.deleteCharAt(0);
      }
      pad(num);
      zero = oldZero;
      return;
    }
    if (sharp && verb != 'b') {
      int digits = 0;
      if (verb == 'v' || verb == 'g' || verb == 'G' || verb == 'x') {
        digits = p;
        if (digits == -1) {
          digits = 6;
        }
      }
      String tail = "";
      boolean hasDecimalPoint = false;
      boolean sawNonzeroDigit = false;
      for (int i = 1; i < num.length(); i++) {
        final char ch = num.charAt(i);
        if (ch == '.') {
          hasDecimalPoint = true;
        } else if (ch == 'p' || ch == 'P') {
          tail = num.substring(i);
          num.setLength(i);
          break;
        } else if ((ch == 'e' || ch == 'E') && verb != 'x' && verb != 'X') {
          tail = num.substring(i);
          num.setLength(i);
          break;
        } else {
          if (ch != '0') {
            sawNonzeroDigit = true;
          }
          if (sawNonzeroDigit) {
            digits--;
          }
        }
      }
      if (!hasDecimalPoint) {
        if (num.length() == 2 && num.charAt(1) == '0') {
          digits--;
        }
        num.append('.');
      }
      while (digits > 0) {
        num.append('0');
        digits--;
      }
      num.append(tail);
    }
    if (plus || num.charAt(0) != '+') {
      if (zero && widPresent && wid > num.length()) {
        buf.append(num.charAt(0));
        writePadding(wid - num.length());
        buf.append(num, 1, num.length());
        return;
      }
      pad(num);
      return;
    }
    pad(num.subSequence(1, num.length()));
  }
}
