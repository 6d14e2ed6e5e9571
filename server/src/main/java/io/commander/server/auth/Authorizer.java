package io.commander.server.auth;

import io.commander.server.api.ApiException;

/**
 * The access rules, in one place. Every API route names the access it needs and how to find its
 * scope; this decides, or explains the refusal. Objects in a workspace the caller cannot see are
 * reported as not found, never as forbidden, so ids cannot be probed.
 */
public final class Authorizer {

  private Authorizer() {
  }

  /**
   * Checks a caller against an operation.
   *
   * @throws ApiException 403 with {@code read_only_token}, {@code token_scope},
   *     {@code admin_required} or {@code role_insufficient}; 404 for another workspace's object
   */
  public static void check(final Caller caller, final Access access, final Scope scope) {
    if (caller instanceof Caller.Token token) {
      checkToken(token, access, scope);
    } else {
      checkUser((Caller.User) caller, access, scope);
    }
  }

  /** Whether {@link #check} lets the caller do this: what a caller may do beyond what its route needed. */
  public static boolean allows(final Caller caller, final Access access, final Scope scope) {
    try {
      check(caller, access, scope);
      return true;
    } catch (final ApiException refused) {
      return false;
    }
  }

  private static void checkToken(final Caller.Token token, final Access access, final Scope scope) {
    if (token.readOnly() && !access.readOnly()) {
      throw ApiException.forbidden("read_only_token", "this token is read-only");
    }
    if (scope.area() == Scope.Area.SYSTEM) {
      if (!token.global()) {
        throw ApiException.forbidden("token_scope",
            "a workspace token reaches only the objects inside its workspace; use a global token");
      }
      return;
    }
    if (token.global()) {
      throw ApiException.forbidden("token_scope",
          "a global token does not reach objects inside a workspace; use a token of that workspace");
    }
    if (scope.workspaceId() != null && !scope.workspaceId().equals(token.workspaceId())) {
      throw ApiException.notFound("object");
    }
  }

  private static void checkUser(final Caller.User user, final Access access, final Scope scope) {
    if (user.admin()) {
      return;
    }
    if (scope.workspaceId() == null) {
      if (scope.area() == Scope.Area.SYSTEM && access == Access.READ) {
        return;
      }
      throw ApiException.forbidden("admin_required", "only administrators may do this");
    }
    final WorkspaceRole role = user.workspaceRoles().get(scope.workspaceId());
    if (role == null) {
      throw ApiException.notFound("object");
    }
    if (!role.allows(access)) {
      throw ApiException.forbidden("role_insufficient", "your role in this workspace (" + role.id()
          + ") does not allow this");
    }
  }
}
