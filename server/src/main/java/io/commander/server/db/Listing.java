package io.commander.server.db;

import io.commander.server.api.Page;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** One page of a list and the size of the whole list. */
public record Listing<T>(List<T> items, long total) {

  /**
   * Runs a list query and its count together.
   *
   * @param countSql counts the rows matching the filter parameters {@code $1..$n}
   * @param pageSql selects the page: the same filter parameters, then {@code LIMIT $n+1 OFFSET $n+2}
   * @param filter the filter parameters
   */
  public static <T> Future<Listing<T>> of(final SqlClient sql, final String countSql, final String pageSql,
                                          final Object[] filter, final Page page, final Function<Row, T> mapper) {
    return of(sql, countSql, pageSql, filter, page, mapper, new Object[0]);
  }

  /** As {@link #of(SqlClient, String, String, Object[], Page, Function)}, with page parameters after the offset. */
  public static <T> Future<Listing<T>> of(final SqlClient sql, final String countSql, final String pageSql,
                                          final Object[] filter, final Page page, final Function<Row, T> mapper,
                                          final Object... more) {
    final Future<Long> total = sql.preparedQuery(countSql).execute(Tuple.from(filter))
        .map(rows -> rows.iterator().next().getLong(0));
    final Object[] paged = Arrays.copyOf(filter, filter.length + 2 + more.length);
    paged[filter.length] = page.limit();
    paged[filter.length + 1] = page.offset();
    System.arraycopy(more, 0, paged, filter.length + 2, more.length);
    final Future<List<T>> items = sql.preparedQuery(pageSql).execute(Tuple.from(paged)).map(rows -> {
      final List<T> out = new ArrayList<>();
      rows.forEach(r -> out.add(mapper.apply(r)));
      return out;
    });
    return Future.all(total, items).map(v -> new Listing<>(items.result(), total.result()));
  }
}
