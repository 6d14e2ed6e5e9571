package io.commander.server.connector;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.auth.Caller;
import io.commander.server.db.Listing;
import io.commander.server.tokens.TokenSecrets;
import io.commander.server.users.UserStore;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubeconfigs for {@code kubectl}: each carries a new short-lived token bound to the user who downloaded it
 * and to one cluster, good only for that cluster's Kubernetes API passthrough. A request with it runs as
 * that user, under the user's roles of the moment: a user who is deactivated or deleted is refused, a
 * viewer only reads. Only a keyed hash of the token is stored; issuing and revoking are audited.
 */
public final class KubeconfigTokens {

  /** Secrets of kubeconfig tokens start with this, so the authenticator tells them from API tokens. */
  public static final String PREFIX = "cmdrk_";
  static final String ENTITY = "KubeconfigToken";
  private static final Logger LOG = LoggerFactory.getLogger(KubeconfigTokens.class);
  private static final String CLUSTER = """
      SELECT c.name, w.slug FROM clusters c JOIN workspaces w ON w.id = c.workspace_id WHERE c.id = $1""";

  private final Pool pool;
  private final KubeconfigTokenStore store = new KubeconfigTokenStore();
  private final UserStore users;
  private final AuditLog audit;
  private final Clock clock;
  private final UnaryOperator<String> hash;
  private final Duration ttl;
  private final String publicUrl;
  private final String caBundle;

  /**
   * @param hash the keyed hash tokens are stored under (the same as API tokens')
   * @param ttl how long a kubeconfig's token lasts
   * @param publicUrl the URL people reach Commander at: the kubeconfig's server is under it
   * @param caBundle PEM of the CA kubectl is to trust for it ({@code certificate-authority-data}); empty:
   *     the system's trust
   */
  public KubeconfigTokens(final Pool pool, final UserStore users, final AuditLog audit, final Clock clock,
                          final UnaryOperator<String> hash, final Duration ttl, final String publicUrl,
                          final String caBundle) {
    this.caBundle = caBundle;
    this.pool = pool;
    this.users = users;
    this.audit = audit;
    this.clock = clock;
    this.hash = hash;
    this.ttl = ttl;
    this.publicUrl = publicUrl.replaceAll("/+$", "");
  }

  /** Who a kubeconfig token stands for: a user, and the one cluster it is good for. */
  public record Bearer(UUID clusterId, Caller.User user) {
  }

  /**
   * A kubeconfig for the cluster with a new token of the calling user's. API tokens get none: a
   * kubeconfig's token is a person's.
   */
  public Future<String> issue(final Actor actor, final Caller caller, final UUID clusterId) {
    if (!(caller instanceof Caller.User user)) {
      return Future.failedFuture(ApiException.forbidden("user_required",
          "a kubeconfig is issued to a signed-in user, not to an API token"));
    }
    final String secret = PREFIX + TokenSecrets.generate().substring(TokenSecrets.PREFIX.length());
    final OffsetDateTime expires = OffsetDateTime.ofInstant(clock.instant().plus(ttl), ZoneOffset.UTC);
    return audit.transaction(actor, (conn, trail) -> conn.preparedQuery(CLUSTER).execute(Tuple.of(clusterId))
        .compose(rows -> {
          if (rows.size() == 0) {
            throw ApiException.notFound("cluster " + clusterId);
          }
          final String name = rows.iterator().next().getString("name");
          final String slug = rows.iterator().next().getString("slug");
          return store.insert(conn, user.id(), clusterId, hash.apply(secret), TokenSecrets.shown(secret), expires)
              .compose(stored -> {
                final KubeconfigTokenStore.Stored token = stored.orElseThrow(() ->
                    ApiException.notFound("cluster " + clusterId));
                return trail.record(new AuditLog.WorkspaceRef(token.workspaceId(), slug), ENTITY, token.id(),
                    "create", Changes.created(token.audited().put("cluster_id", clusterId.toString())))
                    .map(v -> kubeconfig(clusterId, name, user.email(), secret));
              });
        }));
  }

  private String kubeconfig(final UUID clusterId, final String clusterName, final String email, final String secret) {
    final String name = "commander-" + clusterName;
    final String userName = email + "@" + name;
    return Serialization.asYaml(new ConfigBuilder().withApiVersion("v1").withKind("Config")
        .addNewCluster().withName(name).withNewCluster()
        .withServer(publicUrl + "/api/v1/clusters/" + clusterId + "/k8s")
        .withCertificateAuthorityData(caBundle.isBlank() ? null
            : Base64.getEncoder().encodeToString(caBundle.getBytes(StandardCharsets.UTF_8)))
        .endCluster().endCluster()
        .addNewUser().withName(userName).withNewUser().withToken(secret).endUser().endUser()
        .addNewContext().withName(name).withNewContext().withCluster(name).withUser(userName).endContext().endContext()
        .withCurrentContext(name).build());
  }

  /** The cluster's usable tokens: the caller's own, or everyone's for {@code everyone}. */
  public Future<Listing<KubeconfigTokenStore.Stored>> list(final UUID clusterId, final UUID userId, final Page page) {
    return store.list(pool, clusterId, userId, page);
  }

  /**
   * Revokes a token of the cluster; revoking twice is not an error.
   *
   * @param mayRevokeOthers whether the caller may revoke other users' tokens; another's is 404 otherwise
   */
  public Future<Void> revoke(final Actor actor, final AuditLog.WorkspaceRef workspace, final UUID clusterId,
                             final UUID tokenId, final UUID callerId, final boolean mayRevokeOthers) {
    return audit.transaction(actor, (conn, trail) -> store.lock(conn, tokenId, clusterId).compose(found -> {
      final KubeconfigTokenStore.Stored before = found.filter(t -> mayRevokeOthers || t.userId().equals(callerId))
          .orElseThrow(() -> ApiException.notFound("kubeconfig token " + tokenId));
      if (before.revokedAt() != null) {
        return Future.succeededFuture();
      }
      return store.revoke(conn, tokenId).compose(after -> trail.record(workspace, ENTITY, tokenId, "revoke",
          Changes.diff(before.audited(), after.audited())));
    }));
  }

  /**
   * The user and cluster a kubeconfig token stands for.
   *
   * @return fails with 401 {@code invalid_token}, {@code token_revoked} (also when its user was deactivated or
   *     deleted) or {@code token_expired}
   */
  public Future<Bearer> authenticate(final String secret) {
    return store.findByHash(pool, hash.apply(secret)).compose(found -> {
      final KubeconfigTokenStore.Stored token = found.orElseThrow(() ->
          ApiException.unauthenticated("invalid_token", "the bearer token is not a valid kubeconfig token"));
      if (token.revokedAt() != null) {
        throw ApiException.unauthenticated("token_revoked", "the kubeconfig's token was revoked");
      }
      if (!token.expiresAt().toInstant().isAfter(clock.instant())) {
        throw ApiException.unauthenticated("token_expired", "the kubeconfig's token expired at "
            + token.json().getString("expires_at") + "; download a new kubeconfig");
      }
      // No CSRF value: the token comes in a header a browser never adds on its own.
      return users.load(pool, token.userId(), null).map(loaded -> {
        final Caller.User user = loaded.orElseThrow(() -> ApiException.unauthenticated("token_revoked",
            "the kubeconfig's user is deactivated or deleted")).user();
        store.touch(pool, token.id()).onFailure(e -> LOG.warn("could not record kubeconfig token use [token: {}]: {}",
            token.id(), e.getMessage()));
        return new Bearer(token.clusterId(), user);
      });
    });
  }
}
