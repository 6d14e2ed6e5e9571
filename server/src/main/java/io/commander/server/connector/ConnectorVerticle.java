package io.commander.server.connector;

import io.commander.core.bus.Addresses;
import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector role: answers {@link Addresses#CONNECTOR_REQUEST} with {@link Connector}. Any number of
 * processes may run it; the event bus spreads the calls among them.
 */
public final class ConnectorVerticle extends RoleVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorVerticle.class);

  private final Connector connector;

  public ConnectorVerticle(final Connector connector) {
    super(Role.CONNECTOR);
    this.connector = connector;
  }

  @Override
  public Future<?> start() {
    final MessageConsumer<ConnectorCall> calls = vertx.eventBus().consumer(Addresses.CONNECTOR_REQUEST, this::onCall);
    return calls.completion().compose(v -> super.start());
  }

  private void onCall(final Message<ConnectorCall> message) {
    connector.handle(message.body(), message.headers().get(Addresses.STREAM_HEADER)).onComplete(message::reply,
        e -> {
          if (e instanceof ReplyException reply) {
            message.fail(reply.failureCode(), reply.getMessage());
          } else {
            LOG.error("a connector call failed [cluster: {}]", message.body().target().clusterId(), e);
            message.fail(500, e.getMessage());
          }
        });
  }
}
