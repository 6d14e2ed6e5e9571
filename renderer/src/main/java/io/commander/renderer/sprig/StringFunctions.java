package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.ANY;
import static io.commander.renderer.gotemplate.GoType.INT;
import static io.commander.renderer.gotemplate.GoType.STRING;

import io.commander.renderer.gotemplate.GoValues;
import io.commander.renderer.gotemplate.RenderBudget;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * sprig's string functions ({@code strings.go} and the string entries of {@code functions.go}), with
 * the {@code goutils} helpers they call. Go's byte-oriented helpers (trunc, substr, abbrev, wrap,
 * initials, nospace) work on the UTF-8 bytes, as in Go.
 */
final class StringFunctions {

  private StringFunctions() {
  }

  static void register(final FunctionTable t) {
    t.fixed("hello", a -> "Hello!")
        .fixed("trim", a -> GoText.trimSpace(str(a[0])), STRING)
        .fixed("upper", a -> GoText.upper(str(a[0])), STRING)
        .fixed("lower", a -> GoText.lower(str(a[0])), STRING)
        .fixed("title", a -> GoText.title(str(a[0])), STRING)
        .fixed("untitle", a -> uncapitalize(str(a[0])), STRING)
        .fixed("substr", a -> substring(num(a[0]), num(a[1]), str(a[2])), INT, INT, STRING)
        .fixed("repeat", a -> repeat(num(a[0]), str(a[1])), INT, STRING)
        .fixed("trimall", a -> GoText.trim(str(a[1]), str(a[0])), STRING, STRING)
        .fixed("trimAll", a -> GoText.trim(str(a[1]), str(a[0])), STRING, STRING)
        .fixed("trimSuffix", a -> trimSuffix(str(a[1]), str(a[0])), STRING, STRING)
        .fixed("trimPrefix", a -> trimPrefix(str(a[1]), str(a[0])), STRING, STRING)
        .fixed("nospace", a -> deleteWhiteSpace(str(a[0])), STRING)
        .fixed("initials", a -> initials(str(a[0])), STRING)
        .fixed("swapcase", a -> swapCase(str(a[0])), STRING)
        .fixed("snakecase", a -> CaseConversion.snake(str(a[0])), STRING)
        .fixed("camelcase", a -> CaseConversion.camel(str(a[0])), STRING)
        .fixed("kebabcase", a -> CaseConversion.kebab(str(a[0])), STRING)
        .fixed("wrap", a -> wrap(str(a[1]), num(a[0]), "", false), INT, STRING)
        .fixed("wrapWith", a -> wrap(str(a[2]), num(a[0]), str(a[1]), true), INT, STRING, STRING)
        .fixed("contains", a -> str(a[1]).contains(str(a[0])), STRING, STRING)
        .fixed("hasPrefix", a -> str(a[1]).startsWith(str(a[0])), STRING, STRING)
        .fixed("hasSuffix", a -> str(a[1]).endsWith(str(a[0])), STRING, STRING)
        .variadic("quote", StringFunctions::quote, ANY)
        .variadic("squote", StringFunctions::squote, ANY)
        .variadic("cat", StringFunctions::cat, ANY)
        .fixed("indent", a -> indent(num(a[0]), str(a[1])), INT, STRING)
        .fixed("nindent", a -> "\n" + indent(num(a[0]), str(a[1])), INT, STRING)
        .fixed("replace", a -> GoText.replaceAll(str(a[2]), str(a[0]), str(a[1])), STRING, STRING, STRING)
        .fixed("plural", a -> num(a[2]) == 1 ? a[0] : a[1], STRING, STRING, INT)
        .fixed("toString", a -> GoConvert.strval(a[0]), ANY)
        .fixed("abbrev", a -> abbrev(num(a[0]), str(a[1])), INT, STRING)
        .fixed("abbrevboth", a -> abbrevboth(num(a[0]), num(a[1]), str(a[2])), INT, INT, STRING)
        .fixed("trunc", a -> trunc(num(a[0]), str(a[1])), INT, STRING)
        .fixed("split", a -> indexed(GoText.split(str(a[1]), str(a[0]))), STRING, STRING)
        .fixed("splitList", a -> new ArrayList<Object>(GoText.split(str(a[1]), str(a[0]))), STRING, STRING)
        .fixed("splitn", a -> indexed(GoText.splitN(str(a[2]), str(a[0]), num(a[1]))), STRING, INT, STRING)
        .fixed("toStrings", a -> GoValues.typedList(GoConvert.strslice(a[0]), "[]string"), ANY)
        .fixed("join", a -> join(str(a[0]), a[1]), STRING, ANY)
        .fixed("sortAlpha", a -> sortAlpha(a[0]), ANY);
  }

  static String str(final Object v) {
    return (String) v;
  }

  static long num(final Object v) {
    return ((Number) v).longValue();
  }

