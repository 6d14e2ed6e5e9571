package io.commander.gateway;

/** Admission control: {@code rate} connections a second, with bursts up to one second's worth. */
final class TokenBucket {

  private final double rate;
  private double tokens;
  private long refilledAt;

  TokenBucket(final int rate, final long nanoNow) {
    this.rate = rate;
    this.tokens = rate;
    this.refilledAt = nanoNow;
  }

  /** Takes one token if there is one; shared by every HTTP server instance, hence synchronized. */
  synchronized boolean tryTake(final long nanoNow) {
    tokens = Math.min(rate, tokens + (nanoNow - refilledAt) / 1e9 * rate);
    refilledAt = nanoNow;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
