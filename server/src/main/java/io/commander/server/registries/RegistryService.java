package io.commander.server.registries;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.db.Listing;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Container registries of a workspace. Credentials are encrypted before they reach the database
 * and are never answered; audit records say only that they changed.
 */
public final class RegistryService {

  static final String ENTITY = "Registry";
  /**
   * An image repository as the distribution reference grammar names one, without scheme, tag or
   * digest: an optional {@code host[:port]/} and lower-case path components.
   */
  private static final Pattern IMAGES_REPO = Pattern.compile("(?:(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
      + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:]+])(?::[0-9]{1,5})?/)?"
      + "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");

  private final Pool pool;
  private final RegistryStore store;
  private final AuditLog audit;
  private final Keys keys;

  public RegistryService(final Pool pool, final RegistryStore store, final AuditLog audit, final Keys keys) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.keys = keys;
  }

  /**
   * What a caller writes.
   *
   * @param auth base64 "user:password"; for an update, empty keeps the stored credentials and a
   *     present null removes them
   */
  public record Write(String name, String imagesRepo, String scheme, String devBranch, String caCertificate,
                      Optional<Optional<String>> auth, Optional<Integer> expectedRevision) {
  }

  /** @return the registry; fails with 400 {@code validation_failed}, 409 {@code name_taken} */
  public Future<Registry> create(final Actor actor, final UUID workspaceId, final Write write) {
    final List<ApiException.FieldError> invalid = invalid(write);
    if (!invalid.isEmpty()) {
      return Future.failedFuture(ApiException.invalid(describe(invalid), invalid));
    }
    final String auth = write.auth().flatMap(a -> a).map(this::encrypt).orElse(null);
    return audit.transaction(actor, (conn, trail) -> store.insert(conn, workspaceId, settings(write, auth))
        .compose(r -> trail.record(new AuditLog.WorkspaceRef(r.workspaceId(), r.workspaceSlug()), ENTITY, r.id(),
            "create", Changes.created(r.audited())).map(r)));
  }

  /** @return the registry of the workspace; 404 when it is another workspace's or does not exist */
  public Future<Registry> get(final UUID workspaceId, final UUID id) {
    return store.get(pool, id).map(r -> mine(r, workspaceId, id));
  }

  public Future<Listing<Registry>> list(final UUID workspaceId, final boolean withoutArchived, final Page page) {
    return store.list(pool, workspaceId, withoutArchived, page);
  }

  /**
   * @return the updated registry; fails with 400 {@code validation_failed}, 404, 409 {@code name_taken} or
   *     {@code stale_revision}
   */
  public Future<Registry> update(final Actor actor, final UUID workspaceId, final UUID id, final Write write) {
    final List<ApiException.FieldError> invalid = invalid(write);
    if (!invalid.isEmpty()) {
      return Future.failedFuture(ApiException.invalid(describe(invalid), invalid));
    }
    return audit.transaction(actor, (conn, trail) -> store.lock(conn, id).compose(before -> {
      mine(before, workspaceId, id);
      if (write.expectedRevision().isPresent() && write.expectedRevision().get() != before.currentRevision()) {
        return Future.failedFuture(ApiException.conflict("stale_revision", "the registry is at revision "
            + before.currentRevision() + ", not " + write.expectedRevision().get() + "; read it again"));
      }
      final String auth = write.auth().isEmpty() ? before.authEncrypted()
          : write.auth().get().map(this::encrypt).orElse(null);
      return store.update(conn, id, settings(write, auth)).compose(after -> trail.record(
          new AuditLog.WorkspaceRef(after.workspaceId(), after.workspaceSlug()), ENTITY, id, "update",
          Changes.diff(before.audited(), after.audited())).map(after));
    }));
  }

  /** Deletes a registry, or archives it when clusters use it. */
  public Future<Void> delete(final Actor actor, final UUID workspaceId, final UUID id) {
    return audit.transaction(actor, (conn, trail) -> store.lock(conn, id).compose(before -> {
      mine(before, workspaceId, id);
      return store.inUse(conn, id).compose(used -> (used
              ? store.archive(conn, id, before.workspaceId(), before.json().getString("name"))
              : store.delete(conn, id))
          .compose(v -> trail.record(new AuditLog.WorkspaceRef(before.workspaceId(), before.workspaceSlug()), ENTITY,
              id, used ? "archive" : "delete", Changes.deleted(before.audited()))));
    }));
  }

  /** What the contract cannot say: the repository is a reference, the credentials are "user:password". */
  private static List<ApiException.FieldError> invalid(final Write write) {
    final List<ApiException.FieldError> errors = new ArrayList<>();
    if (write.imagesRepo() != null && !IMAGES_REPO.matcher(write.imagesRepo()).matches()) {
      errors.add(new ApiException.FieldError("/images_repo", "is not an image repository like "
          + "registry.example.com/deckhouse/ee (no scheme, tag or digest; lower-case path)"));
    }
    write.auth().flatMap(a -> a).filter(a -> !credentials(a)).ifPresent(a -> errors.add(
        new ApiException.FieldError("/auth", "must be the base64 encoding of \"user:password\", both non-empty")));
    return errors;
  }

  private static boolean credentials(final String auth) {
    final String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    final int colon = decoded.indexOf(':');
    return colon > 0 && colon < decoded.length() - 1;
  }

  private static String describe(final List<ApiException.FieldError> errors) {
    return String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
  }

  private String encrypt(final String auth) {
    return keys.encrypt(EncryptedColumn.REGISTRY_AUTH.context(), auth);
  }

  private static RegistryStore.Settings settings(final Write w, final String authEncrypted) {
    return new RegistryStore.Settings(w.name().strip(), w.imagesRepo(), w.scheme(), w.devBranch(), w.caCertificate(),
        authEncrypted);
  }

  /** Defence in depth: authorization already placed the caller in this workspace. */
  private static Registry mine(final Registry registry, final UUID workspaceId, final UUID id) {
    if (!registry.workspaceId().equals(workspaceId)) {
      throw ApiException.notFound("registry " + id);
    }
    return registry;
  }
}
