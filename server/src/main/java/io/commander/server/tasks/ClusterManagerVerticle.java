package io.commander.server.tasks;

import io.commander.core.config.CommanderConfig;
import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.commander.server.crypto.Keys;
import io.commander.server.provisioners.Cancellation;
import io.commander.server.provisioners.Provisioners;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.WorkerExecutor;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Pool;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-manager role: claims tasks from the queue and runs up to {@code concurrency} of them
 * at once, provisioner calls on a bounded pool of as many threads. New tasks wake it through
 * LISTEN on {@link TaskEnqueuer#CHANNEL} (a connection of its own, reconnected when lost); a poll
 * catches what a lost notification would miss and takes back tasks of instances that went silent.
 * The leases of its running tasks are renewed in one statement every third of their time; a
 * renewal that finds a task asked to cancel, or taken over, fires the task's {@link Cancellation}.
 * The same connection that listens holds the drift scheduler's lock when this instance leads.
 *
 * <p>Stopping stops claiming, gives running tasks {@code shutdown-timeout} to finish and then puts
 * the rest back in the queue for another instance.
 */
public final class ClusterManagerVerticle extends RoleVerticle {

  /** The worker pool provisioner calls block on. */
  public static final String PROVISIONER_POOL = "provisioners";
  private static final Logger LOG = LoggerFactory.getLogger(ClusterManagerVerticle.class);
  private static final Duration PURGE_EVERY = Duration.ofDays(1);
  private static final Duration RECONNECT_AFTER = Duration.ofSeconds(1);
  private static final Duration LEAD_RETRY = Duration.ofSeconds(5);
  /** How long stopped tasks have, after the shutdown timeout, to put themselves back in the queue. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(5);
  // A provisioner call may block for hours: no blocked-thread warnings before this.
  private static final long MAX_CALL_HOURS = 24;

  private final CommanderConfig.ClusterManager settings;
  private final Pool pool;
  private final PgConnectOptions listenOptions;
  private final Provisioners provisioners;
  private final Keys keys;
  private final Clock clock;
  private final String instanceId;
  private final Optional<TaskRunner.AgentSettings> agent;
  private final TaskStore store = new TaskStore();
  private final DriftScheduler drift;
  private final Map<UUID, Cancellation> running = new HashMap<>();
  private final Set<Long> timers = new HashSet<>();
  private WorkerExecutor executor;
  private TaskRunner runner;
  private PgConnection listener;
  private boolean leading;
  private boolean claiming;
  private boolean claimAgain;
  private boolean wakeupScheduled;
  private boolean stopping;
  private long renewTimer;
  private long lastRenewal;
  private Promise<Void> drained;

  /**
   * @param listenOptions how to open the connection that listens (and holds the drift scheduler's lock)
   * @param instanceId this instance's id, the owner of its leases; unique among all instances
   */
  public ClusterManagerVerticle(final CommanderConfig.ClusterManager settings, final Pool pool,
                                final PgConnectOptions listenOptions, final Provisioners provisioners, final Keys keys,
                                final Clock clock, final String instanceId) {
    this(settings, pool, listenOptions, provisioners, keys, clock, instanceId, Optional.empty());
  }

  /**
   * @param agent where agents reach this Commander; without it provisioners that install the agent
   *     (kubeconfig) fail their tasks saying so
   */
  public ClusterManagerVerticle(final CommanderConfig.ClusterManager settings, final Pool pool,
                                final PgConnectOptions listenOptions, final Provisioners provisioners, final Keys keys,
                                final Clock clock, final String instanceId,
                                final Optional<TaskRunner.AgentSettings> agent) {
    super(Role.CLUSTER_MANAGER);
    this.agent = agent;
    this.settings = settings;
    this.pool = pool;
    this.listenOptions = listenOptions;
    this.provisioners = provisioners;
    this.keys = keys;
    this.clock = clock;
    this.instanceId = instanceId;
    this.drift = new DriftScheduler(settings.maxAttempts());
  }

  /** A unique instance id: {@code <host>-<pid>-<8 random hex digits>}. */
  public static String newInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown";
    }
    final String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
    return host + "-" + pid + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  public String instanceId() {
    return instanceId;
  }

  @Override
  public Future<?> start() {
    executor = vertx.createSharedWorkerExecutor(PROVISIONER_POOL, settings.concurrency(), MAX_CALL_HOURS,
        TimeUnit.HOURS);
    runner = new TaskRunner(vertx, pool, store, provisioners, keys, executor, new TaskEnqueuer(settings.maxAttempts()),
        new Backoff(settings.retryBackoff()), instanceId, clock, agent, settings.taskTimeout());
    lastRenewal = System.nanoTime();
    renewTimer = vertx.setPeriodic(Math.max(1, settings.leaseTtl().toMillis() / 3), t -> renew());
    periodic(settings.pollInterval(), this::poll);
    if (!settings.driftInterval().isZero()) {
      periodic(settings.driftInterval(), this::scheduleDriftChecks);
      // A standby asks for the scheduler's lock more often than checks are due, so when the holder
      // dies another instance schedules within seconds.
      periodic(LEAD_RETRY, () -> {
        if (!leading) {
          scheduleDriftChecks();
        }
      });
    }
    if (settings.taskRetentionDays() > 0) {
      // First run soon after start, then daily; a missed day is caught up by the next run.
      timers.add(vertx.setTimer(Duration.ofMinutes(1).toMillis(), t -> purgeTasks()));
      periodic(PURGE_EVERY, this::purgeTasks);
    }
    LOG.info("cluster manager starting [instance: {}, concurrency: {}, lease: {} s]", instanceId,
        settings.concurrency(), settings.leaseTtl().toSeconds());
    return listen().onSuccess(v -> poll());
  }

  private void periodic(final Duration every, final Runnable action) {
    timers.add(vertx.setPeriodic(every.toMillis(), t -> action.run()));
  }

  // ---- listening

  private Future<Void> listen() {
    return PgConnection.connect(vertx, listenOptions).compose(connection -> {
      connection.notificationHandler(n -> {
        if (TaskEnqueuer.CHANNEL.equals(n.getChannel())) {
          notified(n.getPayload());
        }
      });
      connection.closeHandler(v -> {
        listener = null;
        leading = false;
        if (!stopping) {
          LOG.warn("task notifications lost, reconnecting [instance: {}]", instanceId);
          reconnect();
        }
      });
      // This connection holds the drift scheduler's lock: should this host vanish without closing it,
      // the database drops it (and the lock) within some 15 s rather than the system's two hours.
      return connection.query("SET tcp_keepalives_idle = 5; SET tcp_keepalives_interval = 3; "
          + "SET tcp_keepalives_count = 3; LISTEN " + TaskEnqueuer.CHANNEL).execute().map(rows -> {
        listener = connection;
        return null;
      });
    });
  }

  private void reconnect() {
    vertx.setTimer(RECONNECT_AFTER.toMillis(), t -> {
      if (!stopping) {
        // Tasks queued while nobody listened are found by the poll that follows.
        listen().onSuccess(v -> wakeup()).onFailure(e -> {
          LOG.warn("listening for tasks failed [instance: {}]: {}", instanceId, e.getMessage());
          reconnect();
        });
      }
    });
  }

  /** A task was queued, or someone asked to cancel one (the payload is its id). */
  private void notified(final String payload) {
    final UUID taskId = parseId(payload);
    if (taskId != null && running.containsKey(taskId)) {
      store.cancelRequested(pool, taskId, instanceId).onSuccess(requested -> {
        if (requested) {
          cancel(taskId, "canceled on request");
        }
      });
    } else {
      wakeup();
    }
  }

  private static UUID parseId(final String payload) {
    try {
      return payload == null || payload.isEmpty() ? null : UUID.fromString(payload);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  // ---- claiming

  /** Claims soon, once for any number of notifications arriving together. */
  private void wakeup() {
    if (!wakeupScheduled) {
      wakeupScheduled = true;
      context.runOnContext(v -> {
        wakeupScheduled = false;
        claim();
      });
    }
  }

  private void poll() {
    if (stopping) {
      return;
    }
    // A lost task's cluster moves to its failure status in the transaction that takes the task back.
    pool.withTransaction(tx -> store.recoverExpired(tx).compose(recovered -> {
          Future<Void> chain = Future.succeededFuture();
          for (TaskStore.Recovered task : recovered) {
            LOG.warn("task of a silent instance {} [task: {}, cluster: {}]", task.lost() ? "lost" : "queued again",
                task.id(), task.clusterId());
            if (task.lost()) {
              chain = chain.compose(v -> runner.lost(tx, task));
            }
          }
          return chain;
        }))
        .compose(v -> pool.withTransaction(tx -> store.cancelPending(tx)))
        .onComplete(ar -> {
          if (ar.failed()) {
            LOG.warn("task queue poll failed [instance: {}]: {}", instanceId, ar.cause().getMessage());
          }
          claim();
        });
  }

  private void claim() {
    if (stopping) {
      return;
    }
    if (claiming) {
      claimAgain = true;
      return;
    }
    final int free = settings.concurrency() - running.size();
    if (free <= 0) {
      return;
    }
    claiming = true;
    claimAgain = false;
    pool.withTransaction(tx -> store.claim(tx, instanceId, settings.leaseTtl(), free)).onComplete(ar -> {
      claiming = false;
      if (ar.failed()) {
        LOG.warn("claiming tasks failed [instance: {}]: {}", instanceId, ar.cause().getMessage());
        return;
      }
      ar.result().forEach(this::launch);
      // A full batch may have left more behind; a notification during the claim may be for a new one.
      if (ar.result().size() == free || claimAgain) {
        claim();
      }
    });
  }

  private void launch(final TaskStore.Claimed task) {
    final Cancellation cancellation = new Cancellation();
    running.put(task.id(), cancellation);
    LOG.info("claimed task [task: {}, cluster: {}, kind: {}, attempt: {}]", task.id(), task.clusterId(),
        task.kind().id(), task.attempt());
    runner.run(task, cancellation).onComplete(ar -> {
      running.remove(task.id());
      if (ar.failed()) {
        LOG.warn("task left running, its lease will expire [task: {}]: {}", task.id(), ar.cause().getMessage());
      }
      if (stopping) {
        if (running.isEmpty() && drained != null) {
          drained.tryComplete();
        }
      } else {
        claim();
      }
    });
  }

  private void cancel(final UUID taskId, final String why) {
    cancel(taskId, why, false);
  }

  /** Cancels a running task; with {@code requeue} it goes back to the queue once its work has stopped. */
  private void cancel(final UUID taskId, final String why, final boolean requeue) {
    final Cancellation cancellation = running.get(taskId);
    if (cancellation != null && !cancellation.canceled()) {
      LOG.info("{} task [task: {}]: {}", requeue ? "stopping" : "canceling", taskId, why);
      // Hooks may block (killing a process): not on the event loop, nor on the provisioner pool that
      // the task itself may fill.
      vertx.executeBlocking(() -> {
        if (requeue) {
          cancellation.stop(why);
        } else {
          cancellation.cancel(why);
        }
        return null;
      }, false);
    }
  }

  // ---- leases

  private void renew() {
    if (running.isEmpty()) {
      lastRenewal = System.nanoTime();
      return;
    }
    // Only tasks claimed before the renewal was sent can be missing from its answer for a reason.
    final Set<UUID> asked = new HashSet<>(running.keySet());
    store.renew(pool, instanceId, settings.leaseTtl()).onComplete(ar -> {
      if (ar.failed()) {
        LOG.warn("lease renewal failed [instance: {}, tasks: {}]: {}", instanceId, asked.size(), ar.cause().getMessage());
        // Past its lease another instance may have started the task again: stop ours.
        if (System.nanoTime() - lastRenewal > settings.leaseTtl().toNanos()) {
          asked.forEach(id -> cancel(id, "its lease could not be renewed"));
        }
        return;
      }
      lastRenewal = System.nanoTime();
      final Set<UUID> held = new HashSet<>();
      for (TaskStore.Renewed renewed : ar.result()) {
        held.add(renewed.id());
        if (renewed.cancelRequested()) {
          cancel(renewed.id(), "canceled on request");
        }
      }
      asked.stream().filter(id -> !held.contains(id))
          .forEach(id -> cancel(id, "another instance took the task over"));
    });
  }

  // ---- drift checks and housekeeping

  private void scheduleDriftChecks() {
    if (stopping || listener == null) {
      return;
    }
    final Future<Boolean> lead = leading ? Future.succeededFuture(true) : drift.tryLead(listener);
    lead.compose(now -> {
      if (now && !leading) {
        LOG.info("this instance schedules drift checks [instance: {}]", instanceId);
      }
      leading = now;
      return now ? drift.queueDueChecks(pool) : Future.succeededFuture(0);
    }).onSuccess(n -> {
      if (n > 0) {
        LOG.info("drift checks queued [clusters: {}]", n);
      }
    }).onFailure(e -> LOG.warn("drift check scheduling failed: {}", e.getMessage()));
  }

  /** Deletes finished tasks (and their logs) older than the retention. */
  public Future<Integer> purgeTasks() {
    final OffsetDateTime cutoff = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)
        .minusDays(settings.taskRetentionDays());
    return store.purgeFinishedBefore(pool, cutoff)
        .onSuccess(n -> LOG.info("finished tasks purged [older than: {}, deleted: {}]", cutoff, n))
        .onFailure(e -> LOG.warn("task purge failed: {}", e.getMessage()));
  }

  // ---- stopping

  @Override
  public Future<?> stop() {
    stopping = true;
    timers.forEach(vertx::cancelTimer);
    final Future<Void> unlisten = listener == null ? Future.succeededFuture() : listener.close();
    drained = Promise.promise();
    if (running.isEmpty()) {
      drained.tryComplete();
    } else {
      LOG.info("waiting for running tasks [instance: {}, tasks: {}, at most: {} s]", instanceId, running.size(),
          settings.shutdownTimeout().toSeconds());
    }
    return unlisten.transform(v -> drained.future()
            .timeout(Math.max(1, settings.shutdownTimeout().toMillis()), TimeUnit.MILLISECONDS))
        .recover(timeout -> release())
        .eventually(() -> {
          vertx.cancelTimer(renewTimer);
          return executor.close();
        });
  }

  /**
   * Puts the tasks still running back in the queue, for another instance: each is stopped and puts
   * itself back once its work has ended (so no other instance starts it while a process of ours
   * still runs); those that have not ended within {@link #STOP_GRACE} are released here.
   */
  private Future<Void> release() {
    List.copyOf(running.keySet()).forEach(id -> cancel(id, "the cluster manager is stopping", true));
    return drained.future().timeout(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)
        .otherwiseEmpty()
        .compose(v -> store.release(pool, instanceId))
        .compose(n -> {
          LOG.info("tasks still running given back to the queue [instance: {}, tasks: {}]", instanceId, n);
          return pool.query("SELECT pg_notify('" + TaskEnqueuer.CHANNEL + "', '')").execute();
        })
        .<Void>mapEmpty()
        .recover(e -> {
          LOG.warn("tasks not given back, their leases will expire [instance: {}]: {}", instanceId, e.getMessage());
          return Future.succeededFuture();
        });
  }
}
