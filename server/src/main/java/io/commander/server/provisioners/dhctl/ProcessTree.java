package io.commander.server.provisioners.dhctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A started process and everything it started (dhctl runs ssh, terraform/tofu, shells), stopped
 * together: SIGTERM to all, then SIGKILL to whatever is left after a grace period.
 *
 * <p>The descendants are remembered when the stop begins: once the root is gone its children are
 * re-parented and no longer show up as its descendants.
 */
final class ProcessTree {

  private static final Duration POLL = Duration.ofMillis(25);
  private static final Duration AFTER_KILL = Duration.ofSeconds(5);

  private final Process root;
  private final Set<ProcessHandle> members = ConcurrentHashMap.newKeySet();

  ProcessTree(final Process root) {
    this.root = root;
  }

  /** Asks every process of the tree to stop (SIGTERM); returns at once, so it may run on any thread. */
  void terminate() {
    remember();
    members.forEach(ProcessHandle::destroy);
    root.destroy();
  }

  /**
   * Stops the tree and waits until it is gone: SIGTERM, up to {@code grace} to exit, then SIGKILL
   * to the survivors (descendants started meanwhile included) and a short wait for them.
   *
   * @return whether every process of the tree is gone
   */
  boolean stop(final Duration grace) {
    terminate();
    if (awaitGone(grace)) {
      return true;
    }
    remember();
    members.forEach(ProcessHandle::destroyForcibly);
    root.destroyForcibly();
    return awaitGone(AFTER_KILL);
  }

  private void remember() {
    if (root.isAlive()) {
      root.descendants().forEach(members::add);
    }
  }

  /**
   * Waits for the tree's processes to exit, each wait ending as soon as the process does. A zombie
   * never reports its exit, so a wait is bounded by {@link #POLL} and the tree looked at again.
   */
  private boolean awaitGone(final Duration limit) {
    final long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      final Optional<ProcessHandle> running = Stream.concat(Stream.of(root.toHandle()), members.stream())
          .filter(ProcessTree::alive).findFirst();
      final long left = deadline - System.nanoTime();
      if (running.isEmpty() || left <= 0) {
        return running.isEmpty();
      }
      try {
        running.get().onExit().get(Math.min(left, POLL.toNanos()), TimeUnit.NANOSECONDS);
      } catch (final TimeoutException | ExecutionException stillThere) {
        // Look again: it may be a zombie, or the deadline may have come.
      } catch (final InterruptedException interrupted) {
        // Cleanup goes on: leaving the tree running would be worse; the flag is kept for the caller.
        Thread.currentThread().interrupt();
        return Stream.concat(Stream.of(root.toHandle()), members.stream()).noneMatch(ProcessTree::alive);
      }
    }
  }

  /**
   * Whether a process still runs. A killed process whose parent died waits as a zombie until
   * init reaps it; it runs nothing, so it counts as gone.
   */
  static boolean alive(final ProcessHandle handle) {
    return handle.isAlive() && !zombie(handle.pid());
  }

  private static boolean zombie(final long pid) {
    final Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      final String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
      // "pid (comm) S ...": the state follows the last parenthesis, since comm may hold any character.
      final int end = text.lastIndexOf(')');
      return end >= 0 && end + 2 < text.length() && (text.charAt(end + 2) == 'Z' || text.charAt(end + 2) == 'X');
    } catch (final IOException | RuntimeException noProcFs) {
      return false;
    }
  }
}
