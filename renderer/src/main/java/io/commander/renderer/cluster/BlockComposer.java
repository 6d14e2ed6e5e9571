package io.commander.renderer.cluster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerImpl;

/**
 * Composes the YAML rendered Kubernetes documents are made of straight from the text, with the
 * nodes, tags, values, styles and marks SnakeYAML's scanner, parser and composer would give:
 * block mappings and sequences, plain, quoted and block scalars, flow collections on one line ({@code
 * []}, {@code {}}, {@code [8.8.8.8]}, {@code {flavorName: m1.large, rootDiskSize: 50}}, nested), comments,
 * {@code ---} separators. It follows SnakeYAML's scanner rule by rule (its {@code scanPlain}, {@code
 * scanFlowScalar}, {@code scanBlockScalar}, indentation and simple keys) on this subset, without
 * tokens, events or per-token marks in between.
 *
 * <p>Anything else gives up at once ({@link #compose} answers null) and the caller reads the whole
 * text with SnakeYAML: flow collections over several lines or with comments, empty values, trailing
 * commas, pairs in sequences or keys that are not plain or quoted scalars, flow scalars with {@code :},
 * {@code ?} or {@code #}; anchors, aliases, tags, directives, {@code ...}, complex
 * keys, tabs, carriage returns and other line breaks, a byte order mark, multi-line keys, odd
 * indentation, every YAML error. So an error is always SnakeYAML's own, and correctness never rests
 * on this subset covering everything ({@code BlockComposerTest} compares both on every vector).
 */
final class BlockComposer {

  private static final String NAME = "'string'";
  /** Below SnakeYAML's default nesting limit (50), which then reports it itself. */
  private static final int MAX_DEPTH = 40;
  /** Below SnakeYAML's 1,024 characters after which a key is no longer a simple key. */
  private static final int MAX_KEY = 1000;

  private static final int EOF = 0;
  private static final int DOCUMENT_START = 1;
  private static final int ENTRY = 2;
  private static final int BLOCK_SCALAR = 3;
  private static final int QUOTED = 4;
  private static final int PLAIN = 5;
  /** {@code [} or <code>{</code>: a flow collection. */
  private static final int FLOW = 6;

  /** Thrown to give the text to SnakeYAML; no stack, never seen outside. */
  private static final class Unsupported extends RuntimeException {

    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static final Unsupported UNSUPPORTED = new Unsupported();

  // What SnakeYAML's YAML 1.1 resolver gives a block mapping, a block sequence and an empty plain
  // scalar (the renderer's resolver leaves those to it): fixed, so not asked for every node.
  private static final Tag EMPTY = Tag.NULL;

  private final String text;
  private final int[] data;
  private final int n;
  /** Whether every character is one code point, so that a code point range is a char range. */
  private final boolean bmp;
  private final Resolver resolver;

  private int p;
  private int line;
  private int lineStart;
  /** SnakeYAML's scanner indent: the column of the innermost block collection, -1 outside. */
  private int indent = -1;
  private int depth;

  // Where the last scalar ended (its end mark), set by the scanning methods.
  private int endPos;
  private int endLine;
  private int endLineStart;

  private BlockComposer(final String text, final int[] data, final boolean bmp, final Resolver resolver) {
    this.text = text;
    this.data = data;
    this.n = data.length;
    this.bmp = bmp;
    this.resolver = resolver;
  }

  /**
   * The documents of {@code text} as SnakeYAML composes them (with {@code resolver}), or null when
   * the text is not in the subset or not valid YAML: then SnakeYAML must read it.
   */
  static List<Node> compose(final String text, final Resolver resolver, final int codePointLimit) {
    if (text.length() > codePointLimit) {
      return null;
    }
    final char[] chars = text.toCharArray();
    final int[] data = new int[chars.length];
    int length = 0;
    boolean bmp = true;
    for (int i = 0; i < chars.length; length++) {
      final char c = chars[i];
      if (c < 0x7F) {
        // Tabs, carriage returns and every other control character go to SnakeYAML.
        if (c < ' ' && c != '\n') {
          return null;
        }
        data[length] = c;
        i++;
      } else if (Character.isHighSurrogate(c) && i + 1 < chars.length && Character.isLowSurrogate(chars[i + 1])) {
        data[length] = Character.toCodePoint(c, chars[i + 1]);
        bmp = false;
        i += 2;
      } else if (c >= 0xA0 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) {
        // Printable as SnakeYAML's reader has it, without U+2028, U+2029 (other line breaks) and a BOM.
        if (c == '\u2028' || c == '\u2029') {
          return null;
        }
        data[length] = c;
        i++;
      } else {
        return null;
      }
    }
    try {
      return new BlockComposer(text, bmp ? data : Arrays.copyOf(data, length), bmp, resolver).documents();
    } catch (Unsupported | IndexOutOfBoundsException e) {
      // An index past the text would be a gap in this reader, never in the text: SnakeYAML reads it.
      return null;
    }
  }

