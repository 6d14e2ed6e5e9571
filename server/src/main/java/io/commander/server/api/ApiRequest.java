package io.commander.server.api;

import io.commander.server.auth.Caller;
import io.commander.server.auth.Scope;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.UUID;

/**
 * One validated API request as operations see it: who calls, the checked scope, and typed access
 * to parameters and body. Operations never touch the HTTP response; they return an {@link ApiResponse}.
 */
public final class ApiRequest {

  private static final String CALLER = "caller";
  private static final String SCOPE = "scope";

  private final RoutingContext ctx;

  ApiRequest(final RoutingContext ctx) {
    this.ctx = ctx;
  }

  static void setCaller(final RoutingContext ctx, final Caller caller) {
    ctx.put(CALLER, caller);
  }

  static Optional<Caller> caller(final RoutingContext ctx) {
    return Optional.ofNullable(ctx.get(CALLER));
  }

  void setScope(final Scope scope) {
    ctx.put(SCOPE, scope);
  }

  /** The authenticated caller; operations behind a policy always have one. */
  public Caller caller() {
    return caller(ctx).orElseThrow(() -> ApiException.unauthenticated("unauthenticated", "not signed in"));
  }

  /** The scope authorization checked this request against. */
  public Scope scope() {
    return ctx.get(SCOPE);
  }

  public String requestId() {
    return RequestIds.of(ctx);
  }

  public String remoteAddress() {
    return ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
  }

  /** A path parameter declared as a UUID (404 when a passthrough operation's is not one). */
  public UUID pathId(final String name) {
    if (validated() == null) {
      try {
        return UUID.fromString(ctx.pathParam(name));
      } catch (IllegalArgumentException | NullPointerException e) {
        throw ApiException.notFound(name + " " + ctx.pathParam(name));
      }
    }
    return UUID.fromString(validated().getPathParameters().get(name).getString());
  }

  /** The HTTP method, upper case. */
  public String method() {
    return ctx.request().method().name();
  }

  /** The request's path as sent (still percent-encoded). */
  public String rawPath() {
    return ctx.request().path();
  }

  /** The request's query as sent, or null. */
  public String rawQuery() {
    return ctx.request().query();
  }

  /** The request's body as sent, or null when it has none. */
  public io.vertx.core.buffer.Buffer rawBody() {
    return ctx.body() == null ? null : ctx.body().buffer();
  }

  /** A path parameter declared as an integer. */
  public int pathInt(final String name) {
    return validated().getPathParameters().get(name).getInteger();
  }

  /** A path parameter declared as a string. */
  public String pathString(final String name) {
    return validated().getPathParameters().get(name).getString();
  }

  /** A request header, as sent. */
  public Optional<String> header(final String name) {
    return Optional.ofNullable(ctx.request().getHeader(name));
  }

  public Optional<String> query(final String name) {
    final RequestParameter p = validated().getQuery().get(name);
    return p == null || p.isNull() ? Optional.empty() : Optional.of(String.valueOf(p.get()));
  }

  public Optional<UUID> queryId(final String name) {
    return query(name).map(UUID::fromString);
  }

  /** A date-time query parameter; 400 when it has no offset (the contract's format check allows that). */
  public Optional<OffsetDateTime> queryTime(final String name) {
    return query(name).map(v -> dateTime(v, name));
  }

  /** A date-time field of the body, or empty when absent or null; 400 when it has no offset. */
  public Optional<OffsetDateTime> bodyTime(final String field) {
    return Optional.ofNullable(body().getString(field)).map(v -> dateTime(v, "/" + field));
  }

  private static OffsetDateTime dateTime(final String value, final String where) {
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      throw ApiException.invalidField(where, "must be a date-time with an offset, like 2030-01-31T12:00:00Z");
    }
  }

  public boolean queryFlag(final String name) {
    return query(name).map(Boolean::parseBoolean).orElse(false);
  }

  public Page page() {
    return Page.of(validated().getQuery().get("limit"), validated().getQuery().get("offset"));
  }

  /** The JSON body, validated against the contract. */
  public JsonObject body() {
    final RequestParameter body = validated().getBody();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject();
  }

  /** Whether the request came over HTTPS (directly or through a proxy that says so). */
  public boolean secure() {
    return ctx.request().isSSL() || "https".equalsIgnoreCase(ctx.request().getHeader("X-Forwarded-Proto"));
  }

  private ValidatedRequest validated() {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }
}
