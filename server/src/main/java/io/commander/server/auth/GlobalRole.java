package io.commander.server.auth;

import java.util.Locale;

/** A user's global role: admins manage everything, users reach the workspaces they are bound to. */
public enum GlobalRole {
  ADMIN("Manages every workspace, user, role binding and token."),
  USER("Reaches the workspaces they are bound to, with the role of each binding.");

  private final String description;

  GlobalRole(final String description) {
    this.description = description;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  public static GlobalRole of(final String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
