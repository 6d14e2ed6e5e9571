package io.commander.core.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * The roles a Commander process can run. The same build runs all of them on a laptop and a
 * subset per Deployment in a management cluster; {@code roles} in the configuration chooses.
 */
public enum Role {
  API("api"),
  CLUSTER_MANAGER("cluster-manager"),
  RENDERER("renderer"),
  CONNECTOR("connector"),
  TELEMETRY_INGEST("telemetry-ingest"),
  OUTBOX_RELAY("outbox-relay"),
  AGENT_GATEWAY("agent-gateway");

  private final String id;

  Role(final String id) {
    this.id = id;
  }

  /** The name used in configuration, logs and health check ids. */
  public String id() {
    return id;
  }

  /** Looks a role up by its configuration name. */
  public static Optional<Role> byId(final String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
