package io.commander.renderer.cli;

import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.TemplateException;
import io.commander.renderer.gotemplate.TemplateFunction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code commander render FILE [--values FILE]}: renders one Go template with the functions
 * cluster templates see (sprig, and Helm's include, tpl, toYaml, fromYaml, required), like
 * {@code helm template} does for a chart. Values come from a YAML or JSON file and reach the
 * template as Go would see them. No server, no database.
 */
public final class RenderMain {

  /** Exit code for a template that does not parse or render, or values that do not read. */
  public static final int EXIT_RENDER = 1;
  /** Exit code for a bad command line or an unreadable file. */
  public static final int EXIT_USAGE = 2;

  private static final String USAGE = "usage: commander render FILE [--values FILE.yaml|FILE.json]";

  private RenderMain() {
  }

  public static void main(final String[] args) {
    final int code = run(args, System.out, System.err);
    System.out.flush();
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Renders as the command line asks; returns the exit code. */
  public static int run(final String[] args, final PrintStream out, final PrintStream err) {
    final List<String> rest = new ArrayList<>(List.of(args));
    Path valuesFile = null;
    final int at = rest.indexOf("--values");
    if (at >= 0) {
      if (at + 1 >= rest.size()) {
        err.println("commander render: --values needs a file\n" + USAGE);
        return EXIT_USAGE;
      }
      valuesFile = Path.of(rest.get(at + 1));
      rest.subList(at, at + 2).clear();
    }
    if (rest.size() != 1 || rest.get(0).startsWith("-")) {
      err.println(USAGE);
      return EXIT_USAGE;
    }
    final Path templateFile = Path.of(rest.get(0));
    final String text;
    final String valuesText;
    try {
      text = Files.readString(templateFile, StandardCharsets.UTF_8);
      valuesText = valuesFile == null ? null : Files.readString(valuesFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("commander render: cannot read " + e.getMessage());
      return EXIT_USAGE;
    }
    final Map<String, TemplateFunction> functions = RenderFunctions.all();
    try {
      final Object values = valuesText == null ? new LinkedHashMap<String, Object>() : values(functions, valuesText);
      final String name = templateFile.getFileName().toString();
      out.print(GoTemplate.parse(name, text, functions).execute(values));
      return 0;
    } catch (TemplateException e) {
      err.println(e.getMessage());
      return EXIT_RENDER;
    } catch (ValuesException e) {
      err.println("commander render: values " + valuesFile + ": " + e.getMessage());
      return EXIT_RENDER;
    }
  }

  /** Values read as Helm reads a values file (YAML, of which JSON is a part) into Go's interface{}. */
  private static Object values(final Map<String, TemplateFunction> functions, final String text)
      throws ValuesException {
    final Object parsed;
    try {
      parsed = functions.get("fromYaml").call(text);
    } catch (Exception e) {
      throw new ValuesException(e.getMessage());
    }
    if (parsed instanceof Map<?, ?> map && map.size() == 1 && map.get("Error") instanceof String error) {
      throw new ValuesException(error);
    }
    return parsed;
  }

  private static final class ValuesException extends Exception {
    ValuesException(final String message) {
      super(message, null, false, false);
    }
  }
}
