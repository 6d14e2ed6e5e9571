package io.commander.renderer.gotemplate;

/**
 * Go's {@code uint8} (byte): what {@code index} of a string gives. It prints as a number, has
 * kind {@link GoValues.Kind#UINT}, compares with Go ints by value, and is not assignable to an
 * {@code int} parameter, all as in Go.
 */
public final class GoUint8 extends Number {

  private static final long serialVersionUID = 1L;
  private static final GoUint8[] CACHE = new GoUint8[256];

  static {
    for (int i = 0; i < CACHE.length; i++) {
      CACHE[i] = new GoUint8(i);
    }
  }

  private final int value;

  private GoUint8(final int value) {
    this.value = value;
  }

  /** The byte with the low 8 bits of {@code b}. */
  public static GoUint8 valueOf(final int b) {
    return CACHE[b & 0xFF];
  }

  @Override
  public int intValue() {
    return value;
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
    return o instanceof GoUint8 u && u.value == value;
  }

  @Override
  public int hashCode() {
    return value;
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