  private List<Node> documents() {
    final List<Node> documents = new ArrayList<>();
    skipToNextToken();
    if (p < n && kind() != DOCUMENT_START) {
      documents.add(root());
    }
    while (p < n) {
      if (kind() != DOCUMENT_START) {
        throw UNSUPPORTED;
      }
      p += 3;
      if (!skipToNextToken() && p < n) {
        throw UNSUPPORTED; // content on the line of ---
      }
      if (p >= n || kind() == DOCUMENT_START) {
        final Mark mark = mark();
        documents.add(new ScalarNode(EMPTY, true, "", mark, mark, DumperOptions.ScalarStyle.PLAIN));
      } else {
        documents.add(root());
      }
    }
    return documents;
  }

  private Node root() {
    final Node node = node(false, false);
    if (p < n && kind() != DOCUMENT_START) {
      throw UNSUPPORTED;
    }
    return node;
  }

  /**
   * The node starting at the next token; leaves the position at the token after it.
   *
   * @param indentless whether a sequence at the current indent is allowed (a mapping's value)
   * @param afterValue whether the node is on the line of its key's {@code :} (no key or entry there)
   */
  private Node node(final boolean indentless, final boolean afterValue) {
    if (++depth > MAX_DEPTH) {
      throw UNSUPPORTED;
    }
    final int column = p - lineStart;
    final Node node;
    switch (kind()) {
      case ENTRY -> {
        if (afterValue || column < indent || column == indent && !indentless) {
          throw UNSUPPORTED;
        }
        node = sequence(column, column == indent);
      }
      case BLOCK_SCALAR -> {
        node = blockScalar();
        skipToNextToken();
      }
      case FLOW -> {
        if (column <= indent) {
          throw UNSUPPORTED;
        }
        node = flow();
      }
      case QUOTED, PLAIN -> {
        if (column <= indent) {
          throw UNSUPPORTED;
        }
        final ScalarNode scalar = data[p] == '\'' || data[p] == '"' ? quoted() : plain();
        if (key(scalar)) {
          if (afterValue) {
            throw UNSUPPORTED;
          }
          node = mapping(column, scalar);
        } else {
          skipToNextToken();
          node = scalar;
        }
      }
      default -> throw UNSUPPORTED;
    }
    depth--;
    return node;
  }

  /**
   * Whether the scalar just read is a simple key: on one line, {@code :} and a blank after it on
   * that line. Leaves the position at the {@code :} when it is. A multi-line scalar followed by
   * {@code :} is an error SnakeYAML reports.
   */
  private boolean key(final ScalarNode scalar) {
    int q = p;
    while (q < n && data[q] == ' ') {
      q++;
    }
    if (q >= n || data[q] != ':' || !blank(q + 1)) {
      return false;
    }
    final Mark start = scalar.getStartMark();
    if (start.getLine() != line || q - start.getIndex() > MAX_KEY) {
      throw UNSUPPORTED;
    }
    p = q;
    return true;
  }

