package io.commander.renderer.gotemplate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Go's own {@code text/template} as a reference: runs the oracle program in {@code src/test/go/oracle}
 * (built once per JVM with the Go toolchain found on this machine, in GOPATH mode against Debian's
 * packaged sprig) on a batch of cases, and reads and writes the vector files it speaks.
 *
 * <p>A vector file is a JSON array of cases {@code {"name", "template", "data", "funcs"}}; the oracle
 * answers with a JSON array of results {@code {"name", "output"}} or {@code {"name", "error"}}, in the
 * same order. Data is handed to Java in the shape Go's {@code json.Unmarshal} into {@code interface{}}
 * gives it: objects as {@code Map<String, Object>}, arrays as {@code List<Object>}, every number as a
 * {@code Double} (parsed from its literal, as Go does), strings, {@code Boolean} and {@code null}.
 */
public final class GoOracle {

    /** Where Debian's golang-*-dev packages put their sources: the GOPATH the oracle builds in. */
    static final Path DEBIAN_GOPATH = Path.of("/usr/share/gocode");

    private static final Path SPRIG_SOURCES = DEBIAN_GOPATH.resolve("src/github.com/Masterminds/sprig");
    private static final List<Path> WELL_KNOWN_GO = List.of(Path.of("/usr/lib/go/bin/go"), Path.of("/usr/local/go/bin/go"));
    private static final long BUILD_TIMEOUT_SECONDS = 600;
    private static final long RUN_TIMEOUT_SECONDS = 300;
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path builtOracle;

    private GoOracle() {
    }

    /** One template to render: the template's name, its text, its data and the function set. */
    record Case(String name, String template, Object data, String funcs) {
    }

    /** What rendering a case gave: exactly one of {@code output} and {@code error} is not null. */
    record Result(String name, String output, String error) {

        /** How the oracle reports output that is not valid UTF-8 (a Java string cannot hold it). */
        static final String INVALID_UTF8 = "oracle: output is not valid UTF-8";

        static Result ofOutput(final String name, final String output) {
            return new Result(name, output, null);
        }

        static Result ofError(final String name, final String error) {
            return new Result(name, null, error);
        }

        boolean failed() {
            return error != null;
        }

        /** True when Go rendered bytes that are not UTF-8 text, which no Java string can equal. */
        boolean notText() {
            return error != null && error.startsWith(INVALID_UTF8);
        }
    }

    /** True when a Go toolchain and Debian's packaged sprig are on this machine. */
    static boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Why the oracle cannot run here, or empty when it can. */
    static Optional<String> unavailableReason() {
        if (goBinary().isEmpty()) {
            return Optional.of("Go is not installed (no go on PATH nor in /usr/lib/go/bin): install golang-go "
                    + "golang-github-masterminds-sprig-dev, as bin/commander test does when it can");
        }
        if (!Files.isDirectory(SPRIG_SOURCES)) {
            return Optional.of("Go is installed but sprig is not (" + SPRIG_SOURCES
                    + " is missing): install golang-github-masterminds-sprig-dev");
        }
        return Optional.empty();
    }

