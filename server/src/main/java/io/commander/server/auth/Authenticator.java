package io.commander.server.auth;

import io.commander.server.api.ApiRequestAccess;
import io.commander.server.tokens.TokenService;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;

/**
 * Establishes who calls, for every API request: an {@code X-Auth-Token} header must be a valid
 * token (401 otherwise, whatever the route); without one, a valid session cookie makes the caller
 * its user. Requests with neither go on anonymous, and each route's policy decides.
 */
public final class Authenticator implements Handler<RoutingContext> {

  public static final String TOKEN_HEADER = "X-Auth-Token";

  private final TokenService tokens;
  private final Sessions sessions;

  public Authenticator(final TokenService tokens, final Sessions sessions) {
    this.tokens = tokens;
    this.sessions = sessions;
  }

  @Override
  public void handle(final RoutingContext ctx) {
    final String token = ctx.request().getHeader(TOKEN_HEADER);
    if (token != null) {
      tokens.authenticate(token.strip())
          .onSuccess(caller -> {
            ApiRequestAccess.setCaller(ctx, caller);
            ctx.next();
          })
          .onFailure(ctx::fail);
      return;
    }
    final Cookie session = ctx.request().getCookie(Sessions.SESSION_COOKIE);
    if (session == null || session.getValue().isEmpty()) {
      ctx.next();
      return;
    }
    sessions.authenticate(session.getValue()).onComplete(result -> {
      if (result.succeeded()) {
        result.result().ifPresent(user -> ApiRequestAccess.setCaller(ctx, user));
      }
      ctx.next();
    });
  }
}