  /** A block mapping whose first key was just read, the position at its {@code :}. */
  private Node mapping(final int column, final ScalarNode first) {
    final int saved = indent;
    indent = column;
    final List<NodeTuple> tuples = new ArrayList<>();
    final MappingNode mapping = new MappingNode(Tag.MAP, true, tuples, first.getStartMark(), null,
        DumperOptions.FlowStyle.BLOCK);
    ScalarNode key = first;
    while (true) {
      if (key.getTag().equals(Tag.MERGE)) {
        mapping.setMerged(true);
      }
      p++; // the ':'
      final int valuePos = p;
      final int valueLine = line;
      final int valueLineStart = lineStart;
      final boolean newLine = skipToNextToken();
      final int kind = kind();
      final int next = p - lineStart;
      final Node value;
      if (kind == EOF || kind == DOCUMENT_START || newLine && (next < column
          || next == column && kind != ENTRY)) {
        final Mark mark = new Mark(NAME, valuePos, valueLine, valuePos - valueLineStart, data, valuePos);
        value = new ScalarNode(EMPTY, true, "", mark, mark, DumperOptions.ScalarStyle.PLAIN);
      } else {
        value = node(true, !newLine);
      }
      tuples.add(new NodeTuple(key, value));
      final int after = kind();
      final int at = p - lineStart;
      if (after == EOF || after == DOCUMENT_START || at < column) {
        break;
      }
      if (at > column || after != QUOTED && after != PLAIN) {
        throw UNSUPPORTED;
      }
      key = data[p] == '\'' || data[p] == '"' ? quoted() : plain();
      if (!key(key)) {
        throw UNSUPPORTED;
      }
    }
    mapping.setEndMark(mark());
    indent = saved;
    return mapping;
  }

  /** A block sequence at the first {@code -}; indentless when it is a mapping's value at the mapping's column. */
  private Node sequence(final int column, final boolean indentless) {
    final int saved = indent;
    indent = column;
    final List<Node> items = new ArrayList<>();
    final SequenceNode sequence = new SequenceNode(Tag.SEQ, true, items, mark(), null, DumperOptions.FlowStyle.BLOCK);
    while (true) {
      p++; // the '-'
      final int entryPos = p;
      final int entryLine = line;
      final int entryLineStart = lineStart;
      final boolean newLine = skipToNextToken();
      final int kind = kind();
      final int next = p - lineStart;
      if (kind == EOF || kind == DOCUMENT_START || newLine && next <= column) {
        if (kind != EOF && kind != DOCUMENT_START && next == column && kind != ENTRY && !indentless) {
          throw UNSUPPORTED;
        }
        final Mark mark = new Mark(NAME, entryPos, entryLine, entryPos - entryLineStart, data, entryPos);
        items.add(new ScalarNode(EMPTY, true, "", mark, mark, DumperOptions.ScalarStyle.PLAIN));
      } else {
        items.add(node(false, false));
      }
      final int after = kind();
      final int at = p - lineStart;
      if (after == EOF || after == DOCUMENT_START || at < column) {
        break;
      }
      if (at > column) {
        throw UNSUPPORTED;
      }
      if (after != ENTRY) {
        if (indentless) {
          break; // the mapping's next key, which the mapping checks
        }
        throw UNSUPPORTED;
      }
    }
    sequence.setEndMark(mark());
    indent = saved;
    return sequence;
  }

  /** What the token at the position is, as SnakeYAML's {@code fetchMoreTokens} decides; gives up on the rest. */
  private int kind() {
    if (p >= n) {
      return EOF;
    }
    final int c = data[p];
    switch (c) {
      case '-':
        if (p == lineStart && p + 2 < n && data[p + 1] == '-' && data[p + 2] == '-' && blank(p + 3)) {
          return DOCUMENT_START;
        }
        return blank(p + 1) ? ENTRY : PLAIN;
      case '.':
        if (p == lineStart && p + 2 < n && data[p + 1] == '.' && data[p + 2] == '.' && blank(p + 3)) {
          throw UNSUPPORTED; // document end
        }
        return PLAIN;
      case '?':
      case ':':
        if (blank(p + 1)) {
          throw UNSUPPORTED; // complex key, or a value without a key
        }
        return PLAIN;
      case '|':
      case '>':
        return BLOCK_SCALAR;
      case '\'':
      case '"':
        return QUOTED;
      case '[':
      case '{':
        return FLOW;
      case '%', ']', '}', ',', '*', '&', '!', '#', '@', '`', ' ', '\n':
        throw UNSUPPORTED;
      default:
        return PLAIN;
    }
  }

