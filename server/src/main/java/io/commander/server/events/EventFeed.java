package io.commander.server.events;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Commander's events as server-sent events, for browsers: what other systems get through Kafka (the outbox),
 * read straight from the outbox so a stream needs no broker and resumes from any event still kept.
 *
 * <p>One reader per process follows the outbox while someone listens (every {@value #POLL_MS} ms), and hands
 * each row to the streams allowed to see its workspace. A row is read only once the transaction that wrote it
 * and every older one have ended (below {@code pg_snapshot_xmin}), in (xid, sequence) order, so a transaction
 * that commits late cannot slip a row behind a reader's position; the position is the event id a browser
 * sends back as {@code Last-Event-ID}. A stream that resumes reads what it missed from the database, then
 * joins the shared reader; each event is sent once, in order. Streams end after {@value #MAX_STREAM_MS} ms and
 * the browser reconnects at once ({@code retry}), which signs the caller in again: a revoked token or a removed
 * role stops a stream within that time.
 */
public final class EventFeed {

  static final long POLL_MS = 1_000;
  static final long KEEPALIVE_MS = 15_000;
  static final long MAX_STREAM_MS = 60_000;
  private static final int RETRY_MS = 1_000;
  private static final int BATCH = 1_000;
  private static final Pattern EVENT_ID = Pattern.compile("(\\d{1,19})-(\\d{1,19})");
  private static final String HORIZON = "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xid";
  private static final String AFTER = """
      SELECT xid::text AS xid, sequence, id, type, subject, workspace_id, data, created_at FROM outbox_events
      WHERE (xid, sequence) > ($1::text::xid8, $2) AND xid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY xid, sequence LIMIT $3""";

  /** A place in the outbox: after the row of that transaction and sequence. */
  public record Position(long xid, long sequence) implements Comparable<Position> {

    /** An event id as this feed sends it ({@code <xid>-<sequence>}), if it is one. */
    public static Optional<Position> parse(final String eventId) {
      final Matcher m = EVENT_ID.matcher(eventId == null ? "" : eventId.strip());
      try {
        return m.matches() ? Optional.of(new Position(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))))
            : Optional.empty();
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }

    String id() {
      return xid + "-" + sequence;
    }

    @Override
    public int compareTo(final Position other) {
      final int byXid = Long.compare(xid, other.xid);
      return byXid != 0 ? byXid : Long.compare(sequence, other.sequence);
    }
  }

  private record Event(Position position, UUID workspaceId, String frame) {
  }

  private final Vertx vertx;
  private final Pool pool;
  // Every field below is touched on this context only.
  private final Context context;
  private final Set<Subscriber> subscribers = new HashSet<>();
  private Position head;
  private long poller = -1;
  private boolean reading;

  public EventFeed(final Vertx vertx, final Pool pool) {
    this.vertx = vertx;
    this.pool = pool;
    this.context = vertx.getOrCreateContext();
  }

  /**
   * Streams the events of the given workspaces to the response until the caller goes or the stream's time is
   * up.
   *
   * @param workspaces the workspaces whose events the caller may see; empty for all of them
   * @param from where a resumed stream left off ({@code Last-Event-ID}); empty to start with what comes next
   */
  public void stream(final Optional<Set<UUID>> workspaces, final Optional<Position> from,
                     final HttpServerResponse response) {
    response.putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
    response.write("retry: " + RETRY_MS + "\n: commander events\n\n");
    final Subscriber subscriber = new Subscriber(workspaces, response);
    response.closeHandler(v -> context.runOnContext(x -> subscriber.close()));
    context.runOnContext(v -> subscriber.open(from));
  }

  /** Starts the shared reader at the current horizon when the first stream comes. */
  private Future<Position> head() {
    if (head != null) {
      return Future.succeededFuture(head);
    }
    return pool.query(HORIZON).execute().map(rows -> new Position(
        Long.parseLong(rows.iterator().next().getString("xid")), 0)).map(position -> {
          if (head == null) {
            head = position;
          }
          if (poller < 0) {
            poller = vertx.setPeriodic(POLL_MS, t -> poll());
          }
          return head;
        });
  }

  private void poll() {
    if (reading || head == null) {
      return;
    }
    reading = true;
    read(head).onComplete(read -> {
      reading = false;
      if (read.succeeded() && !read.result().isEmpty() && !subscribers.isEmpty()) {
        final List<Event> events = read.result();
        head = events.get(events.size() - 1).position();
        for (Subscriber subscriber : List.copyOf(subscribers)) {
          subscriber.live(events);
        }
        if (events.size() == BATCH) {
          poll();
        }
      }
    });
  }

  private Future<List<Event>> read(final Position after) {
    return pool.preparedQuery(AFTER).execute(Tuple.of(Long.toString(after.xid()), after.sequence(), BATCH))
        .map(rows -> {
          final List<Event> events = new ArrayList<>(rows.size());
          rows.forEach(row -> events.add(event(row)));
          return events;
        });
  }

  private static Event event(final Row row) {
    final Position position = new Position(Long.parseLong(row.getString("xid")), row.getLong("sequence"));
    final UUID workspace = row.getUUID("workspace_id");
    final JsonObject body = new JsonObject()
        .put("id", row.getUUID("id").toString())
        .put("type", row.getString("type"))
        .put("subject", row.getUUID("subject").toString())
        .put("workspace_id", workspace == null ? null : workspace.toString())
        .put("time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
            row.getOffsetDateTime("created_at").withOffsetSameInstant(ZoneOffset.UTC)))
        .put("data", row.getJsonObject("data"));
    // No event name: every event is a plain message, so one onmessage handler sees them all; the type is in data.
    return new Event(position, workspace, "id: " + position.id() + "\ndata: " + body.encode() + "\n\n");
  }

  /** One stream: catches up from where it left off, then takes what the shared reader reads. */
  private final class Subscriber {

    private final Optional<Set<UUID>> workspaces;
    private final HttpServerResponse response;
    private final List<Event> waiting = new ArrayList<>();
    private Position last;
    private boolean catchingUp = true;
    private boolean closed;
    private long keepalive = -1;
    private long deadline = -1;

    Subscriber(final Optional<Set<UUID>> workspaces, final HttpServerResponse response) {
      this.workspaces = workspaces;
      this.response = response;
    }

    void open(final Optional<Position> from) {
      if (closed) {
        return;
      }
      subscribers.add(this);
      keepalive = vertx.setPeriodic(KEEPALIVE_MS, t -> response.write(": keepalive\n\n"));
      deadline = vertx.setTimer(MAX_STREAM_MS, t -> end());
      head().compose(now -> {
        last = from.orElse(now);
        return from.isPresent() ? catchUp() : Future.succeededFuture();
      }).onComplete(done -> {
        if (done.failed()) {
          end();
          return;
        }
        catchingUp = false;
        send(waiting);
        waiting.clear();
      });
    }

    /** What happened since the stream's position, from the database, up to where the shared reader is. */
    private Future<Void> catchUp() {
      if (closed) {
        return Future.succeededFuture();
      }
      return read(last).compose(events -> {
        send(events);
        return events.size() == BATCH ? catchUp() : Future.succeededFuture();
      });
    }

    void live(final List<Event> events) {
      if (catchingUp) {
        waiting.addAll(events);
      } else {
        send(events);
      }
    }

    private void send(final List<Event> events) {
      for (Event event : events) {
        if (closed || event.position().compareTo(last) <= 0) {
          continue;
        }
        last = event.position();
        if (workspaces.isEmpty() || event.workspaceId() != null && workspaces.get().contains(event.workspaceId())) {
          response.write(event.frame());
        }
      }
    }

    /** The stream's time is up: the browser reconnects with the last id (and its credentials checked again). */
    private void end() {
      if (!closed) {
        close();
        response.end();
      }
    }

    void close() {
      closed = true;
      vertx.cancelTimer(keepalive);
      vertx.cancelTimer(deadline);
      subscribers.remove(this);
      if (subscribers.isEmpty() && poller >= 0) {
        vertx.cancelTimer(poller);
        poller = -1;
        head = null;
      }
    }
  }
}
