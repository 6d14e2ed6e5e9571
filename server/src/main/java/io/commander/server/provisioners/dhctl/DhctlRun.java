package io.commander.server.provisioners.dhctl;

import io.commander.server.provisioners.Cancellation;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.TaskLog;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One dhctl process: started with exactly the given environment, its stdout and stderr streamed
 * line by line (masked) into the task log as they come, stopped with its whole process tree on
 * cancel or when the deadline passes.
 */
final class DhctlRun {

  private static final Logger LOG = LoggerFactory.getLogger(DhctlRun.class);

  /** How many of the last output lines are kept, for the failure cause and for parsing results. */
  static final int TAIL = 500;
  /** Longer lines are cut in the log (a single runaway line must not fill memory). */
  static final int LONGEST_LINE = 16_384;
  /** How long to wait for output to end once the process exited (a leftover child may hold the pipe). */
  private static final Duration DRAIN = Duration.ofSeconds(10);

  /**
   * What to run.
   *
   * @param label how the run is named in the log and in errors, e.g. {@code dhctl bootstrap}
   * @param command the binary and its arguments
   * @param directory the working directory
   * @param environment the whole environment of the process
   * @param deadline when the call must be over ({@link System#nanoTime()}), or null for none
   * @param timeout the call's timeout, for messages
   * @param grace how long the process tree gets between SIGTERM and SIGKILL
   * @param taskRef a short task reference for thread names
   */
  record Spec(String label, List<String> command, Path directory, Map<String, String> environment, Long deadline,
              Duration timeout, Duration grace, String taskRef) {

    Spec {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
    }
  }

  /**
   * How a run ended.
   *
   * @param exitCode the process's exit code
   * @param output the last {@value #TAIL} lines of output, both streams, oldest first
   */
  record Result(int exitCode, List<OutputLine> output) {

    Result {
      output = List.copyOf(output);
    }

    /** The stdout lines among {@link #output}. */
    List<String> stdout() {
      return output.stream().filter(line -> OutputLine.STDOUT.equals(line.stream())).map(OutputLine::text).toList();
    }
  }

  private DhctlRun() {
  }

  /**
   * Runs the process to its end.
   *
   * @return the exit code and last output, whatever the exit code
   * @throws ProvisionerException {@code CANCELED} when {@code cancellation} is set before or during
   *     the run, {@code TIMEOUT} when the deadline passes, {@code PERMANENT} when the process cannot
   *     start; in the first two cases the process tree is gone when this throws
   */
  static Result run(final Spec spec, final TaskLog log, final Cancellation cancellation, final SecretMask mask) {
    cancellation.check();
    final ProcessBuilder builder = new ProcessBuilder(spec.command()).directory(spec.directory().toFile());
    builder.environment().clear();
    builder.environment().putAll(spec.environment());
    final Process process;
    try {
      process = builder.start();
    } catch (final IOException e) {
      throw new ProvisionerException(ProvisionerException.Reason.PERMANENT,
          "could not start " + spec.label() + " (" + spec.command().get(0) + "): " + e.getMessage(), e);
    }
    LOG.debug("started dhctl [task: {}, command: {}, pid: {}]", spec.taskRef(), spec.label(), process.pid());
    closeQuietly(process);
    final ProcessTree tree = new ProcessTree(process);
    final Output output = new Output(log, mask);
    final AtomicReference<ProvisionerException.Reason> stopped = new AtomicReference<>();
    cancellation.onCancel(() -> {
      if (process.isAlive() && stopped.compareAndSet(null, ProvisionerException.Reason.CANCELED)) {
        tree.terminate();
      }
    });
    final Thread stdout = output.reader(process.getInputStream(), OutputLine.STDOUT, spec.taskRef());
    final Thread stderr = output.reader(process.getErrorStream(), OutputLine.STDERR, spec.taskRef());
    try {
      if (!waitFor(process, spec.deadline())) {
        stopped.compareAndSet(null, ProvisionerException.Reason.TIMEOUT);
      }
    } catch (final InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      stopped.compareAndSet(null, ProvisionerException.Reason.CANCELED);
    }
    final ProvisionerException.Reason reason = stopped.get();
    if (reason != null) {
      final boolean gone = tree.stop(spec.grace());
      output.drain(List.of(stdout, stderr), gone ? DRAIN : Duration.ZERO);
      output.close();
      if (!gone) {
        LOG.warn("dhctl process tree survived SIGKILL [task: {}, command: {}, pid: {}]", spec.taskRef(),
            spec.label(), process.pid());
      }
      throw stoppedFailure(spec, reason, cancellation, output.tail());
    }
    output.drain(List.of(stdout, stderr), DRAIN);
    output.close();
    return new Result(process.exitValue(), output.tail());
  }

