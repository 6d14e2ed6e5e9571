package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import io.commander.renderer.gotemplate.GoObject;
import io.commander.renderer.gotemplate.TemplateFunction;

import io.commander.renderer.gotemplate.GoValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version as {@code Masterminds/semver/v3} (v3.2.0) parses and compares it: what sprig's
 * {@code semver} returns ({@code *semver.Version}, printed by its {@code String()}) and what
 * {@code semverCompare} checks constraints against.
 */
final class Semver implements GoObject {

  private static final String VERSION = "v?([0-9]+)(\\.[0-9]+)?(\\.[0-9]+)?"
      + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
      + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
  private static final String CONSTRAINT_VERSION = "v?([0-9|x|X|\\*]+)(\\.[0-9|x|X|\\*]+)?(\\.[0-9|x|X|\\*]+)?"
      + "(-([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?"
      + "(\\+([0-9A-Za-z\\-]+(\\.[0-9A-Za-z\\-]+)*))?";
  private static final String OPS = "=||!=|>|<|>=|=>|<=|=<|~|~>|\\^";
  private static final String NUM = "0123456789";
  private static final String ALLOWED = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-" + NUM;

  private static final Pattern VERSION_REGEX = compile("^" + VERSION + "$");
  private static final Pattern CONSTRAINT_REGEX = compile("^\\s*(" + OPS + ")\\s*(" + CONSTRAINT_VERSION + ")\\s*$");
  private static final GoRegex CONSTRAINT_RANGE_REGEX =
      goRegex("\\s*(" + CONSTRAINT_VERSION + ")\\s+-\\s+(" + CONSTRAINT_VERSION + ")\\s*");
  private static final GoRegex FIND_CONSTRAINT_REGEX = goRegex("(" + OPS + ")\\s*(" + CONSTRAINT_VERSION + ")");
  private static final Pattern VALID_CONSTRAINT_REGEX = compile("^(\\s*(" + OPS + ")\\s*(" + CONSTRAINT_VERSION
      + ")\\s*)((?:\\s+|,\\s*)(" + OPS + ")\\s*(" + CONSTRAINT_VERSION + ")\\s*)*$");

  private final long major;
  private final long minor;
  private final long patch;
  private final String pre;
  private final String metadata;
  private final String original;

