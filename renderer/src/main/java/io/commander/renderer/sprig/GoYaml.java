package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import io.commander.renderer.gotemplate.GoValues;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * YAML as Helm writes it: {@code sigs.k8s.io/yaml.Marshal}, i.e. the value encoded to JSON, read back
 * by {@code gopkg.in/yaml.v2} (which picks int, uint64 or float64 for each number) and marshalled by
 * yaml.v2 2.4.0, whose libyaml-derived emitter is reproduced here: keys sorted in yaml.v2's natural
 * order, two-space indentation, sequences inside mappings at the key's indentation, strings quoted
 * when they would read back as another type, {@code |} block scalars for multi-line strings, long
 * lines folded at column 80.
 */
final class GoYaml {

  private static final int BEST_INDENT = 2;
  private static final int BEST_WIDTH = 80;

  static final Pattern YAML_STYLE_FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
  private static final Pattern BASE60_FLOAT = Pattern.compile("[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?");
  private static final String[] TIMESTAMP_LAYOUTS = {"2006-1-2T15:4:5.999999999Z07:00",
      "2006-1-2t15:4:5.999999999Z07:00", "2006-1-2 15:4:5.999999999", "2006-1-2"};

  /** What yaml.v2 resolves a plain scalar to. */
  enum Tag { STR, BOOL, NULL, INT, FLOAT, TIMESTAMP, MERGE }

  /** A resolved plain scalar: its tag and value ({@code Long}, {@code Double}, unsigned {@code Long}...). */
  record Resolved(Tag tag, Object value, boolean unsigned) {
  }

  /** A uint64 that does not fit an int64, as yaml.v2 reads it: printed unsigned. */
  record Uint64(long bits) {
    @Override
    public String toString() {
      return Long.toUnsignedString(bits);
    }
  }

  private GoYaml() {
  }

  // ---------------------------------------------------------------- resolving

  /** yaml.v2's {@code resolve("", in)}: the type a plain scalar reads as. */
  static Resolved resolve(final String in) {
    final char hint = in.isEmpty() ? 'N' : hint(in.charAt(0));
    if (hint == 0) {
      return new Resolved(Tag.STR, in, false);
    }
    switch (in) {
      case "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON":
        return new Resolved(Tag.BOOL, Boolean.TRUE, false);
      case "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF":
        return new Resolved(Tag.BOOL, Boolean.FALSE, false);
      case "", "~", "null", "Null", "NULL":
        return new Resolved(Tag.NULL, null, false);
      case ".nan", ".NaN", ".NAN":
        return new Resolved(Tag.FLOAT, Double.NaN, false);
      case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF":
        return new Resolved(Tag.FLOAT, Double.POSITIVE_INFINITY, false);
      case "-.inf", "-.Inf", "-.INF":
        return new Resolved(Tag.FLOAT, Double.NEGATIVE_INFINITY, false);
      case "<<":
        return new Resolved(Tag.MERGE, "<<", false);
      default:
        break;
    }
    if (hint == '.') {
      try {
        return new Resolved(Tag.FLOAT, GoStrconv.parseFloat(in), false);
      } catch (final GoStrconv.NumError e) {
        return new Resolved(Tag.STR, in, false);
      }
    }
    if (hint == 'D' || hint == 'S') {
      final GoTime t = parseTimestamp(in);
      if (t != null) {
        return new Resolved(Tag.TIMESTAMP, t, false);
      }
      final String plain = in.replace("_", "");
      try {
        return new Resolved(Tag.INT, GoStrconv.parseInt(plain, 0), false);
      } catch (final GoStrconv.NumError e) {
        // not an int64
      }
      try {
        return new Resolved(Tag.INT, GoStrconv.parseUint(plain, 0), true);
      } catch (final GoStrconv.NumError e) {
        // not a uint64
      }
      if (YAML_STYLE_FLOAT.matcher(plain).matches()) {
        try {
          return new Resolved(Tag.FLOAT, GoStrconv.parseFloat(plain), false);
        } catch (final GoStrconv.NumError e) {
          // out of range
        }
      }
      if (plain.startsWith("0b")) {
        try {
          return new Resolved(Tag.INT, GoStrconv.parseInt(plain.substring(2), 2), false);
        } catch (final GoStrconv.NumError e) {
          try {
            return new Resolved(Tag.INT, GoStrconv.parseUint(plain.substring(2), 2), true);
          } catch (final GoStrconv.NumError e2) {
            // not binary
          }
        }
      } else if (plain.startsWith("-0b")) {
        try {
          return new Resolved(Tag.INT, GoStrconv.parseInt("-" + plain.substring(3), 2), false);
        } catch (final GoStrconv.NumError e) {
          // not binary
        }
      }
    }
    return new Resolved(Tag.STR, in, false);
  }

