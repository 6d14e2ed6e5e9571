package io.commander.renderer.gotemplate;

/**
 * A value with Go methods or struct fields, such as the {@code *semver.Version} or
 * {@code time.Time} that function libraries return. {@code {{$v.Major}}} calls the method
 * {@code Major} (with the action's arguments, checked against its {@link Signature}) or reads the
 * field {@code Major}, as Go's template does for a struct or a pointer to one; anything else
 * fails with {@code can't evaluate field Major in type <goTypeName()>}. Printing uses
 * {@link #toString()}, as Go's {@code fmt} uses a {@code String()} method.
 */
public interface GoObject {

  /** The Go type, as errors and {@code %T} name it, e.g. {@code *semver.Version}. */
  String goTypeName();

  /** The method {@code name}, or {@code null} when there is none. Methods are tried before fields. */
  default TemplateFunction method(final String name) {
    return null;
  }

  /** Whether the value has the exported field {@code name}. */
  default boolean hasField(final String name) {
    return false;
  }

  /** The value of the field {@code name}; called only when {@link #hasField} says it exists. */
  default Object field(final String name) {
    return null;
  }
}
