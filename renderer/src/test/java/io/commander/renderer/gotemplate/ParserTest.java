package io.commander.renderer.gotemplate;

import static io.commander.renderer.gotemplate.TemplateTestSupport.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.renderer.gotemplate.Node.Tree;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The parser: trees printed back as Go prints them (the cases of Go 1.19's
 * {@code text/template/parse/parse_test.go}, text shown raw instead of quoted), positions, and
 * parse errors worded as Go words them (expected texts are Go 1.19's errors for the same input).
 */
class ParserTest {

  private static final Set<String> FUNCTIONS = Set.of("printf", "contains");

  private static Map<String, Tree> trees(final String text) {
    final Map<String, Tree> set = new LinkedHashMap<>();
    Parser.parse("t", text, "", "", FUNCTIONS::contains, set);
    return set;
  }

  private static String reprint(final String text) {
    final Tree t = trees(text).get("t");
    return t == null ? null : t.root.toString();
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '\'', textBlock = """
      {{.X}} => {{.X}}
      {{printf}} => {{printf}}
      {{$}} => {{$}}
      {{with $x := 3}}{{$x 23}}{{end}} => {{with $x := 3}}{{$x 23}}{{end}}
      {{$.I}} => {{$.I}}
      {{printf `%d` 23}} => {{printf `%d` 23}}
      {{.X|.Y}} => {{.X | .Y}}
      {{$x := .X|.Y}} => {{$x := .X | .Y}}
      {{.X (.Y .Z) (.A | .B .C) (.E)}} => {{.X (.Y .Z) (.A | .B .C) (.E)}}
      {{(.Y .Z).Field}} => {{(.Y .Z).Field}}
      {{if .X}}hello{{end}} => {{if .X}}hello{{end}}
      {{if .X}}true{{else}}false{{end}} => {{if .X}}true{{else}}false{{end}}
      {{if .X}}true{{else if .Y}}false{{end}} => {{if .X}}true{{else}}{{if .Y}}false{{end}}{{end}}
      +{{if .X}}X{{else if .Y}}Y{{else if .Z}}Z{{end}}+ => +{{if .X}}X{{else}}{{if .Y}}Y{{else}}{{if .Z}}Z{{end}}{{end}}{{end}}+
      {{range .X.Y.Z}}hello{{end}} => {{range .X.Y.Z}}hello{{end}}
      {{range .X}}hello{{range .Y}}goodbye{{end}}{{end}} => {{range .X}}hello{{range .Y}}goodbye{{end}}{{end}}
      {{range .X|.M}}true{{else}}false{{end}} => {{range .X | .M}}true{{else}}false{{end}}
      {{range $x, $y := .SI}}{{.}}{{end}} => {{range $x, $y := .SI}}{{.}}{{end}}
      {{range .SI}}{{.}}{{break}}{{end}} => {{range .SI}}{{.}}{{break}}{{end}}
      {{range .SI}}{{.}}{{ continue }}{{end}} => {{range .SI}}{{.}}{{continue}}{{end}}
      {{range .SI 1 -3.2i true false 'a' nil}}{{end}} => {{range .SI 1 -3.2i true false 'a' nil}}{{end}}
      {{template `x`}} => {{template "x"}}
      {{template `x` .Y}} => {{template "x" .Y}}
      {{with .X}}hello{{else}}goodbye{{end}} => {{with .X}}hello{{else}}goodbye{{end}}
      {{block "foo" .}}hello{{end}} => {{template "foo" .}}
      {{$x := 0}}{{$x}} => {{$x := 0}}{{$x}}
      {{$x:=.}}{{$x +2}} => {{$x := .}}{{$x +2}}
      {{/* comment */}} => ''
      """)
  void treesPrintBackAsGoPrintsThem(final String text, final String expected) {
    assertThat(reprint(text)).isEqualTo(expected);
  }

  @Test
  void trimmingAndNewlinesInsideActions() {
    assertThat(reprint("x \r\n\t{{- 3}}")).isEqualTo("x{{3}}");
    assertThat(reprint("{{3 -}}\n\n\ty")).isEqualTo("{{3}}y");
    assertThat(reprint("x\n{{-  3   -}}\ny")).isEqualTo("x{{3}}y");
    assertThat(reprint("x \r\n\t{{- /* */ -}}\n\n\ty")).isEqualTo("xy");
    assertThat(reprint("{{ $x \n := \n 1 \n }}")).isEqualTo("{{$x := 1}}");
    assertThat(reprint("{{\n\"x\"\n|\nprintf\n}}")).isEqualTo("{{\"x\" | printf}}");
    assertThat(reprint("{{-\n/*\nhello\n*/\n-}}")).isEmpty();
  }

  @Test
  void definitionsAndBlocksBecomeTemplatesOfTheSet() {
    final Map<String, Tree> set = trees("a{{define \"x\"}}X{{end}}{{block \"y\" .}}Y{{end}}b");
    assertThat(set.keySet()).containsExactlyInAnyOrder("t", "x", "y");
    assertThat(set.get("t").root.toString()).isEqualTo("a{{template \"y\" .}}b");
    assertThat(set.get("x").root.toString()).isEqualTo("X");
    assertThat(set.get("y").parseName).isEqualTo("t");
  }

  @Test
  void emptyTreesHoldOnlySpace() {
    assertThat(Parser.isEmptyTree(trees(" \n\t\u00a0{{/* c */}}").get("t").root)).isTrue();
    assertThat(Parser.isEmptyTree(trees(" x ").get("t").root)).isFalse();
    assertThat(Parser.isEmptyTree(trees("{{.}}").get("t").root)).isFalse();
  }

  @Test
  void nodesKnowTheirLineAndByteColumn() {
    final Tree t = trees("a\n\u00e9\u00e9 {{.b}}").get("t");
    final Node action = t.root.nodes.get(1);
    // Column in bytes, as Go counts: "éé " is five bytes.
    assertThat(t.location(action)).isEqualTo("t:2:7");
    assertThat(t.location(((Node.ActionNode) action).pipe.cmds.get(0).args.get(0))).isEqualTo("t:2:7");
  }

  @Test
  void numberConstantsKeepEveryReadingGoKeeps() {
    final Node.NumberNode hex = number("0x1E");
    assertThat(hex.isInt).isTrue();
    assertThat(hex.ideal).isEqualTo(30L);
    assertThat(number("1e3").ideal).isEqualTo(1000.0);
    assertThat(number("1e3").isInt).isTrue();
    assertThat(number("'a'").ideal).isEqualTo(97L);
    assertThat(number("1_000").ideal).isEqualTo(1000L);
    assertThat(number("017").ideal).isEqualTo(15L);
    // Go: -0x1E contains an 'E' and no 0x prefix at its start, so it evaluates as float64 -30.
    assertThat(number("-0x1E").ideal).isEqualTo(-30.0);
    assertThat(number("18446744073709551615").isUint).isTrue();
    assertThat(number("18446744073709551615").ideal).isNull();
    assertThat(number("2+0i").ideal).isEqualTo(new GoComplex(2, 0));
    assertThat(number("2+0i").isInt).isTrue();
  }

  private static Node.NumberNode number(final String text) {
    final Node.ActionNode action = (Node.ActionNode) trees("{{" + text + "}}").get("t").root.nodes.get(0);
    return (Node.NumberNode) action.pipe.cmds.get(0).args.get(0);
  }

  static Stream<Arguments> parseErrors() {
    return Stream.of(
        Arguments.of("{{nope}}", "", "template: t:1: function \"nope\" not defined"),
        Arguments.of("{{.foo}", "", "template: t:1: bad character U+007D '}'"),
        Arguments.of("{{if}}{{end}}", "", "template: t:1: missing value for if"),
        Arguments.of("{{end}}", "", "template: t:1: unexpected {{end}}"),
        Arguments.of("a\nb\n{{end}}", "", "template: t:3: unexpected {{end}}"),
        Arguments.of("{{if .a}}", "", "template: t:1: unexpected EOF"),
        Arguments.of("{{ if 1 }}\n\n", "", "template: t:3: unexpected EOF"),
        Arguments.of("{{ if 1 }}\n\n{{ end }}{{ end }}", "", "template: t:3: unexpected {{end}}"),
        Arguments.of("line1\n{{ if 1 }}\n{{ nope }}\n{{ end }}", "", "template: t:3: function \"nope\" not defined"),
        Arguments.of("a {{/* c */ }} b", "", "template: t:1: comment ends before closing delimiter"),
        Arguments.of("a {{ /* c */}} b", "", "template: t:1: unexpected \"/\" in command"),
        Arguments.of("a {{/* c", "", "template: t:1: unclosed comment"),
        Arguments.of("{{-/* c */}}", "", "template: t:1: illegal number syntax: \"-\""),
        Arguments.of("x {{3-}}y", "", "template: t:1: bad number syntax: \"3-\""),
        Arguments.of("{{ 'ab' }}", "", "template: t:1: malformed character constant: 'ab'"),
        Arguments.of("{{ '' }}", "", "template: t:1: invalid syntax"),
        Arguments.of("{{ 089 }}", "", "template: t:1: integer overflow: \"089\""),
        Arguments.of("{{ 1e }}", "", "template: t:1: illegal number syntax: \"1e\""),
        Arguments.of("{{ 99999999999999999999 }}", "", "template: t:1: integer overflow: \"99999999999999999999\""),
        Arguments.of("{{ 0x }}", "", "template: t:1: illegal number syntax: \"0x\""),
        Arguments.of("{{ 0x1.8 }}", "", "template: t:1: illegal number syntax: \"0x1.8\""),
        Arguments.of("{{ 1__0 }}", "", "template: t:1: illegal number syntax: \"1__0\""),
        Arguments.of("{{ 1e400 }}", "", "template: t:1: illegal number syntax: \"1e400\""),
        Arguments.of("{{ \"bad\\q\" }}", "", "template: t:1: invalid syntax"),
        Arguments.of("{{ \"unterminated }}", "", "template: t:1: unterminated quoted string"),
        Arguments.of("{{ `unterminated }}", "", "template: t:1: unterminated raw quoted string"),
        Arguments.of("{{ .a.b", "", "template: t:1: unclosed action"),
        Arguments.of("a\n{{ .a\n", "", "template: t:3: unclosed action started at t:2"),
        Arguments.of("{{ | .a }}", "", "template: t:1: unexpected \"|\" in command"),
        Arguments.of("{{ ( .a }}", "", "template: t:1: unclosed left paren"),
        Arguments.of("{{ .a ) }}", "", "template: t:1: unexpected \")\" in command"),
        Arguments.of("{{ $x.y := 1 }}", "", "template: t:1: undefined variable \"$x\""),
        Arguments.of("{{ $x, $y := 1 }}", "", "template: t:1: too many declarations in command"),
        Arguments.of("{{ range $x, $y, $z := .l }}{{end}}", "", "template: t:1: too many declarations in range"),
        Arguments.of("{{ range $x, 1 }}{{ end }}", "", "template: t:1: range can only initialize variables"),
        Arguments.of("{{ if 1 }}a{{ else }}b{{ else }}c{{ end }}", "", "template: t:1: expected end; found {{else}}"),
        Arguments.of("{{ range .l }}a{{ else if .b }}b{{ end }}", "", "template: t:1: unexpected <if> in input"),
        Arguments.of("{{ with .a }}x{{ else with .b }}y{{ end }}", "", "template: t:1: unexpected <with> in else"),
        Arguments.of("{{ define \"x\" }}a{{ end }}{{ define \"x\" }}b{{ end }}", "", "template: t:1: template: multiple definition of template \"x\""),
        Arguments.of("hello{{ define \"t\" }}a{{ end }}", "", "template: t:1: template: multiple definition of template \"t\""),
        Arguments.of("{{define \"a\"}}x{{end}}\n\n{{define \"a\"}}y{{end}}", "", "template: t:3: template: multiple definition of template \"a\""),
        Arguments.of("{{ define x }}a{{ end }}", "", "template: t:1: unexpected \"x\" in define clause"),
        Arguments.of("{{ define \"a\" }}A", "", "template: t:1: unexpected EOF"),
        Arguments.of("{{ template x }}", "", "template: t:1: unexpected \"x\" in template clause"),
        Arguments.of("{{ block \"n\" }}x{{ end }}", "", "template: t:1: missing value for block clause"),
        Arguments.of("{{block \"a\" .}}x\n{{else}}{{end}}", "", "template: t:1: unexpected {{else}} in block clause"),
        Arguments.of("{{ # }}", "", "template: t:1: unexpected \"#\" in command"),
        Arguments.of("{{ a-b }}", "", "template: t:1: bad character U+002D '-'"),
        Arguments.of("{{ .a-b }}", "", "template: t:1: bad character U+002D '-'"),
        Arguments.of("{{ .a.1 }}", "", "template: t:1: unexpected \".1\" in operand"),
        Arguments.of("{{ 1.a }}", "", "template: t:1: bad number syntax: \"1.a\""),
        Arguments.of("{{ \"x\".a }}", "", "template: t:1: unexpected . after term \"\\\"x\\\"\""),
        Arguments.of("{{ nil.a }}", "", "template: t:1: unexpected . after term \"nil\""),
        Arguments.of("{{ $x }}", "", "template: t:1: undefined variable \"$x\""),
        Arguments.of("{{$x := 1}}{{if true}}{{$y := 3}}{{end}}{{$y}}", "", "template: t:1: undefined variable \"$y\""),
        Arguments.of("{{range .l}}{{$x := .}}{{end}}{{$x}}", "", "template: t:1: undefined variable \"$x\""),
        Arguments.of("{{ :x }}", "", "template: t:1: expected :="),
        Arguments.of("{{ else }}", "", "template: t:1: unexpected {{else}}"),
        Arguments.of("{{ break }}", "", "template: t:1: {{break}} outside {{range}}"),
        Arguments.of("{{ continue }}", "", "template: t:1: {{continue}} outside {{range}}"),
        Arguments.of("{{ range . }}{{ continue 1 }}{{ end }}", "", "template: t:1: unexpected \"1\" in {{continue}}"),
        Arguments.of("{{ range . }}{{ block \"a\" . }}{{ break }}{{ end }}{{ end }}", "", "template: t:1: {{break}} outside {{range}}"),
        Arguments.of("{{\"a\" | \"b\"}}", "", "template: t:1: non executable command in pipeline stage 2"),
        Arguments.of("{{ 1 | 2 }}", "", "template: t:1: non executable command in pipeline stage 2"),
        Arguments.of("{{}}", "", "template: t:1: missing value for command"),
        Arguments.of("{{- }}", "", "template: t:1: missing value for command"),
        Arguments.of("{{ \u00e9 }}", "", "template: t:1: function \"\u00e9\" not defined"),
        Arguments.of("#{{\u0001}}", "", "template: t:1: unrecognized character in action: U+0001"),
        Arguments.of("{{3)}}", "", "template: t:1: unexpected \")\" in command"),
        Arguments.of("a\n{{ if .a\n .b }}\n{{ ( }}", "", "template: t:4: unclosed left paren"),
        Arguments.of("{{block \"x\" .}}A{{end}}{{define \"x\"}}B{{end}}", "", "template: t:1: template: multiple definition of template \"x\""),
        Arguments.of("{{define \"t\"}}a{{end}}b", "", "template: t:1: template: multiple definition of template \"t\""),
        Arguments.of("{{$a, $b := 1}}", "", "template: t:1: too many declarations in command"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void parseErrors(final String template, final String data, final String expected) {
    assertThat(failure(template, data, "")).isEqualTo(expected);
  }

  @Test
  void parseErrorsAreTemplateExceptions() {
    assertThatThrownBy(() -> GoTemplate.parse("name", "x\n{{end}}", Map.of()))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template: name:2: unexpected {{end}}");
  }
}