  /** NULL_BL_T_LINEBR of SnakeYAML at {@code at} (tabs and other breaks never reach here). */
  private boolean blank(final int at) {
    return at >= n || data[at] == ' ' || data[at] == '\n';
  }

  /**
   * SnakeYAML's {@code scanToNextToken}: spaces, comments and line breaks. Whether a line break
   * was passed (after which a simple key is allowed again).
   */
  private boolean skipToNextToken() {
    boolean newLine = false;
    while (true) {
      while (p < n && data[p] == ' ') {
        p++;
      }
      if (p < n && data[p] == '#') {
        while (p < n && data[p] != '\n') {
          p++;
        }
      }
      if (p < n && data[p] == '\n') {
        newLine();
        newLine = true;
      } else {
        return newLine;
      }
    }
  }

  private void newLine() {
    p++;
    line++;
    lineStart = p;
  }

  private Mark mark() {
    return new Mark(NAME, p, line, p - lineStart, data, p);
  }

  private void markEnd() {
    endPos = p;
    endLine = line;
    endLineStart = lineStart;
  }

  private Mark endMark() {
    return new Mark(NAME, endPos, endLine, endPos - endLineStart, data, endPos);
  }

  private String text(final int from, final int to) {
    return bmp ? text.substring(from, to) : new String(data, from, to - from);
  }

  private void append(final StringBuilder out, final int from, final int to) {
    if (bmp) {
      out.append(text, from, to);
    } else {
      for (int i = from; i < to; i++) {
        out.appendCodePoint(data[i]);
      }
    }
  }

  private boolean separatorAhead() {
    return p + 2 < n && (data[p] == '-' && data[p + 1] == '-' && data[p + 2] == '-'
        || data[p] == '.' && data[p + 1] == '.' && data[p + 2] == '.' && blank(p + 3));
  }

  /**
   * A flow collection in block context, on one line. One used as a key, or followed on its line by
   * anything but a comment, is left to SnakeYAML.
   */
  private Node flow() {
    final Node node = flowCollection();
    if (!blank(p)) {
      throw UNSUPPORTED;
    }
    int q = p;
    while (q < n && data[q] == ' ') {
      q++;
    }
    if (q < n && data[q] == ':' && blank(q + 1)) {
      throw UNSUPPORTED;
    }
    skipToNextToken();
    return node;
  }

  /**
   * A flow sequence or mapping at its bracket: its start mark at the bracket, its end mark after the
   * closing one (SnakeYAML's flow start and end tokens). Entries are separated by {@code ,} and
   * spaces; a mapping's entries are {@code key: value} with a plain or quoted key right before
   * {@code :}.
   */
  private Node flowCollection() {
    if (++depth > MAX_DEPTH) {
      throw UNSUPPORTED;
    }
    final boolean sequence = data[p] == '[';
    final int close = sequence ? ']' : '}';
    final Mark start = mark();
    final List<Node> items = sequence ? new ArrayList<>() : null;
    final List<NodeTuple> tuples = sequence ? null : new ArrayList<>();
    p++;
    inlineSpaces();
    while (data[p] != close) {
      if (sequence) {
        items.add(flowNode());
      } else {
        final Node key = flowNode();
        if (!(key instanceof ScalarNode) || data[p] != ':' || data[p + 1] != ' ' || key.getTag().equals(Tag.MERGE)
            || p - key.getStartMark().getIndex() > MAX_KEY) {
          throw UNSUPPORTED;
        }
        p++;
        inlineSpaces();
        tuples.add(new NodeTuple(key, flowNode()));
      }
      inlineSpaces();
      if (data[p] == ',') {
        p++;
        inlineSpaces();
        if (data[p] == close || data[p] == ',') {
          throw UNSUPPORTED; // a trailing or second comma
        }
      } else if (data[p] != close) {
        throw UNSUPPORTED; // a pair in a sequence, a comment, anything else
      }
    }
    p++;
    final Mark end = mark();
    depth--;
    return sequence
        ? new SequenceNode(Tag.SEQ, true, items, start, end, DumperOptions.FlowStyle.FLOW)
        : new MappingNode(Tag.MAP, true, tuples, start, end, DumperOptions.FlowStyle.FLOW);
  }

