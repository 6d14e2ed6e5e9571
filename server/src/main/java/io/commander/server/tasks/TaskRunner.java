package io.commander.server.tasks;

import io.commander.server.clusters.ChangeRequestStore;
import io.commander.server.clusters.ClusterStatus;
import io.commander.server.clusters.ClusterStore;
import io.commander.agent.protocol.Frames;
import io.commander.core.bus.Addresses;
import io.commander.server.agents.AgentLinks;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.provisioners.Cancellation;
import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.Provisioner;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.Provisioners;
import io.commander.server.events.Events;
import io.commander.server.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a claimed task does, by kind. Status changes go through {@link ClusterStatus} inside
 * transactions that also finish the task, fenced by its lease; provisioner calls run on the
 * bounded provisioner pool. A failure becomes the task's {@code error} in words (the provisioner's
 * message), a retry with backoff when it is transient and attempts are left, and the cluster's
 * failure status when the task had moved it.
 */
public final class TaskRunner {

  /** Cluster values with this prefix reach the provisioner as settings (failure injection of the simulated one). */
  public static final String SETTING_VALUE_PREFIX = "x-simulate-";
  // Bounds a single provisioner call; dhctl bootstraps of large clouds take well under this.
  private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

  /** The statuses a kind moves its cluster through: while it works, when it succeeds, when it fails. */
  private record Lifecycle(ClusterStatus busy, ClusterStatus done, ClusterStatus failed) {

    static Optional<Lifecycle> of(final TaskKind kind) {
      return Optional.ofNullable(switch (kind) {
        case INSTALL -> new Lifecycle(ClusterStatus.CREATING, ClusterStatus.IN_SYNC, ClusterStatus.CREATION_FAILED);
        case CHANGE -> new Lifecycle(ClusterStatus.CHANGING, ClusterStatus.IN_SYNC,
            ClusterStatus.SYNCHRONIZATION_FAILURE);
        case ATTACH -> new Lifecycle(ClusterStatus.JOINING, ClusterStatus.IN_SYNC, ClusterStatus.CREATION_FAILED);
        case DELETE, DETACH -> new Lifecycle(ClusterStatus.DELETE, ClusterStatus.DELETED,
            ClusterStatus.DELETION_FAILED);
        case CHECK -> null;
      });
    }
  }

  /** The task's lease was taken over: what this instance did no longer counts. */
  private static final class LeaseLost extends RuntimeException {
    LeaseLost() {
      super("the task's lease is held by another instance now", null, false, false);
    }
  }

  /**
   * Where the agent reaches Commander, which image provisioners install, and the CA (PEM) the agent is to
   * trust for Commander's certificate: {@code http.tls-ca-file}, empty when publicly trusted.
   */
  public record AgentSettings(String publicUrl, String image, String caBundle) {

    public String serverUrl(final UUID clusterId) {
      return publicUrl.replaceAll("/+$", "") + "/agent_api/" + clusterId;
    }
  }

  // Among the decrypted secrets (so the log masks it), not among what provisioners get as secrets.
  private static final String AGENT_TOKEN = "agent_token";

  private final Vertx vertx;
  private final Pool pool;
  private final TaskStore tasks;
  private final TaskClusterStore clusters = new TaskClusterStore();
  private final ChangeRequestStore changeRequests = new ChangeRequestStore();
  private final ClusterStore clusterStore;
  private final Provisioners provisioners;
  private final Keys keys;
  private final WorkerExecutor executor;
  private final TaskEnqueuer enqueuer;
  private final Backoff backoff;
  private final String owner;
  private final Clock clock;
  private final Optional<AgentSettings> agent;
  private final Duration callTimeout;
  private final TaskMetrics metrics = new TaskMetrics();
  private final java.util.Map<UUID, Long> startedAt = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param executor the bounded pool provisioner calls block on
   * @param owner this instance's id, the lease owner of the tasks it runs
   */
  public TaskRunner(final Vertx vertx, final Pool pool, final TaskStore tasks, final Provisioners provisioners,
                    final Keys keys, final WorkerExecutor executor, final TaskEnqueuer enqueuer, final Backoff backoff,
                    final String owner, final Clock clock, final Optional<AgentSettings> agent,
                    final Duration callTimeout) {
    this.vertx = vertx;
    this.pool = pool;
    this.tasks = tasks;
    this.provisioners = provisioners;
    this.keys = keys;
    this.executor = executor;
    this.enqueuer = enqueuer;
    this.backoff = backoff;
    this.owner = owner;
    this.clock = clock;
    this.agent = agent;
    this.clusterStore = new ClusterStore(keys);
    this.callTimeout = callTimeout;
  }

