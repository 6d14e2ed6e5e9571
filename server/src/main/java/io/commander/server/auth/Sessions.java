package io.commander.server.auth;

import io.commander.server.users.UserStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Browser sessions: an ES256-signed JWT in an HttpOnly, SameSite=Strict cookie, plus a second,
 * script-readable cookie with the session's anti-forgery value that writes must echo in a header.
 * The user is loaded on every request, so a disabled user or a changed role takes effect at once,
 * and signing out voids every session issued before it.
 */
public final class Sessions {

  public static final String SESSION_COOKIE = "commander_session";
  public static final String CSRF_COOKIE = "commander_csrf";
  private static final String ALGORITHM = "ES256";
  private static final String ISSUED_MS = "iat_ms";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** The signing key pair, PEM-encoded (PKCS#8 private key, SPKI public key). */
  public record SigningKeys(String privatePem, String publicPem) {
  }

  /** A new session: the signed token and its anti-forgery value. */
  public record Issued(String token, String csrf) {
  }

  private final JWTAuth jwt;
  private final Duration ttl;
  private final Pool pool;
  private final UserStore users;
  private final java.time.Clock clock;

  public Sessions(final Vertx vertx, final SigningKeys keys, final Duration ttl, final Pool pool, final UserStore users,
                  final java.time.Clock clock) {
    this.clock = clock;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.privatePem()))
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(keys.publicPem())));
    this.ttl = ttl;
    this.pool = pool;
    this.users = users;
  }

  public Issued issue(final UUID userId) {
    final byte[] csrf = new byte[24];
    RANDOM.nextBytes(csrf);
    final String csrfValue = Base64.getUrlEncoder().withoutPadding().encodeToString(csrf);
    // Milliseconds, unlike the standard iat: a sign-out voids sessions issued before it, even in the same second.
    final String token = jwt.generateToken(new JsonObject().put("sub", userId.toString()).put("csrf", csrfValue)
            .put(ISSUED_MS, clock.millis()),
        new JWTOptions().setAlgorithm(ALGORITHM).setExpiresInSeconds((int) ttl.toSeconds()).setIssuer("commander"));
    return new Issued(token, csrfValue);
  }

  /**
   * The user a session token belongs to.
   *
   * @return empty for a bad, expired or voided token, or a user who is gone or disabled
   */
  public Future<Optional<Caller.User>> authenticate(final String token) {
    return jwt.authenticate(new TokenCredentials(token))
        .compose(principal -> {
          final JsonObject claims = principal.principal();
          final UUID userId = UUID.fromString(claims.getString("sub"));
          final long issuedAt = claims.getLong(ISSUED_MS, 0L);
          return users.load(pool, userId, claims.getString("csrf", ""))
              .map(loaded -> loaded.filter(l -> valid(l.sessionsNotBefore(), issuedAt)).map(UserStore.Loaded::user));
        })
        .otherwise(Optional.empty());
  }

  private static boolean valid(final OffsetDateTime notBefore, final long issuedAt) {
    return notBefore == null || issuedAt >= notBefore.toInstant().toEpochMilli();
  }

  /** The cookies that carry a new session. */
  public List<Cookie> cookies(final Issued session, final boolean secure) {
    return List.of(cookie(SESSION_COOKIE, session.token(), true, secure, ttl.toSeconds()),
        cookie(CSRF_COOKIE, session.csrf(), false, secure, ttl.toSeconds()));
  }

  /** Cookies that make the browser forget the session. */
  public List<Cookie> clearingCookies(final boolean secure) {
    return List.of(cookie(SESSION_COOKIE, "", true, secure, 0), cookie(CSRF_COOKIE, "", false, secure, 0));
  }

  private static Cookie cookie(final String name, final String value, final boolean httpOnly, final boolean secure,
                               final long maxAge) {
    return Cookie.cookie(name, value).setPath("/").setHttpOnly(httpOnly).setSecure(secure)
        .setSameSite(CookieSameSite.STRICT).setMaxAge(maxAge);
  }
}
