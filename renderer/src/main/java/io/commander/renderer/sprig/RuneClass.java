package io.commander.renderer.sprig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A set of runes as Go's {@code regexp/syntax} builds character classes: sorted ranges, with Go's
 * simple case folding ({@code unicode.SimpleFold} orbits) for {@code (?i)}, and Go's Unicode tables
 * for {@code \pN} and {@code \p{Name}}. It writes itself as a Java character class, so that case
 * folding and class membership are Go's rather than {@link java.util.regex}'s.
 */
final class RuneClass {

  private static final int MAX_RUNE = 0x10FFFF;
  /** The first and last runes that fold to another rune ({@code regexp/syntax}'s minFold, maxFold). */
  private static final int MIN_FOLD = 0x0041;
  private static final int MAX_FOLD = 0x1E943;

  /** Go's {@code unicode.caseOrbit}: the folding orbits that are not just lower/upper pairs. */
  private static final int[][] CASE_ORBIT = {
      {0x004B, 0x006B}, {0x0053, 0x0073}, {0x006B, 0x212A}, {0x0073, 0x017F}, {0x00B5, 0x039C},
      {0x00C5, 0x00E5}, {0x00DF, 0x1E9E}, {0x00E5, 0x212B}, {0x0130, 0x0130}, {0x0131, 0x0131},
      {0x017F, 0x0053}, {0x01C4, 0x01C5}, {0x01C5, 0x01C6}, {0x01C6, 0x01C4}, {0x01C7, 0x01C8},
      {0x01C8, 0x01C9}, {0x01C9, 0x01C7}, {0x01CA, 0x01CB}, {0x01CB, 0x01CC}, {0x01CC, 0x01CA},
      {0x01F1, 0x01F2}, {0x01F2, 0x01F3}, {0x01F3, 0x01F1}, {0x0345, 0x0399}, {0x0392, 0x03B2},
      {0x0395, 0x03B5}, {0x0398, 0x03B8}, {0x0399, 0x03B9}, {0x039A, 0x03BA}, {0x039C, 0x03BC},
      {0x03A0, 0x03C0}, {0x03A1, 0x03C1}, {0x03A3, 0x03C2}, {0x03A6, 0x03C6}, {0x03A9, 0x03C9},
      {0x03B2, 0x03D0}, {0x03B5, 0x03F5}, {0x03B8, 0x03D1}, {0x03B9, 0x1FBE}, {0x03BA, 0x03F0},
      {0x03BC, 0x00B5}, {0x03C0, 0x03D6}, {0x03C1, 0x03F1}, {0x03C2, 0x03C3}, {0x03C3, 0x03A3},
      {0x03C6, 0x03D5}, {0x03C9, 0x2126}, {0x03D0, 0x0392}, {0x03D1, 0x03F4}, {0x03D5, 0x03A6},
      {0x03D6, 0x03A0}, {0x03F0, 0x039A}, {0x03F1, 0x03A1}, {0x03F4, 0x0398}, {0x03F5, 0x0395},
      {0x0412, 0x0432}, {0x0414, 0x0434}, {0x041E, 0x043E}, {0x0421, 0x0441}, {0x0422, 0x0442},
      {0x042A, 0x044A}, {0x0432, 0x1C80}, {0x0434, 0x1C81}, {0x043E, 0x1C82}, {0x0441, 0x1C83},
      {0x0442, 0x1C84}, {0x044A, 0x1C86}, {0x0462, 0x0463}, {0x0463, 0x1C87}, {0x1C80, 0x0412},
      {0x1C81, 0x0414}, {0x1C82, 0x041E}, {0x1C83, 0x0421}, {0x1C84, 0x1C85}, {0x1C85, 0x0422},
      {0x1C86, 0x042A}, {0x1C87, 0x0462}, {0x1C88, 0xA64A}, {0x1E60, 0x1E61}, {0x1E61, 0x1E9B},
      {0x1E9B, 0x1E60}, {0x1E9E, 0x00DF}, {0x1FBE, 0x0345}, {0x2126, 0x03A9}, {0x212A, 0x004B},
      {0x212B, 0x00C5}, {0xA64A, 0xA64B}, {0xA64B, 0x1C88}};

  private static final Set<String> CATEGORIES = Set.of("C", "Cc", "Cf", "Co", "Cs", "L", "Ll", "Lm", "Lo", "Lt",
      "Lu", "M", "Mc", "Me", "Mn", "N", "Nd", "Nl", "No", "P", "Pc", "Pd", "Pe", "Pf", "Pi", "Po", "Ps", "S", "Sc",
      "Sk", "Sm", "So", "Z", "Zl", "Zp", "Zs");
  private static final Map<String, RuneClass> TABLES = new ConcurrentHashMap<>();

