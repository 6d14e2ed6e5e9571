package io.commander.server.api;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorErrorType;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler of the API: turns whatever failed a request into an RFC 9457 problem
 * body with a stable {@code code}. Client errors are logged at debug level without stack traces;
 * anything unexpected is a 500 whose log line carries the request id the caller also sees.
 */
public final class ProblemHandler implements Handler<RoutingContext> {

  public static final String CONTENT_TYPE = "application/problem+json";
  private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{2}");
  private static final Pattern REQUIRED = Pattern.compile("required property \"([^\"]+)\"");
  private static final Logger LOG = LoggerFactory.getLogger(ProblemHandler.class);

  @Override
  public void handle(final RoutingContext ctx) {
    answer(ctx, translate(ctx));
  }

  /** Answers a request the router refused with {@code status} before any route ran: no failure says why. */
  public void refused(final RoutingContext ctx, final int status) {
    answer(ctx, ofStatus(status, ctx));
  }

  private static void answer(final RoutingContext ctx, final ApiException problem) {
    final String requestId = RequestIds.assign(ctx);
    if (ctx.response().headWritten()
        && (ctx.failure() instanceof HttpClosedException || ctx.failure() instanceof IOException)) {
      // The connection failed while the answer was on its way (a page closed while a file was sent): the
      // client is gone, nobody is left to tell, and nothing went wrong here.
      LOG.debug("client gone [request: {}, {} {}]: {}", requestId, ctx.request().method(), ctx.request().path(),
          ctx.failure().toString());
      ctx.response().reset();
      return;
    }
    // The raw path: one that does not decode is among the failures answered here.
    if (problem.status() >= 500) {
      LOG.error("request failed [request: {}, {} {}]", requestId, ctx.request().method(), ctx.request().path(),
          ctx.failure());
    } else {
      LOG.debug("request refused [request: {}, {} {}, status: {}, code: {}]", requestId, ctx.request().method(),
          ctx.request().path(), problem.status(), problem.code());
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return;
    }
    if (kubernetesClient(ctx)) {
      status(ctx.response(), problem, requestId);
      return;
    }
    respond(ctx.response(), problem, ctx.request().path(), requestId);
  }

  /**
   * Answers a request the HTTP decoder could not read (request line or headers too long, malformed)
   * as Vert.x would (414, 431 or 400, then the connection closes), but as a problem with a request id.
   */
  public static void invalidRequest(final HttpServerRequest request) {
    final Throwable cause = request.decoderResult().cause();
    final ApiException problem = cause instanceof TooLongHttpLineException
        ? new ApiException(414, "uri_too_long", "URI too long", "the request line is longer than the server reads; "
            + "send long inputs in a body", List.of())
        : cause instanceof TooLongHttpHeaderException
            ? new ApiException(431, "headers_too_large", "Request header fields too large", "the request's headers "
                + "are larger than the server reads", List.of())
            : ApiException.badRequest("malformed_request", "the request could not be read");
    final String requestId = RequestIds.assign(request);
    LOG.debug("request refused [request: {}, status: {}, code: {}]", requestId, problem.status(), problem.code());
    // The line did not decode, so there is no path to name: the decoder's placeholder would mislead.
    respond(request.response(), problem, null, requestId);
  }

  /**
   * A Kubernetes client (kubectl, client-go: it asks for JSON, not problem+json) on the Kubernetes API
   * passthrough: it reads failures only as a Kubernetes {@code Status}.
   */
  private static boolean kubernetesClient(final RoutingContext ctx) {
    final String path = ctx.request().path();
    final String accept = ctx.request().getHeader("Accept");
    return path != null && path.matches("/api/v1/clusters/[^/]+/k8s(/.*)?") && accept != null
        && accept.contains("application/json") && !accept.contains(CONTENT_TYPE);
  }

