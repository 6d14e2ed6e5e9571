package io.commander.server.rendering;

import io.commander.core.bus.Addresses;
import io.commander.core.config.Role;
import io.commander.core.verticle.RoleVerticle;
import io.vertx.core.Future;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The renderer role: answers {@link Addresses#RENDERER_RENDER} and {@link Addresses#RENDERER_VALIDATE}.
 * Rendering is CPU work whose length a template decides, so the role runs as worker instances on a
 * pool of its own, never on an event loop.
 */
public final class RendererVerticle extends RoleVerticle {

  private static final Logger LOG = LoggerFactory.getLogger(RendererVerticle.class);
  /** Failure code of a reply when rendering itself broke (a bug, not a template problem). */
  public static final int FAILED = 500;

  private final Renderer renderer = new Renderer();

  public RendererVerticle() {
    super(Role.RENDERER);
  }

  @Override
  public Future<?> start() {
    final MessageConsumer<RenderRequest> render = vertx.eventBus().consumer(Addresses.RENDERER_RENDER,
        message -> answer(message, renderer::render));
    final MessageConsumer<ValidateRequest> validate = vertx.eventBus().consumer(Addresses.RENDERER_VALIDATE,
        message -> answer(message, renderer::validate));
    return Future.all(render.completion(), validate.completion()).compose(v -> super.start());
  }

  private static <T, R> void answer(final Message<T> message, final Function<T, R> work) {
    try {
      message.reply(work.apply(message.body()));
    } catch (RuntimeException e) {
      LOG.error("render failed [address: {}]", message.address(), e);
      message.fail(FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }
}
