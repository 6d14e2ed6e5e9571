package io.commander.renderer.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;

import io.commander.renderer.gotemplate.GoOracle.Case;
import io.commander.renderer.gotemplate.GoOracle.Result;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every case of {@code vectors/core.json} renders in Java exactly as Go's {@code text/template} rendered
 * it into {@code vectors/core.expected.json}: the same output, character for character, or a
 * {@link TemplateException} whose message is exactly Go's error text (location, context and wording).
 * The cases of {@code vectors/sprig.json} do the same with sprig's functions once the Java sprig library
 * exists (until then they are reported as skipped).
 *
 * <p>The goldens come from the Go oracle ({@code src/test/go}); {@link DifferentialTest} checks they are
 * still what Go says whenever Go is installed.
 */
class GoldenVectorsTest {

    static final String CORE = "core.json";
    static final String CORE_EXPECTED = "core.expected.json";
    static final String SPRIG = "sprig.json";
    static final String SPRIG_EXPECTED = "sprig.expected.json";
    static final int MINIMUM_CORE_CASES = 300;

    /**
     * The Java sprig library's entry point: a class with a static {@code txtFuncMap()} returning the
     * functions as a {@code Map<String, TemplateFunction>}. The sprig vectors run once it exists.
     */
    static final String SPRIG_FUNCTIONS_CLASS = "io.commander.renderer.sprig.Sprig";
    static final String SPRIG_FUNCTIONS_METHOD = "txtFuncMap";

    @TestFactory
    Stream<DynamicTest> coreVectorsRenderAsGoRendersThem() {
        return vectorTests(CORE, CORE_EXPECTED);
    }

    @TestFactory
    Stream<DynamicTest> sprigVectorsRenderAsGoRendersThem() {
        if (sprigFunctions().isEmpty()) {
            // One skipped test, so that reports show the sprig vectors as skipped rather than not at all.
            final String reason = "no Java sprig library yet (" + SPRIG_FUNCTIONS_CLASS + "." + SPRIG_FUNCTIONS_METHOD
                    + "() is absent): the sprig vectors run once it exists";
            return Stream.of(DynamicTest.dynamicTest("sprig vectors", () -> Assumptions.abort(reason)));
        }
        return vectorTests(SPRIG, SPRIG_EXPECTED);
    }

