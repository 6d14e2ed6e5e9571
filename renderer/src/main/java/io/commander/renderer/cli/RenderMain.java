package io.commander.renderer.cli;

import io.commander.renderer.cluster.ClusterRenderer;
import io.commander.renderer.cluster.RenderProblem;
import io.commander.renderer.cluster.TemplateDocument;
import io.commander.renderer.cluster.TemplateDocumentException;
import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.RenderBudget;
import io.commander.renderer.gotemplate.RenderLimitExceeded;
import io.commander.renderer.gotemplate.RenderLimits;
import io.commander.renderer.gotemplate.TemplateException;
import io.commander.renderer.params.ParamSchema;
import io.commander.renderer.sprig.HelmFunctions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code commander render FILE [--values FILE] [--validate]}: renders like {@code helm template}
 * does for a chart, with the functions cluster templates see (sprig, and Helm's include, tpl,
 * toYaml, fromYaml, required). FILE is one Go template, or a whole cluster template export
 * ({@link TemplateDocument}), whose sections are rendered and validated as the server renders a
 * cluster's. Values come from a YAML or JSON file and reach the template as Go would see them. No
 * server, no database.
 */
public final class RenderMain {

  /** Exit code for a template that does not parse or render, values that do not read, or a failed validation. */
  public static final int EXIT_RENDER = 1;
  /** Exit code for a bad command line or an unreadable file. */
  public static final int EXIT_USAGE = 2;