  private static boolean waitFor(final Process process, final Long deadline) throws InterruptedException {
    if (deadline == null) {
      process.waitFor();
      return true;
    }
    final long remaining = deadline - System.nanoTime();
    return remaining > 0 && process.waitFor(remaining, TimeUnit.NANOSECONDS) || !process.isAlive();
  }

  private static ProvisionerException stoppedFailure(final Spec spec, final ProvisionerException.Reason reason,
                                                     final Cancellation cancellation, final List<OutputLine> tail) {
    final FailureCause cause = FailureCause.of(tail);
    final String last = cause.lines().isEmpty() ? "" : "; its last output: " + cause.describe();
    if (reason == ProvisionerException.Reason.TIMEOUT) {
      return new ProvisionerException(reason, spec.label() + " ran past the call's timeout of " + human(spec.timeout())
          + " and was stopped" + last);
    }
    final String why = cancellation.reason() == null ? "the worker was interrupted" : cancellation.reason();
    return new ProvisionerException(reason, spec.label() + " was canceled (" + why + ") and stopped" + last);
  }

  /** {@code PT1H30M} as {@code 1h30m}, {@code PT0.5S} as {@code 500ms}. */
  static String human(final Duration duration) {
    if (duration == null) {
      return "none";
    }
    if (duration.toMillis() < 1000) {
      return duration.toMillis() + "ms";
    }
    return duration.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private static void closeQuietly(final Process process) {
    try {
      // dhctl asks questions on a terminal; with stdin closed it fails fast instead of waiting for an answer.
      process.getOutputStream().close();
    } catch (final IOException ignored) {
      // Nothing to do: the process may already be gone.
    }
  }

  /** The output of one run: masked, logged, and its last lines kept. */
  private static final class Output {

    private final TaskLog log;
    private final SecretMask mask;
    private final ArrayDeque<OutputLine> tail = new ArrayDeque<>();
    private boolean closed;

    Output(final TaskLog log, final SecretMask mask) {
      this.log = log;
      this.mask = mask;
    }

    Thread reader(final InputStream in, final String stream, final String taskRef) {
      final Thread thread = new Thread(() -> read(in, stream), "dhctl-" + stream + "-" + taskRef);
      thread.setDaemon(true);
      thread.start();
      return thread;
    }

    private void read(final InputStream in, final String stream) {
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          line(stream, line);
        }
      } catch (final IOException closed) {
        // The stream closed under the reader: the process is gone.
      }
    }

    // One lock for both streams: the log sees whole lines, one at a time.
    private synchronized void line(final String stream, final String raw) {
      if (closed) {
        return;
      }
      final String cut = raw.length() > LONGEST_LINE ? raw.substring(0, LONGEST_LINE) + " [cut]" : raw;
      final String text = mask.apply(cut);
      tail.addLast(new OutputLine(stream, text));
      if (tail.size() > TAIL) {
        tail.removeFirst();
      }
      try {
        log.line(stream, text);
      } catch (final RuntimeException e) {
        // A failing log must not stop the reading, or dhctl would block on a full pipe.
        LOG.warn("task log refused a dhctl line [stream: {}]: {}", stream, e.toString());
      }
    }

    void drain(final List<Thread> readers, final Duration limit) {
      final long deadline = System.nanoTime() + limit.toNanos();
      for (final Thread reader : readers) {
        try {
          reader.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (final InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }

    synchronized void close() {
      closed = true;
    }

    synchronized List<OutputLine> tail() {
      return new ArrayList<>(tail);
    }
  }
}
