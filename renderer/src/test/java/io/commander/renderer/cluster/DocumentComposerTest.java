package io.commander.renderer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
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
 * The renderer's reader, composer and resolver against SnakeYAML's own on the same texts: the
 * same documents (tags, values, anchors, every mark's index, line and column), or the same error
 * at the same place after the same documents.
 */
class DocumentComposerTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "apiVersion: v1\nkind: A\nspec:\n  n: 24\n  s: \"24\"\n  b: yes\n  f: 1.5e3\n  x: ~\n  e:\n  t: 2001-12-14\n",
      "a: null\nb: Null\nc: NO\nd: off\ne: nothing\nf: Yesterday\ng: 0x1F\nh: 0o17\ni: 017\nj: 1:30\nk: .inf\nl: -.5\n",
      "base: &b {x: 1, y: [1, 2]}\nuse:\n  <<: *b\n  z: *b\nscalar: &s text\nagain: *s\n",
      "---\nkind: A\n...\n---\nkind: B\n---\n- 1\n- two\n---\nplain\n",
      "a: 1\r\nb: 2\r\nc: |\r\n  x\r\n  y\r\n",
      "a: 1\rb: 2\r",
      "\uFEFFkind: bom\nname: é ü 日本 😀 \u0085next: 1\n",
      "line: \u2028x\u2029y\n",
      "a: !!str 12\nb: !!int \"7\"\nc: !local v\nd: ! 12\n",
      "folded: >\n  one\n  two\n\nliteral: |-\n  keep\nsingle: 'it''s'\ndouble: \"tab\\there\"\n",
      "a: *missing\n",
      "a: b: c\n",
      "a:\n\tb: 1\n",
      "a: [1, 2\nb: 3\n",
      "kind: A\n---\nkind: [\n",
      "a: 1\nbad: \u0001\n",
      "a: 1\nb: !!java.lang.Object x\nc: !<tag:example.com,2000:x> y\n",
      "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
      "",
      "# only a comment\n",
      "a: 1\nb: \"unterminated\n",
      "key with spaces: x\n? complex\n: value\n\"quoted key\": 'v'\n",
  })
  void composesAsSnakeYaml(final String text) {
    assertThat(ours(text)).isEqualTo(snakeYaml(text));
  }

  @ParameterizedTest
  @ValueSource(ints = {1000, 1022, 1023, 1024, 2047, 3000})
  void composesLongTextsAsSnakeYaml(final int length) {
    // Lines across SnakeYAML's 1,023-character reads, with a surrogate pair and a carriage return on the edges.
    final StringBuilder text = new StringBuilder("items:\n");
    for (int i = 0; text.length() < length; i++) {
      text.append("  - name: item").append(i).append(i % 7 == 0 ? " 😀" : "").append(i % 5 == 0 ? "\r\n" : "\n");
    }
    text.append("end: [1, 2\n");
    final String yaml = text.toString();
    assertThat(ours(yaml)).isEqualTo(snakeYaml(yaml));
  }

  private static List<String> ours(final String text) {
    final LoaderOptions options = new LoaderOptions();
    final List<String> out = new ArrayList<>();
    try {
      final DocumentComposer composer = new DocumentComposer(new ParserImpl(TextReader.of(text), options),
          new FastResolver(), options);
      while (composer.checkNode()) {
        out.add(describe(composer.getNode()));
      }
    } catch (YAMLException e) {
      out.add(describe(e));
    }
    return out;
  }

  private static List<String> snakeYaml(final String text) {
    final LoaderOptions options = new LoaderOptions();
    final List<String> out = new ArrayList<>();
    try {
      final Composer composer = new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
      while (composer.checkNode()) {
        out.add(describe(composer.getNode()));
      }
    } catch (YAMLException e) {
      out.add(describe(e));
    }
    return out;
  }

  private static String describe(final YAMLException e) {
    if (e instanceof MarkedYAMLException m) {
      return "error " + m.getProblem() + " at " + mark(m.getProblemMark()) + " context " + m.getContext() + " "
          + mark(m.getContextMark());
    }
    return "error " + e.getMessage();
  }

  private static String describe(final Node node) {
    final StringBuilder out = new StringBuilder(node.getNodeId() + " " + node.getTag() + " " + node.getAnchor() + " "
        + mark(node.getStartMark()) + "-" + mark(node.getEndMark()));
    if (node instanceof ScalarNode scalar) {
      out.append(" '").append(scalar.getValue()).append("' ").append(scalar.getScalarStyle());
    } else if (node instanceof SequenceNode sequence) {
      out.append(" ").append(sequence.getFlowStyle());
      sequence.getValue().forEach(item -> out.append("\n  ").append(describe(item)));
    } else if (node instanceof MappingNode mapping) {
      out.append(" ").append(mapping.getFlowStyle()).append(" merged ").append(mapping.isMerged());
      for (NodeTuple tuple : mapping.getValue()) {
        out.append("\n  ").append(describe(tuple.getKeyNode())).append(" => ").append(describe(tuple.getValueNode()));
      }
    }
    return out.toString();
  }

  private static String mark(final Mark mark) {
    return mark == null ? "-" : mark.getIndex() + ":" + mark.getLine() + ":" + mark.getColumn();
  }
}