  /** The problem as a Kubernetes {@code Status}: its code as the reason, the same status and message. */
  private static void status(final HttpServerResponse response, final ApiException problem, final String requestId) {
    problem.retryAfterSeconds().ifPresent(s -> response.putHeader("Retry-After", Long.toString(s)));
    response.setStatusCode(problem.status()).putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("metadata", new JsonObject())
            .put("status", "Failure").put("message", problem.detail() + " (request " + requestId + ")")
            .put("reason", problem.code()).put("code", problem.status()).encode());
  }

  private static void respond(final HttpServerResponse response, final ApiException problem, final String instance,
                              final String requestId) {
    final JsonObject doc = document(problem);
    final JsonObject body = new JsonObject();
    doc.fieldNames().stream().filter(k -> !k.equals("errors")).forEach(k -> body.put(k, doc.getValue(k)));
    if (instance != null) {
      body.put("instance", instance);
    }
    body.put("request_id", requestId);
    if (doc.containsKey("errors")) {
      body.put("errors", doc.getJsonArray("errors"));
    }
    problem.retryAfterSeconds().ifPresent(s -> response.putHeader("Retry-After", Long.toString(s)));
    response
        .setStatusCode(problem.status())
        .putHeader("Content-Type", CONTENT_TYPE)
        .end(body.encode());
  }

  /** Maps a failure to the problem the caller sees. */
  static ApiException translate(final RoutingContext ctx) {
    final Throwable failure = ctx.failure();
    final ApiException known = known(failure);
    return known != null ? known
        : ofStatus(failure instanceof HttpException http ? http.getStatusCode() : ctx.statusCode(), ctx);
  }

  /** The problem a failure outside any HTTP request (a command from Kafka) answers, mapped as for a request. */
  public static ApiException problem(final Throwable failure) {
    final ApiException known = known(failure);
    return known != null ? known : ofStatus(failure instanceof HttpException http ? http.getStatusCode() : 500, null);
  }

  /** The problem document of a problem, as an API response body carries it (without instance and request id). */
  public static JsonObject document(final ApiException problem) {
    final JsonObject body = new JsonObject()
        .put("type", "urn:commander:problem:" + problem.code())
        .put("title", problem.title())
        .put("status", problem.status())
        .put("detail", problem.detail())
        .put("code", problem.code());
    if (!problem.errors().isEmpty()) {
      final JsonArray errors = new JsonArray();
      problem.errors().forEach(e -> errors.add(new JsonObject().put("field", e.field()).put("message", e.message())));
      body.put("errors", errors);
    }
    return body;
  }

  /** A failure whose problem does not depend on the request; null for the others. */
  private static ApiException known(final Throwable failure) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof SchemaValidationException invalid) {
      final List<ApiException.FieldError> errors = fieldErrors(invalid.getOutputUnit());
      if (errors.stream().allMatch(e -> e.field().isEmpty())) {
        // A parameter, not the body: the validator's message names it.
        return ApiException.invalid(invalid.getMessage(), List.of());
      }
      return ApiException.invalid(describe(errors), errors);
    }
    if (failure instanceof ValidatorException invalid) {
      final String message = invalid.getMessage() == null ? "" : invalid.getMessage();
      final boolean body = message.contains("request body");
      if (body && message.contains("can't be decoded")) {
        return ApiException.badRequest("malformed_json", "the request body is not valid JSON");
      }
      if (body && invalid.type() == ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT) {
        return new ApiException(415, "unsupported_media_type", "Unsupported media type",
            "send the body as application/json", List.of());
      }
      return switch (invalid.type()) {
        case MISSING_REQUIRED_PARAMETER -> ApiException.badRequest("missing_parameter", message);
        case INVALID_VALUE_FORMAT, UNSUPPORTED_VALUE_FORMAT -> ApiException.badRequest("malformed_request", message);
        default -> ApiException.badRequest("invalid_request", message);
      };
    }
    if (failure instanceof PgException pg && pg.getSqlState() != null) {
      final String constraint = pg.getConstraint() == null ? pg.getSqlState() : pg.getConstraint();
      if (pg.getSqlState().equals("23514")) {
        // A check the contract could not express: the value itself is wrong.
        return ApiException.badRequest("invalid_value", "a value is not allowed here (" + constraint + ")");
      }
      if (pg.getSqlState().startsWith("23")) {
        // A constraint the service did not check first (a race between two writers): still the caller's conflict.
        return ApiException.conflict("constraint_violation", "the change conflicts with existing data (" + constraint
            + ")");
      }
    }
    return null;
  }

  private static ApiException ofStatus(final int status, final RoutingContext ctx) {
    return switch (status) {
      case 400 -> ApiException.badRequest("malformed_request", "the request could not be read");
      case 401 -> ApiException.unauthenticated("unauthenticated", "sign in or send an X-Auth-Token header");
      case 404 -> ApiException.notFound("resource");
      case 405 -> new ApiException(405, "method_not_allowed", "Method not allowed",
          (ctx == null ? "the method" : ctx.request().method()) + " is not allowed here", List.of());
      case 413 -> new ApiException(413, "payload_too_large", "Payload too large",
          "the request body is larger than the server accepts", List.of());
      case 415 -> new ApiException(415, "unsupported_media_type", "Unsupported media type",
          "send application/json", List.of());
      default -> new ApiException(500, "internal_error", "Internal error",
          "the server failed to handle the request; quote the request id when reporting it", List.of());
    };
  }

  private static String describe(final List<ApiException.FieldError> errors) {
    return errors.stream().map(f -> (f.field().isEmpty() ? "body" : f.field()) + ": " + f.message())
        .reduce((a, b) -> a + "; " + b).orElse("the request does not match the API contract");
  }

  /**
   * The specific findings of the validator, one per offending value: the generic lines it adds
   * while walking up the schema ("does not match schema", "a subschema had errors") are dropped.
   */
  static List<ApiException.FieldError> fieldErrors(final OutputUnit unit) {
    final List<ApiException.FieldError> all = new ArrayList<>();
    collect(unit, all);
    final List<ApiException.FieldError> specific = new ArrayList<>();
    for (ApiException.FieldError e : all) {
      final String m = e.message();
      if (m.startsWith("A subschema had errors") || m.matches("Property \".*\" does not match schema")) {
        continue;
      }
      final boolean unknownField = m.endsWith("does not match additional properties schema");
      if (unknownField && all.stream().anyMatch(o -> o.field().equals(e.field()) && !o.equals(e)
          && !o.message().startsWith("A subschema") && !o.message().matches("Property \".*\" does not match schema"))) {
        continue;
      }
      specific.add(unknownField ? new ApiException.FieldError(e.field(), "unknown field") : e);
    }
    return specific.isEmpty() ? all : specific;
  }

  /** JSON pointers arrive percent-encoded (URI fragment form); callers get them as plain pointers. */
  static String decode(final String pointer) {
    final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (int i = 0; i < pointer.length(); i++) {
      final char c = pointer.charAt(i);
      if (c == '%' && i + 2 < pointer.length() && HEX.matcher(pointer.substring(i + 1, i + 3)).matches()) {
        out.write(Integer.parseInt(pointer.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        final byte[] bytes = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static void collect(final OutputUnit unit, final List<ApiException.FieldError> out) {
    if (unit == null) {
      return;
    }
    final List<OutputUnit> children = unit.getErrors();
    if (children == null || children.isEmpty()) {
      if (unit.getError() != null) {
        String field = unit.getInstanceLocation() == null ? "" : decode(unit.getInstanceLocation().replaceFirst("^#", ""));
        final Matcher required = REQUIRED.matcher(unit.getError());
        final boolean missing = required.find();
        if (missing) {
          // Reported on the object that lacks it; the caller needs the missing field's own pointer.
          field = field + "/" + required.group(1);
        }
        final ApiException.FieldError error = new ApiException.FieldError(field, missing ? "is required" : unit.getError());
        if (!out.contains(error)) {
          out.add(error);
        }
      }
      return;
    }
    children.forEach(c -> collect(c, out));
  }
}
