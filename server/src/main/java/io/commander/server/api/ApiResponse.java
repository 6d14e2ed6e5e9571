package io.commander.server.api;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * What an operation answers: a status, an optional JSON body and extra headers. Lists are bare
 * JSON arrays, with the total and the next page's offset for the paging headers.
 */
public record ApiResponse(int status, Object body, MultiMap headers) {

  public static ApiResponse ok(final JsonObject body) {
    return new ApiResponse(200, body, MultiMap.caseInsensitiveMultiMap());
  }

  /** 200 with a bare array that is not a paged list. */
  public static ApiResponse ok(final JsonArray body) {
    return new ApiResponse(200, body, MultiMap.caseInsensitiveMultiMap());
  }

  public static ApiResponse created(final JsonObject body) {
    return new ApiResponse(201, body, MultiMap.caseInsensitiveMultiMap());
  }

  /** A body written as it comes (server-sent events): the operation gets the response once headers are set. */
  @FunctionalInterface
  public interface Stream {
    void start(io.vertx.core.http.HttpServerResponse response);
  }

  /** A body passed on as it came, with its status and content type (when known). */
  public static ApiResponse raw(final int status, final String contentType, final io.vertx.core.buffer.Buffer body) {
    final MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    return new ApiResponse(status, body, headers);
  }

  /** A streamed 200. */
  public static ApiResponse stream(final String contentType, final Stream body) {
    return new ApiResponse(200, body, MultiMap.caseInsensitiveMultiMap().add("Content-Type", contentType));
  }

  /** 202: the request is taken; what it started goes on in the background. */
  public static ApiResponse accepted(final JsonObject body) {
    return new ApiResponse(202, body, MultiMap.caseInsensitiveMultiMap());
  }

  public static ApiResponse noContent() {
    return new ApiResponse(204, null, MultiMap.caseInsensitiveMultiMap());
  }

  /** A bare array; {@code X-Total-Count} and, when more follow, a {@code Link: rel="next"}. */
  public static ApiResponse list(final List<JsonObject> items, final long total, final Page page) {
    final MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Total-Count", Long.toString(total));
    final long next = (long) page.offset() + items.size();
    if (next < total && !items.isEmpty()) {
      headers.add(ApiEndpoint.NEXT_PAGE_HEADER, Long.toString(next));
    }
    return new ApiResponse(200, new JsonArray(List.copyOf(items)), headers);
  }

  /** A page of a list paged by cursor: the next page's link (when there is one) carries {@code after=<cursor>}. */
  public static ApiResponse keysetList(final List<JsonObject> items, final long total, final Optional<String> next) {
    final MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Total-Count", Long.toString(total));
    next.ifPresent(cursor -> headers.add(ApiEndpoint.NEXT_CURSOR_HEADER, cursor));
    return new ApiResponse(200, new JsonArray(List.copyOf(items)), headers);
  }

  /** The same response with one more header. */
  public ApiResponse withHeader(final String name, final String value) {
    headers.add(name, value);
    return this;
  }
}
