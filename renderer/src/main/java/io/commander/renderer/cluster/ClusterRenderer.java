package io.commander.renderer.cluster;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.commander.renderer.cli.RenderFunctions;
import io.commander.renderer.gotemplate.GoTemplate;
import io.commander.renderer.gotemplate.RenderBudget;
import io.commander.renderer.gotemplate.RenderLimitExceeded;
import io.commander.renderer.gotemplate.RenderLimits;
import io.commander.renderer.gotemplate.TemplateException;
import io.commander.renderer.kinds.KindSchemas;
import io.commander.renderer.kinds.SectionKinds;
import io.commander.renderer.params.ParamProblem;
import io.commander.renderer.params.ParamSchema;
import io.commander.renderer.params.ParamValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Turns a template version, input values and Commander's built-in variables into the cluster's
 * configuration documents, and says everything that is wrong with them: values against the
 * schema, template errors, YAML that does not parse, documents without {@code apiVersion} or
 * {@code kind}, documents of DKP's kinds that break their schema or sit in the wrong section,
 * missing required sections. Every section is rendered even when another fails, so
 * a person sees all the text beside all the problems.
 *
 * <p>Pure and deterministic: sprig's clock and random functions run on the clock and seed the
 * caller passes (a cluster's revision time and id), so the same inputs give the same bytes.
 */
public final class ClusterRenderer {

  /** Sections a cluster cannot be installed without. */
  static final List<String> REQUIRED = List.of("kubernetes", "placement");
  private static final Pattern GO_ERROR = Pattern.compile("^template: [^:]+:(\\d+)(?::(\\d+))?: (.*)$", Pattern.DOTALL);

  /** Parsed sections of all renderers of the process, bounded by the characters of their texts. */
  private static final Cache<ParseKey, GoTemplate> PARSED = Caffeine.newBuilder()
      .maximumWeight(4L << 20).weigher((ParseKey key, GoTemplate t) -> key.text().length()).build();

  /** Read-only once built, so one serves every thread. */
  private static final Resolver RESOLVER = new FastResolver();
  private static final LoaderOptions YAML_OPTIONS = yamlOptions();

  private final RenderLimits limits;

  /** A renderer whose renders stay within {@link RenderLimits#DEFAULT}. */
  public ClusterRenderer() {
    this(RenderLimits.DEFAULT);
  }

  /** A renderer whose renders, all sections together, stay within {@code limits}. */
  public ClusterRenderer(final RenderLimits limits) {
    this.limits = limits;
  }

  /** What a render produced: the text of every section, and the problems (empty when valid). */
  public record Result(Map<String, String> rendered, List<RenderProblem> problems) {

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * Renders and validates.
   *
   * @param schema the version's input-parameter schema
   * @param values the cluster's input values
   * @param builtIns Commander's variables ({@code dc_clusterUUID}, {@code dc_domain}, ...)
   * @param clock what sprig's {@code now} reads
   * @param seed the seed of sprig's random functions
   */
  public Result render(final Sections sections, final ParamSchema schema, final Map<String, ?> values,
                       final Map<String, ?> builtIns, final Clock clock, final long seed) {
    return render(sections, schema, values, builtIns, clock, seed, RenderBudget.start(limits));
  }

  /**
   * Renders and validates within a budget the caller holds, so that it can {@link RenderBudget#cancel}
   * the render from another thread.
   */
  public Result render(final Sections sections, final ParamSchema schema, final Map<String, ?> values,
                       final Map<String, ?> builtIns, final Clock clock, final long seed, final RenderBudget budget) {
    final List<RenderProblem> problems = new ArrayList<>();
    final ParamValidator.Result checked = ParamValidator.validate(schema, values, builtIns.keySet());
    for (ParamProblem p : checked.problems()) {
      problems.add(new RenderProblem(RenderProblem.Kind.VALUES, "values", -1, 0, 0, p.field() + ": " + p.message()));
    }
    final Map<String, Object> data = data(checked, values, builtIns);
    final GoTemplate.FunctionSet functions = RenderFunctions.forRender(clock, new Random(seed));
    final Map<String, String> rendered = new LinkedHashMap<>();
    renderSections(sections, data, functions, budget, rendered, problems);
    return new Result(rendered, List.copyOf(problems));
  }

  /**
   * What the templates see as dot: the checked values with the schema's defaults, Commander's
   * built-ins over them.
   */
  public static Map<String, Object> data(final ParamSchema schema, final Map<String, ?> values,
                                         final Map<String, ?> builtIns) {
    return data(ParamValidator.validate(schema, values, builtIns.keySet()), values, builtIns);
  }

  private static Map<String, Object> data(final ParamValidator.Result checked, final Map<String, ?> values,
                                          final Map<String, ?> builtIns) {
    final Map<String, Object> data = new LinkedHashMap<>(checked.values());
    // Invalid values still render, so the preview shows what the person typed beside the problem.
    values.forEach((key, value) -> {
      if (value != null && !"".equals(value)) {
        data.putIfAbsent(key, value);
      }
    });
    data.putAll(builtIns);
    return data;
  }

  /**
   * Renders the sections within {@code budget}, in the order a person reads them. Once a limit is
   * passed the render stops and every section's text is empty.
   */
  private static void renderSections(final Sections sections, final Map<String, Object> data,
      final GoTemplate.FunctionSet functions, final RenderBudget budget, final Map<String, String> rendered,
      final List<RenderProblem> problems) {
    for (Sections.Section section : sections.all()) {
      final String template = section.template() == null ? "" : section.template();
      if (template.isBlank()) {
        rendered.put(section.key(), "");
        if (REQUIRED.contains(section.key())) {
          problems.add(new RenderProblem(RenderProblem.Kind.SECTION, section.key(), -1, 0, 0,
              "the section is required and empty"));
        }
        continue;
      }
      try {
        final StringBuilder out = new StringBuilder();
        parsed(section.key(), template).withFunctions(functions).execute(data, out, budget);
        final String text = out.toString();
        rendered.put(section.key(), text);
        checkDocuments(section.key(), text, problems);
      } catch (TemplateException e) {
        rendered.put(section.key(), "");
        final boolean limit = RenderLimitExceeded.in(e) != null;
        problems.add(templateProblem(limit ? RenderProblem.Kind.LIMIT : RenderProblem.Kind.TEMPLATE,
            section.key(), e.getMessage()));
        if (limit) {
          // Nothing partial: no section's text is kept, and later sections would only spend more.
          sections.all().forEach(other -> rendered.put(other.key(), ""));
          return;
        }
      }
    }
  }

  /**
   * Checks that every section is a template Go would parse, without rendering it: what a template
   * must pass before it is saved. Execution errors depend on values and show in renders.
   */
  public List<RenderProblem> parse(final Sections sections) {
    final List<RenderProblem> problems = new ArrayList<>();
    for (Sections.Section section : sections.all()) {
      if (section.template() != null && !section.template().isBlank()) {
        try {
          parsed(section.key(), section.template());
        } catch (TemplateException e) {
          problems.add(templateProblem(RenderProblem.Kind.TEMPLATE, section.key(), e.getMessage()));
        }
      }
    }
    return List.copyOf(problems);
  }

  /**
   * The section's template parsed with every function's name known; kept while its text is in use,
   * since a template version never changes and many clusters render the same one. Parse errors are
   * not kept: a text that fails is refused when saved, so it rarely comes again.
   */
  private static GoTemplate parsed(final String section, final String text) throws TemplateException {
    final ParseKey key = new ParseKey(section, text);
    final GoTemplate cached = PARSED.getIfPresent(key);
    if (cached != null) {
      return cached;
    }
    final GoTemplate parsed = GoTemplate.builder().functions(RenderFunctions.PREPARED).parse(section, text);
    PARSED.put(key, parsed);
    return parsed;
  }

  private record ParseKey(String section, String text) {
  }

  private static RenderProblem templateProblem(final RenderProblem.Kind kind, final String section,
      final String message) {
    final Matcher m = GO_ERROR.matcher(message);
    if (m.matches()) {
      return new RenderProblem(kind, section, -1, Integer.parseInt(m.group(1)),
          m.group(2) == null ? 0 : Integer.parseInt(m.group(2)), m.group(3));
    }
    return new RenderProblem(kind, section, -1, 0, 0, message);
  }

  /**
   * The YAML documents of a rendered text as nodes, read as validation reads them; those before an error
   * when the text is not YAML throughout.
   */
  public static List<Node> documents(final String text) {
    final List<Node> documents = new ArrayList<>();
    try {
      compose(text, documents::add);
    } catch (final YAMLException notYaml) {
      // What came before the error is what there is.
    }
    return documents;
  }

  /**
   * Hands each YAML document of {@code text} to {@code sink} as it is composed: the block YAML rendered
   * documents are made of straight from the text; anything else, every error included, by SnakeYAML's
   * scanner and parser, which throw after the documents before the error. The same nodes either way.
   */
  private static void compose(final String text, final Consumer<Node> sink) {
    final List<Node> composed = BlockComposer.compose(text, RESOLVER, YAML_OPTIONS.getCodePointLimit());
    if (composed != null) {
      composed.forEach(sink);
      return;
    }
    // SnakeYAML's scanner and parser between a reader and a composer of the renderer's own: a Yaml
    // object builds a representer and constructor it would never use, SnakeYAML's composer collects
    // comments it never gets, and its reader pulls the text through a Reader.
    final DocumentComposer composer = new DocumentComposer(new ParserImpl(TextReader.of(text), YAML_OPTIONS),
        RESOLVER, YAML_OPTIONS);
    while (composer.checkNode()) {
      sink.accept(composer.getNode());
    }
  }

  /**
   * Each YAML document of a rendered section must be a mapping with apiVersion and kind; a
   * document of a known DKP kind must match its schema, and dhctl's kinds must be in their section.
   */
  private static void checkDocuments(final String section, final String text, final List<RenderProblem> problems) {
    final List<Node> documents = new ArrayList<>();
    try {
      compose(text, node -> {
        checkDocument(section, documents.size(), node, problems);
        documents.add(node);
      });
      problems.addAll(SectionKinds.check(section, documents));
    } catch (MarkedYAMLException e) {
      final int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
      final int column = e.getProblemMark() == null ? 0 : e.getProblemMark().getColumn() + 1;
      problems.add(new RenderProblem(RenderProblem.Kind.YAML, section, documents.size(), line, column,
          "YAML: " + e.getProblem()));
    }
  }

  /** The document at {@code index} must be a mapping with apiVersion and kind, and match its kind's schema. */
  private static void checkDocument(final String section, final int index, final Node node,
                                    final List<RenderProblem> problems) {
    final int line = node.getStartMark().getLine() + 1;
    if (!(node instanceof MappingNode mapping)) {
      problems.add(new RenderProblem(RenderProblem.Kind.DOCUMENT, section, index, line, 0,
          "a document must be a mapping with apiVersion and kind"));
      return;
    }
    for (String required : List.of("apiVersion", "kind")) {
      if (!hasText(mapping, required)) {
        problems.add(new RenderProblem(RenderProblem.Kind.DOCUMENT, section, index, line, 0,
            "the document has no " + required));
      }
    }
    problems.addAll(KindSchemas.dkp().check(section, index, mapping));
  }

  private static LoaderOptions yamlOptions() {
    final LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return options;
  }

  private static boolean hasText(final MappingNode mapping, final String key) {
    for (NodeTuple tuple : mapping.getValue()) {
      if (tuple.getKeyNode() instanceof ScalarNode k && key.equals(k.getValue())
          && tuple.getValueNode() instanceof ScalarNode v && !v.getValue().isBlank()) {
        return true;
      }
    }
    return false;
  }
}
