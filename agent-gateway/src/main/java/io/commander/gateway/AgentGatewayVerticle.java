package io.commander.gateway;

import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.vertx.core.Future;

/**
 * The agent gateway role: starts and stops the process's {@link AgentGateway}, whose websockets the
 * HTTP server's instances accept through {@link AgentGatewayEndpoint}.
 */
public final class AgentGatewayVerticle extends RoleVerticle {

  private final AgentGateway gateway;

  public AgentGatewayVerticle(final AgentGateway gateway) {
    super(Role.AGENT_GATEWAY);
    this.gateway = gateway;
  }

  @Override
  public Future<?> start() {
    return super.start().compose(v -> gateway.start());
  }

  @Override
  public Future<?> stop() {
    return gateway.stop();
  }
}
