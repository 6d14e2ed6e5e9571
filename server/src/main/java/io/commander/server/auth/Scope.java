package io.commander.server.auth;

import java.util.UUID;

/**
 * Where an operation acts, as authorization sees it.
 *
 * @param area {@code SYSTEM} for workspaces, role bindings, global tokens, the audit log;
 *     {@code WORKSPACE} for everything inside one workspace
 * @param workspaceId the workspace concerned, when there is one
 */
public record Scope(Area area, UUID workspaceId) {

  /** The two areas tokens are split by. */
  public enum Area {
    SYSTEM,
    WORKSPACE
  }

  public static Scope system() {
    return new Scope(Area.SYSTEM, null);
  }

  public static Scope system(final UUID workspaceId) {
    return new Scope(Area.SYSTEM, workspaceId);
  }

  public static Scope workspace(final UUID workspaceId) {
    return new Scope(Area.WORKSPACE, workspaceId);
  }
}
