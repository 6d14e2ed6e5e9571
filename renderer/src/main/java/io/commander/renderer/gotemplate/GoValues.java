package io.commander.renderer.gotemplate;

import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Go's view of the values templates work on, for the engine and for function libraries.
 *
 * <p>Values are what {@code json.Unmarshal} into {@code interface{}} gives, in Java: {@code null}
 * (nil), {@link Boolean}, {@link String}, {@link Double} (float64), {@link List} ([]interface {})
 * and {@link Map} (map[string]interface {}, iterated in sorted key order); template number
 * literals and integer results are {@link Long} (Go int). Functions may also return
 * {@link Integer}, {@link Short} or {@link Byte} (Go int) and {@link Float} (float64). Other Go
 * types have their own classes: {@link GoInt64}, {@link GoUint8} (a byte of a string),
 * {@link GoComplex}; a list or map of another Go type (e.g. sprig's {@code []string}) implements
 * {@link GoObject} to name its type, and values with methods or fields implement it too.
 *
 * <p>Go strings are bytes and need not be UTF-8 (slicing "é" in the middle gives one byte).
 * Such a byte is carried in a Java string as the lone surrogate U+DC80 + (byte - 0x80); see
 * {@link #goBytes} and {@link #goString}, which convert as Go's {@code []byte(s)} and
 * {@code string(b)} do.
 */
public final class GoValues {

  /** The kinds of values, as Go's {@code reflect.Kind} sorts them. */
  public enum Kind {
    /** nil. */
    NIL,
    /** bool. */
    BOOL,
    /** Go signed integers: int (Long, Integer, Short, Byte) and int64 ({@link GoInt64}). */
    INT,
    /** uint8: {@link GoUint8}, what {@code index} of a string gives. */
    UINT,
    /** float64: Double, Float. */
    FLOAT,
    /** complex128: {@link GoComplex}, from template constants such as {@code 1i}. */
    COMPLEX,
    /** string. */
    STRING,
    /** []interface {}: any java.util.List. */
    LIST,
    /** map[string]interface {}: any java.util.Map. */
    MAP,
    /** Anything else. */
    OTHER
  }

  /**
   * Go's "no value" (an invalid {@code reflect.Value}): what a missing map key or a field of
   * nothing evaluates to. It never reaches a function: functions see {@code null} instead.
   */
  static final Object NO_VALUE = new Object() {
    @Override
    public String toString() {
      return "<no value>";
    }
  };

  /** Keys compare as Go compares strings: by UTF-8 bytes, which is code point order. */
  private static final Comparator<Object> KEY_ORDER = (a, b) -> {
    if (a instanceof String x && b instanceof String y) {
      return compareStrings(x, y);
    }
    if (isInt(a) && isInt(b)) {
      return Long.compare(((Number) a).longValue(), ((Number) b).longValue());
    }
    return compareStrings(String.valueOf(a), String.valueOf(b));
  };

  private GoValues() {
  }

  /** The kind of {@code v}. */
  public static Kind kind(final Object v) {
    if (v == null || v == NO_VALUE) {
      return Kind.NIL;
    }
    if (v instanceof String) {
      return Kind.STRING;
    }
    if (isInt(v)) {
      return Kind.INT;
    }
    if (v instanceof Double || v instanceof Float) {
      return Kind.FLOAT;
    }
    if (v instanceof Boolean) {
      return Kind.BOOL;
    }
    if (v instanceof GoUint8) {
      return Kind.UINT;
    }
    if (v instanceof GoComplex) {
      return Kind.COMPLEX;
    }
    if (v instanceof List) {
      return Kind.LIST;
    }
    if (v instanceof Map) {
      return Kind.MAP;
    }
    return Kind.OTHER;
  }

  /** Whether {@code v} is a Go signed integer: an int (Long, Integer, Short, Byte) or a {@link GoInt64}. */
  public static boolean isInt(final Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof GoInt64;
  }

  /** Whether {@code v} is a Go unsigned integer ({@link GoUint8}). */
  public static boolean isUint(final Object v) {
    return v instanceof GoUint8;
  }

  /** Whether {@code v} is a float64 (Double or Float). */
  public static boolean isFloat(final Object v) {
    return v instanceof Double || v instanceof Float;
  }

  /** The name Go prints for the type of {@code v} ({@code %T}), e.g. {@code float64}. */
  public static String typeName(final Object v) {
    return GoFormat.typeName(v == NO_VALUE ? null : v);
  }

  /**
   * Go's {@code template.IsTrue}: false, 0, 0.0, nil, the empty string and empty lists and maps
   * are false; everything else is true.
   */
  public static boolean truth(final Object v) {
    if (v == null || v == NO_VALUE) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (isInt(v)) {
      return ((Number) v).longValue() != 0;
    }
    if (v instanceof Double || v instanceof Float) {
      return ((Number) v).doubleValue() != 0;
    }
    if (v instanceof GoUint8 u) {
      return u.intValue() != 0;
    }
    if (v instanceof GoComplex c) {
      return c.re() != 0 || c.im() != 0;
    }
    if (v instanceof Collection<?> c) {
      return !c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  /** {@code fmt.Sprint(v)}: how an action prints a value ({@code %v}). */
  public static String print(final Object v) {
    if (v instanceof String s) {
      return s;
    }
    final StringBuilder b = new StringBuilder();
    GoFormat.printValue(b, v == NO_VALUE ? null : v);
    return b.toString();
  }

  /** Appends {@code fmt.Sprint(v)} to {@code out}. */
  public static void print(final StringBuilder out, final Object v) {
    GoFormat.printValue(out, v == NO_VALUE ? null : v);
  }

  /** {@code fmt.Sprint(args...)}: a space between operands when neither is a string. */
  public static String sprint(final Object... args) {
    final StringBuilder b = new StringBuilder();
    GoFormat.sprint(b, args);
    return b.toString();
  }

  /** {@code fmt.Sprintln(args...)}. */
  public static String sprintln(final Object... args) {
    final StringBuilder b = new StringBuilder();
    GoFormat.sprintln(b, args);
    return b.toString();
  }

  /** {@code fmt.Sprintf(format, args...)}, with Go's verbs, flags and error forms. */
  public static String sprintf(final String format, final Object... args) {
    final StringBuilder b = new StringBuilder(format.length() + 16);
    GoFormat.sprintf(b, format, args);
    return b.toString();
  }

  /** {@code strconv.Quote(s)}. */
  public static String quote(final String s) {
    return GoStrings.quote(s, '"', false);
  }

  /** Compares strings as Go does: by their UTF-8 bytes (code point order). */
  public static int compareStrings(final String a, final String b) {
    final int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      final char x = a.charAt(i);
      final char y = b.charAt(i);
      if (x != y) {
        // Surrogates (code points above U+FFFF) sort after every other char in code point order.
        final boolean sx = Character.isSurrogate(x);
        final boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  /** The keys of {@code m} in the order Go iterates and prints a map: sorted. */
  public static List<Object> sortedKeys(final Map<?, ?> m) {
    final Object[] keys = m.keySet().toArray();
    if (keys.length > 1) {
      Arrays.sort(keys, KEY_ORDER);
    }
    return Arrays.asList(keys);
  }

  /** The length of a string in bytes, as Go's {@code len} counts it. */
  public static int byteLength(final String s) {
    return GoStrings.utf8Length(s, 0, s.length());
  }

  /** Go's {@code []byte(s)}: the UTF-8 bytes, with carried raw bytes restored. */
  public static byte[] goBytes(final String s) {
    return GoStrings.toBytes(s);
  }

  /** Go's {@code string(b[from:to])}: bytes that are not UTF-8 are carried as raw bytes. */
  public static String goString(final byte[] b, final int from, final int to) {
    return GoStrings.fromBytes(b, from, to);
  }

  /**
   * Go's {@code reflect.DeepEqual} over template values: same kind and equal, recursively; an int
   * never equals a float64.
   */
  public static boolean deepEqual(final Object a, final Object b) {
    if (a == b) {
      return true;
    }
    final Kind ka = kind(a);
    if (ka != kind(b)) {
      return false;
    }
    if (!typeName(a).equals(typeName(b))) {
      return false;
    }
    switch (ka) {
      case NIL:
        return true;
      case INT:
      case UINT:
        return ((Number) a).longValue() == ((Number) b).longValue();
      case COMPLEX:
        return ((GoComplex) a).re() == ((GoComplex) b).re() && ((GoComplex) a).im() == ((GoComplex) b).im();
      case FLOAT:
        return ((Number) a).doubleValue() == ((Number) b).doubleValue();
      case LIST: {
        final List<?> x = (List<?>) a;
        final List<?> y = (List<?>) b;
        if (x.size() != y.size()) {
          return false;
        }
        for (int i = 0; i < x.size(); i++) {
          if (!deepEqual(x.get(i), y.get(i))) {
            return false;
          }
        }
        return true;
      }
      case MAP: {
        final Map<?, ?> x = (Map<?, ?>) a;
        final Map<?, ?> y = (Map<?, ?>) b;
        if (x.size() != y.size()) {
          return false;
        }
        for (final Map.Entry<?, ?> e : x.entrySet()) {
          if (!y.containsKey(e.getKey()) || !deepEqual(e.getValue(), y.get(e.getKey()))) {
            return false;
          }
        }
        return true;
      }
      default:
        return Objects.equals(a, b);
    }
  }

  /**
   * A read-only list that Go sees as a slice of another element type than {@code interface{}},
   * such as the {@code []string} that sprig's {@code toStrings} returns: {@code %T} and errors name
   * {@code goType}.
   */
  public static List<Object> typedList(final List<?> items, final String goType) {
    return new Builtins.TypedSlice(java.util.Collections.unmodifiableList(items), goType);
  }
}
