package io.commander.server.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commander.server.api.ApiException;
import io.commander.server.api.Policy.ScopeResolver;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.UUID;

/**
 * How routes find their scope. Objects named by an id in the path are looked up here, so a route
 * can never skip the workspace check of the object it acts on.
 */
public final class Scopes {

  /** Tables whose rows belong to a workspace, with the SQL that finds it. */
  public enum Owned {
    WORKSPACE("SELECT id AS workspace_id FROM workspaces WHERE id = $1", "workspace"),
    ROLE_BINDING("SELECT workspace_id FROM workspace_role_bindings WHERE id = $1", "role binding"),
    AUTH_TOKEN("SELECT workspace_id FROM auth_tokens WHERE id = $1", "token"),
    REGISTRY("SELECT workspace_id FROM registries WHERE id = $1", "registry"),
    CATALOG("SELECT workspace_id FROM catalogs WHERE id = $1", "catalog"),
    CLUSTER_TEMPLATE("SELECT workspace_id FROM cluster_templates WHERE id = $1", "cluster template"),
    RECORD("SELECT c.workspace_id FROM records r JOIN catalogs c ON c.id = r.catalog_id WHERE r.id = $1", "record"),
    CLUSTER("SELECT workspace_id FROM clusters WHERE id = $1", "cluster"),
    TASK("SELECT c.workspace_id FROM tasks t JOIN clusters c ON c.id = t.cluster_id WHERE t.id = $1", "task"),
    WEBHOOK("SELECT workspace_id FROM webhooks WHERE id = $1", "webhook"),
    CHANGE_REQUEST("SELECT c.workspace_id FROM cluster_change_requests r JOIN clusters c ON c.id = r.cluster_id "
        + "WHERE r.id = $1", "cluster change request");

    private final String sql;
    private final String noun;

    Owned(final String sql, final String noun) {
      this.sql = sql;
      this.noun = noun;
    }
  }

  private final Pool pool;
  /**
   * The workspace of clusters already looked up: a cluster never moves to another workspace, so the
   * answer cannot go stale, and reading one cluster costs one statement less. Only found clusters are
   * kept (an unknown id is asked again); the operation reads the cluster itself, a 404 if it is gone.
   */
  private final Cache<UUID, UUID> clusterWorkspaces = Caffeine.newBuilder().maximumSize(100_000).build();

  public Scopes(final Pool pool) {
    this.pool = pool;
  }

  /** Commander-wide objects with no particular workspace. */
  public ScopeResolver system() {
    return request -> Future.succeededFuture(Scope.system());
  }

  /** A system object (a workspace, a role binding) named by the path's {@code id}, with its workspace. */
  public ScopeResolver systemObject(final Owned table) {
    return request -> workspaceOf(table, request.pathId("id")).map(ws -> Scope.system(ws.orElse(null)));
  }

  /** A system object created in the workspace the body names ({@code workspace_id}). */
  public ScopeResolver systemInBodyWorkspace() {
    return request -> existingWorkspace(UUID.fromString(request.body().getString("workspace_id")))
        .map(Scope::system);
  }

  /** Lists narrowed to one workspace by the optional {@code workspace_id} query parameter. */
  public ScopeResolver systemInQueryWorkspace() {
    return request -> request.queryId("workspace_id")
        .map(id -> existingWorkspace(id).map(Scope::system))
        .orElse(Future.succeededFuture(Scope.system()));
  }

  /**
   * Objects that are global or belong to one workspace (tokens, audit records), chosen by the
   * caller: a token reaches its own kind; a user names a workspace with {@code workspace_id}
   * (query or body) or means the global ones.
   */
  public ScopeResolver callerOrNamedWorkspace() {
    return request -> {
      if (request.caller() instanceof Caller.Token token) {
        return Future.succeededFuture(token.global() ? Scope.system() : Scope.workspace(token.workspaceId()));
      }
      final Optional<UUID> named = request.queryId("workspace_id").or(() ->
          Optional.ofNullable(request.body().getString("workspace_id")).map(UUID::fromString));
      return named.map(id -> existingWorkspace(id).map(Scope::workspace))
          .orElse(Future.succeededFuture(Scope.system()));
    };
  }

  /** The body's optional {@code workspace_id}: a workspace object when present, a global one when absent. */
  public ScopeResolver bodyWorkspaceOrSystem() {
    return request -> Optional.ofNullable(request.body().getString("workspace_id")).map(UUID::fromString)
        .map(id -> existingWorkspace(id).map(Scope::workspace))
        .orElse(Future.succeededFuture(Scope.system()));
  }

  /**
   * Objects inside one workspace, listed or created: a workspace token's own workspace, or the one
   * a user names with the {@code workspace_id} query parameter (required for users).
   */
  public ScopeResolver workspaceOfRequest() {
    return request -> {
      final Optional<UUID> named = request.queryId("workspace_id");
      if (request.caller() instanceof Caller.Token token) {
        return Future.succeededFuture(Scope.workspace(named.orElse(token.workspaceId())));
      }
      return named.map(id -> existingWorkspace(id).map(Scope::workspace))
          .orElseGet(() -> Future.failedFuture(ApiException.badRequest("workspace_required",
              "name the workspace with the workspace_id query parameter")));
    };
  }

  /** An object created inside the workspace of another object the body names (a record's catalog). */
  public ScopeResolver workspaceOfBodyReference(final Owned table, final String field) {
    return request -> {
      final String id = request.body().getString(field);
      if (id == null) {
        return Future.failedFuture(ApiException.invalidField("/" + field, "is required"));
      }
      return workspaceOf(table, UUID.fromString(id)).map(ws -> Scope.workspace(ws.orElseThrow()));
    };
  }

  /** An object inside a workspace, named by the path's {@code id}. */
  public ScopeResolver workspaceObject(final Owned table) {
    return request -> workspaceObject(table, request.pathId("id"));
  }

  /** The scope of an object inside a workspace, or 404 when there is no such object. */
  public Future<Scope> workspaceObject(final Owned table, final UUID id) {
    return workspaceOf(table, id).map(ws -> Scope.workspace(ws.orElseThrow()));
  }

  /** An object named by the path's {@code id} that is global or belongs to a workspace. */
  public ScopeResolver objectWorkspaceOrSystem(final Owned table) {
    return request -> workspaceOf(table, request.pathId("id"))
        .map(ws -> ws.map(Scope::workspace).orElse(Scope.system()));
  }

  private Future<Optional<UUID>> workspaceOf(final Owned table, final UUID id) {
    if (table == Owned.CLUSTER) {
      final UUID known = clusterWorkspaces.getIfPresent(id);
      if (known != null) {
        return Future.succeededFuture(Optional.of(known));
      }
    }
    return pool.preparedQuery(table.sql).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound(table.noun + " " + id);
      }
      final UUID workspace = rows.iterator().next().getUUID("workspace_id");
      if (table == Owned.CLUSTER && workspace != null) {
        clusterWorkspaces.put(id, workspace);
      }
      return Optional.ofNullable(workspace);
    });
  }

  private Future<UUID> existingWorkspace(final UUID id) {
    return workspaceOf(Owned.WORKSPACE, id).map(ws -> id);
  }
}
