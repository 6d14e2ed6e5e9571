package io.commander.server.provisioners;

/**
 * Where a provisioner writes what it does. Lines reach the task's log in the database (in batches)
 * and live subscribers; secrets must never be written here (the sink masks known ones anyway).
 */
@FunctionalInterface
public interface TaskLog {

  /**
   * One line of output; {@code stream} is {@code system} (Commander's own words), {@code stdout} or
   * {@code stderr} (a tool's output), as the task log stores them.
   */
  void line(String stream, String text);

  default void info(final String text) {
    line("system", text);
  }
}