  /** sprig's {@code substring}: {@code s[:end]}, {@code s[start:]} or {@code s[start:end]} on bytes. */
  static String substring(final long start, final long end, final String s) throws FunctionException {
    final int length = GoText.utf8(s).length;
    if (start < 0) {
      return GoText.slice(s, 0, end);
    }
    if (end < 0 || end > length) {
      return GoText.slice(s, start, length);
    }
    return GoText.slice(s, start, end);
  }

  /** {@code strings.Repeat}, with its panics. */
  static String repeat(final long count, final String s) throws FunctionException {
    if (count < 0) {
      throw new FunctionException("strings: negative Repeat count");
    }
    final long bytes = GoText.utf8(s).length;
    if (bytes > 0 && count > Integer.MAX_VALUE / bytes) {
      throw new FunctionException("strings: Repeat count causes overflow");
    }
    RenderBudget.current().checkValue(count * s.length());
    return s.repeat((int) count);
  }

  private static String trimSuffix(final String s, final String suffix) {
    return s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
  }

  private static String trimPrefix(final String s, final String prefix) {
    return s.startsWith(prefix) ? s.substring(prefix.length()) : s;
  }

  /** {@code goutils.Uncapitalize}: lower-cases the first letter of each space-separated word. */
  static String uncapitalize(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    boolean next = true;
    for (int i = 0; i < s.length(); ) {
      final int r = s.codePointAt(i);
      if (GoText.isSpace(r)) {
        next = true;
        b.appendCodePoint(r);
      } else if (next) {
        b.appendCodePoint(GoText.toLower(r));
        next = false;
      } else {
        b.appendCodePoint(r);
      }
      i += Character.charCount(r);
    }
    return b.toString();
  }

  /** {@code goutils.SwapCase}: upper to lower, lower to title after a space and to upper elsewhere. */
  static String swapCase(final String s) {
    final StringBuilder b = new StringBuilder(s.length());
    boolean whitespace = true;
    for (int i = 0; i < s.length(); ) {
      final int r = s.codePointAt(i);
      if (GoText.isUpper(r) || GoText.isTitle(r)) {
        b.appendCodePoint(GoText.toLower(r));
        whitespace = false;
      } else if (GoText.isLower(r)) {
        b.appendCodePoint(whitespace ? GoText.toTitle(r) : GoText.toUpper(r));
        whitespace = false;
      } else {
        b.appendCodePoint(r);
        whitespace = GoText.isSpace(r);
      }
      i += Character.charCount(r);
    }
    return b.toString();
  }

  /** {@code goutils.DeleteWhiteSpace}: byte by byte, each byte read as a Latin-1 rune. */
  static String deleteWhiteSpace(final String s) {
    final byte[] b = GoText.utf8(s);
    final StringBuilder out = new StringBuilder(b.length);
    int count = 0;
    for (final byte c : b) {
      if (!GoText.isSpace(c & 0xFF)) {
        GoText.appendByteAsRune(out, c);
        count++;
      }
    }
    return count == b.length ? s : out.toString();
  }

  /** {@code goutils.Initials}: the first byte of each space-separated word, read as a Latin-1 rune. */
  static String initials(final String s) {
    final StringBuilder out = new StringBuilder();
    boolean lastWasGap = true;
    for (final byte c : GoText.utf8(s)) {
      if (GoText.isSpace(c & 0xFF)) {
        lastWasGap = true;
      } else if (lastWasGap) {
        GoText.appendByteAsRune(out, c);
        lastWasGap = false;
      }
    }
    return out.toString();
  }

  /** {@code goutils.WrapCustom}: breaks at the last space before the column, on bytes. */
  static String wrap(final String s, final long wrapLength0, final String newLine0, final boolean wrapLongWords) {
    if (s.isEmpty()) {
      return "";
    }
    final byte[] newLine = GoText.utf8(newLine0.isEmpty() ? "\n" : newLine0);
    final long wrapLength = Math.max(wrapLength0, 1);
    final byte[] str = GoText.utf8(s);
    final int length = str.length;
    final ByteArrayOutputStream out = new ByteArrayOutputStream(length + 16);
    int offset = 0;
    while (length - offset > wrapLength) {
      if (str[offset] == ' ') {
        offset++;
        continue;
      }
      final int end = (int) (wrapLength + offset + 1);
      final int space = lastIndexOfSpace(str, offset, end);
      if (space >= 0) {
        out.write(str, offset, space - offset);
        out.writeBytes(newLine);
        offset = space + 1;
      } else if (wrapLongWords) {
        out.write(str, offset, (int) wrapLength);
        out.writeBytes(newLine);
        offset += (int) wrapLength;
      } else {
        final int next = indexOfSpace(str, (int) (wrapLength + offset));
        if (next < 0) {
          out.write(str, offset, length - offset);
          offset = length;
        } else {
          out.write(str, offset, next - offset);
          out.writeBytes(newLine);
          offset = next + 1;
        }
      }
    }
    out.write(str, offset, length - offset);
    final byte[] result = out.toByteArray();
    return GoText.string(result, 0, result.length);
  }

