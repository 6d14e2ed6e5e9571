package io.commander.server.api;

import io.commander.core.bus.Addresses;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every API request an id: the caller's {@code X-Request-Id} when it is a sane token, a new
 * UUID otherwise. It is echoed in the response, written into audit records and every error body.
 * A platform handler, so it runs before the body is read and a refused body (413) carries the id too.
 */
public final class RequestIds implements PlatformHandler {

  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "request-id";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

  @Override
  public void handle(final RoutingContext ctx) {
    final String id = assign(ctx);
    // A response that ends failed was never sent whole: the caller closed the connection first.
    ctx.addEndHandler(ended -> {
      if (ended.failed()) {
        ctx.vertx().eventBus().publish(Addresses.API_REQUEST_GONE, id);
      }
    });
    ctx.next();
  }

  /**
   * The id of this request, given now if it has none yet: a request the router refused before any
   * handler ran (an undecodable path) still gets one for its problem.
   */
  static String assign(final RoutingContext ctx) {
    final String assigned = ctx.get(KEY);
    if (assigned != null) {
      return assigned;
    }
    final String id = assign(ctx.request());
    ctx.put(KEY, id);
    return id;
  }

  /**
   * A version 4 UUID from the thread's generator: an id is no secret, and {@code UUID.randomUUID()}'s
   * SecureRandom serialised the event loops on one lock (seen in a profile of the read benchmark).
   */
  static String newId() {
    final ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID((random.nextLong() & ~0xF000L) | 0x4000L,
        (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
  }

  /** A new id for a request that never reaches a router (one the HTTP decoder refused), echoed in its response. */
  static String assign(final HttpServerRequest request) {
    final String given = request.getHeader(HEADER);
    final String id = given != null && SANE.matcher(given).matches() ? given : newId();
    // A failure after the answer's head went (a file cut short) has an id only for the log.
    if (!request.response().headWritten()) {
      request.response().putHeader(HEADER, id);
    }
    return id;
  }

  /** The id of this request. */
  public static String of(final RoutingContext ctx) {
    final String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
