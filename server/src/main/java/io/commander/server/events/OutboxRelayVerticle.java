package io.commander.server.events;

import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.vertx.core.Future;

/**
 * The {@code outbox-relay} role: starts its {@link OutboxRelay} on the verticle's event loop (the
 * relay's timers and connections belong to that context) and stops it with the role.
 */
public final class OutboxRelayVerticle extends RoleVerticle {

  private final OutboxRelay relay;

  public OutboxRelayVerticle(final OutboxRelay relay) {
    super(Role.OUTBOX_RELAY);
    this.relay = relay;
  }

  @Override
  public Future<?> start() {
    return relay.start();
  }

  @Override
  public Future<?> stop() {
    return relay.stop();
  }
}
