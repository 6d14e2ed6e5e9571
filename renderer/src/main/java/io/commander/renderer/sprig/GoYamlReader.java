package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoStrconv;

import io.commander.renderer.gotemplate.GoValues;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.events.StreamEndEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.ScannerException;

/**
 * YAML read as Helm reads it: {@code sigs.k8s.io/yaml.Unmarshal}, i.e. the first document decoded by
 * {@code gopkg.in/yaml.v2} into {@code interface{}} (YAML 1.1 scalars: yes/no/on/off are booleans,
 * 0x/0o/0b integers, timestamps kept as text; anchors, aliases and {@code <<} merges), map keys
 * turned into strings, then a round trip through JSON that makes every number a float64. The YAML
 * text is tokenized by SnakeYAML (a YAML 1.1 parser of the same lineage as libyaml); its errors are
 * reworded as libyaml words them.
 */
final class GoYamlReader {

  private static final String TAG_PREFIX = "tag:yaml.org,2002:";

  /** A parsed YAML node, before decoding (an alias points at its anchored node). */
  private static final class YamlNode {
    enum Kind { SCALAR, MAPPING, SEQUENCE, ALIAS }

    final Kind kind;
    final String tag;
    final String value;
    final boolean plain;
    final String anchor;
    final List<YamlNode> children = new ArrayList<>();
    YamlNode alias;

    YamlNode(final Kind kind, final String tag, final String value, final boolean plain, final String anchor) {
      this.kind = kind;
      // "!" on a collection is the non-specific tag: the same as none.
      this.tag = tag == null || tag.equals("!") && kind != Kind.SCALAR ? "" : tag;
      this.value = value;
      this.plain = plain;
      this.anchor = anchor;
    }
  }

  private GoYamlReader() {
  }

  /**
   * {@code sigs.k8s.io/yaml.Unmarshal} into {@code interface{}}: the first document read by yaml.v2
   * (YAML 1.1: yes/no/on/off are booleans, timestamps stay strings), map keys made strings, then
   * through JSON, so every number is a float64. An empty document is nil.
   *
   * @throws FunctionException with Helm's message ({@code error converting YAML to JSON: yaml: ...})
   */
  static Object unmarshal(final String text) throws FunctionException {
    final YamlNode root;
    try {
      root = parse(text);
    } catch (final MarkedYAMLException e) {
      throw new FunctionException("error converting YAML to JSON: " + libyamlMessage(e, text));
    } catch (final YAMLException e) {
      throw new FunctionException("error converting YAML to JSON: yaml: " + e.getMessage());
    }
    if (root == null) {
      return null;
    }
    final Object decoded = decode(root, new Decoding());
    return toJsonValue(decoded);
  }

  /** The first document's node tree, or null when the stream has no document. */
  private static YamlNode parse(final String text) throws FunctionException {
    final Parser parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
    final Map<String, YamlNode> anchors = new HashMap<>();
    final Deque<YamlNode> open = new ArrayDeque<>();
    YamlNode root = null;
    while (true) {
      final Event event = parser.getEvent();
      if (event instanceof StreamEndEvent || event instanceof DocumentEndEvent) {
        return root;
      }
      if (event instanceof CollectionEndEvent) {
        open.pop();
        continue;
      }
      final YamlNode node;
      if (event instanceof ScalarEvent e) {
        node = new YamlNode(YamlNode.Kind.SCALAR, e.getTag(), e.getValue(), e.isPlain(), e.getAnchor());
      } else if (event instanceof MappingStartEvent e) {
        node = new YamlNode(YamlNode.Kind.MAPPING, e.getTag(), null, false, e.getAnchor());
      } else if (event instanceof SequenceStartEvent e) {
        node = new YamlNode(YamlNode.Kind.SEQUENCE, e.getTag(), null, false, e.getAnchor());
      } else if (event instanceof AliasEvent e) {
        node = new YamlNode(YamlNode.Kind.ALIAS, null, e.getAnchor(), false, null);
        node.alias = anchors.get(e.getAnchor());
        if (node.alias == null) {
          throw new FunctionException("error converting YAML to JSON: yaml: unknown anchor '" + e.getAnchor()
              + "' referenced");
        }
      } else {
        continue;
      }
      if (node.anchor != null) {
        anchors.put(node.anchor, node);
      }
      if (open.isEmpty()) {
        root = node;
      } else {
        open.peek().children.add(node);
      }
      if (node.kind == YamlNode.Kind.MAPPING || node.kind == YamlNode.Kind.SEQUENCE) {
        open.push(node);
      }
    }
  }

