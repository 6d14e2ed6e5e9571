package io.commander.renderer.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.commander.renderer.gotemplate.GoOracle.Case;
import io.commander.renderer.gotemplate.GoOracle.Result;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java engine against Go's own {@code text/template}, run live through the Go oracle. Skipped
 * (reported as such) where Go is not installed; {@code bin/commander test} installs it when it can.
 *
 * <p>Random templates come from a seed printed in every failure; rerun one with
 * {@code -Ddifferential.seed=SEED} (and {@code -Ddifferential.count=N} for more or fewer templates).
 */
class DifferentialTest {

    private static final int DEFAULT_COUNT = 400;
    private static final int MAX_REPORTED = 15;

    @BeforeEach
    void requireGo() {
        Assumptions.assumeTrue(GoOracle.available(), () -> GoOracle.unavailableReason().orElse(""));
    }

    @Test
    void committedCoreGoldensAreWhatGoRendersToday() throws IOException {
        assertGoldensAreFresh(GoldenVectorsTest.CORE, GoldenVectorsTest.CORE_EXPECTED);
    }

    @Test
    void committedSprigGoldensAreWhatGoRendersToday() throws IOException {
        assertGoldensAreFresh(GoldenVectorsTest.SPRIG, GoldenVectorsTest.SPRIG_EXPECTED);
    }

    private static void assertGoldensAreFresh(final String casesFile, final String goldensFile) throws IOException {
        final List<Case> cases = GoOracle.readCases(GoOracle.resource(casesFile));
        final List<Result> goldens = GoOracle.readResults(GoOracle.resource(goldensFile));
        final List<Result> live = GoOracle.render(cases);
        final Map<String, Result> byName = new LinkedHashMap<>();
        goldens.forEach(r -> byName.put(r.name(), r));
        final List<String> stale = new ArrayList<>();
        for (final Result now : live) {
            final Result committed = byName.get(now.name());
            final String difference = committed == null ? "no golden"
                    : GoldenVectorsTest.difference(now, committed, "the golden");
            if (difference != null) {
                stale.add(now.name() + ": " + difference);
            }
        }
        if (!stale.isEmpty()) {
            fail(stale.size() + " goldens of " + goldensFile + " are not what Go renders today: regenerate the file "
                    + "from the oracle as src/test/go/README.md says\n" + String.join("\n", stale));
        }
        assertThat(goldens).hasSameSizeAs(live);
    }

    @Test
    void randomTemplatesRenderAsGoRendersThem() throws IOException {
        final long seed = Long.getLong("differential.seed", System.nanoTime());
        final int count = Integer.getInteger("differential.count", DEFAULT_COUNT);
        final List<Case> cases = new RandomTemplates(seed).cases(count);
        final List<Result> go = GoOracle.render(cases);
        final List<String> differences = new ArrayList<>();
        int rendered = 0;
        int notText = 0;
        for (int i = 0; i < cases.size(); i++) {
            final Case c = cases.get(i);
            rendered += go.get(i).failed() ? 0 : 1;
            if (go.get(i).notText()) {
                // Go wrote bytes that are not UTF-8 (a multi-byte character sliced apart): not comparable.
                notText++;
                continue;
            }
            final String difference = differenceOrCrash(c, go.get(i));
            if (difference != null) {
                differences.add(c.name() + ": " + difference + "\n  template: "
                        + GoldenVectorsTest.quote(c.template()));
            }
        }
        if (!differences.isEmpty()) {
            final int shown = Math.min(MAX_REPORTED, differences.size());
            fail(differences.size() + " of " + cases.size() + " random templates render differently in Java than in Go"
                    + " (seed " + seed + "; rerun with -Ddifferential.seed=" + seed + "; Go rendered " + rendered
                    + " without error, " + notText + " not as UTF-8 text); the first " + shown + ", with data "
                    + GoOracle.toJson(cases.get(0).data()) + ":\n" + String.join("\n", differences.subList(0, shown)));
        }
        // The grammar is meant to exercise rendering, not only error paths.
        assertThat(rendered).as("templates Go rendered without error (seed %d)", seed)
                .isGreaterThanOrEqualTo(count / 4);
    }

