package io.commander.server.api;

import io.commander.renderer.params.ParamProblem;
import java.util.ArrayList;
import java.util.List;

/** Problems of schemas and values (Commander's parameter format) as one 400 with JSON-pointer fields. */
public final class ParamErrors {

  private ParamErrors() {
  }

  /**
   * The problems as field errors under {@code at}: {@code params[3].type} becomes
   * {@code <at>/3/type}, {@code masterHosts[1]} becomes {@code <at>/masterHosts/1}.
   */
  public static ApiException invalid(final List<ParamProblem> problems, final String at) {
    return ApiException.invalid(fieldErrors(problems, at));
  }

  /** The problems as field errors under {@code at}, as {@link #invalid} reports them. */
  public static List<ApiException.FieldError> fieldErrors(final List<ParamProblem> problems, final String at) {
    final List<ApiException.FieldError> errors = new ArrayList<>();
    for (ParamProblem p : problems) {
      final String path = p.field().replaceFirst("^params", "").replaceAll("\\[(\\d+)]", "/$1").replace('.', '/');
      errors.add(new ApiException.FieldError(at + (path.startsWith("/") || path.isEmpty() ? path : "/" + path),
          p.message()));
    }
    return errors;
  }
}