  /** libyaml's wording and line numbering (as yaml.v2 reports them) for a SnakeYAML error. */
  private static String libyamlMessage(final MarkedYAMLException e, final String text) {
    final boolean scanner = e instanceof ScannerException;
    final String problem = e.getProblem() == null ? "" : e.getProblem();
    final String context = e.getContext() == null ? "" : e.getContext();
    final String message;
    if (problem.startsWith("mapping values are not allowed")) {
      message = "mapping values are not allowed in this context";
    } else if (problem.startsWith("sequence entries are not allowed")) {
      message = "block sequence entries are not allowed in this context";
    } else if (problem.contains("that cannot start any token")) {
      message = tabProblem(e.getProblemMark(), text);
    } else if (problem.startsWith("found unknown escape character")) {
      message = "found unknown escape character";
    } else if (problem.startsWith("found unexpected document separator")) {
      message = "found unexpected document indicator";
    } else if (problem.startsWith("expected alphabetic or numeric character")) {
      message = "did not find expected alphabetic or numeric character";
    } else if (problem.startsWith("expected a comment or a line break")) {
      message = "did not find expected comment or line break";
    } else if (problem.startsWith("expected the node content")) {
      message = "did not find expected node content";
    } else if (problem.startsWith("expected ',' or ']'")) {
      message = "did not find expected ',' or ']'";
    } else if (problem.startsWith("expected ',' or '}'")) {
      message = "did not find expected ',' or '}'";
    } else if (problem.startsWith("expected <block end>") && context.contains("block mapping")) {
      message = "did not find expected key";
    } else if (problem.startsWith("expected <block end>")) {
      message = "did not find expected '-' indicator";
    } else if (problem.startsWith("expected '<document start>'")) {
      message = "did not find expected <document start>";
    } else {
      message = problem;
    }
    int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine();
    if (!scanner && e.getProblemMark() != null && e.getProblemMark().getColumn() != 0
        && e.getProblemMark().getIndex() >= text.codePointCount(0, text.length())) {
      // libyaml ends the stream on a line of its own.
      line++;
    }
    if (line != 0) {
      if (scanner) {
        line++;
      }
    } else if (e.getContextMark() != null) {
      line = e.getContextMark().getLine();
    }
    return "yaml: " + (line != 0 ? "line " + line + ": " : "") + message;
  }

  /**
   * libyaml's complaint about a character that cannot start a token, which for a tab at the start of
   * a line depends on what the line before was: inside a block scalar, the tab stands where an
   * indentation space is expected; after a plain scalar, it violates that scalar's indentation.
   */
  private static String tabProblem(final Mark mark, final String text) {
    final String cannotStart = "found character that cannot start any token";
    if (mark == null || mark.getLine() == 0 || mark.getColumn() != 0) {
      return cannotStart;
    }
    final String[] lines = text.split("\n", -1);
    if (mark.getLine() >= lines.length || !lines[mark.getLine()].startsWith("\t")) {
      return cannotStart;
    }
    if (inBlockScalar(lines, mark.getLine())) {
      return "found a tab character where an indentation space is expected";
    }
    final String previous = lines[mark.getLine() - 1].strip();
    if (previous.isEmpty() || previous.startsWith("#") || previous.equals("---") || previous.equals("...")
        || ":-[]{}\"'|>,&*!".indexOf(previous.charAt(previous.length() - 1)) >= 0) {
      return cannotStart;
    }
    return "found a tab character that violates indentation";
  }

  /** Whether line {@code at} follows the header ({@code |} or {@code >}) and body of a block scalar. */
  private static boolean inBlockScalar(final String[] lines, final int at) {
    for (int i = at - 1; i >= 0; i--) {
      final String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      final int indent = line.length() - line.stripLeading().length();
      final String content = line.strip();
      if (content.matches(".*(^|[:\\s-])[|>][-+0-9]*")) {
        for (int j = i + 1; j < at; j++) {
          final String body = lines[j];
          if (!body.isBlank() && body.length() - body.stripLeading().length() <= indent) {
            return false;
          }
        }
        return true;
      }
    }
    return false;
  }

  /**
   * yaml.v2's bookkeeping while decoding: the aliases being expanded (one inside itself is an
   * error) and its bound on alias expansion (decode.go's {@code allowedAliasRatio}), which stops a
   * "billion laughs" document with yaml.v2's own words.
   */
  private static final class Decoding {
    private static final int RATIO_RANGE_LOW = 400_000;
    private static final int RATIO_RANGE_HIGH = 4_000_000;

    final Set<YamlNode> aliases = new HashSet<>();
    private long decodeCount;
    private long aliasCount;

