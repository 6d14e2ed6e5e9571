package io.commander.benchmarks;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code commander bench [render|tasks|api|agents]}: runs a benchmark. {@code render} (the default) runs JMH
 * with the settings its class declares, JMH's report first, then one summary line to quote;
 * {@code tasks} runs {@link TaskQueueBench} and {@code api} {@link ApiBench}, which start a whole Commander
 * rather than JMH's forks; {@code agents} runs {@link AgentsBench} (a Commander process and a fleet of agents);
 * {@code tunnel} runs {@link TunnelBench} (a Kubernetes API request through the agent link, and straight).
 */
public final class BenchMain {

  private BenchMain() {
  }

  public static void main(final String[] args) throws RunnerException, java.io.IOException, InterruptedException {
    final String which = args.length == 0 ? "render" : args[0];
    if ("api".equals(which) && args.length <= 3) {
      try {
        ApiBench.run(args.length > 1 ? Integer.parseInt(args[1]) : 10_000, args.length > 2 ? Integer.parseInt(args[2]) : 8);
        System.exit(0);
      } catch (NumberFormatException e) {
        // Usage below.
      }
    }
    if ("tunnel".equals(which) && args.length <= 2) {
      try {
        TunnelBench.run(args.length > 1 ? Integer.parseInt(args[1]) : 8);
        System.exit(0);
      } catch (NumberFormatException e) {
        // Usage below.
      }
    }
    if ("agents".equals(which) && args.length <= 2) {
      try {
        AgentsBench.run(args.length > 1 ? java.util.Arrays.stream(args[1].split(",")).map(String::trim)
            .mapToInt(Integer::parseInt).toArray() : AgentsBench.DEFAULT_STEPS);
        System.exit(0);
      } catch (NumberFormatException e) {
        // Usage below.
      }
    }
    if (args.length > 1 || !("render".equals(which) || "tasks".equals(which))) {
      System.err.println("usage: commander bench [render|tasks|api [CLUSTERS [SECONDS]]|agents [STEPS, e.g. 1000,2000]"
          + "|tunnel [SECONDS]]");
      System.exit(2);
    }
    if ("tasks".equals(which)) {
      TaskQueueBench.run();
      System.exit(0);
    }
    final Collection<RunResult> results = new Runner(new OptionsBuilder()
        .include(Pattern.quote(RenderBenchmark.class.getName()) + "\\.").build()).run();
    final RunResult throughput = result(results, "throughput");
    final RunResult latency = result(results, "latency");
    // The baseline measured as long as JMH measured one mode, right after it, on the same machine.
    final Optional<GoRenderBaseline.Figures> go = GoRenderBaseline.measure(10);
    final double perSecond = throughput.getPrimaryResult().getScore();
    System.out.printf(Locale.ROOT, "%nrender+validate: %.0f renders/s, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms%n",
        perSecond,
        latency.getPrimaryResult().getStatistics().getPercentile(50),
        latency.getPrimaryResult().getStatistics().getPercentile(99),
        latency.getPrimaryResult().getStatistics().getPercentile(99.9));
    go.ifPresent(g -> System.out.printf(Locale.ROOT, "Go text/template + sprig + yaml.v2 (parse, execute, YAML parse "
        + "per render, one goroutine): %.0f renders/s, p50 %.2f ms, p99 %.2f ms; Commander/Go = %.1fx%s%n",
        g.perSecond(), g.p50Millis(), g.p99Millis(), perSecond / g.perSecond(),
        g.differentSections().isEmpty() ? "; same output" : "; output differs in " + g.differentSections()));
  }

  private static RunResult result(final Collection<RunResult> results, final String method) {
    return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no result for " + method));
  }
}
