package io.commander.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * {@code commander bench [all|render|tasks|events|api|agents]}: runs a benchmark, or all of them (the default), each in
 * a JVM of its own, one after another, ending with one table of their figures. {@code render} runs JMH
 * with the settings its class declares, JMH's report first, then one summary line to quote;
 * {@code tasks} runs {@link TaskQueueBench} and {@code api} {@link ApiBench}, which start a whole Commander
 * rather than JMH's forks, {@code events} {@link EventsBench}; {@code agents} runs {@link AgentsBench} (a Commander
 * process and a fleet of agents); {@code tunnel} runs {@link TunnelBench} (a Kubernetes API request through the agent
 * link, and straight).
 */
public final class BenchMain {

  private BenchMain() {
  }

  /**
   * Every benchmark, in the order {@code bench} runs them, with the lines of its output that hold its figures
   * (its summary lines or the rows of its table) and how long it takes here.
   */
  private enum Benchmark {
    RENDER("render", "under a minute", Pattern.compile("^(render\\+validate:|Go text/template).*")),
    TASKS("tasks", "about two minutes", Pattern.compile("^(tasks, |database alone ).*")),
    EVENTS("events", "about 3 minutes", Pattern.compile("^events, .*")),
    API("api", "about 3 minutes", Pattern.compile("^\\| (?!request |---).*|^(memory|console): .*")),
    TUNNEL("tunnel", "about a minute", Pattern.compile("^  added by the tunnel: .*|^the agent's request alone.*")),
    AGENTS("agents", "about 25 minutes", Pattern.compile("^\\| (?!clusters |---).*"));

    final String id;
    final String takes;
    final Pattern figures;

    Benchmark(final String id, final String takes, final Pattern figures) {
      this.id = id;
      this.takes = takes;
      this.figures = figures;
    }
  }

  public static void main(final String[] args) throws RunnerException, IOException, InterruptedException {
    if (args.length == 0 || args.length == 1 && "all".equals(args[0])) {
      System.exit(all());
    }
    final String which = args[0];
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
        AgentsBench.run(args.length > 1 ? Arrays.stream(args[1].split(",")).map(String::trim)
            .mapToInt(Integer::parseInt).toArray() : AgentsBench.DEFAULT_STEPS);
        System.exit(0);
      } catch (NumberFormatException e) {
        // Usage below.
      }
    }
    if (args.length > 1 || !("render".equals(which) || "tasks".equals(which) || "events".equals(which))) {
      System.err.println("usage: commander bench [all|render|tasks|events|api [CLUSTERS [SECONDS]]|agents [STEPS, e.g. "
          + "1000,2000]|tunnel [SECONDS]]");
      System.exit(2);
    }
    if ("tasks".equals(which)) {
      TaskQueueBench.run();
      System.exit(0);
    }
    if ("events".equals(which)) {
      EventsBench.run();
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

  /**
   * Runs every benchmark in a JVM of its own (each measures a whole process, and the agents' one a fleet
   * beside it), its output shown as it comes, then prints one table of the figures they printed.
   *
   * @return 0 when every benchmark ended well, else 1
   */
  private static int all() throws IOException, InterruptedException {
    final String java = ProcessHandle.current().info().command().orElse("java");
    final String jar;
    try {
      jar = Path.of(BenchMain.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot find the benchmarks' jar", e);
    }
    System.out.println("bench: every benchmark, one after another (" + Arrays.stream(Benchmark.values())
        .map(b -> b.id + ": " + b.takes).collect(Collectors.joining(", ")) + ")");
    final Map<Benchmark, List<String>> figures = new EnumMap<>(Benchmark.class);
    final Map<Benchmark, Integer> exits = new EnumMap<>(Benchmark.class);
    for (Benchmark benchmark : Benchmark.values()) {
      System.out.printf("%n== bench %s ==%n", benchmark.id);
      // Each with this JVM's options (Commander's, from bin/commander), but the agents' fleet: its Commander is
      // a process of its own.
      final List<String> command = new ArrayList<>(List.of(java));
      if (benchmark != Benchmark.AGENTS) {
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
      }
      command.addAll(List.of("-jar", jar, benchmark.id));
      final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      final List<String> kept = new ArrayList<>();
      try (BufferedReader out = process.inputReader()) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          System.out.println(line);
          if (benchmark.figures.matcher(line).matches()) {
            kept.add(line);
          }
        }
      }
      exits.put(benchmark, process.waitFor());
      figures.put(benchmark, kept);
    }
    System.out.printf("%n| benchmark | figures (each line as the benchmark printed it above) |%n|---|---|%n");
    for (Benchmark benchmark : Benchmark.values()) {
      final String outcome = exits.get(benchmark) == 0 ? "" : " (ended with exit code " + exits.get(benchmark) + ")";
      final List<String> lines = figures.get(benchmark);
      System.out.printf("| %s%s | %s |%n", benchmark.id, outcome, lines.isEmpty() ? "no figures"
          : String.join("<br>", lines.stream().map(l -> l.replace("|", "\\|")).toList()));
    }
    return exits.values().stream().allMatch(code -> code == 0) ? 0 : 1;
  }

  private static RunResult result(final Collection<RunResult> results, final String method) {
    return results.stream().filter(r -> r.getParams().getBenchmark().endsWith("." + method)).findFirst()
        .orElseThrow(() -> new IllegalStateException("no result for " + method));
  }
}
