package io.commander.renderer.gotemplate;

import io.commander.renderer.gotemplate.Func.Param;
import java.util.AbstractList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Go's built-in template functions ({@code text/template/funcs.go}), over raw template values
 * ({@link GoValues#NO_VALUE} for Go's invalid value, {@code null} for a nil interface).
 */
final class Builtins {

  static final Map<String, Func> FUNCS;

  static {
    final Map<String, Func> m = new HashMap<>();
    // and/or short-circuit in the executor; these bodies are never called.
    m.put("and", Func.builtin("and", true, (ex, a) -> null, Param.VALUE, Param.VALUE));
    m.put("or", Func.builtin("or", true, (ex, a) -> null, Param.VALUE, Param.VALUE));
    m.put("call", Func.builtin("call", true, Builtins::call, Param.VALUE, Param.VALUE));
    m.put("html", Func.builtin("html", true, (ex, a) -> htmlEscape(GoStrings.normalize(evalArgs(a))), Param.ANY));
    m.put("index", Func.builtin("index", true, Builtins::index, Param.VALUE, Param.VALUE));
    m.put("slice", Func.builtin("slice", true, Builtins::slice, Param.VALUE, Param.VALUE));
    m.put("js", Func.builtin("js", true, (ex, a) -> jsEscape(GoStrings.normalize(evalArgs(a))), Param.ANY));
    m.put("len", Func.builtin("len", false, (ex, a) -> length(a[0]), Param.VALUE));
    m.put("not", Func.builtin("not", false, (ex, a) -> !GoValues.truth(a[0]), Param.VALUE));
    m.put("print", Func.builtin("print", true, (ex, a) -> GoStrings.normalize(GoValues.sprint(a)), Param.ANY));
    m.put("printf", Func.builtin("printf", true, (ex, a) -> GoStrings.normalize(sprintf(a)), Param.STRING,
        Param.ANY));
    m.put("println", Func.builtin("println", true, (ex, a) -> GoStrings.normalize(GoValues.sprintln(a)),
        Param.ANY));
    m.put("urlquery", Func.builtin("urlquery", true, (ex, a) -> queryEscape(evalArgs(a)), Param.ANY));
    m.put("eq", Func.builtin("eq", true, (ex, a) -> eq(a), Param.VALUE, Param.VALUE));
    m.put("ne", Func.builtin("ne", false, (ex, a) -> !eq(a), Param.VALUE, Param.VALUE));
    m.put("lt", Func.builtin("lt", false, (ex, a) -> lt(a[0], a[1]), Param.VALUE, Param.VALUE));
    m.put("le", Func.builtin("le", false, (ex, a) -> le(a[0], a[1]), Param.VALUE, Param.VALUE));
    m.put("gt", Func.builtin("gt", false, (ex, a) -> !le(a[0], a[1]), Param.VALUE, Param.VALUE));
    m.put("ge", Func.builtin("ge", false, (ex, a) -> !lt(a[0], a[1]), Param.VALUE, Param.VALUE));
    FUNCS = Map.copyOf(m);
  }

  private Builtins() {
  }

  /** A failure of a built-in, reported as {@code error calling NAME: MESSAGE}. */
  static final class FuncError extends Exception {
    private static final long serialVersionUID = 1L;

    FuncError(final String message) {
      super(message, null, false, false);
    }
  }

  /** Go's {@code indirectInterface}: a nil interface is no value. */
  static Object indirectInterface(final Object v) {
    return v == null ? GoValues.NO_VALUE : v;
  }

  private static String sprintf(final Object[] a) {
    final Object[] rest = new Object[a.length - 1];
    System.arraycopy(a, 1, rest, 0, rest.length);
    return GoValues.sprintf((String) a[0], rest);
  }

  // ---------------------------------------------------------------- index, slice, len

  private static int indexArg(final Object index, final int cap) throws FuncError {
    final long x;
    if (GoValues.isInt(index) || index instanceof GoUint8) {
      x = ((Number) index).longValue();
    } else if (index == GoValues.NO_VALUE) {
      throw new FuncError("cannot index slice/array with nil");
    } else {
      throw new FuncError("cannot index slice/array with type " + GoValues.typeName(index));
    }
    if (x < 0 || x > cap) {
      throw new FuncError("index out of range: " + x);
    }
    return (int) x;
  }

  private static Object index(final Executor ex, final Object[] args) throws FuncError {
    Object item = indirectInterface(args[0]);
    if (item == GoValues.NO_VALUE) {
      throw new FuncError("index of untyped nil");
    }
    for (int i = 1; i < args.length; i++) {
      final Object index = indirectInterface(args[i]);
      if (item == null) {
        throw new FuncError("index of nil pointer");
      }
      if (item instanceof List<?> list) {
        final int x = indexArg(index, list.size());
        if (x == list.size()) {
          throw new FuncError("reflect: slice index out of range");
        }
        item = list.get(x);
      } else if (item instanceof String s) {
        final byte[] bytes = GoStrings.toBytes(s);
        final int x = indexArg(index, bytes.length);
        if (x == bytes.length) {
          throw new FuncError("reflect: string index out of range");
        }
        item = GoUint8.valueOf(bytes[x]);
      } else if (item instanceof Map<?, ?> map) {
        if (index == GoValues.NO_VALUE) {
          throw new FuncError("value is nil; should be of type string");
        }
        if (!(index instanceof String)) {
          throw new FuncError("value has type " + GoValues.typeName(index) + "; should be string");
        }
        // A missing key gives the zero value of the element type: a nil interface.
        item = map.get(index);
      } else {
        throw new FuncError("can't index item of type " + GoValues.typeName(item));
      }
    }
    return item;
  }

  private static Object slice(final Executor ex, final Object[] args) throws FuncError {
    final Object item = indirectInterface(args[0]);
    if (item == GoValues.NO_VALUE) {
      throw new FuncError("slice of untyped nil");
    }
    final int n = args.length - 1;
    if (n > 3) {
      throw new FuncError("too many slice indexes: " + n);
    }
    final int cap;
    byte[] bytes = null;
    if (item instanceof String s) {
      if (n == 3) {
        throw new FuncError("cannot 3-index slice a string");
      }
      bytes = GoStrings.toBytes(s);
      cap = bytes.length;
    } else if (item instanceof List<?> l) {
      cap = l.size();
    } else {
      throw new FuncError("can't slice item of type " + GoValues.typeName(item));
    }
    final int[] idx = {0, cap, 0};
    for (int i = 0; i < n; i++) {
      // Indexes are not unwrapped: one read from a list or map is an interface value to Go.
      if (ex.isInterfaceArg(i + 1)) {
        throw new FuncError(args[i + 1] == null ? "cannot index slice/array with nil"
            : "cannot index slice/array with type interface {}");
      }
      idx[i] = indexArg(args[i + 1], cap);
    }
    if (idx[0] > idx[1]) {
      throw new FuncError("invalid slice index: " + idx[0] + " > " + idx[1]);
    }
    if (n == 3 && idx[1] > idx[2]) {
      throw new FuncError("invalid slice index: " + idx[1] + " > " + idx[2]);
    }
    if (bytes != null) {
      return GoStrings.fromBytes(bytes, idx[0], idx[1]);
    }
    // Like Go's slice, a view sharing the list, not a copy; read-only, as templates only read.
    final List<?> view = Collections.unmodifiableList(((List<?>) item).subList(idx[0], idx[1]));
    return item instanceof GoObject typed ? new TypedSlice(view, typed.goTypeName()) : view;
  }

  private static Object length(final Object item) throws FuncError {
    if (item == null) {
      throw new FuncError("len of nil pointer");
    }
    if (item == GoValues.NO_VALUE) {
      throw new FuncError("reflect: call of reflect.Value.Type on zero Value");
    }
    if (item instanceof String s) {
      return (long) GoValues.byteLength(s);
    }
    if (item instanceof List<?> l) {
      return (long) l.size();
    }
    if (item instanceof Map<?, ?> m) {
      return (long) m.size();
    }
    throw new FuncError("len of type " + GoValues.typeName(item));
  }

  /** A part of a list of a Go element type other than interface{}: it keeps that type. */
  static final class TypedSlice extends AbstractList<Object> implements GoObject, RandomAccess {
    private final List<?> items;
    private final String goType;

    TypedSlice(final List<?> items, final String goType) {
      this.items = items;
      this.goType = goType;
    }

    @Override
    public Object get(final int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public String goTypeName() {
      return goType;
    }
  }

  // ---------------------------------------------------------------- call

  private static Object call(final Executor ex, final Object[] args) throws Exception {
    final Object fn = indirectInterface(args[0]);
    if (fn == GoValues.NO_VALUE) {
      throw new FuncError("call of nil");
    }
    if (!(fn instanceof TemplateFunction f)) {
      throw new FuncError("non-function of type " + GoValues.typeName(fn));
    }
    final Func func = Func.external("call", f);
    final int numIn = func.params.length;
    final int got = args.length - 1;
    if (func.variadic) {
      if (got < numIn - 1) {
        throw new FuncError("wrong number of args: got " + got + " want at least " + (numIn - 1));
      }
    } else if (got != numIn) {
      throw new FuncError("wrong number of args: got " + got + " want " + numIn);
    }
    final Object[] argv = new Object[got];
    for (int i = 0; i < got; i++) {
      final Object arg = indirectInterface(args[i + 1]);
      final Param type = !func.variadic || i < numIn - 1 ? func.params[i] : func.params[numIn - 1];
      argv[i] = prepareArg(arg, type, i);
    }
    return f.invoke(ex, argv);
  }

  private static Object prepareArg(final Object value, final Param type, final int i) throws FuncError {
    if (value == GoValues.NO_VALUE) {
      if (!type.canBeNil()) {
        throw new FuncError("arg " + i + ": value is nil; should be of type " + type.goName);
      }
      return null;
    }
    Object converted = Executor.assign(value, type);
    if (converted == Executor.NOT_ASSIGNABLE && (type == Param.INT || type == Param.INT64)
        && (GoValues.isInt(value) || value instanceof GoUint8)) {
      converted = ((Number) value).longValue(); // integer kinds convert to one another
    }
    if (converted == Executor.NOT_ASSIGNABLE) {
      throw new FuncError("arg " + i + ": value has type " + GoValues.typeName(value) + "; should be "
          + type.goName);
    }
    return converted;
  }

  // ---------------------------------------------------------------- comparison

  private enum BasicKind { INVALID, BOOL, COMPLEX, INT, FLOAT, STRING, UINT }

  private static BasicKind basicKind(final Object v) {
    if (v instanceof Boolean) {
      return BasicKind.BOOL;
    }
    if (GoValues.isInt(v)) {
      return BasicKind.INT;
    }
    if (v instanceof GoUint8) {
      return BasicKind.UINT;
    }
    if (v instanceof GoComplex) {
      return BasicKind.COMPLEX;
    }
    if (v instanceof Double || v instanceof Float) {
      return BasicKind.FLOAT;
    }
    if (v instanceof String) {
      return BasicKind.STRING;
    }
    return BasicKind.INVALID;
  }

  private static boolean eq(final Object[] args) throws FuncError {
    final Object arg1 = indirectInterface(args[0]);
    if (args.length == 1) {
      throw new FuncError("missing argument for comparison");
    }
    final BasicKind k1 = basicKind(arg1);
    for (int i = 1; i < args.length; i++) {
      final Object arg = indirectInterface(args[i]);
      final BasicKind k2 = basicKind(arg);
      boolean truth;
      if (k1 != k2) {
        // Integer values compare regardless of the sign of their types.
        if (k1 == BasicKind.INT && k2 == BasicKind.UINT || k1 == BasicKind.UINT && k2 == BasicKind.INT) {
          truth = ((Number) arg1).longValue() == ((Number) arg).longValue();
        } else if (arg1 != GoValues.NO_VALUE && arg != GoValues.NO_VALUE) {
          throw new FuncError("incompatible types for comparison");
        } else {
          truth = false;
        }
      } else {
        truth = switch (k1) {
          case BOOL -> arg1.equals(arg);
          case COMPLEX -> ((GoComplex) arg1).re() == ((GoComplex) arg).re()
              && ((GoComplex) arg1).im() == ((GoComplex) arg).im();
          case FLOAT -> ((Number) arg1).doubleValue() == ((Number) arg).doubleValue();
          case INT, UINT -> ((Number) arg1).longValue() == ((Number) arg).longValue();
          case STRING -> arg1.equals(arg);
          case INVALID -> eqOther(arg1, arg);
        };
      }
      if (truth) {
        return true;
      }
    }
    return false;
  }

  /** eq of values that are not basic: nil, lists, maps, other objects. */
  private static boolean eqOther(final Object arg1, final Object arg) throws FuncError {
    final boolean nil1 = arg1 == GoValues.NO_VALUE;
    final boolean nil2 = arg == GoValues.NO_VALUE;
    if (!nil1 && !nil2 && reflectKind(arg1) != reflectKind(arg)) {
      throw new FuncError("non-comparable types " + GoValues.sprintf("%s", arg1) + ": "
          + GoValues.typeName(arg1) + ", " + GoValues.typeName(arg) + ": " + GoValues.sprintf("%v", arg));
    }
    if (nil1 || nil2) {
      return nil1 == nil2;
    }
    if (arg instanceof List || arg instanceof Map) {
      throw new FuncError("non-comparable type " + GoValues.sprintf("%s", arg) + ": " + GoValues.typeName(arg));
    }
    return arg1.equals(arg);
  }

  private static int reflectKind(final Object v) {
    if (v instanceof List) {
      return 1;
    }
    if (v instanceof Map) {
      return 2;
    }
    return 3;
  }

  private static boolean lt(final Object a1, final Object a2) throws FuncError {
    final Object arg1 = indirectInterface(a1);
    final BasicKind k1 = basicKind(arg1);
    if (k1 == BasicKind.INVALID) {
      throw new FuncError("invalid type for comparison");
    }
    final Object arg2 = indirectInterface(a2);
    final BasicKind k2 = basicKind(arg2);
    if (k2 == BasicKind.INVALID) {
      throw new FuncError("invalid type for comparison");
    }
    if (k1 != k2) {
      // Integer values compare regardless of the sign of their types.
      if (k1 == BasicKind.INT && k2 == BasicKind.UINT || k1 == BasicKind.UINT && k2 == BasicKind.INT) {
        return ((Number) arg1).longValue() < ((Number) arg2).longValue();
      }
      throw new FuncError("incompatible types for comparison");
    }
    return switch (k1) {
      case BOOL, COMPLEX, INVALID -> throw new FuncError("invalid type for comparison");
      case FLOAT -> ((Number) arg1).doubleValue() < ((Number) arg2).doubleValue();
      case INT, UINT -> ((Number) arg1).longValue() < ((Number) arg2).longValue();
      case STRING -> GoValues.compareStrings((String) arg1, (String) arg2) < 0;
    };
  }

  private static boolean le(final Object a1, final Object a2) throws FuncError {
    return lt(a1, a2) || eq(new Object[] {a1, a2});
  }

  // ---------------------------------------------------------------- escaping

  /** Go's {@code evalArgs}: Sprint of the arguments, where a nil argument prints as no value. */
  private static String evalArgs(final Object[] args) {
    if (args.length == 1 && args[0] instanceof String s) {
      return s;
    }
    final Object[] printable = args.clone();
    for (int i = 0; i < printable.length; i++) {
      if (printable[i] == null) {
        printable[i] = "<no value>";
      }
    }
    return GoValues.sprint(printable);
  }

  /** {@code template.HTMLEscapeString}. */
  static String htmlEscape(final String s) {
    StringBuilder b = null;
    int last = 0;
    for (int i = 0; i < s.length(); i++) {
      final String rep;
      switch (s.charAt(i)) {
        case 0 -> rep = "\uFFFD";
        case '"' -> rep = "&#34;";
        case '\'' -> rep = "&#39;";
        case '&' -> rep = "&amp;";
        case '<' -> rep = "&lt;";
        case '>' -> rep = "&gt;";
        default -> {
          continue;
        }
      }
      if (b == null) {
        b = new StringBuilder(s.length() + 16);
      }
      b.append(s, last, i).append(rep);
      last = i + 1;
    }
    if (b == null) {
      return s;
    }
    return b.append(s, last, s.length()).toString();
  }

  /** {@code template.JSEscapeString}. */
  static String jsEscape(final String s) {
    final StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); ) {
      if (GoStrings.isRawByte(s, i)) {
        b.append(s.charAt(i)); // not UTF-8: Go copies the byte as it is
        i++;
        continue;
      }
      final int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (c < 0x80) {
        switch (c) {
          case '\\' -> b.append("\\\\");
          case '\'' -> b.append("\\'");
          case '"' -> b.append("\\\"");
          case '<' -> b.append("\\u003C");
          case '>' -> b.append("\\u003E");
          case '&' -> b.append("\\u0026");
          case '=' -> b.append("\\u003D");
          default -> {
            if (c < ' ') {
              b.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
            } else {
              b.append((char) c);
            }
          }
        }
      } else if (GoStrings.isPrint(c) && !Character.isSurrogate((char) c)) {
        b.appendCodePoint(c);
      } else {
        final int r = Character.isSurrogate((char) c) ? 0xFFFD : c;
        final String hex = Integer.toHexString(r).toUpperCase(java.util.Locale.ROOT);
        b.append("\\u");
        for (int k = hex.length(); k < 4; k++) {
          b.append('0');
        }
        b.append(hex);
      }
    }
    return b.toString();
  }

  private static final String HEX = "0123456789ABCDEF";

  /** {@code url.QueryEscape}. */
  static String queryEscape(final String s) {
    final byte[] bytes = GoStrings.toBytes(s);
    final StringBuilder b = new StringBuilder(bytes.length + 8);
    for (final byte x : bytes) {
      final int c = x & 0xFF;
      if ('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_'
          || c == '.' || c == '~') {
        b.append((char) c);
      } else if (c == ' ') {
        b.append('+');
      } else {
        b.append('%').append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
      }
    }
    return b.toString();
  }
}
