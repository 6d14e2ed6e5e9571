package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import static io.commander.renderer.gotemplate.GoType.ANY;
import static io.commander.renderer.gotemplate.GoType.INT;

import io.commander.renderer.gotemplate.GoValues;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * sprig's list functions ({@code list.go}): they accept any slice, copy it into a new
 * {@code []interface{}}, and fail on other kinds with sprig's message naming the kind. The plain
 * names panic where the {@code must} names return the error; both show as the same template error.
 */
final class ListFunctions {

  private ListFunctions() {
  }

  static void register(final FunctionTable t) {
    t.variadic("list", a -> new ArrayList<>(Arrays.asList(a)), ANY)
        .alias("tuple", "list")
        .fixed("push", a -> push(a[0], a[1]), ANY, ANY)
        .alias("append", "push")
        .alias("mustPush", "push")
        .alias("mustAppend", "push")
        .fixed("prepend", a -> prepend(a[0], a[1]), ANY, ANY)
        .alias("mustPrepend", "prepend")
        .fixed("chunk", a -> chunk(StringFunctions.num(a[0]), a[1]), INT, ANY)
        .alias("mustChunk", "chunk")
        .fixed("last", a -> last(a[0]), ANY)
        .alias("mustLast", "last")
        .fixed("first", a -> first(a[0]), ANY)
        .alias("mustFirst", "first")
        .fixed("rest", a -> rest(a[0]), ANY)
        .alias("mustRest", "rest")
        .fixed("initial", a -> initial(a[0]), ANY)
        .alias("mustInitial", "initial")
        .fixed("reverse", a -> reverse(a[0]), ANY)
        .alias("mustReverse", "reverse")
        .fixed("compact", a -> compact(a[0]), ANY)
        .alias("mustCompact", "compact")
        .fixed("uniq", a -> uniq(a[0]), ANY)
        .alias("mustUniq", "uniq")
        .variadic("without", a -> without(a[0], Arrays.copyOfRange(a, 1, a.length)), ANY, ANY)
        .alias("mustWithout", "without")
        .fixed("has", a -> has(a[0], a[1]), ANY, ANY)
        .alias("mustHas", "has")
        .variadic("slice", a -> slice(a[0], Arrays.copyOfRange(a, 1, a.length)), ANY, ANY)
        .alias("mustSlice", "slice")
        .variadic("concat", ListFunctions::concat, ANY)
        .fixed("until", a -> MathFunctions.untilStep(0, StringFunctions.num(a[0]),
            StringFunctions.num(a[0]) < 0 ? -1 : 1), INT)
        .fixed("untilStep", a -> MathFunctions.untilStep(StringFunctions.num(a[0]), StringFunctions.num(a[1]),
            StringFunctions.num(a[2])), INT, INT, INT);
  }

  static List<Object> push(final Object list, final Object v) throws FunctionException {
    final List<Object> out = new ArrayList<>(GoConvert.requireList(list, "Cannot push on type "));
    out.add(v);
    return out;
  }

  static List<Object> prepend(final Object list, final Object v) throws FunctionException {
    final List<?> l = GoConvert.requireList(list, "Cannot prepend on type ");
    final List<Object> out = new ArrayList<>(l.size() + 1);
    out.add(v);
    out.addAll(l);
    return out;
  }

