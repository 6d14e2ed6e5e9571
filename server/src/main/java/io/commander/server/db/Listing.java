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

  /** A count and a page, each with its own parameters, run together. */
  public static <T> Future<Listing<T>> of(final SqlClient sql, final String countSql, final Tuple countParams,
                                          final String pageSql, final Tuple pageParams,
                                          final Function<Row, T> mapper) {
    final Future<Long> total = sql.preparedQuery(countSql).execute(countParams)
        .map(rows -> rows.iterator().next().getLong(0));
    final Future<List<T>> items = sql.preparedQuery(pageSql).execute(pageParams).map(rows -> {
      final List<T> out = new ArrayList<>(rows.size());
      rows.forEach(r -> out.add(mapper.apply(r)));
      return out;
    });
    return Future.all(total, items).map(v -> new Listing<>(items.result(), total.result()));
  }

  /** As {@link #of(SqlClient, String, String, Object[], Page, Function)}, with page parameters after the offset. */
  public static <T> Future<Listing<T>> of(final SqlClient sql, final String countSql, final String pageSql,
                                          final Object[] filter, final Page page, final Function<Row, T> mapper,
                                          final Object... more) {
    final Object[] paged = Arrays.copyOf(filter, filter.length + 2 + more.length);
    paged[filter.length] = page.limit();
    paged[filter.length + 1] = page.offset();
    System.arraycopy(more, 0, paged, filter.length + 2, more.length);
    return of(sql, countSql, Tuple.from(filter), pageSql, Tuple.from(paged), mapper);
  }
}
