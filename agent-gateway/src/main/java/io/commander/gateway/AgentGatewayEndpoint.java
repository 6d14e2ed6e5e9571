package io.commander.gateway;

import io.commander.core.http.HttpEndpoint;
import io.vertx.ext.web.Router;

/** The agents' websocket route on the process's HTTP port. */
public final class AgentGatewayEndpoint implements HttpEndpoint {

  private final AgentGateway gateway;

  public AgentGatewayEndpoint(final AgentGateway gateway) {
    this.gateway = gateway;
  }

  @Override
  public void addRoutes(final Router router) {
    // Ahead of every other role's routes: the web UI's fallback would otherwise answer the upgrade.
    router.get(AgentGateway.PATH).order(-1).handler(gateway::connect);
  }
}
