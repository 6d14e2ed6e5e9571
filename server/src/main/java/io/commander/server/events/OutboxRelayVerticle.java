package io.commander.server.events;

import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.commander.server.webhooks.WebhookDeliverer;
import io.vertx.core.Future;

/**
 * The {@code outbox-relay} role: starts its {@link OutboxRelay}, its {@link CommandConsumer} and its
 * {@link WebhookDeliverer} on the verticle's event loop (their timers and connections belong to that
 * context) and stops them with the role.
 */
public final class OutboxRelayVerticle extends RoleVerticle {

  private final OutboxRelay relay;
  private final CommandConsumer commands;
  private final WebhookDeliverer webhooks;

  public OutboxRelayVerticle(final OutboxRelay relay, final CommandConsumer commands, final WebhookDeliverer webhooks) {
    super(Role.OUTBOX_RELAY);
    this.relay = relay;
    this.commands = commands;
    this.webhooks = webhooks;
  }

  @Override
  public Future<?> start() {
    return relay.start().compose(v -> commands.start()).compose(v -> webhooks.start());
  }

  @Override
  public Future<?> stop() {
    return Future.join(webhooks.stop(), commands.stop(), relay.stop());
  }
}
