package io.commander.server.clusters;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * A cluster's infrastructure status, as Commander names them, and the one place that decides which
 * transitions are allowed. Everything that changes a status asks {@link #check} first.
 */
public enum ClusterStatus {
  NEW("new"),
  CONFIGURATION_ERROR("configuration_error"),
  CREATING("creating"),
  CREATION_FAILED("creation_failed"),
  IN_SYNC("in_sync"),
  CHANGING("changing"),
  SYNCHRONIZATION_FAILURE("synchronization_failure"),
  DELETE("delete"),
  DELETION_FAILED("deletion_failed"),
  DELETED("deleted"),
  READY_TO_JOIN("ready_to_join"),
  JOINING("joining");

  private static final Map<ClusterStatus, Set<ClusterStatus>> ALLOWED = Map.ofEntries(
      Map.entry(NEW, EnumSet.of(CREATING, JOINING, CONFIGURATION_ERROR, NEW, DELETE, DELETED)),
      Map.entry(CONFIGURATION_ERROR, EnumSet.of(NEW, READY_TO_JOIN, CONFIGURATION_ERROR, IN_SYNC, CHANGING, DELETE,
          DELETED)),
      Map.entry(CREATING, EnumSet.of(IN_SYNC, CREATION_FAILED, DELETE)),
      Map.entry(CREATION_FAILED, EnumSet.of(CREATING, JOINING, CONFIGURATION_ERROR, NEW, READY_TO_JOIN, DELETE,
          DELETED)),
      Map.entry(IN_SYNC, EnumSet.of(CHANGING, SYNCHRONIZATION_FAILURE, CONFIGURATION_ERROR, DELETE)),
      Map.entry(CHANGING, EnumSet.of(IN_SYNC, SYNCHRONIZATION_FAILURE, DELETE)),
      Map.entry(SYNCHRONIZATION_FAILURE, EnumSet.of(CHANGING, IN_SYNC, CONFIGURATION_ERROR, DELETE)),
      Map.entry(DELETE, EnumSet.of(DELETED, DELETION_FAILED)),
      Map.entry(DELETION_FAILED, EnumSet.of(DELETE, DELETED)),
      Map.entry(DELETED, EnumSet.noneOf(ClusterStatus.class)),
      Map.entry(READY_TO_JOIN, EnumSet.of(JOINING, CONFIGURATION_ERROR, DELETE, DELETED)),
      Map.entry(JOINING, EnumSet.of(IN_SYNC, READY_TO_JOIN, CREATION_FAILED, DELETE)));

  private final String id;

  ClusterStatus(final String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static ClusterStatus of(final String id) {
    for (ClusterStatus status : values()) {
      if (status.id.equals(id)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown cluster status " + id);
  }

  public boolean allows(final ClusterStatus next) {
    return ALLOWED.get(this).contains(next);
  }

  /**
   * Refuses a transition the lifecycle does not allow, saying why in words an operator understands.
   *
   * @throws IllegalTransitionException when {@code next} cannot follow this status
   */
  public void check(final ClusterStatus next) {
    if (!allows(next)) {
      throw new IllegalTransitionException(this, next);
    }
  }

  /** A transition the lifecycle refuses. */
  public static final class IllegalTransitionException extends RuntimeException {

    private final ClusterStatus from;
    private final ClusterStatus to;

    IllegalTransitionException(final ClusterStatus from, final ClusterStatus to) {
      super(reason(from, to), null, false, false);
      this.from = from;
      this.to = to;
    }

    public ClusterStatus from() {
      return from;
    }

    public ClusterStatus to() {
      return to;
    }

    private static String reason(final ClusterStatus from, final ClusterStatus to) {
      final String why = switch (from) {
        case DELETED -> "the cluster is deleted";
        case DELETE -> "the cluster is being deleted";
        case CREATING, CHANGING, JOINING -> "a task is working on the cluster; wait for it or cancel it";
        default -> "the lifecycle does not lead there";
      };
      return "a cluster in status " + from.id + " cannot become " + to.id + ": " + why;
    }
  }
}
