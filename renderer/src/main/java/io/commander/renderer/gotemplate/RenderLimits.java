package io.commander.renderer.gotemplate;

import java.time.Duration;

/**
 * What one render may spend. Go's {@code text/template} and sprig have no such bounds; a server
 * rendering templates of many people needs them, so every execution runs inside a
 * {@link RenderBudget} made from these.
 *
 * @param timeout wall time of the whole render
 * @param maxSteps template steps (nodes walked and functions called)
 * @param maxOutput characters of output, all sections together
 * @param maxValue characters of one string, or elements of one list or map, that a function builds
 */
public record RenderLimits(Duration timeout, long maxSteps, long maxOutput, long maxValue) {

  /** Far above what any real template needs, far below what hurts a server. */
  public static final RenderLimits DEFAULT = new RenderLimits(Duration.ofSeconds(2), 10_000_000, 4L << 20, 1L << 20);

  /** No bounds (Go's own behaviour): for trusted templates and for tests of Go's semantics. */
  public static final RenderLimits NONE = new RenderLimits(Duration.ofDays(365), Long.MAX_VALUE, Long.MAX_VALUE,
      Integer.MAX_VALUE);

  public RenderLimits {
    if (timeout.isNegative() || timeout.isZero() || maxSteps <= 0 || maxOutput <= 0 || maxValue <= 0) {
      throw new IllegalArgumentException("render limits must be positive");
    }
  }

  /** The same limits with less time, for a render that must answer before a deadline. */
  public RenderLimits withTimeout(final Duration shorter) {
    return new RenderLimits(shorter, maxSteps, maxOutput, maxValue);
  }
}
