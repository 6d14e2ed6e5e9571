package io.commander.server.auth;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Who makes a request: a signed-in user or an API token. */
public sealed interface Caller permits Caller.User, Caller.Token {

  /** The actor id written into audit records. */
  UUID id();

  /** The actor name written into audit records: a user's email, a token's name. */
  String name();

  /** {@code user} or {@code token}, as in audit records. */
  String type();

  /**
   * The workspaces whose objects this caller may list, or empty when it may list all of them
   * (global admins and global tokens).
   */
  Optional<Set<UUID>> visibleWorkspaces();

  /**
   * A user signed in with the session cookie.
   *
   * @param csrf the anti-forgery value of the session; writes must echo it in {@code X-CSRF-Token}
   */
  record User(UUID id, String email, String displayName, GlobalRole globalRole,
              Map<UUID, WorkspaceRole> workspaceRoles, String csrf) implements Caller {

    public User {
      workspaceRoles = Map.copyOf(workspaceRoles);
    }

    @Override
    public String name() {
      return email;
    }

    @Override
    public String type() {
      return "user";
    }

    public boolean admin() {
      return globalRole == GlobalRole.ADMIN;
    }

    @Override
    public Optional<Set<UUID>> visibleWorkspaces() {
      return admin() ? Optional.empty() : Optional.of(workspaceRoles.keySet());
    }
  }

  /**
   * An API token from the {@code X-Auth-Token} header.
   *
   * @param workspaceId the workspace of a workspace token; null for a global token
   */
  record Token(UUID id, String name, UUID workspaceId, boolean readOnly) implements Caller {

    @Override
    public String type() {
      return "token";
    }

    public boolean global() {
      return workspaceId == null;
    }

    @Override
    public Optional<Set<UUID>> visibleWorkspaces() {
      return global() ? Optional.empty() : Optional.of(Set.of(workspaceId));
    }
  }
}
