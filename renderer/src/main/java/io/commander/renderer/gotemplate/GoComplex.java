package io.commander.renderer.gotemplate;

/**
 * Go's {@code complex128}: what a template constant such as {@code 1i} or {@code 1+2i} is. It
 * prints as Go prints it, e.g. {@code (1+2i)}.
 *
 * @param re the real part
 * @param im the imaginary part
 */
public record GoComplex(double re, double im) {

  @Override
  public String toString() {
    return GoValues.print(this);
  }
}
