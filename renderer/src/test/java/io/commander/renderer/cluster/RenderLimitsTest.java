package io.commander.renderer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.renderer.cli.RenderFunctions;
import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.RenderBudget;
import io.commander.renderer.gotemplate.RenderLimitExceeded;
import io.commander.renderer.gotemplate.RenderLimits;
import io.commander.renderer.gotemplate.TemplateException;
import io.commander.renderer.params.ParamSchema;
import io.commander.testing.HostileTemplates;
import io.commander.testing.HostileTemplates.Hostile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hostile template ends within the render's budget, saying which limit it passed and where. */
public class RenderLimitsTest {

  private static final ParamSchema SCHEMA = ParamSchema.parse(List.of()).orElseThrow();
  private static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

  public static Stream<Hostile> hostile() {
    return HostileTemplates.ALL.stream();
  }

  private static Sections kubernetes(final String template) {
    return new Sections(template, "", "", "", "", List.of());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostile")
  void hostileTemplatesEndWithinTheBudget(final Hostile hostile) {
    final long start = System.nanoTime();
    final ClusterRenderer.Result result = new ClusterRenderer().render(kubernetes(hostile.template()), SCHEMA,
        Map.of(), Map.of(), CLOCK, 0);
    final Duration took = Duration.ofNanos(System.nanoTime() - start);

    // Within the budget, with room for a collection of what the render built on a busy machine (unbounded,
    // these templates ran 13 to 21 s).
    assertThat(took).isLessThan(RenderLimits.DEFAULT.timeout().plusSeconds(4));
    final String all = result.problems() + " " + result.rendered();
    if (hostile.limit()) {
      final RenderProblem problem = result.problems().stream()
          .filter(p -> p.kind() == RenderProblem.Kind.LIMIT).findFirst().orElseThrow(() -> new AssertionError(all));
      // On a machine busy enough, time may run out before the counted limit is reached.
      assertThat(problem.message()).containsAnyOf(hostile.expected(), "renderer.timeout-ms");
      assertThat(problem.section()).isEqualTo("kubernetes");
      assertThat(problem.line()).isEqualTo(1);
      assertThat(problem.message()).startsWith("executing \"kubernetes\" at <");
    } else {
      // Go's own error, unless the machine is so busy that the render's time ran out first.
      assertThat(all).containsAnyOf(hostile.expected(), "renderer.timeout-ms");
    }
  }

  @Test
  void aLimitEndsTheRenderWithNoSectionText() {
    final ClusterRenderer.Result result = new ClusterRenderer(new RenderLimits(Duration.ofSeconds(2), 10_000, 100, 100))
        .render(new Sections("{{ print \"a\" }}", "{{ range until 50 }}xxxxxxxxxx{{ end }}", "", "", "b", List.of()),
            SCHEMA, Map.of(), Map.of(), CLOCK, 0);

    // The section rendered before is still checked (its text was written); the render is invalid either way.
    assertThat(result.problems()).filteredOn(p -> p.kind() == RenderProblem.Kind.LIMIT).singleElement().satisfies(p -> {
      assertThat(p.kind().code()).isEqualTo("render_limit_exceeded");
      assertThat(p.section()).isEqualTo("placement");
      assertThat(p.message()).isEqualTo("executing \"placement\" at <xxxxxxxxxx>: render limit exceeded: "
          + "output longer than 100 characters (renderer.max-output)");
    });
    assertThat(result.rendered()).containsEntry("kubernetes", "").containsEntry("placement", "")
        .containsEntry("primary_resources", "");
  }

  @Test
  void outputOfAllSectionsCountsTogether() {
    final ClusterRenderer.Result result = new ClusterRenderer(new RenderLimits(Duration.ofSeconds(2), 10_000, 100, 100))
        .render(new Sections("a: {{ repeat 60 \"x\" }}", "b: {{ repeat 60 \"x\" }}", "", "", "", List.of()), SCHEMA,
            Map.of(), Map.of(), CLOCK, 0);

    assertThat(result.problems()).anySatisfy(p -> {
      assertThat(p.section()).isEqualTo("placement");
      assertThat(p.message()).contains("renderer.max-output");
    });
  }

  @Test
  void limitsNameTheFunctionWhoseValueWasTooLarge() throws Exception {
    final GoTemplate t = GoTemplate.parse("t", "{{ $x := 1 }}\n  {{ repeat 200 \"ab\" }}", RenderFunctions.all());
    final TemplateException e = failure(t, new RenderLimits(Duration.ofSeconds(2), 1000, 1000, 100));

    assertThat(e.getMessage()).isEqualTo("template: t:2:5: executing \"t\" at <repeat 200 \"ab\">: error calling "
        + "repeat: render limit exceeded: a value of 400 characters or elements, more than 100 (renderer.max-value)");
    assertThat(RenderLimitExceeded.in(e).limit()).isEqualTo("renderer.max-value");
  }

  @Test
  void aLimitPassedInsideAnIncludeIsStillALimit() throws Exception {
    final GoTemplate t = GoTemplate.parse("t",
        "{{ define \"loop\" }}{{ range until 100000 }}{{ end }}{{ end }}{{ include \"loop\" . }}",
        RenderFunctions.all());
    final TemplateException e = failure(t, new RenderLimits(Duration.ofSeconds(2), 50_000, 1000, 1_000_000));

    assertThat(RenderLimitExceeded.in(e).limit()).isEqualTo("renderer.max-steps");
    assertThat(e.getMessage()).contains("error calling include: ");
  }

  @Test
  void aCancelledRenderEndsAtItsNextCheck() throws Exception {
    final GoTemplate t = GoTemplate.parse("t", "{{ range until 1000 }}{{ range until 1000 }}{{ end }}{{ end }}",
        RenderFunctions.all());
    final RenderBudget budget = RenderBudget.start(RenderLimits.DEFAULT);
    budget.cancel();

    final TemplateException e = org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class,
        () -> t.execute(Map.of(), new StringBuilder(), budget));
    assertThat(RenderLimitExceeded.in(e).limit()).isEqualTo("renderer.timeout-ms");
  }

  @Test
  void ordinaryTemplatesRenderAsWithoutLimits() throws Exception {
    final GoTemplate t = GoTemplate.parse("t", "{{ range until 3 }}{{ . }}{{ end }} {{ regexMatch \"^a+$\" \"aaa\" }}",
        RenderFunctions.all());
    final StringBuilder out = new StringBuilder();
    t.execute(Map.of(), out, RenderBudget.start(RenderLimits.DEFAULT));
    assertThat(out).hasToString("012 true");
  }

  private static TemplateException failure(final GoTemplate t, final RenderLimits limits) {
    return org.junit.jupiter.api.Assertions.assertThrows(TemplateException.class,
        () -> t.execute(Map.of(), new StringBuilder(), RenderBudget.start(limits)));
  }
}
