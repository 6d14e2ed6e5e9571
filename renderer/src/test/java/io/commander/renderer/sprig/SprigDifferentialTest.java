package io.commander.renderer.sprig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.commander.renderer.sprig.SprigCases.Case;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The expectations of {@link SprigCases} are still what Go says: when Go and Debian's sprig are
 * installed, every sprig case (Helm's excepted: the oracle has sprig's functions only) is rendered by
 * the Go oracle of {@code src/test/go/oracle}, with Go's {@code Local} zone set to UTC, and its answer
 * must be the one the table holds. Skipped where Go is not installed.
 */
class SprigDifferentialTest {

    private static final Path GOPATH = Path.of("/usr/share/gocode");
    private static final Path SPRIG_SOURCES = GOPATH.resolve("src/github.com/Masterminds/sprig");
    private static final long TIMEOUT_SECONDS = 600;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path oracle;

    @BeforeAll
    static void buildOracle() throws IOException, InterruptedException {
        final Optional<Path> go = goBinary();
        Assumptions.assumeTrue(go.isPresent() && Files.isDirectory(SPRIG_SOURCES),
                "Go and Debian's sprig (golang-go golang-github-masterminds-sprig-dev) are not installed");
        final Path module = moduleDir();
        final Path work = module.resolve("target/sprig-oracle");
        Files.createDirectories(work);
        final Path binary = work.resolve("oracle");
        final ProcessBuilder build = new ProcessBuilder(go.get().toString(), "build", "-o", binary.toString(),
                "main.go")
                .directory(module.resolve("src/test/go/oracle").toFile())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("build.log").toFile());
        build.environment().putAll(Map.of("GOPATH", GOPATH.toString(), "GO111MODULE", "off", "GOFLAGS", "",
                "GOTOOLCHAIN", "local", "GOCACHE", module.resolve("target/go-cache").toString()));
        final Process process = build.start();
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("building the Go oracle in time").isTrue();
        assertThat(process.exitValue()).as("building the Go oracle: %s", Files.readString(work.resolve("build.log")))
                .isZero();
        oracle = binary;
    }

    @TestFactory
    Stream<DynamicTest> sprigCasesAreWhatGoRenders() throws IOException, InterruptedException {
        final List<Case> cases = new ArrayList<>();
        Stream.of(SprigCases.STRINGS, SprigCases.LISTS_AND_DICTS, SprigCases.MATH, SprigCases.DEFAULTS_JSON_ENCODING,
                SprigCases.REGEX, SprigCases.SEMVER, SprigCases.DATES, SprigCases.URLS_AND_PATHS, SprigCases.GAPS)
                .forEach(cases::addAll);
        final JsonNode answers = renderWithGo(cases);
        return java.util.stream.IntStream.range(0, cases.size()).mapToObj(i -> {
            final Case c = cases.get(i);
            final JsonNode go = answers.get(i);
            return DynamicTest.dynamicTest(c.name(), () -> {
                if (c.fails()) {
                    assertThat(go.path("error").asText(null)).as("%s: %s", c.name(), c.template()).isEqualTo(c.error());
                } else {
                    assertThat(go.path("output").asText(null)).as("%s: %s", c.name(), c.template())
                            .isEqualTo(c.output());
                }
            });
        });
    }

    private static JsonNode renderWithGo(final List<Case> cases) throws IOException, InterruptedException {
        final ArrayNode input = MAPPER.createArrayNode();
        for (final Case c : cases) {
            final ObjectNode node = input.addObject();
            node.put("name", SprigCases.TEMPLATE_NAME);
            node.put("template", c.template());
            node.set("data", c.data() == null ? MAPPER.createObjectNode() : MAPPER.readTree(c.data()));
            node.put("funcs", "sprig");
        }
        final Path work = oracle.getParent();
        final Path in = work.resolve("cases.json");
        final Path out = work.resolve("answers.json");
        Files.writeString(in, MAPPER.writeValueAsString(input), StandardCharsets.UTF_8);
        final ProcessBuilder run = new ProcessBuilder(oracle.toString())
                .redirectInput(in.toFile())
                .redirectOutput(out.toFile())
                .redirectError(work.resolve("run.stderr").toFile());
        run.environment().put("TZ", "UTC");
        final Process process = run.start();
        assertThat(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("the Go oracle answering in time").isTrue();
        assertThat(process.exitValue()).as("the Go oracle's exit status").isZero();
        final JsonNode answers = MAPPER.readTree(out.toFile());
        assertThat(answers.size()).as("one answer per case").isEqualTo(cases.size());
        return answers;
    }

    private static Optional<Path> goBinary() {
        final String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)).filter(dir -> !dir.isEmpty())
                                .map(dir -> Path.of(dir, "go")),
                        Stream.of(Path.of("/usr/lib/go/bin/go"), Path.of("/usr/local/go/bin/go")))
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static Path moduleDir() {
        final Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("src/test/go/oracle"))) {
            return here;
        }
        return here.resolve("renderer");
    }
}
