package io.commander.renderer.sprig;

import io.commander.renderer.gotemplate.TemplateFunction;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;
import java.util.Random;

/**
 * The sprig template functions ({@code github.com/Masterminds/sprig/v3} 3.2.3, its
 * {@code TxtFuncMap}) for {@link io.commander.renderer.gotemplate.GoTemplate}, each behaving as the
 * Go original: same results, printed the same, same error messages.
 *
 * <p>Values follow the engine's model ({@link io.commander.renderer.gotemplate.GoValues}); where
 * sprig returns a Go type the model does not have, the nearest one stands in: an int64 result is a
 * Go int ({@code Long}), a {@code []string}, {@code []int} or {@code map[string]string} is a list or
 * map of interface values. {@code semver} returns a value that prints as Go's
 * {@code *semver.Version}, and the date functions one that prints as Go's {@code time.Time}.
 *
 * <p>Left out on purpose: the functions that reach outside the template ({@code env},
 * {@code expandenv}, {@code getHostByName}) and the key, certificate and password-hash generators
 * ({@code genPrivateKey}, {@code genCA}, {@code genSelfSignedCert}, {@code genSignedCert} and their
 * {@code WithKey} forms, {@code buildCustomCert}, {@code derivePassword}, {@code bcrypt},
 * {@code htpasswd}). Helm's additions are in {@link HelmFunctions}.
 */
public final class Sprig {

  private static final Map<String, TemplateFunction> FUNCTIONS = build(Clock.systemDefaultZone(), new SecureRandom());

  private Sprig() {
  }

  /**
   * The sprig functions, reading the time from the system clock in the system's zone (Go's
   * {@code Local}) and drawing random values from a {@link SecureRandom}.
   *
   * @return an unmodifiable map from function name to function
   */
  public static Map<String, TemplateFunction> functions() {
    return FUNCTIONS;
  }

  /**
   * The same functions under the name of sprig's own entry point.
   *
   * @return the same map as {@link #functions()}
   */
  public static Map<String, TemplateFunction> txtFuncMap() {
    return FUNCTIONS;
  }

  /**
   * The sprig functions with the time, Go's {@code Local} zone and the random source given: for
   * reproducible renders of templates that use {@code now}, {@code date}, {@code uuidv4} or the
   * {@code rand} functions.
   *
   * @return an unmodifiable map from function name to function
   */
  public static Map<String, TemplateFunction> functions(final Clock clock, final Random random) {
    return build(clock, random);
  }

  /**
   * Only the functions that read the clock or draw random values, with the clock and source given;
   * over {@link #functions()} they make {@link #functions(Clock, Random)}. A renderer that keeps
   * the other functions prepared builds just these per render.
   *
   * @return an unmodifiable map from function name to function
   */
  public static Map<String, TemplateFunction> clockAndRandomFunctions(final Clock clock, final Random random) {
    final FunctionTable t = new FunctionTable();
    MathFunctions.registerRandom(t, random);
    EncodingFunctions.registerRandom(t, random);
    DateFunctions.register(t, clock);
    return t.build();
  }

  private static Map<String, TemplateFunction> build(final Clock clock, final Random random) {
    final FunctionTable t = new FunctionTable();
    StringFunctions.register(t);
    ListFunctions.register(t);
    DictFunctions.register(t);
    MathFunctions.register(t);
    DefaultFunctions.register(t);
    EncodingFunctions.register(t);
    RegexFunctions.register(t);
    SemverFunctions.register(t);
    PathFunctions.register(t);
    UrlFunctions.register(t);
    return t.putAll(clockAndRandomFunctions(clock, random)).build();
  }
}
