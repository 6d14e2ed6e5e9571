package io.commander.renderer.gotemplate;

/**
 * A function templates can call, as a Go {@code FuncMap} entry. Throwing fails the action with
 * {@code error calling NAME: <message>}, exactly as a Go function returning a non-nil error.
 *
 * <p>By default a function takes any number of arguments of any type ({@code func(...interface{})});
 * arguments arrive as the template sees them (see {@link GoValues}), nil and missing values as
 * {@code null}. Functions that declare Go parameter types get Go's argument checks and
 * conversions: build them with {@link #of(Signature, TemplateFunction)}. Functions that run
 * templates themselves (Helm's {@code include}, {@code tpl}) implement
 * {@link #invoke(TemplateContext, Object[])} or are built with
 * {@link #withContext(Signature, ContextBody)}.
 */
@FunctionalInterface
public interface TemplateFunction {

  /**
   * Calls the function.
   *
   * @return the result, any value of the template value model ({@code null} for nil)
   * @throws Exception to fail the action with {@code error calling NAME: <message>}
   */
  Object call(Object... args) throws Exception;

  /** The Go parameters of the function; by default {@code ...interface{}}. */
  default Signature signature() {
    return Signature.VARIADIC_ANY;
  }

  /**
   * What the engine calls: by default {@link #call(Object...)}; functions that need the running
   * template set override it.
   *
   * @throws Exception to fail the action with {@code error calling NAME: <message>}
   */
  default Object invoke(final TemplateContext context, final Object[] args) throws Exception {
    return call(args);
  }

  /** A function with Go parameter types: the engine checks and converts arguments first. */
  static TemplateFunction of(final Signature signature, final TemplateFunction body) {
    return new TemplateFunction() {
      @Override
      public Object call(final Object... args) throws Exception {
        return body.call(args);
      }

      @Override
      public Signature signature() {
        return signature;
      }
    };
  }

  /** A function that needs the running template set, e.g. to execute another template. */
  static TemplateFunction withContext(final Signature signature, final ContextBody body) {
    return new TemplateFunction() {
      @Override
      public Object call(final Object... args) {
        throw new UnsupportedOperationException("this function runs only inside a template");
      }

      @Override
      public Signature signature() {
        return signature;
      }

      @Override
      public Object invoke(final TemplateContext context, final Object[] args) throws Exception {
        return body.call(context, args);
      }
    };
  }

  /** The body of a function that needs the running template set. */
  @FunctionalInterface
  interface ContextBody {
    /**
     * Calls the function.
     *
     * @throws Exception to fail the action with {@code error calling NAME: <message>}
     */
    Object call(TemplateContext context, Object... args) throws Exception;
  }
}
