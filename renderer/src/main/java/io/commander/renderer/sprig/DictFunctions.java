package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.ANY;
import static io.commander.renderer.gotemplate.GoType.MAP;
import static io.commander.renderer.gotemplate.GoType.STRING;

import io.commander.renderer.gotemplate.GoValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * sprig's dictionary functions ({@code dict.go}), with {@code imdario/mergo}'s map merge (v0.3.12)
 * behind {@code merge} and {@code mergeOverwrite}. {@code set}, {@code unset} and the merges change
 * the map they are given, as in Go. Where Go iterates a map (keys, values) the order here is the
 * sorted key order, one of the orders Go may produce.
 */
final class DictFunctions {

  private DictFunctions() {
  }

  static void register(final FunctionTable t) {
    t.variadic("dict", DictFunctions::dict, ANY)
        .fixed("get", a -> get(map(a[0]), StringFunctions.str(a[1])), MAP, STRING)
        .fixed("set", a -> set(map(a[0]), StringFunctions.str(a[1]), a[2]), MAP, STRING, ANY)
        .fixed("unset", a -> unset(map(a[0]), StringFunctions.str(a[1])), MAP, STRING)
        .fixed("hasKey", a -> a[0] != null && map(a[0]).containsKey(StringFunctions.str(a[1])), MAP, STRING)
        .variadic("pluck", a -> pluck(StringFunctions.str(a[0]), Arrays.copyOfRange(a, 1, a.length)), STRING, MAP)
        .variadic("keys", DictFunctions::keys, MAP)
        .variadic("pick", a -> pick(map(a[0]), Arrays.copyOfRange(a, 1, a.length)), MAP, STRING)
        .variadic("omit", a -> omit(map(a[0]), Arrays.copyOfRange(a, 1, a.length)), MAP, STRING)
        .variadic("merge", a -> merge(map(a[0]), Arrays.copyOfRange(a, 1, a.length), false), MAP, MAP)
        .alias("mustMerge", "merge")
        .variadic("mergeOverwrite", a -> merge(map(a[0]), Arrays.copyOfRange(a, 1, a.length), true), MAP, MAP)
        .alias("mustMergeOverwrite", "mergeOverwrite")
        .fixed("values", a -> values(map(a[0])), MAP)
        .fixed("deepCopy", a -> deepCopy(a[0]), ANY)
        .alias("mustDeepCopy", "deepCopy")
        .variadic("dig", DictFunctions::dig, ANY);
  }

  private static Map<String, Object> map(final Object v) {
    return GoConvert.asMap(v);
  }

