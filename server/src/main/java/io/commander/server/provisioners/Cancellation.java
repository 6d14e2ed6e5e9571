package io.commander.server.provisioners;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Set once when a task is canceled (or its lease is lost); provisioners poll it or register a hook. */
public final class Cancellation {

  private final List<Runnable> hooks = new CopyOnWriteArrayList<>();
  private volatile String reason;
  private volatile boolean requeue;

  public boolean canceled() {
    return reason != null;
  }

  /** Why, once canceled. */
  public String reason() {
    return reason;
  }

  /** Whether the task is to go back to the queue once stopped, rather than end as canceled. */
  public boolean requeue() {
    return requeue;
  }

  /** Cancels and runs every hook once (e.g. destroying a child process). */
  public void cancel(final String why) {
    cancel(why, false);
  }

  /** Stops the work like {@link #cancel} but asks for the task to be run again, by any instance. */
  public void stop(final String why) {
    cancel(why, true);
  }

  private void cancel(final String why, final boolean again) {
    synchronized (this) {
      if (reason != null) {
        return;
      }
      requeue = again;
      reason = why;
    }
    hooks.forEach(Runnable::run);
  }

  /** Runs {@code hook} on cancel, or at once if already canceled. */
  public void onCancel(final Runnable hook) {
    hooks.add(hook);
    if (canceled()) {
      hook.run();
    }
  }

  /** Throws when canceled: for steps between long operations. */
  public void check() {
    if (canceled()) {
      throw new ProvisionerException(ProvisionerException.Reason.CANCELED, "canceled: " + reason);
    }
  }
}