  /** Sorted, non-overlapping, non-adjacent inclusive ranges: lo0, hi0, lo1, hi1... */
  private final List<Integer> ranges = new ArrayList<>();

  /** Go's {@code unicode.SimpleFold}: the next rune of {@code r}'s case folding orbit. */
  static int simpleFold(final int r) {
    for (final int[] pair : CASE_ORBIT) {
      if (pair[0] == r) {
        return pair[1];
      }
    }
    final int l = Character.toLowerCase(r);
    if (l != r) {
      return l;
    }
    return Character.toUpperCase(r);
  }

  /** The class of the single rune {@code r}, folded when asked: a literal under {@code (?i)}. */
  static RuneClass literal(final int r, final boolean fold) {
    final RuneClass c = new RuneClass();
    if (fold) {
      c.addFolded(r, r);
    } else {
      c.add(r, r);
    }
    return c;
  }

  /** Whether {@code r} is the only rune of its folding orbit. */
  static boolean foldsToItself(final int r) {
    return simpleFold(r) == r;
  }

  /** Adds {@code [lo, hi]}. */
  RuneClass add(final int lo, final int hi) {
    // The first range that ends at or after lo - 1: the one lo merges into or goes before.
    int first = 0;
    int last = ranges.size() / 2;
    while (first < last) {
      final int mid = (first + last) >>> 1;
      if (ranges.get(2 * mid + 1) < lo - 1) {
        first = mid + 1;
      } else {
        last = mid;
      }
    }
    final int i = 2 * first;
    int newLo = lo;
    int newHi = hi;
    while (i < ranges.size() && ranges.get(i) <= hi + 1) {
      newLo = Math.min(newLo, ranges.get(i));
      newHi = Math.max(newHi, ranges.get(i + 1));
      ranges.remove(i);
      ranges.remove(i);
    }
    ranges.add(i, newHi);
    ranges.add(i, newLo);
    return this;
  }

  /** Go's {@code appendFoldedRange}: {@code [lo, hi]} and every rune folding to one of them. */
  RuneClass addFolded(final int lo0, final int hi0) {
    int lo = lo0;
    int hi = hi0;
    if (lo <= MIN_FOLD && hi >= MAX_FOLD || hi < MIN_FOLD || lo > MAX_FOLD) {
      return add(lo, hi);
    }
    if (lo < MIN_FOLD) {
      add(lo, MIN_FOLD - 1);
      lo = MIN_FOLD;
    }
    if (hi > MAX_FOLD) {
      add(MAX_FOLD + 1, hi);
      hi = MAX_FOLD;
    }
    for (int c = lo; c <= hi; c++) {
      add(c, c);
      for (int f = simpleFold(c); f != c; f = simpleFold(f)) {
        add(f, f);
      }
    }
    return this;
  }

  /** Adds every rune of {@code other}, folded when asked. */
  RuneClass addAll(final RuneClass other, final boolean fold) {
    for (int i = 0; i < other.ranges.size(); i += 2) {
      if (fold) {
        addFolded(other.ranges.get(i), other.ranges.get(i + 1));
      } else {
        add(other.ranges.get(i), other.ranges.get(i + 1));
      }
    }
    return this;
  }

  /** The runes not in this class. */
  RuneClass negate() {
    final RuneClass n = new RuneClass();
    int next = 0;
    for (int i = 0; i < ranges.size(); i += 2) {
      if (ranges.get(i) > next) {
        n.add(next, ranges.get(i) - 1);
      }
      next = ranges.get(i + 1) + 1;
    }
    if (next <= MAX_RUNE) {
      n.add(next, MAX_RUNE);
    }
    return n;
  }

