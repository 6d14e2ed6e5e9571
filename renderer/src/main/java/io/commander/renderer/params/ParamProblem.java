package io.commander.renderer.params;

/**
 * One problem with a schema or with values: where (a field key, or {@code params[3].type} for the
 * schema itself) and what, in words a template author understands.
 */
public record ParamProblem(String field, String message) {

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
