package io.commander.server.provisioners;

/**
 * Where a provisioner writes what it does. Lines reach the task's log in the database (in batches)
 * and live subscribers; secrets must never be written here (the sink masks known ones anyway).
 */
@FunctionalInterface
public interface TaskLog {

  /** One line of output; {@code stream} is {@code info}, {@code stdout}, {@code stderr} or {@code error}. */
  void line(String stream, String text);

  default void info(final String text) {
    line("info", text);
  }
}