    void count() throws FunctionException {
      decodeCount++;
      if (!aliases.isEmpty()) {
        aliasCount++;
      }
      if (aliasCount > 100 && decodeCount > 1000 && (double) aliasCount / decodeCount > allowedAliasRatio()) {
        throw new FunctionException("error converting YAML to JSON: yaml: document contains excessive aliasing");
      }
    }

    private double allowedAliasRatio() {
      if (decodeCount <= RATIO_RANGE_LOW) {
        return 0.99;
      }
      if (decodeCount >= RATIO_RANGE_HIGH) {
        return 0.10;
      }
      return 0.99 - 0.89 * ((double) (decodeCount - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
    }
  }

  /** yaml.v2's decoding into {@code interface{}}: maps keyed by typed values, merges, aliases. */
  private static Object decode(final YamlNode n, final Decoding decoding) throws FunctionException {
    decoding.count();
    switch (n.kind) {
      case ALIAS: {
        if (!decoding.aliases.add(n)) {
          throw new FunctionException("error converting YAML to JSON: yaml: anchor '" + n.value
              + "' value contains itself");
        }
        final Object v = decode(n.alias, decoding);
        decoding.aliases.remove(n);
        return v;
      }
      case SEQUENCE: {
        final List<Object> out = new ArrayList<>();
        for (final YamlNode c : n.children) {
          out.add(decode(c, decoding));
        }
        return out;
      }
      case MAPPING: {
        final Map<Object, Object> out = new LinkedHashMap<>();
        decodeMapping(n, out, decoding);
        return out;
      }
      default:
        return scalar(n);
    }
  }

  private static void decodeMapping(final YamlNode n, final Map<Object, Object> out,
      final Decoding decoding) throws FunctionException {
    for (int i = 0; i + 1 < n.children.size(); i += 2) {
      final YamlNode k = n.children.get(i);
      final YamlNode v = n.children.get(i + 1);
      if (k.kind == YamlNode.Kind.SCALAR && k.value.equals("<<")
          && (k.plain && k.tag.isEmpty() || k.tag.equals(TAG_PREFIX + "merge"))) {
        merge(v, out, decoding);
        continue;
      }
      final Object key = decode(k, decoding);
      if (key instanceof Map || key instanceof List) {
        throw new FunctionException("error converting YAML to JSON: yaml: invalid map key: " + GoValues.sprintf("%#v",
            key));
      }
      out.put(key, decode(v, decoding));
    }
  }

  private static void merge(final YamlNode n, final Map<Object, Object> out, final Decoding decoding)
      throws FunctionException {
    final String wantMap =
        "error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value";
    if (n.kind == YamlNode.Kind.MAPPING || n.kind == YamlNode.Kind.ALIAS) {
      final YamlNode target = n.kind == YamlNode.Kind.ALIAS ? n.alias : n;
      if (target.kind != YamlNode.Kind.MAPPING) {
        throw new FunctionException(wantMap);
      }
      decodeMapping(target, out, decoding);
    } else if (n.kind == YamlNode.Kind.SEQUENCE) {
      for (int i = n.children.size() - 1; i >= 0; i--) {
        final YamlNode c = n.children.get(i);
        final YamlNode target = c.kind == YamlNode.Kind.ALIAS ? c.alias : c;
        if (target.kind != YamlNode.Kind.MAPPING) {
          throw new FunctionException(wantMap);
        }
        decodeMapping(target, out, decoding);
      }
    } else {
      throw new FunctionException(wantMap);
    }
  }

  /** yaml.v2's scalar decoding into {@code interface{}}. */
  private static Object scalar(final YamlNode n) throws FunctionException {
    if (n.tag.isEmpty()) {
      // Quoted scalars are strings; plain ones are typed by their text.
      return n.plain ? typed(GoYaml.resolve(n.value), n.value) : n.value;
    }
    final String tag = n.tag;
    if (!tag.startsWith(TAG_PREFIX)) {
      return n.value;
    }
    final String name = tag.substring(TAG_PREFIX.length());
    switch (name) {
      case "str":
        return n.value;
      case "binary": {
        try {
          final byte[] decoded = EncodingFunctions.base64DecodeBytes(GoText.utf8(n.value));
          return GoText.string(decoded, 0, decoded.length);
        } catch (final FunctionException e) {
          throw new FunctionException(
              "error converting YAML to JSON: yaml: !!binary value contains invalid base64 data");
        }
      }
      case "bool", "int", "float", "null", "timestamp": {
        return typed(resolveTagged(n.value, name), n.value);
      }
      default:
        return n.value;
    }
  }

  /** {@code GoYaml.resolve(tag, in)} for an explicit standard tag, with yaml.v2's error when they disagree. */
  private static GoYaml.Resolved resolveTagged(final String in, final String name) throws FunctionException {
    GoYaml.Resolved r = GoYaml.resolve(in);
    if (r.tag() == GoYaml.Tag.TIMESTAMP && !name.equals("timestamp")) {
      // Only untagged or !!timestamp scalars are read as timestamps.
      r = resolveNoTimestamp(in);
    }
    final String got = shortName(r.tag());
    if (got.equals(name)) {
      return r;
    }
    if (name.equals("float") && r.tag() == GoYaml.Tag.INT) {
      final double f = r.unsigned() ? unsignedToDouble((Long) r.value()) : (double) (Long) r.value();
      return new GoYaml.Resolved(GoYaml.Tag.FLOAT, f, false);
    }
    throw new FunctionException("error converting YAML to JSON: yaml: cannot decode !!" + got + " `" + in + "` as a !!"
        + name);
  }

  private static GoYaml.Resolved resolveNoTimestamp(final String in) {
    final String plain = in.replace("_", "");
    try {
      return new GoYaml.Resolved(GoYaml.Tag.INT, GoStrconv.parseInt(plain, 0), false);
    } catch (final GoStrconv.NumError e) {
      // fall through
    }
    if (GoYaml.YAML_STYLE_FLOAT.matcher(plain).matches()) {
      try {
        return new GoYaml.Resolved(GoYaml.Tag.FLOAT, GoStrconv.parseFloat(plain), false);
      } catch (final GoStrconv.NumError e) {
        // fall through
      }
    }
    return new GoYaml.Resolved(GoYaml.Tag.STR, in, false);
  }

  private static String shortName(final GoYaml.Tag tag) {
    return switch (tag) {
      case STR -> "str";
      case BOOL -> "bool";
      case NULL -> "null";
      case INT -> "int";
      case FLOAT -> "float";
      case TIMESTAMP -> "timestamp";
      case MERGE -> "merge";
    };
  }

  private static Object typed(final GoYaml.Resolved r, final String text) {
    switch (r.tag()) {
      case TIMESTAMP:
      case MERGE:
        // yaml.v2 hands timestamps to interface{} as their text.
        return text;
      case INT:
        return r.unsigned() ? new GoYaml.Uint64((Long) r.value()) : r.value();
      default:
        return r.value();
    }
  }

  private static double unsignedToDouble(final long bits) {
    return bits >= 0 ? (double) bits : (double) (bits >>> 1 | bits & 1) * 2.0;
  }

  /** sigs.k8s.io/yaml's conversion to JSON and back: string keys, every number a float64. */
  private static Object toJsonValue(final Object v) throws FunctionException {
    if (v instanceof Map<?, ?> m) {
      final Map<String, Object> out = new LinkedHashMap<>();
      for (final Map.Entry<?, ?> e : m.entrySet()) {
        out.put(keyString(e.getKey(), e.getValue()), toJsonValue(e.getValue()));
      }
      return out;
    }
    if (v instanceof List<?> l) {
      final List<Object> out = new ArrayList<>(l.size());
      for (final Object x : l) {
        out.add(toJsonValue(x));
      }
      return out;
    }
    if (v instanceof Long n) {
      return (double) n;
    }
    if (v instanceof GoYaml.Uint64 u) {
      return unsignedToDouble(u.bits());
    }
    if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      throw new FunctionException("error converting YAML to JSON: json: unsupported value: "
          + GoStrconv.formatShortest(d));
    }
    return v;
  }

  private static String keyString(final Object k, final Object value) throws FunctionException {
    if (k instanceof String s) {
      return s;
    }
    if (k instanceof Long n) {
      return Long.toString(n);
    }
    if (k instanceof Double d) {
      if (d.isNaN()) {
        return ".nan";
      }
      if (d.isInfinite()) {
        return d > 0 ? ".inf" : "-.inf";
      }
      // Formatted as a float32, as sigs.k8s.io/yaml does: the shortest digits that read back as it.
      final float f = d.floatValue();
      for (int precision = 1; precision <= 9; precision++) {
        final BigDecimal digits = new BigDecimal(f)
            .round(new MathContext(precision, RoundingMode.HALF_EVEN));
        if (digits.floatValue() == f) {
          return GoStrconv.formatShortest(digits.doubleValue());
        }
      }
      return GoStrconv.formatShortest(f);
    }
    if (k instanceof Boolean b) {
      return b.toString();
    }
    throw new FunctionException("error converting YAML to JSON: unsupported map key of type: "
        + (k == null ? "%!s(<nil>)" : "uint64") + ", key: " + GoValues.sprintf("%+#v", k) + ", value: "
        + GoValues.sprintf("%+#v", value));
  }
}
