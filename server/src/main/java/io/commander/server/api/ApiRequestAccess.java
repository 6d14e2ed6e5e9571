package io.commander.server.api;

import io.commander.server.auth.Caller;
import io.vertx.ext.web.RoutingContext;

/** Lets the authentication step, outside this package, attach the caller to a request. */
public final class ApiRequestAccess {

  private ApiRequestAccess() {
  }

  public static void setCaller(final RoutingContext ctx, final Caller caller) {
    ApiRequest.setCaller(ctx, caller);
  }
}
