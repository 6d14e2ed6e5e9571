package io.commander.renderer.gotemplate;

import io.commander.renderer.gotemplate.Func.Param;
import io.commander.renderer.gotemplate.Node.ActionNode;
import io.commander.renderer.gotemplate.Node.BoolNode;
import io.commander.renderer.gotemplate.Node.BranchNode;
import io.commander.renderer.gotemplate.Node.ChainNode;
import io.commander.renderer.gotemplate.Node.CommandNode;
import io.commander.renderer.gotemplate.Node.FieldNode;
import io.commander.renderer.gotemplate.Node.IdentifierNode;
import io.commander.renderer.gotemplate.Node.ListNode;
import io.commander.renderer.gotemplate.Node.NumberNode;
import io.commander.renderer.gotemplate.Node.PipeNode;
import io.commander.renderer.gotemplate.Node.StringNode;
import io.commander.renderer.gotemplate.Node.TemplateNode;
import io.commander.renderer.gotemplate.Node.TextNode;
import io.commander.renderer.gotemplate.Node.Tree;
import io.commander.renderer.gotemplate.Node.VariableNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One execution of a template, as Go's {@code text/template} executes it ({@code exec.go}):
 * walks the tree, evaluates pipelines, keeps the variable stack, and words failures as Go does,
 * at the node being evaluated. Also the {@link TemplateContext} functions see.
 *
 * <p>Values: {@link GoValues#NO_VALUE} is Go's invalid value (a missing key), {@code null} a nil
 * interface (a JSON null). Go's values read out of a {@code []interface{}} or
 * {@code map[string]interface{}} are interface values; that matters only to a few error texts,
 * so it is tracked beside the value (for dot, variables and the last field read) rather than in
 * it.
 */
final class Executor implements TemplateContext {

  /** Result of {@link #assign} for a value that does not fit the parameter type. */
  static final Object NOT_ASSIGNABLE = new Object();

  /** Go's {@code missingVal}: no value was piped into the command. */
  private static final Object NO_FINAL = new Object();

  private static final int MAX_EXEC_DEPTH = 100_000;
  private static final int NORMAL = 0;
  private static final int BREAK = 1;
  private static final int CONTINUE = 2;

  private final GoTemplate set;
  private final StringBuilder out;
  private final Map<String, Integer> includes;
  private final boolean reportOverflow;
  private final RenderBudget budget;
  /** Output may grow to this length before the render's output limit is passed. */
  private long outputLimit;
  private String tmplName;
  private Node node;
  private Node lastTemplateNode;
  private String lastTemplateCaller;
  private int depth;

  // The variable stack; lookups see only entries from varBase up (template calls start afresh).
  private String[] varNames = new String[16];
  private Object[] varValues = new Object[16];
  private boolean[] varIface = new boolean[16];
  private int varCount;
  private int varBase;

  /** Whether dot is an interface value (an element of a list or map being ranged over). */
  private boolean dotIface;
  /** Whether the value last produced by a field, variable or dot is an interface value. */
  private boolean lastIface;
  /** For slice: which arguments are interface values. */
  private boolean[] argIface;
  /** Whether a printed string carried raw (non-UTF-8) bytes. */
  private boolean printedRawBytes;

  private Executor(final GoTemplate set, final StringBuilder out, final Map<String, Integer> includes,
      final boolean reportOverflow, final RenderBudget budget) {
    this.set = set;
    this.out = out;
    this.includes = includes;
    this.reportOverflow = reportOverflow;
    this.budget = budget;
  }

  /**
   * Executes {@code tree} (the template {@code name} of {@code set}) with {@code data} as dot,
   * appending the output to {@code out}.
   *
   * @param reportOverflow whether running out of stack is reported as Go's depth error; when
   *     false the {@link StackOverflowError} propagates, for the caller to retry on a larger stack
   * @param budget what the render has left; made current on this thread while it runs
   * @throws TemplateError with Go's message when execution fails (caused by a
   *     {@link RenderLimitExceeded} when a limit ended it)
   */
  static void execute(final GoTemplate set, final String name, final Tree tree, final Object data,
      final StringBuilder out, final Map<String, Integer> includes, final boolean reportOverflow,
      final RenderBudget budget) {
    final Executor ex = new Executor(set, out, includes == null ? new HashMap<>() : includes, reportOverflow,
        budget);
    final RenderBudget saved = budget.enter();
    try {
      ex.run(name, tree, data);
    } finally {
      RenderBudget.restore(saved);
    }
  }

  private void run(final String name, final Tree tree, final Object data) {
    tmplName = name;
    final Object dot = data == null ? GoValues.NO_VALUE : data;
    push("$", dot, false);
    if (tree == null || tree.root == null) {
      throw errorf(GoStrings.quote(name, '"', false) + " is an incomplete or empty template");
    }
    final int start = out.length();
    outputLimit = start + budget.outputLeft();
    try {
      walk(dot, tree.root);
    } catch (final RenderLimitExceeded e) {
      throw new TemplateError(errorf(e.getMessage()).getMessage(), e);
    } catch (final StackOverflowError e) {
      if (!reportOverflow) {
        throw e;
      }
      // Even the large stack ended before Go's depth limit: report where the recursion was.
      if (lastTemplateNode != null) {
        node = lastTemplateNode;
        tmplName = lastTemplateCaller;
      }
      throw errorf("exceeded maximum template depth (" + MAX_EXEC_DEPTH + ")");
    } finally {
      if (printedRawBytes) {
        // Go writes bytes: raw bytes printed side by side may form UTF-8 characters.
        final String written = out.substring(start);
        out.setLength(start);
        out.append(GoStrings.normalize(written));
      }
    }
  }

  // ---------------------------------------------------------------- TemplateContext

  @Override
  public String templateName() {
    return tmplName;
  }

  @Override
  public GoTemplate template() {
    return set;
  }

  @Override
  public String executeTemplate(final String name, final Object data) throws TemplateException {
    return set.executeNested(name, data, includes);
  }

  @Override
  public String render(final String name, final String text, final Object data) throws TemplateException {
    return set.renderNested(name, text, data, includes);
  }

  /** Helm's include: executeTemplate with a bound on nesting of the same name. */
  String include(final String name, final Object data) throws Exception {
    final int count = includes.getOrDefault(name, 0);
    if (count > 1000) {
      throw new Exception("rendering template has a nested reference name: " + name
          + ": unable to execute template");
    }
    includes.put(name, count + 1);
    try {
      return executeTemplate(name, data);
    } finally {
      includes.put(name, includes.get(name) - 1);
    }
  }

  // ---------------------------------------------------------------- variables

  private void push(final String name, final Object value, final boolean iface) {
    if (varCount == varNames.length) {
      final int n = varCount * 2;
      varNames = java.util.Arrays.copyOf(varNames, n);
      varValues = java.util.Arrays.copyOf(varValues, n);
      varIface = java.util.Arrays.copyOf(varIface, n);
    }
    varNames[varCount] = name;
    varValues[varCount] = value;
    varIface[varCount] = iface;
    varCount++;
  }

  private int mark() {
    return varCount;
  }

  private void pop(final int mark) {
    for (int i = mark; i < varCount; i++) {
      varValues[i] = null;
    }
    varCount = mark;
  }

  private int findVar(final String name) {
    for (int i = varCount - 1; i >= varBase; i--) {
      final String n = varNames[i];
      if (n == name || n.equals(name)) {
        return i;
      }
    }
    throw errorf("undefined variable: " + name);
  }

  private void setVar(final String name, final Object value) {
    final int i = findVar(name);
    varValues[i] = value;
    varIface[i] = false;
  }

  private void setTopVar(final int n, final Object value, final boolean iface) {
    varValues[varCount - n] = value;
    varIface[varCount - n] = iface;
  }

  // ---------------------------------------------------------------- errors

  private TemplateError errorf(final String message) {
    if (node == null) {
      return new TemplateError("template: " + tmplName + ": " + message);
    }
    return new TemplateError("template: " + node.tree.location(node) + ": executing "
        + GoStrings.quote(tmplName, '"', false) + " at <" + node + ">: " + message);
  }

  // ---------------------------------------------------------------- walk

  private int walk(final Object dot, final Node n) {
    node = n;
    budget.step();
    switch (n.type) {
      case TEXT:
        out.append(((TextNode) n).text);
        checkOutput();
        return NORMAL;
      case ACTION: {
        final ActionNode a = (ActionNode) n;
        // Variables declared here persist until the next end; a declaration prints nothing.
        final Object val = evalPipeline(dot, a.pipe);
        if (a.pipe.declArray.length == 0) {
          printValue(a, val);
        }
        return NORMAL;
      }
      case LIST:
        for (final Node child : ((ListNode) n).array) {
          final int c = walk(dot, child);
          if (c != NORMAL) {
            return c;
          }
        }
        return NORMAL;
      case IF:
      case WITH:
        return walkIfOrWith(dot, (BranchNode) n);
      case RANGE:
        walkRange(dot, (BranchNode) n);
        return NORMAL;
      case TEMPLATE:
        walkTemplate(dot, (TemplateNode) n);
        return NORMAL;
      case BREAK:
        return BREAK;
      case CONTINUE:
        return CONTINUE;
      case COMMENT:
        return NORMAL;
      default:
        throw errorf("unknown node: " + n);
    }
  }

  private int walkIfOrWith(final Object dot, final BranchNode b) {
    final int mark = mark();
    try {
      final Object val = evalPipeline(dot, b.pipe);
      if (GoValues.truth(val)) {
        if (b.type == Node.Type.WITH) {
          final boolean saved = dotIface;
          dotIface = false;
          try {
            return walk(val, b.list);
          } finally {
            dotIface = saved;
          }
        }
        return walk(dot, b.list);
      } else if (b.elseList != null) {
        return walk(dot, b.elseList);
      }
      return NORMAL;
    } finally {
      pop(mark);
    }
  }

  private void walkRange(final Object dot, final BranchNode r) {
    node = r;
    final int outer = mark();
    try {
      final Object val = evalPipeline(dot, r.pipe);
      // Mark the top of the stack before any variables in the body are pushed.
      final int mark = mark();
      if (val instanceof List<?> list) {
        if (!list.isEmpty()) {
          final int n = list.size();
          for (int i = 0; i < n; i++) {
            if (oneIteration(r, mark, (long) i, list.get(i)) == BREAK) {
              break;
            }
          }
          return;
        }
      } else if (val instanceof Map<?, ?> map) {
        if (!map.isEmpty()) {
          for (final Object key : GoValues.sortedKeys(map)) {
            if (oneIteration(r, mark, key, map.get(key)) == BREAK) {
              break;
            }
          }
          return;
        }
      } else if (val != GoValues.NO_VALUE) {
        throw errorf("range can't iterate over " + GoValues.print(val));
      }
      if (r.elseList != null) {
        walk(dot, r.elseList);
      }
    } finally {
      pop(outer);
    }
  }

  private int oneIteration(final BranchNode r, final int mark, final Object index, final Object elem) {
    // Set top var (lexically the second if there are two) to the element, the next to the index.
    final int decls = r.pipe.declArray.length;
    if (decls > 0) {
      setTopVar(1, elem, true);
    }
    if (decls > 1) {
      setTopVar(2, index, false);
    }
    final boolean saved = dotIface;
    dotIface = true;
    try {
      return walk(elem, r.list);
    } finally {
      dotIface = saved;
      pop(mark);
    }
  }

  private void walkTemplate(final Object dot, final TemplateNode t) {
    node = t;
    lastTemplateNode = t;
    lastTemplateCaller = tmplName;
    final Tree tree = set.tree(t.name);
    if (tree == null) {
      throw errorf("template " + GoStrings.quote(t.name, '"', false) + " not defined");
    }
    if (depth == MAX_EXEC_DEPTH) {
      throw errorf("exceeded maximum template depth (" + MAX_EXEC_DEPTH + ")");
    }
    // Variables declared by the pipeline persist.
    final Object newDot = evalPipeline(dot, t.pipe);
    final String savedName = tmplName;
    final int savedBase = varBase;
    final int savedCount = varCount;
    final Node savedNode = node;
    final boolean savedDotIface = dotIface;
    depth++;
    tmplName = tree.name;
    // No dynamic scoping: template invocations inherit no variables.
    varBase = varCount;
    push("$", newDot, false);
    dotIface = false;
    try {
      walk(newDot, tree.root);
    } finally {
      depth--;
      tmplName = savedName;
      pop(savedCount);
      varBase = savedBase;
      node = savedNode;
      dotIface = savedDotIface;
    }
  }

  // ---------------------------------------------------------------- evaluation

  private Object evalPipeline(final Object dot, final PipeNode pipe) {
    if (pipe == null) {
      return GoValues.NO_VALUE;
    }
    node = pipe;
    Object value = NO_FINAL;
    for (final CommandNode cmd : pipe.cmdArray) {
      value = evalCommand(dot, cmd, value); // previous value is this one's final arg.
      // A nil interface value is no value.
      if (value == null) {
        value = GoValues.NO_VALUE;
      }
    }
    for (final VariableNode variable : pipe.declArray) {
      if (pipe.isAssign) {
        setVar(variable.ident[0], value);
      } else {
        push(variable.ident[0], value, false);
      }
    }
    return value;
  }

  private void notAFunction(final Node[] args, final Object fin) {
    if (args.length > 1 || fin != NO_FINAL) {
      throw errorf("can't give argument to non-function " + args[0]);
    }
  }

  private Object evalCommand(final Object dot, final CommandNode cmd, final Object fin) {
    final Node[] args = cmd.argArray;
    final Node firstWord = args[0];
    switch (firstWord.type) {
      case FIELD:
        return evalFieldNode(dot, (FieldNode) firstWord, args, fin);
      case CHAIN:
        return evalChainNode(dot, (ChainNode) firstWord, args, fin);
      case IDENTIFIER:
        // Must be a function.
        return evalFunction(dot, (IdentifierNode) firstWord, cmd, args, fin);
      case PIPE:
        // Parenthesized pipeline. The arguments are all inside the pipeline; final must be absent.
        notAFunction(args, fin);
        return evalPipeline(dot, (PipeNode) firstWord);
      case VARIABLE:
        return evalVariableNode(dot, (VariableNode) firstWord, args, fin);
      default:
        break;
    }
    node = firstWord;
    notAFunction(args, fin);
    switch (firstWord.type) {
      case BOOL:
        return ((BoolNode) firstWord).value;
      case DOT:
        return dot;
      case NIL:
        throw errorf("nil is not a command");
      case NUMBER:
        return idealConstant((NumberNode) firstWord);
      case STRING:
        return ((StringNode) firstWord).text;
      default:
        throw errorf("can't evaluate command " + GoStrings.quote(firstWord.toString(), '"', false));
    }
  }

  private Object idealConstant(final NumberNode constant) {
    node = constant;
    if (constant.ideal == null) {
      throw errorf(constant.text + " overflows int");
    }
    return constant.ideal;
  }

  private Object evalFieldNode(final Object dot, final FieldNode field, final Node[] args, final Object fin) {
    node = field;
    return evalFieldChain(dot, dot, dotIface, field, field.ident, 0, args, fin);
  }

  private Object evalChainNode(final Object dot, final ChainNode chain, final Node[] args, final Object fin) {
    node = chain;
    if (chain.fieldArray.length == 0) {
      throw errorf("internal error: no fields in evalChainNode");
    }
    if (chain.node.type == Node.Type.NIL) {
      throw errorf("indirection through explicit nil in " + chain);
    }
    // (pipe).Field1.Field2 has pipe as .Node, fields as .Field. Eval the pipeline, then the fields.
    final Object pipe = evalArg(dot, null, chain.node);
    return evalFieldChain(dot, pipe, false, chain, chain.fieldArray, 0, args, fin);
  }

  private Object evalVariableNode(final Object dot, final VariableNode variable, final Node[] args,
      final Object fin) {
    // $x.Field has $x as the first ident, Field as the second. Eval the var, then the fields.
    node = variable;
    final int i = findVar(variable.ident[0]);
    final Object value = varValues[i];
    if (variable.ident.length == 1) {
      if (args != null) {
        notAFunction(args, fin);
      }
      lastIface = varIface[i];
      return value;
    }
    return evalFieldChain(dot, value, varIface[i], variable, variable.ident, 1, args, fin);
  }

  /** Evaluates .X.Y.Z (ident[from..]) on receiver, the last possibly with arguments. */
  private Object evalFieldChain(final Object dot, final Object receiver, final boolean receiverIface,
      final Node n, final String[] ident, final int from, final Node[] args, final Object fin) {
    Object r = receiver;
    boolean iface = receiverIface;
    final int last = ident.length - 1;
    for (int i = from; i < last; i++) {
      r = evalField(dot, ident[i], n, null, NO_FINAL, r, iface);
      iface = lastIface;
    }
    return evalField(dot, ident[last], n, args, fin, r, iface);
  }

  private Object evalField(final Object dot, final String fieldName, final Node n, final Node[] args,
      final Object fin, final Object receiver, final boolean receiverIface) {
    if (receiver == GoValues.NO_VALUE) {
      if (set.missingKey() == GoTemplate.MissingKey.ERROR) { // Treat invalid value as missing map key.
        throw errorf("nil data; no entry for key " + GoStrings.quote(fieldName, '"', false));
      }
      lastIface = false;
      return GoValues.NO_VALUE;
    }
    if (receiver == null) {
      throw errorf("nil pointer evaluating interface {}." + fieldName);
    }
    final boolean hasArgs = (args != null && args.length > 1) || fin != NO_FINAL;
    if (receiver instanceof Map<?, ?> map) {
      if (hasArgs) {
        throw errorf(fieldName + " is not a method but has arguments");
      }
      final Object result = map.get(fieldName);
      if (result == null && !map.containsKey(fieldName)) {
        switch (set.missingKey()) {
          case ZERO:
            lastIface = true;
            return null;
          case ERROR:
            throw errorf("map has no entry for key " + GoStrings.quote(fieldName, '"', false));
          default:
            lastIface = false;
            return GoValues.NO_VALUE;
        }
      }
      lastIface = true;
      return result;
    }
    if (receiver instanceof GoObject object) {
      final TemplateFunction method = object.method(fieldName);
      if (method != null) {
        lastIface = false;
        return evalCall(dot, Func.external(fieldName, method), n, fieldName, args, fin);
      }
      if (object.hasField(fieldName)) {
        if (hasArgs) {
          throw errorf(fieldName + " has arguments but cannot be invoked as function");
        }
        lastIface = false;
        return object.field(fieldName);
      }
    }
    final String typ = receiverIface ? "interface {}" : GoValues.typeName(receiver);
    throw errorf("can't evaluate field " + fieldName + " in type " + typ);
  }

  private Object evalFunction(final Object dot, final IdentifierNode n, final Node cmd, final Node[] args,
      final Object fin) {
    node = n;
    final Func function = set.function(n.ident);
    if (function == null) {
      throw errorf(GoStrings.quote(n.ident, '"', false) + " is not a defined function");
    }
    return evalCall(dot, function, cmd, n.ident, args, fin);
  }

  /** Calls a function; args, if not null, holds the function's own node first, as in Go. */
  private Object evalCall(final Object dot, final Func fn, final Node n, final String name, final Node[] args,
      final Object fin) {
    final int nargs = args == null ? 0 : args.length - 1;
    final boolean hasFinal = fin != NO_FINAL;
    final int numIn = nargs + (hasFinal ? 1 : 0);
    final Param[] params = fn.params;
    int numFixed = nargs;
    if (fn.variadic) {
      numFixed = params.length - 1; // last arg is the variadic one.
      if (numIn < numFixed) {
        throw errorf("wrong number of args for " + name + ": want at least " + (params.length - 1) + " got "
            + nargs);
      }
    } else if (numIn != params.length) {
      throw errorf("wrong number of args for " + name + ": want " + params.length + " got " + numIn);
    }

    // Special case for builtin and/or, which short-circuit.
    if (fn.builtin && (name.equals("and") || name.equals("or"))) {
      final boolean isOr = name.equals("or");
      Object v = GoValues.NO_VALUE;
      for (int i = 1; i <= nargs; i++) {
        v = evalArg(dot, Param.VALUE, args[i]);
        if (GoValues.truth(v) == isOr) {
          return v;
        }
      }
      if (hasFinal) {
        // The last argument comes from the pipeline and was not short-circuited: return it.
        v = fin;
      }
      return v;
    }

    final boolean trackIface = fn.builtin && name.equals("slice");
    final boolean[] ifaces = trackIface ? new boolean[numIn] : null;
    final Object[] argv = new Object[numIn];
    int i = 0;
    for (; i < numFixed && i < nargs; i++) {
      lastIface = false;
      argv[i] = evalArg(dot, params[i], args[i + 1]);
      if (trackIface) {
        ifaces[i] = lastIface;
      }
    }
    if (fn.variadic) {
      final Param argType = params[params.length - 1];
      for (; i < nargs; i++) {
        lastIface = false;
        argv[i] = evalArg(dot, argType, args[i + 1]);
        if (trackIface) {
          ifaces[i] = lastIface;
        }
      }
    }
    if (hasFinal) {
      Param t = params[params.length - 1];
      if (fn.variadic && numIn - 1 < numFixed) {
        // The added final argument corresponds to a fixed parameter of the function.
        t = params[numIn - 1];
      }
      argv[i] = validateType(fin, t);
    }
    final Object v;
    try {
      argIface = ifaces;
      budget.step();
      v = fn.call(this, argv);
      budget.checkResult(v);
    } catch (final TemplateError e) {
      throw e;
    } catch (final Exception e) {
      // A function's failure is Go's non-nil error result (or a recovered panic).
      node = n;
      throw new TemplateError(errorf("error calling " + name + ": " + messageOf(e)).getMessage(), e);
    } finally {
      argIface = null;
    }
    return v;
  }

  private static String messageOf(final Throwable e) {
    final String m = e.getMessage();
    return m != null ? m : e.getClass().getName();
  }

  /** Whether argument {@code i} of the builtin being called is an interface value. */
  boolean isInterfaceArg(final int i) {
    return argIface != null && i < argIface.length && argIface[i];
  }

  /** Converts {@code value} to the parameter type, or returns {@link #NOT_ASSIGNABLE}. */
  static Object assign(final Object value, final Param typ) {
    switch (typ) {
      case VALUE:
      case ANY:
        return value;
      case STRING:
        return value instanceof String ? value : NOT_ASSIGNABLE;
      case BOOL:
        return value instanceof Boolean ? value : NOT_ASSIGNABLE;
      case INT:
        if (value instanceof Long) {
          return value;
        }
        return GoValues.isInt(value) && !(value instanceof GoInt64) ? (Object) ((Number) value).longValue()
            : NOT_ASSIGNABLE;
      case INT64:
        return value instanceof GoInt64 i ? (Object) i.longValue() : NOT_ASSIGNABLE;
      case FLOAT64:
        if (value instanceof Double) {
          return value;
        }
        return value instanceof Float f ? (Object) f.doubleValue() : NOT_ASSIGNABLE;
      case LIST:
        return value instanceof List && !(value instanceof GoObject) ? value : NOT_ASSIGNABLE;
      case MAP:
        return value instanceof Map && !(value instanceof GoObject) ? value : NOT_ASSIGNABLE;
      default:
        return NOT_ASSIGNABLE;
    }
  }

  /** Go's validateType: the value must be valid and assignable to the parameter type. */
  private Object validateType(final Object value, final Param typ) {
    if (value == GoValues.NO_VALUE) {
      if (typ == null) {
        return value;
      }
      if (typ.canBeNil()) {
        return typ == Param.VALUE ? GoValues.NO_VALUE : null;
      }
      throw errorf("invalid value; expected " + typ.goName);
    }
    if (typ == null || typ == Param.VALUE || typ == Param.ANY) {
      return value;
    }
    final Object converted = assign(value, typ);
    if (converted != NOT_ASSIGNABLE) {
      return converted;
    }
    throw errorf("wrong type for value; expected " + typ.goName + "; got "
        + (value == null ? "interface {}" : GoValues.typeName(value)));
  }

  private Object evalArg(final Object dot, final Param typ, final Node n) {
    node = n;
    switch (n.type) {
      case DOT:
        lastIface = dotIface;
        return validateType(dot, typ);
      case NIL:
        if (typ != null && typ.canBeNil()) {
          return typ == Param.VALUE ? GoValues.NO_VALUE : null;
        }
        throw errorf("cannot assign nil to " + (typ == null ? "<nil>" : typ.goName));
      case FIELD:
        return validateType(evalFieldNode(dot, (FieldNode) n, null, NO_FINAL), typ);
      case VARIABLE:
        return validateType(evalVariableNode(dot, (VariableNode) n, null, NO_FINAL), typ);
      case PIPE: {
        // A pipeline's value is concrete, whatever its last command read.
        final Object v = evalPipeline(dot, (PipeNode) n);
        lastIface = false;
        return validateType(v, typ);
      }
      case IDENTIFIER: {
        final Object v = evalFunction(dot, (IdentifierNode) n, n, null, NO_FINAL);
        lastIface = false;
        return validateType(v, typ);
      }
      case CHAIN:
        return validateType(evalChainNode(dot, (ChainNode) n, null, NO_FINAL), typ);
      default:
        break;
    }
    if (typ == null) {
      throw errorf("can't handle " + n + " for arg of type <nil>");
    }
    switch (typ) {
      case BOOL:
        if (n instanceof BoolNode b) {
          return b.value;
        }
        throw errorf("expected bool; found " + n);
      case FLOAT64:
        if (n instanceof NumberNode num && num.isFloat) {
          return num.float64;
        }
        throw errorf("expected float; found " + n);
      case INT:
      case INT64:
        if (n instanceof NumberNode num && num.isInt) {
          return num.int64;
        }
        throw errorf("expected integer; found " + n);
      case STRING:
        if (n instanceof StringNode s) {
          return s.text;
        }
        throw errorf("expected string; found " + n);
      case ANY:
      case VALUE:
        return evalEmptyInterface(n);
      default:
        throw errorf("can't handle " + n + " for arg of type " + typ.goName);
    }
  }

  private Object evalEmptyInterface(final Node n) {
    node = n;
    switch (n.type) {
      case BOOL:
        return ((BoolNode) n).value;
      case NUMBER:
        return idealConstant((NumberNode) n);
      case STRING:
        return ((StringNode) n).text;
      default:
        throw errorf("can't handle assignment of " + n + " to empty interface argument");
    }
  }

  private void printValue(final Node n, final Object v) {
    node = n;
    if (v == GoValues.NO_VALUE) {
      out.append("<no value>");
    } else if (v instanceof String s) {
      if (!printedRawBytes && GoStrings.hasRawBytes(s)) {
        printedRawBytes = true;
      }
      out.append(s);
    } else {
      GoFormat.printValue(out, v);
    }
    checkOutput();
  }

  private void checkOutput() {
    if (out.length() > outputLimit) {
      budget.outputExceeded();
    }
  }
}