    private static String differenceOrCrash(final Case c, final Result go) {
        try {
            return GoldenVectorsTest.difference(go, GoldenVectorsTest.renderWithJava(c));
        } catch (AssertionError e) {
            return String.valueOf(e.getMessage()).lines().findFirst().orElse("")
                    + (e.getCause() == null ? "" : " " + e.getCause());
        }
    }

    /**
     * Random templates from a small grammar: text, actions on fields of one random JSON document,
     * variables (declared and assigned), if/else if/else, range (with variables, else, break and continue),
     * with/else, define/template, comments, trim markers, the builtins with random arguments and
     * comparisons, and now and then a deliberate mistake.
     */
    static final class RandomTemplates {

        private static final String[] TEXT = {"", "x", " ", "  ", "\n", " \n ", "\t", "a b", "\r\n", "line\n", ", ",
            "-", ":", "é", "\n\n"};
        private static final String[] ROOT_FIELDS = {".s", ".e", ".n", ".f", ".t", ".z", ".nil", ".l", ".m", ".m.a",
            ".m.b", ".o", ".o.s", ".o.n", ".o.l", ".o.m", ".o.m.a", ".ls", ".el", ".nope", ".o.nope", ".nope.x", "$",
            "."};
        private static final String[] ITERABLE = {".l", ".m", ".ls", ".o.l", ".o.m", ".el", ".nil", ".nope", ".s"};
        private static final String[] INT_CONSTANTS = {"0", "1", "2", "3", "-1", "0x10", "1_000", "'a'", "07"};
        private static final String[] FLOAT_CONSTANTS = {"1.5", "0.0", "2.0", "1e3", "-0.5", "1e21", "1e-7", "3.0"};
        private static final String[] STRING_CONSTANTS = {"\"\"", "\"a\"", "\"hello\"", "\"<x&y>\"", "`raw\\n`",
            "\"a b\"", "\"é\"", "\"%\""};
        private static final String[] FORMATS = {"%v", "%d", "%s", "%q", "%v-%v", "%5.2f", "%T", "%x", "%t", "[%v]",
            "%v %v %v", "%06.1f", "%-4v|"};
        private static final String[] VARIADIC = {"and", "or", "print", "println", "html", "js", "urlquery"};
        private static final String[] COMPARISONS = {"eq", "ne", "lt", "le", "gt", "ge"};
        private static final String[] SCALAR_STRINGS = {"", "a", "hello", "Ab c", "<b>&'\"", "x y\tz", "é", "0",
            "1", "line\nbreak"};
        private static final double[] SCALAR_NUMBERS = {0, 1, -1, 2, 3, 1.5, -2.25, 1e6, 1e21, 1e-7, 123456789, 0.1,
            100, 255, -0.0};

        private static final int MAX_DEPTH = 2;

        private final long seed;
        private final Random random;
        private int variables;

        RandomTemplates(final long seed) {
            this.seed = seed;
            this.random = new Random(seed);
        }

        List<Case> cases(final int count) {
            final Map<String, Object> data = document();
            final List<Case> cases = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                cases.add(new Case("random/" + seed + "/" + i, template(), data, "go"));
            }
            return cases;
        }