  /**
   * Runs a claimed task to its end: finished, or back in the queue for a retry.
   *
   * @return a future that completes when the task's row says how it went (or when the lease turned
   *     out lost, which leaves the row to its new owner); it fails only when the database did
   */
  public Future<Void> run(final TaskStore.Claimed task, final Cancellation cancellation) {
    startedAt.put(task.id(), System.nanoTime());
    return attempt(task, cancellation).onComplete(done -> startedAt.remove(task.id()));
  }

  /** Counts a finished attempt and its time. */
  private void finished(final TaskStore.Claimed task, final String outcome) {
    final Long start = startedAt.get(task.id());
    metrics.finished(task.kind(), outcome, Duration.ofNanos(start == null ? 0 : System.nanoTime() - start));
  }

  private Future<Void> attempt(final TaskStore.Claimed task, final Cancellation cancellation) {
    if (task.cancelRequested()) {
      return pool.withTransaction(tx -> tasks.finish(tx, task.id(), owner, TaskStore.Outcome.CANCELED,
          "canceled before it started", null).compose(TaskRunner::held)).recover(TaskRunner::ignoreLeaseLost);
    }
    return prepare(task, cancellation)
        .transform(prepared -> prepared.succeeded()
            ? execute(task, prepared.result().target(), prepared.result().job(), prepared.result().log())
                .recover(e -> failed(task, e, prepared.result().log(), cancellation))
            : failed(task, prepared.cause(), null, cancellation))
        .recover(TaskRunner::ignoreLeaseLost);
  }

  /** A task ready to run: its cluster, its job and its log. */
  private record Prepared(TaskClusterStore.Target target, Job job, TaskLogSink log) {
  }

  /**
   * Loads what the task needs and, for a kind that moves its cluster, moves it to the working status, in one
   * transaction: the step costs one commit, and the status says a task works on the cluster from the moment
   * it is loaded (a failure from there on, an undecryptable secret too, ends in the kind's failure status).
   */
  private Future<Prepared> prepare(final TaskStore.Claimed task, final Cancellation cancellation) {
    // The first attempt's log starts at 0; a later one continues after the lines of the earlier ones.
    final Future<Integer> firstSeq = task.attempt() <= 1 ? Future.succeededFuture(0)
        : tasks.nextLogSeq(pool, task.id());
    final Future<TaskClusterStore.Target> loaded = Lifecycle.of(task.kind()).isEmpty()
        ? clusters.load(pool, task.clusterId(), task.revision())
        : pool.withTransaction(tx -> clusters.load(tx, task.clusterId(), task.revision()).compose(target -> {
          // A provisioner this Commander lacks fails the task and leaves the cluster where it was.
          provisioners.require(target.provisioner());
          return begin(tx, task).map(target);
        }));
    return Future.all(firstSeq, loaded)
        .compose(both -> {
          final TaskClusterStore.Target target = both.resultAt(1);
          final Future<Map<String, String>> rendered = rendered(target);
          return Future.all(secrets(target), rendered).map(decrypted -> {
            final Map<String, String> secrets = decrypted.resultAt(0);
            final TaskLogSink log = new TaskLogSink(vertx, pool, tasks, task.id(), both.resultAt(0),
                secrets.values(), clock);
            log.info("task " + task.kind().id() + " of cluster " + target.name() + " started: attempt "
                + task.attempt() + " of " + task.maxAttempts() + " on " + owner);
            final Optional<Job.AgentInstall> agentInstall = agent.flatMap(a -> Optional.ofNullable(
                secrets.get(AGENT_TOKEN)).map(token -> new Job.AgentInstall(target.commanderId(),
                a.serverUrl(task.clusterId()), token, a.image(), a.caBundle())));
            final Map<String, String> providerSecrets = new HashMap<>(secrets);
            providerSecrets.remove(AGENT_TOKEN);
            return new Prepared(target, new Job(task.clusterId(), target.name(), task.id(), task.attempt(),
                task.kind() != TaskKind.INSTALL && target.wasCreated(), rendered.result(), target.resourceModes(),
                providerSecrets, agentInstall, settings(target), callTimeout, log, cancellation), log);
          });
        });
  }

