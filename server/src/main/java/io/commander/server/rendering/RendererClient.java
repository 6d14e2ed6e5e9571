package io.commander.server.rendering;

import io.commander.core.bus.Addresses;
import io.commander.core.bus.JsonCodec;
import io.commander.core.config.CommanderConfig;
import io.commander.server.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;

/** How other roles ask the renderer role: typed requests and replies over the event bus. */
public final class RendererClient {

  private final EventBus bus;
  private final DeliveryOptions options;
  private final long retryAfterSeconds;

  /**
   * Waits for a reply {@link CommanderConfig.Renderer#replyTimeout}: longer than a render may wait in
   * the renderer's queue and then run, so a reply never arrives for a request already answered with
   * a timeout. A busy renderer is worth asking again after about one render's time.
   */
  public RendererClient(final EventBus bus, final CommanderConfig.Renderer settings) {
    this.bus = bus;
    this.options = new DeliveryOptions().setSendTimeout(settings.replyTimeout().toMillis());
    this.retryAfterSeconds = Math.max(1, (settings.timeout().toMillis() + 999) / 1000);
  }

  /** Registers the codecs of the renderer's messages; once per Vert.x instance. */
  public static void registerCodecs(final EventBus bus) {
    JsonCodec.register(bus, RenderRequest.class, RenderRequest::toJson, RenderRequest::fromJson);
    JsonCodec.register(bus, RenderReply.class, RenderReply::toJson, RenderReply::fromJson);
    JsonCodec.register(bus, ValidateRequest.class, ValidateRequest::toJson, ValidateRequest::fromJson);
    JsonCodec.register(bus, ValidateReply.class, ValidateReply::toJson, ValidateReply::fromJson);
  }

  public Future<RenderReply> render(final RenderRequest request) {
    return bus.<RenderReply>request(Addresses.RENDERER_RENDER, request, options).map(Message::body)
        .recover(this::unavailable);
  }

  public Future<ValidateReply> validate(final ValidateRequest request) {
    return bus.<ValidateReply>request(Addresses.RENDERER_VALIDATE, request, options).map(Message::body)
        .recover(this::unavailable);
  }

  /**
   * No renderer, none in time, or a busy one: the caller may retry (Retry-After); a renderer's own
   * failure stays an internal error.
   */
  private <T> Future<T> unavailable(final Throwable e) {
    if (e instanceof ReplyException r && r.failureType() == ReplyFailure.RECIPIENT_FAILURE
        && r.failureCode() == RendererVerticle.BUSY) {
      return Future.failedFuture(ApiException.unavailable("renderer_busy", r.getMessage(), retryAfterSeconds));
    }
    if (e instanceof ReplyException r && r.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return Future.failedFuture(ApiException.unavailable("renderer_unavailable", "no renderer answered ("
          + r.failureType().name().toLowerCase() + "); is a process with the renderer role running?",
          retryAfterSeconds));
    }
    return Future.failedFuture(e);
  }
}
