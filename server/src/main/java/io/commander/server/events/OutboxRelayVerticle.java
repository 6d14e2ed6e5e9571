package io.commander.server.events;

import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.vertx.core.Future;

/**
 * The {@code outbox-relay} role: starts its {@link OutboxRelay} and its {@link CommandConsumer} on
 * the verticle's event loop (their timers and connections belong to that context) and stops them
 * with the role.
 */
public final class OutboxRelayVerticle extends RoleVerticle {

  private final OutboxRelay relay;
  private final CommandConsumer commands;

  public OutboxRelayVerticle(final OutboxRelay relay, final CommandConsumer commands) {
    super(Role.OUTBOX_RELAY);
    this.relay = relay;
    this.commands = commands;
  }

  @Override
  public Future<?> start() {
    return relay.start().compose(v -> commands.start());
  }

  @Override
  public Future<?> stop() {
    return Future.join(commands.stop(), relay.stop());
  }
}
