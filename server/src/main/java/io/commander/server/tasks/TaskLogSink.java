package io.commander.server.tasks;

import io.commander.core.bus.Addresses;
import io.commander.server.provisioners.TaskLog;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's log while it runs. Lines come from provisioner threads; each is masked, numbered,
 * published on {@link Addresses#taskLog} as soon as the task's context runs (the lines logged meanwhile
 * together, as one JSON array: a burst of lines costs one event-bus message, not one each) and written to
 * {@code task_logs} in batches (every {@link #FLUSH_EVERY_MS} ms, or as soon as {@link #BATCH} lines wait),
 * so a chatty tool costs one insert per batch rather than one per line. Numbering continues the task's
 * earlier attempts.
 */
public final class TaskLogSink implements TaskLog {

  static final long FLUSH_EVERY_MS = 200;
  static final int BATCH = 500;
  private static final Logger LOG = LoggerFactory.getLogger(TaskLogSink.class);
  private static final Set<String> STREAMS = Set.of("system", "stdout", "stderr");
  private static final String MASK = "****";
  // Shorter fragments would mask ordinary words; whole secrets are masked whatever their length.
  private static final int MIN_FRAGMENT = 16;
  private static final Pattern SECRET_LIKE = Pattern.compile("[0-9+/=]");

  private final Vertx vertx;
  private final Context context;
  private final Pool pool;
  private final TaskStore store;
  private final UUID taskId;
  private final String address;
  private final List<String> masks;
  private final Clock clock;
  private final AtomicInteger seq;
  private final Queue<TaskStore.LogLine> waiting = new ConcurrentLinkedQueue<>();
  private final AtomicInteger waitingCount = new AtomicInteger();
  private final Queue<JsonObject> unpublished = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean publishing = new AtomicBoolean();
  private final long timer;
  private Future<Void> flushing = Future.succeededFuture();

  /**
   * Opens the log of a task; call on the task's context.
   *
   * @param firstSeq the number of the first line (the task's earlier attempts wrote the ones before)
   * @param secrets values never to show: each is masked whole, and each of its lines too
   */
  public TaskLogSink(final Vertx vertx, final Pool pool, final TaskStore store, final UUID taskId, final int firstSeq,
                     final Collection<String> secrets, final Clock clock) {
    this.vertx = vertx;
    // Flushes run on the task's context only, so they never overlap, whichever thread logs.
    this.context = vertx.getOrCreateContext();
    this.pool = pool;
    this.store = store;
    this.taskId = taskId;
    this.address = Addresses.taskLog(taskId);
    this.masks = masks(secrets);
    this.clock = clock;
    this.seq = new AtomicInteger(firstSeq);
    this.timer = vertx.setPeriodic(FLUSH_EVERY_MS, t -> flush());
  }

  private static List<String> masks(final Collection<String> secrets) {
    final List<String> out = new ArrayList<>();
    for (String secret : secrets) {
      if (secret == null || secret.isBlank()) {
        continue;
      }
      out.add(secret);
      // A line of a multi-line secret may be printed alone: mask its key material (base64 blobs,
      // tokens), not words every kubeconfig shares such as "apiVersion: v1".
      for (String token : secret.split("\\s+")) {
        if (token.length() >= MIN_FRAGMENT && SECRET_LIKE.matcher(token).find()) {
          out.add(token);
        }
      }
    }
    // Longest first, so a whole secret is masked before its fragments are looked for.
    out.sort(Comparator.comparingInt(String::length).reversed());
    return List.copyOf(out);
  }

  @Override
  public void line(final String stream, final String text) {
    String masked = text == null ? "" : text;
    for (String secret : masks) {
      masked = masked.replace(secret, MASK);
    }
    final TaskStore.LogLine line = new TaskStore.LogLine(seq.getAndIncrement(),
        OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC), STREAMS.contains(stream) ? stream : "stdout",
        masked);
    waiting.add(line);
    unpublished.add(line.toJson());
    if (publishing.compareAndSet(false, true)) {
      context.runOnContext(v -> publish());
    }
    if (waitingCount.incrementAndGet() == BATCH) {
      context.runOnContext(v -> flush());
    }
  }

  /** Publishes the lines logged since the last publish, in order, as one message. */
  private void publish() {
    // Cleared first: a line logged from here on schedules the next publish, or is taken by this one.
    publishing.set(false);
    final JsonArray lines = new JsonArray();
    JsonObject line;
    while ((line = unpublished.poll()) != null) {
      lines.add(line);
    }
    if (!lines.isEmpty()) {
      vertx.eventBus().publish(address, lines);
    }
  }

  /** Writes the lines waiting so far; one flush at a time, each after the previous. */
  private Future<Void> flush() {
    return flush(pool).recover(e -> {
      LOG.warn("task log lines lost [task: {}]: {}", taskId, e.getMessage());
      return Future.succeededFuture();
    });
  }

  private Future<Void> flush(final SqlClient db) {
    flushing = flushing.transform(ignored -> {
      final List<TaskStore.LogLine> batch = new ArrayList<>();
      TaskStore.LogLine line;
      while ((line = waiting.poll()) != null) {
        batch.add(line);
      }
      waitingCount.addAndGet(-batch.size());
      if (batch.isEmpty()) {
        return Future.succeededFuture();
      }
      return store.appendLogs(db, taskId, batch);
    });
    return flushing;
  }

  /** Stops the periodic flush and writes what is left; the future completes when it is written. */
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return flush();
  }

  /**
   * Stops the periodic flush and writes what is left within the caller's transaction (the task's end), after
   * any flush under way; the lines are lost with the transaction if it rolls back (the lease was lost).
   */
  public Future<Void> closeWithin(final SqlConnection tx) {
    vertx.cancelTimer(timer);
    return flush(tx);
  }
}
