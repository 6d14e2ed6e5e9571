package io.commander.server.webhooks;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.db.Listing;
import io.commander.server.tokens.TokenSecrets;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/**
 * Webhook subscriptions of a workspace. The signing secret is made here, answered once (to the
 * creation), stored encrypted, and never in a list, a read or an audit record.
 */
public final class WebhookService {

  static final String ENTITY = "Webhook";
  /** Where a secret starts, so one found in a log or a repository is recognised. */
  static final String SECRET_PREFIX = "whsec_";

  private final Pool pool;
  private final WebhookStore store;
  private final WebhookTargets targets;
  private final AuditLog audit;
  private final Keys keys;

  public WebhookService(final Pool pool, final WebhookStore store, final WebhookTargets targets, final AuditLog audit,
                        final Keys keys) {
    this.pool = pool;
    this.store = store;
    this.targets = targets;
    this.audit = audit;
    this.keys = keys;
  }

  /**
   * @return the subscription with its {@code secret}; fails with 400 {@code validation_failed} or
   *     {@code webhook_url_forbidden}
   */
  public Future<JsonObject> create(final Actor actor, final UUID workspaceId, final String url,
                                   final List<String> eventTypes) {
    final String secret = SECRET_PREFIX + TokenSecrets.generate();
    return targets.check(url).compose(v -> audit.transaction(actor, (tx, trail) -> store.insert(tx, workspaceId, url,
            eventTypes, keys.encrypt(EncryptedColumn.WEBHOOK_SECRET.context(), secret), actor.name())
        .compose(h -> trail.record(new AuditLog.WorkspaceRef(h.workspaceId(), h.workspaceSlug()), ENTITY, h.id(),
            "create", Changes.created(h.json())).map(h.json().copy().put("secret", secret)))));
  }

  public Future<JsonObject> get(final UUID workspaceId, final UUID id) {
    return mine(workspaceId, id).map(WebhookStore.Webhook::json);
  }

  public Future<Listing<JsonObject>> list(final UUID workspaceId, final Page page) {
    return store.list(pool, workspaceId, page)
        .map(l -> new Listing<>(l.items().stream().map(WebhookStore.Webhook::json).toList(), l.total()));
  }

  /** Unsubscribes; its pending deliveries and its log go with it. */
  public Future<Void> delete(final Actor actor, final UUID workspaceId, final UUID id) {
    return audit.transaction(actor, (tx, trail) -> store.get(tx, id).compose(h -> {
      mine(h, workspaceId);
      return store.delete(tx, id).compose(v -> trail.record(new AuditLog.WorkspaceRef(h.workspaceId(),
          h.workspaceSlug()), ENTITY, id, "delete", Changes.deleted(h.json())));
    }));
  }

  public Future<Listing<JsonObject>> deliveries(final UUID workspaceId, final UUID id, final Page page) {
    return mine(workspaceId, id).compose(h -> store.deliveries(pool, id, page));
  }

  private Future<WebhookStore.Webhook> mine(final UUID workspaceId, final UUID id) {
    return store.get(pool, id).map(h -> mine(h, workspaceId));
  }

  private static WebhookStore.Webhook mine(final WebhookStore.Webhook h, final UUID workspaceId) {
    if (!h.workspaceId().equals(workspaceId)) {
      throw ApiException.notFound("webhook " + h.id());
    }
    return h;
  }
}