  private static int lastIndexOfSpace(final byte[] b, final int from, final int to) {
    for (int i = to - 1; i >= from; i--) {
      if (b[i] == ' ') {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfSpace(final byte[] b, final int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] == ' ') {
        return i;
      }
    }
    return -1;
  }

  /** sprig's {@code quote}: each non-nil argument as a Go-quoted string, space-separated. */
  static String quote(final Object... args) {
    final List<String> out = new ArrayList<>();
    for (final Object a : args) {
      if (a != null) {
        out.add(GoValues.quote(GoConvert.strval(a)));
      }
    }
    return String.join(" ", out);
  }

  /** sprig's {@code squote}: each non-nil argument printed with {@code %v} between single quotes. */
  static String squote(final Object... args) {
    final List<String> out = new ArrayList<>();
    for (final Object a : args) {
      if (a != null) {
        out.add("'" + GoValues.print(a) + "'");
      }
    }
    return String.join(" ", out);
  }

  /** sprig's {@code cat}: the non-nil arguments printed with {@code %v}, space-separated. */
  static String cat(final Object... args) {
    final List<String> out = new ArrayList<>();
    for (final Object a : args) {
      if (a != null) {
        out.add(GoValues.print(a));
      }
    }
    return String.join(" ", out);
  }

  /** sprig's {@code indent}: pads the first line and every line after a newline. */
  static String indent(final long spaces, final String s) throws FunctionException {
    final String pad = repeat(spaces, " ");
    if (!pad.isEmpty()) {
      RenderBudget.current().checkValue(s.length() + pad.length() * (1 + s.chars().filter(c -> c == '\n').count()));
    }
    return pad + s.replace("\n", "\n" + pad);
  }

  /** sprig's {@code trunc}: the first {@code c} bytes, or for a negative {@code c} the last {@code -c}. */
  static String trunc(final long c, final String s) {
    final byte[] b = GoText.utf8(s);
    if (c < 0 && b.length + c > 0) {
      return GoText.string(b, (int) (b.length + c), b.length);
    }
    if (c >= 0 && b.length > c) {
      return GoText.string(b, 0, (int) c);
    }
    return s;
  }

  /** sprig's {@code abbrev}: {@code goutils.Abbreviate} for widths of at least 4. */
  static String abbrev(final long width, final String s) {
    if (width < 4) {
      return s;
    }
    return abbreviateFull(GoText.utf8(s), 0, width);
  }

  /** sprig's {@code abbrevboth}: {@code goutils.AbbreviateFull} when the widths allow it. */
  static String abbrevboth(final long left, final long right, final String s) {
    if (right < 4 || left > 0 && right < 7) {
      return s;
    }
    return abbreviateFull(GoText.utf8(s), left, right);
  }

  /** {@code goutils.AbbreviateFull}; its errors give "" (sprig ignores them). */
  private static String abbreviateFull(final byte[] str, final long offset0, final long maxWidth) {
    final int length = str.length;
    if (length == 0 || maxWidth < 4) {
      return "";
    }
    if (length <= maxWidth) {
      return GoText.string(str, 0, length);
    }
    long offset = Math.min(offset0, length);
    if (length - offset < maxWidth - 3) {
      offset = length - (maxWidth - 3);
    }
    final String marker = "...";
    if (offset <= 4) {
      return GoText.string(str, 0, (int) (maxWidth - 3)) + marker;
    }
    if (maxWidth < 7) {
      return "";
    }
    if (offset + maxWidth - 3 < length) {
      final byte[] rest = Arrays.copyOfRange(str, (int) offset, length);
      return marker + abbreviateFull(rest, 0, maxWidth - 3);
    }
    return marker + GoText.string(str, (int) (length - (maxWidth - 3)), length);
  }

  /** sprig's {@code split} and {@code splitn}: the parts keyed {@code _0}, {@code _1}, ... */
  static Map<String, Object> indexed(final List<String> parts) {
    final Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < parts.size(); i++) {
      out.put("_" + i, parts.get(i));
    }
    return out;
  }

  /** sprig's {@code join}: the elements as strings (nil ones dropped), joined by {@code sep}. */
  static String join(final String sep, final Object v) {
    final List<Object> parts = GoConvert.strslice(v);
    final StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        b.append(sep);
      }
      b.append((String) parts.get(i));
    }
    return b.toString();
  }

  /** sprig's {@code sortAlpha}: a list's elements as strings, sorted as Go sorts strings. */
  static List<Object> sortAlpha(final Object v) {
    if (v instanceof List) {
      final List<Object> out = GoConvert.strslice(v);
      out.sort((x, y) -> GoValues.compareStrings((String) x, (String) y));
      return out;
    }
    final List<Object> out = new ArrayList<>();
    out.add(GoConvert.strval(v));
    return out;
  }
}
