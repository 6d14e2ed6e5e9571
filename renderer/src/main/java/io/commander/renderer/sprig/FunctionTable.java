package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.GoType;
import io.commander.renderer.gotemplate.Signature;
import io.commander.renderer.gotemplate.TemplateFunction;
import java.util.HashMap;
import java.util.Map;

/** Collects template functions under their names, each with the Go signature its sprig original has. */
final class FunctionTable {

  private final Map<String, TemplateFunction> functions = new HashMap<>();

  /** A function with exactly these Go parameters, e.g. {@code func(int, string)}. */
  FunctionTable fixed(final String name, final TemplateFunction body, final GoType... params) {
    return put(name, TemplateFunction.of(Signature.of(params), body));
  }

  /** A function whose last Go parameter is variadic, e.g. {@code func(string, ...interface{})}. */
  FunctionTable variadic(final String name, final TemplateFunction body, final GoType... params) {
    return put(name, TemplateFunction.of(Signature.variadic(params), body));
  }

  /** Another name for a function already in the table. */
  FunctionTable alias(final String name, final String existing) {
    final TemplateFunction function = functions.get(existing);
    if (function == null) {
      throw new IllegalStateException("no function " + existing + " to alias as " + name);
    }
    return put(name, function);
  }

  /** Adds every function of {@code other}, replacing those of the same name. */
  FunctionTable putAll(final Map<String, TemplateFunction> other) {
    functions.putAll(other);
    return this;
  }

  private FunctionTable put(final String name, final TemplateFunction function) {
    functions.put(name, function);
    return this;
  }

  /** The functions, as an unmodifiable map. */
  Map<String, TemplateFunction> build() {
    return Map.copyOf(functions);
  }
}
