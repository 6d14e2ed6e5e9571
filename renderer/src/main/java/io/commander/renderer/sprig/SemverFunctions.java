package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.STRING;

/** sprig's {@code semver} and {@code semverCompare} ({@code semver.go}), over {@link Semver}. */
final class SemverFunctions {

  private SemverFunctions() {
  }

  static void register(final FunctionTable t) {
    t.fixed("semver", a -> Semver.parse(StringFunctions.str(a[0])), STRING)
        .fixed("semverCompare", a -> {
          // The constraint is parsed before the version, as in sprig, so its error wins.
          final Semver.Constraints constraints = Semver.constraints(StringFunctions.str(a[0]));
          return constraints.check(Semver.parse(StringFunctions.str(a[1])));
        }, STRING, STRING);
  }
}
