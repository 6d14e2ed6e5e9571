package io.commander.server.api;

import io.vertx.openapi.validation.RequestParameter;

/**
 * A page of a list: {@code limit} (default 100, at most 1000, enforced by the contract) and
 * {@code offset}.
 */
public record Page(int limit, int offset) {

  public static final int DEFAULT_LIMIT = 100;

  static Page of(final RequestParameter limit, final RequestParameter offset) {
    return new Page(limit == null || limit.isNull() ? DEFAULT_LIMIT : limit.getInteger(),
        offset == null || offset.isNull() ? 0 : offset.getInteger());
  }
}
