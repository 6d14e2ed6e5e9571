package io.commander.renderer.gotemplate;

import java.util.List;
import java.util.Objects;

/**
 * The parameters of a template function as Go would declare them: fixed parameters, and for a
 * variadic function a last parameter that takes any number of arguments. The engine checks the
 * number of arguments ({@code wrong number of args for NAME: want 2 got 1}) and their types
 * before calling.
 */
public final class Signature {

  /** {@code func(args ...interface{})}: any number of arguments of any type. */
  public static final Signature VARIADIC_ANY = variadic(GoType.ANY);

  private final List<GoType> params;
  private final boolean variadic;

  private Signature(final List<GoType> params, final boolean variadic) {
    this.params = params;
    this.variadic = variadic;
  }

  /** Exactly these parameters, e.g. {@code of(GoType.INT, GoType.STRING)} for {@code func(int, string)}. */
  public static Signature of(final GoType... params) {
    return new Signature(List.of(params), false);
  }

  /**
   * These parameters, the last one repeated any number of times (zero included), e.g.
   * {@code variadic(GoType.STRING, GoType.ANY)} for {@code func(string, ...interface{})}.
   */
  public static Signature variadic(final GoType... params) {
    if (params.length == 0) {
      throw new IllegalArgumentException("a variadic signature needs its repeated parameter");
    }
    return new Signature(List.of(params), true);
  }

  /** The parameter types; for a variadic signature the last one is the repeated one. */
  public List<GoType> params() {
    return params;
  }

  /** Whether the last parameter takes any number of arguments. */
  public boolean isVariadic() {
    return variadic;
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof Signature s && s.variadic == variadic && s.params.equals(params);
  }

  @Override
  public int hashCode() {
    return Objects.hash(params, variadic);
  }

  @Override
  public String toString() {
    return "Signature" + params + (variadic ? "..." : "");
  }
}
