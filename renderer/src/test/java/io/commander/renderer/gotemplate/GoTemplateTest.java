package io.commander.renderer.gotemplate;

import static io.commander.renderer.gotemplate.TemplateTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The public API: parsing options, template sets, functions with Go signatures and with the
 * running template, and executions that nest deeply or run in parallel. Expected messages are
 * Go 1.19's.
 */
class GoTemplateTest {

  @Test
  void parseAndExecuteWithNullFunctions() throws Exception {
    final GoTemplate t = GoTemplate.parse("greeting", "Hello, {{.name}}!", null);
    assertThat(t.name()).isEqualTo("greeting");
    assertThat(t.execute(Map.of("name", "Ann"))).isEqualTo("Hello, Ann!");
    assertThat(t.execute(Map.of("name", "Bob"))).isEqualTo("Hello, Bob!");
  }

  @Test
  void optionsAreSpelledAsInGo() throws Exception {
    assertThat(GoTemplate.builder().option("missingkey=zero").parse("t", "{{.x}}").execute(Map.of()))
        .isEqualTo("<no value>");
    assertThat(GoTemplate.builder().option("missingkey=error", "missingkey=invalid").parse("t", "{{.x}}")
        .execute(Map.of())).isEqualTo("<no value>");
  }

  @Test
  void missingKeyErrorStopsExecution() {
    assertThatThrownBy(() -> GoTemplate.builder().missingKey(GoTemplate.MissingKey.ERROR).parse("t", "{{.x}}")
        .execute(Map.of()))
        .hasMessage("template: t:1:2: executing \"t\" at <.x>: map has no entry for key \"x\"");
    assertThatThrownBy(() -> GoTemplate.builder().option("missingkey=nope"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("unrecognized option: missingkey=nope");
  }

  @Test
  void functionNamesMustBeIdentifiers() {
    assertThatThrownBy(() -> GoTemplate.builder().function("a-b", args -> null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("function name \"a-b\" is not a valid identifier");
    assertThatThrownBy(() -> GoTemplate.builder().function("_ok", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("value for _ok not a function");
  }

  @Test
  void registeredFunctionsOverrideBuiltins() throws Exception {
    final GoTemplate t = GoTemplate.parse("t", "{{len 1 2 3}}", Map.of("len", args -> args.length));
    assertThat(t.execute(null)).isEqualTo("3");
  }

  @Test
  void functionsWithGoSignaturesGetGoArityAndTypeChecks() throws Exception {
    final Map<String, TemplateFunction> fns = Map.of(
        "two", TemplateFunction.of(Signature.of(GoType.STRING, GoType.STRING), a -> a[0] + (String) a[1]),
        "va", TemplateFunction.of(Signature.variadic(GoType.STRING, GoType.INT), a -> (long) a.length - 1));
    // Go: func(a, b string) string and func(a string, b ...int) int.
    assertThat(GoTemplate.parse("t", "{{\"b\" | two \"a\"}}|{{va \"x\" 1 2}}|{{1 | va \"x\" 2}}|{{\"x\" | va}}", fns)
        .execute(null)).isEqualTo("ab|2|2|0");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{two \"a\"}}", fns).execute(null))
        .hasMessage("template: t:1:2: executing \"t\" at <two>: wrong number of args for two: want 2 got 1");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{two \"a\" \"b\" \"c\"}}", fns).execute(null))
        .hasMessage("template: t:1:2: executing \"t\" at <two>: wrong number of args for two: want 2 got 3");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{va}}", fns).execute(null))
        .hasMessage("template: t:1:2: executing \"t\" at <va>: wrong number of args for va: want at least 1 got 0");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{va \"x\" \"y\"}}", fns).execute(null))
        .hasMessage("template: t:1:9: executing \"t\" at <\"y\">: expected integer; found \"y\"");
  }

  @Test
  void aThrowingFunctionFailsTheActionAsAGoError() {
    final TemplateFunction boom = args -> {
      throw new IllegalStateException("no luck");
    };
    assertThatThrownBy(() -> GoTemplate.parse("t", "ok {{boom 1}}", Map.of("boom", boom)).execute(null))
        .isInstanceOf(TemplateException.class)
        .hasMessage("template: t:1:5: executing \"t\" at <boom 1>: error calling boom: no luck")
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void outputBeforeAFailureIsKeptLikeGosWriter() throws Exception {
    final StringBuilder out = new StringBuilder("prefix:");
    assertThatThrownBy(() -> GoTemplate.parse("t", "a{{index . 3}}b", null).execute(List.of(), out))
        .isInstanceOf(TemplateException.class);
    assertThat(out).hasToString("prefix:a");
  }

  @Test
  void setsOfTemplates() throws Exception {
    final GoTemplate root = GoTemplate.parse("root", "{{define \"x\"}}X{{.}}{{end}}[{{template \"x\" 1}}]", null);
    assertThat(root.templateNames()).containsExactly("root", "x");
    assertThat(root.lookup("x").execute(2)).isEqualTo("X2");
    assertThat(root.lookup("nope")).isNull();
    assertThat(root.executeTemplate("x", 3)).isEqualTo("X3");
    assertThatThrownBy(() -> root.executeTemplate("nope", null))
        .hasMessage("template: no template \"nope\" associated with template \"root\"");
    // As Go's t.New("other").Parse(...): a later definition replaces an earlier one in the new set.
    final GoTemplate other = root.add("other", "{{define \"x\"}}Y{{end}}<{{template \"x\"}}>");
    assertThat(other.name()).isEqualTo("other");
    assertThat(other.execute(null)).isEqualTo("<Y>");
    assertThat(other.lookup("root").execute(null)).isEqualTo("[Y]");
    assertThat(root.execute(null)).isEqualTo("[X1]");
    // An empty definition does not replace an existing one.
    assertThat(root.add("blank", "{{define \"x\"}} {{end}}").lookup("root").execute(null)).isEqualTo("[X1]");
  }

  @Test
  void functionsCanRunTemplatesOfTheSet() throws Exception {
    final TemplateFunction shout = TemplateFunction.withContext(Signature.of(GoType.STRING),
        (ctx, args) -> ctx.executeTemplate((String) args[0], ctx.templateName()).toUpperCase());
    final GoTemplate t = GoTemplate.parse("main", "{{define \"n\"}}name {{.}}{{end}}{{shout \"n\"}}",
        Map.of("shout", shout));
    assertThat(t.execute(null)).isEqualTo("NAME MAIN");
  }

  @Test
  void helmIncludeReturnsTheOutputForPipes() throws Exception {
    final GoTemplate t = GoTemplate.parse("chart",
        "{{define \"labels\"}}app: {{.app}}\ntier: {{.tier}}{{end}}"
            + "labels:\n  {{- include \"labels\" . | printf \"%s\" | html | printf \"\\n%s\" }}",
        Functions.helm());
    assertThat(t.execute(json("{\"app\":\"web\",\"tier\":\"<1>\"}")))
        .isEqualTo("labels:\napp: web\ntier: &lt;1&gt;");
  }

  @Test
  void helmIncludeFailures() {
    assertThatThrownBy(() -> GoTemplate.parse("chart", "{{include \"nope\" .}}", Functions.helm()).execute(null))
        .hasMessage("template: chart:1:2: executing \"chart\" at <include \"nope\" .>: error calling include: "
            + "template: no template \"nope\" associated with template \"chart\"");
    assertThatThrownBy(() -> GoTemplate.parse("chart", "{{define \"d\"}}{{index . 1}}{{end}}{{include \"d\" .}}",
        Functions.helm()).execute(List.of()))
        .hasMessage("template: chart:1:36: executing \"chart\" at <include \"d\" .>: error calling include: "
            + "template: chart:1:16: executing \"d\" at <index . 1>: error calling index: "
            + "index out of range: 1");
    assertThatThrownBy(() -> GoTemplate.parse("chart", "{{include \"a\" 1 2}}", Functions.helm()).execute(null))
        .hasMessageEndingWith("wrong number of args for include: want 2 got 3");
  }

  @Test
  void helmIncludeStopsRecursionAfterAThousandLevels() {
    final String text = "{{define \"loop\"}}{{include \"loop\" .}}{{end}}{{include \"loop\" .}}";
    assertThatThrownBy(() -> GoTemplate.parse("chart", text, Functions.helm()).execute(null))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("error calling include")
        .hasMessageContaining("unable to execute template");
  }

  @Test
  void helmTplRendersTextWithTheSetsTemplates() throws Exception {
    final GoTemplate t = GoTemplate.parse("chart", "{{define \"host\"}}{{.name}}.example{{end}}{{tpl .url .}}",
        Functions.helm());
    assertThat(t.execute(json("{\"name\":\"web\",\"url\":\"https://{{include \\\"host\\\" .}}/{{.name}}\"}")))
        .isEqualTo("https://web.example/web");
    // Definitions inside the text stay local to that call.
    final GoTemplate local = GoTemplate.parse("chart", "{{tpl \"{{define \\\"z\\\"}}Z{{end}}{{template \\\"z\\\"}}\" .}}",
        Functions.helm());
    assertThat(local.execute(null)).isEqualTo("Z");
    assertThat(local.templateNames()).containsExactly("chart");
  }

  @Test
  void helmTplFailuresNameTheText() {
    assertThatThrownBy(() -> GoTemplate.parse("chart", "{{tpl \"{{.a.b}}\" .}}", Functions.helm())
        .execute(json("{\"a\":1}")))
        .hasMessage("template: chart:1:2: executing \"chart\" at <tpl \"{{.a.b}}\" .>: error calling tpl: "
            + "error during tpl function execution for \"{{.a.b}}\": template: chart:1:4: executing \"chart\" "
            + "at <.a.b>: can't evaluate field b in type interface {}");
    assertThatThrownBy(() -> GoTemplate.parse("chart", "{{tpl \"{{\" .}}", Functions.helm()).execute(null))
        .hasMessageEndingWith("error during tpl function execution for \"{{\": template: chart:1: unclosed action");
    assertThatThrownBy(() -> GoTemplate.parse("chart", "{{tpl \"{{.}}\" (dict)}}", Functions.helm()).execute(null))
        .hasMessage("template: chart:1: function \"dict\" not defined");
  }

  @Test
  void helmTplNamesTheTemplateAfterTemplateNameOfItsData() throws Exception {
    final GoTemplate t = GoTemplate.parse("chart", "{{tpl \"{{.x.y}}\" .}}", Functions.helm());
    assertThatThrownBy(() -> t.execute(json("{\"Template\":{\"Name\":\"mychart/templates/cm.yaml\"},\"x\":1}")))
        .hasMessageContaining("template: mychart/templates/cm.yaml:1:4:");
  }

  @Test
  void recursionStopsAtGosDepthWithGosOutput() throws Exception {
    // Go: 100000 times "x", then this error.
    final GoTemplate t = GoTemplate.parse("t", "{{define \"r\"}}x{{template \"r\" .}}{{end}}{{template \"r\" .}}", null);
    final StringBuilder out = new StringBuilder();
    assertThatThrownBy(() -> t.execute(null, out))
        .hasMessage("template: t:1:26: executing \"r\" at <{{template \"r\" .}}>: "
            + "exceeded maximum template depth (100000)");
    assertThat(out.length()).isEqualTo(100_000);
  }

  @Test
  void deepButFiniteRecursionCompletesAsInGo() throws Exception {
    final GoTemplate t = GoTemplate.parse("t",
        "{{define \"r\"}}{{if .}}{{template \"r\" (slice . 1)}}{{end}}{{end}}{{template \"r\" .}}done", null);
    assertThat(t.execute(new ArrayList<>(Collections.nCopies(50_000, null)))).isEqualTo("done");
  }

  @Test
  void oneTemplateExecutesOnManyThreadsAtOnce() throws Exception {
    final GoTemplate t = GoTemplate.parse("t",
        "{{range $i, $e := .}}{{$x := $e}}{{if $i}},{{end}}{{$x}}{{end}}", null);
    final ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      final List<Future<String>> results = new ArrayList<>();
      for (int n = 0; n < 64; n++) {
        final List<Object> data = Arrays.asList((Object[]) new Long[] {(long) n, n + 1L, n + 2L});
        results.add(pool.submit(() -> t.execute(data)));
      }
      for (int n = 0; n < 64; n++) {
        assertThat(results.get(n).get()).isEqualTo(n + "," + (n + 1) + "," + (n + 2));
      }
    } finally {
      pool.shutdown();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  /** Like Go's {@code type V struct{ Name string }} with methods on {@code *V}. */
  private static final class Version implements GoObject {
    @Override
    public String goTypeName() {
      return "*main.V";
    }

    @Override
    public TemplateFunction method(final String name) {
      return switch (name) {
        case "Major" -> TemplateFunction.of(Signature.of(), a -> 1L);
        case "Add" -> TemplateFunction.of(Signature.of(GoType.INT, GoType.STRING), a -> GoValues.sprint(a));
        case "Fail" -> TemplateFunction.of(Signature.of(), a -> {
          throw new Exception("bad");
        });
        default -> null;
      };
    }

    @Override
    public boolean hasField(final String name) {
      return name.equals("Name");
    }

    @Override
    public Object field(final String name) {
      return "n";
    }

    @Override
    public String toString() {
      return "v:n";
    }
  }

  @Test
  void methodsAndFieldsOfGoObjects() throws Exception {
    final Map<String, TemplateFunction> fns = Map.of("mk", TemplateFunction.of(Signature.of(), a -> new Version()));
    final Object data = Map.of("a", 7L);
    // Go 1.19 with func mk() *V, func (*V) Major() int, Add(int, string) string, Fail() (string, error).
    assertThat(GoTemplate.parse("t", "{{$v := mk}}{{$v.Major}} {{$v.Name}} {{$v.Add 2 \"x\"}} {{$v}} "
        + "{{printf \"%s|%q|%T\" $v $v $v}} {{mk.Major}} {{$v.Add .a \"y\"}} {{\"z\" | $v.Add 3}}", fns)
        .execute(data)).isEqualTo("1 n 2x v:n v:n|\"v:n\"|*main.V 1 7y 3z");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{(mk).Nope}}", fns).execute(data))
        .hasMessage("template: t:1:3: executing \"t\" at <mk>: can't evaluate field Nope in type *main.V");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{$v := mk}}{{$v.Name 1}}", fns).execute(data))
        .hasMessage("template: t:1:16: executing \"t\" at <$v.Name>: Name has arguments but cannot be invoked as function");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{$v := mk}}{{$v.Add 1}}", fns).execute(data))
        .hasMessage("template: t:1:16: executing \"t\" at <$v.Add>: wrong number of args for Add: want 2 got 1");
    assertThatThrownBy(() -> GoTemplate.parse("t", "{{$v := mk}}{{$v.Fail}}", fns).execute(data))
        .hasMessage("template: t:1:16: executing \"t\" at <$v.Fail>: error calling Fail: bad");
  }
}
