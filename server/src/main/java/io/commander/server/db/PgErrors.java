package io.commander.server.db;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import java.util.function.Function;
import java.util.function.Supplier;

/** Turns PostgreSQL constraint violations into the domain's own failures, by constraint name. */
public final class PgErrors {

  public static final String UNIQUE_VIOLATION = "23505";
  public static final String FOREIGN_KEY_VIOLATION = "23503";

  private PgErrors() {
  }

  /** A recover function: the given failure when the named constraint was violated, else the original. */
  public static <T> Function<Throwable, Future<T>> onConstraint(final String constraint,
                                                                final Supplier<? extends RuntimeException> failure) {
    return e -> e instanceof PgException pg && constraint.equals(pg.getConstraint())
        ? Future.failedFuture(failure.get()) : Future.failedFuture(e);
  }

  /** A recover function for any violation of the given SQL state. */
  public static <T> Function<Throwable, Future<T>> onState(final String sqlState,
                                                           final Supplier<? extends RuntimeException> failure) {
    return e -> e instanceof PgException pg && sqlState.equals(pg.getSqlState())
        ? Future.failedFuture(failure.get()) : Future.failedFuture(e);
  }
}
