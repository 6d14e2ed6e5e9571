package io.commander.renderer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commander.renderer.cli.RenderMain;
import io.commander.renderer.params.ParamSchema;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * The block composer against SnakeYAML on the same texts: whenever it composes a text, every
 * document must be what SnakeYAML's scanner, parser and composer give (node kinds, tags, resolved
 * flags, values, styles, merge flags, and every mark's index, line, column, pointer and buffer);
 * whenever SnakeYAML refuses a text, the block composer must have given it up (so the error is
 * SnakeYAML's own). Texts: the renderer's golden vectors, the kinds' examples, the rendered
 * documentation and benchmark templates, hand-picked edges, a generated corpus and its mutations.
 */
class BlockComposerTest {

  private static final Path BENCHMARK = Path.of("../benchmarks/src/main/resources");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Field RESOLVED = resolvedField();

  /** Whether the block composer took the text; asserts it gave what SnakeYAML gives when it did. */
  private static boolean same(final String text) {
    final LoaderOptions options = options();
    final List<Node> fast = BlockComposer.compose(text, new FastResolver(), options.getCodePointLimit());
    final String snakeYaml = renderersSnakeYaml(text);
    if (fast == null) {
      return false;
    }
    assertThat(describe(fast, true)).as("the documents of\n%s", text).isEqualTo(snakeYaml);
    assertThat(describe(fast, false)).as("SnakeYAML's own reader and resolver on\n%s", text)
        .isEqualTo(snakeYamlsOwn(text));
    return true;
  }

  private static LoaderOptions options() {
    final LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return options;
  }

  /** The renderer's SnakeYAML path (its reader, composer and resolver). */
  private static String renderersSnakeYaml(final String text) {
    final LoaderOptions options = options();
    final List<Node> nodes = new ArrayList<>();
    try {
      final DocumentComposer composer = new DocumentComposer(new ParserImpl(TextReader.of(text), options),
          new FastResolver(), options);
      while (composer.checkNode()) {
        nodes.add(composer.getNode());
      }
    } catch (YAMLException e) {
      return describe(nodes, true) + "error " + e.getMessage();
    }
    return describe(nodes, true);
  }

  /** SnakeYAML's own reader, composer and resolver; marks without their buffers (its reader's window). */
  private static String snakeYamlsOwn(final String text) {
    final LoaderOptions options = options();
    final List<Node> nodes = new ArrayList<>();
    try {
      final Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
      while (composer.checkNode()) {
        nodes.add(composer.getNode());
      }
    } catch (YAMLException e) {
      return describe(nodes, false) + "error " + e.getMessage();
    }
    return describe(nodes, false);
  }

  private static String describe(final List<Node> nodes, final boolean buffers) {
    final StringBuilder out = new StringBuilder();
    for (Node node : nodes) {
      describe(node, buffers, "", out);
      out.append("---\n");
    }
    return out.toString();
  }

  private static void describe(final Node node, final boolean buffers, final String indent, final StringBuilder out) {
    out.append(indent).append(node.getNodeId()).append(' ').append(node.getTag()).append(" resolved ")
        .append(resolved(node)).append(" anchor ").append(node.getAnchor()).append(' ')
        .append(mark(node.getStartMark(), buffers)).append(" - ").append(mark(node.getEndMark(), buffers));
    if (node instanceof ScalarNode scalar) {
      out.append(' ').append(scalar.getScalarStyle()).append(" '")
          .append(scalar.getValue().replace("\\", "\\\\").replace("\n", "\\n")).append("'\n");
    } else if (node instanceof SequenceNode sequence) {
      out.append(' ').append(sequence.getFlowStyle()).append('\n');
      sequence.getValue().forEach(item -> describe(item, buffers, indent + "  ", out));
    } else if (node instanceof MappingNode mapping) {
      out.append(' ').append(mapping.getFlowStyle()).append(" merged ").append(mapping.isMerged()).append('\n');
      for (NodeTuple tuple : mapping.getValue()) {
        describe(tuple.getKeyNode(), buffers, indent + "  ? ", out);
        describe(tuple.getValueNode(), buffers, indent + "  : ", out);
      }
    }
  }

  private static String mark(final Mark mark, final boolean buffers) {
    if (mark == null) {
      return "-";
    }
    final String at = mark.getName() + "@" + mark.getIndex() + ":" + mark.getLine() + ":" + mark.getColumn();
    return buffers ? at + " pointer " + mark.getPointer() + " buffer " + Arrays.hashCode(mark.getBuffer()) + "/"
        + mark.getBuffer().length : at;
  }

  private static boolean resolved(final Node node) {
    try {
      return RESOLVED.getBoolean(node);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Field resolvedField() {
    try {
      final Field field = Node.class.getDeclaredField("resolved");
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "apiVersion: v1\nkind: A\nspec:\n  n: 24\n  s: \"24\"\n  b: yes\n  f: 1.5e3\n  x: ~\n  e:\n  t: 2001-12-14\n",
      "a: null\nb: Null\nc: NO\nd: off\ne: nothing\nf: Yesterday\ng: 0x1F\nh: 0o17\ni: 017\nj: 1:30\nk: .inf\nl: -.5\n",
      "---\nkind: A\n---\nkind: B\n---\n- 1\n- two\n---\nplain\n",
      "---\n---\n", "---", "--- # c\na: 1\n", "# c\n---\n# d\n", "", "\n\n", "# only\n", "a: 1\n---\n",
      "\u00e9: \u00fc \u65e5\u672c \ud83d\ude00 x\n\ud83d\ude00k: v\n",
      "folded: >\n  one\n  two\n\n  three\n   more\n  four\nliteral: |-\n  keep\nsingle: 'it''s'\ndouble: \"tab\\there\"\n",
      "a: |\n  x\n\n\nb: |+\n  y\n\n\nc: >-\n  z\n\n\n",
      "a: |2\n   x\n  y\nb: >1-\n  z\n",
      "a: |\n\n  x\n   y\n",
      "a: |\nb: 1\n", "a: |", "a: >\n", "- |\n  x\n- >\n y\n", "|\n x\n", ">\n\n  a\n  b\n\n",
      "a: |  # comment\n  x\n",
      "a:\n- 1\n- 2\nb:\n  - 3\n  -\n  - - 4\n    - 5\n  - k: v\n    l: w\nc: end\n",
      "- a: 1\n  b:\n  - x\n  c: 2\n- - y\n-\n- \n",
      "a:\n  b:\n    c:\n      d: 1\n  e: 2\nf: 3\n",
      "a: x\n  y\n  z\nb: 'q\n  r\n\n  s'\nc: \"u\\\n  v\\x41\\u00e9\\U0001F600\"\n",
      "plain: a #not a comment start? no: a#b\nc: d # comment\n",
      "url: http://x:80/y\nkey with spaces: x\n'quoted key': v\n\"dq\": w\nk  : spaced\n",
      "<<: x\na: [1]\n", "a: {b: 1}\n", "a: &x 1\nb: *x\n", "a: !t x\n", "? a\n: b\n", "%YAML 1.1\n---\na: 1\n",
      "a: 1\n...\n", "a:\tb\n", "a: 1\r\n", "a: b: c\n", "a: - b\n", "a:\n  b: 1\n c: 2\n", "a: 1\n  b: 2\n",
      "a: 'x' y\n", "a: \"x\"\nb\n", "- a\nb: 1\n", "a:\n- x\n - y\n", "- x\n  - y\n", "a: \"unterminated\n",
      "a: 'x\n---\ny'\n", "a: \"\\q\"\n", "a: \"\\xZZ\"\n", "a: |0\n x\n", "a: |x\n", "a: | x\n", "a: @x\n", "a: `x\n",
      "a: -x\nb: ?y\nc: :z\nd: .e\n", "-x: 1\n", "a:\n\n\n  b: 1\n", "a:\n  # c\n  b: 1\n  # d\nc: 2\n",
      "a: x\n---x\n", "a: x\n--- \n", "a: x\n ---\n", "x\n---\ny\n", "a: 'x\n ...'\n", "a: 'x\n... y'\n",
      "\"a\nb\": 1\n", "a\nb: 1\n", "a: []\nb: {}\nc:\n- []\n- {} # c\n- x\n", "[]\n", "{}", "a: [] # c\n  b: 1\n",
      "a: []x\n", "a: [ ]\n", "[]: x\n", "a: {}: x\n", "a:\n  []\n", "- []\n  - x\n", "a:\n[]\n", "- a: []\n  b: {}\n", "a: \"x\" : y\n", "- - - x\n    - y\n  - z\n", "k: \ud83d\ude00\n",
      "a: [1, two, 'three', \"four\", yes, ~, 1.5e3, 0x1F, 2001-12-14]\n", "a: {b: 1, c: [x, {d: e}], 'f': \"g\"}\n",
      "- [a, b]\n- {c: d}\n- [[], {}, [x]]\n", "[a, b]\n", "{a: b}\n", "{a: b}", "a: [ x ,y ]\n", "a: {  b: c  }\n",
      "a: [x y, z  w]\n", "a: [a:b, c]\n", "a: [a: b]\n", "a: {a : b}\n", "a: {a:b}\n", "a: {\"a\":b}\n", "a: {a: }\n",
      "a: {a}\n", "a: {a, b}\n", "a: [x,]\n", "a: [x,,y]\n", "a: [,x]\n", "a: [x\n, y]\n", "a: [x, # c\n y]\n",
      "a: [x] # c\nb: 1\n", "a: [x]y\n", "a: [x],\n", "a: [x]: y\n", "[x]: y\n", "{a: b}: c\n", "a: [-1, -x, - x]\n",
      "a: [?x]\n", "a: [x?y]\n", "a: [a#b]\n", "a: [x #c]\n", "a: {<<: {b: 1}}\n", "a: [&x 1, *x]\n", "a: [!t x]\n",
      "a: ['multi\n  line']\n", "a: [\"x\\\"y\", 'it''s']\n", "a: {b: [1, {c: [2, {d: 3}]}]}\n", "a: [x]\n  b: 1\n",
      "a:\n  [x]\n", "a: [x}\n", "a: {x]\n", "a: [x\n", "a: [x]]\n", "a: [\u00e9, \ud83d\ude00, \u65e5\u672c]\n", "a: { }\n",
      "a: [x , y]\n", "a: [x,y]\n", "a: {b: c,d: e}\n", "a: [:x]\n", "a: [x:]\n", "a: [http://x:80/y]\n",
      "a: {url: http://x}\n", "a: [1:30]\n", "a: {b: 'c' d}\n", "a: ['c'd]\n", "a: {b: c, b: d}\n", "a: [x]   \n",
      "a: {b: {c: {d: {e: {f: {g: [h]}}}}}}\n", "a: [it's, a\"b]\n", "a: {'k''s': v}\n", "a: {[x]: y}\n", "a: {{x: y}: z}\n",
  })
  void composesAsSnakeYamlOrGivesUp(final String text) {
    same(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "# Source: x\napiVersion: v1\nkind: A\nmetadata:\n  labels: {}\n  annotations:\n    a.io/b: \"c\"\nspec:\n  list: []\n",
      "---\na:\n- x: 1\n  y: 'two'\n-   z\nb: |\n  line 1\n\n  line 2\nc: >-\n  folded\n  text\n---\n# c\nd: e\n",
      "a:\n  - 10.10.0.0/16\n  - \"1.29\"\n  - 8589934592\n  - true\n  - ~\nb: x # comment\n\n",
      "\u00e9: \u65e5\u672c \ud83d\ude00\nmulti: one\n  two\n", "---\n---\n", "",
      "apiVersion: deckhouse.io/v1\nkind: OpenStackClusterConfiguration\nmasterNodeGroup:\n  replicas: 3\n"
          + "  instanceClass: {flavorName: m1.large, imageName: ubuntu-22-04, rootDiskSize: 50}\n"
          + "standard: {internalNetworkCIDR: 192.168.199.0/24, internalNetworkDNSServers: [8.8.8.8, 8.8.4.4]}\n"
          + "provider: {authURL: 'https://cloud.example.com/v3', domainName: Default, password: \"p@ss\"}\n",
      "- [a, b]\n- {c: d, e: [], f: {}}\n- [[1, 2], {g: h i}]\n",
  })
  void takesTheYamlRenderedDocumentsAreMadeOf(final String text) {
    assertThat(same(text)).as("taken by the block composer").isTrue();
  }

  @Test
  void composesEveryRenderedSectionOfTheTemplates() throws IOException {
    int taken = 0;
    int sections = 0;
    for (String[] template : new String[][] {
        {BENCHMARK + "/static-cluster-3-masters.json", BENCHMARK + "/static-cluster-3-masters.values.json"},
        {"src/test/resources/templates/static-cluster.json", "src/test/resources/templates/static-cluster.values.json"}}) {
      final Map<String, String> rendered = render(Path.of(template[0]), Path.of(template[1]));
      for (String text : rendered.values()) {
        sections++;
        assertThat(same(text)).as("the block composer takes the rendered section\n%s", text).isTrue();
        taken++;
      }
    }
    assertThat(taken).isEqualTo(sections).isGreaterThan(10);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> render(final Path template, final Path values) throws IOException {
    final TemplateDocument document = TemplateDocument.fromMap(JSON.readValue(template.toFile(), Map.class));
    final ClusterRenderer.Result result = new ClusterRenderer().render(document.sections(),
        ParamSchema.parse(document.params()).orElseThrow(), JSON.readValue(values.toFile(), Map.class),
        RenderMain.BUILT_INS, RenderMain.CLOCK, 0L);
    assertThat(result.problems()).isEmpty();
    return result.rendered();
  }

  @Test
  void composesTheGoldenVectorsAndTheKindsExamplesAsSnakeYaml() throws IOException {
    final List<String> texts = new ArrayList<>();
    for (String vectors : List.of("core.expected.json", "sprig.expected.json")) {
      try (InputStream in = BlockComposerTest.class.getResourceAsStream("/vectors/" + vectors)) {
        for (JsonNode vector : JSON.readTree(in)) {
          if (vector.has("output")) {
            texts.add(vector.get("output").asText());
          }
        }
      }
    }
    try (Stream<Path> files = Files.walk(Path.of("src/test/resources/io/commander/renderer/kinds"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        texts.add(Files.readString(file));
      }
    }
    int taken = 0;
    for (String text : texts) {
      taken += same(text) ? 1 : 0;
    }
    assertThat(texts).hasSizeGreaterThan(500);
    assertThat(taken).as("texts the block composer took").isGreaterThan(texts.size() / 2);
  }

  @Test
  void resolvesAsSnakeYaml() {
    final Random random = new Random(7L);
    final String alphabet = "0123456789012345678901234567890123456789..::--++__eExXbBoO tTZz/aA,";
    final Resolver snakeYaml = new Resolver();
    final FastResolver ours = new FastResolver();
    for (String word : List.of("yes", "Yes", "YES", "yEs", "no", "No", "NO", "nO", "true", "True", "TRUE", "tRUE",
        "false", "False", "FALSE", "on", "On", "ON", "oN", "off", "Off", "OFF", "oFF", "null", "Null", "NULL", "nULL",
        "y", "n", "Y", "N", "yess", "nulls", "truee", "offf", "ye", "tru", "nul", "fals", "o")) {
      assertThat(ours.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, word, true)).as(word)
          .isEqualTo(snakeYaml.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, word, true));
    }
    final String letters = "yYnNtTfFoOeEsSuUlLrRaAbcxX";
    for (int i = 0; i < 200_000; i++) {
      // Digit-led values, and letter-led ones built from the letters of booleans and nulls.
      final boolean digit = i % 2 == 0;
      final StringBuilder value = new StringBuilder()
          .append(digit ? (char) ('0' + random.nextInt(10)) : letters.charAt(random.nextInt(letters.length())));
      for (int length = random.nextInt(digit ? 20 : 6); length > 0; length--) {
        value.append(digit ? alphabet.charAt(random.nextInt(alphabet.length()))
            : letters.charAt(random.nextInt(letters.length())));
      }
      final String text = value.toString();
      assertThat(ours.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, text, true)).as(text)
          .isEqualTo(snakeYaml.resolve(org.yaml.snakeyaml.nodes.NodeId.scalar, text, true));
    }
  }

  @Test
  void composesAGeneratedCorpusAndItsMutationsAsSnakeYaml() {
    final Random random = new Random(20261204L);
    int generatedTaken = 0;
    int mutatedTaken = 0;
    final int count = 3000;
    for (int i = 0; i < count; i++) {
      final String text = new Generator(random).stream();
      generatedTaken += same(text) ? 1 : 0;
      for (int m = 0; m < 4; m++) {
        mutatedTaken += same(mutate(text, random)) ? 1 : 0;
      }
    }
    System.out.printf("generated texts taken by the block composer: %d of %d; mutated: %d of %d%n",
        generatedTaken, count, mutatedTaken, count * 4);
    // Most generated texts are in the subset; mutations are often errors, which SnakeYAML reports.
    assertThat(generatedTaken).as("generated texts taken").isGreaterThan(count / 2);
    assertThat(mutatedTaken).as("mutated texts taken").isGreaterThan(count / 4);
  }

  private static final String[] INSERTS = {" ", "  ", "\n", ":", ": ", "- ", "-", "#", " #", "'", "\"", "\\", "|",
      ">", "|-", "\t", "\r", "{", "[", "&a ", "*a", "!", "?", "---\n", "...\n", "---", "x", "\u00e9", "\ud83d\ude00",
      "\u2028", "\uFEFF", "%", "@", "`", ",", "\n  ", "\n- ", "k: v\n", "\n\n"};

  /** One to three edits: an insertion, a deletion, a line indented or dedented, a line repeated. */
  private static String mutate(final String text, final Random random) {
    final StringBuilder out = new StringBuilder(text);
    final int edits = 1 + random.nextInt(3);
    for (int e = 0; e < edits; e++) {
      final int at = out.length() == 0 ? 0 : random.nextInt(out.length() + 1);
      final int lineStart = out.lastIndexOf("\n", Math.max(0, at - 1)) + 1;
      switch (random.nextInt(5)) {
        case 0, 1 -> out.insert(Math.min(at, out.length()), INSERTS[random.nextInt(INSERTS.length)]);
        case 2 -> {
          if (at < out.length()) {
            out.deleteCharAt(at);
          }
        }
        case 3 -> {
          if (random.nextBoolean()) {
            out.insert(Math.min(lineStart, out.length()), " ".repeat(1 + random.nextInt(3)));
          } else if (lineStart < out.length() && out.charAt(lineStart) == ' ') {
            out.deleteCharAt(lineStart);
          }
        }
        default -> {
          final int end = out.indexOf("\n", lineStart);
          if (end > 0) {
            out.insert(end + 1, out.substring(lineStart, end + 1));
          }
        }
      }
    }
    // Keep surrogate pairs whole: a lone half is not printable, which SnakeYAML reports on its own.
    return out.toString();
  }

  /** Random documents in the block style rendered documents use, with the scalars that need care. */
  private static final class Generator {

    private static final String[] WORDS = {"a", "name", "kind", "apiVersion", "yes", "No", "on", "OFF", "true",
        "null", "Null", "~", "", "12", "-7", "0x1F", "0o17", "017", "1.5e3", ".inf", "-.5", "1:30", "2001-12-14",
        "2001-12-14T21:59:43.10-05:00", "<<", "=", "x y", " lead", "trail ", "a:b", "a: b", "a #b", "a#b", "#x",
        "-", "- x", "-x", "?x", ":x", "---", "...", "%x", "@x", "`x", "{a}", "[1]", "*a", "&a", "!t", "|", ">",
        "'q'", "\"d\"", "it's", "back\\slash", "\u00e9 \u00fc \u65e5\u672c", "\ud83d\ude00", "multi\nline",
        "two\n\nbreaks", "\u0007bell", "10.10.0.0/16", "http://x:80/y", "registry.example.com/a/b:1.2",
        "node-role.kubernetes.io/master", "LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZLS0tLS0K==",
        "10.10.0.11", "1.2", "1.2.3", "1_000", "0b101", "1e3", "12:30:45.5", "2001-12-14 21:59:43.10 -5", "8589934592",
        "1.5.inf", "3/4", "0.", "190:20:30", "2001-1-1t1:02:03Z"};

    private final Random random;
    private final StringBuilder out = new StringBuilder();

    Generator(final Random random) {
      this.random = random;
    }

    String stream() {
      final int documents = 1 + random.nextInt(3);
      for (int d = 0; d < documents; d++) {
        if (d > 0 || random.nextInt(3) == 0) {
          out.append(random.nextInt(5) == 0 ? "--- # doc\n" : "---\n");
        }
        if (random.nextInt(6) == 0) {
          out.append("# Source: section\n");
        }
        switch (random.nextInt(10)) {
          case 0 -> out.append(random.nextBoolean() ? "" : scalar(0, false) + "\n");
          case 1 -> sequence(0, 0, false);
          default -> mapping(0, 0, false);
        }
      }
      return out.toString();
    }

    private String word() {
      return WORDS[random.nextInt(WORDS.length)];
    }

    /** A word that may be written plain; mostly one that reads back as itself, sometimes any. */
    private String plainWord() {
      String word = word();
      while (random.nextInt(100) != 0 && !plainSafe(word)) {
        word = word();
      }
      return word;
    }

    private static boolean plainSafe(final String word) {
      return !word.isEmpty() && "-?:,[]{}#&*!|>'\"%@` ".indexOf(word.charAt(0)) < 0 && !word.endsWith(" ")
          && !word.contains(": ") && !word.contains(" #") && !word.endsWith(":") && !word.contains("\n")
          && word.chars().allMatch(c -> c >= ' ') && !word.equals("---") && !word.equals("...")
          || word.equals("-x") || word.equals(":x") || word.equals("?x");
    }

    /** A block mapping at {@code column}; its first key already placed when {@code inline} (after "- "). */
    private void mapping(final int column, final int depth, final boolean inline) {
      final int keys = 1 + random.nextInt(5);
      for (int k = 0; k < keys; k++) {
        if (k > 0 || !inline) {
          out.append(" ".repeat(column));
        }
        out.append(key()).append(random.nextInt(8) == 0 ? " :" : ":");
        value(column, depth);
        if (random.nextInt(12) == 0) {
          out.append(" ".repeat(random.nextInt(column + 3))).append("# between\n");
        }
      }
    }

    private String key() {
      final String word = word();
      return switch (random.nextInt(6)) {
        case 0 -> "'" + word.replace("'", "''").replace("\n", " ") + "'";
        case 1 -> "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        default -> plainWord();
      };
    }

    private void value(final int column, final int depth) {
      final int choice = depth > 4 ? random.nextInt(4) : random.nextInt(9);
      switch (choice) {
        case 0 -> out.append(switch (random.nextInt(4)) {
          case 0 -> "\n";
          case 1 -> " # empty\n";
          case 2 -> random.nextBoolean() ? " []\n" : " {} # none\n";
          default -> random.nextInt(8) == 0 ? " [ ]\n" : " {}\n";
        });
        case 1, 2 -> out.append(' ').append(scalar(column, true)).append(random.nextInt(6) == 0 ? " # c\n" : "\n");
        case 3 -> {
          if (random.nextBoolean()) {
            blockScalar(column);
          } else {
            out.append(' ').append(flow(0)).append(random.nextInt(6) == 0 ? " # c\n" : "\n");
          }
        }
        case 4, 5 -> {
          out.append('\n');
          mapping(column + 1 + random.nextInt(4), depth + 1, false);
        }
        default -> {
          out.append('\n');
          sequence(random.nextBoolean() ? column : column + 1 + random.nextInt(3), depth + 1, false);
        }
      }
    }

    private void sequence(final int column, final int depth, final boolean inline) {
      final int items = 1 + random.nextInt(4);
      for (int i = 0; i < items; i++) {
        out.append(" ".repeat(i > 0 || !inline ? column : 0)).append('-');
        final int choice = depth > 4 ? random.nextInt(3) : random.nextInt(7);
        switch (choice) {
          case 0 -> out.append(random.nextBoolean() ? "\n" : random.nextBoolean() ? " []\n" : " {}\n");
          case 1, 2 -> out.append(' ').append(scalar(column, true)).append('\n');
          case 3 -> {
            out.append(' ');
            mapping(column + 2, depth + 1, true);
          }
          case 4 -> {
            out.append(' ');
            sequence(column + 2, depth + 1, true);
          }
          case 5 -> {
            if (random.nextBoolean()) {
              blockScalar(column);
            } else {
              out.append(' ').append(flow(0)).append('\n');
            }
          }
          default -> {
            out.append('\n');
            mapping(column + 1 + random.nextInt(3), depth + 1, false);
          }
        }
      }
    }

    /** A scalar in a random style, for a line whose node sits at {@code column}. */
    private String scalar(final int column, final boolean value) {
      final String word = word();
      final String continuation = "\n" + " ".repeat(column + 1 + random.nextInt(3));
      return switch (random.nextInt(6)) {
        case 0 -> "'" + word.replace("'", "''").replace("\n", continuation) + "'";
        case 1 -> "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0007", "\\a")
            .replace("\n", random.nextBoolean() ? "\\n" : continuation) + "\"";
        case 2 -> plainWord().replace("\n", continuation)
            + (value && random.nextInt(5) == 0 ? continuation + plainWord() : "");
        default -> plainWord().replace("\n", " ");
      };
    }

    /** A flow collection on one line, spaced as templates write them, with scalars that need care. */
    private String flow(final int depth) {
      final boolean sequence = random.nextBoolean();
      final StringBuilder flow = new StringBuilder(sequence ? "[" : "{");
      final String pad = random.nextInt(6) == 0 ? " " : "";
      flow.append(pad);
      final int entries = random.nextInt(4);
      for (int e = 0; e < entries; e++) {
        if (e > 0) {
          flow.append(random.nextInt(5) == 0 ? "," : random.nextInt(8) == 0 ? " , " : ", ");
        }
        if (!sequence) {
          flow.append(flowScalar()).append(random.nextInt(30) == 0 ? ":" : ": ");
        }
        flow.append(depth < 3 && random.nextInt(5) == 0 ? flow(depth + 1) : flowScalar());
      }
      return flow.append(pad).append(sequence ? ']' : '}').toString();
    }

    /** A scalar inside a flow collection: mostly one that may be written there plain, sometimes any. */
    private String flowScalar() {
      String word = word();
      while (random.nextInt(40) != 0 && !(plainSafe(word) && !word.equals("<<") && "-?:".indexOf(word.charAt(0)) < 0
          && word.chars().noneMatch(c -> ",[]{}:?#".indexOf(c) >= 0))) {
        word = word();
      }
      return switch (random.nextInt(5)) {
        case 0 -> "'" + word.replace("'", "''").replace("\n", " ") + "'";
        case 1 -> "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        default -> word.replace("\n", " ");
      };
    }

    /** A literal or folded scalar whose collection sits at {@code parent}. */
    private void blockScalar(final int parent) {
      final int extra = 1 + random.nextInt(3);
      final int indent = parent + extra;
      out.append(' ').append(random.nextBoolean() ? '|' : '>');
      out.append(switch (random.nextInt(6)) {
        case 0 -> "-";
        case 1 -> "+";
        case 2 -> String.valueOf(extra);
        case 3 -> extra + "-";
        default -> "";
      });
      out.append(random.nextInt(6) == 0 ? " # header\n" : "\n");
      final int lines = random.nextInt(5);
      for (int l = 0; l < lines; l++) {
        switch (l == 0 ? 5 : random.nextInt(6)) {
          case 0 -> out.append('\n');
          case 1 -> out.append(" ".repeat(indent + 2)).append(plainWord().replace("\n", " ")).append('\n');
          default -> out.append(" ".repeat(indent)).append(plainWord().replace("\n", " ")).append('\n');
        }
      }
      if (random.nextInt(4) == 0) {
        out.append("\n\n");
      }
    }
  }
}
