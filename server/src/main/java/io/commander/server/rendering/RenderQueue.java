package io.commander.server.rendering;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Who renders next: a bounded queue in front of the renderer's threads that is fair between
 * workspaces. One workspace runs at most {@code share} renders at once, so the others always find
 * a thread; waiting renders are taken round-robin by workspace; a render that finds the queue (or
 * its workspace's part of it) full is refused at once rather than left to time out.
 *
 * <p>Not thread-safe: used only on the renderer verticle's event loop.
 */
final class RenderQueue {

  /** A render waiting for a thread. */
  interface Job {
    /** Runs the render on a thread; must call {@link #done} with the workspace when it ends. */
    void start();
  }

  private final int threads;
  private final int share;
  private final int capacity;
  private final int perWorkspace;
  /** Waiting renders by workspace, in the order workspaces are served next. */
  private final Map<String, Deque<Job>> waiting = new LinkedHashMap<>();
  private final Map<String, Integer> running = new HashMap<>();
  private int runningTotal;
  private int waitingTotal;

  RenderQueue(final int threads, final int share, final int capacity) {
    this.threads = threads;
    this.share = Math.min(share, threads);
    this.capacity = capacity;
    this.perWorkspace = Math.max(1, capacity / 4);
  }

  /** Starts the job or queues it; false when it may neither run nor wait (the caller answers "busy"). */
  boolean offer(final String workspace, final Job job) {
    if (runningTotal < threads && running.getOrDefault(workspace, 0) < share) {
      start(workspace, job);
      return true;
    }
    final Deque<Job> mine = waiting.get(workspace);
    if (waitingTotal >= capacity || mine != null && mine.size() >= perWorkspace) {
      return false;
    }
    waiting.computeIfAbsent(workspace, w -> new ArrayDeque<>()).addLast(job);
    waitingTotal++;
    return true;
  }

  /** Takes a job that waited too long out of the queue; false when it has already started. */
  boolean withdraw(final String workspace, final Job job) {
    final Deque<Job> mine = waiting.get(workspace);
    if (mine == null || !mine.remove(job)) {
      return false;
    }
    waitingTotal--;
    if (mine.isEmpty()) {
      waiting.remove(workspace);
    }
    return true;
  }

  /** A render of {@code workspace} ended: its thread goes to the next workspace in turn. */
  void done(final String workspace) {
    runningTotal--;
    running.computeIfPresent(workspace, (w, n) -> n == 1 ? null : n - 1);
    String next = null;
    for (Map.Entry<String, Deque<Job>> e : waiting.entrySet()) {
      if (running.getOrDefault(e.getKey(), 0) < share) {
        next = e.getKey();
        break;
      }
    }
    if (next == null) {
      return;
    }
    final Deque<Job> queue = waiting.remove(next);
    final Job job = queue.pollFirst();
    waitingTotal--;
    if (!queue.isEmpty()) {
      // Served: the workspace goes to the back of the line.
      waiting.put(next, queue);
    }
    start(next, job);
  }

  int running() {
    return runningTotal;
  }

  int waiting() {
    return waitingTotal;
  }

  private void start(final String workspace, final Job job) {
    runningTotal++;
    running.merge(workspace, 1, Integer::sum);
    job.start();
  }
}
