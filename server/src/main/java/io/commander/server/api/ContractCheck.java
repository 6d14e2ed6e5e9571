package io.commander.server.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.ValidatableRequest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a request that did not come over HTTP (a command read from Kafka) against the API contract,
 * as {@link ApiEndpoint} checks each HTTP request: the same validator, the same refusal of NUL
 * characters. Failures are what {@link ProblemHandler#problem} turns into the API's problems.
 */
public final class ContractCheck {

  private final RequestValidator validator;

  public ContractCheck(final Vertx vertx, final OpenAPIContract contract) {
    this.validator = RequestValidator.create(vertx, new ValidatorCachingContract(contract));
  }

  /** A request's parts, as text, as they would arrive over HTTP. */
  public record Request(Map<String, String> path, Map<String, String> query, Map<String, String> headers,
                        JsonObject body) {
  }

  /**
   * @return a future that fails with the validator's exception or a 400 {@link ApiException} when the
   *     request does not match the operation's part of the contract
   */
  public Future<Void> check(final String operationId, final Request request) {
    return validator.validate(new Validatable(params(request.path()), params(request.query()),
            params(request.headers()), request.body()), operationId)
        .compose(validated -> {
          final String nul = request.body() == null ? null : TextChecks.nulCharacter(request.body(), "");
          return nul == null ? Future.succeededFuture()
              : Future.failedFuture(ApiException.invalid(nul + ": must not contain the NUL character",
                  List.of(new ApiException.FieldError(nul, "must not contain the NUL character"))));
        });
  }

  private static Map<String, RequestParameter> params(final Map<String, String> values) {
    final Map<String, RequestParameter> params = new HashMap<>();
    values.forEach((k, v) -> params.put(k, new Param(v)));
    return params;
  }

  private record Param(Object get) implements RequestParameter {
  }

  private record Validatable(Map<String, RequestParameter> getPathParameters, Map<String, RequestParameter> getQuery,
                             Map<String, RequestParameter> getHeaders, JsonObject json) implements ValidatableRequest {

    @Override
    public Map<String, RequestParameter> getCookies() {
      return Map.of();
    }

    @Override
    public RequestParameter getBody() {
      return new Param(json == null ? null : json.toBuffer());
    }

    @Override
    public String getContentType() {
      return json == null ? null : "application/json";
    }
  }
}
