package io.commander.server.telemetry;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One agent report as it travels on {@code commander.telemetry.v1}: the sources that changed since
 * the agent's previous report. {@code (sentAt, seq)} orders reports of a cluster: a session's
 * {@code seq} grows, and a new session's reports are sent later.
 */
public record TelemetryReport(UUID clusterId, UUID sessionId, long seq, Instant sentAt, Instant receivedAt,
                              Map<HistoryMetric.Source, JsonObject> sources) {

  /** The only version this ingest reads. */
  public static final int VERSION = 1;

  /** Why a record was not ingested: a metric tag, so stable. */
  public enum Skip {
    MALFORMED("malformed"), UNKNOWN_CLUSTER("unknown_cluster"), ARCHIVED_CLUSTER("archived_cluster");

    private final String reason;

    Skip(final String reason) {
      this.reason = reason;
    }

    public String reason() {
      return reason;
    }
  }

  /** A record that is not a report this ingest reads. */
  public static final class Malformed extends Exception {

    Malformed(final String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Reads a record's value; its key must be the report's cluster id. Sources other than the known
   * ones are dropped (a newer agent may send more); a known one that is not an object is malformed.
   */
  public static TelemetryReport parse(final String key, final String value) throws Malformed {
    if (value == null) {
      throw new Malformed("no value");
    }
    // PostgreSQL's jsonb cannot hold U+0000: such a record would fail every batch it is in.
    if (value.contains("\\u0000")) {
      throw new Malformed("a string holds U+0000");
    }
    final JsonObject json;
    try {
      json = new JsonObject(value);
    } catch (DecodeException | ClassCastException e) {
      throw new Malformed("not a JSON object");
    }
    if (!Integer.valueOf(VERSION).equals(integer(json, "version"))) {
      throw new Malformed("version is not " + VERSION);
    }
    final UUID clusterId = uuid(json, "cluster_id");
    if (!clusterId.toString().equals(key)) {
      throw new Malformed("the key is not the cluster id");
    }
    final Object seq = json.getValue("seq");
    if (!(seq instanceof Long || seq instanceof Integer)) {
      throw new Malformed("seq is not an integer");
    }
    final Object sources = json.getValue("sources");
    if (!(sources instanceof JsonObject given)) {
      throw new Malformed("sources is not an object");
    }
    final Map<HistoryMetric.Source, JsonObject> known = new LinkedHashMap<>();
    for (Map.Entry<String, Object> s : given) {
      final var source = HistoryMetric.Source.of(s.getKey());
      if (source.isPresent()) {
        if (!(s.getValue() instanceof JsonObject document)) {
          throw new Malformed("source " + s.getKey() + " is not an object");
        }
        known.put(source.get(), document);
      }
    }
    final Instant sentAt = time(json, "sent_at");
    return new TelemetryReport(clusterId, uuid(json, "session_id"), ((Number) seq).longValue(), sentAt,
        json.containsKey("received_at") ? time(json, "received_at") : sentAt, known);
  }

  private static Integer integer(final JsonObject json, final String field) {
    return json.getValue(field) instanceof Integer i ? i : null;
  }

  private static UUID uuid(final JsonObject json, final String field) throws Malformed {
    try {
      return UUID.fromString(json.getValue(field) instanceof String s ? s : "");
    } catch (IllegalArgumentException e) {
      throw new Malformed(field + " is not a UUID");
    }
  }

  private static Instant time(final JsonObject json, final String field) throws Malformed {
    try {
      return Instant.parse(json.getValue(field) instanceof String s ? s : "");
    } catch (DateTimeParseException e) {
      throw new Malformed(field + " is not an RFC 3339 time");
    }
  }
}
