package io.commander.server.tasks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a task that failed transiently waits before its next attempt: the base doubled per
 * attempt, at most {@link #MAX}. Half of it is random, so tasks that failed together (an outage)
 * do not all come back at the same moment.
 */
public final class Backoff {

  /** The longest wait between attempts. */
  public static final Duration MAX = Duration.ofMinutes(15);

  private final Duration base;

  public Backoff(final Duration base) {
    this.base = base;
  }

  /** The wait after attempt {@code attempt} (1 for the first) failed. */
  public Duration after(final int attempt) {
    final long exponential = base.toMillis() << Math.min(Math.max(attempt - 1, 0), 20);
    final long bounded = Math.min(exponential, MAX.toMillis());
    final long half = bounded / 2;
    return Duration.ofMillis(half + (half == 0 ? 0 : ThreadLocalRandom.current().nextLong(half + 1)));
  }
}
