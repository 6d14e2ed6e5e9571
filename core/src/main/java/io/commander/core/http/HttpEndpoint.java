package io.commander.core.http;

import io.vertx.ext.web.Router;

/**
 * A set of routes a role contributes to its process's HTTP server. Endpoints translate between
 * HTTP and services; they hold no state of their own beyond what they were built with.
 */
@FunctionalInterface
public interface HttpEndpoint {

  /** Adds this endpoint's routes to the router; called once per HTTP server instance. */
  void addRoutes(Router router);
}