  private Future<Void> execute(final TaskStore.Claimed task, final TaskClusterStore.Target target, final Job job,
                               final TaskLogSink log) {
    final Provisioner provisioner;
    try {
      provisioner = provisioners.require(target.provisioner());
    } catch (ProvisionerException e) {
      return Future.failedFuture(e);
    }
    final UUID clusterId = task.clusterId();
    return switch (task.kind()) {
      // Attaching an existing cluster is its provisioner's install; detaching is its destroy.
      case INSTALL, ATTACH -> blocking(() -> {
        provisioner.apply(job);
        return null;
      }).compose(v -> succeed(task, log, new JsonObject().put("revision", target.revision()),
          tx -> transition(tx, task, to -> clusters.applied(tx, clusterId, to, target.revision()))
              .compose(x -> applied(tx, task, target))))
          .onSuccess(v -> deliverDesiredState(clusterId, target, job));
      // A destructive plan is applied only once a person approved exactly its change set.
      case CHANGE -> blocking(() -> provisioner.plan(job))
          .compose(plan -> approval(task, target, plan).compose(approval -> {
            if (plan.isDestructive() && approval.isEmpty()) {
              return awaitApproval(task, target, log, plan);
            }
            return blocking(() -> {
              provisioner.apply(job);
              return null;
            }).compose(v -> succeed(task, log, planResult(target, plan),
                tx -> transition(tx, task, to -> clusters.applied(tx, clusterId, to, target.revision()))
                    .compose(x -> applied(tx, task, target))
                    .compose(x -> approval.isPresent() ? changeRequests.complete(tx, approval.get())
                        : Future.succeededFuture())))
                .onSuccess(x -> deliverDesiredState(clusterId, target, job));
          }));
      case DELETE, DETACH -> blocking(() -> {
        provisioner.destroy(job);
        return null;
      }).compose(v -> succeed(task, log, new JsonObject(),
          tx -> transition(tx, task, to -> clusterStore.archive(tx, clusterId))
              .compose(x -> Outbox.add(tx, Events.clusterDeleted(clusterId, target.name(), task.id())))));
      case CHECK -> blocking(() -> provisioner.check(job)).compose(drift -> {
        drift.differences().forEach(d -> log.info("drift: " + d));
        return succeed(task, log, new JsonObject().put("drifted", drift.drifted())
            .put("differences", new JsonArray(drift.differences())), tx -> checked(tx, task, target, drift));
      });
    };
  }

  /**
   * The provisioner put the revision in place; from now on the cluster's agent keeps it there, so
   * its session (on whichever gateway holds it) gets the new desired state at once.
   */
  private void deliverDesiredState(final UUID clusterId, final TaskClusterStore.Target target, final Job job) {
    if (target.revision() != null) {
      vertx.eventBus().send(Addresses.agentDeliver(clusterId),
          Frames.encode(AgentLinks.of(target.revision(), job.rendered(), job.resourceModes())));
    }
  }

  /** The approved change request for a destructive plan, if there is one. */
  private Future<Optional<UUID>> approval(final TaskStore.Claimed task, final TaskClusterStore.Target target,
                                          final Plan plan) {
    return plan.isDestructive() ? changeRequests.approved(pool, task.clusterId(), target.revision(), plan)
        : Future.succeededFuture(Optional.empty());
  }