  /** The class written for {@link java.util.regex}; an empty class never matches. */
  String toJava() {
    if (ranges.isEmpty()) {
      return "(?!)";
    }
    final StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < ranges.size(); i += 2) {
      appendRune(b, ranges.get(i));
      if (!ranges.get(i).equals(ranges.get(i + 1))) {
        b.append('-');
        appendRune(b, ranges.get(i + 1));
      }
    }
    return b.append(']').toString();
  }

  private static void appendRune(final StringBuilder b, final int r) {
    if (r < 0x80 && Character.isLetterOrDigit(r)) {
      b.append((char) r);
    } else {
      b.append("\\x{").append(Integer.toHexString(r)).append('}');
    }
  }

  /** Whether this class is empty, so that its Java form is not a single character class. */
  boolean isEmpty() {
    return ranges.isEmpty();
  }

  // ---------------------------------------------------------------- tables

  /** A class of ASCII ranges given as lo, hi pairs. */
  static RuneClass of(final int... bounds) {
    final RuneClass c = new RuneClass();
    for (int i = 0; i < bounds.length; i += 2) {
      c.add(bounds[i], bounds[i + 1]);
    }
    return c;
  }

  /**
   * Go's Unicode table of that name ({@code unicode.Categories}, {@code unicode.Scripts} or
   * {@code Any}), or null when Go has none; Go's names are case-sensitive.
   */
  static RuneClass unicodeTable(final String name) {
    if (name.equals("Any")) {
      return of(0, MAX_RUNE);
    }
    final RuneClass cached = TABLES.get(name);
    if (cached != null) {
      return cached;
    }
    final RuneClass table;
    if (CATEGORIES.contains(name)) {
      table = category(name);
    } else {
      final Character.UnicodeScript script = script(name);
      if (script == null) {
        return null;
      }
      table = new RuneClass();
      for (int cp = 0; cp <= MAX_RUNE; cp++) {
        if (Character.getType(cp) != Character.UNASSIGNED && Character.UnicodeScript.of(cp) == script) {
          table.add(cp, cp);
        }
      }
    }
    TABLES.put(name, table);
    return table;
  }

  private static RuneClass category(final String name) {
    final RuneClass table = new RuneClass();
    int start = -1;
    for (int cp = 0; cp <= MAX_RUNE + 1; cp++) {
      final boolean in = cp <= MAX_RUNE && inCategory(cp, name);
      if (in && start < 0) {
        start = cp;
      } else if (!in && start >= 0) {
        table.add(start, cp - 1);
        start = -1;
      }
    }
    return table;
  }

  private static boolean inCategory(final int cp, final String name) {
    final String type = categoryName(Character.getType(cp));
    // Go's C is Cc, Cf, Co and Cs: unassigned code points (Cn) are in no table.
    return type.equals(name) || name.length() == 1 && type.startsWith(name) && !type.equals("Cn");
  }

  private static String categoryName(final int type) {
    return switch (type) {
      case Character.UPPERCASE_LETTER -> "Lu";
      case Character.LOWERCASE_LETTER -> "Ll";
      case Character.TITLECASE_LETTER -> "Lt";
      case Character.MODIFIER_LETTER -> "Lm";
      case Character.OTHER_LETTER -> "Lo";
      case Character.NON_SPACING_MARK -> "Mn";
      case Character.ENCLOSING_MARK -> "Me";
      case Character.COMBINING_SPACING_MARK -> "Mc";
      case Character.DECIMAL_DIGIT_NUMBER -> "Nd";
      case Character.LETTER_NUMBER -> "Nl";
      case Character.OTHER_NUMBER -> "No";
      case Character.SPACE_SEPARATOR -> "Zs";
      case Character.LINE_SEPARATOR -> "Zl";
      case Character.PARAGRAPH_SEPARATOR -> "Zp";
      case Character.CONTROL -> "Cc";
      case Character.FORMAT -> "Cf";
      case Character.PRIVATE_USE -> "Co";
      case Character.SURROGATE -> "Cs";
      case Character.DASH_PUNCTUATION -> "Pd";
      case Character.START_PUNCTUATION -> "Ps";
      case Character.END_PUNCTUATION -> "Pe";
      case Character.CONNECTOR_PUNCTUATION -> "Pc";
      case Character.OTHER_PUNCTUATION -> "Po";
      case Character.MATH_SYMBOL -> "Sm";
      case Character.CURRENCY_SYMBOL -> "Sc";
      case Character.MODIFIER_SYMBOL -> "Sk";
      case Character.OTHER_SYMBOL -> "So";
      case Character.INITIAL_QUOTE_PUNCTUATION -> "Pi";
      case Character.FINAL_QUOTE_PUNCTUATION -> "Pf";
      default -> "Cn";
    };
  }

  /** The script Go names {@code name} (e.g. Latin, Old_Italic, SignWriting), or null. */
  private static Character.UnicodeScript script(final String name) {
    if (name.isEmpty() || !name.chars().allMatch(ch -> ch == '_' || ch < 0x80 && Character.isLetter(ch))) {
      return null;
    }
    final Character.UnicodeScript script;
    try {
      script = Character.UnicodeScript.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (final IllegalArgumentException e) {
      return null;
    }
    if (script == Character.UnicodeScript.UNKNOWN || !name.equals(goScriptName(script))) {
      return null;
    }
    return script;
  }

  private static String goScriptName(final Character.UnicodeScript script) {
    if (script == Character.UnicodeScript.SIGNWRITING) {
      return "SignWriting";
    }
    final StringBuilder b = new StringBuilder();
    for (final String word : script.name().split("_")) {
      if (b.length() > 0) {
        b.append('_');
      }
      b.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return b.toString();
  }
}
