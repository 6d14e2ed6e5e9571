package io.commander.core.verticle;

import io.commander.core.config.Role;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verticle of a role that has no background work of its own yet. Its deployment is what the
 * role's readiness check observes; roles that grow real work get their own verticle.
 */
public class RoleVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RoleVerticle.class);

  private final Role role;

  public RoleVerticle(final Role role) {
    this.role = role;
  }

  public Role role() {
    return role;
  }

  @Override
  public Future<?> start() {
    LOG.debug("role started [role: {}, deployment: {}]", role, deploymentID());
    return Future.succeededFuture();
  }
}