  /**
   * Ends the change without applying it and asks for an approval; the cluster stays {@code changing}
   * until a person approves (which queues the change again) or new inputs supersede the request.
   */
  private Future<Void> awaitApproval(final TaskStore.Claimed task, final TaskClusterStore.Target target,
                                     final TaskLogSink log, final Plan plan) {
    plan.destructive().forEach(d -> log.info("destructive change: " + d));
    log.info("the change destroys nodes or infrastructure: it waits for an approval of change set "
        + ChangeRequestStore.sha256(plan.destructive()));
    return log.close().compose(v -> pool.withTransaction(tx -> tasks.finish(tx, task.id(), owner,
            TaskStore.Outcome.SUCCEEDED, null, planResult(target, plan).put("awaiting_approval", true))
        .compose(TaskRunner::held)
        .compose(held -> changeRequests.request(tx, task.clusterId(), task.id(), target.revision(), plan))))
        .onSuccess(request -> LOG.info("destructive change waits for approval [task: {}, cluster: {}, request: {}]",
            task.id(), task.clusterId(), request))
        .onSuccess(request -> finished(task, "awaiting_approval"))
        .mapEmpty();
  }

  private static JsonObject planResult(final TaskClusterStore.Target target, final Plan plan) {
    return new JsonObject().put("revision", target.revision()).put("plan", new JsonObject()
        .put("changes", new JsonArray(plan.changes())).put("destructive", new JsonArray(plan.destructive())));
  }

  /** Moves the cluster to the kind's working status, unless an earlier attempt already did. */
  private Future<Void> begin(final SqlConnection tx, final TaskStore.Claimed task) {
    final ClusterStatus busy = Lifecycle.of(task.kind()).orElseThrow().busy();
    return clusters.lockStatus(tx, task.clusterId()).compose(current -> {
      if (current == busy) {
        return Future.succeededFuture();
      }
      current.check(busy);
      return clusters.setStatus(tx, task.clusterId(), busy)
          .compose(v -> Outbox.add(tx, Events.statusChanged(task.clusterId(), current.id(), busy.id(), null,
              task.id())));
    });
  }

  /** The revision a task put in place, for other systems. */
  private static Future<Void> applied(final SqlConnection tx, final TaskStore.Claimed task,
                                      final TaskClusterStore.Target target) {
    return target.revision() == null ? Future.succeededFuture()
        : Outbox.add(tx, Events.revisionApplied(task.clusterId(), target.revision(), task.id()));
  }

  /** Checks and writes the kind's success status. */
  private Future<Void> transition(final SqlConnection tx, final TaskStore.Claimed task,
                                  final Function<ClusterStatus, Future<Void>> write) {
    final ClusterStatus done = Lifecycle.of(task.kind()).orElseThrow().done();
    return clusters.lockStatus(tx, task.clusterId()).compose(current -> {
      current.check(done);
      return write.apply(done).compose(v -> current == done ? Future.succeededFuture()
          : Outbox.add(tx, Events.statusChanged(task.clusterId(), current.id(), done.id(), null, task.id())));
    });
  }

  /** Records a check; drift on a cluster in auto mode queues the change that brings it back. */
  private Future<Void> checked(final SqlConnection tx, final TaskStore.Claimed task,
                               final TaskClusterStore.Target target, final Drift drift) {
    return clusters.checked(tx, task.clusterId(), drift)
        .compose(v -> clusters.lockStatus(tx, task.clusterId()))
        .compose(status -> {
          final boolean live = status == ClusterStatus.IN_SYNC || status == ClusterStatus.SYNCHRONIZATION_FAILURE;
          if (!drift.drifted() || !target.autoSync() || !live) {
            return Future.succeededFuture();
          }
          return enqueuer.enqueue(tx, task.clusterId(), TaskKind.CHANGE, target.desiredRevision(), "drift-check")
              .onSuccess(id -> LOG.info("drift found, change queued [task: {}, cluster: {}, change: {}]", task.id(),
                  task.clusterId(), id))
              .mapEmpty();
        });
  }