    private static Stream<DynamicTest> vectorTests(final String casesFile, final String goldensFile) {
        final List<Case> cases = GoOracle.readCases(GoOracle.resource(casesFile));
        final Map<String, Result> expected = GoOracle.readResults(GoOracle.resource(goldensFile)).stream()
                .collect(Collectors.toMap(Result::name, r -> r));
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            assertThat(expected).as("golden of %s", c.name()).containsKey(c.name());
            assertRendersAsGo(c, expected.get(c.name()));
        }));
    }

    @Test
    void coreVectorSetIsLargeEnough() {
        assertThat(GoOracle.readCases(GoOracle.resource(CORE))).hasSizeGreaterThanOrEqualTo(MINIMUM_CORE_CASES);
    }

    @Test
    void everyCaseHasItsGoldenInTheSameOrder() {
        assertConsistent(CORE, CORE_EXPECTED, "go");
        assertConsistent(SPRIG, SPRIG_EXPECTED, "sprig");
    }

    private static void assertConsistent(final String casesFile, final String goldensFile, final String funcs) {
        final List<Case> cases = GoOracle.readCases(GoOracle.resource(casesFile));
        final List<Result> goldens = GoOracle.readResults(GoOracle.resource(goldensFile));
        final Set<String> seen = new HashSet<>();
        assertThat(cases.stream().map(Case::name).filter(name -> !seen.add(name)))
                .as("case names of %s must be unique", casesFile).isEmpty();
        assertThat(cases).allSatisfy(c -> assertThat(c.funcs()).as("funcs of %s", c.name()).isEqualTo(funcs));
        assertThat(goldens).allSatisfy(r -> assertThat(r.notText())
                .as("%s: Go's output is not UTF-8 text, which a Java string cannot hold: change the case", r.name())
                .isFalse());
        assertThat(goldens.stream().map(Result::name).toList())
                .as("%s must hold one result per case of %s, in its order (regenerate it as src/test/go/README.md says)",
                        goldensFile, casesFile)
                .containsExactlyElementsOf(cases.stream().map(Case::name).toList());
    }

    private static Optional<Map<String, TemplateFunction>> sprig;

    /** The Java sprig functions, when the library exists. */
    static synchronized Optional<Map<String, TemplateFunction>> sprigFunctions() {
        if (sprig == null) {
            sprig = loadSprigFunctions();
        }
        return sprig;
    }

    private static Optional<Map<String, TemplateFunction>> loadSprigFunctions() {
        final Class<?> type;
        try {
            type = Class.forName(SPRIG_FUNCTIONS_CLASS);
        } catch (ClassNotFoundException e) {
            return Optional.empty();
        }
        try {
            final Map<String, TemplateFunction> functions = new HashMap<>();
            ((Map<?, ?>) type.getMethod(SPRIG_FUNCTIONS_METHOD).invoke(null))
                    .forEach((name, function) -> functions.put((String) name, (TemplateFunction) function));
            return Optional.of(Map.copyOf(functions));
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new AssertionError(SPRIG_FUNCTIONS_CLASS + " exists but " + SPRIG_FUNCTIONS_METHOD
                    + "() does not give a Map<String, TemplateFunction>", e);
        }
    }

    /** What the Java engine gives for a case: Go's builtins only, or with sprig's functions. */
    static Result renderWithJava(final Case c) {
        final Map<String, TemplateFunction> functions = switch (c.funcs()) {
            case "go" -> Map.of();
            case "sprig" -> sprigFunctions().orElseThrow(() -> new AssertionError("no Java sprig library"));
            default -> throw new AssertionError(c.name() + ": unknown funcs " + c.funcs());
        };
        try {
            return Result.ofOutput(c.name(), GoTemplate.parse(c.name(), c.template(), functions).execute(c.data()));
        } catch (TemplateException e) {
            return Result.ofError(c.name(), String.valueOf(e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(c.name() + ": the Java engine threw " + e + " instead of a TemplateException"
                    + describe(c), e);
        }
    }

    /** Asserts that the Java engine renders the case as Go did: same output, or the same error text. */
    static void assertRendersAsGo(final Case c, final Result go) {
        final Result java = renderWithJava(c);
        final String difference = difference(go, java);
        if (difference != null) {
            throw new AssertionError(c.name() + ": " + difference + describe(c));
        }
    }

    /** How the Java result differs from Go's, or null when they are the same. */
    static String difference(final Result go, final Result java) {
        return difference(go, java, "Java");
    }

    /** How another result differs from Go's, or null when they are the same. */
    static String difference(final Result go, final Result other, final String otherName) {
        if (go.failed() && !other.failed()) {
            return "Go fails with " + quote(go.error()) + " but " + otherName + " renders " + quote(other.output());
        }
        if (!go.failed() && other.failed()) {
            return "Go renders " + quote(go.output()) + " but " + otherName + " fails with " + quote(other.error());
        }
        if (go.failed() && !go.error().equals(other.error())) {
            return "error text differs\n  Go:   " + quote(go.error()) + "\n  " + otherName + ": " + quote(other.error());
        }
        if (!go.failed() && !go.output().equals(other.output())) {
            return "output differs at char " + firstDifference(go.output(), other.output())
                    + "\n  Go:   " + quote(go.output()) + "\n  " + otherName + ": " + quote(other.output());
        }
        return null;
    }

    static String describe(final Case c) {
        return "\n  template: " + quote(c.template()) + "\n  data: " + GoOracle.toJson(c.data());
    }

    /** A string as a Go-like quoted literal, so that whitespace and control characters show. */
    static String quote(final String s) {
        final StringBuilder out = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (cp < 0x20 || cp == 0x7f || Character.isSpaceChar(cp) && cp != ' ' || cp == 0xfffd) {
                        out.append(String.format("\\u%04x", cp));
                    } else {
                        out.appendCodePoint(cp);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    private static int firstDifference(final String a, final String b) {
        return IntStream.range(0, Math.min(a.length(), b.length())).filter(i -> a.charAt(i) != b.charAt(i))
                .findFirst().orElse(Math.min(a.length(), b.length()));
    }
}