  private static char hint(final char c) {
    if (c == '+' || c == '-') {
      return 'S';
    }
    if (c >= '0' && c <= '9') {
      return 'D';
    }
    if ("yYnNtTfFoO~".indexOf(c) >= 0) {
      return 'M';
    }
    return c == '.' ? '.' : 0;
  }

  /** yaml.v2's {@code parseTimestamp}: a few YAML timestamp forms, all starting with YYYY-. */
  static GoTime parseTimestamp(final String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i != 4 || i == s.length() || s.charAt(i) != '-') {
      return null;
    }
    for (final String layout : TIMESTAMP_LAYOUTS) {
      try {
        return GoTime.parse(layout, s, GoTime.Location.UTC);
      } catch (final GoTime.ParseError e) {
        // try the next form
      }
    }
    return null;
  }

  /** Whether yaml.v2 would quote the string on output because it reads as something else. */
  private static boolean canUsePlain(final String s) {
    return resolve(s).tag == Tag.STR && !isBase60Float(s);
  }

  private static boolean isBase60Float(final String s) {
    if (s.isEmpty()) {
      return false;
    }
    final char c = s.charAt(0);
    if (!(c == '+' || c == '-' || c >= '0' && c <= '9') || s.indexOf(':') < 0) {
      return false;
    }
    return BASE60_FLOAT.matcher(s).matches();
  }

  // ---------------------------------------------------------------- marshalling

  /**
   * {@code sigs.k8s.io/yaml.Marshal(v)}: the YAML text, ending with a newline.
   *
   * @throws FunctionException when the value has no JSON form (NaN, infinities)
   */
  static String marshal(final Object v) throws FunctionException {
    try {
      GoJson.marshal(v, true);
    } catch (final FunctionException e) {
      throw new FunctionException("error marshaling into JSON: " + e.getMessage());
    }
    final Object yaml = fromJson(v);
    final Emitter e = new Emitter();
    e.node(yaml, true, false, false, false);
    e.documentEnd();
    final byte[] out = e.out.toByteArray();
    return GoText.string(out, 0, out.length);
  }

  /** The value as yaml.v2 reads back its JSON encoding: numbers typed by their JSON text. */
  private static Object fromJson(final Object v) throws FunctionException {
    if (v instanceof Map<?, ?> m) {
      final List<Object[]> entries = new ArrayList<>();
      for (final Object key : m.keySet()) {
        final String k = String.valueOf(key);
        if (k.indexOf(0x85) >= 0) {
          // A key is a simple key: it cannot span the line break a raw NEL is.
          throw new FunctionException("error converting JSON to YAML: yaml: line 1: did not find expected ':'");
        }
        entries.add(new Object[] {reread(k), fromJson(m.get(key))});
      }
      entries.sort((a, b) -> keyLess((String) a[0], (String) b[0]) ? -1
          : keyLess((String) b[0], (String) a[0]) ? 1 : 0);
      return entries;
    }
    if (v instanceof List<?> l) {
      final List<Object> out = new ArrayList<>(l.size());
      for (final Object x : l) {
        out.add(fromJson(x));
      }
      return new Sequence(out);
    }
    if (v instanceof String s) {
      return reread(s);
    }
    if (v == null || v instanceof Boolean) {
      return v;
    }
    if (GoValues.isInt(v) || GoValues.isUint(v)) {
      return ((Number) v).longValue();
    }
    if (GoValues.isFloat(v)) {
      final Resolved r = resolve(GoJson.marshal(v, true));
      return r.unsigned ? new Uint64((Long) r.value) : r.value;
    }
    // Other values (versions, times) are JSON strings.
    final String json = GoJson.marshal(v, true);
    return GoJson.decode(json).value();
  }

  /**
   * A string as yaml.v2 reads it back from its JSON encoding, a double-quoted scalar: characters
   * JSON leaves raw but YAML forbids fail, and a raw NEL is a line break, folded with the spaces
   * around it.
   */
  private static String reread(final String s) throws FunctionException {
    boolean nel = false;
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      if (c == 0x7F || c >= 0x80 && c <= 0x9F && c != 0x85 || c == 0xFFFE || c == 0xFFFF) {
        throw new FunctionException("error converting JSON to YAML: yaml: control characters are not allowed");
      }
      nel |= c == 0x85;
    }
    if (!nel) {
      return s;
    }
    final StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && s.charAt(i) != ' ' && s.charAt(i) != 0x85) {
        out.append(s.charAt(i++));
      }
      final StringBuilder whitespaces = new StringBuilder();
      boolean leadingBlanks = false;
      int trailingBreaks = 0;
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == 0x85)) {
        if (s.charAt(i) == ' ') {
          if (!leadingBlanks) {
            whitespaces.append(' ');
          }
        } else if (!leadingBlanks) {
          whitespaces.setLength(0);
          leadingBlanks = true;
        } else {
          trailingBreaks++;
        }
        i++;
      }
      if (leadingBlanks) {
        out.append(trailingBreaks == 0 ? " " : "\n".repeat(trailingBreaks));
      } else {
        out.append(whitespaces);
      }
    }
    return out.toString();
  }

  /** A sequence, kept apart from the key/value list that stands for a mapping. */
  private record Sequence(List<Object> items) {
  }

  /** yaml.v2's {@code keyList.Less} for string keys: letters before other runes, digit runs by value. */
  static boolean keyLess(final String a, final String b) {
    final int[] ar = a.codePoints().toArray();
    final int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) {
        continue;
      }
      final boolean al = GoText.isLetter(ar[i]);
      final boolean bl = GoText.isLetter(br[i]);
      if (al && bl) {
        return ar[i] < br[i];
      }
      if (al || bl) {
        return bl;
      }
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && GoText.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      while (ai < ar.length && GoText.isDigit(ar[ai])) {
        an = an * 10 + ar[ai] - '0';
        ai++;
      }
      int bi = i;
      while (bi < br.length && GoText.isDigit(br[bi])) {
        bn = bn * 10 + br[bi] - '0';
        bi++;
      }
      if (an != bn) {
        return an < bn;
      }
      if (ai != bi) {
        return ai < bi;
      }
      return ar[i] < br[i];
    }
    return ar.length < br.length;
  }

  /** The scalar styles of libyaml. */
  private enum Style { PLAIN, SINGLE_QUOTED, DOUBLE_QUOTED, LITERAL }

  /** The part of libyaml's emitter (as ported in yaml.v2) that block-style output goes through. */
  private static final class Emitter {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Integer> indents = new ArrayList<>();
    private int indent = -1;
    private int column;
    private boolean whitespace = true;
    private boolean indention = true;
    private boolean mappingContext;
    private boolean simpleKeyContext;

    // scalar analysis
    private boolean multiline;
    private boolean blockPlainAllowed;
    private boolean singleQuotedAllowed;
    private boolean blockAllowed;

    @SuppressWarnings("unchecked")
    void node(final Object v, final boolean root, final boolean sequence, final boolean mapping,
        final boolean simpleKey) {
      mappingContext = mapping;
      simpleKeyContext = simpleKey;
      if (v instanceof List<?> entries) {
        if (entries.isEmpty()) {
          flowEmpty("{", "}");
        } else {
          blockMapping((List<Object[]>) entries);
        }
      } else if (v instanceof Sequence s) {
        if (s.items.isEmpty()) {
          flowEmpty("[", "]");
        } else {
          blockSequence(s.items);
        }
      } else if (v == null) {
        scalar("null", Style.PLAIN);
      } else if (v instanceof Boolean b) {
        scalar(b ? "true" : "false", Style.PLAIN);
      } else if (v instanceof Long || v instanceof Uint64) {
        scalar(v.toString(), Style.PLAIN);
      } else if (v instanceof Double d) {
        scalar(formatFloat(d), Style.PLAIN);
      } else {
        final String s = (String) v;
        final Style style = s.contains("\n") ? Style.LITERAL : canUsePlain(s) ? Style.PLAIN : Style.DOUBLE_QUOTED;
        scalar(s, style);
      }
    }

    private static String formatFloat(final double d) {
      if (Double.isNaN(d)) {
        return ".nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? ".inf" : "-.inf";
      }
      return GoStrconv.formatShortest(d);
    }

    private void increaseIndent(final boolean flow, final boolean indentless) {
      indents.add(indent);
      if (indent < 0) {
        indent = flow ? BEST_INDENT : 0;
      } else if (!indentless) {
        indent += BEST_INDENT;
      }
    }

    private void popIndent() {
      indent = indents.remove(indents.size() - 1);
    }

    private void flowEmpty(final String open, final String close) {
      writeIndicator(open, true, true, false);
      increaseIndent(true, false);
      popIndent();
      writeIndicator(close, false, false, false);
    }

    private void blockMapping(final List<Object[]> entries) {
      increaseIndent(false, false);
      for (final Object[] entry : entries) {
        writeIndent();
        final String key = (String) entry[0];
        analyze(GoText.utf8(key));
        final boolean simple = !multiline && GoText.utf8(key).length <= 128;
        if (simple) {
          node(key, false, false, true, true);
          writeIndicator(":", false, false, false);
        } else {
          writeIndicator("?", true, false, true);
          node(key, false, false, true, false);
          writeIndent();
          writeIndicator(":", true, false, true);
        }
        node(entry[1], false, false, true, false);
      }
      popIndent();
    }

    private void blockSequence(final List<Object> items) {
      increaseIndent(false, mappingContext && !indention);
      for (final Object item : items) {
        writeIndent();
        writeIndicator("-", true, false, true);
        node(item, false, true, false, false);
      }
      popIndent();
    }

    private void scalar(final String s, final Style requested) {
      final byte[] value = GoText.utf8(s);
      analyze(value);
      final Style style = selectStyle(value, requested);
      increaseIndent(true, false);
      switch (style) {
        case PLAIN -> writePlain(value, !simpleKeyContext);
        case SINGLE_QUOTED -> writeSingleQuoted(value, !simpleKeyContext);
        case DOUBLE_QUOTED -> writeDoubleQuoted(value, !simpleKeyContext);
        default -> writeLiteral(value);
      }
      popIndent();
    }

    private Style selectStyle(final byte[] value, final Style requested) {
      Style style = requested;
      if (simpleKeyContext && multiline) {
        style = Style.DOUBLE_QUOTED;
      }
      if (style == Style.PLAIN) {
        if (!blockPlainAllowed) {
          style = Style.SINGLE_QUOTED;
        }
        if (value.length == 0 && simpleKeyContext) {
          style = Style.SINGLE_QUOTED;
        }
      }
      if (style == Style.SINGLE_QUOTED && !singleQuotedAllowed) {
        style = Style.DOUBLE_QUOTED;
      }
      if (style == Style.LITERAL && (!blockAllowed || simpleKeyContext)) {
        style = Style.DOUBLE_QUOTED;
      }
      return style;
    }

    /** libyaml's {@code yaml_emitter_analyze_scalar} (block context). */
    private void analyze(final byte[] value) {
      if (value.length == 0) {
        multiline = false;
        blockPlainAllowed = true;
        singleQuotedAllowed = true;
        blockAllowed = false;
        return;
      }
      boolean blockIndicators = false;
      boolean lineBreaks = false;
      boolean specialCharacters = false;
      boolean leadingSpace = false;
      boolean leadingBreak = false;
      boolean trailingSpace = false;
      boolean trailingBreak = false;
      boolean breakSpace = false;
      boolean spaceBreak = false;
      boolean previousSpace = false;
      boolean previousBreak = false;
      if (value.length >= 3 && (value[0] == '-' && value[1] == '-' && value[2] == '-'
          || value[0] == '.' && value[1] == '.' && value[2] == '.')) {
        blockIndicators = true;
      }
      boolean precededByWhitespace = true;
      for (int i = 0; i < value.length; ) {
        final int w = width(value[i]);
        final boolean followedByWhitespace = i + w >= value.length || isBlank(value, i + w);
        final int c = value[i] & 0xFF;
        if (i == 0) {
          switch (c) {
            case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' ->
                blockIndicators = true;
            case '?', ':', '-' -> {
              if (followedByWhitespace) {
                blockIndicators = true;
              }
            }
            default -> {
            }
          }
        } else {
          if (c == ':' && followedByWhitespace || c == '#' && precededByWhitespace) {
            blockIndicators = true;
          }
        }
        if (!isPrintable(value, i)) {
          specialCharacters = true;
        }
        if (c == ' ') {
          if (i == 0) {
            leadingSpace = true;
          }
          if (i + w == value.length) {
            trailingSpace = true;
          }
          if (previousBreak) {
            breakSpace = true;
          }
          previousSpace = true;
          previousBreak = false;
        } else if (isBreak(value, i)) {
          lineBreaks = true;
          if (i == 0) {
            leadingBreak = true;
          }
          if (i + w == value.length) {
            trailingBreak = true;
          }
          if (previousSpace) {
            spaceBreak = true;
          }
          previousSpace = false;
          previousBreak = true;
        } else {
          previousSpace = false;
          previousBreak = false;
        }
        precededByWhitespace = isBlankz(value, i);
        i += w;
      }
      multiline = lineBreaks;
      blockPlainAllowed = true;
      singleQuotedAllowed = true;
      blockAllowed = true;
      if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
        blockPlainAllowed = false;
      }
      if (trailingSpace) {
        blockAllowed = false;
      }
      if (breakSpace) {
        blockPlainAllowed = false;
        singleQuotedAllowed = false;
      }
      if (spaceBreak || specialCharacters) {
        blockPlainAllowed = false;
        singleQuotedAllowed = false;
        blockAllowed = false;
      }
      if (lineBreaks || blockIndicators) {
        blockPlainAllowed = false;
      }
    }

    // ------------------------------------------------------------ writers

    private void put(final int b) {
      out.write(b);
      column++;
    }

    private void putBreak() {
      out.write('\n');
      column = 0;
    }

    /** Copies one (possibly multi-byte) character; returns its width. */
    private int write(final byte[] s, final int i) {
      final int w = width(s[i]);
      out.write(s, i, w);
      column++;
      return w;
    }

    private int writeBreak(final byte[] s, final int i) {
      if (s[i] == '\n') {
        putBreak();
        return 1;
      }
      final int w = write(s, i);
      column = 0;
      return w;
    }

    void writeIndent() {
      final int ind = Math.max(indent, 0);
      if (!indention || column > ind || column == ind && !whitespace) {
        putBreak();
      }
      while (column < ind) {
        put(' ');
      }
      whitespace = true;
      indention = true;
    }

    private void writeIndicator(final String indicator, final boolean needWhitespace, final boolean isWhitespace,
        final boolean isIndention) {
      if (needWhitespace && !whitespace) {
        put(' ');
      }
      for (int i = 0; i < indicator.length(); i++) {
        put(indicator.charAt(i));
      }
      whitespace = isWhitespace;
      indention = indention && isIndention;
    }

    private void writePlain(final byte[] value, final boolean allowBreaks) {
      if (!whitespace) {
        put(' ');
      }
      boolean spaces = false;
      boolean breaks = false;
      for (int i = 0; i < value.length; ) {
        if (value[i] == ' ') {
          if (allowBreaks && !spaces && column > BEST_WIDTH && !isSpace(value, i + 1)) {
            writeIndent();
            i += 1;
          } else {
            i += write(value, i);
          }
          spaces = true;
        } else if (isBreak(value, i)) {
          if (!breaks && value[i] == '\n') {
            putBreak();
          }
          i += writeBreak(value, i);
          indention = true;
          breaks = true;
        } else {
          if (breaks) {
            writeIndent();
          }
          i += write(value, i);
          indention = false;
          spaces = false;
          breaks = false;
        }
      }
      whitespace = false;
      indention = false;
    }

    private void writeSingleQuoted(final byte[] value, final boolean allowBreaks) {
      writeIndicator("'", true, false, false);
      boolean spaces = false;
      boolean breaks = false;
      for (int i = 0; i < value.length; ) {
        if (value[i] == ' ') {
          if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < value.length - 1
              && !isSpace(value, i + 1)) {
            writeIndent();
            i += 1;
          } else {
            i += write(value, i);
          }
          spaces = true;
        } else if (isBreak(value, i)) {
          if (!breaks && value[i] == '\n') {
            putBreak();
          }
          i += writeBreak(value, i);
          indention = true;
          breaks = true;
        } else {
          if (breaks) {
            writeIndent();
          }
          if (value[i] == '\'') {
            put('\'');
          }
          i += write(value, i);
          indention = false;
          spaces = false;
          breaks = false;
        }
      }
      writeIndicator("'", false, false, false);
      whitespace = false;
      indention = false;
    }

    private void writeDoubleQuoted(final byte[] value, final boolean allowBreaks) {
      boolean spaces = false;
      writeIndicator("\"", true, false, false);
      for (int i = 0; i < value.length; ) {
        final int octet = value[i] & 0xFF;
        if (!isPrintable(value, i) || isBom(value, i) || isBreak(value, i) || octet == '"' || octet == '\\') {
          final int w = width(value[i]);
          int v = w == 1 ? octet & 0x7F : w == 2 ? octet & 0x1F : w == 3 ? octet & 0x0F : octet & 0x07;
          for (int k = 1; k < w; k++) {
            v = (v << 6) + (value[i + k] & 0x3F);
          }
          i += Math.max(w, 1);
          put('\\');
          switch (v) {
            case 0x00 -> put('0');
            case 0x07 -> put('a');
            case 0x08 -> put('b');
            case 0x09 -> put('t');
            case 0x0A -> put('n');
            case 0x0B -> put('v');
            case 0x0C -> put('f');
            case 0x0D -> put('r');
            case 0x1B -> put('e');
            case 0x22 -> put('"');
            case 0x5C -> put('\\');
            case 0x85 -> put('N');
            case 0xA0 -> put('_');
            case 0x2028 -> put('L');
            case 0x2029 -> put('P');
            default -> {
              final int digits;
              if (v <= 0xFF) {
                put('x');
                digits = 2;
              } else if (v <= 0xFFFF) {
                put('u');
                digits = 4;
              } else {
                put('U');
                digits = 8;
              }
              for (int k = (digits - 1) * 4; k >= 0; k -= 4) {
                put("0123456789ABCDEF".charAt((v >> k) & 0x0F));
              }
            }
          }
          spaces = false;
        } else if (octet == ' ') {
          if (allowBreaks && !spaces && column > BEST_WIDTH && i > 0 && i < value.length - 1) {
            writeIndent();
            if (isSpace(value, i + 1)) {
              put('\\');
            }
            i += 1;
          } else {
            i += write(value, i);
          }
          spaces = true;
        } else {
          i += write(value, i);
          spaces = false;
        }
      }
      writeIndicator("\"", false, false, false);
      whitespace = false;
      indention = false;
    }

    private void writeLiteral(final byte[] value) {
      writeIndicator("|", true, false, false);
      if (value.length > 0 && (value[0] == ' ' || isBreak(value, 0))) {
        writeIndicator(String.valueOf((char) ('0' + BEST_INDENT)), false, false, false);
      }
      String chomp = null;
      if (value.length == 0) {
        chomp = "-";
      } else {
        int i = value.length - 1;
        while ((value[i] & 0xC0) == 0x80) {
          i--;
        }
        if (!isBreak(value, i)) {
          chomp = "-";
        } else if (i == 0) {
          chomp = "+";
        } else {
          i--;
          while ((value[i] & 0xC0) == 0x80) {
            i--;
          }
          if (isBreak(value, i)) {
            chomp = "+";
          }
        }
      }
      if (chomp != null) {
        writeIndicator(chomp, false, false, false);
      }
      putBreak();
      indention = true;
      whitespace = true;
      boolean breaks = true;
      for (int i = 0; i < value.length; ) {
        if (isBreak(value, i)) {
          i += writeBreak(value, i);
          indention = true;
          breaks = true;
        } else {
          if (breaks) {
            writeIndent();
          }
          i += write(value, i);
          indention = false;
          breaks = false;
        }
      }
    }

    void documentEnd() {
      writeIndent();
    }
  }

  // ---------------------------------------------------------------- byte classes

  private static int width(final byte b) {
    if ((b & 0x80) == 0) {
      return 1;
    }
    if ((b & 0xE0) == 0xC0) {
      return 2;
    }
    if ((b & 0xF0) == 0xE0) {
      return 3;
    }
    if ((b & 0xF8) == 0xF0) {
      return 4;
    }
    return 1;
  }

  private static int at(final byte[] b, final int i) {
    return i < b.length ? b[i] & 0xFF : 0;
  }

  private static boolean isPrintable(final byte[] b, final int i) {
    final int c = at(b, i);
    final int c1 = at(b, i + 1);
    final int c2 = at(b, i + 2);
    return c == 0x0A || c >= 0x20 && c <= 0x7E || c == 0xC2 && c1 >= 0xA0 || c > 0xC2 && c < 0xED
        || c == 0xED && c1 < 0xA0 || c == 0xEE
        || c == 0xEF && !(c1 == 0xBB && c2 == 0xBF) && !(c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF));
  }

  private static boolean isBom(final byte[] b, final int i) {
    return at(b, i) == 0xEF && at(b, i + 1) == 0xBB && at(b, i + 2) == 0xBF;
  }

  private static boolean isSpace(final byte[] b, final int i) {
    return at(b, i) == ' ';
  }

  private static boolean isBlank(final byte[] b, final int i) {
    final int c = at(b, i);
    return c == ' ' || c == '\t';
  }

  private static boolean isBreak(final byte[] b, final int i) {
    final int c = at(b, i);
    return c == '\r' || c == '\n' || c == 0xC2 && at(b, i + 1) == 0x85
        || c == 0xE2 && at(b, i + 1) == 0x80 && (at(b, i + 2) == 0xA8 || at(b, i + 2) == 0xA9);
  }

  private static boolean isBlankz(final byte[] b, final int i) {
    return isBlank(b, i) || isBreak(b, i) || at(b, i) == 0;
  }
}
