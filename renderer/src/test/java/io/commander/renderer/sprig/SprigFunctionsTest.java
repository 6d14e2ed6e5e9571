package io.commander.renderer.sprig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.TemplateException;
import io.commander.renderer.gotemplate.TemplateFunction;
import io.commander.renderer.sprig.SprigCases.Case;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@link SprigCases} renders through {@link GoTemplate} with {@link Sprig}'s functions
 * (and {@link HelmFunctions}' for the Helm cases) exactly as Go renders it: the same output, or a
 * {@link TemplateException} with Go's error text. Go's {@code Local} zone is UTC here, as it was for Go.
 */
class SprigFunctionsTest {

    private static final Map<String, TemplateFunction> SPRIG =
            Sprig.functions(Clock.system(ZoneOffset.UTC), new Random(1));
    private static final Map<String, TemplateFunction> HELM = withHelm(SPRIG);

    private static Map<String, TemplateFunction> withHelm(final Map<String, TemplateFunction> sprig) {
        final Map<String, TemplateFunction> functions = new HashMap<>(sprig);
        functions.putAll(HelmFunctions.functions());
        return Map.copyOf(functions);
    }

    @TestFactory
    Stream<DynamicTest> strings() {
        return rendersAsGo(SprigCases.STRINGS, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> listsAndDicts() {
        return rendersAsGo(SprigCases.LISTS_AND_DICTS, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> math() {
        return rendersAsGo(SprigCases.MATH, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> defaultsJsonAndEncodings() {
        return rendersAsGo(SprigCases.DEFAULTS_JSON_ENCODING, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> regularExpressions() {
        return rendersAsGo(SprigCases.REGEX, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> semanticVersions() {
        return rendersAsGo(SprigCases.SEMVER, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> dates() {
        return rendersAsGo(SprigCases.DATES, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> urlsAndPaths() {
        return rendersAsGo(SprigCases.URLS_AND_PATHS, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> goTypes() {
        return rendersAsGo(SprigCases.GO_TYPES, SPRIG);
    }

    @TestFactory
    Stream<DynamicTest> helm() {
        return rendersAsGo(SprigCases.HELM, HELM);
    }

    /**
     * What the engine does not yet render as Go does, each case with its reason. The test keeps the
     * list honest: a case that starts rendering as Go does fails here and belongs in the lists above.
     */
    @TestFactory
    Stream<DynamicTest> knownGapsStillDiffer() {
        return SprigCases.GAPS.stream().map(c -> DynamicTest.dynamicTest(c.name() + " (" + c.gap() + ")", () ->
            assertThatThrownBy(() -> assertRendersAsGo(c, SPRIG)).as("now renders as Go: move it out of GAPS")
                .isInstanceOf(Throwable.class)));
    }

    @TestFactory
    Stream<DynamicTest> helmFunctionsAreNotSprigs() {
        return Stream.of("toYaml", "fromYaml", "fromYamlArray", "fromJsonArray", "required").map(name ->
                DynamicTest.dynamicTest(name, () -> assertThatThrownBy(
                        () -> GoTemplate.parse(SprigCases.TEMPLATE_NAME, "{{ " + name + " }}", SPRIG))
                        .isInstanceOf(TemplateException.class)
                        .hasMessage("template: t:1: function \"" + name + "\" not defined")));
    }

    static Stream<DynamicTest> rendersAsGo(final List<Case> cases, final Map<String, TemplateFunction> functions) {
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> assertRendersAsGo(c, functions)));
    }

    private static void assertRendersAsGo(final Case c, final Map<String, TemplateFunction> functions)
            throws TemplateException {
        final String description = c.name() + ": " + c.template() + (c.data() == null ? "" : " with " + c.data());
        if (c.fails()) {
            assertThatThrownBy(() -> render(c, functions)).as(description)
                    .isInstanceOf(TemplateException.class)
                    .hasMessage(c.error());
        } else {
            assertThat(render(c, functions)).as(description).isEqualTo(c.output());
        }
    }

    static String render(final Case c, final Map<String, TemplateFunction> functions) throws TemplateException {
        return GoTemplate.parse(SprigCases.TEMPLATE_NAME, c.template(), functions).execute(SprigCases.data(c));
    }
}
