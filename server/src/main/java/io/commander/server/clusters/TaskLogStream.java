package io.commander.server.clusters;

import io.commander.core.bus.Addresses;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Follows a task's log as server-sent events: the lines already written, then new ones as the
 * cluster manager publishes them, then an {@code end} event with the final state. The database
 * is read again every second too, so nothing is missed when this process does not receive the
 * live lines (another manager, a restarted stream); lines are sent in order, each once.
 */
final class TaskLogStream {

  private static final long POLL_MS = 1_000;
  private static final long KEEPALIVE_MS = 15_000;
  private static final int BATCH = 1_000;
  private static final Set<String> FINISHED = Set.of("succeeded", "failed", "canceled", "lost");

  private final Vertx vertx;
  private final Pool pool;
  private final ClusterTasks tasks;

  TaskLogStream(final Vertx vertx, final Pool pool, final ClusterTasks tasks) {
    this.vertx = vertx;
    this.pool = pool;
    this.tasks = tasks;
  }

  /** Streams lines with a seq above {@code after} until the task finishes or the client goes. */
  void follow(final UUID taskId, final int after, final HttpServerResponse response) {
    response.putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    new Follower(taskId, after, response).start();
  }

  private final class Follower {

    private final UUID taskId;
    private final HttpServerResponse response;
    private final List<JsonObject> live = new ArrayList<>();
    private MessageConsumer<JsonArray> consumer;
    private long poll;
    private long keepalive;
    private int last;
    private boolean reading;
    private boolean closed;

    Follower(final UUID taskId, final int after, final HttpServerResponse response) {
      this.taskId = taskId;
      this.last = after;
      this.response = response;
    }

    void start() {
      response.closeHandler(v -> close());
      response.write(": following task " + taskId + "\n\n");
      consumer = vertx.eventBus().<JsonArray>consumer(Addresses.taskLog(taskId), message -> {
        message.body().forEach(line -> live.add((JsonObject) line));
        if (!reading) {
          flushLive();
        }
      });
      poll = vertx.setPeriodic(0, POLL_MS, t -> read());
      keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> response.write(": keepalive\n\n"));
    }

    /** Lines from the database first, then whatever arrived live meanwhile; ends once the task has finished. */
    private void read() {
      if (reading || closed) {
        return;
      }
      reading = true;
      tasks.state(pool, taskId).compose(state -> tasks.logAfter(pool, taskId, last, BATCH).map(lines -> {
        send(lines, true);
        return lines.size() < BATCH && FINISHED.contains(state) ? state : null;
      })).onComplete(done -> {
        reading = false;
        flushLive();
        if (done.succeeded() && done.result() != null) {
          end(new JsonObject().put("state", done.result()));
        } else if (done.failed()) {
          end(new JsonObject().put("error", "the log could not be read; reconnect with after=" + last));
        }
      });
    }

    private void flushLive() {
      final JsonArray pending = new JsonArray(new ArrayList<>(live));
      live.clear();
      send(pending, false);
    }

    /**
     * Sends lines in order, each once: from the database every line past the last sent; live, only
     * the very next one (one ahead of a gap is left to the next database read, which has the gap).
     */
    private void send(final JsonArray lines, final boolean fromDatabase) {
      for (int i = 0; i < lines.size() && !closed; i++) {
        final JsonObject line = lines.getJsonObject(i);
        final int seq = line.getInteger("seq");
        if (fromDatabase ? seq > last : seq == last + 1) {
          response.write("id: " + seq + "\nevent: line\ndata: " + line.encode() + "\n\n");
          last = seq;
        }
      }
    }

    private void end(final JsonObject data) {
      if (!closed) {
        response.end("event: end\ndata: " + data.encode() + "\n\n");
        close();
      }
    }

    private void close() {
      closed = true;
      vertx.cancelTimer(poll);
      vertx.cancelTimer(keepalive);
      if (consumer != null) {
        consumer.unregister();
      }
    }
  }
}
