package io.commander.server.roles;

import io.commander.core.config.Role;
import io.commander.core.http.HttpEndpoint;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import io.vertx.ext.healthchecks.Status;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How one role is deployed: its verticle, how many instances on which threading model, the HTTP
 * endpoints it adds to the process's server, and what its readiness check says once it is deployed
 * (empty: ready while deployed).
 */
public record RoleDeployment(Role role, Supplier<? extends Deployable> verticle, DeploymentOptions options,
                             List<HttpEndpoint> endpoints, Optional<Supplier<Status>> readiness) {

  /** A role that is ready while it is deployed. */
  public RoleDeployment(final Role role, final Supplier<? extends Deployable> verticle,
                        final DeploymentOptions options, final List<HttpEndpoint> endpoints) {
    this(role, verticle, options, endpoints, Optional.empty());
  }
}