        /** The fixed document every template of a run reads: one value of each kind under known keys. */
        Map<String, Object> document() {
            final Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("s", pick(SCALAR_STRINGS));
            doc.put("e", "");
            doc.put("n", number());
            doc.put("f", random.nextInt(2000) / 8.0 - 100);
            doc.put("t", Boolean.TRUE);
            doc.put("z", Boolean.FALSE);
            doc.put("nil", null);
            doc.put("l", scalarList());
            doc.put("m", scalarMap());
            doc.put("el", List.of());
            final Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("s", pick(SCALAR_STRINGS));
            inner.put("n", number());
            inner.put("l", scalarList());
            inner.put("m", scalarMap());
            doc.put("o", inner);
            final List<Object> rows = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                final Map<String, Object> row = new LinkedHashMap<>();
                row.put("n", number());
                row.put("s", pick(SCALAR_STRINGS));
                rows.add(row);
            }
            doc.put("ls", rows);
            return doc;
        }

        private Object scalar() {
            return switch (random.nextInt(5)) {
                case 0, 1 -> number();
                case 2 -> pick(SCALAR_STRINGS);
                case 3 -> random.nextBoolean();
                default -> random.nextInt(3) == 0 ? null : pick(SCALAR_STRINGS);
            };
        }

        private Double number() {
            return random.nextBoolean() ? SCALAR_NUMBERS[random.nextInt(SCALAR_NUMBERS.length)]
                    : (double) (random.nextInt(2001) - 1000);
        }

        private List<Object> scalarList() {
            final List<Object> list = new ArrayList<>();
            for (int i = random.nextInt(5); i > 0; i--) {
                list.add(scalar());
            }
            return list;
        }

        private Map<String, Object> scalarMap() {
            final Map<String, Object> map = new LinkedHashMap<>();
            for (final String key : new String[] {"a", "b", "B", "_x", "10", "9"}) {
                if (random.nextInt(3) > 0) {
                    map.put(key, scalar());
                }
            }
            return map;
        }

        String template() {
            variables = 0;
            final Scope scope = new Scope(null, true);
            final StringBuilder out = new StringBuilder();
            final boolean define = chance(15);
            sequence(out, scope, 0, define);
            if (define) {
                out.append(open()).append("define \"d\"").append(close());
                sequence(out, new Scope(null, false), MAX_DEPTH - 1, false);
                out.append(open()).append("end").append(close());
            }
            if (chance(4)) {
                mistake(out);
            }
            return out.toString();
        }

        private void sequence(final StringBuilder out, final Scope scope, final int depth, final boolean callDefine) {
            final int items = 1 + random.nextInt(depth == 0 ? 4 : 2);
            final int call = callDefine ? random.nextInt(items) : -1;
            for (int i = 0; i < items; i++) {
                if (i == call) {
                    out.append(open()).append("template \"d\"").append(chance(70) ? " " + operand(scope, 1) : "")
                            .append(close());
                }
                item(out, scope, depth);
            }
        }

        private void item(final StringBuilder out, final Scope scope, final int depth) {
            final int kind = random.nextInt(depth < MAX_DEPTH ? 11 : 8);
            switch (kind) {
                case 0, 1, 2 -> out.append(pick(TEXT));
                case 3, 4, 5 -> out.append(open()).append(pipeline(scope, 0)).append(close());
                case 6 -> declaration(out, scope);
                case 7 -> out.append(chance(30) ? "{{- " : "{{").append("/* c */").append(chance(30) ? " -}}" : "}}");
                case 8 -> conditional(out, scope, depth);
                case 9 -> loop(out, scope, depth);
                default -> with(out, scope, depth);
            }
        }

        private void declaration(final StringBuilder out, final Scope scope) {
            final List<String> visible = scope.visible();
            if (!visible.isEmpty() && chance(40)) {
                out.append(open()).append(pick(visible)).append(" = ").append(pipeline(scope, 0)).append(close());
                return;
            }
            final String name = "$v" + variables++;
            out.append(open()).append(name).append(" := ").append(pipeline(scope, 0)).append(close());
            scope.declare(name);
        }

        private void conditional(final StringBuilder out, final Scope scope, final int depth) {
            out.append(open()).append("if ").append(pipeline(scope, 0)).append(close());
            sequence(out, new Scope(scope, scope.dotIsRoot), depth + 1, false);
            if (chance(30)) {
                out.append(open()).append("else if ").append(pipeline(scope, 0)).append(close());
                sequence(out, new Scope(scope, scope.dotIsRoot), depth + 1, false);
            }
            if (chance(50)) {
                out.append(open()).append("else").append(close());
                sequence(out, new Scope(scope, scope.dotIsRoot), depth + 1, false);
            }
            out.append(open()).append("end").append(close());
        }

        private void loop(final StringBuilder out, final Scope scope, final int depth) {
            final Scope body = new Scope(scope, false);
            out.append(open()).append("range ");
            final int declare = random.nextInt(3);
            if (declare > 0) {
                final String element = "$e" + variables++;
                if (declare == 2) {
                    final String index = "$i" + variables++;
                    out.append(index).append(", ");
                    body.declare(index);
                }
                out.append(element).append(" := ");
                body.declare(element);
            }
            out.append(chance(85) ? pick(ITERABLE) : pipeline(scope, 1)).append(close());
            if (chance(30)) {
                out.append(open()).append("if ").append(comparison(body, 1)).append(close())
                        .append(open()).append(chance(50) ? "break" : "continue").append(close())
                        .append(open()).append("end").append(close());
            }
            sequence(out, body, depth + 1, false);
            if (chance(40)) {
                out.append(open()).append("else").append(close());
                sequence(out, new Scope(scope, scope.dotIsRoot), depth + 1, false);
            }
            out.append(open()).append("end").append(close());
        }

        private void with(final StringBuilder out, final Scope scope, final int depth) {
            final Scope body = new Scope(scope, false);
            out.append(open()).append("with ");
            if (chance(30)) {
                final String name = "$w" + variables++;
                out.append(name).append(" := ");
                body.declare(name);
            }
            out.append(pipeline(scope, 0)).append(close());
            sequence(out, body, depth + 1, false);
            if (chance(40)) {
                out.append(open()).append("else").append(close());
                sequence(out, new Scope(scope, scope.dotIsRoot), depth + 1, false);
            }
            out.append(open()).append("end").append(close());
        }

        private String pipeline(final Scope scope, final int depth) {
            final String first = command(scope, depth);
            if (!chance(20)) {
                return first;
            }
            final String fn = switch (random.nextInt(6)) {
                case 0 -> "printf \"" + pick(FORMATS) + "\"";
                case 1 -> "len";
                case 2 -> pick(VARIADIC);
                case 3 -> pick(COMPARISONS) + " " + operand(scope, depth + 1);
                case 4 -> "not";
                default -> "index " + operand(scope, depth + 1);
            };
            return first + " | " + fn;
        }

        private String command(final Scope scope, final int depth) {
            return switch (random.nextInt(depth >= 1 ? 2 : 7)) {
                case 0, 1 -> operand(scope, depth);
                case 2 -> comparison(scope, depth);
                case 3 -> pick(VARIADIC) + arguments(scope, depth, random.nextInt(4));
                case 4 -> "printf \"" + pick(FORMATS) + "\"" + arguments(scope, depth, random.nextInt(3));
                case 5 -> switch (random.nextInt(4)) {
                    case 0 -> "len " + container(scope, depth);
                    case 1 -> "not " + operand(scope, depth + 1);
                    case 2 -> "index " + container(scope, depth) + keys(random.nextInt(3));
                    default -> "slice " + container(scope, depth) + indexes(random.nextInt(3));
                };
                default -> "index " + container(scope, depth) + keys(1 + random.nextInt(2));
            };
        }

        private String comparison(final Scope scope, final int depth) {
            final String fn = pick(COMPARISONS);
            final int arity = fn.equals("eq") && chance(20) ? 3 : 2;
            if (chance(40)) {
                return fn + arguments(scope, depth, arity);
            }
            // Mostly operands of one kind, which compare instead of failing.
            final String[] kind = switch (random.nextInt(3)) {
                case 0 -> new String[] {".n", ".f", ".o.n", "$.n", "1.5", "0.0", "3.0", "-0.5", "1e21"};
                case 1 -> new String[] {".s", ".e", ".o.s", "$.s", "\"a\"", "\"\"", "\"hello\"", "`raw\\n`"};
                default -> new String[] {"0", "1", "2", "-1", "'a'", "0x10", "len .l", "len .s"};
            };
            final StringBuilder args = new StringBuilder(fn);
            for (int i = 0; i < arity; i++) {
                final String arg = rooted(scope, pick(kind));
                args.append(' ').append(arg.contains(" ") ? "(" + arg + ")" : arg);
            }
            return args.toString();
        }

        /** Mostly something that has a length and can be indexed: a list, a map, a string. */
        private String container(final Scope scope, final int depth) {
            if (chance(25)) {
                return operand(scope, depth + 1);
            }
            return rooted(scope, pick(new String[] {".l", ".m", ".o", ".o.l", ".o.m", ".ls", ".s", ".el", ".o.s"}));
        }

        /** An expression on the document's fields, reached through {@code $} where dot is something else. */
        private static String rooted(final Scope scope, final String expression) {
            if (scope.dotIsRoot) {
                return expression;
            }
            final String through = expression.replace(" .", " $.");
            return through.startsWith(".") ? "$" + through : through;
        }

        private String arguments(final Scope scope, final int depth, final int count) {
            final StringBuilder args = new StringBuilder();
            for (int i = 0; i < count; i++) {
                args.append(' ').append(operand(scope, depth + 1));
            }
            return args.toString();
        }

        private String keys(final int count) {
            final StringBuilder keys = new StringBuilder();
            for (int i = 0; i < count; i++) {
                keys.append(' ').append(chance(50) ? pick(new String[] {"0", "1", "2"})
                        : pick(new String[] {"\"a\"", "\"b\"", "\"s\"", "\"n\"", "\"zz\""}));
            }
            return keys.toString();
        }

        private String indexes(final int count) {
            final StringBuilder indexes = new StringBuilder();
            for (int i = 0; i < count; i++) {
                indexes.append(' ').append(random.nextInt(3));
            }
            return indexes.toString();
        }

        private String operand(final Scope scope, final int depth) {
            final List<String> visible = scope.visible();
            final int kind = random.nextInt(depth < 1 ? 10 : 9);
            return switch (kind) {
                case 0, 1, 2 -> rootField(scope);
                case 3 -> visible.isEmpty() ? "." : pick(visible) + (chance(20) ? ".a" : "");
                case 4 -> ".";
                case 5 -> pick(INT_CONSTANTS);
                case 6 -> pick(FLOAT_CONSTANTS);
                case 7 -> pick(STRING_CONSTANTS);
                case 8 -> chance(90) ? pick(new String[] {"true", "false"}) : "nil";
                default -> "(" + command(scope, depth + 1) + ")";
            };
        }

        /** A field of the document: through dot where dot is the document, else mostly through {@code $}. */
        private String rootField(final Scope scope) {
            final String field = pick(ROOT_FIELDS);
            if (scope.dotIsRoot || chance(20) || !field.startsWith(".") || field.equals(".")) {
                return field;
            }
            return "$" + field;
        }

        private void mistake(final StringBuilder out) {
            switch (random.nextInt(6)) {
                case 0 -> out.append("{{nofunc 1}}");
                case 1 -> out.append("{{.s");
                case 2 -> out.append("{{end}}");
                case 3 -> out.append("{{$undefined}}");
                case 4 -> out.insert(random.nextInt(out.length() + 1), "{{if .t}}");
                default -> out.append("{{index .l 99}}");
            }
        }

        private String open() {
            return switch (random.nextInt(10)) {
                case 0 -> "{{- ";
                case 1 -> "{{-\n";
                case 2 -> "{{ ";
                default -> "{{";
            };
        }

        private String close() {
            return switch (random.nextInt(10)) {
                case 0 -> " -}}";
                case 1 -> "\t-}}";
                case 2 -> " }}";
                default -> "}}";
            };
        }

        private boolean chance(final int percent) {
            return random.nextInt(100) < percent;
        }

        private String pick(final String[] choices) {
            return choices[random.nextInt(choices.length)];
        }

        private String pick(final List<String> choices) {
            return choices.get(random.nextInt(choices.size()));
        }

        /** The variables visible at a point of a template, and what dot is there. */
        private static final class Scope {
            private final Scope parent;
            private final boolean dotIsRoot;
            private final List<String> declared = new ArrayList<>();

            Scope(final Scope parent, final boolean dotIsRoot) {
                this.parent = parent;
                this.dotIsRoot = dotIsRoot;
            }

            void declare(final String name) {
                declared.add(name);
            }

            List<String> visible() {
                final List<String> all = new ArrayList<>(declared);
                for (Scope s = parent; s != null; s = s.parent) {
                    all.addAll(s.declared);
                }
                return all;
            }
        }
    }
}
