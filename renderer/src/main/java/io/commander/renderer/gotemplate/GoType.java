package io.commander.renderer.gotemplate;

/**
 * The Go type of a function parameter, for functions that want Go's argument checking: a
 * template argument that does not fit fails the action before the call, with Go's message (e.g.
 * {@code wrong type for value; expected string; got float64}), and a literal is converted as Go
 * converts constants ({@code 3} passed for a {@link #FLOAT64} parameter arrives as {@code 3.0}).
 */
public enum GoType {
  /** {@code interface {}}: anything, nil as {@code null}. */
  ANY("interface {}"),
  /** {@code string}: a {@link String}. */
  STRING("string"),
  /** {@code bool}: a {@link Boolean}. */
  BOOL("bool"),
  /** {@code int}: arrives as a {@link Long}. */
  INT("int"),
  /** {@code int64}: arrives as a {@link Long}; takes {@link GoInt64} values and integer literals. */
  INT64("int64"),
  /** {@code float64}: arrives as a {@link Double}. */
  FLOAT64("float64"),
  /**
   * {@code []interface {}}: a {@link java.util.List}, or {@code null} for a missing value; not a
   * list of another Go type (one that names its type through {@link GoObject}).
   */
  LIST("[]interface {}"),
  /** {@code map[string]interface {}}: a {@link java.util.Map}, or {@code null} for a missing value. */
  MAP("map[string]interface {}");

  private final String goName;

  GoType(final String goName) {
    this.goName = goName;
  }

  /** The type as Go prints it in messages. */
  public String goName() {
    return goName;
  }
}
