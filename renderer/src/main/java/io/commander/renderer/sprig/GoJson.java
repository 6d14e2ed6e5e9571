package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import io.commander.renderer.gotemplate.GoValues;
import io.commander.renderer.gotemplate.RenderBudget;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Go's {@code encoding/json} over template values: {@code Marshal} (map keys sorted, HTML characters
 * escaped unless asked otherwise, floats as ES6 prints them), {@code MarshalIndent}, and
 * {@code Unmarshal} into {@code interface{}} with Go's syntax errors, word for word.
 */
final class GoJson {

  private static final String HEX = "0123456789abcdef";
  private static final int MAX_DEPTH = 10000;

  /** The value {@link #decode} produced and the first error Go reported while producing it. */
  record Decoded(Object value, String error) {
  }

  private GoJson() {
  }

  // ---------------------------------------------------------------- encoding

  /**
   * {@code json.Marshal(v)}, or with {@code escapeHtml} false what an encoder with
   * {@code SetEscapeHTML(false)} writes (without its newline).
   *
   * @throws FunctionException with Go's message for NaN, infinities and values JSON cannot hold
   */
  static String marshal(final Object v, final boolean escapeHtml) throws FunctionException {
    final StringBuilder out = new StringBuilder();
    encode(out, v, escapeHtml);
    return out.toString();
  }

  /** {@code json.MarshalIndent(v, "", indent)}. */
  static String marshalIndent(final Object v, final String indent) throws FunctionException {
    return indent(marshal(v, true), indent);
  }

  private static void encode(final StringBuilder out, final Object v, final boolean escapeHtml)
      throws FunctionException {
    if (v == null) {
      out.append("null");
    } else if (v instanceof String s) {
      string(out, s, escapeHtml);
    } else if (v instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (GoValues.isInt(v) || GoValues.isUint(v)) {
      out.append(((Number) v).longValue());
    } else if (GoValues.isFloat(v)) {
      number(out, ((Number) v).doubleValue());
    } else if (v instanceof Map<?, ?> m) {
      // Elements count as work: shared lists nested deep encode to exponentially long text.
      RenderBudget.current().work(m.size());
      out.append('{');
      boolean first = true;
      for (final Object key : GoValues.sortedKeys(m)) {
        if (!first) {
          out.append(',');
        }
        first = false;
        string(out, String.valueOf(key), escapeHtml);
        out.append(':');
        encode(out, m.get(key), escapeHtml);
      }
      out.append('}');
    } else if (v instanceof List<?> l) {
      RenderBudget.current().work(l.size());
      out.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        encode(out, l.get(i), escapeHtml);
      }
      out.append(']');
    } else if (v instanceof Semver version) {
      string(out, version.toString(), escapeHtml);
    } else if (v instanceof GoTime time) {
      string(out, time.marshalText(), escapeHtml);
    } else {
      throw new FunctionException("json: unsupported type: " + GoConvert.typeOf(v));
    }
  }