  /** Finishes the task, writes the rest of its log and updates its cluster in one transaction. */
  private Future<Void> succeed(final TaskStore.Claimed task, final TaskLogSink log, final JsonObject result,
                               final Function<SqlConnection, Future<Void>> update) {
    log.info("task " + task.kind().id() + " succeeded");
    // The log's last lines go in with the task's end: one commit, and a finished task has its whole log.
    return pool.withTransaction(tx -> log.closeWithin(tx).compose(v -> tasks.finish(tx, task.id(), owner,
            TaskStore.Outcome.SUCCEEDED, null, result))
        .compose(TaskRunner::held)
        .compose(held -> update.apply(tx)))
        .onSuccess(v -> LOG.info("task succeeded [task: {}, cluster: {}, kind: {}, attempt: {}]", task.id(),
            task.clusterId(), task.kind().id(), task.attempt()))
        .onSuccess(v -> finished(task, "succeeded"));
  }

  private Future<Void> failed(final TaskStore.Claimed task, final Throwable cause, final TaskLogSink log,
                              final Cancellation cancellation) {
    if (cause instanceof LeaseLost) {
      return Future.failedFuture(cause);
    }
    final ProvisionerException failure = asProvisionerFailure(cause, cancellation);
    final String error = failure.getMessage();
    if (cancellation.requeue()) {
      final String stopped = "attempt " + task.attempt() + " stopped: " + cancellation.reason();
      LOG.info("task stopped, back in the queue [task: {}, cluster: {}]: {}", task.id(), task.clusterId(), stopped);
      return closeLog(log, stopped + "; back in the queue")
          .compose(v -> tasks.retryLater(pool, task.id(), owner, Duration.ZERO, stopped))
          .compose(TaskRunner::held)
          .onSuccess(v -> finished(task, "requeued"));
    }
    final boolean transientFailure = failure.reason() == ProvisionerException.Reason.TRANSIENT
        || failure.reason() == ProvisionerException.Reason.TIMEOUT;
    if (transientFailure && task.attemptsLeft() && !cancellation.canceled()) {
      final Duration delay = backoff.after(task.attempt());
      LOG.info("task failed, retrying [task: {}, cluster: {}, attempt: {}, in: {} ms]: {}", task.id(),
          task.clusterId(), task.attempt(), delay.toMillis(), error);
      return closeLog(log, "attempt " + task.attempt() + " failed: " + error + "; retrying in "
          + Math.max(1, delay.toSeconds()) + " s")
          .compose(v -> tasks.retryLater(pool, task.id(), owner, delay, error))
          .compose(TaskRunner::held)
          .onSuccess(v -> finished(task, "retried"));
    }
    final boolean canceled = failure.reason() == ProvisionerException.Reason.CANCELED;
    LOG.info("task {} [task: {}, cluster: {}, attempt: {}]: {}", canceled ? "canceled" : "failed", task.id(),
        task.clusterId(), task.attempt(), error);
    return closeLog(log, "task " + task.kind().id() + (canceled ? " canceled: " : " failed: ") + error)
        .compose(v -> pool.withTransaction(tx -> tasks.finish(tx, task.id(), owner,
                canceled ? TaskStore.Outcome.CANCELED : TaskStore.Outcome.FAILED, error, null)
            .compose(TaskRunner::held)
            .compose(held -> failCluster(tx, task.clusterId(), task.kind(), task.id(), error))))
        .onSuccess(v -> finished(task, canceled ? "canceled" : "failed"));
  }

  private static Future<Void> closeLog(final TaskLogSink log, final String lastLine) {
    if (log == null) {
      return Future.succeededFuture();
    }
    log.info(lastLine);
    return log.close();
  }

  /**
   * Moves the cluster of a task that ended badly (failed, canceled, lost) to its kind's failure
   * status, if the task had moved it to its working status.
   */
  private Future<Void> failCluster(final SqlConnection tx, final UUID clusterId, final TaskKind kind,
                                   final UUID taskId, final String cause) {
    final Optional<Lifecycle> lifecycle = Lifecycle.of(kind);
    if (lifecycle.isEmpty()) {
      return Future.succeededFuture();
    }
    return clusters.lockStatus(tx, clusterId).compose(current -> {
      if (current != lifecycle.get().busy()) {
        return Future.succeededFuture();
      }
      current.check(lifecycle.get().failed());
      return clusters.setStatus(tx, clusterId, lifecycle.get().failed())
          .compose(v -> Outbox.add(tx, Events.statusChanged(clusterId, current.id(), lifecycle.get().failed().id(),
              cause, taskId)));
    });
  }

