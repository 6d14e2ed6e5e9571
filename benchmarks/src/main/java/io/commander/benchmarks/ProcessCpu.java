package io.commander.benchmarks;

import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * CPU time used so far by this JVM and by a PostgreSQL server (its postmaster, the backends it runs now and
 * those it has reaped), read from {@code /proc}: what a run costs in CPU, however busy the machine is, where
 * its rate says little when other work shares the cores.
 */
final class ProcessCpu {

  /** Linux reports {@code /proc/<pid>/stat} times in USER_HZ, 100 a second on every architecture it runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** The embedded Kafka broker's threads (Kafka's clients in Commander, named after their client id, are not). */
  private static final Pattern BROKER_THREADS = Pattern.compile("kafka-(?!admin-client-thread|producer-network-thread"
      + "|consumer)|data-plane-kafka|broker-|controller-|group-coordinator|share-|raft-|quorum-controller|"
      + "transaction-log-manager|TxnMarkerSenderThread|ExpirationReaper|client-metrics-reaper|network-partition|"
      + "persister-state|metrics-meter-tick|LogDirFailureHandler|Replica(Fetcher|AlterLogDirs)Thread");

  private final long postmaster;

  private ProcessCpu(final long postmaster) {
    this.postmaster = postmaster;
  }

  /** For the server behind {@code pool}: its postmaster is the parent of any of its backends. */
  static ProcessCpu of(final Pool pool) throws IOException {
    final long backend = pool.query("SELECT pg_backend_pid()").execute().await().iterator().next().getLong(0);
    return new ProcessCpu(stat(backend)[1]);
  }

  /** This JVM's CPU time, all threads. */
  private static long jvmNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /**
   * This JVM's CPU time so far, split by who spent it: the benchmark's load generator (its main thread and
   * its HTTP client's), the embedded Kafka broker (its threads), and the rest: Commander's threads with the
   * JVM's own (garbage collection and the JIT compilers, which work for all of them, are counted as
   * Commander's). The JVM's own is also told apart: {@code gc} is the collectors' pause time (with the
   * serial collector the benchmarks run with, its CPU time), {@code jvmOwn} all CPU time of threads Java
   * cannot see (collector and JIT compiler threads). A thread that ended between two readings takes its time
   * with it into {@code jvmOwn}; the load generator's and the broker's run throughout.
   */
  record Jvm(long total, long loadGenerator, long broker, long javaThreads, long gc) {

    static Jvm now() {
      final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
      long loadGenerator = 0;
      long broker = 0;
      long javaThreads = 0;
      for (ThreadInfo thread : threads.getThreadInfo(threads.getAllThreadIds())) {
        final long nanos = thread == null ? -1 : threads.getThreadCpuTime(thread.getThreadId());
        if (nanos < 0) {
          continue;
        }
        javaThreads += nanos;
        final String name = thread.getThreadName();
        if (name.equals("main") || name.startsWith("HttpClient-") || name.startsWith(BenchApi.LOAD_GENERATOR)) {
          loadGenerator += nanos;
        } else if (BROKER_THREADS.matcher(name).lookingAt()) {
          broker += nanos;
        }
      }
      long gcMillis = 0;
      for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
        gcMillis += Math.max(0, collector.getCollectionTime());
      }
      return new Jvm(jvmNanos(), loadGenerator, broker, javaThreads, gcMillis * 1_000_000L);
    }

    Jvm minus(final Jvm earlier) {
      return new Jvm(total - earlier.total, loadGenerator - earlier.loadGenerator, broker - earlier.broker,
          javaThreads - earlier.javaThreads, gc - earlier.gc);
    }

    long commander() {
      return total - loadGenerator - broker;
    }

    /** Commander's own threads: event loops, workers, the renderer's and the provisioners' pools. */
    long commanderThreads() {
      return javaThreads - loadGenerator - broker;
    }

    /** CPU of threads Java cannot see: the garbage collector's and the JIT compilers'. */
    long jvmOwn() {
      return Math.max(0, total - javaThreads);
    }
  }

  /** The server's CPU time: the postmaster's own and its reaped children's, and its live children's. */
  long postgresNanos() throws IOException {
    final long[] own = stat(postmaster);
    long ticks = own[2] + own[3] + own[4] + own[5];
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
        .chars().allMatch(Character::isDigit))) {
      for (Path proc : procs) {
        try {
          final long[] child = stat(Long.parseLong(proc.getFileName().toString()));
          if (child[1] == postmaster) {
            ticks += child[2] + child[3];
          }
        } catch (IOException gone) {
          // A process that ended meanwhile: a backend's time is in the postmaster's reaped children's now.
        }
      }
    }
    return ticks * NANOS_PER_TICK;
  }

  /** {pid, ppid, utime, stime, cutime, cstime} of a process. */
  private static long[] stat(final long pid) throws IOException {
    final String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name may hold spaces and parentheses: the fields start after its last ')'.
    final String[] f = line.substring(line.lastIndexOf(')') + 2).split(" ");
    return new long[] {pid, Long.parseLong(f[1]), Long.parseLong(f[11]), Long.parseLong(f[12]),
        Long.parseLong(f[13]), Long.parseLong(f[14])};
  }
}
