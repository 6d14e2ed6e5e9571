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
    return time(row.getOffsetDateTime(column));
  }

  /** As {@link #time(Row, String)}, by the column's index (a name costs a search of the row's columns). */
  public static String time(final Row row, final int column) {
    return time(row.getOffsetDateTime(column));
  }

  /**
   * {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} of the time in UTC, written by hand: the formatter's
   * generic printing was a tenth of a list's cost. Same text: the fraction without trailing zeros (none
   * when zero), {@code Z}; years outside 0000–9999 go to the formatter.
   */
  public static String time(final OffsetDateTime t) {
    if (t == null) {
      return null;
    }
    final OffsetDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC);
    final int year = utc.getYear();
    if (year < 0 || year > 9999) {
      return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(utc);
    }
    final char[] out = new char[30];
    digits(out, 0, year, 4);
    out[4] = '-';
    digits(out, 5, utc.getMonthValue(), 2);
    out[7] = '-';
    digits(out, 8, utc.getDayOfMonth(), 2);
    out[10] = 'T';
    digits(out, 11, utc.getHour(), 2);
    out[13] = ':';
    digits(out, 14, utc.getMinute(), 2);
    out[16] = ':';
    digits(out, 17, utc.getSecond(), 2);
    int end = 19;
    int nano = utc.getNano();
    if (nano != 0) {
      out[end++] = '.';
      int width = 9;
      while (nano % 10 == 0) {
        nano /= 10;
        width--;
      }
      digits(out, end, nano, width);
      end += width;
    }
    out[end++] = 'Z';
    return new String(out, 0, end);
  }

  private static void digits(final char[] out, final int at, final int value, final int width) {
    int v = value;
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }

  public static String id(final Row row, final String column) {
    final UUID id = row.getUUID(column);
    return id == null ? null : id.toString();
  }

  /** As {@link #id(Row, String)}, by the column's index. */
  public static String id(final Row row, final int column) {
    final UUID id = row.getUUID(column);
    return id == null ? null : id.toString();
  }

  /**
   * An archive number as Deckhouse Commander's clients decode it: null while the object is live (stored as 0),
   * then the number as a string.
   */
  public static String archiveNumber(final Row row) {
    return archiveNumber(row.getInteger("archive_number"));
  }

  /** As {@link #archiveNumber(Row)}, from the column's value. */
  public static String archiveNumber(final Integer n) {
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

  /** A jsonb object column by its index. */
  public static JsonObject object(final Row row, final int column) {
    return object(row.getValue(column));
  }

  /** A jsonb array column by its index. */
  public static JsonArray array(final Row row, final int column) {
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
