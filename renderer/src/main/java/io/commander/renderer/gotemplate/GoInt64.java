package io.commander.renderer.gotemplate;

/**
 * Go's {@code int64}, as sprig's arithmetic returns it. It is an integer like Go's {@code int}
 * ({@link GoValues#isInt} is true: it prints, compares and indexes the same) but has its own type:
 * {@code %T} prints {@code int64}, it is not assignable to an {@code int} parameter, and it is not
 * {@link GoValues#deepEqual} to an {@code int} of the same value.
 */
public final class GoInt64 extends Number {

  private static final long serialVersionUID = 1L;

  private final long value;

  private GoInt64(final long value) {
    this.value = value;
  }

  /** The int64 {@code value}. */
  public static GoInt64 valueOf(final long value) {
    return new GoInt64(value);
  }

  @Override
  public int intValue() {
    return (int) value;
  }

  @Override
  public long longValue() {
    return value;
  }

  @Override
  public float floatValue() {
    return value;
  }

  @Override
  public double doubleValue() {
    return value;
  }

  @Override
  public boolean equals(final Object o) {
    return o instanceof GoInt64 i && i.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