  /** A value inside a flow collection: a nested collection, a quoted or a plain scalar. */
  private Node flowNode() {
    final int c = data[p];
    if (c == '[' || c == '{') {
      return flowCollection();
    }
    if (c == '\'' || c == '"') {
      return flowQuoted();
    }
    if (flowPlainStart(c)) {
      return flowPlain();
    }
    throw UNSUPPORTED; // an empty value, an indicator
  }

  /** Spaces between a flow collection's tokens; a line break or a comment there is left to SnakeYAML. */
  private void inlineSpaces() {
    while (data[p] == ' ') {
      p++;
    }
    if (data[p] == '\n' || data[p] == '#') {
      throw UNSUPPORTED;
    }
  }

  /** A quoted scalar inside a flow collection, on one line. */
  private ScalarNode flowQuoted() {
    final int from = line;
    final ScalarNode scalar = quoted();
    if (line != from) {
      throw UNSUPPORTED;
    }
    return scalar;
  }

  /** Whether a plain scalar may start with {@code c} in flow context (indicators are left to SnakeYAML). */
  private static boolean flowPlainStart(final int c) {
    return "-?:,[]{}#&*!|>'\"%@` \n".indexOf(c) < 0;
  }

  /**
   * SnakeYAML's {@code scanPlain} in flow context, on one line: words separated by spaces, ending at
   * a flow indicator or at {@code :} and a space (a key's). A {@code :}, {@code ?} or {@code #}
   * anywhere else is left to SnakeYAML.
   */
  private ScalarNode flowPlain() {
    final Mark start = mark();
    markEnd();
    final int from = p;
    while (true) {
      int length = 0;
      while (true) {
        final int c = data[p + length];
        if (c == ' ' || c == '\n' || c == ',' || c == '[' || c == ']' || c == '{' || c == '}') {
          break;
        }
        if (c == ':' && data[p + length + 1] == ' ') {
          break;
        }
        if (c == ':' || c == '?' || c == '#') {
          throw UNSUPPORTED;
        }
        length++;
      }
      if (length == 0) {
        break;
      }
      p += length;
      markEnd();
      while (data[p] == ' ') {
        p++;
      }
      if (p == endPos) {
        break;
      }
    }
    // The words and the spaces between them as they are: on one line SnakeYAML keeps them.
    final String value = text(from, endPos);
    return new ScalarNode(resolver.resolve(NodeId.scalar, value, true), true, value, start, endMark(),
        DumperOptions.ScalarStyle.PLAIN);
  }

  /** SnakeYAML's {@code scanPlain} in block context. */
  private ScalarNode plain() {
    final Mark start = mark();
    markEnd();
    final int plainIndent = indent + 1;
    StringBuilder chunks = null;
    int firstFrom = p;
    int firstTo = p;
    String spaces = "";
    while (true) {
      if (p < n && data[p] == '#') {
        break;
      }
      int length = 0;
      while (true) {
        final int at = p + length;
        if (blank(at) || data[at] == ':' && blank(at + 1)) {
          break;
        }
        length++;
      }
      if (length == 0) {
        break;
      }
      if (chunks == null && firstTo == firstFrom) {
        firstFrom = p;
        firstTo = p + length;
      } else {
        if (chunks == null) {
          chunks = new StringBuilder();
          append(chunks, firstFrom, firstTo);
        }
        chunks.append(spaces);
        append(chunks, p, p + length);
      }
      p += length;
      markEnd();
      spaces = plainSpaces();
      if (spaces.isEmpty() || p < n && data[p] == '#' || p - lineStart < plainIndent) {
        break;
      }
    }
    final String value = chunks == null ? text(firstFrom, firstTo) : chunks.toString();
    return new ScalarNode(resolver.resolve(NodeId.scalar, value, true), true, value, start, endMark(),
        DumperOptions.ScalarStyle.PLAIN);
  }

