package io.commander.server.tokens;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.auth.Caller;
import io.commander.server.db.Listing;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** API tokens: issue (the secret is returned once), list, revoke, and authenticate requests. */
public final class TokenService {

  static final String ENTITY = "AuthToken";
  private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);

  private final Pool pool;
  private final TokenStore store;
  private final AuditLog audit;
  private final Clock clock;
  private final UnaryOperator<String> hash;

  /**
   * @param hash the keyed hash tokens are stored under
   */
  public TokenService(final Pool pool, final TokenStore store, final AuditLog audit, final Clock clock,
                      final UnaryOperator<String> hash) {
    this.hash = hash;
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.clock = clock;
  }

  /** A new token and its secret, which is not kept anywhere. */
  public record Issued(AuthToken token, String secret) {
  }

  /**
   * Issues a token.
   *
   * @param workspace the workspace of a workspace token, or null for a global token
   * @param createdBy the user who asked for it, if a user did
   * @return the token with its secret; fails with 400 {@code invalid_expiry} for a past expiry
   */
  public Future<Issued> create(final Actor actor, final AuditLog.WorkspaceRef workspace, final String name,
                               final boolean readOnly, final OffsetDateTime expiresAt, final UUID createdBy) {
    if (expiresAt != null && !expiresAt.toInstant().isAfter(clock.instant())) {
      return Future.failedFuture(ApiException.invalidField("/expires_at", "must be in the future"));
    }
    final String secret = TokenSecrets.generate();
    final UUID workspaceId = workspace == null ? null : workspace.id();
    return audit.transaction(actor, (conn, trail) -> store.insert(conn, name.strip(), workspaceId, readOnly,
            hash.apply(secret), TokenSecrets.shown(secret), createdBy, expiresAt)
        .compose(token -> trail.record(workspace, ENTITY, token.id(), "create", Changes.created(token.audited()))
            .map(new Issued(token, secret))));
  }

  /** Tokens of one workspace, or the global ones when {@code workspaceId} is null. */
  public Future<Listing<AuthToken>> list(final UUID workspaceId, final Page page) {
    return store.list(pool, workspaceId, page);
  }

  /** Revokes a token; revoking twice is not an error. */
  public Future<AuthToken> revoke(final Actor actor, final AuditLog.WorkspaceRef workspace, final UUID id) {
    return audit.transaction(actor, (conn, trail) -> store.lock(conn, id).compose(found -> {
      final AuthToken before = found.orElseThrow(() -> ApiException.notFound("token " + id));
      if (before.revokedAt() != null) {
        return Future.succeededFuture(before);
      }
      return store.revoke(conn, id).compose(after ->
          trail.record(workspace, ENTITY, id, "revoke", Changes.diff(before.audited(), after.audited())).map(after));
    }));
  }

  /**
   * The caller a token secret stands for.
   *
   * @return fails with 401 {@code invalid_token}, {@code token_revoked} or {@code token_expired}
   */
  public Future<Caller.Token> authenticate(final String secret) {
    return store.findByHash(pool, hash.apply(secret)).map(found -> {
      final AuthToken token = found.orElseThrow(() ->
          ApiException.unauthenticated("invalid_token", "the X-Auth-Token is not a valid token"));
      if (token.revokedAt() != null) {
        throw ApiException.unauthenticated("token_revoked", "the token '" + token.name() + "' was revoked");
      }
      if (token.expiresAt() != null && !token.expiresAt().toInstant().isAfter(clock.instant())) {
        throw ApiException.unauthenticated("token_expired", "the token '" + token.name() + "' expired at "
            + token.json().getString("expires_at"));
      }
      store.touch(pool, token.id()).onFailure(e -> LOG.warn("could not record token use [token: {}]: {}",
          token.id(), e.getMessage()));
      return new Caller.Token(token.id(), token.name(), token.workspaceId(), token.readOnly());
    });
  }

  /** The workspace reference (id and slug) audit records need. */
  public Future<AuditLog.WorkspaceRef> workspaceRef(final UUID workspaceId) {
    if (workspaceId == null) {
      return Future.succeededFuture(null);
    }
    return pool.preparedQuery("SELECT slug FROM workspaces WHERE id = $1").execute(Tuple.of(workspaceId))
        .map(rows -> new AuditLog.WorkspaceRef(workspaceId,
            rows.iterator().hasNext() ? rows.iterator().next().getString("slug") : null));
  }
}
