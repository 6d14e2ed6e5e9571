package io.commander.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file in the state directory that says a Commander runs on it: written at start, removed at a
 * clean stop. Found at start with its process gone, it says the previous Commander died (killed, out
 * of memory, power lost), so the start can say so.
 */
final class RunMarker implements AutoCloseable {

  static final String FILE = "commander.pid";

  // Empty when another live Commander's mark was found: that one stays, and this start leaves it alone.
  private final Optional<Path> file;

  private RunMarker(final Optional<Path> file) {
    this.file = file;
  }

  /**
   * What a previous Commander on this state directory left: its pid, when it is gone without stopping.
   * The file holds the pid and the process's start time, since after a reboot (or in a container, where
   * every start is pid 1) another process may have the pid now.
   */
  static Optional<Long> previousCrash(final Path stateDir) {
    return marked(stateDir).filter(pid -> !alive(stateDir, pid));
  }

  /** The pid the mark names, if there is a readable mark. */
  private static Optional<Long> marked(final Path stateDir) {
    try {
      final Path file = stateDir.resolve(FILE);
      return Files.isRegularFile(file) ? Optional.of(Long.parseLong(words(file)[0])) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether the marked process is another one still running: the same pid and the same start time. */
  private static boolean alive(final Path stateDir, final long pid) {
    try {
      final String[] mark = words(stateDir.resolve(FILE));
      return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .map(RunMarker::identity).filter(mark.length > 1 ? mark[1]::equals : m -> true).isPresent();
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String[] words(final Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).strip().split("\\s+");
  }

  private static String identity(final ProcessHandle process) {
    return process.info().startInstant().map(Object::toString).orElse("-");
  }

  /** Marks the state directory as used by this process until {@link #close}. */
  static RunMarker mark(final Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    final Path file = stateDir.resolve(FILE);
    if (marked(stateDir).filter(pid -> alive(stateDir, pid)).isPresent()) {
      return new RunMarker(Optional.empty());
    }
    Files.writeString(file, mark(), StandardCharsets.UTF_8);
    return new RunMarker(Optional.of(file));
  }

  private static String mark() {
    return ProcessHandle.current().pid() + " " + identity(ProcessHandle.current());
  }

  /** Removes the mark if it is still this process's (another start may have written its own since). */
  @Override
  public void close() throws IOException {
    if (file.isPresent() && Files.isRegularFile(file.get())
        && Files.readString(file.get(), StandardCharsets.UTF_8).strip().equals(mark())) {
      Files.delete(file.get());
    }
  }
}