  /** SnakeYAML's {@code scanPlainSpaces}: "" ends the scalar. */
  private String plainSpaces() {
    final int from = p;
    while (p < n && data[p] == ' ') {
      p++;
    }
    if (p < n && data[p] == '\n') {
      newLine();
      if (separatorAhead()) {
        return "";
      }
      StringBuilder breaks = null;
      while (true) {
        if (p < n && data[p] == ' ') {
          p++;
        } else if (p < n && data[p] == '\n') {
          if (breaks == null) {
            breaks = new StringBuilder();
          }
          breaks.append('\n');
          newLine();
          if (separatorAhead()) {
            return "";
          }
        } else {
          break;
        }
      }
      return breaks == null ? " " : breaks.toString();
    }
    return p == from ? "" : " ".repeat(p - from);
  }

  /** SnakeYAML's {@code scanFlowScalar}: a single- or double-quoted scalar. */
  private ScalarNode quoted() {
    final Mark start = mark();
    final int quote = data[p];
    final boolean doubleQuoted = quote == '"';
    final StringBuilder chunks = new StringBuilder();
    p++;
    flowNonSpaces(doubleQuoted, chunks);
    while (p >= n || data[p] != quote) {
      flowSpaces(chunks);
      flowNonSpaces(doubleQuoted, chunks);
    }
    p++;
    markEnd();
    final String value = chunks.toString();
    return new ScalarNode(resolver.resolve(NodeId.scalar, value, false), true, value, start, endMark(),
        doubleQuoted ? DumperOptions.ScalarStyle.DOUBLE_QUOTED : DumperOptions.ScalarStyle.SINGLE_QUOTED);
  }

  private void flowNonSpaces(final boolean doubleQuoted, final StringBuilder chunks) {
    while (true) {
      int length = 0;
      while (p + length < n) {
        final int c = data[p + length];
        if (c == ' ' || c == '\n' || c == '\'' || c == '"' || c == '\\') {
          break;
        }
        length++;
      }
      if (length != 0) {
        append(chunks, p, p + length);
        p += length;
      }
      if (p >= n) {
        return;
      }
      final int c = data[p];
      if (!doubleQuoted && c == '\'' && p + 1 < n && data[p + 1] == '\'') {
        chunks.append('\'');
        p += 2;
      } else if (doubleQuoted && c == '\'' || !doubleQuoted && (c == '"' || c == '\\')) {
        chunks.appendCodePoint(c);
        p++;
      } else if (doubleQuoted && c == '\\') {
        p++;
        final int e = p < n ? data[p] : 0;
        final String replacement = e < 0x10000 ? ScannerImpl.ESCAPE_REPLACEMENTS.get((char) e) : null;
        final Integer code = e < 0x10000 ? ScannerImpl.ESCAPE_CODES.get((char) e) : null;
        if (p < n && replacement != null) {
          chunks.append(replacement);
          p++;
        } else if (p < n && code != null) {
          p++;
          if (p + code > n) {
            throw UNSUPPORTED;
          }
          long value = 0;
          for (int i = 0; i < code; i++) {
            final int digit = Character.digit(data[p + i], 16);
            if (digit < 0 || data[p + i] > 'f') {
              throw UNSUPPORTED;
            }
            value = value * 16 + digit;
          }
          if (value > Integer.MAX_VALUE || !Character.isValidCodePoint((int) value)) {
            throw UNSUPPORTED;
          }
          chunks.appendCodePoint((int) value);
          p += code;
        } else if (p < n && e == '\n') {
          newLine();
          flowBreaks(chunks);
        } else {
          throw UNSUPPORTED;
        }
      } else {
        return;
      }
    }
  }

  private void flowSpaces(final StringBuilder chunks) {
    final int from = p;
    while (p < n && data[p] == ' ') {
      p++;
    }
    if (p >= n) {
      throw UNSUPPORTED; // unexpected end of stream
    }
    if (data[p] == '\n') {
      newLine();
      final int length = chunks.length();
      flowBreaks(chunks);
      if (chunks.length() == length) {
        chunks.append(' ');
      }
    } else {
      append(chunks, from, p);
    }
  }

