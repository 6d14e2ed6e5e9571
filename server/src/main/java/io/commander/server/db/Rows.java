package io.commander.server.db;

import io.vertx.sqlclient.Row;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/** Small conversions from rows to the API's JSON conventions: ISO-8601 UTC times, string ids. */
public final class Rows {

  private Rows() {
  }

  public static String time(final Row row, final String column) {
    final OffsetDateTime t = row.getOffsetDateTime(column);
    return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC).toString();
  }

  public static String id(final Row row, final String column) {
    final UUID id = row.getUUID(column);
    return id == null ? null : id.toString();
  }
}
