package io.commander.server.tasks;

/** What a task does to its cluster. */
public enum TaskKind {
  INSTALL("install"),
  CHANGE("change"),
  CHECK("check"),
  DELETE("delete"),
  ATTACH("attach"),
  DETACH("detach");

  private final String id;

  TaskKind(final String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static TaskKind of(final String id) {
    for (TaskKind kind : values()) {
      if (kind.id.equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown task kind " + id);
  }
}
