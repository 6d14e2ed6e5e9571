package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoValues;
import io.commander.renderer.gotemplate.RenderBudget;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code regexp} (RE2 syntax, leftmost-first matching) on top of {@link java.util.regex}: the
 * expression is parsed with Go's grammar and rules, so that it is accepted or rejected exactly as
 * Go does (with Go's {@code error parsing regexp: ...} messages), and rewritten to an equivalent
 * Java pattern ({@code .}, {@code ^}, {@code $}, {@code \b}, the non-greedy flag spelled out, and every
 * character class, {@code (?i)} folding included, written as the explicit rune ranges Go computes; see
 * {@link RuneClass}). Java's backtracking prefers the same match as Go's leftmost-first engine but,
 * unlike it, is not linear-time on every pattern. The match loops ({@code FindAll},
 * {@code ReplaceAll}, {@code Split}) follow Go's handling of empty matches, and replacement templates
 * are expanded as Go's {@code Expand} does.
 */
final class GoRegex {

  /** A syntax error, worded as Go's {@code *syntax.Error}. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(final String code, final String expr) {
      super("error parsing regexp: " + code + ": `" + expr + "`", null, false, false);
    }
  }

  private static final String WORD = "[0-9A-Za-z_]";

  private final String expr;
  private final Pattern pattern;
  private final List<String> names;

  private GoRegex(final String expr, final Pattern pattern, final List<String> names) {
    this.expr = expr;
    this.pattern = pattern;
    this.names = names;
  }

  /** Go's {@code regexp.Compile}. */
  static GoRegex compile(final String expr) throws SyntaxError {
    final Parser parser = new Parser(expr);
    final Node root = parser.parse();
    final StringBuilder java = new StringBuilder();
    root.emit(java);
    return new GoRegex(expr, Pattern.compile(java.toString()), parser.names);
  }

  /** Go's {@code regexp.MustCompile}: a syntax error becomes Go's panic message. */
  static GoRegex mustCompile(final String expr) throws FunctionException {
    try {
      return compile(expr);
    } catch (final SyntaxError e) {
      throw new FunctionException("regexp: Compile(" + quote(expr) + "): " + e.getMessage());
    }
  }

  /** The expression as Go quotes it in panics: in backquotes when it can be. */
  private static String quote(final String s) {
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == '`' || c == '\uFEFF' || c < ' ' && c != '\t' || c == 0x7F) {
        return GoValues.quote(s);
      }
    }
    return "`" + s + "`";
  }

  /** {@code regexp.QuoteMeta}. */
  static String quoteMeta(final String s) {
    final StringBuilder b = new StringBuilder(s.length() * 2);
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** The equivalent Java pattern. */
  Pattern pattern() {
    return pattern;
  }

  /** {@code FindAllStringSubmatch(s, -1)}: groups that did not take part are "". */
  List<String[]> findAllSubmatches(final String s) {
    final List<String[]> out = new ArrayList<>();
    for (final int[] m : allMatches(s, -1)) {
      final String[] groups = new String[m.length / 2];
      for (int i = 0; i < groups.length; i++) {
        groups[i] = m[2 * i] < 0 ? "" : s.substring(m[2 * i], m[2 * i + 1]);
      }
      out.add(groups);
    }
    return out;
  }

  /** {@code MatchString}: whether the expression matches anywhere in {@code s}. */
  boolean matches(final String s) {
    return pattern.matcher(RenderBudget.current().counted(s)).find();
  }

  /** {@code FindString}: the leftmost match, or "". */
  String find(final String s) {
    final Matcher m = pattern.matcher(RenderBudget.current().counted(s));
    return m.find() ? m.group() : "";
  }

  /** {@code FindAllString(s, n)}: up to {@code n} matches ({@code n < 0}: all); null when none. */
  List<Object> findAll(final String s, final long n) {
    final List<Object> out = new ArrayList<>();
    for (final int[] m : allMatches(s, n)) {
      out.add(s.substring(m[0], m[1]));
    }
    return out.isEmpty() ? null : out;
  }

  /** Go's {@code allMatches}: successive matches, an empty one right after a match skipped. */
  private List<int[]> allMatches(final String s, final long n) {
    final List<int[]> out = new ArrayList<>();
    final Matcher m = pattern.matcher(RenderBudget.current().counted(s));
    int pos = 0;
    int prevMatchEnd = -1;
    while ((n < 0 || out.size() < n) && pos <= s.length()) {
      if (!m.find(pos)) {
        break;
      }
      boolean accept = true;
      if (m.end() == pos) {
        // An empty match: not right after the previous match, and move on by one rune.
        if (m.start() == prevMatchEnd) {
          accept = false;
        }
        pos += pos < s.length() ? Character.charCount(s.codePointAt(pos)) : 1;
      } else {
        pos = m.end();
      }
      prevMatchEnd = m.end();
      if (accept) {
        out.add(groups(m));
      }
    }
    return out;
  }

  private static int[] groups(final Matcher m) {
    final int[] g = new int[2 * (m.groupCount() + 1)];
    for (int i = 0; i <= m.groupCount(); i++) {
      g[2 * i] = m.start(i);
      g[2 * i + 1] = m.end(i);
    }
    return g;
  }

  /** {@code ReplaceAllString} ({@code $1}, {@code ${name}} expanded) or {@code ReplaceAllLiteralString}. */
  String replaceAll(final String src, final String repl, final boolean literal) {
    final Matcher m = pattern.matcher(RenderBudget.current().counted(src));
    final StringBuilder out = new StringBuilder(src.length());
    int lastMatchEnd = 0;
    int searchPos = 0;
    while (searchPos <= src.length()) {
      if (!m.find(searchPos)) {
        break;
      }
      out.append(src, lastMatchEnd, m.start());
      // No replacement for an empty match right after another match.
      if (m.end() > lastMatchEnd || m.start() == 0) {
        if (literal) {
          out.append(repl);
        } else {
          expand(out, repl, src, groups(m));
        }
      }
      lastMatchEnd = m.end();
      final int width = searchPos < src.length() ? Character.charCount(src.codePointAt(searchPos)) : 0;
      if (searchPos + width > m.end()) {
        searchPos += width;
      } else if (searchPos + 1 > m.end()) {
        searchPos++;
      } else {
        searchPos = m.end();
      }
    }
    out.append(src, lastMatchEnd, src.length());
    return out.toString();
  }

  /** Go's {@code Expand}: {@code $n}, {@code ${n}}, {@code $name}, {@code ${name}} and {@code $$}. */
  private void expand(final StringBuilder out, final String template, final String src, final int[] match) {
    String t = template;
    while (!t.isEmpty()) {
      final int dollar = t.indexOf('$');
      if (dollar < 0) {
        break;
      }
      out.append(t, 0, dollar);
      t = t.substring(dollar + 1);
      if (!t.isEmpty() && t.charAt(0) == '$') {
        out.append('$');
        t = t.substring(1);
        continue;
      }
      boolean brace = false;
      int i = 0;
      if (!t.isEmpty() && t.charAt(0) == '{') {
        brace = true;
        i = 1;
      }
      final int nameStart = i;
      while (i < t.length()) {
        final int r = t.codePointAt(i);
        if (!GoText.isLetter(r) && !GoText.isDigit(r) && r != '_') {
          break;
        }
        i += Character.charCount(r);
      }
      if (i == nameStart || brace && (i >= t.length() || t.charAt(i) != '}')) {
        // Malformed: the $ is plain text.
        out.append('$');
        continue;
      }
      final String name = t.substring(nameStart, i);
      t = t.substring(brace ? i + 1 : i);
      final int num = groupNumber(name);
      if (num >= 0) {
        if (2 * num + 1 < match.length && match[2 * num] >= 0) {
          out.append(src, match[2 * num], match[2 * num + 1]);
        }
      } else {
        for (int g = 0; g < names.size(); g++) {
          if (name.equals(names.get(g)) && 2 * g + 1 < match.length && match[2 * g] >= 0) {
            out.append(src, match[2 * g], match[2 * g + 1]);
            break;
          }
        }
      }
    }
    out.append(t);
  }

  private static int groupNumber(final String name) {
    int num = 0;
    for (int i = 0; i < name.length(); i++) {
      final char c = name.charAt(i);
      if (c < '0' || c > '9' || num >= 100_000_000) {
        return -1;
      }
      num = num * 10 + c - '0';
    }
    return name.charAt(0) == '0' && name.length() > 1 ? -1 : num;
  }

  /** {@code Split(s, n)}. */
  List<Object> split(final String s, final long n) {
    final List<Object> out = new ArrayList<>();
    if (n == 0) {
      return out;
    }
    if (!expr.isEmpty() && s.isEmpty()) {
      out.add("");
      return out;
    }
    int beg = 0;
    int end = 0;
    for (final int[] match : allMatches(s, n)) {
      if (n > 0 && out.size() == n - 1) {
        break;
      }
      end = match[0];
      if (match[1] != 0) {
        out.add(s.substring(beg, end));
      }
      beg = match[1];
    }
    if (end != s.length()) {
      out.add(s.substring(beg));
    }
    return out;
  }

  // ---------------------------------------------------------------- syntax tree

  /** A parsed expression, which writes itself as Java regex syntax. */
  private abstract static class Node {
    abstract void emit(StringBuilder out);

    /** Whether the Java text is a single atom a quantifier can follow. */
    boolean atomic() {
      return false;
    }
  }

  /** A pseudo node on the parse stack: an open parenthesis or an alternation bar. */
  private static final class Marker extends Node {
    final int cap;
    final int flags;

    Marker(final int cap, final int flags) {
      this.cap = cap;
      this.flags = flags;
    }

    @Override
    void emit(final StringBuilder out) {
      throw new IllegalStateException("marker left on the stack");
    }
  }

  private static final class Text extends Node {
    final String java;
    final boolean atom;

    Text(final String java, final boolean atom) {
      this.java = java;
      this.atom = atom;
    }

    @Override
    void emit(final StringBuilder out) {
      out.append(java);
    }

    @Override
    boolean atomic() {
      return atom;
    }
  }

  private static final class Group extends Node {
    final boolean capture;
    final Node sub;

    Group(final boolean capture, final Node sub) {
      this.capture = capture;
      this.sub = sub;
    }

    @Override
    void emit(final StringBuilder out) {
      out.append(capture ? "(" : "(?:");
      sub.emit(out);
      out.append(')');
    }

    @Override
    boolean atomic() {
      return true;
    }
  }

  private static final class Concat extends Node {
    final List<Node> subs;

    Concat(final List<Node> subs) {
      this.subs = subs;
    }

    @Override
    void emit(final StringBuilder out) {
      for (final Node n : subs) {
        n.emit(out);
      }
    }
  }

  private static final class Alternate extends Node {
    final List<Node> subs;

    Alternate(final List<Node> subs) {
      this.subs = subs;
    }

    @Override
    void emit(final StringBuilder out) {
      out.append("(?:");
      for (int i = 0; i < subs.size(); i++) {
        if (i > 0) {
          out.append('|');
        }
        subs.get(i).emit(out);
      }
      out.append(')');
    }

    @Override
    boolean atomic() {
      return true;
    }
  }

  private static final class Repeat extends Node {
    final Node sub;
    final int min;
    final int max;
    final boolean nonGreedy;
    final boolean counted;

    Repeat(final Node sub, final int min, final int max, final boolean nonGreedy, final boolean counted) {
      this.sub = sub;
      this.min = min;
      this.max = max;
      this.nonGreedy = nonGreedy;
      this.counted = counted;
    }

    @Override
    void emit(final StringBuilder out) {
      if (sub.atomic()) {
        sub.emit(out);
      } else {
        out.append("(?:");
        sub.emit(out);
        out.append(')');
      }
      if (!counted && min == 0 && max == -1) {
        out.append('*');
      } else if (!counted && min == 1 && max == -1) {
        out.append('+');
      } else if (!counted && min == 0 && max == 1) {
        out.append('?');
      } else if (max == -1) {
        out.append('{').append(min).append(",}");
      } else if (min == max) {
        out.append('{').append(min).append('}');
      } else {
        out.append('{').append(min).append(',').append(max).append('}');
      }
      if (nonGreedy) {
        out.append('?');
      }
    }
  }

  // ---------------------------------------------------------------- parser

  /** Go's {@code regexp/syntax} parser (Perl flags), building the tree above. */
  private static final class Parser {
    private static final int FOLD_CASE = 1;
    private static final int ONE_LINE = 2;
    private static final int DOT_NL = 4;
    private static final int NON_GREEDY = 8;

    final String whole;
    final List<String> names = new ArrayList<>();
    private final List<Node> stack = new ArrayList<>();
    private int flags = ONE_LINE;
    private int numCap;

    Parser(final String whole) {
      this.whole = whole;
      names.add("");
    }

    Node parse() throws SyntaxError {
      String t = whole;
      String lastRepeat = "";
      while (!t.isEmpty()) {
        String repeat = "";
        final char c = t.charAt(0);
        switch (c) {
          case '(':
            if (t.length() >= 2 && t.charAt(1) == '?') {
              t = parsePerlFlags(t);
              break;
            }
            numCap++;
            names.add("");
            stack.add(new Marker(numCap, flags));
            t = t.substring(1);
            break;
          case '|':
            verticalBar();
            t = t.substring(1);
            break;
          case ')':
            rightParen();
            t = t.substring(1);
            break;
          case '^':
            push(new Text((flags & ONE_LINE) != 0 ? "\\A" : "(?:\\A|(?<=\\n))", false));
            t = t.substring(1);
            break;
          case '$':
            push(new Text((flags & ONE_LINE) != 0 ? "\\z" : "(?:\\z|(?=\\n))", false));
            t = t.substring(1);
            break;
          case '.':
            push(new Text((flags & DOT_NL) != 0 ? "(?s:.)" : "[^\\n]", true));
            t = t.substring(1);
            break;
          case '[':
            t = parseClass(t);
            break;
          case '*':
          case '+':
          case '?': {
            final String after = repeat(c == '+' ? 1 : 0, c == '?' ? 1 : -1, false, t, t.substring(1), lastRepeat);
            repeat = t;
            t = after;
            break;
          }
          case '{': {
            final int[] parsed = parseRepeat(t);
            if (parsed == null) {
              literal('{');
              t = t.substring(1);
              break;
            }
            final int min = parsed[0];
            final int max = parsed[1];
            final String after = t.substring(parsed[2]);
            if (min < 0 || min > 1000 || max > 1000 || max >= 0 && min > max) {
              throw new SyntaxError("invalid repeat count", t.substring(0, parsed[2]));
            }
            final String rest = repeat(min, max, true, t, after, lastRepeat);
            repeat = t;
            t = rest;
            break;
          }
          case '\\':
            t = parseBackslash(t);
            break;
          default: {
            final int r = t.codePointAt(0);
            literal(r);
            t = t.substring(Character.charCount(r));
          }
        }
        lastRepeat = repeat;
      }
      concat();
      if (swapVerticalBar()) {
        stack.remove(stack.size() - 1);
      }
      alternate();
      if (stack.size() != 1) {
        throw new SyntaxError("missing closing )", whole);
      }
      return stack.get(0);
    }

    private String parseBackslash(final String t) throws SyntaxError {
      if (t.length() >= 2) {
        switch (t.charAt(1)) {
          case 'A':
            push(new Text("\\A", false));
            return t.substring(2);
          case 'b':
            push(new Text("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))", false));
            return t.substring(2);
          case 'B':
            push(new Text("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))", false));
            return t.substring(2);
          case 'C':
            throw new SyntaxError("invalid escape sequence", t.substring(0, 2));
          case 'Q': {
            final String rest = t.substring(2);
            final int end = rest.indexOf("\\E");
            final String lit = end < 0 ? rest : rest.substring(0, end);
            lit.codePoints().forEach(this::literal);
            return end < 0 ? "" : rest.substring(end + 2);
          }
          case 'z':
            push(new Text("\\z", false));
            return t.substring(2);
          default:
            break;
        }
      }
      if (t.length() >= 2 && (t.charAt(1) == 'p' || t.charAt(1) == 'P')) {
        final RuneClass cls = new RuneClass();
        final String rest = parseUnicodeClass(t, cls);
        pushClass(cls);
        return rest;
      }
      final RuneClass perl = perlClass(t);
      if (perl != null) {
        pushClass(perl);
        return t.substring(2);
      }
      final int[] escape = parseEscape(t);
      literal(escape[0]);
      return t.substring(escape[1]);
    }

    private void literal(final int r) {
      if ((flags & FOLD_CASE) != 0 && !RuneClass.foldsToItself(r)) {
        pushClass(RuneClass.literal(r, true));
      } else {
        push(new Text(javaChar(r), true));
      }
    }

    private void pushClass(final RuneClass cls) {
      push(new Text(cls.toJava(), !cls.isEmpty()));
    }

    private boolean folding() {
      return (flags & FOLD_CASE) != 0;
    }

    private static String javaChar(final int r) {
      if (r < 0x80 && Character.isLetterOrDigit(r)) {
        return String.valueOf((char) r);
      }
      return "\\x{" + Integer.toHexString(r) + "}";
    }

    private void push(final Node n) {
      stack.add(n);
    }

    /** Applies a repetition to the top of the stack; returns the text after the operator. */
    private String repeat(final int min, final int max, final boolean counted, final String before,
        final String after0, final String lastRepeat) throws SyntaxError {
      String after = after0;
      int f = flags;
      if (!after.isEmpty() && after.charAt(0) == '?') {
        after = after.substring(1);
        f ^= NON_GREEDY;
      }
      if (!lastRepeat.isEmpty()) {
        throw new SyntaxError("invalid nested repetition operator",
            lastRepeat.substring(0, lastRepeat.length() - after.length()));
      }
      final int n = stack.size();
      if (n == 0 || stack.get(n - 1) instanceof Marker) {
        throw new SyntaxError("missing argument to repetition operator",
            before.substring(0, before.length() - after.length()));
      }
      final Repeat re = new Repeat(stack.get(n - 1), min, max, (f & NON_GREEDY) != 0, counted);
      stack.set(n - 1, re);
      if (counted && (min >= 2 || max >= 2) && !repeatIsValid(re, 1000)) {
        throw new SyntaxError("invalid repeat count", before.substring(0, before.length() - after.length()));
      }
      return after;
    }

    private static boolean repeatIsValid(final Node re, final int n0) {
      final int n = limitBelow(re, n0);
      if (n < 0) {
        return false;
      }
      if (re instanceof Repeat r) {
        return repeatIsValid(r.sub, n);
      }
      if (re instanceof Group g) {
        return repeatIsValid(g.sub, n);
      }
      if (re instanceof Concat c) {
        return c.subs.stream().allMatch(s -> repeatIsValid(s, n));
      }
      if (re instanceof Alternate a) {
        return a.subs.stream().allMatch(s -> repeatIsValid(s, n));
      }
      return true;
    }

    /** The repeat budget left below {@code re}, or -1 when {@code re} alone exceeds it. */
    private static int limitBelow(final Node re, final int n0) {
      int n = n0;
      if (re instanceof Repeat r && r.counted) {
        int m = r.max;
        if (m == 0) {
          return Integer.MAX_VALUE;
        }
        if (m < 0) {
          m = r.min;
        }
        if (m > n) {
          return -1;
        }
        if (m > 0) {
          n /= m;
        }
      }
      return n;
    }

    /** Go's {@code parseRepeat}: {min, max (-1 unbounded), length consumed}, or null if not a repeat. */
    private static int[] parseRepeat(final String s) {
      int i = 1;
      final int[] min = parseInt(s, i);
      if (min == null) {
        return null;
      }
      i = min[1];
      if (i >= s.length()) {
        return null;
      }
      int lo = min[0];
      final int hi;
      if (s.charAt(i) != ',') {
        hi = lo;
      } else {
        i++;
        if (i >= s.length()) {
          return null;
        }
        if (s.charAt(i) == '}') {
          hi = -1;
        } else {
          final int[] max = parseInt(s, i);
          if (max == null) {
            return null;
          }
          i = max[1];
          hi = max[0];
          if (hi < 0) {
            lo = -1;
          }
        }
      }
      if (i >= s.length() || s.charAt(i) != '}') {
        return null;
      }
      return new int[] {lo, hi, i + 1};
    }

    /** Go's {@code parseInt} for repeat counts: {value (-1 when too big), end}, or null. */
    private static int[] parseInt(final String s, final int from) {
      if (from >= s.length() || s.charAt(from) < '0' || s.charAt(from) > '9') {
        return null;
      }
      if (from + 1 < s.length() && s.charAt(from) == '0' && s.charAt(from + 1) >= '0'
          && s.charAt(from + 1) <= '9') {
        return null;
      }
      int i = from;
      int n = 0;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        if (n >= 0) {
          n = n >= 100_000_000 ? -1 : n * 10 + s.charAt(i) - '0';
        }
        i++;
      }
      return new int[] {n, i};
    }

    private String parsePerlFlags(final String s) throws SyntaxError {
      String t = s;
      if (t.length() > 4 && t.charAt(2) == 'P' && t.charAt(3) == '<') {
        final int end = t.indexOf('>');
        if (end < 0) {
          throw new SyntaxError("invalid named capture", s);
        }
        final String capture = t.substring(0, end + 1);
        final String name = t.substring(4, end);
        if (name.isEmpty() || !name.chars().allMatch(c -> c == '_' || c < 0x80 && Character.isLetterOrDigit(c))) {
          throw new SyntaxError("invalid named capture", capture);
        }
        numCap++;
        names.add(name);
        stack.add(new Marker(numCap, flags));
        return t.substring(end + 1);
      }
      t = t.substring(2);
      int f = flags;
      int sign = 1;
      boolean sawFlag = false;
      while (!t.isEmpty()) {
        final int c = t.codePointAt(0);
        t = t.substring(Character.charCount(c));
        switch (c) {
          case 'i':
            f = sign > 0 ? f | FOLD_CASE : f & ~FOLD_CASE;
            sawFlag = true;
            continue;
          case 'm':
            f = sign > 0 ? f & ~ONE_LINE : f | ONE_LINE;
            sawFlag = true;
            continue;
          case 's':
            f = sign > 0 ? f | DOT_NL : f & ~DOT_NL;
            sawFlag = true;
            continue;
          case 'U':
            f = sign > 0 ? f | NON_GREEDY : f & ~NON_GREEDY;
            sawFlag = true;
            continue;
          case '-':
            if (sign < 0) {
              break;
            }
            sign = -1;
            sawFlag = false;
            continue;
          case ':':
          case ')':
            if (sign < 0 && !sawFlag) {
              break;
            }
            if (c == ':') {
              stack.add(new Marker(0, flags));
            }
            flags = f;
            return t;
          default:
            break;
        }
        break;
      }
      throw new SyntaxError("invalid or unsupported Perl syntax", s.substring(0, s.length() - t.length()));
    }

    private void verticalBar() {
      concat();
      // Go keeps one bar on the stack, with the finished alternatives below it.
      if (!swapVerticalBar()) {
        stack.add(new Marker(-1, flags));
      }
    }

    /**
     * Go's {@code swapVerticalBar}: when a bar is second from the top, moves the finished
     * alternative below it and reports true.
     */
    private boolean swapVerticalBar() {
      final int n = stack.size();
      if (n >= 2 && isBar(stack.get(n - 2))) {
        final Node top = stack.remove(n - 1);
        final Node bar = stack.remove(n - 2);
        stack.add(top);
        stack.add(bar);
        return true;
      }
      return false;
    }

    private static boolean isBar(final Node n) {
      return n instanceof Marker m && m.cap == -1;
    }

    private static boolean isLeftParen(final Node n) {
      return n instanceof Marker m && m.cap >= 0;
    }

    /** Replaces the nodes above the last marker by their concatenation. */
    private void concat() {
      int i = stack.size();
      while (i > 0 && !(stack.get(i - 1) instanceof Marker)) {
        i--;
      }
      final List<Node> subs = new ArrayList<>(stack.subList(i, stack.size()));
      stack.subList(i, stack.size()).clear();
      stack.add(subs.size() == 1 ? subs.get(0) : new Concat(subs));
    }

    /** Replaces the alternatives above the last open parenthesis by their alternation. */
    private void alternate() {
      int i = stack.size();
      while (i > 0 && !isLeftParen(stack.get(i - 1))) {
        i--;
      }
      final List<Node> subs = new ArrayList<>(stack.subList(i, stack.size()));
      stack.subList(i, stack.size()).clear();
      stack.add(subs.size() == 1 ? subs.get(0) : new Alternate(subs));
    }

    private void rightParen() throws SyntaxError {
      concat();
      if (swapVerticalBar()) {
        stack.remove(stack.size() - 1);
      }
      alternate();
      final int n = stack.size();
      if (n < 2) {
        throw new SyntaxError("unexpected )", whole);
      }
      final Node re1 = stack.remove(n - 1);
      final Node re2 = stack.remove(n - 2);
      if (!isLeftParen(re2)) {
        throw new SyntaxError("unexpected )", whole);
      }
      final Marker paren = (Marker) re2;
      flags = paren.flags;
      push(new Group(paren.cap > 0, re1));
    }

    // ------------------------------------------------------------ escapes and classes

    /** Go's {@code parseEscape}: {rune, length consumed}. */
    private static int[] parseEscape(final String s) throws SyntaxError {
      if (s.length() < 2) {
        throw new SyntaxError("trailing backslash at end of expression", "");
      }
      final int c = s.codePointAt(1);
      int i = 1 + Character.charCount(c);
      switch (c) {
        case '1', '2', '3', '4', '5', '6', '7':
          if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
            break;
          }
          return octal(s, c, i);
        case '0':
          return octal(s, c, i);
        case 'x': {
          if (i >= s.length()) {
            break;
          }
          final int c1 = s.codePointAt(i);
          i += Character.charCount(c1);
          if (c1 == '{') {
            int nhex = 0;
            int r = 0;
            while (true) {
              if (i >= s.length()) {
                throw new SyntaxError("invalid escape sequence", s.substring(0, i));
              }
              final int d = s.codePointAt(i);
              i += Character.charCount(d);
              if (d == '}') {
                break;
              }
              final int v = Character.digit(d, 16);
              if (v < 0 || d > 0x7F) {
                throw new SyntaxError("invalid escape sequence", s.substring(0, i));
              }
              r = r * 16 + v;
              if (r > Character.MAX_CODE_POINT) {
                throw new SyntaxError("invalid escape sequence", s.substring(0, i));
              }
              nhex++;
            }
            if (nhex == 0) {
              throw new SyntaxError("invalid escape sequence", s.substring(0, i));
            }
            return new int[] {r, i};
          }
          final int x = c1 < 0x80 ? Character.digit(c1, 16) : -1;
          if (i >= s.length()) {
            // Go reads the next rune of an empty string as an invalid one and stops there.
            throw new SyntaxError("invalid escape sequence", s.substring(0, i));
          }
          final int c2 = s.codePointAt(i);
          i += Character.charCount(c2);
          final int y = c2 < 0x80 ? Character.digit(c2, 16) : -1;
          if (x < 0 || y < 0) {
            break;
          }
          return new int[] {x * 16 + y, i};
        }
        case 'a':
          return new int[] {7, i};
        case 'f':
          return new int[] {'\f', i};
        case 'n':
          return new int[] {'\n', i};
        case 'r':
          return new int[] {'\r', i};
        case 't':
          return new int[] {'\t', i};
        case 'v':
          return new int[] {0x0B, i};
        default:
          if (c < 0x80 && !Character.isLetterOrDigit(c)) {
            return new int[] {c, i};
          }
      }
      throw new SyntaxError("invalid escape sequence", s.substring(0, i));
    }

    private static int[] octal(final String s, final int first, final int from) {
      int r = first - '0';
      int i = from;
      for (int k = 1; k < 3; k++) {
        if (i >= s.length() || s.charAt(i) < '0' || s.charAt(i) > '7') {
          break;
        }
        r = r * 8 + s.charAt(i) - '0';
        i++;
      }
      return new int[] {r, i};
    }

    /** {@code \d \s \w} and their negations (folded under {@code (?i)}, as Go does), or null. */
    private RuneClass perlClass(final String s) {
      if (s.length() < 2 || s.charAt(0) != '\\') {
        return null;
      }
      final RuneClass base = switch (Character.toLowerCase(s.charAt(1))) {
        case 'd' -> RuneClass.of('0', '9');
        case 's' -> RuneClass.of('\t', '\n', '\f', '\r', ' ', ' ');
        case 'w' -> RuneClass.of('0', '9', 'A', 'Z', '_', '_', 'a', 'z');
        default -> null;
      };
      if (base == null || "dswDSW".indexOf(s.charAt(1)) < 0) {
        return null;
      }
      return group(base, Character.isUpperCase(s.charAt(1)));
    }

    /** A Perl or POSIX group as Go's {@code appendGroup} adds it: folded first, then negated. */
    private RuneClass group(final RuneClass base, final boolean negated) {
      final RuneClass cls = new RuneClass().addAll(base, folding());
      return negated ? cls.negate() : cls;
    }

    /**
     * {@code \pN}, {@code \p{Name}}, {@code \PN}, {@code \p{^Name}}: adds the runes to {@code out}
     * and returns the text after the escape.
     */
    private String parseUnicodeClass(final String s, final RuneClass out) throws SyntaxError {
      boolean negated = s.charAt(1) == 'P';
      if (s.length() < 3) {
        throw new SyntaxError("invalid character class range", s);
      }
      final String seq;
      String name;
      final String rest;
      final int c = s.codePointAt(2);
      if (c != '{') {
        seq = s.substring(0, 2 + Character.charCount(c));
        name = seq.substring(2);
        rest = s.substring(seq.length());
      } else {
        final int end = s.indexOf('}');
        if (end < 0) {
          throw new SyntaxError("invalid character class range", s);
        }
        seq = s.substring(0, end + 1);
        name = s.substring(3, end);
        rest = s.substring(end + 1);
      }
      if (!name.isEmpty() && name.charAt(0) == '^') {
        negated = !negated;
        name = name.substring(1);
      }
      final RuneClass table = RuneClass.unicodeTable(name);
      if (table == null) {
        throw new SyntaxError("invalid character class range", seq);
      }
      out.addAll(group(table, negated), false);
      return rest;
    }

    /** Go's {@code parseClass}: a bracketed class, pushed as a Java class. */
    private String parseClass(final String s) throws SyntaxError {
      String t = s.substring(1);
      boolean negated = false;
      if (!t.isEmpty() && t.charAt(0) == '^') {
        negated = true;
        t = t.substring(1);
      }
      RuneClass cls = new RuneClass();
      boolean first = true;
      while (t.isEmpty() || t.charAt(0) != ']' || first) {
        first = false;
        if (t.length() > 2 && t.charAt(0) == '[' && t.charAt(1) == ':') {
          final int close = t.indexOf(":]", 2);
          if (close >= 0) {
            final String name = t.substring(0, close + 2);
            final RuneClass posix = posixClass(name);
            if (posix == null) {
              throw new SyntaxError("invalid character class range", name);
            }
            cls.addAll(posix, false);
            t = t.substring(close + 2);
            continue;
          }
        }
        if (t.length() >= 2 && t.charAt(0) == '\\' && (t.charAt(1) == 'p' || t.charAt(1) == 'P')) {
          t = parseUnicodeClass(t, cls);
          continue;
        }
        final RuneClass perl = perlClass(t);
        if (perl != null) {
          cls.addAll(perl, false);
          t = t.substring(2);
          continue;
        }
        final String range = t;
        final int[] lo = classChar(t, s);
        t = t.substring(lo[1]);
        int hi = lo[0];
        if (t.length() >= 2 && t.charAt(0) == '-' && t.charAt(1) != ']') {
          t = t.substring(1);
          final int[] h = classChar(t, s);
          t = t.substring(h[1]);
          hi = h[0];
          if (hi < lo[0]) {
            throw new SyntaxError("invalid character class range", range.substring(0, range.length() - t.length()));
          }
        }
        if (folding()) {
          cls.addFolded(lo[0], hi);
        } else {
          cls.add(lo[0], hi);
        }
      }
      t = t.substring(1);
      if (negated) {
        cls = cls.negate();
      }
      pushClass(cls);
      return t;
    }

    /** One class character (or escape): {rune, length consumed}. */
    private static int[] classChar(final String s, final String wholeClass) throws SyntaxError {
      if (s.isEmpty()) {
        throw new SyntaxError("missing closing ]", wholeClass);
      }
      if (s.charAt(0) == '\\') {
        return parseEscape(s);
      }
      return new int[] {s.codePointAt(0), Character.charCount(s.codePointAt(0))};
    }

    /** A POSIX class such as {@code [:alpha:]} or {@code [:^space:]}, as Go's ASCII tables; null if unknown. */
    private RuneClass posixClass(final String name) {
      final boolean negated = name.startsWith("[:^");
      final String base = name.substring(negated ? 3 : 2, name.length() - 2);
      final RuneClass cls = switch (base) {
        case "alnum" -> RuneClass.of('0', '9', 'A', 'Z', 'a', 'z');
        case "alpha" -> RuneClass.of('A', 'Z', 'a', 'z');
        case "ascii" -> RuneClass.of(0, 0x7F);
        case "blank" -> RuneClass.of('\t', '\t', ' ', ' ');
        case "cntrl" -> RuneClass.of(0, 0x1F, 0x7F, 0x7F);
        case "digit" -> RuneClass.of('0', '9');
        case "graph" -> RuneClass.of('!', '~');
        case "lower" -> RuneClass.of('a', 'z');
        case "print" -> RuneClass.of(' ', '~');
        case "punct" -> RuneClass.of('!', '/', ':', '@', '[', '`', '{', '~');
        case "space" -> RuneClass.of('\t', '\r', ' ', ' ');
        case "upper" -> RuneClass.of('A', 'Z');
        case "word" -> RuneClass.of('0', '9', 'A', 'Z', 'a', 'z', '_', '_');
        case "xdigit" -> RuneClass.of('0', '9', 'A', 'F', 'a', 'f');
        default -> null;
      };
      return cls == null ? null : group(cls, negated);
    }
  }
}
