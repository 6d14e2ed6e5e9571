package io.commander.renderer.gotemplate;

/**
 * What one render has left of its {@link RenderLimits}: steps, wall time and output, shared by
 * every execution of the render (sections, includes, {@code tpl}). Checked cooperatively by the
 * executor and by functions that build large values, so a render that passes a limit ends on its
 * own thread, freeing it. Once passed, a limit stays passed: a later check fails too.
 *
 * <p>One render runs on one thread at a time; functions find the budget of the execution they
 * run in through {@link #current()}.
 */
public final class RenderBudget {

  /** How many steps pass between looks at the clock (a look costs more than a step). */
  private static final int CLOCK_EVERY = 1 << 12;
  private static final ThreadLocal<RenderBudget> CURRENT = new ThreadLocal<>();
  private static final RenderBudget UNLIMITED = new RenderBudget(RenderLimits.NONE);

  private final RenderLimits limits;
  private final long deadline;
  private long steps;
  private long nextClock = CLOCK_EVERY;
  private long outputUsed;
  private volatile boolean cancelled;
  private RenderLimitExceeded exceeded;

  private RenderBudget(final RenderLimits limits) {
    this.limits = limits;
    this.deadline = System.nanoTime() + limits.timeout().toNanos();
    if (limits == RenderLimits.NONE) {
      nextClock = Long.MAX_VALUE;
    }
  }

  /** A budget starting now. */
  public static RenderBudget start(final RenderLimits limits) {
    return new RenderBudget(limits);
  }

  /** The budget of the execution running on this thread; unlimited outside one. */
  public static RenderBudget current() {
    final RenderBudget b = CURRENT.get();
    return b == null ? UNLIMITED : b;
  }

  /** Makes this the current budget; returns the one it replaces, for {@link #restore}. */
  RenderBudget enter() {
    final RenderBudget saved = CURRENT.get();
    CURRENT.set(this);
    return saved;
  }

  static void restore(final RenderBudget saved) {
    if (saved == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(saved);
    }
  }

  public RenderLimits limits() {
    return limits;
  }

  /**
   * Ends the render at its next check, as if its time were up: its caller gave up on it.
   * Safe from any thread.
   */
  public void cancel() {
    cancelled = true;
  }

  /** One step of execution. */
  void step() {
    if (++steps >= nextClock) {
      slowCheck();
    }
  }

  /** {@code n} units of work inside a function (characters a regular expression read, values written). */
  public void work(final long n) {
    steps += n;
    if (steps >= nextClock) {
      slowCheck();
    }
  }

  private void slowCheck() {
    if (exceeded != null) {
      throw exceeded;
    }
    nextClock = steps + CLOCK_EVERY;
    if (steps > limits.maxSteps()) {
      fail("renderer.max-steps", "more than " + limits.maxSteps() + " steps");
    }
    if (cancelled || System.nanoTime() - deadline > 0) {
      fail("renderer.timeout-ms", "rendering took longer than " + limits.timeout().toMillis() + " ms");
    }
  }

  /** Output characters this execution may still write, given what earlier sections wrote. */
  long outputLeft() {
    return limits.maxOutput() - outputUsed;
  }

  /** Output that a finished section wrote, counted against the render's total. */
  public void addOutput(final long chars) {
    outputUsed += chars;
  }

  void outputExceeded() {
    fail("renderer.max-output", "output longer than " + limits.maxOutput() + " characters");
  }

  /**
   * Fails when a function is about to build, or has built, a string of {@code size} characters or
   * a list or map of {@code size} elements beyond the limit.
   */
  public void checkValue(final long size) {
    if (size > limits.maxValue()) {
      fail("renderer.max-value", "a value of " + size + " characters or elements, more than "
          + limits.maxValue());
    }
  }

  /** {@link #checkValue} of what a function returned. */
  void checkResult(final Object v) {
    if (v instanceof String s) {
      checkValue(s.length());
    } else if (v instanceof java.util.Collection<?> c) {
      checkValue(c.size());
    } else if (v instanceof java.util.Map<?, ?> m) {
      checkValue(m.size());
    }
  }

  private void fail(final String limit, final String message) {
    if (exceeded == null) {
      exceeded = new RenderLimitExceeded(limit, message);
    }
    // Every later check fails at once: nothing may continue after a limit, whoever catches it.
    nextClock = steps;
    throw exceeded;
  }

  /**
   * {@code s} as a sequence whose reads count as work: a regular expression's matcher reads its
   * input through it, so no pattern runs past the budget however it backtracks.
   */
  public CharSequence counted(final String s) {
    return limits == RenderLimits.NONE ? s : new Counted(s);
  }

  private final class Counted implements CharSequence {
    private final String s;
    private int reads;

    Counted(final String s) {
      this.s = s;
    }

    @Override
    public int length() {
      return s.length();
    }

    @Override
    public char charAt(final int index) {
      if (++reads == 64) {
        reads = 0;
        work(64);
      }
      return s.charAt(index);
    }

    @Override
    public CharSequence subSequence(final int start, final int end) {
      return s.substring(start, end);
    }

    @Override
    public String toString() {
      return s;
    }
  }
}