    /** The go command: the first {@code go} on PATH, else the one Debian's golang-go installs. */
    static Optional<Path> goBinary() {
        final String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.concat(
                        Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                                .map(dir -> Path.of(dir, "go")),
                        WELL_KNOWN_GO.stream())
                .filter(Files::isRegularFile)
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * Renders every case with Go, in one run of the oracle.
     *
     * @return one result per case, in the order of the cases
     * @throws IOException when the oracle cannot be built or run, or answers something unreadable
     */
    static List<Result> render(final List<Case> cases) throws IOException {
        final Path oracle = build();
        final Path stderr = moduleDir().resolve("target/go-oracle/last-run.stderr");
        final Process process = new ProcessBuilder(oracle.toString())
                .redirectError(stderr.toFile())
                .start();
        try (OutputStream in = process.getOutputStream()) {
            in.write(writeCases(cases).getBytes(StandardCharsets.UTF_8));
        }
        final byte[] answer;
        try (InputStream out = process.getInputStream()) {
            answer = out.readAllBytes();
        }
        final int status = waitFor(process, RUN_TIMEOUT_SECONDS, "the Go oracle");
        if (status != 0) {
            throw new IOException("the Go oracle exited with status " + status + ": " + Files.readString(stderr).strip());
        }
        final List<Result> results = readResults(new String(answer, StandardCharsets.UTF_8));
        if (results.size() != cases.size()) {
            throw new IOException("the Go oracle answered " + results.size() + " results for " + cases.size() + " cases");
        }
        return results;
    }

    /** The renderer module's folder (tests run in it under Maven; from elsewhere it is found by path). */
    static Path moduleDir() {
        final Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("src/test/go/oracle"))) {
            return here;
        }
        final Path root = Path.of(System.getProperty("commander.project.root", here.toString()));
        return root.resolve("renderer");
    }

    /** The oracle's Go source folder. */
    static Path oracleSources() {
        return moduleDir().resolve("src/test/go/oracle");
    }

    /** The vector folder in the sources (what regenerating the goldens rewrites). */
    static Path vectorSources() {
        return moduleDir().resolve("src/test/resources/vectors");
    }

    private static synchronized Path build() throws IOException {
        if (builtOracle != null) {
            return builtOracle;
        }
        final Optional<String> unavailable = unavailableReason();
        if (unavailable.isPresent()) {
            throw new IOException(unavailable.get());
        }
        final Path work = moduleDir().resolve("target/go-oracle");
        Files.createDirectories(work);
        final Path binary = work.resolve("oracle");
        final Path log = work.resolve("build.log");
        final ProcessBuilder builder = new ProcessBuilder(goBinary().orElseThrow().toString(), "build", "-o",
                binary.toString(), "main.go")
                .directory(oracleSources().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        final Map<String, String> env = builder.environment();
        env.put("GOPATH", DEBIAN_GOPATH.toString());
        env.put("GO111MODULE", "off");
        env.put("GOFLAGS", "");
        env.put("GOTOOLCHAIN", "local");
        env.put("GOCACHE", moduleDir().resolve("target/go-cache").toString());
        final int status = waitFor(builder.start(), BUILD_TIMEOUT_SECONDS, "building the Go oracle");
        if (status != 0) {
            throw new IOException("building the Go oracle failed (GOPATH=" + DEBIAN_GOPATH + " GO111MODULE=off go build "
                    + oracleSources().resolve("main.go") + "): " + Files.readString(log).strip());
        }
        builtOracle = binary;
        return binary;
    }

    private static int waitFor(final Process process, final long seconds, final String what) throws IOException {
        try {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(what + " did not finish within " + seconds + " s");
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while " + what, e);
        }
    }

    /** Reads a vector file from the test classpath ({@code vectors/NAME}). */
    static String resource(final String name) {
        try (InputStream in = GoOracle.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("vectors/" + name + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a vector file: a JSON array of {@code {"name", "template", "data", "funcs"}}. */
    static List<Case> readCases(final String json) {
        final List<Case> cases = new ArrayList<>();
        for (final Object item : (List<?>) parseGoValue(json)) {
            final Map<?, ?> fields = (Map<?, ?>) item;
            cases.add(new Case(requireString(fields, "name"), requireString(fields, "template"), fields.get("data"),
                    fields.containsKey("funcs") ? requireString(fields, "funcs") : "go"));
        }
        return cases;
    }

    /** Parses an oracle answer or golden file: a JSON array of {@code {"name", "output"|"error"}}. */
    static List<Result> readResults(final String json) {
        final List<Result> results = new ArrayList<>();
        for (final Object item : (List<?>) parseGoValue(json)) {
            final Map<?, ?> fields = (Map<?, ?>) item;
            final String name = requireString(fields, "name");
            if (fields.containsKey("output") == fields.containsKey("error")) {
                throw new IllegalArgumentException("result " + name + " must have exactly one of output and error");
            }
            results.add(fields.containsKey("error")
                    ? Result.ofError(name, requireString(fields, "error"))
                    : Result.ofOutput(name, requireString(fields, "output")));
        }
        return results;
    }

    /** Writes cases as the oracle reads them; numbers are written so that Go reads back the same float64. */
    static String writeCases(final List<Case> cases) {
        final List<Map<String, Object>> list = new ArrayList<>();
        for (final Case c : cases) {
            final Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", c.name());
            fields.put("template", c.template());
            fields.put("data", c.data());
            fields.put("funcs", c.funcs());
            list.add(fields);
        }
        return toJson(list);
    }

    /** A value as JSON; a {@code Double} is written so that Go reads back the same float64. */
    static String toJson(final Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses JSON into the shape Go's {@code json.Unmarshal} into {@code interface{}} gives. */
    public static Object parseGoValue(final String json) {
        try (JsonParser parser = JSON.createParser(json)) {
            parser.nextToken();
            final Object value = readGoValue(parser);
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the JSON value at " + parser.currentLocation());
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Object readGoValue(final JsonParser parser) throws IOException {
        final JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT: {
                final Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() != JsonToken.END_OBJECT) {
                    final String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, readGoValue(parser));
                }
                return map;
            }
            case START_ARRAY: {
                final List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(readGoValue(parser));
                }
                return list;
            }
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // Go parses the literal itself (strconv.ParseFloat): "-0" is negative zero, big integers round.
                return Double.parseDouble(parser.getText());
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalArgumentException("unexpected JSON token " + token + " at " + parser.currentLocation());
        }
    }

    private static String requireString(final Map<?, ?> fields, final String key) {
        if (!(fields.get(key) instanceof String value)) {
            throw new IllegalArgumentException("field " + key + " must be a string in " + fields);
        }
        return value;
    }
}
