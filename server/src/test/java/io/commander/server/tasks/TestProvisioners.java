package io.commander.server.tasks;

import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.Provisioner;
import io.commander.server.provisioners.ProvisionerException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Provisioners that let tests see and steer what the cluster manager does. */
final class TestProvisioners {

  private TestProvisioners() {
  }

  /** Counts the calls per task, then does what the wrapped provisioner does. */
  static final class Counting implements Provisioner {

    final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();
    private final Provisioner delegate;

    Counting(final Provisioner delegate) {
      this.delegate = delegate;
    }

    @Override
    public String name() {
      return delegate.name();
    }

    @Override
    public Plan plan(final Job job) {
      return delegate.plan(job);
    }

    @Override
    public void apply(final Job job) {
      runs.computeIfAbsent(job.taskId(), id -> new AtomicInteger()).incrementAndGet();
      delegate.apply(job);
    }

    @Override
    public Drift check(final Job job) {
      runs.computeIfAbsent(job.taskId(), id -> new AtomicInteger()).incrementAndGet();
      return delegate.check(job);
    }

    @Override
    public void destroy(final Job job) {
      runs.computeIfAbsent(job.taskId(), id -> new AtomicInteger()).incrementAndGet();
      delegate.destroy(job);
    }
  }

  /**
   * Named {@code simulated}: every call logs the cluster's SSH key (to prove it is masked) and then
   * blocks until released or canceled (unless it ignores cancellation, as a hung process would).
   */
  static final class Blocking implements Provisioner {

    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final boolean heedsCancel;

    Blocking() {
      this(true);
    }

    Blocking(final boolean heedsCancel) {
      this.heedsCancel = heedsCancel;
    }

    @Override
    public String name() {
      return "simulated";
    }

    @Override
    public Plan plan(final Job job) {
      return new Plan(java.util.List.of(), java.util.List.of());
    }

    @Override
    public void apply(final Job job) {
      block(job);
    }

    @Override
    public Drift check(final Job job) {
      block(job);
      return new Drift(java.util.List.of());
    }

    @Override
    public void destroy(final Job job) {
      block(job);
    }

    private void block(final Job job) {
      final String key = job.secrets().get("ssh_private_key");
      job.log().line("stdout", "using key " + key);
      job.log().line("stderr", "bad key line: " + key.lines().skip(1).findFirst().orElseThrow());
      if (heedsCancel) {
        job.cancellation().onCancel(release::countDown);
      }
      started.countDown();
      try {
        release.await(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (job.cancellation().canceled()) {
        throw new ProvisionerException(ProvisionerException.Reason.CANCELED, "canceled: " + job.cancellation().reason());
      }
    }
  }
}
