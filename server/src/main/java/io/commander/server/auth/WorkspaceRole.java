package io.commander.server.auth;

import java.util.Locale;

/** A user's role in one workspace: viewer reads, manager changes, admin also manages access. */
public enum WorkspaceRole {
  VIEWER,
  MANAGER,
  ADMIN;

  /** Whether this role may perform the access inside its workspace. */
  public boolean allows(final Access access) {
    return switch (access) {
      case READ -> true;
      case WRITE -> this != VIEWER;
      case ADMIN_READ, ADMIN -> this == ADMIN;
    };
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static WorkspaceRole of(final String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
