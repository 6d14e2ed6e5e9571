package io.commander.renderer.gotemplate;

import static io.commander.renderer.gotemplate.TemplateTestSupport.render;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lexer, item by item, with the expectations of Go 1.19's own lexer tests
 * ({@code text/template/parse/lex_test.go}; comments are not emitted, as text/template runs it),
 * and the whitespace trimming and literal forms as whole templates render them in Go.
 */
class LexerTest {

  /** "TYPE value" for each item up to EOF or the first error. */
  private static List<String> items(final String input, final String left, final String right) {
    final Lexer lexer = new Lexer(input, left, right, true, true);
    final List<String> out = new ArrayList<>();
    while (true) {
      final Lexer.Item item = lexer.nextItem();
      out.add(item.type() + " " + item.val());
      if (item.type() == Lexer.Type.EOF || item.type() == Lexer.Type.ERROR) {
        return out;
      }
    }
  }

  private static List<String> items(final String input) {
    return items(input, "", "");
  }

  @Test
  void textAndEmptyInput() {
    assertThat(items("")).containsExactly("EOF ");
    assertThat(items(" \t\n")).containsExactly("TEXT  \t\n", "EOF ");
    assertThat(items("now is the time")).containsExactly("TEXT now is the time", "EOF ");
    assertThat(items("hello-{{/* this is a comment */}}-world"))
        .containsExactly("TEXT hello-", "TEXT -world", "EOF ");
    // Go's lexer does not catch a lone right delimiter, so neither does this one.
    assertThat(items("hello-{.}}-world")).containsExactly("TEXT hello-{.}}-world", "EOF ");
  }

  @Test
  void punctuationParensAndEmptyActions() {
    assertThat(items("{{,@% }}")).containsExactly("LEFT_DELIM {{", "CHAR ,", "CHAR @", "CHAR %", "SPACE  ",
        "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{((3))}}")).containsExactly("LEFT_DELIM {{", "LEFT_PAREN (", "LEFT_PAREN (", "NUMBER 3",
        "RIGHT_PAREN )", "RIGHT_PAREN )", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{}}")).containsExactly("LEFT_DELIM {{", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{for}}")).containsExactly("LEFT_DELIM {{", "IDENTIFIER for", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{|||||}}")).containsExactly("LEFT_DELIM {{", "PIPE |", "PIPE |", "PIPE |", "PIPE |",
        "PIPE |", "RIGHT_DELIM }}", "EOF ");
  }

