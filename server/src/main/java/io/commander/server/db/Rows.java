package io.commander.server.db;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/** Small conversions from rows to the API's JSON conventions: ISO-8601 UTC times, string ids, jsonb. */
public final class Rows {

  private Rows() {
  }

  /** RFC 3339 in UTC, seconds always written (OffsetDateTime's own text leaves out zero seconds). */
  public static String time(final Row row, final String column) {
    final OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }

  public static String id(final Row row, final String column) {
    final UUID id = row.getUUID(column);
    return id == null ? null : id.toString();
  }

  /**
   * An archive number as Deckhouse Commander's clients decode it: null while the object is live (stored as 0),
   * then the number as a string.
   */
  public static String archiveNumber(final Row row) {
    final Integer n = row.getInteger("archive_number");
    return n == null || n == 0 ? null : n.toString();
  }

  /** A jsonb object column (null stays null). */
  public static JsonObject object(final Row row, final String column) {
    return object(row.getValue(column));
  }

  /** A jsonb array column (null stays null). */
  public static JsonArray array(final Row row, final String column) {
    return array(row.getValue(column));
  }

  /** A jsonb object value, as the client decoded it or as text. */
  public static JsonObject object(final Object value) {
    return value == null || value instanceof JsonObject ? (JsonObject) value : new JsonObject(String.valueOf(value));
  }

  /** A jsonb array value, as the client decoded it or as text. */
  public static JsonArray array(final Object value) {
    return value == null || value instanceof JsonArray ? (JsonArray) value : new JsonArray(String.valueOf(value));
  }
}
