package io.commander.server.auth;

/** What an operation does, for authorization. */
public enum Access {
  /** Reads what any member may see. */
  READ,
  /** Changes objects: managers and admins of the workspace; full tokens. */
  WRITE,
  /** Reads what only admins may see (the audit log); read-only tokens may. */
  ADMIN_READ,
  /** Manages access itself: role bindings, tokens, workspaces. */
  ADMIN;

  /** Whether a read-only token may do this. */
  public boolean readOnly() {
    return this == READ || this == ADMIN_READ;
  }
}
