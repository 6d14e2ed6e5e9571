package io.commander.renderer.cli;

import io.commander.renderer.gotemplate.Functions;
import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.TemplateFunction;
import io.commander.renderer.sprig.HelmFunctions;
import io.commander.renderer.sprig.Sprig;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/** The functions cluster templates see: sprig, with Helm's (include, tpl, toYaml, fromYaml, required) over it. */
public final class RenderFunctions {

  private RenderFunctions() {
  }

  /** With the system clock and a secure random source. */
  public static Map<String, TemplateFunction> all() {
    final Map<String, TemplateFunction> functions = new HashMap<>(Sprig.functions());
    functions.putAll(HelmFunctions.functions());
    functions.putAll(Functions.helm());
    return functions;
  }

  /**
   * Everything {@link #all()} has, prepared once for parsing: the clock and random source are the
   * system's, so a render that brings its own executes with {@link #forRender} instead.
   */
  public static final GoTemplate.FunctionSet PREPARED = GoTemplate.functionSet(all());

  /**
   * {@link #PREPARED} with only the clock- and random-dependent functions built again for this
   * render: the same functions as {@link #all(Clock, Random)} at a fraction of the cost.
   */
  public static GoTemplate.FunctionSet forRender(final Clock clock, final Random random) {
    return PREPARED.with(Sprig.clockAndRandomFunctions(clock, random));
  }

  /** With a given clock and random source, for renders that must repeat byte for byte. */
  public static Map<String, TemplateFunction> all(final Clock clock, final Random random) {
    final Map<String, TemplateFunction> functions = new HashMap<>(Sprig.functions(clock, random));
    functions.putAll(HelmFunctions.functions());
    functions.putAll(Functions.helm());
    return functions;
  }
}
