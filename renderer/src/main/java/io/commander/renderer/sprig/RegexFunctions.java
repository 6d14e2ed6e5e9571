package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.INT;
import static io.commander.renderer.gotemplate.GoType.STRING;

import java.util.ArrayList;
import java.util.List;

/**
 * sprig's regular expression functions ({@code regex.go}) with Go's RE2 syntax and matching
 * ({@link GoRegex}). The plain names panic on a bad expression ({@code regexp: Compile(...)}), except
 * {@code regexMatch}, which answers false; the {@code must} names return Go's parse error.
 */
final class RegexFunctions {

  private RegexFunctions() {
  }

  static void register(final FunctionTable t) {
    t.fixed("regexMatch", a -> regexMatch(str(a[0]), str(a[1])), STRING, STRING)
        .fixed("mustRegexMatch", a -> compile(str(a[0])).matches(str(a[1])), STRING, STRING)
        .fixed("regexFindAll", a -> strings(GoRegex.mustCompile(str(a[0])).findAll(str(a[1]), num(a[2]))),
            STRING, STRING, INT)
        .fixed("mustRegexFindAll", a -> strings(compile(str(a[0])).findAll(str(a[1]), num(a[2]))),
            STRING, STRING, INT)
        .fixed("regexFind", a -> GoRegex.mustCompile(str(a[0])).find(str(a[1])), STRING, STRING)
        .fixed("mustRegexFind", a -> compile(str(a[0])).find(str(a[1])), STRING, STRING)
        .fixed("regexReplaceAll", a -> GoRegex.mustCompile(str(a[0])).replaceAll(str(a[1]), str(a[2]), false),
            STRING, STRING, STRING)
        .fixed("mustRegexReplaceAll", a -> compile(str(a[0])).replaceAll(str(a[1]), str(a[2]), false),
            STRING, STRING, STRING)
        .fixed("regexReplaceAllLiteral", a -> GoRegex.mustCompile(str(a[0])).replaceAll(str(a[1]), str(a[2]), true),
            STRING, STRING, STRING)
        .fixed("mustRegexReplaceAllLiteral", a -> compile(str(a[0])).replaceAll(str(a[1]), str(a[2]), true),
            STRING, STRING, STRING)
        .fixed("regexSplit", a -> GoRegex.mustCompile(str(a[0])).split(str(a[1]), num(a[2])), STRING, STRING, INT)
        .fixed("mustRegexSplit", a -> compile(str(a[0])).split(str(a[1]), num(a[2])), STRING, STRING, INT)
        .fixed("regexQuoteMeta", a -> GoRegex.quoteMeta(str(a[0])), STRING);
  }

  private static String str(final Object v) {
    return StringFunctions.str(v);
  }

  private static long num(final Object v) {
    return StringFunctions.num(v);
  }

  private static boolean regexMatch(final String regex, final String s) {
    try {
      return GoRegex.compile(regex).matches(s);
    } catch (final GoRegex.SyntaxError e) {
      return false;
    }
  }

  private static GoRegex compile(final String regex) throws FunctionException {
    try {
      return GoRegex.compile(regex);
    } catch (final GoRegex.SyntaxError e) {
      throw new FunctionException(e.getMessage());
    }
  }

  /** A {@code []string} result: Go's nil slice prints as an empty list. */
  private static List<Object> strings(final List<Object> found) {
    return found == null ? new ArrayList<>() : found;
  }
}
