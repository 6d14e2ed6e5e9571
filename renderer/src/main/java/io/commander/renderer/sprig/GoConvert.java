package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import io.commander.renderer.gotemplate.GoComplex;
import io.commander.renderer.gotemplate.GoValues;
import io.commander.renderer.gotemplate.TemplateFunction;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The conversions sprig applies to template values: {@code spf13/cast}'s {@code ToInt64},
 * {@code ToInt} and {@code ToFloat64} (errors swallowed, as sprig does), sprig's {@code strval},
 * {@code strslice} and {@code empty}, and the {@code reflect} kind names its error messages use.
 */
final class GoConvert {

  /** Go's message when a function calls a method on a nil {@code reflect.Type}. */
  static final String NIL_DEREFERENCE = "runtime error: invalid memory address or nil pointer dereference";

  private GoConvert() {
  }

  /** {@code cast.ToInt64(v)}: 0 where cast fails. */
  static long toInt64(final Object v) {
    if (GoValues.isInt(v) || GoValues.isUint(v)) {
      return ((Number) v).longValue();
    }
    if (GoValues.isFloat(v)) {
      return GoStrconv.floatToInt64(((Number) v).doubleValue());
    }
    if (v instanceof String s) {
      try {
        return GoStrconv.parseInt(trimZeroDecimal(s), 0);
      } catch (final GoStrconv.NumError e) {
        return 0;
      }
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return 0;
  }

  /** {@code cast.ToInt(v)}: the same as {@link #toInt64} where Go's int has 64 bits. */
  static long toInt(final Object v) {
    return toInt64(v);
  }

  /** {@code cast.ToFloat64(v)}: 0 where cast fails. */
  static double toFloat64(final Object v) {
    if (GoValues.isInt(v) || GoValues.isUint(v) || GoValues.isFloat(v)) {
      return ((Number) v).doubleValue();
    }
    if (v instanceof String s) {
      try {
        return GoStrconv.parseFloat(s);
      } catch (final GoStrconv.NumError e) {
        return 0;
      }
    }
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    return 0;
  }

  /** cast's {@code trimZeroDecimal}: "12.000" reads as "12", "12.50" stays. */
  static String trimZeroDecimal(final String s) {
    boolean foundZero = false;
    for (int i = s.length(); i > 0; i--) {
      switch (s.charAt(i - 1)) {
        case '.':
          if (foundZero) {
            return s.substring(0, i - 1);
          }
          break;
        case '0':
          foundZero = true;
          break;
        default:
          return s;
      }
    }
    return s;
  }

  /** sprig's {@code strval}: a string as is, a Stringer's {@code String()}, else {@code %v}. */
  static String strval(final Object v) {
    if (v instanceof String s) {
      return s;
    }
    return GoValues.print(v);
  }

  /** sprig's {@code strslice}: list elements as strings (nil elements dropped), else a one-string list. */
  static List<Object> strslice(final Object v) {
    final List<Object> out = new ArrayList<>();
    if (v instanceof List<?> list) {
      for (final Object e : list) {
        if (e != null) {
          out.add(strval(e));
        }
      }
    } else if (v != null) {
      out.add(strval(v));
    }
    return out;
  }

  /** sprig's {@code empty}: nil, false, 0, and empty strings, lists and maps are empty. */
  static boolean empty(final Object v) {
    if (v == null) {
      return true;
    }
    if (v instanceof String s) {
      return s.isEmpty();
    }
    if (v instanceof Collection<?> c) {
      return c.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return m.isEmpty();
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    if (GoValues.isInt(v) || GoValues.isUint(v)) {
      return ((Number) v).longValue() == 0;
    }
    if (GoValues.isFloat(v)) {
      return ((Number) v).doubleValue() == 0;
    }
    if (v instanceof GoComplex c) {
      return c.re() == 0 && c.im() == 0;
    }
    return false;
  }

  /** {@code reflect.TypeOf(v).Kind().String()}; nil has no type, which Go dereferences and panics. */
  static String kind(final Object v) throws FunctionException {
    if (v == null) {
      throw new FunctionException(NIL_DEREFERENCE);
    }
    return kindOf(v);
  }

  /** {@code reflect.ValueOf(v).Kind().String()}: "invalid" for nil. */
  static String kindOf(final Object v) {
    if (v == null) {
      return "invalid";
    }
    switch (GoValues.kind(v)) {
      case BOOL:
        return "bool";
      case INT:
        return "int";
      case UINT:
        return "uint8";
      case COMPLEX:
        return "complex128";
      case FLOAT:
        return "float64";
      case STRING:
        return "string";
      case LIST:
        return "slice";
      case MAP:
        return "map";
      default:
        if (v instanceof Semver) {
          return "ptr";
        }
        if (v instanceof TemplateFunction) {
          return "func";
        }
        return "struct";
    }
  }

  /** {@code fmt.Sprintf("%T", v)}, including the Go types of the values sprig itself returns. */
  static String typeOf(final Object v) {
    if (v instanceof Semver) {
      return "*semver.Version";
    }
    if (v instanceof GoTime) {
      return "time.Time";
    }
    return GoValues.typeName(v);
  }

  /** A {@code map[string]interface{}} argument (the engine has checked its type). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> asMap(final Object v) {
    return (Map<String, Object>) v;
  }

  /** The elements of a slice argument, or Go's error for another kind (nil panics, as in Go). */
  static List<?> requireList(final Object v, final String message) throws FunctionException {
    if (v instanceof List<?> list) {
      return list;
    }
    throw new FunctionException(message + kind(v));
  }
}
