package io.commander.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commander.renderer.cli.RenderMain;
import io.commander.renderer.cluster.ClusterRenderer;
import io.commander.renderer.cluster.TemplateDocument;
import io.commander.renderer.params.ParamSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The renderer benchmark's baseline: the same template rendered by Go's text/template with sprig and
 * Helm's functions, every document parsed as YAML, in one goroutine ({@code renderer/src/test/go/renderbench},
 * built in GOPATH mode against Debian's packages). Absent Go, it says why and the benchmark goes on.
 */
final class GoRenderBaseline {

  private static final Path SOURCE = Path.of("renderer/src/test/go/renderbench");
  private static final Path GOPATH = Path.of("/usr/share/gocode");

  /** Go's figures, and whether its first render gave the same text as the Java renderer's, section by section. */
  record Figures(double perSecond, double p50Millis, double p99Millis, List<String> differentSections) {
  }

  private GoRenderBaseline() {
  }

  /** Renders for {@code seconds} after as long a warm-up; empty with the reason printed when Go is missing. */
  static Optional<Figures> measure(final int seconds) throws IOException, InterruptedException {
    final Optional<Path> go = Stream.of(Path.of("/usr/bin/go"), Path.of("/usr/lib/go/bin/go"), Path.of("/usr/local/go/bin/go"))
        .filter(Files::isExecutable).findFirst();
    if (go.isEmpty() || !Files.isDirectory(GOPATH.resolve("src/github.com/Masterminds/sprig"))
        || !Files.isDirectory(GOPATH.resolve("src/gopkg.in/yaml.v2")) || !Files.isDirectory(SOURCE)) {
      System.out.println("Go baseline skipped: needs golang-go, golang-github-masterminds-sprig-dev and "
          + "golang-gopkg-yaml.v2-dev (bin/commander bench installs them as root), run from the project's root");
      return Optional.empty();
    }
    final Path work = Files.createTempDirectory("commander-renderbench");
    try {
      final Path binary = work.resolve("renderbench");
      run(List.of(go.get().toString(), "build", "-o", binary.toString(), "."), SOURCE, work, 300);
      final Path template = work.resolve("template.json");
      final Path data = work.resolve("data.json");
      final Map<String, Object> export = RenderBenchmark.read(RenderBenchmark.TEMPLATE);
      final ObjectMapper json = new ObjectMapper();
      json.writeValue(template.toFile(), export);
      final TemplateDocument document = TemplateDocument.fromMap(export);
      json.writeValue(data.toFile(), ClusterRenderer.data(ParamSchema.parse(document.params()).orElseThrow(),
          RenderBenchmark.read(RenderBenchmark.VALUES), RenderMain.BUILT_INS));
      final String out = run(List.of(binary.toString(), "-template", template.toString(), "-data", data.toString(),
          "-seconds", Integer.toString(seconds)), work, work, 4L * seconds + 60);
      final Map<String, Object> result = json.readValue(out, new TypeReference<>() { });
      @SuppressWarnings("unchecked")
      final Map<String, String> goRendered = (Map<String, String>) result.get("rendered");
      final Map<String, String> javaRendered = new RenderBenchmark().loaded().render().rendered();
      final List<String> different = javaRendered.keySet().stream()
          .filter(section -> !javaRendered.get(section).equals(goRendered.getOrDefault(section, ""))).toList();
      return Optional.of(new Figures(((Number) result.get("per_second")).doubleValue(),
          ((Number) result.get("p50_ms")).doubleValue(), ((Number) result.get("p99_ms")).doubleValue(), different));
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static String run(final List<String> command, final Path dir, final Path work, final long timeoutSeconds)
      throws IOException, InterruptedException {
    final ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectError(work.resolve("stderr.txt").toFile());
    builder.environment().put("GOPATH", GOPATH.toString());
    builder.environment().put("GO111MODULE", "off");
    builder.environment().put("GOCACHE", work.resolve("gocache").toString());
    final Process process = builder.start();
    final byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
    }
    if (process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + Files.readString(work.resolve("stderr.txt")));
    }
    return new String(out, java.nio.charset.StandardCharsets.UTF_8);
  }
}
