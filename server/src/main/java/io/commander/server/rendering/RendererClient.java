package io.commander.server.rendering;

import io.commander.core.bus.Addresses;
import io.commander.server.api.ApiException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.time.Duration;
import java.util.List;

/** How other roles ask the renderer role: typed requests and replies over the event bus. */
public final class RendererClient {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(Duration.ofSeconds(10).toMillis());

  private final EventBus bus;

  public RendererClient(final EventBus bus) {
    this.bus = bus;
  }

  /** Registers the codecs of the renderer's messages; once per Vert.x instance. */
  public static void registerCodecs(final EventBus bus) {
    JsonCodec.register(bus, RenderRequest.class, RenderRequest::toJson, RenderRequest::fromJson);
    JsonCodec.register(bus, RenderReply.class, RenderReply::toJson, RenderReply::fromJson);
    JsonCodec.register(bus, ValidateRequest.class, ValidateRequest::toJson, ValidateRequest::fromJson);
    JsonCodec.register(bus, ValidateReply.class, ValidateReply::toJson, ValidateReply::fromJson);
  }

  public Future<RenderReply> render(final RenderRequest request) {
    return bus.<RenderReply>request(Addresses.RENDERER_RENDER, request, OPTIONS).map(Message::body)
        .recover(RendererClient::unavailable);
  }

  public Future<ValidateReply> validate(final ValidateRequest request) {
    return bus.<ValidateReply>request(Addresses.RENDERER_VALIDATE, request, OPTIONS).map(Message::body)
        .recover(RendererClient::unavailable);
  }

  /** No renderer, or none in time: the caller may retry; a renderer's own failure stays an internal error. */
  private static <T> Future<T> unavailable(final Throwable e) {
    if (e instanceof ReplyException r && r.failureType() != ReplyFailure.RECIPIENT_FAILURE) {
      return Future.failedFuture(new ApiException(503, "renderer_unavailable", "Service unavailable",
          "no renderer answered (" + r.failureType().name().toLowerCase() + "); is a process with the renderer role "
              + "running?", List.of()));
    }
    return Future.failedFuture(e);
  }
}