  @Test
  void quotedStrings() {
    assertThat(items("{{\"abc \\n\\t\\\" \"}}")).containsExactly("LEFT_DELIM {{", "STRING \"abc \\n\\t\\\" \"",
        "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{`abc\\n\\t\\\" `}}")).containsExactly("LEFT_DELIM {{", "RAW_STRING `abc\\n\\t\\\" `",
        "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{`now is{{\n}}the time`}}")).containsExactly("LEFT_DELIM {{",
        "RAW_STRING `now is{{\n}}the time`", "RIGHT_DELIM }}", "EOF ");
  }

  @Test
  void numbers() {
    assertThat(items("{{1 02 0x14 0X14 -7.2i 1e3 1E3 +1.2e-4 4.2i 1+2i 1_2 0x1.e_fp4 0X1.E_FP4}}")).containsExactly(
        "LEFT_DELIM {{", "NUMBER 1", "SPACE  ", "NUMBER 02", "SPACE  ", "NUMBER 0x14", "SPACE  ", "NUMBER 0X14",
        "SPACE  ", "NUMBER -7.2i", "SPACE  ", "NUMBER 1e3", "SPACE  ", "NUMBER 1E3", "SPACE  ", "NUMBER +1.2e-4",
        "SPACE  ", "NUMBER 4.2i", "SPACE  ", "COMPLEX 1+2i", "SPACE  ", "NUMBER 1_2", "SPACE  ",
        "NUMBER 0x1.e_fp4", "SPACE  ", "NUMBER 0X1.E_FP4", "RIGHT_DELIM }}", "EOF ");
  }

  @Test
  void characterConstants() {
    assertThat(items("{{'a' '\\n' '\\'' '\\\\' '\\u00FF' '\\xFF' '\u672c'}}")).containsExactly("LEFT_DELIM {{",
        "CHAR_CONSTANT 'a'", "SPACE  ", "CHAR_CONSTANT '\\n'", "SPACE  ", "CHAR_CONSTANT '\\''", "SPACE  ",
        "CHAR_CONSTANT '\\\\'", "SPACE  ", "CHAR_CONSTANT '\\u00FF'", "SPACE  ", "CHAR_CONSTANT '\\xFF'", "SPACE  ",
        "CHAR_CONSTANT '\u672c'", "RIGHT_DELIM }}", "EOF ");
  }

  @Test
  void keywordsBoolsDotsAndNil() {
    assertThat(items("{{true false}}")).containsExactly("LEFT_DELIM {{", "BOOL true", "SPACE  ", "BOOL false",
        "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{nil}}")).containsExactly("LEFT_DELIM {{", "NIL nil", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{.x . .2 .x.y.z}}")).containsExactly("LEFT_DELIM {{", "FIELD .x", "SPACE  ", "DOT .",
        "SPACE  ", "NUMBER .2", "SPACE  ", "FIELD .x", "FIELD .y", "FIELD .z", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{range if else end with}}")).containsExactly("LEFT_DELIM {{", "RANGE range", "SPACE  ",
        "IF if", "SPACE  ", "ELSE else", "SPACE  ", "END end", "SPACE  ", "WITH with", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{block \"foo\" .}}")).containsExactly("LEFT_DELIM {{", "BLOCK block", "SPACE  ",
        "STRING \"foo\"", "SPACE  ", "DOT .", "RIGHT_DELIM }}", "EOF ");
  }

  @Test
  void breakAndContinueAreIdentifiersWhenFunctionsOfThatNameExist() {
    assertThat(new Lexer("{{break}}", "", "", false, true).nextItem().type()).isEqualTo(Lexer.Type.LEFT_DELIM);
    final Lexer lexer = new Lexer("{{break continue}}", "", "", false, true);
    lexer.nextItem();
    assertThat(lexer.nextItem().type()).isEqualTo(Lexer.Type.IDENTIFIER);
    lexer.nextItem();
    assertThat(lexer.nextItem().type()).isEqualTo(Lexer.Type.CONTINUE);
  }

  @Test
  void variablesDeclarationsAndPipelines() {
    assertThat(items("{{$c := printf $ $hello $23 $ $var.Field .Method}}")).containsExactly("LEFT_DELIM {{",
        "VARIABLE $c", "SPACE  ", "DECLARE :=", "SPACE  ", "IDENTIFIER printf", "SPACE  ", "VARIABLE $", "SPACE  ",
        "VARIABLE $hello", "SPACE  ", "VARIABLE $23", "SPACE  ", "VARIABLE $", "SPACE  ", "VARIABLE $var",
        "FIELD .Field", "SPACE  ", "FIELD .Method", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("intro {{echo hi 1.2 |noargs|args 1 \"hi\"}} outro")).containsExactly("TEXT intro ",
        "LEFT_DELIM {{", "IDENTIFIER echo", "SPACE  ", "IDENTIFIER hi", "SPACE  ", "NUMBER 1.2", "SPACE  ", "PIPE |",
        "IDENTIFIER noargs", "PIPE |", "IDENTIFIER args", "SPACE  ", "NUMBER 1", "SPACE  ", "STRING \"hi\"",
        "RIGHT_DELIM }}", "TEXT  outro", "EOF ");
    assertThat(items("{{$v , $w := 3}}")).containsExactly("LEFT_DELIM {{", "VARIABLE $v", "SPACE  ", "CHAR ,",
        "SPACE  ", "VARIABLE $w", "SPACE  ", "DECLARE :=", "SPACE  ", "NUMBER 3", "RIGHT_DELIM }}", "EOF ");
    assertThat(items("{{$x = 3}}")).contains("ASSIGN =");
    assertThat(items("{{(.X).Y}}")).containsExactly("LEFT_DELIM {{", "LEFT_PAREN (", "FIELD .X", "RIGHT_PAREN )",
        "FIELD .Y", "RIGHT_DELIM }}", "EOF ");
  }

  @Test
  void trimMarkers() {
    assertThat(items("hello- {{- 3 -}} -world")).containsExactly("TEXT hello-", "LEFT_DELIM {{", "NUMBER 3",
        "RIGHT_DELIM }}", "TEXT -world", "EOF ");
    assertThat(items("hello- {{- /* hello */ -}} -world")).containsExactly("TEXT hello-", "TEXT -world", "EOF ");
    // Without a space next to it, the dash is part of a number.
    assertThat(items("a {{-3}} b")).containsExactly("TEXT a ", "LEFT_DELIM {{", "NUMBER -3", "RIGHT_DELIM }}",
        "TEXT  b", "EOF ");
  }

  @Test
  void errors() {
    assertThat(items("#{{\u0001}}")).containsExactly("TEXT #", "LEFT_DELIM {{",
        "ERROR unrecognized character in action: U+0001");
    assertThat(items("{{")).containsExactly("LEFT_DELIM {{", "ERROR unclosed action");
    assertThat(items("{{range")).containsExactly("LEFT_DELIM {{", "RANGE range", "ERROR unclosed action");
    assertThat(items("{{\"\n\"}}")).containsExactly("LEFT_DELIM {{", "ERROR unterminated quoted string");
    assertThat(items("{{`xx}}")).containsExactly("LEFT_DELIM {{", "ERROR unterminated raw quoted string");
    assertThat(items("{{'\n}}")).containsExactly("LEFT_DELIM {{", "ERROR unterminated character constant");
    assertThat(items("{{3k}}")).containsExactly("LEFT_DELIM {{", "ERROR bad number syntax: \"3k\"");
    assertThat(items("{{(3}}")).containsExactly("LEFT_DELIM {{", "LEFT_PAREN (", "NUMBER 3",
        "ERROR unclosed left paren");
    assertThat(items("{{3)}}")).containsExactly("LEFT_DELIM {{", "NUMBER 3", "RIGHT_PAREN )",
        "ERROR unexpected right paren U+0029 ')'");
    assertThat(items("hello-{{/*/}}-world")).containsExactly("TEXT hello-", "ERROR unclosed comment");
    assertThat(items("hello-{{/* */ }}-world")).containsExactly("TEXT hello-",
        "ERROR comment ends before closing delimiter");
    assertThat(items("{{a-b}}")).containsExactly("LEFT_DELIM {{", "ERROR bad character U+002D '-'");
  }

  @Test
  void customDelimiters() {
    assertThat(items("$$,@%{{}}@@", "$$", "@@")).containsExactly("LEFT_DELIM $$", "CHAR ,", "CHAR @", "CHAR %",
        "CHAR {", "CHAR {", "CHAR }", "CHAR }", "RIGHT_DELIM @@", "EOF ");
    assertThat(items("$$for@@", "$$", "@@")).containsExactly("LEFT_DELIM $$", "IDENTIFIER for", "RIGHT_DELIM @@",
        "EOF ");
    assertThat(items("{{hub .host hub}}", "{{hub", "hub}}")).containsExactly("LEFT_DELIM {{hub", "SPACE  ",
        "FIELD .host", "SPACE  ", "RIGHT_DELIM hub}}", "EOF ");
  }

  /** "TYPE@pos:line" for each item, to check positions and lines. */
  private static List<String> positions(final String input) {
    final Lexer lexer = new Lexer(input, "", "", true, true);
    final List<String> out = new ArrayList<>();
    while (true) {
      final Lexer.Item item = lexer.nextItem();
      out.add(item.type() + "@" + item.pos() + ":" + item.line());
      if (item.type() == Lexer.Type.EOF || item.type() == Lexer.Type.ERROR) {
        return out;
      }
    }
  }

  @Test
  void positionsAndLines() {
    assertThat(positions("")).containsExactly("EOF@0:1");
    assertThat(positions("{{,@%#}}")).containsExactly("LEFT_DELIM@0:1", "CHAR@2:1", "CHAR@3:1", "CHAR@4:1",
        "CHAR@5:1", "RIGHT_DELIM@6:1", "EOF@8:1");
    assertThat(positions("0123{{hello}}xyz")).containsExactly("TEXT@0:1", "LEFT_DELIM@4:1", "IDENTIFIER@6:1",
        "RIGHT_DELIM@11:1", "TEXT@13:1", "EOF@16:1");
    assertThat(positions("{{x -}}\n{{y}}")).containsExactly("LEFT_DELIM@0:1", "IDENTIFIER@2:1",
        "RIGHT_DELIM@5:1", "LEFT_DELIM@8:2", "IDENTIFIER@10:2", "RIGHT_DELIM@11:2", "EOF@13:2");
    assertThat(positions("{{x}}\n{{- y}}")).containsExactly("LEFT_DELIM@0:1", "IDENTIFIER@2:1",
        "RIGHT_DELIM@3:1", "LEFT_DELIM@6:2", "IDENTIFIER@10:2", "RIGHT_DELIM@11:2", "EOF@13:2");
  }

  static Stream<Arguments> whitespaceTrimming() {
    return Stream.of(
        Arguments.of("a  \n {{- 1 -}} \n\t b", "", "a1b"),
        Arguments.of("a {{-1}} b", "", "a -1 b"),
        Arguments.of("x{{- 3}}", "", "x3"),
        Arguments.of("x {{3 -}}y", "", "x 3y"),
        Arguments.of("x{{-  1  -}}y", "", "x1y"),
        Arguments.of("x {{-\n1\n-}} y", "", "x1y"),
        Arguments.of("x {{- if true -}} y {{- end -}} z", "", "xyz"),
        Arguments.of("x {{ if true -}}\n  y\n{{- end }} z", "", "x y z"),
        Arguments.of("{{\"a\"}}{{- \" \" -}}{{\"b\"}}", "", "a b"),
        Arguments.of("a {{- /* c */ -}} b", "", "ab"),
        Arguments.of("a {{/* c */}} b", "", "a  b"),
        Arguments.of("a\n\n  {{- /* x */ -}}\n\n  b", "", "ab"),
        Arguments.of("{{- /* only */ -}}", "", ""),
        Arguments.of("{{/* a */ -}}  x", "", "x"),
        Arguments.of("x  {{- /* a */}}", "", "x"),
        Arguments.of("{{ range .l }}\n  - {{ . }}\n{{ end }}", "{\"l\":[\"a\",\"b\"]}", "\n  - a\n\n  - b\n"),
        Arguments.of("{{ range .l -}}\n  - {{ . }}\n{{ end -}}", "{\"l\":[\"a\",\"b\"]}", "- a\n- b\n"),
        Arguments.of("{{- range .l }}\n  - {{ . }}\n{{- end }}", "{\"l\":[\"a\",\"b\"]}", "\n  - a\n  - b"),
        Arguments.of("a\u00a0{{- 1 -}}\u00a0b", "", "a\u00a01\u00a0b"),
        Arguments.of("a\r\n{{- 1 -}}\r\nb", "", "a1b"));
  }

  /** Whole templates, as Go 1.19 renders them: trimming takes ASCII white space only. */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void whitespaceTrimming(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  static Stream<Arguments> literals() {
    return Stream.of(
        Arguments.of("{{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 1_000 }} {{ 1e3 }} {{ 1.5e-2 }} {{ 0x1p4 }} {{ -7 }} {{ +5 }} {{ .5 }}", "", "31 15 15 5 1000 1000 0.015 16 -7 5 0.5"),
        Arguments.of("{{ 'a' }} {{ '\\n' }} {{ '\\u00e9' }} {{ '\u00e9' }} {{ '\\'' }} {{ '\\x41' }} {{ '\\101' }}", "", "97 10 233 233 39 65 65"),
        Arguments.of("{{ 9223372036854775807 }} {{ -9223372036854775808 }} {{ 1e100 }} {{ 00 }} {{ -0 }} {{ 5. }}", "", "9223372036854775807 -9223372036854775808 1e+100 0 0 5"),
        Arguments.of("{{ \"a\\tb\\x41\\u00e9\\U0001F600\\101\" }}|{{ `raw\\n` }}", "", "a\tbA\u00e9\ud83d\ude00A|raw\\n"),
        Arguments.of("{{ printf \"%T %T %T %T %T\" 1 1.0 1e3 0x10 'a' }}", "", "int float64 float64 int int"),
        Arguments.of("{{ -0x1E }} {{ printf \"%T\" -0x1E }}", "", "-30 float64"),
        Arguments.of("{{ true }} {{ false }}", "", "true false"));
  }

  /** Number, rune and string literals as Go 1.19 evaluates and prints them. */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void literals(final String template, final String data, final String expected) throws Exception {
    assertThat(render(template, data)).isEqualTo(expected);
  }

  @Test
  void customDelimitersRenderAsInGo() throws Exception {
    // Go: template.New("t").Delims("[[", "]]").Parse(...) with {"a":"A","l":[1,2]}
    final Object data = TemplateTestSupport.json("{\"a\":\"A\",\"l\":[1,2]}");
    assertThat(GoTemplate.builder().delims("[[", "]]").parse("t", "x [[ .a ]] {{ .a }} [[- .a -]] y").execute(data))
        .isEqualTo("x A {{ .a }}Ay");
    assertThat(GoTemplate.builder().delims("[[", "]]").parse("t", "[[/* c */]]x[[- /* c */ -]] y").execute(data))
        .isEqualTo("xy");
    assertThat(GoTemplate.builder().delims("[[", "]]").parse("t", "[[range .l]][[.]],[[end]]").execute(data))
        .isEqualTo("1,2,");
    assertThat(GoTemplate.builder().delims("<%", "%>").parse("t", "<% .a %><%- .a -%>").execute(data))
        .isEqualTo("AA");
    assertThat(GoTemplate.builder().delims("<<", ">>").parse("t", "<<.a>>>").execute(data)).isEqualTo("A>");
    assertThat(GoTemplate.builder().delims("$", "$").parse("t", "$.a$").execute(data)).isEqualTo("A");
    assertThat(GoTemplate.builder().delims("", "").parse("t", "{{.a}}").execute(data)).isEqualTo("A");
  }
}