  private Semver(final long major, final long minor, final long patch, final String pre, final String metadata,
      final String original) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
    this.metadata = metadata;
    this.original = original;
  }

  private static GoRegex goRegex(final String expr) {
    try {
      return GoRegex.compile(expr);
    } catch (final GoRegex.SyntaxError e) {
      throw new IllegalStateException(e);
    }
  }

  private static Pattern compile(final String expr) {
    return goRegex(expr).pattern();
  }

  /** {@code semver.NewVersion}: the loose form ({@code v} prefix, missing minor and patch). */
  static Semver parse(final String v) throws FunctionException {
    final Matcher m = VERSION_REGEX.matcher(v);
    if (!m.find()) {
      throw new FunctionException("Invalid Semantic Version");
    }
    final long major = segment(m.group(1));
    final long minor = m.group(2) == null ? 0 : segment(m.group(2).substring(1));
    final long patch = m.group(3) == null ? 0 : segment(m.group(3).substring(1));
    final String pre = m.group(5) == null ? "" : m.group(5);
    final String metadata = m.group(8) == null ? "" : m.group(8);
    if (!pre.isEmpty()) {
      validatePrerelease(pre);
    }
    if (!metadata.isEmpty()) {
      for (final String part : metadata.split("\\.", -1)) {
        if (!containsOnly(part, ALLOWED)) {
          throw new FunctionException("Invalid Metadata string");
        }
      }
    }
    return new Semver(major, minor, patch, pre, metadata, v);
  }

  private static long segment(final String digits) throws FunctionException {
    try {
      return GoStrconv.parseUint(digits, 10);
    } catch (final GoStrconv.NumError e) {
      throw new FunctionException("Error parsing version segment: " + e.getMessage());
    }
  }

  private static void validatePrerelease(final String p) throws FunctionException {
    for (final String part : p.split("\\.", -1)) {
      if (containsOnly(part, NUM)) {
        if (part.length() > 1 && part.charAt(0) == '0') {
          throw new FunctionException("Version segment starts with 0");
        }
      } else if (!containsOnly(part, ALLOWED)) {
        throw new FunctionException("Invalid Prerelease string");
      }
    }
  }

  private static boolean containsOnly(final String s, final String allowed) {
    return s.chars().allMatch(c -> allowed.indexOf(c) >= 0);
  }

  /** The major version ({@code Major()}). */
  long major() {
    return major;
  }

  /** The minor version ({@code Minor()}). */
  long minor() {
    return minor;
  }

  /** The patch version ({@code Patch()}). */
  long patch() {
    return patch;
  }

  /** The pre-release part ({@code Prerelease()}). */
  String prerelease() {
    return pre;
  }

  /** The build metadata ({@code Metadata()}). */
  String metadata() {
    return metadata;
  }

  @Override
  public String goTypeName() {
    return "*semver.Version";
  }

  /** The methods of Masterminds' {@code *semver.Version} that templates call ({@code $v.Major}). */
  @Override
  public TemplateFunction method(final String name) {
    return switch (name) {
      case "Major" -> args -> major;
      case "Minor" -> args -> minor;
      case "Patch" -> args -> patch;
      case "Prerelease" -> args -> pre;
      case "Metadata" -> args -> metadata;
      case "Original" -> args -> original;
      case "String" -> args -> toString();
      default -> null;
    };
  }

  /** The text it was parsed from ({@code Original()}). */
  String original() {
    return original;
  }

  /** {@code Version.String()}: {@code MAJOR.MINOR.PATCH[-PRE][+META]}, without a {@code v}. */
  @Override
  public String toString() {
    final StringBuilder b = new StringBuilder()
        .append(Long.toUnsignedString(major)).append('.')
        .append(Long.toUnsignedString(minor)).append('.')
        .append(Long.toUnsignedString(patch));
    if (!pre.isEmpty()) {
      b.append('-').append(pre);
    }
    if (!metadata.isEmpty()) {
      b.append('+').append(metadata);
    }
    return b.toString();
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof Semver s && s.major == major && s.minor == minor && s.patch == patch && s.pre.equals(pre)
        && s.metadata.equals(metadata) && s.original.equals(original);
  }

  @Override
  public int hashCode() {
    return Objects.hash(major, minor, patch, pre, metadata, original);
  }

  /** {@code Version.Compare}: -1, 0 or 1; build metadata does not count. */
  int compare(final Semver o) {
    int d = Long.compareUnsigned(major, o.major);
    if (d == 0) {
      d = Long.compareUnsigned(minor, o.minor);
    }
    if (d == 0) {
      d = Long.compareUnsigned(patch, o.patch);
    }
    if (d != 0) {
      return d < 0 ? -1 : 1;
    }
    if (pre.isEmpty() && o.pre.isEmpty()) {
      return 0;
    }
    if (pre.isEmpty()) {
      return 1;
    }
    if (o.pre.isEmpty()) {
      return -1;
    }
    return comparePrerelease(pre, o.pre);
  }

  private static int comparePrerelease(final String v, final String o) {
    final String[] sparts = v.split("\\.", -1);
    final String[] oparts = o.split("\\.", -1);
    final int l = Math.max(sparts.length, oparts.length);
    for (int i = 0; i < l; i++) {
      final String s = i < sparts.length ? sparts[i] : "";
      final String t = i < oparts.length ? oparts[i] : "";
      final int d = comparePrePart(s, t);
      if (d != 0) {
        return d;
      }
    }
    return 0;
  }

  private static int comparePrePart(final String s, final String o) {
    if (s.equals(o)) {
      return 0;
    }
    if (s.isEmpty()) {
      return -1;
    }
    if (o.isEmpty()) {
      return 1;
    }
    Long oi = null;
    Long si = null;
    try {
      oi = GoStrconv.parseUint(o, 10);
    } catch (final GoStrconv.NumError e) {
      // not numeric
    }
    try {
      si = GoStrconv.parseUint(s, 10);
    } catch (final GoStrconv.NumError e) {
      // not numeric
    }
    if (oi == null && si == null) {
      return GoValues.compareStrings(s, o) > 0 ? 1 : -1;
    }
    if (oi == null) {
      return -1;
    }
    if (si == null) {
      return 1;
    }
    return Long.compareUnsigned(si, oi) > 0 ? 1 : -1;
  }

  // ---------------------------------------------------------------- constraints

  /** One constraint of a {@code semver.Constraints}: an operator and a possibly wildcarded version. */
  private record Constraint(String op, Semver con, String orig, boolean minorDirty, boolean patchDirty,
      boolean dirty) {
  }

  /** A parsed {@code semver.Constraints}: alternatives ({@code ||}) of constraints that must all hold. */
  static final class Constraints {
    private final List<List<Constraint>> alternatives;

    private Constraints(final List<List<Constraint>> alternatives) {
      this.alternatives = alternatives;
    }

    /** {@code Constraints.Check(v)}. */
    boolean check(final Semver v) {
      for (final List<Constraint> and : alternatives) {
        if (and.stream().allMatch(c -> holds(c, v))) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code semver.NewConstraint(c)}, with the library's parse errors. */
  static Constraints constraints(final String constraint) throws FunctionException {
    return new Constraints(parseConstraints(constraint));
  }

  private static List<List<Constraint>> parseConstraints(final String c0) throws FunctionException {
    final String c = rewriteRange(c0);
    final List<List<Constraint>> or = new ArrayList<>();
    for (final String v : GoText.split(c, "||")) {
      if (!VALID_CONSTRAINT_REGEX.matcher(v).find()) {
        throw new FunctionException("improper constraint: " + v);
      }
      List<Object> cs = FIND_CONSTRAINT_REGEX.findAll(v, -1);
      if (cs == null) {
        cs = new ArrayList<>();
        cs.add(v);
      }
      final List<Constraint> and = new ArrayList<>();
      for (final Object s : cs) {
        and.add(parseConstraint((String) s));
      }
      or.add(and);
    }
    return or;
  }

  private static String rewriteRange(final String i) {
    final List<String[]> matches = CONSTRAINT_RANGE_REGEX.findAllSubmatches(i);
    String o = i;
    for (final String[] m : matches) {
      final String t = ">= " + m[1] + ", <= " + m[11];
      final int at = o.indexOf(m[0]);
      if (at >= 0) {
        o = o.substring(0, at) + t + o.substring(at + m[0].length());
      }
    }
    return o;
  }

  private static Constraint parseConstraint(final String c) throws FunctionException {
    if (c.isEmpty()) {
      return new Constraint("", new Semver(0, 0, 0, "", "", "0.0.0"), c, false, false, true);
    }
    final Matcher m = CONSTRAINT_REGEX.matcher(c);
    if (!m.find()) {
      throw new FunctionException("improper constraint: " + c);
    }
    final String g3 = nz(m.group(3));
    final String g4 = nz(m.group(4));
    final String g5 = nz(m.group(5));
    final String g6 = nz(m.group(6));
    String ver = m.group(2);
    boolean minorDirty = false;
    boolean patchDirty = false;
    boolean dirty = false;
    if (isX(g3) || g3.isEmpty()) {
      ver = "0.0.0" + g6;
      dirty = true;
    } else if (isX(trimDot(g4)) || g4.isEmpty()) {
      minorDirty = true;
      dirty = true;
      ver = g3 + ".0.0" + g6;
    } else if (isX(trimDot(g5)) || g5.isEmpty()) {
      dirty = true;
      patchDirty = true;
      ver = g3 + g4 + ".0" + g6;
    }
    final Semver con;
    try {
      con = parse(ver);
    } catch (final FunctionException e) {
      throw new FunctionException("constraint Parser Error");
    }
    return new Constraint(m.group(1), con, m.group(2), minorDirty, patchDirty, dirty);
  }

  private static String nz(final String s) {
    return s == null ? "" : s;
  }

  private static String trimDot(final String s) {
    return s.startsWith(".") ? s.substring(1) : s;
  }

  private static boolean isX(final String x) {
    return x.equals("x") || x.equals("*") || x.equals("X");
  }

  private static boolean holds(final Constraint c, final Semver v) {
    switch (c.op) {
      case "", "=":
        return tildeOrEqual(v, c);
      case "!=":
        return notEqual(v, c);
      case ">":
        return greaterThan(v, c);
      case "<":
        return !prereleaseExcluded(v, c) && v.compare(c.con) < 0;
      case ">=", "=>":
        return !prereleaseExcluded(v, c) && v.compare(c.con) >= 0;
      case "<=", "=<":
        return lessThanEqual(v, c);
      case "~", "~>":
        return tilde(v, c);
      default:
        return caret(v, c);
    }
  }

  private static boolean prereleaseExcluded(final Semver v, final Constraint c) {
    return !v.pre.isEmpty() && c.con.pre.isEmpty();
  }

  private static boolean notEqual(final Semver v, final Constraint c) {
    if (c.dirty) {
      if (prereleaseExcluded(v, c)) {
        return false;
      }
      if (c.con.major != v.major) {
        return true;
      }
      if (c.con.minor != v.minor && !c.minorDirty) {
        return true;
      } else if (c.minorDirty) {
        return false;
      } else if (c.con.patch != v.patch && !c.patchDirty) {
        return true;
      } else if (c.patchDirty) {
        if (!v.pre.isEmpty() || !c.con.pre.isEmpty()) {
          return comparePrerelease(v.pre, c.con.pre) != 0;
        }
        return false;
      }
    }
    return v.compare(c.con) != 0;
  }

  private static boolean greaterThan(final Semver v, final Constraint c) {
    if (prereleaseExcluded(v, c)) {
      return false;
    }
    if (!c.dirty) {
      return v.compare(c.con) == 1;
    }
    if (Long.compareUnsigned(v.major, c.con.major) > 0) {
      return true;
    } else if (Long.compareUnsigned(v.major, c.con.major) < 0) {
      return false;
    } else if (c.minorDirty) {
      return false;
    } else if (c.patchDirty) {
      return Long.compareUnsigned(v.minor, c.con.minor) > 0;
    }
    return v.compare(c.con) == 1;
  }

  private static boolean lessThanEqual(final Semver v, final Constraint c) {
    if (prereleaseExcluded(v, c)) {
      return false;
    }
    if (!c.dirty) {
      return v.compare(c.con) <= 0;
    }
    if (Long.compareUnsigned(v.major, c.con.major) > 0) {
      return false;
    } else if (v.major == c.con.major && Long.compareUnsigned(v.minor, c.con.minor) > 0 && !c.minorDirty) {
      return false;
    }
    return true;
  }

  private static boolean tilde(final Semver v, final Constraint c) {
    if (prereleaseExcluded(v, c)) {
      return false;
    }
    if (v.compare(c.con) < 0) {
      return false;
    }
    if (c.con.major == 0 && c.con.minor == 0 && c.con.patch == 0 && !c.minorDirty && !c.patchDirty) {
      return true;
    }
    if (v.major != c.con.major) {
      return false;
    }
    return v.minor == c.con.minor || c.minorDirty;
  }

  private static boolean tildeOrEqual(final Semver v, final Constraint c) {
    if (prereleaseExcluded(v, c)) {
      return false;
    }
    if (c.dirty) {
      return tilde(v, c);
    }
    return v.compare(c.con) == 0;
  }

  private static boolean caret(final Semver v, final Constraint c) {
    if (prereleaseExcluded(v, c)) {
      return false;
    }
    if (v.compare(c.con) < 0) {
      return false;
    }
    if (c.con.major != 0 || c.minorDirty) {
      return v.major == c.con.major;
    }
    if (c.con.major == 0 && v.major != 0) {
      return false;
    }
    if (c.con.minor != 0 || c.patchDirty) {
      return v.minor == c.con.minor;
    }
    if (c.con.minor == 0 && v.minor != 0) {
      return false;
    }
    return c.con.patch == v.patch;
  }
}
