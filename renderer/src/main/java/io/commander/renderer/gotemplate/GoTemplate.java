package io.commander.renderer.gotemplate;

import io.commander.renderer.gotemplate.Node.Tree;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A parsed Go {@code text/template}: the template {@link #name()} and every template its text
 * (or texts added with {@link #add}) defines. It renders data to the same text as Go 1.19's
 * {@code text/template}, and fails with the same messages.
 *
 * <p>Parse once, execute many times: a {@code GoTemplate} is immutable and may execute on any
 * number of threads at once; each execution allocates only its output and a variable stack.
 *
 * <pre>{@code
 * GoTemplate t = GoTemplate.parse("t", "{{range .items}}{{.name}} {{end}}", Map.of());
 * String out = t.execute(Map.of("items", List.of(Map.of("name", "a"))));  // "a "
 * }</pre>
 */
public final class GoTemplate {

  /** What a missing map key evaluates to, as Go's {@code missingkey} option. */
  public enum MissingKey {
    /** "no value": prints {@code <no value>} (Go's {@code missingkey=default} or {@code invalid}). */
    DEFAULT,
    /** The zero value of the map's element type: a nil interface ({@code missingkey=zero}). */
    ZERO,
    /** Execution stops with an error ({@code missingkey=error}). */
    ERROR
  }

  /** What every template of one set shares. */
  private record Common(FunctionSet funcs, MissingKey missingKey, String leftDelim, String rightDelim) {
  }

  /** Stack for executions that recurse deeper than a default thread stack allows. */
  private static final long LARGE_STACK_BYTES = 1L << 30;

  private final String name;
  private final Map<String, Tree> trees;
  private final Common common;
  /** The size of the last output, so the next one's buffer rarely has to grow. */
  private volatile int sizeHint = 256;

  private GoTemplate(final String name, final Map<String, Tree> trees, final Common common) {
    this.name = name;
    this.trees = trees;
    this.common = common;
  }

  /**
   * Parses a template named {@code name}; {@code functions} add to (and may override) Go's
   * built-in functions.
   *
   * @param functions may be {@code null} or empty
   * @throws TemplateException with Go's message when the text is not a valid template, e.g.
   *     {@code template: t:1: function "nope" not defined}
   */
  public static GoTemplate parse(final String name, final String text,
      final Map<String, TemplateFunction> functions) throws TemplateException {
    return builder().functions(functions).parse(name, text);
  }

  /**
   * Functions prepared once for many parses: each name checked and each signature read here,
   * not at every parse.
   *
   * @throws IllegalArgumentException for a name that is not an identifier or a null function
   */
  public static FunctionSet functionSet(final Map<String, TemplateFunction> functions) {
    return FunctionSet.EMPTY.with(functions);
  }

  /** A builder for templates with options: delimiters, {@code missingkey}, functions. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The same parsed templates executing with other functions: a parse kept for many renders that
   * each bring their own clock or random source. The set must define every function the templates
   * call; a missing one fails at execution as an undefined function.
   */
  public GoTemplate withFunctions(final FunctionSet functions) {
    return new GoTemplate(name, trees, new Common(functions, common.missingKey, common.leftDelim,
        common.rightDelim));
  }

  /** The name of this template. */
  public String name() {
    return name;
  }

  /** The names of all templates of the set (this one and those defined), sorted. */
  public Set<String> templateNames() {
    return Collections.unmodifiableSet(new TreeSet<>(trees.keySet()));
  }

  /** The template {@code name} of this set, or {@code null} when the set has none so named. */
  public GoTemplate lookup(final String templateName) {
    if (!trees.containsKey(templateName)) {
      return null;
    }
    return templateName.equals(name) ? this : new GoTemplate(templateName, trees, common);
  }

  /**
   * Parses {@code text} as the template {@code name} in a copy of this set, as Go's
   * {@code t.New(name).Parse(text)}: the result is that template, and it and this set's templates
   * can invoke each other's definitions. This template is unchanged.
   *
   * @throws TemplateException with Go's message when the text is not a valid template
   */
  public GoTemplate add(final String templateName, final String text) throws TemplateException {
    final Map<String, Tree> copy = new LinkedHashMap<>(trees);
    parseInto(templateName, text, copy, common);
    return new GoTemplate(templateName, Collections.unmodifiableMap(copy), common);
  }

  /**
   * Renders with {@code data} as dot ({@code $}).
   *
   * @return the exact output text
   * @throws TemplateException with Go's message when execution fails, e.g.
   *     {@code template: t:1:2: executing "t" at <index .l 5>: error calling index: index out of range: 5}
   */
  public String execute(final Object data) throws TemplateException {
    final StringBuilder out = new StringBuilder(sizeHint);
    execute(data, out);
    if (out.length() > sizeHint) {
      sizeHint = out.length() + (out.length() >> 3);
    }
    return out.toString();
  }

  /**
   * Renders with {@code data} as dot, appending to {@code out}. On failure {@code out} holds the
   * output written before the failing action, as Go's writer does.
   *
   * @throws TemplateException with Go's message when execution fails
   */
  public void execute(final Object data, final StringBuilder out) throws TemplateException {
    execute(data, out, RenderBudget.start(RenderLimits.NONE));
  }

  /**
   * Renders with {@code data} as dot, appending to {@code out}, within {@code budget}; what it
   * writes counts against the budget's output.
   *
   * @throws TemplateException with Go's message when execution fails; when a limit ended it,
   *     {@link RenderLimitExceeded#in} finds which
   */
  public void execute(final Object data, final StringBuilder out, final RenderBudget budget)
      throws TemplateException {
    final int start = out.length();
    try {
      Executor.execute(this, name, trees.get(name), data, out, null, false, budget);
    } catch (final TemplateError e) {
      throw new TemplateException(e.getMessage(), e.getCause());
    } catch (final StackOverflowError e) {
      // Deep template recursion: Go allows 100000 nested calls; run again on a stack that fits them.
      out.setLength(start);
      executeOnLargeStack(data, out, budget);
    } finally {
      budget.addOutput(out.length() - start);
    }
  }

  private void executeOnLargeStack(final Object data, final StringBuilder out, final RenderBudget budget)
      throws TemplateException {
    final Throwable[] failure = new Throwable[1];
    final Runnable run = () -> {
      try {
        Executor.execute(this, name, trees.get(name), data, out, null, true, budget);
      } catch (final Throwable e) {
        failure[0] = e;
      }
    };
    final Thread thread = new Thread(null, run, "go-template-deep", LARGE_STACK_BYTES);
    thread.start();
    try {
      thread.join();
    } catch (final InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      throw new TemplateException("template: " + name + ": execution interrupted", e);
    }
    if (failure[0] instanceof TemplateError e) {
      throw new TemplateException(e.getMessage(), e.getCause());
    }
    if (failure[0] instanceof RuntimeException e) {
      throw e;
    }
    if (failure[0] instanceof Error e) {
      throw e;
    }
  }

  /**
   * Renders the template {@code templateName} of this set with {@code data} as dot, as Go's
   * {@code ExecuteTemplate}.
   *
   * @throws TemplateException when the set has no such template or execution fails
   */
  public String executeTemplate(final String templateName, final Object data) throws TemplateException {
    final GoTemplate t = lookup(templateName);
    if (t == null) {
      throw noTemplate(templateName);
    }
    return t.execute(data);
  }

  private TemplateException noTemplate(final String templateName) {
    return new TemplateException("template: no template " + GoStrings.quote(templateName, '"', false)
        + " associated with template " + GoStrings.quote(name, '"', false));
  }

  // ---------------------------------------------------------------- for the executor

  Tree tree(final String templateName) {
    return trees.get(templateName);
  }

  Func function(final String functionName) {
    return common.funcs.get(functionName);
  }

  MissingKey missingKey() {
    return common.missingKey;
  }

  /** Executes another template of the set for a function, sharing the include bookkeeping. */
  String executeNested(final String templateName, final Object data, final Map<String, Integer> includes)
      throws TemplateException {
    final Tree tree = trees.get(templateName);
    if (tree == null) {
      throw noTemplate(templateName);
    }
    final StringBuilder out = new StringBuilder(128);
    try {
      Executor.execute(this, templateName, tree, data, out, includes, false, RenderBudget.current());
    } catch (final TemplateError e) {
      throw new TemplateException(e.getMessage(), e.getCause());
    }
    return out.toString();
  }

  /** Parses text into a copy of the set and executes it, for functions such as Helm's tpl. */
  String renderNested(final String templateName, final String text, final Object data,
      final Map<String, Integer> includes) throws TemplateException {
    final Map<String, Tree> copy = new HashMap<>(trees);
    parseInto(templateName, text, copy, common);
    final GoTemplate t = new GoTemplate(templateName, copy, common);
    return t.executeNested(templateName, data, includes);
  }

  private static void parseInto(final String name, final String text, final Map<String, Tree> set,
      final Common common) throws TemplateException {
    final Map<String, Tree> parsed = new LinkedHashMap<>();
    try {
      Parser.parse(name, text, common.leftDelim, common.rightDelim, common.funcs::has, parsed);
    } catch (final TemplateError e) {
      throw new TemplateException(e.getMessage());
    }
    // As Go's AddParseTree: an empty definition does not replace an existing one.
    for (final Map.Entry<String, Tree> e : parsed.entrySet()) {
      final Tree old = set.get(e.getKey());
      if (old != null && Parser.isEmptyTree(e.getValue().root)) {
        continue;
      }
      set.put(e.getKey(), e.getValue());
    }
  }

  /**
   * Go's built-in functions with others added, prepared for parsing and execution; immutable, so
   * one set serves any number of templates and threads.
   */
  public static final class FunctionSet {
    static final FunctionSet EMPTY = new FunctionSet(Builtins.FUNCS, null);

    private final Map<String, Func> own;
    /** The set this one adds to: a lookup falls through to it, so adding a few copies nothing. */
    private final FunctionSet under;

    private FunctionSet(final Map<String, Func> own, final FunctionSet under) {
      this.own = own;
      this.under = under;
    }

    /**
     * This set with {@code functions} added, replacing those of the same name.
     *
     * @throws IllegalArgumentException for a name that is not an identifier or a null function
     */
    public FunctionSet with(final Map<String, TemplateFunction> functions) {
      final Map<String, Func> added = new HashMap<>();
      functions.forEach((name, function) -> added.put(name, Builder.prepare(name, function)));
      return new FunctionSet(added, this);
    }

    /** Whether the set has a function of this name. */
    public boolean has(final String name) {
      return get(name) != null;
    }

    Func get(final String name) {
      for (FunctionSet set = this; set != null; set = set.under) {
        final Func f = set.own.get(name);
        if (f != null) {
          return f;
        }
      }
      return null;
    }
  }

  /** Options for parsing: delimiters, {@code missingkey}, functions. */
  public static final class Builder {
    /** The functions given as a set, added to by the ones given one by one. */
    private FunctionSet set = FunctionSet.EMPTY;
    private final Map<String, Func> funcs = new HashMap<>();
    private MissingKey missingKey = MissingKey.DEFAULT;
    private String leftDelim = "";
    private String rightDelim = "";

    private Builder() {
    }

    /** Action delimiters instead of {@code {{} and {@code }}}; empty means the default. */
    public Builder delims(final String left, final String right) {
      this.leftDelim = left == null ? "" : left;
      this.rightDelim = right == null ? "" : right;
      return this;
    }

    /** What a missing map key evaluates to. */
    public Builder missingKey(final MissingKey value) {
      this.missingKey = value;
      return this;
    }

    /**
     * Options spelled as Go's {@code Template.Option}: {@code missingkey=default},
     * {@code missingkey=invalid}, {@code missingkey=zero}, {@code missingkey=error}.
     *
     * @throws IllegalArgumentException for an option Go does not know
     */
    public Builder option(final String... options) {
      for (final String opt : options) {
        switch (opt) {
          case "missingkey=default", "missingkey=invalid" -> missingKey = MissingKey.DEFAULT;
          case "missingkey=zero" -> missingKey = MissingKey.ZERO;
          case "missingkey=error" -> missingKey = MissingKey.ERROR;
          default -> throw new IllegalArgumentException(opt.isEmpty() ? "empty option string"
              : "unrecognized option: " + opt);
        }
      }
      return this;
    }

    /**
     * Adds functions; a name already present (a built-in included) is replaced.
     *
     * @param functions may be {@code null}
     * @throws IllegalArgumentException for a name that is not an identifier or a null function
     */
    public Builder functions(final Map<String, TemplateFunction> functions) {
      if (functions != null) {
        functions.forEach(this::function);
      }
      return this;
    }

    /** Uses a prepared set (Go's built-ins included) instead of the functions given so far. */
    public Builder functions(final FunctionSet functions) {
      set = functions;
      funcs.clear();
      return this;
    }

    /**
     * Adds one function, replacing one of the same name.
     *
     * @throws IllegalArgumentException for a name that is not an identifier or a null function
     */
    public Builder function(final String name, final TemplateFunction function) {
      funcs.put(name, prepare(name, function));
      return this;
    }

    private static Func prepare(final String name, final TemplateFunction function) {
      if (!goodName(name)) {
        throw new IllegalArgumentException("function name " + GoStrings.quote(String.valueOf(name), '"', false)
            + " is not a valid identifier");
      }
      if (function == null) {
        throw new IllegalArgumentException("value for " + name + " not a function");
      }
      return Func.external(name, function);
    }

    /**
     * Parses {@code text} as the template {@code name}.
     *
     * @throws TemplateException with Go's message when the text is not a valid template
     */
    public GoTemplate parse(final String name, final String text) throws TemplateException {
      final Common common = new Common(funcs.isEmpty() ? set : new FunctionSet(Map.copyOf(funcs), set), missingKey,
          leftDelim, rightDelim);
      final Map<String, Tree> set = new LinkedHashMap<>();
      parseInto(name, text, set, common);
      return new GoTemplate(name, Collections.unmodifiableMap(set), common);
    }

    private static boolean goodName(final String name) {
      if (name == null || name.isEmpty()) {
        return false;
      }
      for (int i = 0; i < name.length(); ) {
        final int r = name.codePointAt(i);
        if (r != '_' && !(i == 0 ? Character.isLetter(r) : Character.isLetterOrDigit(r))) {
          return false;
        }
        i += Character.charCount(r);
      }
      return true;
    }
  }
}
