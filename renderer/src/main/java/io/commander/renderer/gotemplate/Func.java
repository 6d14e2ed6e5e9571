package io.commander.renderer.gotemplate;

import java.util.List;

/** A function as the executor calls it: Go parameter types plus the implementation. */
final class Func {

  /** Parameter types; {@link #VALUE} is Go's {@code reflect.Value}: the value exactly as evaluated. */
  enum Param {
    VALUE("reflect.Value"),
    ANY("interface {}"),
    STRING("string"),
    BOOL("bool"),
    INT("int"),
    INT64("int64"),
    FLOAT64("float64"),
    LIST("[]interface {}"),
    MAP("map[string]interface {}");

    final String goName;

    Param(final String goName) {
      this.goName = goName;
    }

    boolean canBeNil() {
      return this == VALUE || this == ANY || this == LIST || this == MAP;
    }

    static Param of(final GoType t) {
      return switch (t) {
        case ANY -> ANY;
        case STRING -> STRING;
        case BOOL -> BOOL;
        case INT -> INT;
        case INT64 -> INT64;
        case FLOAT64 -> FLOAT64;
        case LIST -> LIST;
        case MAP -> MAP;
      };
    }
  }

  /** A built-in function working on raw values. */
  @FunctionalInterface
  interface Builtin {
    Object apply(Executor ex, Object[] args) throws Exception;
  }

  final String name;
  final Param[] params;
  final boolean variadic;
  final boolean builtin;
  final Builtin impl;
  final TemplateFunction external;

  private Func(final String name, final Param[] params, final boolean variadic, final boolean builtin,
      final Builtin impl, final TemplateFunction external) {
    this.name = name;
    this.params = params;
    this.variadic = variadic;
    this.builtin = builtin;
    this.impl = impl;
    this.external = external;
  }

  static Func builtin(final String name, final boolean variadic, final Builtin impl, final Param... params) {
    return new Func(name, params, variadic, true, impl, null);
  }

  static Func external(final String name, final TemplateFunction fn) {
    final Signature sig = fn.signature();
    final List<GoType> types = sig.params();
    final Param[] params = new Param[types.size()];
    for (int i = 0; i < params.length; i++) {
      params[i] = Param.of(types.get(i));
    }
    return new Func(name, params, sig.isVariadic(), false, null, fn);
  }

  Object call(final Executor ex, final Object[] args) throws Exception {
    if (impl != null) {
      return impl.apply(ex, args);
    }
    return external.invoke(ex, args);
  }
}
