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

  private final Path file;

  private RunMarker(final Path file) {
    this.file = file;
  }

  /** What a previous Commander on this state directory left: its pid, when it is gone without stopping. */
  static Optional<Long> previousCrash(final Path stateDir) {
    final Path file = stateDir.resolve(FILE);
    try {
      if (!Files.isRegularFile(file)) {
        return Optional.empty();
      }
      final long pid = Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() ? Optional.empty() : Optional.of(pid);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Marks the state directory as used by this process until {@link #close}. */
  static RunMarker mark(final Path stateDir) throws IOException {
    Files.createDirectories(stateDir);
    final Path file = stateDir.resolve(FILE);
    Files.writeString(file, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
    return new RunMarker(file);
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