  /** A float64 as Go's encoder writes it: %f-like in [1e-6, 1e21), else with an exponent. */
  private static void number(final StringBuilder out, final double f) throws FunctionException {
    if (Double.isNaN(f) || Double.isInfinite(f)) {
      throw new FunctionException("json: unsupported value: " + GoStrconv.formatShortest(f));
    }
    final double abs = Math.abs(f);
    if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
      final String e = GoStrconv.formatShortest(f, 'e');
      final int n = e.length();
      // Go cleans up e-09 to e-9.
      if (n >= 4 && e.charAt(n - 4) == 'e' && e.charAt(n - 3) == '-' && e.charAt(n - 2) == '0') {
        out.append(e, 0, n - 2).append(e.charAt(n - 1));
      } else {
        out.append(e);
      }
    } else {
      out.append(GoStrconv.formatShortest(f, 'f'));
    }
  }

  /** A string as Go's encoder quotes it. */
  static void string(final StringBuilder out, final String s, final boolean escapeHtml) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c != '"' && c != '\\' && (!escapeHtml || c != '<' && c != '>' && c != '&')) {
          out.append(c);
          continue;
        }
        out.append('\\');
        switch (c) {
          case '\\', '"' -> out.append(c);
          case '\n' -> out.append('n');
          case '\r' -> out.append('r');
          case '\t' -> out.append('t');
          default -> out.append("u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
        }
      } else if (c == '\u2028' || c == '\u2029') {
        out.append("\\u202").append(HEX.charAt(c & 0xF));
      } else if (Character.isSurrogate(c)
          && !(Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))) {
        // A lone surrogate is not valid UTF-8: Go writes the replacement character.
        out.append("\\ufffd");
      } else if (Character.isHighSurrogate(c)) {
        out.append(c).append(s.charAt(++i));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /** {@code json.Indent} with an empty prefix, applied to compact JSON. */
  private static String indent(final String compact, final String indent) {
    final StringBuilder out = new StringBuilder(compact.length() * 2);
    int depth = 0;
    boolean inString = false;
    boolean needIndent = false;
    for (int i = 0; i < compact.length(); i++) {
      final char c = compact.charAt(i);
      if (inString) {
        out.append(c);
        if (c == '\\') {
          out.append(compact.charAt(++i));
        } else if (c == '"') {
          inString = false;
        }
        continue;
      }
      if (needIndent && c != ']' && c != '}') {
        needIndent = false;
        depth++;
        newline(out, indent, depth);
      }
      switch (c) {
        case '"' -> {
          inString = true;
          out.append(c);
        }
        case '{', '[' -> {
          needIndent = true;
          out.append(c);
        }
        case ',' -> {
          out.append(c);
          newline(out, indent, depth);
        }
        case ':' -> out.append(": ");
        case '}', ']' -> {
          if (needIndent) {
            // An empty object or array stays compact.
            needIndent = false;
          } else {
            depth--;
            newline(out, indent, depth);
          }
          out.append(c);
        }
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  private static void newline(final StringBuilder out, final String indent, final int depth) {
    out.append('\n');
    for (int i = 0; i < depth; i++) {
      out.append(indent);
    }
  }

  // ---------------------------------------------------------------- decoding

  /**
   * {@code json.Unmarshal} into {@code interface{}}: a syntax error leaves no value; a number that
   * does not fit a float64 becomes nil and is reported, as in Go.
   */
  static Decoded decode(final String text) {
    final byte[] data = GoText.utf8(text);
    final String syntaxError = new Scanner().check(data);
    if (syntaxError != null) {
      return new Decoded(null, syntaxError);
    }
    final Decoder decoder = new Decoder(data);
    final Object value = decoder.value();
    return new Decoded(value, decoder.error);
  }

  /** Go's word for the kind of a decoded JSON value, as its type errors name it. */
  static String kindWord(final Object decoded) {
    if (decoded instanceof Map) {
      return "object";
    }
    if (decoded instanceof List) {
      return "array";
    }
    if (decoded instanceof String) {
      return "string";
    }
    if (decoded instanceof Boolean) {
      return "bool";
    }
    return "number";
  }

  /** Go's {@code checkValid}: the scanner state machine of {@code encoding/json/scanner.go}. */
  private static final class Scanner {
    private enum Parse { OBJECT_KEY, OBJECT_VALUE, ARRAY_VALUE }

    private enum Step {
      BEGIN_VALUE_OR_EMPTY, BEGIN_VALUE, BEGIN_STRING_OR_EMPTY, BEGIN_STRING, END_VALUE, END_TOP, IN_STRING,
      IN_STRING_ESC, ESC_U, ESC_U1, ESC_U12, ESC_U123, NEG, ONE, ZERO, DOT, DOT0, E, E_SIGN, E0,
      T, TR, TRU, F, FA, FAL, FALS, N, NU, NUL, ERROR
    }

    private final List<Parse> parseState = new ArrayList<>();
    private Step step = Step.BEGIN_VALUE;
    private boolean endTop;
    private String err;

    String check(final byte[] data) {
      for (final byte b : data) {
        if (step(b & 0xFF)) {
          return err;
        }
      }
      if (err != null || endTop) {
        return err;
      }
      step(' ');
      if (endTop) {
        return err;
      }
      return err != null ? err : "unexpected end of JSON input";
    }

    /** Advances over one byte; true when the byte was an error. */
    private boolean step(final int c) {
      switch (step) {
        case BEGIN_VALUE_OR_EMPTY:
          if (isSpace(c)) {
            return false;
          }
          if (c == ']') {
            return endValue(c);
          }
          return beginValue(c);
        case BEGIN_VALUE:
          return beginValue(c);
        case BEGIN_STRING_OR_EMPTY:
          if (isSpace(c)) {
            return false;
          }
          if (c == '}') {
            parseState.set(parseState.size() - 1, Parse.OBJECT_VALUE);
            return endValue(c);
          }
          return beginString(c);
        case BEGIN_STRING:
          return beginString(c);
        case END_VALUE:
          return endValue(c);
        case END_TOP:
          return endTop(c);
        case IN_STRING:
          if (c == '"') {
            step = Step.END_VALUE;
          } else if (c == '\\') {
            step = Step.IN_STRING_ESC;
          } else if (c < 0x20) {
            return error(c, "in string literal");
          }
          return false;
        case IN_STRING_ESC:
          if ("bfnrt\\/\"".indexOf(c) >= 0) {
            step = Step.IN_STRING;
            return false;
          }
          if (c == 'u') {
            step = Step.ESC_U;
            return false;
          }
          return error(c, "in string escape code");
        case ESC_U:
        case ESC_U1:
        case ESC_U12:
        case ESC_U123:
          if (c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
            step = switch (step) {
              case ESC_U -> Step.ESC_U1;
              case ESC_U1 -> Step.ESC_U12;
              case ESC_U12 -> Step.ESC_U123;
              default -> Step.IN_STRING;
            };
            return false;
          }
          return error(c, "in \\u hexadecimal character escape");
        case NEG:
          if (c == '0') {
            step = Step.ZERO;
            return false;
          }
          if (c >= '1' && c <= '9') {
            step = Step.ONE;
            return false;
          }
          return error(c, "in numeric literal");
        case ONE:
          if (c >= '0' && c <= '9') {
            return false;
          }
          return zero(c);
        case ZERO:
          return zero(c);
        case DOT:
          if (c >= '0' && c <= '9') {
            step = Step.DOT0;
            return false;
          }
          return error(c, "after decimal point in numeric literal");
        case DOT0:
          if (c >= '0' && c <= '9') {
            return false;
          }
          if (c == 'e' || c == 'E') {
            step = Step.E;
            return false;
          }
          return endValue(c);
        case E:
          if (c == '+' || c == '-') {
            step = Step.E_SIGN;
            return false;
          }
          return eSign(c);
        case E_SIGN:
          return eSign(c);
        case E0:
          if (c >= '0' && c <= '9') {
            return false;
          }
          return endValue(c);
        case T:
          return literal(c, 'r', Step.TR, "in literal true (expecting 'r')");
        case TR:
          return literal(c, 'u', Step.TRU, "in literal true (expecting 'u')");
        case TRU:
          return literal(c, 'e', Step.END_VALUE, "in literal true (expecting 'e')");
        case F:
          return literal(c, 'a', Step.FA, "in literal false (expecting 'a')");
        case FA:
          return literal(c, 'l', Step.FAL, "in literal false (expecting 'l')");
        case FAL:
          return literal(c, 's', Step.FALS, "in literal false (expecting 's')");
        case FALS:
          return literal(c, 'e', Step.END_VALUE, "in literal false (expecting 'e')");
        case N:
          return literal(c, 'u', Step.NU, "in literal null (expecting 'u')");
        case NU:
          return literal(c, 'l', Step.NUL, "in literal null (expecting 'l')");
        case NUL:
          return literal(c, 'l', Step.END_VALUE, "in literal null (expecting 'l')");
        default:
          return true;
      }
    }

    private boolean literal(final int c, final char expected, final Step next, final String context) {
      if (c == expected) {
        step = next;
        return false;
      }
      return error(c, context);
    }

    private boolean zero(final int c) {
      if (c == '.') {
        step = Step.DOT;
        return false;
      }
      if (c == 'e' || c == 'E') {
        step = Step.E;
        return false;
      }
      return endValue(c);
    }

    private boolean eSign(final int c) {
      if (c >= '0' && c <= '9') {
        step = Step.E0;
        return false;
      }
      return error(c, "in exponent of numeric literal");
    }

    private boolean beginValue(final int c) {
      if (isSpace(c)) {
        return false;
      }
      switch (c) {
        case '{':
          step = Step.BEGIN_STRING_OR_EMPTY;
          return push(c, Parse.OBJECT_KEY);
        case '[':
          step = Step.BEGIN_VALUE_OR_EMPTY;
          return push(c, Parse.ARRAY_VALUE);
        case '"':
          step = Step.IN_STRING;
          return false;
        case '-':
          step = Step.NEG;
          return false;
        case '0':
          step = Step.ZERO;
          return false;
        case 't':
          step = Step.T;
          return false;
        case 'f':
          step = Step.F;
          return false;
        case 'n':
          step = Step.N;
          return false;
        default:
          if (c >= '1' && c <= '9') {
            step = Step.ONE;
            return false;
          }
          return error(c, "looking for beginning of value");
      }
    }

    private boolean beginString(final int c) {
      if (isSpace(c)) {
        return false;
      }
      if (c == '"') {
        step = Step.IN_STRING;
        return false;
      }
      return error(c, "looking for beginning of object key string");
    }

    private boolean endValue(final int c) {
      final int n = parseState.size();
      if (n == 0) {
        step = Step.END_TOP;
        endTop = true;
        return endTop(c);
      }
      if (isSpace(c)) {
        step = Step.END_VALUE;
        return false;
      }
      switch (parseState.get(n - 1)) {
        case OBJECT_KEY:
          if (c == ':') {
            parseState.set(n - 1, Parse.OBJECT_VALUE);
            step = Step.BEGIN_VALUE;
            return false;
          }
          return error(c, "after object key");
        case OBJECT_VALUE:
          if (c == ',') {
            parseState.set(n - 1, Parse.OBJECT_KEY);
            step = Step.BEGIN_STRING;
            return false;
          }
          if (c == '}') {
            pop();
            return false;
          }
          return error(c, "after object key:value pair");
        default:
          if (c == ',') {
            step = Step.BEGIN_VALUE;
            return false;
          }
          if (c == ']') {
            pop();
            return false;
          }
          return error(c, "after array element");
      }
    }

    private boolean endTop(final int c) {
      if (!isSpace(c) && err == null) {
        // Go notes the complaint and reports it at the end of the input.
        err = "invalid character " + quoteChar(c) + " after top-level value";
      }
      return false;
    }

    private boolean push(final int c, final Parse p) {
      parseState.add(p);
      if (parseState.size() <= MAX_DEPTH) {
        return false;
      }
      return error(c, "exceeded max depth");
    }

    private void pop() {
      parseState.remove(parseState.size() - 1);
      if (parseState.isEmpty()) {
        step = Step.END_TOP;
        endTop = true;
      } else {
        step = Step.END_VALUE;
      }
    }

    private boolean error(final int c, final String context) {
      step = Step.ERROR;
      err = "invalid character " + quoteChar(c) + " " + context;
      return true;
    }

    private static boolean isSpace(final int c) {
      return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    private static String quoteChar(final int c) {
      if (c == '\'') {
        return "'\\''";
      }
      if (c == '"') {
        return "'\"'";
      }
      final String s = GoValues.quote(String.valueOf((char) c));
      return "'" + s.substring(1, s.length() - 1) + "'";
    }
  }

  /** Builds the value of JSON text already known to be valid. */
  private static final class Decoder {
    private final byte[] data;
    private int pos;
    private String error;

    Decoder(final byte[] data) {
      this.data = data;
    }

    Object value() {
      skipSpace();
      final int c = data[pos];
      switch (c) {
        case '{': {
          pos++;
          final Map<String, Object> map = new LinkedHashMap<>();
          skipSpace();
          if (data[pos] == '}') {
            pos++;
            return map;
          }
          while (true) {
            skipSpace();
            final String key = string();
            skipSpace();
            pos++; // ':'
            map.put(key, value());
            skipSpace();
            if (data[pos++] == '}') {
              return map;
            }
          }
        }
        case '[': {
          pos++;
          final List<Object> list = new ArrayList<>();
          skipSpace();
          if (data[pos] == ']') {
            pos++;
            return list;
          }
          while (true) {
            list.add(value());
            skipSpace();
            if (data[pos++] == ']') {
              return list;
            }
          }
        }
        case '"':
          return string();
        case 't':
          pos += 4;
          return Boolean.TRUE;
        case 'f':
          pos += 5;
          return Boolean.FALSE;
        case 'n':
          pos += 4;
          return null;
        default:
          return number();
      }
    }

    private Object number() {
      final int start = pos;
      while (pos < data.length && "+-0123456789.eE".indexOf(data[pos]) >= 0) {
        pos++;
      }
      final String literal = new String(data, start, pos - start, StandardCharsets.US_ASCII);
      try {
        return GoStrconv.parseFloat(literal);
      } catch (final GoStrconv.NumError e) {
        if (error == null) {
          error = "json: cannot unmarshal number " + literal + " into Go value of type float64";
        }
        return null;
      }
    }

    private String string() {
      pos++; // opening quote
      final StringBuilder out = new StringBuilder();
      int runStart = pos;
      while (true) {
        final int c = data[pos] & 0xFF;
        if (c == '"') {
          out.append(new String(data, runStart, pos - runStart, StandardCharsets.UTF_8));
          pos++;
          return out.toString();
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        out.append(new String(data, runStart, pos - runStart, StandardCharsets.UTF_8));
        final int e = data[pos + 1];
        pos += 2;
        switch (e) {
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case 'n' -> out.append('\n');
          case 'r' -> out.append('\r');
          case 't' -> out.append('\t');
          case 'u' -> {
            final int r = hex4(pos);
            pos += 4;
            if (Character.isSurrogate((char) r)) {
              // A surrogate pair spelled as two escapes; anything else is the replacement character.
              if (Character.isHighSurrogate((char) r) && pos + 6 <= data.length && data[pos] == '\\'
                  && data[pos + 1] == 'u') {
                final int r2 = hex4(pos + 2);
                if (Character.isLowSurrogate((char) r2)) {
                  out.append((char) r).append((char) r2);
                  pos += 6;
                  runStart = pos;
                  continue;
                }
              }
              out.append('\uFFFD');
            } else {
              out.append((char) r);
            }
          }
          default -> out.append((char) e);
        }
        runStart = pos;
      }
    }

    private int hex4(final int at) {
      return Integer.parseInt(new String(data, at, 4, StandardCharsets.US_ASCII), 16);
    }

    private void skipSpace() {
      while (pos < data.length && (data[pos] == ' ' || data[pos] == '\t' || data[pos] == '\r' || data[pos] == '\n')) {
        pos++;
      }
    }
  }
}