  /**
   * Moves the cluster of a task that was lost (its instance died on its last attempt) to its kind's
   * failure status.
   *
   * @param tx the transaction that took the task back
   * @return a future that completes when written
   */
  public Future<Void> lost(final SqlConnection tx, final TaskStore.Recovered task) {
    return failCluster(tx, task.clusterId(), task.kind(), task.id(), task.error());
  }

  private static ProvisionerException asProvisionerFailure(final Throwable cause, final Cancellation cancellation) {
    if (cause instanceof ProvisionerException e) {
      return e;
    }
    if (cancellation.canceled()) {
      return new ProvisionerException(ProvisionerException.Reason.CANCELED, "canceled: " + cancellation.reason(), cause);
    }
    if (cause instanceof ClusterStatus.IllegalTransitionException) {
      return new ProvisionerException(ProvisionerException.Reason.PERMANENT, cause.getMessage(), cause);
    }
    final String what = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    return new ProvisionerException(ProvisionerException.Reason.PERMANENT, "unexpected error: " + what, cause);
  }

  private <T> Future<T> blocking(final Callable<T> call) {
    // Unordered: tasks of one instance run side by side on the pool, not one after another.
    return executor.executeBlocking(call, false);
  }

  private Future<Map<String, String>> secrets(final TaskClusterStore.Target target) {
    final Future<String> ssh = decrypt(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY, target.sshPrivateKeyEncrypted());
    final Future<String> kubeconfig = decrypt(EncryptedColumn.CLUSTER_KUBECONFIG, target.kubeconfigEncrypted());
    final Future<String> agentToken = decrypt(EncryptedColumn.CLUSTER_AGENT_TOKEN, target.agentTokenEncrypted());
    return Future.all(ssh, kubeconfig, agentToken).map(all -> {
      final Map<String, String> secrets = new HashMap<>();
      if (ssh.result() != null) {
        secrets.put("ssh_private_key", ssh.result());
      }
      if (kubeconfig.result() != null) {
        secrets.put("kubeconfig", kubeconfig.result());
      }
      if (agentToken.result() != null) {
        secrets.put(AGENT_TOKEN, agentToken.result());
      }
      return secrets;
    });
  }

  private Future<String> decrypt(final EncryptedColumn column, final String stored) {
    if (stored == null) {
      return Future.succeededFuture();
    }
    return keys.decrypt(column.context(), stored).recover(e -> Future.failedFuture(new ProvisionerException(
        ProvisionerException.Reason.PERMANENT, column.qualifiedName() + " of the cluster cannot be decrypted: "
        + e.getMessage(), e)));
  }

  /** The sections the task's revision rendered (stored encrypted: they hold the cluster's secrets). */
  private Future<Map<String, String>> rendered(final TaskClusterStore.Target target) {
    return decrypt(EncryptedColumn.CLUSTER_REVISION_RENDERED, target.renderedEncrypted()).map(json -> {
      final Map<String, String> sections = new HashMap<>();
      if (json != null) {
        new JsonObject(json).forEach(e -> sections.put(e.getKey(), String.valueOf(e.getValue())));
      }
      return sections;
    });
  }

  private static Map<String, String> settings(final TaskClusterStore.Target target) {
    final Map<String, String> settings = new HashMap<>();
    target.values().forEach(e -> {
      if (e.getKey().startsWith(SETTING_VALUE_PREFIX) && e.getValue() != null) {
        settings.put(e.getKey(), String.valueOf(e.getValue()));
      }
    });
    return settings;
  }

  private static Future<Void> held(final boolean stillHeld) {
    return stillHeld ? Future.succeededFuture() : Future.failedFuture(new LeaseLost());
  }

  private static Future<Void> ignoreLeaseLost(final Throwable e) {
    return e instanceof LeaseLost ? Future.succeededFuture() : Future.failedFuture(e);
  }
}
