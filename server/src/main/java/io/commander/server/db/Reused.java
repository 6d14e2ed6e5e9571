package io.commander.server.db;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Statements each pooled connection keeps prepared: PostgreSQL then parses them once per connection and,
 * after a few runs, plans them once (a generic plan) instead of on every request. Only statements written
 * so that one plan suits every parameter (no {@code $n IS NULL OR ...} branches) are marked: for those a
 * generic plan could scan far more than the parameters need.
 */
public final class Reused {

  /** Per connection, the least recently used closed beyond: the list forms in use, a cluster's reads and writes. */
  public static final int CACHE_SIZE = 128;

  private static final Set<String> MARKED = ConcurrentHashMap.newKeySet();

  private Reused() {
  }

  /** Marks {@code sql} as kept prepared; returns it. */
  public static String statement(final String sql) {
    MARKED.add(sql);
    return sql;
  }

  /** Whether {@code sql} is kept prepared (the pool's prepared-statement cache filter). */
  public static boolean isMarked(final String sql) {
    return MARKED.contains(sql);
  }
}
