package io.commander.server.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing, per account and per remote address: after
 * {@value #FREE_ACCOUNT_FAILURES} failures for one account (or {@value #FREE_ADDRESS_FAILURES} from
 * one address, which many people may share behind a proxy) within {@link #WINDOW}, each further
 * attempt must wait a doubling delay (1 s, 2 s, 4 s..., at most {@link #MAX_DELAY}). A success
 * clears the account's count. Counts live in this process; with several replicas each keeps its
 * own, which still bounds the rate per replica.
 */
public final class LoginThrottle {

  static final int FREE_ACCOUNT_FAILURES = 5;
  static final int FREE_ADDRESS_FAILURES = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);
  static final Duration MAX_DELAY = Duration.ofMinutes(15);
  private static final int MAX_ENTRIES = 100_000;

  private record Failures(int count, Instant last) {
  }

  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  public LoginThrottle(final Clock clock) {
    this.clock = clock;
  }

  /** How long the caller must still wait before trying again, if at all. */
  public Optional<Duration> waitFor(final String account, final String address) {
    final Instant now = clock.instant();
    final Duration wait = max(remaining(key("account", account), FREE_ACCOUNT_FAILURES, now),
        remaining(key("address", address), FREE_ADDRESS_FAILURES, now));
    return wait.isZero() ? Optional.empty() : Optional.of(wait);
  }

  public void failed(final String account, final String address) {
    final Instant now = clock.instant();
    if (failures.size() > MAX_ENTRIES) {
      failures.values().removeIf(f -> f.last().plus(WINDOW).isBefore(now));
    }
    for (String key : new String[] {key("account", account), key("address", address)}) {
      failures.merge(key, new Failures(1, now), (old, one) -> old.last().plus(WINDOW).isBefore(now)
          ? one : new Failures(old.count() + 1, now));
    }
  }

  public void succeeded(final String account) {
    failures.remove(key("account", account));
  }

  private Duration remaining(final String key, final int free, final Instant now) {
    final Failures f = failures.get(key);
    if (f == null || f.count() < free || f.last().plus(WINDOW).isBefore(now)) {
      return Duration.ZERO;
    }
    final long seconds = Math.min(1L << Math.min(f.count() - free, 20), MAX_DELAY.toSeconds());
    final Duration left = Duration.between(now, f.last().plusSeconds(seconds));
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static Duration max(final Duration a, final Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static String key(final String kind, final String value) {
    return kind + ":" + (value == null ? "" : value.toLowerCase(java.util.Locale.ROOT));
  }
}