  /** sprig's {@code chunk}, including its arithmetic on the chunk count and sizes. */
  static List<Object> chunk(final long size, final Object list) throws FunctionException {
    final List<?> l = GoConvert.requireList(list, "Cannot chunk type ");
    final int length = l.size();
    final double chunks = Math.floor((double) (length - 1) / size) + 1;
    final long count = GoStrconv.floatToInt64(chunks);
    if (count < 0) {
      throw new FunctionException("runtime error: makeslice: len out of range");
    }
    final List<Object> out = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      long chunkLength = size;
      if (i == count - 1) {
        chunkLength = GoStrconv.floatToInt64(Math.floor((double) length % (double) size));
        if (chunkLength == 0) {
          chunkLength = size;
        }
      }
      if (chunkLength < 0) {
        throw new FunctionException("runtime error: makeslice: len out of range");
      }
      final List<Object> part = new ArrayList<>();
      for (long j = 0; j < chunkLength; j++) {
        final long index = i * size + j;
        if (index < 0 || index >= length) {
          throw new FunctionException("reflect: slice index out of range");
        }
        part.add(l.get((int) index));
      }
      out.add(part);
    }
    return out;
  }

  static Object last(final Object list) throws FunctionException {
    final List<?> l = GoConvert.requireList(list, "Cannot find last on type ");
    return l.isEmpty() ? null : l.get(l.size() - 1);
  }

  static Object first(final Object list) throws FunctionException {
    final List<?> l = GoConvert.requireList(list, "Cannot find first on type ");
    return l.isEmpty() ? null : l.get(0);
  }

  static List<Object> rest(final Object list) throws FunctionException {
    final List<?> l = GoConvert.requireList(list, "Cannot find rest on type ");
    return l.isEmpty() ? new ArrayList<>() : new ArrayList<>(l.subList(1, l.size()));
  }

  static List<Object> initial(final Object list) throws FunctionException {
    final List<?> l = GoConvert.requireList(list, "Cannot find initial on type ");
    return l.isEmpty() ? new ArrayList<>() : new ArrayList<>(l.subList(0, l.size() - 1));
  }

  static List<Object> reverse(final Object list) throws FunctionException {
    final List<Object> out = new ArrayList<>(GoConvert.requireList(list, "Cannot find reverse on type "));
    Collections.reverse(out);
    return out;
  }

  static List<Object> compact(final Object list) throws FunctionException {
    final List<Object> out = new ArrayList<>();
    for (final Object item : GoConvert.requireList(list, "Cannot compact on type ")) {
      if (!GoConvert.empty(item)) {
        out.add(item);
      }
    }
    return out;
  }

  static List<Object> uniq(final Object list) throws FunctionException {
    final List<Object> out = new ArrayList<>();
    for (final Object item : GoConvert.requireList(list, "Cannot find uniq on type ")) {
      if (!contains(out, item)) {
        out.add(item);
      }
    }
    return out;
  }

  static List<Object> without(final Object list, final Object[] omit) throws FunctionException {
    final List<Object> out = new ArrayList<>();
    final List<Object> omitted = Arrays.asList(omit);
    for (final Object item : GoConvert.requireList(list, "Cannot find without on type ")) {
      if (!contains(omitted, item)) {
        out.add(item);
      }
    }
    return out;
  }

  static boolean has(final Object needle, final Object haystack) throws FunctionException {
    if (haystack == null) {
      return false;
    }
    return contains(GoConvert.requireList(haystack, "Cannot find has on type "), needle);
  }

  private static boolean contains(final List<?> haystack, final Object needle) {
    for (final Object h : haystack) {
      if (GoValues.deepEqual(needle, h)) {
        return true;
      }
    }
    return false;
  }

  /** sprig's {@code slice}: {@code list[start:end]} with the indices converted by {@code cast.ToInt}. */
  static Object slice(final Object list, final Object[] indices) throws FunctionException {
    final List<?> l = GoConvert.requireList(list, "list should be type of slice or array but ");
    if (l.isEmpty()) {
      return null;
    }
    final long start = indices.length > 0 ? GoConvert.toInt(indices[0]) : 0;
    final long end = indices.length < 2 ? l.size() : GoConvert.toInt(indices[1]);
    if (start < 0 || start > end || end > l.size()) {
      throw new FunctionException("reflect.Value.Slice: slice index out of bounds");
    }
    return new ArrayList<>(l.subList((int) start, (int) end));
  }

  /** sprig's {@code concat}: the elements of every list, in order; a non-list panics. */
  static Object concat(final Object... lists) throws FunctionException {
    final List<Object> out = new ArrayList<>();
    for (final Object list : lists) {
      if (!(list instanceof List<?> l)) {
        throw new FunctionException("Cannot concat type " + GoConvert.kind(list) + " as list");
      }
      out.addAll(l);
    }
    return out;
  }
}