  /** The {@code dc_*} variables of an export's render: stand-ins for what each cluster gets of its own. */
  public static final Map<String, Object> BUILT_INS = Map.of(
      "dc_clusterUUID", "00000000-0000-0000-0000-000000000000",
      "dc_domain", "commander.example.com",
      "dc_sshPublicKey", "ssh-ed25519 AAAA-stand-in-each-cluster-gets-its-own",
      "dc_sshPrivateKey", "-----BEGIN OPENSSH PRIVATE KEY-----\nstand-in: each cluster gets its own key pair\n"
          + "-----END OPENSSH PRIVATE KEY-----",
      "dc_caBundle", "-----BEGIN CERTIFICATE-----\nstand-in: the CA bundle of Commander's clusters\n"
          + "-----END CERTIFICATE-----");
  /** What sprig's {@code now} reads in an export's render; with random seed 0, output repeats byte for byte. */
  public static final Clock CLOCK = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);

  private static final String USAGE = """
      usage: commander render FILE [--values FILE.yaml|FILE.json] [--validate] [limits]
        FILE is a Go template, or a cluster template export (a JSON object with
        "format": "commander.cluster-template.v1"). An export's sections are rendered as Commander
        renders a cluster's, each after "---" and "# Source: <section>" (tabs as resources/<name>;
        empty sections left out), with dc_clusterUUID 00000000-0000-0000-0000-000000000000,
        dc_domain commander.example.com, stand-in SSH keys and CA bundle, the clock at
        1970-01-01T00:00:00Z and random seed 0. Template errors go to stderr, exit 1.
        --validate  (exports only) also check the values against the params and every rendered
                    document; print every problem to stderr and exit 1 when there is any
        A render stops with render_limit_exceeded (exit 1) past the server's default limits;
        to raise them for a trusted template:
        --timeout-ms N  wall time of the render (2000)
        --max-steps N   template steps: nodes walked and functions called (10000000)
        --max-output N  characters of output, all sections together (4194304)
        --max-value N   characters of a string, or elements of a list or map, a function builds (1048576)
        --no-limits     none of these, as Go and Helm""";

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
    Path valuesFile = null;
    boolean validate = false;
    RenderLimits limits = RenderLimits.DEFAULT;
    final List<String> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (LIMIT_FLAGS.contains(args[i])) {
        final long n = i + 1 < args.length ? positive(args[i + 1]) : -1;
        if (n <= 0 || limits == RenderLimits.NONE) {
          err.println("commander render: " + args[i] + " needs a positive number (and no --no-limits)\n" + USAGE);
          return EXIT_USAGE;
        }
        limits = withLimit(limits, args[i], n);
        i++;
      } else if ("--no-limits".equals(args[i])) {
        limits = RenderLimits.NONE;
      } else if ("--values".equals(args[i])) {
        if (i + 1 >= args.length) {
          err.println("commander render: --values needs a file\n" + USAGE);
          return EXIT_USAGE;
        }
        valuesFile = Path.of(args[++i]);
      } else if ("--validate".equals(args[i])) {
        validate = true;
      } else {
        files.add(args[i]);
      }
    }
    if (files.size() != 1 || files.get(0).startsWith("-")) {
      err.println(USAGE);
      return EXIT_USAGE;
    }
    final Path templateFile = Path.of(files.get(0));
    final String text;
    final String valuesText;
    try {
      text = Files.readString(templateFile, StandardCharsets.UTF_8);
      valuesText = valuesFile == null ? null : Files.readString(valuesFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("commander render: cannot read " + e.getMessage());
      return EXIT_USAGE;
    }
    final Map<String, Object> export = export(text);
    if (export == null && validate) {
      err.println("commander render: --validate needs a cluster template export; " + templateFile
          + " is a plain template\n" + USAGE);
      return EXIT_USAGE;
    }
    try {
      final Map<String, Object> values = valuesText == null ? new LinkedHashMap<>() : values(valuesText);
      if (export != null) {
        return renderExport(templateFile, export, values, validate, limits, out, err);
      }
      final String name = templateFile.getFileName().toString();
      final StringBuilder rendered = new StringBuilder();
      GoTemplate.parse(name, text, RenderFunctions.all()).execute(values, rendered, RenderBudget.start(limits));
      out.print(rendered);
      return 0;
    } catch (TemplateException e) {
      err.println(e.getMessage() + (RenderLimitExceeded.in(e) == null ? ""
          : " [" + RenderProblem.Kind.LIMIT.code() + "]"));
      return EXIT_RENDER;
    } catch (ValuesException e) {
      err.println("commander render: values " + valuesFile + ": " + e.getMessage());
      return EXIT_RENDER;
    }
  }

  /**
   * Every section of an export, helm-template style; the problems that count on stderr. Sections
   * that render are printed even when another fails, as the server's preview shows them.
   */
  private static int renderExport(final Path file, final Map<String, Object> json, final Map<String, Object> values,
                                  final boolean validate, final RenderLimits limits, final PrintStream out,
                                  final PrintStream err) {
    final TemplateDocument document;
    try {
      document = TemplateDocument.fromMap(json);
    } catch (TemplateDocumentException e) {
      err.println("commander render: " + file + ": " + e.getMessage());
      return EXIT_RENDER;
    }
    final ParamSchema.Parsed schema = ParamSchema.parse(document.params());
    if (schema.schema().isEmpty()) {
      schema.problems().forEach(p -> err.println("commander render: " + file + ": " + p));
      return EXIT_RENDER;
    }
    final ClusterRenderer.Result result = new ClusterRenderer(limits).render(document.sections(), schema.schema().get(),
        values, BUILT_INS, CLOCK, 0L);
    result.rendered().forEach((section, text) -> {
      if (!text.isBlank()) {
        out.print("---\n# Source: " + section + "\n" + text.stripTrailing() + "\n");
      }
    });
    final List<RenderProblem> counted = result.problems().stream()
        .filter(p -> validate || p.kind() == RenderProblem.Kind.TEMPLATE || p.kind() == RenderProblem.Kind.LIMIT)
        .toList();
    counted.forEach(p -> err.println(p + " [" + p.kind().code() + "]"));
    return counted.isEmpty() ? 0 : EXIT_RENDER;
  }

  private static final List<String> LIMIT_FLAGS = List.of("--timeout-ms", "--max-steps", "--max-output",
      "--max-value");

  private static long positive(final String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static RenderLimits withLimit(final RenderLimits l, final String flag, final long n) {
    return switch (flag) {
      case "--timeout-ms" -> new RenderLimits(Duration.ofMillis(n), l.maxSteps(), l.maxOutput(), l.maxValue());
      case "--max-steps" -> new RenderLimits(l.timeout(), n, l.maxOutput(), l.maxValue());
      case "--max-output" -> new RenderLimits(l.timeout(), l.maxSteps(), n, l.maxValue());
      default -> new RenderLimits(l.timeout(), l.maxSteps(), l.maxOutput(), n);
    };
  }

  /** The file's JSON object when it is a template export (has a {@code format}), else null: a plain template. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> export(final String text) {
    try {
      final Object parsed = HelmFunctions.functions().get("fromJson").call(text);
      return parsed instanceof Map<?, ?> map && map.containsKey("format") && !map.containsKey("Error")
          ? (Map<String, Object>) map : null;
    } catch (Exception e) {
      return null;
    }
  }

  /** Values read as Helm reads a values file (YAML, of which JSON is a part) into Go's interface{}. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> values(final String text) throws ValuesException {
    final Object parsed;
    try {
      parsed = HelmFunctions.functions().get("fromYaml").call(text);
    } catch (Exception e) {
      throw new ValuesException(e.getMessage());
    }
    if (parsed instanceof Map<?, ?> map && map.size() == 1 && map.get("Error") instanceof String error) {
      throw new ValuesException(error);
    }
    return (Map<String, Object>) parsed;
  }

  private static final class ValuesException extends Exception {
    ValuesException(final String message) {
      super(message, null, false, false);
    }
  }
}
