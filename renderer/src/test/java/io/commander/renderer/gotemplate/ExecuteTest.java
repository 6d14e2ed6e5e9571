package io.commander.renderer.gotemplate;

import static io.commander.renderer.gotemplate.TemplateTestSupport.failure;
import static io.commander.renderer.gotemplate.TemplateTestSupport.json;
import static io.commander.renderer.gotemplate.TemplateTestSupport.parse;
import static io.commander.renderer.gotemplate.TemplateTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Execution: actions, control structures, variables, templates, built-in and registered
 * functions, missing keys. Every expected text is what Go 1.19's text/template gave for the same
 * template and JSON data (see {@link TemplateTestSupport}).
 */
class ExecuteTest {

  static Stream<Arguments> values() {
    return Stream.of(
        Arguments.of("{{.}}", "\"plain\"", "plain"),
        Arguments.of("{{.}}", "true", "true"),
        Arguments.of("{{.}}", "1", "1"),
        Arguments.of("{{.}}", "1.5", "1.5"),
        Arguments.of("{{.}}", "[1,\"two\",null,true,{\"x\":[]}]", "[1 two <nil> true map[x:[]]]"),
        Arguments.of("{{.}}", "{\"b\":2,\"a\":1,\"c\":{\"z\":null,\"y\":[1.5]}}", "map[a:1 b:2 c:map[y:[1.5] z:<nil>]]"),
        Arguments.of("{{.}}", "{}", "map[]"),
        Arguments.of("{{.}}", "[]", "[]"),
        Arguments.of("{{.}}", "null", "<no value>"),
        Arguments.of("{{.}}", "", "<no value>"),
        Arguments.of("{{.a}}|{{.b.c}}|{{.b.d.e}}", "{\"a\":\"A\",\"b\":{\"c\":\"C\"}}", "A|C|<no value>"),
        Arguments.of("{{.missing}}", "{}", "<no value>"),
        Arguments.of("{{.n}}", "{\"n\":null}", "<no value>"),
        Arguments.of("{{print .missing}}|{{print .n}}|{{printf \"%v\" .missing}}|{{html .missing}}", "{\"n\":null}", "<nil>|<nil>|<nil>|&lt;no value&gt;"),
        Arguments.of("{{.x}}|{{$.x}}", "null", "<no value>|<no value>"),
        Arguments.of("{{.missing.deeper}}", "{}", "<no value>"),
        Arguments.of("{{range .}}[{{.}}]{{end}}", "[1,null,\"s\"]", "[1][<no value>][s]"),
        Arguments.of("{{index . \"n\"}}|{{print (index . \"n\")}}", "{\"n\":null}", "<no value>|<nil>"),
        Arguments.of("{{$x := .missing}}{{$x}}|{{printf \"%T\" $x}}", "{}", "<no value>|<nil>"),
        Arguments.of("{{.a}} {{.b}} {{.c}} {{.d}} {{.e}} {{.f}} {{.g}} {{.h}}", "{\"a\":1,\"b\":1.5,\"c\":1e6,\"d\":1e21,\"e\":0.0001,\"f\":0.00001,\"g\":123456789,\"h\":1e20}", "1 1.5 1e+06 1e+21 0.0001 1e-05 1.23456789e+08 1e+20"),
        Arguments.of("{{.}}", "{\"\\u00e9\":1,\"z\":2,\"\\ud83d\\ude00\":3,\"\\uffff\":4,\"Z\":5,\"a\":6}", "map[Z:5 a:6 z:2 \u00e9:1 \uffff:4 \ud83d\ude00:3]"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void values(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> control() {
    return Stream.of(
        Arguments.of("{{if .a}}yes{{end}}|{{if .b}}yes{{else}}no{{end}}", "{\"a\":1,\"b\":0}", "yes|no"),
        Arguments.of("{{if .a}}a{{else if .b}}b{{else if .c}}c{{else}}d{{end}}", "{\"c\":true}", "c"),
        Arguments.of("{{if .a}}a{{else if .b}}b{{else if .c}}c{{else}}d{{end}}", "{}", "d"),
        Arguments.of("{{if 0.0}}a{{end}}{{if \"0\"}}b{{end}}{{if .l}}c{{end}}{{if .m}}d{{end}}{{if .f}}e{{end}}{{if .n}}f{{end}}{{if .s}}g{{end}}{{if .t}}h{{end}}", "{\"l\":[],\"m\":{},\"f\":false,\"n\":null,\"s\":\"\",\"t\":[0]}", "bh"),
        Arguments.of("{{with .a}}{{.}}{{end}}|{{with .b}}{{.}}{{else}}none{{end}}|{{with .c}}{{.d}}{{end}}", "{\"a\":\"A\",\"b\":\"\",\"c\":{\"d\":\"D\"}}", "A|none|D"),
        Arguments.of("{{with .a}}{{$.b}}/{{.}}{{end}}", "{\"a\":\"A\",\"b\":\"B\"}", "B/A"),
        Arguments.of("{{range .}}{{.}},{{end}}", "[3,1,2]", "3,1,2,"),
        Arguments.of("{{range $i, $e := .}}{{$i}}={{$e}};{{end}}", "[\"a\",\"b\",\"c\"]", "0=a;1=b;2=c;"),
        Arguments.of("{{range $e := .}}{{$e}};{{end}}", "[\"a\",\"b\"]", "a;b;"),
        Arguments.of("{{range $k, $v := .}}{{$k}}={{$v}};{{end}}", "{\"b\":1,\"a\":2,\"B\":3,\"_\":4,\"10\":5,\"9\":6}", "10=5;9=6;B=3;_=4;a=2;b=1;"),
        Arguments.of("{{range .}}{{.}};{{end}}", "{\"b\":1,\"a\":2}", "2;1;"),
        Arguments.of("{{range .}}x{{else}}empty{{end}}|{{range .m}}x{{else}}empty map{{end}}|{{range .missing}}x{{else}}no value{{end}}", "{\"m\":{}}", "x|empty map|no value"),
        Arguments.of("{{range .l}}{{range .}}{{.}}{{end}};{{end}}", "{\"l\":[[1,2],[3],[]]}", "12;3;;"),
        Arguments.of("{{range .l}}{{$.name}}:{{.}} {{end}}", "{\"l\":[1,2],\"name\":\"N\"}", "N:1 N:2 "),
        Arguments.of("{{range $i, $e := .}}{{if eq $i 1}}{{continue}}{{end}}{{if eq $i 3}}{{break}}{{end}}{{$e}}{{end}}", "[\"a\",\"b\",\"c\",\"d\",\"e\"]", "ac"),
        Arguments.of("{{range $i, $row := .}}{{range $j, $c := $row}}{{if eq $j 1}}{{break}}{{end}}{{$i}}{{$j}} {{end}}{{end}}", "[[1,2,3],[4,5]]", "00 10 "),
        Arguments.of("{{range .}}{{with .}}{{if eq . 2.0}}{{continue}}{{end}}{{.}}{{end}}{{end}}", "[1,2,3]", "13"),
        Arguments.of("{{range .}}{{if eq . 2.0}}{{break}}{{end}}{{.}}{{else}}none{{end}}", "[1,2,3]", "1"),
        Arguments.of("{{range .}}{{break}}{{else}}none{{end}}", "[]", "none"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void control(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> variables() {
    return Stream.of(
        Arguments.of("{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}{{$x := \"s\"}}{{$x}}", "", "12s"),
        Arguments.of("{{$x := 1}}{{if true}}{{$x = 2}}{{$y := 3}}{{$y}}{{end}}{{$x}}", "", "32"),
        Arguments.of("{{$x := 1}}{{with $x := 2}}{{$x}}{{end}}{{$x}}", "", "21"),
        Arguments.of("{{$x := 1}}{{range $x := .}}{{$x}}{{end}}{{$x}}", "[7,8]", "781"),
        Arguments.of("{{$x := 0}}{{range .}}{{$x = .}}{{end}}{{$x}}", "[1,2]", "2"),
        Arguments.of("{{$x := 5}}{{range $x = .}}{{$x}}{{end}}{{$x}}", "[1,2]", "122"),
        Arguments.of("{{$}}|{{$.a}}|{{with .a}}{{$.a}}{{end}}|{{range .l}}{{$.a}}{{end}}", "{\"a\":\"A\",\"l\":[1,2]}", "map[a:A l:[1 2]]|A|A|AA"),
        Arguments.of("{{$ := 5}}{{$}}", "", "5"),
        Arguments.of("{{$x := .a}}{{$x.b.c}}", "{\"a\":{\"b\":{\"c\":\"deep\"}}}", "deep"),
        Arguments.of("{{$m := .}}{{range $k, $v := $m}}{{$k}}{{index $m $k}}{{end}}", "{\"a\":1,\"b\":2}", "a1b2"),
        Arguments.of("{{$x := 1 | printf \"%d!\"}}{{$x}}", "", "1!"),
        Arguments.of("{{with $x := .a}}{{$x}}{{end}}", "{\"a\":5}", "5"),
        Arguments.of("{{define \"u\"}}{{$}}{{end}}{{$v := 1}}{{template \"u\" 2}}{{$v}}", "", "21"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void variables(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> templates() {
    return Stream.of(
        Arguments.of("{{template \"x\" .}}{{define \"x\"}}[{{.a}}]{{end}}", "{\"a\":1}", "[1]"),
        Arguments.of("{{template \"x\"}}{{define \"x\"}}[{{.}}]{{end}}", "{\"a\":1}", "[<no value>]"),
        Arguments.of("{{template \"x\" .a}}{{define \"x\"}}{{.}}{{$}}{{end}}", "{\"a\":1}", "11"),
        Arguments.of("{{define \"a\"}}{{template \"b\" .}}{{end}}{{define \"b\"}}[{{.}}]{{end}}{{template \"a\" \"x\"}}", "", "[x]"),
        Arguments.of("{{template \"a\" 5}}{{define \"a\"}}{{$}}{{template \"b\" (printf \"%d!\" .)}}{{end}}{{define \"b\"}}{{.}}{{end}}", "", "55!"),
        Arguments.of("{{block \"b\" .}}default {{.a}}{{end}}", "{\"a\":1}", "default 1"),
        Arguments.of("{{define \"x\"}}{{end}}{{define \"x\"}}B{{end}}{{template \"x\"}}", "", "B"),
        Arguments.of("{{define \"x\"}}B{{end}}{{define \"x\"}} {{end}}{{template \"x\"}}", "", "B"),
        Arguments.of("{{define \"t\"}}only definition{{end}}", "", "only definition"),
        Arguments.of("{{define `raw name`}}R{{end}}{{template `raw name`}}", "", "R"),
        Arguments.of("{{define \"rec\"}}{{if .}}{{index . 0}}{{template \"rec\" (slice . 1)}}{{end}}{{end}}{{template \"rec\" .}}", "[1,2,3]", "123"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void templates(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> builtins() {
    return Stream.of(
        Arguments.of("{{and 1 0 2}}|{{and 1 2}}|{{and \"\" 1}}|{{or 0 \"\" \"x\"}}|{{or 0 \"\"}}|{{or .a .b}}|{{and .a .b}}", "{\"a\":[],\"b\":{\"x\":1}}", "0|2||x||map[x:1]|[]"),
        Arguments.of("{{and .missing 1}}|{{or .missing .n}}|{{printf \"%v\" (and 1 .missing)}}", "{\"n\":null}", "<no value>|<no value>|<nil>"),
        Arguments.of("{{and 0 (fail \"x\")}}|{{or 1 (fail \"y\")}}", "", "0|1"),
        Arguments.of("{{1 | and 2}}|{{0 | and 2}}|{{0 | or 0}}|{{3 | or 0}}", "", "1|0|0|3"),
        Arguments.of("{{not 0}}|{{not 1}}|{{not \"\"}}|{{not .missing}}|{{not nil}}|{{not .l}}", "{\"l\":[]}", "true|false|true|true|true|true"),
        Arguments.of("{{len .s}}|{{len .l}}|{{len .m}}|{{len \"h\u00e9llo\"}}|{{len \"\"}}", "{\"s\":\"abc\",\"l\":[1,2],\"m\":{\"a\":1}}", "3|2|1|6|0"),
        Arguments.of("{{index .l 0}}|{{index .l 2 1}}|{{index .m \"k\"}}|{{index .m \"k\" \"z\"}}|{{index .m \"nope\"}}|{{index .l}}", "{\"l\":[\"a\",\"b\",[1,2]],\"m\":{\"k\":{\"z\":\"Z\"}}}", "a|2|map[z:Z]|Z|<no value>|[a b [1 2]]"),
        Arguments.of("{{index \"abc\" 1}}|{{index \"h\u00e9llo\" 1}}|{{eq (index \"abc\" 0) 97}}", "", "98|195|true"),
        Arguments.of("{{slice .l}}|{{slice .l 1}}|{{slice .l 1 2}}|{{slice .l 0 0}}|{{slice .l 3}}|{{slice .l 1 2 3}}", "{\"l\":[1,2,3]}", "[1 2 3]|[2 3]|[2]|[]|[]|[2]"),
        Arguments.of("{{slice \"hello\" 1 3}}|{{slice \"hello\" 2}}|{{slice \"hello\"}}", "", "el|llo|hello"),
        Arguments.of("{{eq 1 1}}|{{eq 1 2 3 1}}|{{eq \"a\" \"b\"}}|{{eq true true}}|{{eq 1.5 1.5}}|{{eq .a 1.0}}|{{eq nil nil}}|{{eq .missing nil}}|{{eq .missing 1}}", "{\"a\":1}", "true|true|false|true|true|true|true|true|false"),
        Arguments.of("{{ne 1 2}}|{{ne \"a\" \"a\"}}|{{lt 1 2}}|{{lt 2 1}}|{{le 2 2}}|{{gt \"b\" \"a\"}}|{{ge 1.5 1.6}}|{{lt \"a\" \"B\"}}|{{lt \"\u00e9\" \"z\"}}", "", "true|false|true|false|true|true|false|false|false"),
        Arguments.of("{{print 1 2 \"a\" 3 \"b\" \"c\" 4.5 nil true}}|{{print}}|{{print \"a\" nil \"b\"}}|{{print 1 \"\" 2}}", "", "1 2a3bc4.5 <nil> true||a<nil>b|12"),
        Arguments.of("{{println 1 2 \"a\"}}|{{println}}|{{println nil}}", "", "1 2 a\n|\n|<nil>\n"),
        Arguments.of("{{printf \"%d-%s-%v\" 1 \"two\" 3.5}}|{{printf \"%5.2f|%-6s|%03d\" 3.14159 \"ab\" 7}}|{{printf \"%q\" \"a\\\"b\"}}", "", "1-two-3.5| 3.14|ab    |007|\"a\\\"b\""),
        Arguments.of("{{html \"<a href='x'>&\\\"\"}}|{{html 1 2 \"a\"}}|{{html .missing}}", "{}", "&lt;a href=&#39;x&#39;&gt;&amp;&#34;|1 2a|&lt;no value&gt;"),
        Arguments.of("{{js \"a'b\\\"c<>&=\\\\ \\u0001 \u00e9 \\u2028\"}}|{{js 1.5}}", "", "a\\'b\\\"c\\u003C\\u003E\\u0026\\u003D\\\\ \\u0001 \u00e9 \\u2028|1.5"),
        Arguments.of("{{urlquery \"a b&c=d/\u00e9~-_.\"}}|{{urlquery \"x\" 1}}|{{urlquery}}", "", "a+b%26c%3Dd%2F%C3%A9~-_.|x1|"),
        Arguments.of("{{\"x\" | printf \"%s!\" | printf \"[%s]\"}}|{{3 | printf \"%d %s\" \"a\"}}", "", "[x!]|%!d(string=a) %!s(int=3)"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void builtins(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> registeredFunctions() {
    return Stream.of(
        Arguments.of("{{upper \"x\"}}|{{\"y\" | upper}}|{{repeat 3 \"ab\"}}|{{half 3}}|{{half 3.5}}|{{anyfn 1}}|{{anyfn nil}}|{{anyfn .missing}}|{{anyfn .l}}", "{\"l\":[]}", "X|Y|ababab|1.5|1.75|int|<nil>|<nil>|[]interface {}"),
        Arguments.of("{{nilfn}}|{{print nilfn}}|{{printf \"%T\" nilfn}}", "", "<no value>|<nil>|<nil>"),
        Arguments.of("{{list 1 \"a\" .l}}|{{len (list 1 2)}}|{{index (list 1 2) 1}}", "{\"l\":[true]}", "[1 a [true]]|2|2"),
        Arguments.of("{{(dict \"k\" \"v\").k}}|{{range $k, $v := dict \"b\" 1 \"a\" 2}}{{$k}}{{$v}}{{end}}", "", "v|a2b1"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void registeredFunctions(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> missingKeyOptions() {
    return Stream.of(
        Arguments.of("{{.missing}}", "{}", "missingkey=default", "<no value>"),
        Arguments.of("{{.missing}}", "{}", "missingkey=invalid", "<no value>"),
        Arguments.of("{{.missing}}", "{}", "missingkey=zero", "<no value>"),
        Arguments.of("{{.missing}}", "{}", "missingkey=error", "template: t:1:2: executing \"t\" at <.missing>: map has no entry for key \"missing\""),
        Arguments.of("{{.a.missing}}", "{\"a\":{}}", "missingkey=error", "template: t:1:4: executing \"t\" at <.a.missing>: map has no entry for key \"missing\""),
        Arguments.of("{{.x}}", "", "missingkey=error", "template: t:1:2: executing \"t\" at <.x>: nil data; no entry for key \"x\""),
        Arguments.of("{{.missing.b}}", "{}", "missingkey=zero", "template: t:1:10: executing \"t\" at <.missing.b>: nil pointer evaluating interface {}.b"),
        Arguments.of("{{.missing.b}}", "{}", "missingkey=default", "<no value>"),
        Arguments.of("{{printf \"%v\" .missing}}", "{}", "missingkey=zero", "<nil>"),
        Arguments.of("{{if .missing}}y{{else}}n{{end}}", "{}", "missingkey=error", "template: t:1:5: executing \"t\" at <.missing>: map has no entry for key \"missing\""),
        Arguments.of("{{index . \"missing\"}}", "{}", "missingkey=error", "<no value>"),
        Arguments.of("{{.present}}", "{\"present\":null}", "missingkey=error", "<no value>"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}, {2}")
  @MethodSource
  void missingKeyOptions(final String template, final String data, final String option, final String expected) {
    String actual;
    try {
      actual = parse(template, option).execute(json(data));
    } catch (final TemplateException e) {
      actual = e.getMessage();
    }
    assertThat(actual).isEqualTo(expected);
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("{{.n.b}}", "{\"n\":null}", "template: t:1:4: executing \"t\" at <.n.b>: nil pointer evaluating interface {}.b"),
        Arguments.of("{{.a.b}}", "{\"a\":\"s\"}", "template: t:1:4: executing \"t\" at <.a.b>: can't evaluate field b in type interface {}"),
        Arguments.of("{{$x := .a}}{{$x.b}}", "{\"a\":\"s\"}", "template: t:1:16: executing \"t\" at <$x.b>: can't evaluate field b in type string"),
        Arguments.of("{{range .l}}{{.foo}}{{end}}", "{\"l\":[1]}", "template: t:1:14: executing \"t\" at <.foo>: can't evaluate field foo in type interface {}"),
        Arguments.of("{{range $i, $e := .l}}{{$i.foo}}{{end}}", "{\"l\":[1]}", "template: t:1:26: executing \"t\" at <$i.foo>: can't evaluate field foo in type int"),
        Arguments.of("{{.foo}}", "[1,2]", "template: t:1:2: executing \"t\" at <.foo>: can't evaluate field foo in type []interface {}"),
        Arguments.of("{{with .a}}{{.b}}{{end}}", "{\"a\":\"s\"}", "template: t:1:13: executing \"t\" at <.b>: can't evaluate field b in type string"),
        Arguments.of("{{(.a).b}}", "{\"a\":\"s\"}", "template: t:1:3: executing \"t\" at <.a>: can't evaluate field b in type string"),
        Arguments.of("{{.a.b 1}}", "{\"a\":{\"b\":1}}", "template: t:1:4: executing \"t\" at <.a.b>: b is not a method but has arguments"),
        Arguments.of("{{$ 1}}", "{\"a\":1}", "template: t:1:2: executing \"t\" at <$>: can't give argument to non-function $"),
        Arguments.of("{{1 2}}", "", "template: t:1:2: executing \"t\" at <1>: can't give argument to non-function 1"),
        Arguments.of("{{nil}}", "", "template: t:1:2: executing \"t\" at <nil>: nil is not a command"),
        Arguments.of("{{range 5}}x{{end}}", "", "template: t:1:8: executing \"t\" at <5>: range can't iterate over 5"),
        Arguments.of("{{range \"abc\"}}x{{end}}", "", "template: t:1:8: executing \"t\" at <\"abc\">: range can't iterate over abc"),
        Arguments.of("{{index .l 5}}", "{\"l\":[1]}", "template: t:1:2: executing \"t\" at <index .l 5>: error calling index: index out of range: 5"),
        Arguments.of("{{index .l 1}}", "{\"l\":[1]}", "template: t:1:2: executing \"t\" at <index .l 1>: error calling index: reflect: slice index out of range"),
        Arguments.of("{{index .l -1}}", "{\"l\":[1]}", "template: t:1:2: executing \"t\" at <index .l -1>: error calling index: index out of range: -1"),
        Arguments.of("{{index .l \"a\"}}", "{\"l\":[1]}", "template: t:1:2: executing \"t\" at <index .l \"a\">: error calling index: cannot index slice/array with type string"),
        Arguments.of("{{index .l .i}}", "{\"l\":[1],\"i\":0}", "template: t:1:2: executing \"t\" at <index .l .i>: error calling index: cannot index slice/array with type float64"),
        Arguments.of("{{index .m 1}}", "{\"m\":{\"a\":1}}", "template: t:1:2: executing \"t\" at <index .m 1>: error calling index: value has type int; should be string"),
        Arguments.of("{{index 1 1}}", "", "template: t:1:2: executing \"t\" at <index 1 1>: error calling index: can't index item of type int"),
        Arguments.of("{{index nil 1}}", "", "template: t:1:2: executing \"t\" at <index nil 1>: error calling index: index of untyped nil"),
        Arguments.of("{{index .m \"x\" \"y\"}}", "{\"m\":{}}", "template: t:1:2: executing \"t\" at <index .m \"x\" \"y\">: error calling index: index of nil pointer"),
        Arguments.of("{{slice .l 2 1}}", "{\"l\":[1,2,3]}", "template: t:1:2: executing \"t\" at <slice .l 2 1>: error calling slice: invalid slice index: 2 > 1"),
        Arguments.of("{{slice \"abc\" 1 2 3}}", "", "template: t:1:2: executing \"t\" at <slice \"abc\" 1 2 3>: error calling slice: cannot 3-index slice a string"),
        Arguments.of("{{slice .l 5}}", "{\"l\":[1]}", "template: t:1:2: executing \"t\" at <slice .l 5>: error calling slice: index out of range: 5"),
        Arguments.of("{{slice .l .i}}", "{\"l\":[1,2,3],\"i\":1}", "template: t:1:2: executing \"t\" at <slice .l .i>: error calling slice: cannot index slice/array with type interface {}"),
        Arguments.of("{{len 3}}", "", "template: t:1:2: executing \"t\" at <len 3>: error calling len: len of type int"),
        Arguments.of("{{len .missing}}", "{}", "template: t:1:2: executing \"t\" at <len .missing>: error calling len: reflect: call of reflect.Value.Type on zero Value"),
        Arguments.of("{{len .n}}", "{\"n\":null}", "template: t:1:2: executing \"t\" at <len .n>: error calling len: len of nil pointer"),
        Arguments.of("{{len 1 2}}", "", "template: t:1:2: executing \"t\" at <len>: wrong number of args for len: want 1 got 2"),
        Arguments.of("{{and}}", "", "template: t:1:2: executing \"t\" at <and>: wrong number of args for and: want at least 1 got 0"),
        Arguments.of("{{eq 1}}", "", "template: t:1:2: executing \"t\" at <eq 1>: error calling eq: missing argument for comparison"),
        Arguments.of("{{ne 1 2 3}}", "", "template: t:1:2: executing \"t\" at <ne>: wrong number of args for ne: want 2 got 3"),
        Arguments.of("{{eq 1 1.0}}", "", "template: t:1:2: executing \"t\" at <eq 1 1.0>: error calling eq: incompatible types for comparison"),
        Arguments.of("{{eq .a 1}}", "{\"a\":1}", "template: t:1:2: executing \"t\" at <eq .a 1>: error calling eq: incompatible types for comparison"),
        Arguments.of("{{lt 1 2.5}}", "", "template: t:1:2: executing \"t\" at <lt 1 2.5>: error calling lt: incompatible types for comparison"),
        Arguments.of("{{eq 1 \"a\"}}", "", "template: t:1:2: executing \"t\" at <eq 1 \"a\">: error calling eq: incompatible types for comparison"),
        Arguments.of("{{lt true false}}", "", "template: t:1:2: executing \"t\" at <lt true false>: error calling lt: invalid type for comparison"),
        Arguments.of("{{lt .missing 1}}", "{}", "template: t:1:2: executing \"t\" at <lt .missing 1>: error calling lt: invalid type for comparison"),
        Arguments.of("{{eq .l .l}}", "{\"l\":[1]}", "template: t:1:2: executing \"t\" at <eq .l .l>: error calling eq: non-comparable type [%!s(float64=1)]: []interface {}"),
        Arguments.of("{{eq .m .m}}", "{\"m\":{}}", "template: t:1:2: executing \"t\" at <eq .m .m>: error calling eq: non-comparable type map[]: map[string]interface {}"),
        Arguments.of("{{call 1}}", "", "template: t:1:2: executing \"t\" at <call 1>: error calling call: non-function of type int"),
        Arguments.of("{{call .missing}}", "{}", "template: t:1:2: executing \"t\" at <call .missing>: error calling call: call of nil"),
        Arguments.of("{{fail \"boom\"}}", "", "template: t:1:2: executing \"t\" at <fail \"boom\">: error calling fail: boom"),
        Arguments.of("{{upper 1}}", "", "template: t:1:8: executing \"t\" at <1>: expected string; found 1"),
        Arguments.of("{{upper .a}}", "{\"a\":1}", "template: t:1:8: executing \"t\" at <.a>: wrong type for value; expected string; got float64"),
        Arguments.of("{{upper .n}}", "{\"n\":null}", "template: t:1:8: executing \"t\" at <.n>: wrong type for value; expected string; got interface {}"),
        Arguments.of("{{upper .missing}}", "{}", "template: t:1:8: executing \"t\" at <.missing>: invalid value; expected string"),
        Arguments.of("{{upper nil}}", "", "template: t:1:8: executing \"t\" at <nil>: cannot assign nil to string"),
        Arguments.of("{{repeat 2.5 \"a\"}}", "", "template: t:1:9: executing \"t\" at <2.5>: expected integer; found 2.5"),
        Arguments.of("{{repeat .a \"a\"}}", "{\"a\":2}", "template: t:1:9: executing \"t\" at <.a>: wrong type for value; expected int; got float64"),
        Arguments.of("{{half .missing}}", "{}", "template: t:1:7: executing \"t\" at <.missing>: invalid value; expected float64"),
        Arguments.of("{{nilfn.x}}", "", "template: t:1:2: executing \"t\" at <nilfn>: nil pointer evaluating interface {}.x"),
        Arguments.of("{{printf 5}}", "", "template: t:1:9: executing \"t\" at <5>: expected string; found 5"),
        Arguments.of("{{18446744073709551615}}", "", "template: t:1:2: executing \"t\" at <18446744073709551615>: 18446744073709551615 overflows int"),
        Arguments.of("{{$x = 1}}", "", "template: t:1:7: executing \"t\" at <1>: undefined variable: $x"),
        Arguments.of("{{template \"y\"}}", "", "template: t:1:11: executing \"t\" at <{{template \"y\"}}>: template \"y\" not defined"),
        Arguments.of("{{define \"x\"}}{{.nope.foo}}{{end}}{{template \"x\" .}}", "{\"nope\":null}", "template: t:1:21: executing \"x\" at <.nope.foo>: nil pointer evaluating interface {}.foo"),
        Arguments.of("{{define \"d\"}}{{index . 9}}{{end}}x\ny{{template \"d\" .b}}", "{\"b\":[1]}", "template: t:1:16: executing \"d\" at <index . 9>: error calling index: index out of range: 9"),
        Arguments.of("{{define \"x\"}}{{template \"x\" .}}{{end}}{{template \"x\" .}}", "{}", "template: t:1:25: executing \"x\" at <{{template \"x\" .}}>: exceeded maximum template depth (100000)"),
        Arguments.of("line1\n  \u00e9\u00e9 {{ .a.b }}", "{\"a\":1}", "template: t:2:12: executing \"t\" at <.a.b>: can't evaluate field b in type interface {}"),
        Arguments.of("{{.a}} text {{.b.c.d}}", "{\"a\":\"ok\",\"b\":{\"c\":7}}", "template: t:1:16: executing \"t\" at <.b.c.d>: can't evaluate field d in type interface {}"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void errors(final String template, final String data, final String expected) {
    assertThat(failure(template, data, "")).isEqualTo(expected);
  }

  static Stream<Arguments> bytesAndComplexNumbers() {
    return Stream.of(
        Arguments.of("{{len (slice \"h\u00e9llo\" 1 2)}} {{len (slice \"\u00e9\" 1)}}|{{slice \"h\u00e9llo\" 1 3}}", "", "1 1|\u00e9"),
        Arguments.of("{{slice \"\u00e9\" 0 1}}{{slice \"\u00e9\" 1}}", "", "\u00e9"),
        Arguments.of("{{print (slice \"\u00e9\" 0 1) (slice \"\u00e9\" 1)}}|{{eq (print (slice \"\u00e9\" 0 1) (slice \"\u00e9\" 1)) \"\u00e9\"}}", "", "\u00e9|true"),
        Arguments.of("{{printf \"%q|%x\" (slice \"\u00e9\" 1) (slice \"\u00e9\" 1)}}|{{printf \"%q\" \"\\xff\\xfe\"}}|{{urlquery (slice \"\u00e9\" 1)}}", "", "\"\\xa9\"|a9|\"\\xff\\xfe\"|%A9"),
        Arguments.of("{{len \"\\xc3\\xa9\"}}|{{\"\\xc3\\xa9\"}}", "", "2|\u00e9"),
        Arguments.of("{{index (slice \"\u00e9\" 1) 0}} {{printf \"%T %c %q %U %x\" (index \"\u00e9\" 0) (index \"\u00e9\" 0) (index \"\u00e9\" 0) (index \"\u00e9\" 0) (index \"\u00e9\" 0)}}", "", "169 uint8 \u00c3 '\u00c3' U+00C3 c3"),
        Arguments.of("{{lt (index \"a\" 0) 98}} {{le 97 (index \"a\" 0)}} {{eq (index \"a\" 0) (index \"b\" 0)}}", "", "true true false"),
        Arguments.of("{{index .l (index \"\\x01\" 0)}} {{slice .l (index \"\\x01\" 0)}}", "{\"l\":[1,2]}", "2 [2]"),
        Arguments.of("{{if index \"\\x00\" 0}}y{{else}}n{{end}} {{not (index \"a\" 0)}} {{printf \"%*d|\" (index \"\\x05\" 0) 3}}", "", "n false     3|"),
        Arguments.of("{{1i}} {{1+2i}} {{-1.5-0.5i}} {{0i}} {{2+0i}} {{1e3i}} {{1e+2+3i}} {{1+0x1p2i}}", "", "(0+1i) (1+2i) (-1.5-0.5i) (0+0i) (2+0i) (0+1000i) (100+3i) (1+4i)"),
        Arguments.of("{{printf \"%v|%.2f|%T|%d|%e|%+v|%8.2v|\" 1+2i 1+2i 1i 1i 1i 1i 1i}}", "", "(1+2i)|(1.00+2.00i)|complex128|%!d(complex128=(0+1i))|(0.000000e+00+1.000000e+00i)|(0+1i)|(       0      +1i)|"),
        Arguments.of("{{eq 1i 1i}} {{eq 1+2i 1+3i}} {{if 0i}}y{{else}}n{{end}} {{if 1i}}y{{end}} {{half 2+0i}} {{repeat 3+0i \"a\"}} {{anyfn 1i}} {{print 1i 2i}}", "", "true false n y 1 aaa complex128 (0+1i) (0+2i)"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void bytesAndComplexNumbers(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> bytesAndComplexNumberErrors() {
    return Stream.of(
        Arguments.of("{{ne (index \"a\" 0) 1.5}}", "", "template: t:1:2: executing \"t\" at <ne (index \"a\" 0) 1.5>: error calling ne: incompatible types for comparison"),
        Arguments.of("{{upper (index \"a\" 0)}}", "", "template: t:1:19: executing \"t\" at <0>: wrong type for value; expected string; got uint8"),
        Arguments.of("{{repeat (index \"\\x02\" 0) \"x\"}}", "", "template: t:1:23: executing \"t\" at <0>: wrong type for value; expected int; got uint8"),
        Arguments.of("{{lt 1i 2i}}", "", "template: t:1:2: executing \"t\" at <lt 1i 2i>: error calling lt: invalid type for comparison"),
        Arguments.of("{{eq 1i 1}}", "", "template: t:1:2: executing \"t\" at <eq 1i 1>: error calling eq: incompatible types for comparison"),
        Arguments.of("{{half 2+1i}}", "", "template: t:1:7: executing \"t\" at <2+1i>: expected float; found 2+1i"),
        Arguments.of("{{len 1i}}", "", "template: t:1:2: executing \"t\" at <len 1i>: error calling len: len of type complex128"),
        Arguments.of("{{(1+2i).x}}", "", "template: t:1:3: executing \"t\" at <1+2i>: can't evaluate field x in type complex128"),
        Arguments.of("{{0x10i}}", "", "template: t:1: illegal number syntax: \"0x10i\""));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void bytesAndComplexNumberErrors(final String template, final String data, final String expected) {
    assertThat(failure(template, data, "")).isEqualTo(expected);
  }

  @Test
  void bytesThatAreNotUtf8AreKeptAsGoKeepsThem() throws Exception {
    // Go: {{slice "héllo" 1 2}}|{{slice "é" 1}} writes the bytes c3 7c a9.
    final String out = render("{{slice \"h\u00e9llo\" 1 2}}|{{slice \"\u00e9\" 1}}", "");
    assertThat(GoValues.goBytes(out)).containsExactly(0xC3, 0x7C, 0xA9);
    // Go: {{"\xff"}}{{js (slice "é" 1)}} writes ff a9.
    assertThat(GoValues.goBytes(render("{{\"\\xff\"}}{{js (slice \"\u00e9\" 1)}}", ""))).containsExactly(0xFF, 0xA9);
  }

  static Stream<Arguments> goTypedValues() {
    return Stream.of(
        Arguments.of("{{i64 3}} {{printf \"%T %v %d %x\" (i64 3) (i64 3) (i64 3) (i64 255)}}", "", "3 int64 3 3 ff"),
        Arguments.of("{{eq (i64 3) 3}} {{lt (i64 3) 4}} {{index .l (i64 1)}} {{slice .l (i64 1)}} {{printf \"%*d|\" (i64 4) 1}}", "{\"l\":[1,2,3]}", "true true 2 [2 3]    1|"),
        Arguments.of("{{takes64 3}} {{takes64 (i64 4)}} {{printf \"%T\" (takes64 1)}}", "", "6 8 int64"),
        Arguments.of("{{strs \"b\" \"a\"}} {{printf \"%T %v %q %#v %d\" (strs \"a\") (strs \"a\") (strs \"a\" \"b\") (strs \"a\") (strs \"a\")}}", "", "[b a] []string [a] [\"a\" \"b\"] []string{\"a\"} [%!d(string=a)]"),
        Arguments.of("{{range strs \"x\" \"y\"}}{{.}}{{end}} {{index (strs \"x\" \"y\") 1}} {{len (strs \"x\")}} {{slice (strs \"a\" \"b\" \"c\") 1}}", "", "xy y 1 [b c]"),
        Arguments.of("{{printf \"%T\" (slice (strs \"a\" \"b\") 1)}}", "", "[]string"),
        Arguments.of("{{anyfn (strs)}} {{anyfn (i64 1)}}", "", "[]string int64"));
  }

  /** int64 and []string results of functions keep their Go types. */
  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void goTypedValues(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> goTypedValueErrors() {
    return Stream.of(
        Arguments.of("{{repeat (i64 2) \"x\"}}", "", "template: t:1:14: executing \"t\" at <2>: wrong type for value; expected int; got int64"),
        Arguments.of("{{takes64 .n}}", "{\"n\":3}", "template: t:1:10: executing \"t\" at <.n>: wrong type for value; expected int64; got float64"),
        Arguments.of("{{$x := 5}}{{takes64 $x}}", "", "template: t:1:21: executing \"t\" at <$x>: wrong type for value; expected int64; got int"),
        Arguments.of("{{takes64 1.5}}", "", "template: t:1:10: executing \"t\" at <1.5>: expected integer; found 1.5"),
        Arguments.of("{{if i64 0}}y{{else}}n{{end}} {{not (i64 1)}} {{len (i64 1)}}", "", "template: t:1:48: executing \"t\" at <len (i64 1)>: error calling len: len of type int64"),
        Arguments.of("{{(i64 1).x}}", "", "template: t:1:7: executing \"t\" at <1>: can't evaluate field x in type int64"),
        Arguments.of("{{(strs \"a\").x}}", "", "template: t:1:8: executing \"t\" at <\"a\">: can't evaluate field x in type []string"),
        Arguments.of("{{eq (strs) (strs)}}", "", "template: t:1:2: executing \"t\" at <eq (strs) (strs)>: error calling eq: non-comparable type []: []string"),
        Arguments.of("{{upper (i64 1)}}", "", "template: t:1:13: executing \"t\" at <1>: wrong type for value; expected string; got int64"));
  }

  @ParameterizedTest(name = "[{index}] {0} with {1}")
  @MethodSource
  void goTypedValueErrors(final String template, final String data, final String expected) {
    assertThat(failure(template, data, "")).isEqualTo(expected);
  }
}
