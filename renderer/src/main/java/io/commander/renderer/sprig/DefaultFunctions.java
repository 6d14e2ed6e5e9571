package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.ANY;
import static io.commander.renderer.gotemplate.GoType.BOOL;
import static io.commander.renderer.gotemplate.GoType.STRING;

import io.commander.renderer.gotemplate.GoValues;

/**
 * sprig's defaults, flow control, JSON and reflection functions ({@code defaults.go},
 * {@code reflect.go}): {@code default}, {@code empty}, {@code coalesce}, {@code all}, {@code any},
 * {@code ternary}, {@code fail}, the {@code toJson} family, {@code fromJson}, {@code typeOf} and
 * friends.
 */
final class DefaultFunctions {

  private DefaultFunctions() {
  }

  static void register(final FunctionTable t) {
    t.variadic("default", a -> a.length < 2 || GoConvert.empty(a[1]) ? a[0] : a[1], ANY, ANY)
        .fixed("empty", a -> GoConvert.empty(a[0]), ANY)
        .variadic("coalesce", DefaultFunctions::coalesce, ANY)
        .variadic("all", DefaultFunctions::all, ANY)
        .variadic("any", DefaultFunctions::any, ANY)
        .fixed("ternary", a -> (Boolean) a[2] ? a[0] : a[1], ANY, ANY, BOOL)
        .fixed("fail", a -> {
          throw new FunctionException(StringFunctions.str(a[0]));
        }, STRING)
        .fixed("toJson", a -> orEmpty(a[0], true), ANY)
        .fixed("mustToJson", a -> GoJson.marshal(a[0], true), ANY)
        .fixed("toPrettyJson", a -> prettyOrEmpty(a[0]), ANY)
        .fixed("mustToPrettyJson", a -> GoJson.marshalIndent(a[0], "  "), ANY)
        .fixed("toRawJson", a -> GoJson.marshal(a[0], false), ANY)
        .alias("mustToRawJson", "toRawJson")
        .fixed("fromJson", a -> GoJson.decode(StringFunctions.str(a[0])).value(), STRING)
        .fixed("mustFromJson", a -> mustFromJson(StringFunctions.str(a[0])), STRING)
        .fixed("typeOf", a -> GoConvert.typeOf(a[0]), ANY)
        .fixed("typeIs", a -> a[0].equals(GoConvert.typeOf(a[1])), STRING, ANY)
        .fixed("typeIsLike", a -> {
          final String type = GoConvert.typeOf(a[1]);
          return a[0].equals(type) || ("*" + a[0]).equals(type);
        }, STRING, ANY)
        .fixed("kindOf", a -> GoConvert.kindOf(a[0]), ANY)
        .fixed("kindIs", a -> a[0].equals(GoConvert.kindOf(a[1])), STRING, ANY)
        .fixed("deepEqual", a -> GoValues.deepEqual(a[0], a[1]), ANY, ANY);
  }

  private static Object coalesce(final Object... v) {
    for (final Object x : v) {
      if (!GoConvert.empty(x)) {
        return x;
      }
    }
    return null;
  }

  private static boolean all(final Object... v) {
    for (final Object x : v) {
      if (GoConvert.empty(x)) {
        return false;
      }
    }
    return true;
  }

  private static boolean any(final Object... v) {
    for (final Object x : v) {
      if (!GoConvert.empty(x)) {
        return true;
      }
    }
    return false;
  }

  private static String orEmpty(final Object v, final boolean escapeHtml) {
    try {
      return GoJson.marshal(v, escapeHtml);
    } catch (final FunctionException e) {
      return "";
    }
  }

  private static String prettyOrEmpty(final Object v) {
    try {
      return GoJson.marshalIndent(v, "  ");
    } catch (final FunctionException e) {
      return "";
    }
  }

  private static Object mustFromJson(final String s) throws FunctionException {
    final GoJson.Decoded d = GoJson.decode(s);
    if (d.error() != null) {
      throw new FunctionException(d.error());
    }
    return d.value();
  }
}
