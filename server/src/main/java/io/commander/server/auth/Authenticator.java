package io.commander.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiException;
import io.commander.server.api.ApiRequestAccess;
import io.commander.server.connector.KubeconfigTokens;
import io.commander.server.tokens.TokenService;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Establishes who calls, for every API request: an {@code X-Auth-Token} header must be a valid
 * token (401 otherwise, whatever the route); an {@code Authorization: Bearer} header (what kubectl sends)
 * must be a valid kubeconfig token, and is so only on the Kubernetes API passthrough of its own cluster,
 * where the caller is the token's user; without either, a valid session cookie makes the caller
 * its user. Requests with none go on anonymous, and each route's policy decides.
 *
 * <p>Who a token or session is stays known for {@link #REMEMBERED} at most, so a busy client costs no
 * database round trip (and a session no signature check) per request, while a revocation, an expiry
 * or a role change made anywhere takes effect within that time. A write through this process's API
 * forgets everything at once ({@link #forget}): its own changes of tokens, users and roles are
 * immediate.
 */
public final class Authenticator implements Handler<RoutingContext> {

  public static final String TOKEN_HEADER = "X-Auth-Token";
  static final Duration REMEMBERED = Duration.ofSeconds(1);
  private static final Pattern CLUSTER_ACCESS = Pattern.compile("/clusters/[^/]+(/kubeconfig_tokens(/.*)?)?/?");

  private final TokenService tokens;
  private final Sessions sessions;
  private final KubeconfigTokens kubeconfigs;
  private final Cache<String, KubeconfigTokens.Bearer> knownBearers =
      Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000).build();
  private final Cache<String, Caller.Token> knownTokens =
      Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000).build();
  private final Cache<String, Caller.User> knownSessions =
      Caffeine.newBuilder().expireAfterWrite(REMEMBERED).maximumSize(10_000).build();
  // Bumped by forget(): a lookup that began before a write must not put what it found back afterwards.
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();

  public Authenticator(final TokenService tokens, final Sessions sessions, final KubeconfigTokens kubeconfigs) {
    this.tokens = tokens;
    this.sessions = sessions;
    this.kubeconfigs = kubeconfigs;
  }

  @Override
  public void handle(final RoutingContext ctx) {
    final String header = ctx.request().getHeader(TOKEN_HEADER);
    if (header != null) {
      final String token = header.strip();
      final Caller.Token known = knownTokens.getIfPresent(token);
      final long seen = generation.get();
      (known != null ? Future.succeededFuture(known)
          : tokens.authenticate(token).onSuccess(caller -> remember(seen, knownTokens, token, caller)))
          .onSuccess(caller -> {
            ApiRequestAccess.setCaller(ctx, caller);
            ctx.next();
          })
          .onFailure(ctx::fail);
      return;
    }
    final String authorization = ctx.request().getHeader("Authorization");
    if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      bearer(ctx, authorization.substring(7).strip());
      return;
    }
    final Cookie session = ctx.request().getCookie(Sessions.SESSION_COOKIE);
    if (session == null || session.getValue().isEmpty()) {
      ctx.next();
      return;
    }
    final String value = session.getValue();
    final Caller.User known = knownSessions.getIfPresent(value);
    final long seen = generation.get();
    // Only a valid session is remembered: "none" may also be a database that failed for a moment.
    (known != null ? Future.succeededFuture(Optional.of(known))
        : sessions.authenticate(value).onSuccess(user -> user.ifPresent(u ->
            remember(seen, knownSessions, value, u))))
        .onComplete(result -> {
          if (result.succeeded()) {
            result.result().ifPresent(user -> ApiRequestAccess.setCaller(ctx, user));
          }
          ctx.next();
        });
  }

  /** A kubeconfig token: its user calls, on its own cluster's Kubernetes API passthrough and nowhere else. */
  private void bearer(final RoutingContext ctx, final String secret) {
    final KubeconfigTokens.Bearer known = knownBearers.getIfPresent(secret);
    final long seen = generation.get();
    (known != null ? Future.succeededFuture(known)
        : kubeconfigs.authenticate(secret).onSuccess(bearer -> remember(seen, knownBearers, secret, bearer)))
        .onSuccess(bearer -> {
          final String base = "/api/v1/clusters/" + bearer.clusterId() + "/k8s";
          final String path = ctx.request().path();
          if (path == null || !(path.equals(base) || path.startsWith(base + "/"))) {
            ctx.fail(ApiException.unauthenticated("invalid_token", "a kubeconfig's token is good only for the "
                + "Kubernetes API of its cluster (" + base + ")"));
            return;
          }
          ApiRequestAccess.setCaller(ctx, bearer.user());
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  /** Forgets every token and session it knows: after a write, which may have changed who may do what. */
  public void forget() {
    generation.incrementAndGet();
    knownTokens.invalidateAll();
    knownSessions.invalidateAll();
    knownBearers.invalidateAll();
  }

  /**
   * Whether a write to this path may change who may do what: sessions, passwords, users, global and
   * workspace roles, workspaces, tokens, a cluster (archived, its kubeconfig tokens go) and its kubeconfig
   * tokens. Other writes (clusters, templates, records, ...) leave what is remembered alone: under a stream
   * of them every request would look its token up again. Whatever this misses is still at most
   * {@link #REMEMBERED} old.
   */
  public static boolean mayChangeAccess(final String path) {
    if (path == null || !path.startsWith(ApiEndpoint.BASE + "/")) {
      return true;
    }
    final String p = path.substring(ApiEndpoint.BASE.length());
    return p.startsWith("/auth/") || p.startsWith("/users") || p.startsWith("/global_roles")
        || p.startsWith("/workspaces") || p.startsWith("/workspace_role_bindings") || p.startsWith("/auth_tokens")
        || p.startsWith("/demo") || CLUSTER_ACCESS.matcher(p).matches();
  }

  /** Remembers a lookup's result unless a write came since it began (checked again after, as writes race). */
  private <T> void remember(final long seen, final Cache<String, T> cache, final String key, final T value) {
    if (generation.get() == seen) {
      cache.put(key, value);
      if (generation.get() != seen) {
        cache.invalidate(key);
      }
    }
  }
}