  /** SnakeYAML's {@code scanFlowScalarBreaks}, appending the breaks. */
  private void flowBreaks(final StringBuilder chunks) {
    while (true) {
      if (p + 2 < n && (data[p] == '-' && data[p + 1] == '-' && data[p + 2] == '-'
          || data[p] == '.' && data[p + 1] == '.' && data[p + 2] == '.') && blank(p + 3)) {
        throw UNSUPPORTED; // a document separator inside a quoted scalar
      }
      while (p < n && data[p] == ' ') {
        p++;
      }
      if (p < n && data[p] == '\n') {
        chunks.append('\n');
        newLine();
      } else {
        return;
      }
    }
  }

  /** SnakeYAML's {@code scanBlockScalar}: a literal or folded scalar. */
  private ScalarNode blockScalar() {
    final boolean folded = data[p] == '>';
    final Mark start = mark();
    p++;
    Boolean chomping = null;
    int increment = -1;
    int c = p < n ? data[p] : 0;
    if (c == '-' || c == '+') {
      chomping = c == '+';
      p++;
      c = p < n ? data[p] : 0;
      if (c >= '0' && c <= '9') {
        increment = c - '0';
        p++;
      }
    } else if (c >= '0' && c <= '9') {
      increment = c - '0';
      p++;
      c = p < n ? data[p] : 0;
      if (c == '-' || c == '+') {
        chomping = c == '+';
        p++;
      }
    }
    if (increment == 0 || !blank(p)) {
      throw UNSUPPORTED;
    }
    while (p < n && data[p] == ' ') {
      p++;
    }
    if (p < n && data[p] == '#') {
      while (p < n && data[p] != '\n') {
        p++;
      }
    }
    if (p < n) {
      if (data[p] != '\n') {
        throw UNSUPPORTED; // text after the indicators
      }
      newLine();
    }
    final int minIndent = Math.max(indent + 1, 1);
    final int blockIndent;
    final StringBuilder chunks = new StringBuilder();
    String breaks;
    if (increment == -1) {
      final StringBuilder found = new StringBuilder();
      int maxIndent = 0;
      markEnd();
      while (p < n && (data[p] == '\n' || data[p] == ' ')) {
        if (data[p] != ' ') {
          found.append('\n');
          newLine();
          markEnd();
        } else {
          p++;
          if (p - lineStart > maxIndent) {
            maxIndent = p - lineStart;
          }
        }
      }
      breaks = found.toString();
      blockIndent = Math.max(minIndent, maxIndent);
    } else {
      blockIndent = minIndent + increment - 1;
      breaks = blockBreaks(blockIndent);
    }
    String lineBreak = "";
    while (p - lineStart == blockIndent && p < n) {
      chunks.append(breaks);
      final boolean leadingNonSpace = data[p] != ' ';
      int length = 0;
      while (p + length < n && data[p + length] != '\n') {
        length++;
      }
      append(chunks, p, p + length);
      p += length;
      if (p < n) {
        newLine();
        lineBreak = "\n";
      } else {
        lineBreak = "";
      }
      breaks = blockBreaks(blockIndent);
      if (p - lineStart == blockIndent && p < n) {
        if (folded && "\n".equals(lineBreak) && leadingNonSpace && data[p] != ' ') {
          if (breaks.isEmpty()) {
            chunks.append(' ');
          }
        } else {
          chunks.append(lineBreak);
        }
      } else {
        break;
      }
    }
    if (chomping == null || chomping) {
      chunks.append(lineBreak);
    }
    if (chomping != null && chomping) {
      chunks.append(breaks);
    }
    final String value = chunks.toString();
    return new ScalarNode(resolver.resolve(NodeId.scalar, value, false), true, value, start, endMark(),
        folded ? DumperOptions.ScalarStyle.FOLDED : DumperOptions.ScalarStyle.LITERAL);
  }

  /** SnakeYAML's {@code scanBlockScalarBreaks}; sets the end mark. */
  private String blockBreaks(final int blockIndent) {
    StringBuilder chunks = null;
    markEnd();
    while (p - lineStart < blockIndent && p < n && data[p] == ' ') {
      p++;
    }
    while (p < n && data[p] == '\n') {
      if (chunks == null) {
        chunks = new StringBuilder();
      }
      chunks.append('\n');
      newLine();
      markEnd();
      while (p - lineStart < blockIndent && p < n && data[p] == ' ') {
        p++;
      }
    }
    return chunks == null ? "" : chunks.toString();
  }
}
