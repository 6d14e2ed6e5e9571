package io.commander.server.api;

import java.util.List;

/**
 * A failure that reaches the API caller as {@code application/problem+json}: an HTTP status, a
 * stable machine code, a title and a detail a person can act on. Services fail their futures with
 * it; {@link ProblemHandler} writes it, once, for every route.
 */
public final class ApiException extends RuntimeException {

  /** A problem with one field of the request, as a JSON pointer and a message. */
  public record FieldError(String field, String message) {
  }

  private final int status;
  private final String code;
  private final String title;
  private final List<FieldError> errors;
  private Long retryAfterSeconds;

  public ApiException(final int status, final String code, final String title, final String detail,
                      final List<FieldError> errors) {
    super(detail, null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("not an error status: " + status);
    }
    this.status = status;
    this.code = code;
    this.title = title;
    this.errors = List.copyOf(errors);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }

  public List<FieldError> errors() {
    return errors;
  }

  public static ApiException badRequest(final String code, final String detail) {
    return new ApiException(400, code, "Bad request", detail, List.of());
  }

  public static ApiException invalid(final String detail, final List<FieldError> errors) {
    return new ApiException(400, "validation_failed", "Validation failed", detail, errors);
  }

  /** Validation failed on these fields; the detail lists them all. */
  public static ApiException invalid(final List<FieldError> errors) {
    return invalid(errors.stream().map(e -> e.field() + ": " + e.message())
        .reduce((a, b) -> a + "; " + b).orElse("invalid"), errors);
  }

  public static ApiException invalidField(final String field, final String message) {
    return invalid(field + ": " + message, List.of(new FieldError(field, message)));
  }

  public static ApiException unauthenticated(final String code, final String detail) {
    return new ApiException(401, code, "Unauthenticated", detail, List.of());
  }

  public static ApiException forbidden(final String code, final String detail) {
    return new ApiException(403, code, "Forbidden", detail, List.of());
  }

  /** Not found, or not visible to the caller: the two must look the same. */
  public static ApiException notFound(final String what) {
    return new ApiException(404, "not_found", "Not found", what + " not found", List.of());
  }

  public static ApiException conflict(final String code, final String detail) {
    return new ApiException(409, code, "Conflict", detail, List.of());
  }

  /** Too many attempts; the caller may try again after the given seconds (sent as {@code Retry-After}). */
  public static ApiException tooManyRequests(final String detail, final long retryAfterSeconds) {
    final ApiException e = new ApiException(429, "too_many_attempts", "Too many attempts", detail, List.of());
    e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    return e;
  }

  /** A service this request needs cannot take it now; the caller may try again after the given seconds. */
  public static ApiException unavailable(final String code, final String detail, final long retryAfterSeconds) {
    final ApiException e = new ApiException(503, code, "Service unavailable", detail, List.of());
    e.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    return e;
  }

  /** Seconds until a retry may succeed, for 429 and 503 answers. */
  public java.util.Optional<Long> retryAfterSeconds() {
    return java.util.Optional.ofNullable(retryAfterSeconds);
  }
}
