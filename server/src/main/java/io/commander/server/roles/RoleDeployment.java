package io.commander.server.roles;

import io.commander.core.config.Role;
import io.commander.core.http.HttpEndpoint;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Deployable;
import java.util.List;
import java.util.function.Supplier;

/**
 * How one role is deployed: its verticle, how many instances on which threading model, and the
 * HTTP endpoints it adds to the process's server.
 */
public record RoleDeployment(Role role, Supplier<? extends Deployable> verticle, DeploymentOptions options,
                             List<HttpEndpoint> endpoints) {
}
