package io.commander.server.api;

import io.commander.server.auth.Access;
import io.commander.server.auth.Scope;
import io.vertx.core.Future;

/**
 * What a route needs before its operation runs: nothing ({@link #open()}), any authenticated
 * caller ({@link #anyCaller()}), or an access in a scope that {@link io.commander.server.auth.Authorizer}
 * checks.
 */
public record Policy(Kind kind, Access access, ScopeResolver scope) {

  /** How much a route asks of its caller. */
  public enum Kind {
    OPEN,
    ANY_CALLER,
    CHECKED
  }

  /** Finds the scope of a request, failing with 404 when the object it names does not exist. */
  @FunctionalInterface
  public interface ScopeResolver {
    Future<Scope> resolve(ApiRequest request);
  }

  public static Policy open() {
    return new Policy(Kind.OPEN, null, null);
  }

  public static Policy anyCaller() {
    return new Policy(Kind.ANY_CALLER, null, null);
  }

  public static Policy of(final Access access, final ScopeResolver scope) {
    return new Policy(Kind.CHECKED, access, scope);
  }
}
