package io.commander.gateway;

import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;

/**
 * The agent gateway role. It will hold the agents' websockets; for now it is deployed so the
 * process layout (co-located or standalone) and its readiness check are in place.
 */
public final class AgentGatewayVerticle extends RoleVerticle {

  public AgentGatewayVerticle() {
    super(Role.AGENT_GATEWAY);
  }
}
