package io.commander.server.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The events Commander publishes on {@code commander.events.v1}: CloudEvents type
 * {@code io.commander.<entity>.<event>}, each with a JSON Schema of its {@code data} in
 * {@code io/commander/server/events/schemas/<entity>.<event>.json}.
 */
public enum EventType {
  CLUSTER_CREATED("cluster", "created"),
  CLUSTER_STATUS_CHANGED("cluster", "status_changed"),
  CLUSTER_DELETED("cluster", "deleted"),
  REVISION_CREATED("revision", "created"),
  REVISION_APPLIED("revision", "applied"),
  TASK_STARTED("task", "started"),
  TASK_SUCCEEDED("task", "succeeded"),
  TASK_FAILED("task", "failed"),
  TASK_CANCELED("task", "canceled"),
  CHANGE_REQUEST_CREATED("change_request", "created"),
  CHANGE_REQUEST_APPROVED("change_request", "approved"),
  TEMPLATE_VERSION_CREATED("template_version", "created"),
  RECORD_HELD("record", "held"),
  RECORD_RELEASED("record", "released"),
  AGENT_CONNECTED("agent", "connected"),
  AGENT_DISCONNECTED("agent", "disconnected"),
  COMMAND_ACCEPTED("command", "accepted"),
  COMMAND_REJECTED("command", "rejected");

  /** Every type starts with this. */
  public static final String PREFIX = "io.commander.";
  /** Where the schemas of {@code data} are on the classpath. */
  public static final String SCHEMAS = "io/commander/server/events/schemas/";

  private final String entity;
  private final String event;

  EventType(final String entity, final String event) {
    this.entity = entity;
    this.event = event;
  }

  /** The CloudEvents type, e.g. {@code io.commander.cluster.status_changed}. */
  public String type() {
    return PREFIX + entity + "." + event;
  }

  /** The classpath resource of the JSON Schema of this type's {@code data}. */
  public String schemaResource() {
    return SCHEMAS + entity + "." + event + ".json";
  }

  /** Looks a type up by its CloudEvents type. */
  public static Optional<EventType> of(final String type) {
    return Arrays.stream(values()).filter(t -> t.type().equals(type)).findFirst();
  }

  @Override
  public String toString() {
    return type();
  }
}
