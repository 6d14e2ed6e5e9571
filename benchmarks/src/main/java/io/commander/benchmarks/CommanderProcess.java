package io.commander.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Commander in a process of its own, started as {@code bin/commander up} starts it (the server jar,
 * {@code COMMANDER_JAVA_OPTS} or up's JVM options) with the given settings, and what Linux says about
 * it: resident memory, CPU time, and the same of its child processes (the embedded PostgreSQL).
 */
final class CommanderProcess {

  /** Clock ticks per second of /proc/<pid>/stat's times: 100 on every Linux this runs on. */
  private static final double TICKS = 100;
  private static final String JAR = System.getProperty("commander.server.jar", "server/target/commander-server.jar");

  private final Map<String, String> env;
  private final Path log;
  private final int port;
  private Process process;

  CommanderProcess(final Map<String, String> env, final Path log) {
    this.env = env;
    this.log = log;
    this.port = Integer.parseInt(env.get("COMMANDER_HTTP_PORT"));
  }

  int port() {
    return port;
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  long pid() {
    return process.pid();
  }

  /** Starts the process (its log appended to the log file); answers at once. */
  void start() throws IOException {
    if (!Files.isRegularFile(Path.of(JAR))) {
      throw new IllegalStateException(JAR + " is missing: run bin/commander build");
    }
    final List<String> command = new ArrayList<>(List.of("java"));
    command.addAll(List.of(System.getenv().getOrDefault("COMMANDER_JAVA_OPTS", "-Xms256m -XX:+UseSerialGC")
        .trim().split("\\s+")));
    command.addAll(List.of("-jar", JAR, "run"));
    final ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().putAll(env);
    process = builder.start();
  }

  /** Waits until {@code /health/ready} answers 200; fails when the process ends first or after the timeout. */
  void awaitReady(final Duration timeout) throws InterruptedException {
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    final long until = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < until) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Commander exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(url() + "/health/ready")).timeout(Duration.ofSeconds(2))
            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("Commander not ready after " + timeout + "; see " + log);
  }

  /** SIGTERM, as Ctrl-C or Kubernetes stop it; waits for the exit (SIGKILL after the timeout). */
  void stop(final Duration timeout) throws InterruptedException {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }

  /** What one process tree uses now: the JVM's resident set and CPU seconds, and its descendants' together. */
  record Usage(long jvmRssKib, double jvmCpuSeconds, long childrenPssKib, double childrenCpuSeconds, int processes) {
  }

  /**
   * The JVM's RSS and CPU, and its embedded PostgreSQL's: the postmaster (which runs detached from
   * the JVM, found by its {@code postmaster.pid}) and its backends, their PSS (shared memory counted
   * once) and CPU summed. CPU of backends that ended is lost, so PostgreSQL's share reads low when
   * connections come and go.
   */
  Usage usage() {
    final List<Long> postgres = new ArrayList<>();
    try {
      final Path pidFile = Path.of(env.get("COMMANDER_STATE_DIR"), "postgres", "postmaster.pid");
      if (Files.isRegularFile(pidFile)) {
        final long postmaster = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
        postgres.add(postmaster);
        postgres.addAll(descendants(postmaster));
      }
    } catch (IOException | RuntimeException e) {
      // Not running.
    }
    final long pid = process.pid();
    long pss = 0;
    double cpu = 0;
    for (long child : postgres) {
      pss += kib(Path.of("/proc", Long.toString(child), "smaps_rollup"), "Pss:");
      cpu += cpuSeconds(child);
    }
    return new Usage(kib(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:"), cpuSeconds(pid), pss, cpu,
        postgres.size());
  }

  /** utime + stime of a process, in seconds; 0 when it is gone. */
  static double cpuSeconds(final long pid) {
    try {
      final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After the command: state is field 3, utime 14 and stime 15 (1-based, as proc(5) counts).
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long kib(final Path file, final String key) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.replaceAll("\\D+", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or not ours to read.
    }
    return 0;
  }

  private static List<Long> descendants(final long root) {
    final Map<Long, List<Long>> children = new HashMap<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
        try {
          final String stat = Files.readString(p.resolve("stat"));
          final long ppid = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
          children.computeIfAbsent(ppid, k -> new ArrayList<>()).add(Long.parseLong(p.getFileName().toString()));
        } catch (IOException | RuntimeException e) {
          // Gone meanwhile.
        }
      });
    } catch (IOException e) {
      return List.of();
    }
    final List<Long> out = new ArrayList<>();
    final List<Long> queue = new ArrayList<>(children.getOrDefault(root, List.of()));
    while (!queue.isEmpty()) {
      final long pid = queue.remove(queue.size() - 1);
      out.add(pid);
      queue.addAll(children.getOrDefault(pid, List.of()));
    }
    return out;
  }

  /** The heap the JVM uses now (all heap pools of jvm_memory_used_bytes on /metrics), in bytes; -1 when unknown. */
  long heapUsed() {
    final Map<String, Double> metrics = metrics("jvm_memory_used_bytes{");
    return metrics.isEmpty() ? -1 : (long) metrics.entrySet().stream().filter(e -> e.getKey().contains("area=\"heap\""))
        .mapToDouble(Map.Entry::getValue).sum();
  }

  /** The samples of {@code /metrics} whose line starts with {@code prefix}: the series to its value. */
  Map<String, Double> metrics(final String prefix) {
    final Map<String, Double> out = new HashMap<>();
    try {
      final String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url() + "/metrics"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
      body.lines().filter(l -> l.startsWith(prefix)).forEach(l -> {
        final int space = l.lastIndexOf(' ');
        out.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
      });
    } catch (IOException | RuntimeException e) {
      // Unknown.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return out;
  }
}
