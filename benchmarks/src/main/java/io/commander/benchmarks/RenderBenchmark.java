package io.commander.benchmarks;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.commander.renderer.cli.RenderMain;
import io.commander.renderer.cluster.ClusterRenderer;
import io.commander.renderer.cluster.RenderProblem;
import io.commander.renderer.cluster.Sections;
import io.commander.renderer.cluster.TemplateDocument;
import io.commander.renderer.params.ParamSchema;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One cluster render as the server does it: a static cluster with three masters (SSH hosts,
 * StaticInstances with their SSHCredentials, the master NodeGroup), its ClusterConfiguration,
 * StaticClusterConfiguration and InitConfiguration, and ten tabs of ModuleConfigs, rendered with
 * sprig and validated (values against the params, every document parsed and checked). Settings
 * fit a 2-core machine, about 45 s for both measurements: the warm-up is long because the JIT
 * needs some 10 s there to settle the template engine and the YAML parser.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class RenderBenchmark {

  static final String TEMPLATE = "static-cluster-3-masters.json";
  static final String VALUES = "static-cluster-3-masters.values.json";

  private final ClusterRenderer renderer = new ClusterRenderer();
  private Sections sections;
  private ParamSchema schema;
  private Map<String, Object> values;

  /**
   * Loads the template and refuses to measure a render that has problems (its time would mean
   * nothing) or that is not the same twice.
   */
  @Setup
  public void load() throws IOException {
    final TemplateDocument document = TemplateDocument.fromMap(read(TEMPLATE));
    sections = document.sections();
    schema = ParamSchema.parse(document.params()).orElseThrow();
    values = read(VALUES);
    final ClusterRenderer.Result first = render();
    if (!first.valid()) {
      throw new IllegalStateException(TEMPLATE + " does not render cleanly:\n" + first.problems().stream()
          .map(p -> p + " [" + p.kind().code() + "]").collect(Collectors.joining("\n")));
    }
    if (!render().rendered().equals(first.rendered())) {
      throw new IllegalStateException("two renders of " + TEMPLATE + " differ");
    }
  }

  /** This benchmark's state, loaded and checked, for a render outside JMH. */
  RenderBenchmark loaded() throws IOException {
    load();
    return this;
  }

  /** Renders per second. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  public ClusterRenderer.Result throughput() {
    return render();
  }

  /** Time per render, sampled: JMH reports its percentiles. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  public ClusterRenderer.Result latency() {
    return render();
  }

  /** What {@code commander render --validate} renders: stand-in built-ins, a fixed clock, seed 0. */
  ClusterRenderer.Result render() {
    return renderer.render(sections, schema, values, RenderMain.BUILT_INS, RenderMain.CLOCK, 0L);
  }

  static Map<String, Object> read(final String resource) throws IOException {
    try (InputStream in = RenderBenchmark.class.getResourceAsStream("/" + resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the class path");
      }
      return new ObjectMapper().readValue(in, new TypeReference<>() { });
    }
  }
}
