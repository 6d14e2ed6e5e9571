package io.commander.server.api;

import io.commander.core.http.HttpEndpoint;
import io.commander.server.auth.Authenticator;
import io.commander.server.auth.Authorizer;
import io.commander.server.auth.Caller;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestValidator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code /api/v1} surface, built from the OpenAPI contract. Every operation of the contract
 * must be registered with a {@link Policy} and an implementation, or start-up fails: no route can
 * exist without its access rule. Each request then runs the same chain: request id, body (size
 * limited), authentication, the caller check (401, CSRF for cookie writes), validation against the
 * contract, authorization of the resolved scope, and the operation. Failures of any step reach
 * {@link ProblemHandler}.
 */
public final class ApiEndpoint implements HttpEndpoint {

  public static final String BASE = "/api/v1";
  /** Set by list operations; turned into a {@code Link: rel="next"} header here. */
  static final String NEXT_PAGE_HEADER = "X-Commander-Next-Offset";
  /** Set by lists paged by cursor; turned into a {@code Link: rel="next"} header with {@code after}. */
  static final String NEXT_CURSOR_HEADER = "X-Commander-Next-Cursor";
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** An operation's implementation. */
  @FunctionalInterface
  public interface Operation {
    Future<ApiResponse> handle(ApiRequest request);
  }

  /** Where endpoint classes register their operations. */
  public static final class Registry {
    private final Map<String, Registered> operations = new LinkedHashMap<>();

    public Registry add(final String operationId, final Policy policy, final Operation operation) {
      return put(operationId, new Registered(policy, operation, false));
    }

    /**
     * An operation whose last path parameter takes the rest of the path, slashes included (the contract
     * declares it as one segment), and whose query and body are passed on as they come: it is not validated
     * against the contract; authentication, the caller check and authorization run as for any other.
     */
    public Registry addPassthrough(final String operationId, final Policy policy, final Operation operation) {
      return put(operationId, new Registered(policy, operation, true));
    }

    private Registry put(final String operationId, final Registered registered) {
      if (operations.putIfAbsent(operationId, registered) != null) {
        throw new IllegalStateException("operation registered twice: " + operationId);
      }
      return this;
    }
  }

  /** A group of operations (one resource) that registers itself. */
  public interface Operations {
    void register(Registry registry);
  }

  private record Registered(Policy policy, Operation operation, boolean passthrough) {
  }

  private final Vertx vertx;
  private final OpenAPIContract contract;
  private final JsonObject published;
  private final Authenticator authenticator;
  private final Map<String, Registered> operations;
  private final long bodyLimit;
  private final ProblemHandler problems = new ProblemHandler();

  /**
   * @throws IllegalStateException if the contract and the registered operations differ
   */
  public ApiEndpoint(final Vertx vertx, final OpenAPIContract contract, final JsonObject published,
                     final Authenticator authenticator, final long bodyLimit,
                     final Iterable<Operations> groups) {
    this.vertx = vertx;
    this.contract = contract;
    this.published = published;
    this.authenticator = authenticator;
    this.bodyLimit = bodyLimit;
    final Registry registry = new Registry();
    groups.forEach(g -> g.register(registry));
    this.operations = Map.copyOf(registry.operations);
    final Set<String> declared = new HashSet<>();
    contract.operations().forEach(o -> declared.add(o.getOperationId()));
    final Set<String> missing = new HashSet<>(declared);
    missing.removeAll(operations.keySet());
    final Set<String> unknown = new HashSet<>(operations.keySet());
    unknown.removeAll(declared);
    if (!missing.isEmpty() || !unknown.isEmpty()) {
      throw new IllegalStateException("the API contract and its operations differ: without an implementation " + missing
          + ", not in the contract " + unknown);
    }
  }

