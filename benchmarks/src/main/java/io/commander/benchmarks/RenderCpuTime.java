package io.commander.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * CPU time per render of {@link RenderBenchmark}'s cluster, read from the rendering thread's own
 * clock: on a shared machine wall-clock rates say how busy the machine was, this says far less so.
 * {@code java -cp benchmarks/target/commander-benchmarks.jar io.commander.benchmarks.RenderCpuTime
 * [WARM_UP_SECONDS [ROUNDS]]} (defaults 30 and 10 rounds of 3 s): prints the median and the minimum.
 */
public final class RenderCpuTime {

  private RenderCpuTime() {
  }

  public static void main(final String[] args) throws Exception {
    final long warmUpNanos = (args.length > 0 ? Long.parseLong(args[0]) : 30) * 1_000_000_000L;
    final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    final RenderBenchmark benchmark = new RenderBenchmark().loaded();
    final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int problems = 0;
    long end = System.nanoTime() + warmUpNanos;
    while (System.nanoTime() < end) {
      problems += benchmark.throughput().problems().size();
    }
    final long[] micros = new long[rounds];
    for (int r = 0; r < rounds; r++) {
      final long cpu = threads.getCurrentThreadCpuTime();
      long renders = 0;
      end = System.nanoTime() + 3_000_000_000L;
      while (System.nanoTime() < end) {
        problems += benchmark.throughput().problems().size();
        renders++;
      }
      micros[r] = (threads.getCurrentThreadCpuTime() - cpu) / 1000 / renders;
    }
    final long[] sorted = micros.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "render+validate CPU time: median %d µs, minimum %d µs per render (rounds: %s; "
        + "load average %s)%s%n", sorted[rounds / 2], sorted[0], Arrays.toString(micros),
        loadAverage(),
        problems == 0 ? "" : "; " + problems + " problems");
  }

  /** The one-minute load average, where the system tells it. */
  private static String loadAverage() {
    final double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", load);
  }
}