  /** sprig's {@code dict}: alternating keys (as strings) and values; a missing last value is "". */
  static Map<String, Object> dict(final Object... v) {
    final Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < v.length; i += 2) {
      out.put(GoConvert.strval(v[i]), i + 1 < v.length ? v[i + 1] : "");
    }
    return out;
  }

  static Object get(final Map<String, Object> d, final String key) {
    if (d != null && d.containsKey(key)) {
      return d.get(key);
    }
    return "";
  }

  static Map<String, Object> set(final Map<String, Object> d, final String key, final Object value)
      throws FunctionException {
    if (d == null) {
      throw new FunctionException("assignment to entry in nil map");
    }
    d.put(key, value);
    return d;
  }

  static Map<String, Object> unset(final Map<String, Object> d, final String key) {
    if (d == null) {
      return new LinkedHashMap<>();
    }
    d.remove(key);
    return d;
  }

  static List<Object> pluck(final String key, final Object[] dicts) {
    final List<Object> out = new ArrayList<>();
    for (final Object d : dicts) {
      if (d != null && map(d).containsKey(key)) {
        out.add(map(d).get(key));
      }
    }
    return out;
  }

  static List<Object> keys(final Object... dicts) {
    final List<Object> out = new ArrayList<>();
    for (final Object d : dicts) {
      if (d != null) {
        out.addAll(GoValues.sortedKeys(map(d)));
      }
    }
    return out;
  }

  static Map<String, Object> pick(final Map<String, Object> dict, final Object[] keys) {
    final Map<String, Object> out = new LinkedHashMap<>();
    for (final Object k : keys) {
      if (dict != null && dict.containsKey(k)) {
        out.put((String) k, dict.get(k));
      }
    }
    return out;
  }

  static Map<String, Object> omit(final Map<String, Object> dict, final Object[] keys) {
    final Map<String, Object> out = new LinkedHashMap<>();
    final Set<Object> omitted = new HashSet<>(Arrays.asList(keys));
    if (dict != null) {
      dict.forEach((k, v) -> {
        if (!omitted.contains(k)) {
          out.put(k, v);
        }
      });
    }
    return out;
  }

  static List<Object> values(final Map<String, Object> dict) {
    final List<Object> out = new ArrayList<>();
    if (dict != null) {
      for (final Object k : GoValues.sortedKeys(dict)) {
        out.add(dict.get(k));
      }
    }
    return out;
  }

  /** sprig's {@code merge}/{@code mergeOverwrite}: mergo into {@code dst}, which is returned (new if nil). */
  static Map<String, Object> merge(final Map<String, Object> dst0, final Object[] srcs, final boolean overwrite) {
    Map<String, Object> dst = dst0;
    for (final Object src : srcs) {
      if (dst == null && src != null) {
        dst = new LinkedHashMap<>();
      }
      if (src != null) {
        mergeKeys(dst, map(src), overwrite);
      }
    }
    return dst == null ? new LinkedHashMap<>() : dst;
  }

  /** mergo's {@code deepMerge} for two maps: the keys of {@code src} merged into {@code dst}. */
  private static void mergeKeys(final Map<String, Object> dst, final Map<String, Object> src,
      final boolean overwrite) {
    for (final Map.Entry<String, Object> e : new ArrayList<>(src.entrySet())) {
      final String key = e.getKey();
      final Object srcElement = e.getValue();
      final boolean dstPresent = dst.containsKey(key);
      final Object dstElement = dst.get(key);
      if (srcElement == null) {
        if (overwrite) {
          dst.put(key, null);
        }
        continue;
      }
      if (srcElement instanceof Map<?, ?> srcMap) {
        if (dstElement instanceof Map<?, ?> dstMap) {
          mergeKeys(map(dstMap), map(srcMap), overwrite);
        }
      } else if (srcElement instanceof List) {
        Object dstSlice = dstElement == null ? new ArrayList<>() : dstElement;
        if (overwrite || dst.isEmpty()) {
          dstSlice = srcElement;
        }
        dst.put(key, dstSlice);
      }
      if (dstPresent && !GoConvert.empty(dstElement) && (srcElement instanceof Map || srcElement instanceof List)) {
        continue;
      }
      if (overwrite || !dstPresent || GoConvert.empty(dstElement)) {
        dst.put(key, srcElement);
      }
    }
  }

  /** {@code copystructure.Copy}: maps and lists copied all the way down; nil has nothing to copy. */
  static Object deepCopy(final Object v) throws FunctionException {
    if (v == null) {
      throw new FunctionException("reflect: call of reflect.Value.Type on zero Value");
    }
    return copy(v);
  }

  private static Object copy(final Object v) {
    if (v instanceof Map<?, ?> m) {
      final Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put((String) k, copy(x)));
      return out;
    }
    if (v instanceof List<?> l) {
      final List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(copy(x)));
      return out;
    }
    return v;
  }

  /** sprig's {@code dig}: keys..., a default, then the dict; a missing key gives the default. */
  static Object dig(final Object... ps) throws FunctionException {
    if (ps.length < 3) {
      throw new FunctionException("dig needs at least three arguments");
    }
    Map<String, Object> dict = asMap(ps[ps.length - 1]);
    final Object def = ps[ps.length - 2];
    final String[] keys = new String[ps.length - 2];
    for (int i = 0; i < keys.length; i++) {
      if (!(ps[i] instanceof String s)) {
        throw new FunctionException(conversion(ps[i], "string"));
      }
      keys[i] = s;
    }
    for (int i = 0; ; i++) {
      if (!dict.containsKey(keys[i])) {
        return def;
      }
      final Object step = dict.get(keys[i]);
      if (i == keys.length - 1) {
        return step;
      }
      dict = asMap(step);
    }
  }

  private static Map<String, Object> asMap(final Object v) throws FunctionException {
    if (v instanceof Map<?, ?> m) {
      return map(m);
    }
    throw new FunctionException(conversion(v, "map[string]interface {}"));
  }

  /** Go's message for a failed type assertion on an interface value. */
  private static String conversion(final Object v, final String wanted) {
    return "interface conversion: interface {} is " + (v == null ? "nil" : GoConvert.typeOf(v)) + ", not " + wanted;
  }
}