  @Override
  public void addRoutes(final Router root) {
    final RequestExtractor extractor = RequestExtractor.withBodyHandler();
    final RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor)
        .rootHandler(new RequestIds())
        .rootHandler(BodyHandler.create(false).setBodyLimit(bodyLimit))
        .rootHandler(authenticator);
    final RequestValidator validator = RequestValidator.create(vertx, new ValidatorCachingContract(contract));
    final java.util.List<OpenAPIRoute> passthrough = new java.util.ArrayList<>();
    for (OpenAPIRoute route : builder.getRoutes()) {
      final String id = route.getOperation().getOperationId();
      final Registered registered = operations.get(id);
      if (registered.passthrough()) {
        passthrough.add(route);
        route.setDoValidation(false).setDoSecurity(false)
            .addHandler(ctx -> requireCaller(ctx, registered.policy()))
            .addHandler(ctx -> authorize(ctx, registered.policy()))
            .addHandler(ctx -> run(ctx, registered.operation()))
            .addFailureHandler(problems);
        continue;
      }
      route.setDoValidation(false).setDoSecurity(false)
          .addHandler(ctx -> requireCaller(ctx, registered.policy()))
          .addHandler(ctx -> extractor.extractValidatableRequest(ctx, route.getOperation())
              .compose(request -> validator.validate(request, id))
              .onSuccess(validated -> {
                final String nul = validated.getBody() == null ? null : TextChecks.nulCharacter(validated.getBody().get(), "");
                if (nul != null) {
                  // PostgreSQL cannot store U+0000 in text; refuse it as the caller's error, naming the field.
                  ctx.fail(ApiException.invalidField(nul, "must not contain the NUL character"));
                  return;
                }
                for (var param : validated.getQuery().entrySet()) {
                  if (TextChecks.nulCharacter(param.getValue().get(), "") != null) {
                    ctx.fail(ApiException.invalid("query parameter " + param.getKey()
                        + " must not contain the NUL character", java.util.List.of()));
                    return;
                  }
                }
                ctx.put(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST, validated);
                ctx.next();
              })
              .onFailure(ctx::fail))
          .addHandler(ctx -> authorize(ctx, registered.policy()))
          .addHandler(ctx -> run(ctx, registered.operation()))
          .addFailureHandler(problems);
    }
    final Router api = builder.createRouter();
    for (OpenAPIRoute route : passthrough) {
      // The same operation for paths whose last parameter spans several segments.
      final Registered registered = operations.get(route.getOperation().getOperationId());
      api.route(route.getOperation().getHttpMethod(), wildcardPath(route.getOperation().getOpenAPIPath()))
          .handler(ctx -> requireCaller(ctx, registered.policy()))
          .handler(ctx -> authorize(ctx, registered.policy()))
          .handler(ctx -> run(ctx, registered.operation()))
          .failureHandler(problems);
    }
    api.route().handler(ctx -> ctx.fail(ApiException.notFound("path " + ctx.request().path())));
    api.route().failureHandler(problems);
    root.get(BASE + "/openapi.json").handler(this::serveContract);
    root.route(BASE + "/*").subRouter(api);
    // The router refuses some requests before any route runs (a path that does not decode, no Host).
    root.errorHandler(400, ctx -> {
      if (ctx.request().path() != null && ctx.request().path().startsWith(BASE + "/")) {
        problems.refused(ctx, 400);
      } else {
        ctx.response().setStatusCode(400).end("Bad Request");
      }
    });
  }

  /** {@code /clusters/{id}/k8s/{path}} as a Vert.x route path whose last parameter takes the rest: {@code /clusters/:id/k8s/*}. */
  static String wildcardPath(final String openApiPath) {
    final int last = openApiPath.lastIndexOf("/{");
    if (last < 0 || !openApiPath.endsWith("}")) {
      throw new IllegalStateException("a passthrough path must end with a path parameter: " + openApiPath);
    }
    return openApiPath.substring(0, last).replaceAll("\\{([^}]+)}", ":$1") + "/*";
  }

  private static void requireCaller(final RoutingContext ctx, final Policy policy) {
    if (policy.kind() == Policy.Kind.OPEN) {
      ctx.next();
      return;
    }
    final Caller caller = ApiRequest.caller(ctx).orElse(null);
    if (caller == null) {
      ctx.fail(ApiException.unauthenticated("unauthenticated", "sign in or send an X-Auth-Token header"));
      return;
    }
    // Only a session cookie, which a browser adds on its own, needs the CSRF value (a kubeconfig's user has none).
    if (caller instanceof Caller.User user && user.csrf() != null && unsafe(ctx.request().method())
        && !user.csrf().equals(ctx.request().getHeader(CSRF_HEADER))) {
      ctx.fail(ApiException.forbidden("csrf_failed", "writes with the session cookie need the " + CSRF_HEADER
          + " header, whose value is in the commander_csrf cookie"));
      return;
    }
    ctx.next();
  }

  private static boolean unsafe(final HttpMethod method) {
    return !(method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS);
  }

  private static void authorize(final RoutingContext ctx, final Policy policy) {
    if (policy.kind() != Policy.Kind.CHECKED) {
      ctx.next();
      return;
    }
    final ApiRequest request = new ApiRequest(ctx);
    Future.succeededFuture(request)
        .compose(policy.scope()::resolve)
        .onSuccess(scope -> {
          try {
            Authorizer.check(request.caller(), policy.access(), scope);
          } catch (ApiException e) {
            ctx.fail(e);
            return;
          }
          request.setScope(scope);
          ctx.next();
        })
        .onFailure(ctx::fail);
  }

  private void run(final RoutingContext ctx, final Operation operation) {
    final Future<ApiResponse> result;
    try {
      result = operation.handle(new ApiRequest(ctx));
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    result.onSuccess(response -> {
      if (ctx.request().method() != HttpMethod.GET && Authenticator.mayChangeAccess(ctx.request().path())) {
        // A write that may have revoked a token or changed a role: nobody is taken on trust after it.
        authenticator.forget();
      }
      write(ctx, response);
    }).onFailure(ctx::fail);
  }

  private static void write(final RoutingContext ctx, final ApiResponse response) {
    final var out = ctx.response().setStatusCode(response.status());
    response.headers().forEach(h -> {
      if (h.getKey().equalsIgnoreCase(NEXT_PAGE_HEADER)) {
        out.putHeader("Link", "<" + nextPageUrl(ctx, "offset", h.getValue()) + ">; rel=\"next\"");
      } else if (h.getKey().equalsIgnoreCase(NEXT_CURSOR_HEADER)) {
        out.putHeader("Link", "<" + nextPageUrl(ctx, "after", h.getValue()) + ">; rel=\"next\"");
      } else {
        out.headers().add(h.getKey(), h.getValue());
      }
    });
    if (response.body() == null) {
      out.end();
      return;
    }
    if (response.body() instanceof io.vertx.core.buffer.Buffer buffer) {
      out.end(buffer);
      return;
    }
    if (response.body() instanceof ApiResponse.Stream stream) {
      stream.start(out.setChunked(true));
      return;
    }
    final String json = response.body() instanceof JsonArray array ? array.encode() : ((JsonObject) response.body()).encode();
    out.putHeader("Content-Type", "application/json").end(json);
  }

  private static String nextPageUrl(final RoutingContext ctx, final String parameter, final String value) {
    final StringBuilder url = new StringBuilder(ctx.request().path()).append('?').append(parameter).append('=')
        .append(value);
    ctx.queryParams().forEach(p -> {
      if (!p.getKey().equals("offset") && !p.getKey().equals("after")) {
        url.append('&').append(p.getKey()).append('=')
            .append(java.net.URLEncoder.encode(p.getValue(), java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    return url.toString();
  }

  /** The contract, with its server pointed at the URL the caller used. */
  private void serveContract(final RoutingContext ctx) {
    final JsonObject doc = published.copy();
    final String scheme = ctx.request().isSSL() ? "https"
        : java.util.Objects.requireNonNullElse(ctx.request().getHeader("X-Forwarded-Proto"), "http");
    final String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
    doc.put("servers", new JsonArray().add(new JsonObject().put("url", scheme + "://" + host + BASE)));
    ctx.response().putHeader("Content-Type", "application/json").end(doc.encodePrettily());
  }
}
