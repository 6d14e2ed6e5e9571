package io.commander.renderer.gotemplate;

import io.commander.renderer.gotemplate.Lexer.Item;
import io.commander.renderer.gotemplate.Node.ActionNode;
import io.commander.renderer.gotemplate.Node.BoolNode;
import io.commander.renderer.gotemplate.Node.BranchNode;
import io.commander.renderer.gotemplate.Node.BreakNode;
import io.commander.renderer.gotemplate.Node.ChainNode;
import io.commander.renderer.gotemplate.Node.CommandNode;
import io.commander.renderer.gotemplate.Node.ContinueNode;
import io.commander.renderer.gotemplate.Node.DotNode;
import io.commander.renderer.gotemplate.Node.ElseNode;
import io.commander.renderer.gotemplate.Node.EndNode;
import io.commander.renderer.gotemplate.Node.FieldNode;
import io.commander.renderer.gotemplate.Node.IdentifierNode;
import io.commander.renderer.gotemplate.Node.ListNode;
import io.commander.renderer.gotemplate.Node.NilNode;
import io.commander.renderer.gotemplate.Node.NumberNode;
import io.commander.renderer.gotemplate.Node.PipeNode;
import io.commander.renderer.gotemplate.Node.StringNode;
import io.commander.renderer.gotemplate.Node.TemplateNode;
import io.commander.renderer.gotemplate.Node.TextNode;
import io.commander.renderer.gotemplate.Node.Tree;
import io.commander.renderer.gotemplate.Node.VariableNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Go's {@code text/template/parse} parser: builds the trees of a template text (the top-level one
 * and every {@code define} and {@code block}) with Go's grammar, variable scoping and error
 * messages ({@code template: NAME:LINE: ...}).
 */
final class Parser {

  private final Lexer lex;
  private final Predicate<String> hasFunction;
  private final Map<String, Tree> treeSet;
  private final String text;
  private final String parseName;

  // Per-tree state, as Go keeps it in each Tree while parsing.
  private Tree tree;
  private final Item[] token = new Item[3];
  private int peekCount;
  private List<String> vars = new ArrayList<>();
  private int actionLine;
  private int rangeDepth;

  private Parser(final Lexer lex, final Predicate<String> hasFunction, final Map<String, Tree> treeSet,
      final String text, final String parseName) {
    this.lex = lex;
    this.hasFunction = hasFunction;
    this.treeSet = treeSet;
    this.text = text;
    this.parseName = parseName;
  }

  /**
   * Parses {@code text} as the template {@code name}, adding it and the templates it defines to
   * {@code treeSet}.
   *
   * @throws TemplateError with Go's message when the text is not a valid template
   */
  static void parse(final String name, final String text, final String leftDelim, final String rightDelim,
      final Predicate<String> hasFunction, final Map<String, Tree> treeSet) {
    final Lexer lexer = new Lexer(text, leftDelim, rightDelim, !hasFunction.test("break"),
        !hasFunction.test("continue"));
    final Parser p = new Parser(lexer, hasFunction, treeSet, text, name);
    p.tree = new Tree(name, name, text);
    p.vars.add("$");
    p.parseTop();
    p.add();
  }

  // ---------------------------------------------------------------- token stream

  private Item next() {
    if (peekCount > 0) {
      peekCount--;
    } else {
      token[0] = lex.nextItem();
    }
    return token[peekCount];
  }

  private void backup() {
    peekCount++;
  }

  private void backup2(final Item t1) {
    token[1] = t1;
    peekCount = 2;
  }

  private void backup3(final Item t2, final Item t1) {
    token[1] = t1;
    token[2] = t2;
    peekCount = 3;
  }

  private Item peek() {
    if (peekCount > 0) {
      return token[peekCount - 1];
    }
    peekCount = 1;
    token[0] = lex.nextItem();
    return token[0];
  }

  private Item nextNonSpace() {
    Item t;
    do {
      t = next();
    } while (t.type() == Lexer.Type.SPACE);
    return t;
  }

  private Item peekNonSpace() {
    final Item t = nextNonSpace();
    backup();
    return t;
  }

  // ---------------------------------------------------------------- errors

  private TemplateError errorf(final String message) {
    tree.root = null;
    throw new TemplateError("template: " + parseName + ":" + token[0].line() + ": " + message);
  }

  private Item expect(final Lexer.Type expected, final String context) {
    final Item t = nextNonSpace();
    if (t.type() != expected) {
      unexpected(t, context);
    }
    return t;
  }

  private Item expectOneOf(final Lexer.Type expected1, final Lexer.Type expected2, final String context) {
    final Item t = nextNonSpace();
    if (t.type() != expected1 && t.type() != expected2) {
      unexpected(t, context);
    }
    return t;
  }

  private void unexpected(final Item t, final String context) {
    if (t.type() == Lexer.Type.ERROR) {
      String extra = "";
      if (actionLine != 0 && actionLine != t.line()) {
        extra = " in action started at " + parseName + ":" + actionLine;
        if (t.val().endsWith(" action")) {
          extra = extra.substring(" in action".length()); // avoid "action in action"
        }
      }
      throw errorf(t + extra);
    }
    throw errorf("unexpected " + t + " in " + context);
  }

  // ---------------------------------------------------------------- trees

  /** A parser state for a nested definition sharing this lexer and token stream. */
  private Parser sub(final String name) {
    final Parser p = new Parser(lex, hasFunction, treeSet, text, parseName);
    p.tree = new Tree(name, parseName, text);
    p.vars = new ArrayList<>(List.of("$"));
    // The nested tree reads on from the shared lexer; nothing is pending here when it starts.
    p.token[0] = token[0];
    return p;
  }

  private void add() {
    final Tree existing = treeSet.get(tree.name);
    if (existing == null || isEmptyTree(existing.root)) {
      treeSet.put(tree.name, tree);
      return;
    }
    if (!isEmptyTree(tree.root)) {
      throw errorf("template: multiple definition of template " + GoStrings.quote(tree.name, '"', false));
    }
  }

  /** Whether the node holds nothing but space and comments. */
  static boolean isEmptyTree(final Node n) {
    if (n == null) {
      return true;
    }
    return switch (n.type) {
      case COMMENT -> true;
      case LIST -> {
        for (final Node child : ((ListNode) n).nodes) {
          if (!isEmptyTree(child)) {
            yield false;
          }
        }
        yield true;
      }
      case TEXT -> isAllSpace(((TextNode) n).text);
      default -> false;
    };
  }

  /** Whether {@code s} is all white space as Go's {@code unicode.IsSpace} defines it. */
  private static boolean isAllSpace(final String s) {
    for (int i = 0; i < s.length(); i++) {
      final char c = s.charAt(i);
      final boolean space = switch (c) {
        case '\t', '\n', 0x0B, '\f', '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F,
            0x3000 -> true;
        default -> c >= 0x2000 && c <= 0x200A;
      };
      if (!space) {
        return false;
      }
    }
    return true;
  }

  private void parseTop() {
    tree.root = new ListNode(peek().pos(), tree);
    while (peek().type() != Lexer.Type.EOF) {
      if (peek().type() == Lexer.Type.LEFT_DELIM) {
        final Item delim = next();
        if (nextNonSpace().type() == Lexer.Type.DEFINE) {
          final Parser def = sub("definition");
          def.parseDefinition();
          continue;
        }
        backup2(delim);
      }
      final Node n = textOrAction();
      if (n.type == Node.Type.END || n.type == Node.Type.ELSE) {
        throw errorf("unexpected " + n);
      }
      tree.root.append(n);
    }
    tree.root.seal();
  }

  private void parseDefinition() {
    final String context = "define clause";
    final Item name = expectOneOf(Lexer.Type.STRING, Lexer.Type.RAW_STRING, context);
    tree.name = unquote(name.val());
    expect(Lexer.Type.RIGHT_DELIM, context);
    final Node[] end = new Node[1];
    tree.root = itemList(end);
    if (end[0].type != Node.Type.END) {
      throw errorf("unexpected " + end[0] + " in " + context);
    }
    add();
  }

  private String unquote(final String quoted) {
    try {
      return GoStrings.unquote(quoted);
    } catch (final GoStrings.SyntaxError e) {
      throw errorf(e.getMessage());
    }
  }

  /** textOrAction* up to {{end}} or {{else}}, which is returned in {@code next[0]}. */
  private ListNode itemList(final Node[] next) {
    final ListNode list = new ListNode(peekNonSpace().pos(), tree);
    while (peekNonSpace().type() != Lexer.Type.EOF) {
      final Node n = textOrAction();
      if (n.type == Node.Type.END || n.type == Node.Type.ELSE) {
        next[0] = n;
        return list.seal();
      }
      list.append(n);
    }
    throw errorf("unexpected EOF");
  }

  private Node textOrAction() {
    final Item t = nextNonSpace();
    switch (t.type()) {
      case TEXT:
        return new TextNode(t.pos(), t.val(), tree);
      case LEFT_DELIM:
        actionLine = t.line();
        try {
          return action();
        } finally {
          actionLine = 0;
        }
      default:
        unexpected(t, "input");
        return null;
    }
  }

  private Node action() {
    final Item t = nextNonSpace();
    switch (t.type()) {
      case BLOCK:
        return blockControl();
      case BREAK:
        return breakControl(t.pos());
      case CONTINUE:
        return continueControl(t.pos());
      case ELSE:
        return elseControl();
      case END:
        return endControl();
      case IF:
        return ifControl();
      case RANGE:
        return rangeControl();
      case TEMPLATE:
        return templateControl();
      case WITH:
        return withControl();
      default:
        break;
    }
    backup();
    final Item start = peek();
    // Do not pop variables; they persist until "end".
    return new ActionNode(start.pos(), start.line(), pipeline("command", Lexer.Type.RIGHT_DELIM), tree);
  }

  private Node breakControl(final int pos) {
    final Item t = nextNonSpace();
    if (t.type() != Lexer.Type.RIGHT_DELIM) {
      unexpected(t, "{{break}}");
    }
    if (rangeDepth == 0) {
      throw errorf("{{break}} outside {{range}}");
    }
    return new BreakNode(pos, tree);
  }

  private Node continueControl(final int pos) {
    final Item t = nextNonSpace();
    if (t.type() != Lexer.Type.RIGHT_DELIM) {
      unexpected(t, "{{continue}}");
    }
    if (rangeDepth == 0) {
      throw errorf("{{continue}} outside {{range}}");
    }
    return new ContinueNode(pos, tree);
  }

  private PipeNode pipeline(final String context, final Lexer.Type end) {
    final Item first = peekNonSpace();
    final PipeNode pipe = new PipeNode(first.pos(), first.line(), tree);
    decls:
    while (true) {
      final Item v = peekNonSpace();
      if (v.type() == Lexer.Type.VARIABLE) {
        next();
        // Since space is a token, we need 3-token look-ahead here in the worst case: in "$x foo"
        // we need to read "foo" (as opposed to ":=") to know that $x is an argument variable
        // rather than a declaration.
        final Item tokenAfterVariable = peek();
        final Item nxt = peekNonSpace();
        if (nxt.type() == Lexer.Type.ASSIGN || nxt.type() == Lexer.Type.DECLARE) {
          pipe.isAssign = nxt.type() == Lexer.Type.ASSIGN;
          nextNonSpace();
          pipe.decl.add(new VariableNode(v.pos(), v.val(), tree));
          vars.add(v.val());
        } else if (nxt.type() == Lexer.Type.CHAR && nxt.val().equals(",")) {
          nextNonSpace();
          pipe.decl.add(new VariableNode(v.pos(), v.val(), tree));
          vars.add(v.val());
          if (context.equals("range") && pipe.decl.size() < 2) {
            final Lexer.Type t = peekNonSpace().type();
            if (t == Lexer.Type.VARIABLE || t == Lexer.Type.RIGHT_DELIM || t == Lexer.Type.RIGHT_PAREN) {
              continue decls; // second initialized variable in a range pipeline
            }
            throw errorf("range can only initialize variables");
          }
          throw errorf("too many declarations in " + context);
        } else if (tokenAfterVariable.type() == Lexer.Type.SPACE) {
          backup3(v, tokenAfterVariable);
        } else {
          backup2(v);
        }
      }
      break;
    }
    while (true) {
      final Item t = nextNonSpace();
      if (t.type() == end) {
        checkPipeline(pipe, context);
        pipe.seal();
        return pipe;
      }
      switch (t.type()) {
        case BOOL, CHAR_CONSTANT, COMPLEX, DOT, FIELD, IDENTIFIER, NUMBER, NIL, RAW_STRING, STRING,
            VARIABLE, LEFT_PAREN -> {
          backup();
          pipe.append(command());
        }
        default -> unexpected(t, context);
      }
    }
  }

  private void checkPipeline(final PipeNode pipe, final String context) {
    if (pipe.cmds.isEmpty()) {
      throw errorf("missing value for " + context);
    }
    // Only the first command of a pipeline can start with a non executable operand.
    for (int i = 1; i < pipe.cmds.size(); i++) {
      switch (pipe.cmds.get(i).args.get(0).type) {
        case BOOL, DOT, NIL, NUMBER, STRING -> throw errorf("non executable command in pipeline stage " + (i + 1));
        default -> {
        }
      }
    }
  }

  private BranchNode parseControl(final Node.Type type, final boolean allowElseIf, final String context) {
    final int mark = vars.size();
    try {
      final PipeNode pipe = pipeline(context, Lexer.Type.RIGHT_DELIM);
      if (type == Node.Type.RANGE) {
        rangeDepth++;
      }
      final Node[] next = new Node[1];
      final ListNode list = itemList(next);
      if (type == Node.Type.RANGE) {
        rangeDepth--;
      }
      ListNode elseList = null;
      if (next[0].type == Node.Type.ELSE) {
        if (allowElseIf && peek().type() == Lexer.Type.IF) {
          // "{{if a}}_{{else if b}}_{{end}}" is "{{if a}}_{{else}}{{if b}}_{{end}}{{end}}": parse
          // the inner if up to its {{end}}, which also ends the outer one.
          next();
          elseList = new ListNode(next[0].pos, tree);
          elseList.append(ifControl());
          elseList.seal();
        } else {
          elseList = itemList(next);
          if (next[0].type != Node.Type.END) {
            throw errorf("expected end; found " + next[0]);
          }
        }
      }
      return new BranchNode(type, pipe.pos, pipe.line, pipe, list, elseList, tree);
    } finally {
      while (vars.size() > mark) {
        vars.remove(vars.size() - 1);
      }
    }
  }

  private Node ifControl() {
    return parseControl(Node.Type.IF, true, "if");
  }

  private Node rangeControl() {
    return parseControl(Node.Type.RANGE, false, "range");
  }

  private Node withControl() {
    return parseControl(Node.Type.WITH, false, "with");
  }

  private Node endControl() {
    return new EndNode(expect(Lexer.Type.RIGHT_DELIM, "end").pos(), tree);
  }

  private Node elseControl() {
    final Item p = peekNonSpace();
    if (p.type() == Lexer.Type.IF) {
      // We see "{{else if ... " but in effect rewrite it to {{else}}{{if ... ".
      return new ElseNode(p.pos(), p.line(), tree);
    }
    final Item t = expect(Lexer.Type.RIGHT_DELIM, "else");
    return new ElseNode(t.pos(), t.line(), tree);
  }

  private Node blockControl() {
    final String context = "block clause";
    final Item t = nextNonSpace();
    final String name = parseTemplateName(t, context);
    final PipeNode pipe = pipeline(context, Lexer.Type.RIGHT_DELIM);

    final Parser block = sub(name);
    final Node[] end = new Node[1];
    block.tree.root = block.itemList(end);
    if (end[0].type != Node.Type.END) {
      throw errorf("unexpected " + end[0] + " in " + context);
    }
    block.add();
    return new TemplateNode(t.pos(), t.line(), name, pipe, tree);
  }

  private Node templateControl() {
    final String context = "template clause";
    final Item t = nextNonSpace();
    final String name = parseTemplateName(t, context);
    PipeNode pipe = null;
    if (nextNonSpace().type() != Lexer.Type.RIGHT_DELIM) {
      backup();
      // Do not pop variables; they persist until "end".
      pipe = pipeline(context, Lexer.Type.RIGHT_DELIM);
    }
    return new TemplateNode(t.pos(), t.line(), name, pipe, tree);
  }

  private String parseTemplateName(final Item t, final String context) {
    if (t.type() == Lexer.Type.STRING || t.type() == Lexer.Type.RAW_STRING) {
      return unquote(t.val());
    }
    unexpected(t, context);
    return null;
  }

  private CommandNode command() {
    final CommandNode cmd = new CommandNode(peekNonSpace().pos(), tree);
    while (true) {
      peekNonSpace(); // skip leading spaces.
      final Node operand = operand();
      if (operand != null) {
        cmd.append(operand);
      }
      final Item t = next();
      if (t.type() == Lexer.Type.SPACE) {
        continue;
      }
      if (t.type() == Lexer.Type.RIGHT_DELIM || t.type() == Lexer.Type.RIGHT_PAREN) {
        backup();
      } else if (t.type() != Lexer.Type.PIPE) {
        unexpected(t, "operand");
      }
      break;
    }
    if (cmd.args.isEmpty()) {
      throw errorf("empty command");
    }
    return cmd.seal();
  }

  private Node operand() {
    Node node = term();
    if (node == null) {
      return null;
    }
    if (peek().type() == Lexer.Type.FIELD) {
      final ChainNode chain = new ChainNode(peek().pos(), node, tree);
      while (peek().type() == Lexer.Type.FIELD) {
        chain.add(next().val());
      }
      // Compatibility with Go's API: fields after a field or variable extend it; fields after
      // a literal are an error; anything else stays a chain.
      switch (node.type) {
        case FIELD -> node = new FieldNode(chain.pos, chain.toString(), tree);
        case VARIABLE -> node = new VariableNode(chain.pos, chain.toString(), tree);
        case BOOL, STRING, NUMBER, NIL, DOT -> throw errorf("unexpected . after term "
            + GoStrings.quote(node.toString(), '"', false));
        default -> node = chain;
      }
    }
    return node;
  }

  private Node term() {
    final Item t = nextNonSpace();
    switch (t.type()) {
      case IDENTIFIER:
        if (!hasFunction.test(t.val())) {
          throw errorf("function " + GoStrings.quote(t.val(), '"', false) + " not defined");
        }
        return new IdentifierNode(t.pos(), t.val(), tree);
      case DOT:
        return new DotNode(t.pos(), tree);
      case NIL:
        return new NilNode(t.pos(), tree);
      case VARIABLE:
        return useVar(t.pos(), t.val());
      case FIELD:
        return new FieldNode(t.pos(), t.val(), tree);
      case BOOL:
        return new BoolNode(t.pos(), t.val().equals("true"), tree);
      case CHAR_CONSTANT:
      case COMPLEX:
      case NUMBER:
        return newNumber(t);
      case LEFT_PAREN:
        return pipeline("parenthesized pipeline", Lexer.Type.RIGHT_PAREN);
      case STRING:
      case RAW_STRING:
        return new StringNode(t.pos(), t.val(), unquote(t.val()), tree);
      default:
        backup();
        return null;
    }
  }

  private Node useVar(final int pos, final String name) {
    final VariableNode v = new VariableNode(pos, name, tree);
    for (final String varName : vars) {
      if (varName.equals(v.ident[0])) {
        return v;
      }
    }
    throw errorf("undefined variable " + GoStrings.quote(v.ident[0], '"', false));
  }

  private static final double TWO_POW_63 = 9.223372036854775808E18;
  private static final double TWO_POW_64 = 1.8446744073709551616E19;

  private NumberNode newNumber(final Item t) {
    final String s = t.val();
    final NumberNode n = new NumberNode(t.pos(), s, tree);
    if (t.type() == Lexer.Type.CHAR_CONSTANT) {
      final int[] pos = {1};
      final int rune;
      try {
        rune = GoStrings.unquoteChar(s, pos, '\'', null);
      } catch (final GoStrings.SyntaxError e) {
        throw errorf(e.getMessage());
      }
      if (!s.substring(pos[0]).equals("'")) {
        throw errorf("malformed character constant: " + s);
      }
      n.isInt = true;
      n.int64 = rune;
      n.isUint = true;
      n.uint64 = rune;
      n.isFloat = true;
      n.float64 = rune;
      n.ideal = (long) rune;
      return n;
    }
    if (t.type() == Lexer.Type.COMPLEX) {
      final GoComplex c = parseComplex(s);
      if (c == null) {
        throw errorf("illegal number syntax: " + GoStrings.quote(s, '"', false));
      }
      return complexNumber(n, c);
    }
    if (s.endsWith("i")) {
      final Double imaginary = parseFloat(s.substring(0, s.length() - 1));
      if (imaginary != null) {
        return complexNumber(n, new GoComplex(0, imaginary));
      }
    }
    final Long u = parseUint(s);
    if (u != null) {
      n.isUint = true;
      n.uint64 = u;
    }
    final Long i = parseInt(s);
    if (i != null) {
      n.isInt = true;
      n.int64 = i;
      if (i == 0) {
        n.isUint = true; // in case of -0.
        n.uint64 = u == null ? 0 : u;
      }
    }
    if (n.isInt) {
      n.isFloat = true;
      n.float64 = n.int64;
    } else if (n.isUint) {
      n.isFloat = true;
      n.float64 = unsignedToDouble(n.uint64);
    } else {
      final Double f = parseFloat(s);
      if (f != null) {
        if (!containsAny(s, ".eEpP")) {
          throw errorf("integer overflow: " + GoStrings.quote(s, '"', false));
        }
        n.isFloat = true;
        n.float64 = f;
        if (f >= -TWO_POW_63 && f < TWO_POW_63 && f == Math.rint(f)) {
          n.isInt = true;
          n.int64 = (long) (double) f;
        }
        if (f >= 0 && f < TWO_POW_64 && f == Math.rint(f)) {
          n.isUint = true;
          n.uint64 = f < TWO_POW_63 ? (long) (double) f : (long) (f - TWO_POW_63) + Long.MIN_VALUE;
        }
      }
    }
    if (!n.isInt && !n.isUint && !n.isFloat) {
      throw errorf("illegal number syntax: " + GoStrings.quote(s, '"', false));
    }
    // How the constant evaluates where no type is expected (Go's idealConstant).
    if (n.isFloat && !isHexInt(s) && !s.startsWith("'") && containsAny(s, ".eEpP")) {
      n.ideal = n.float64;
    } else if (n.isInt) {
      n.ideal = n.int64;
    }
    return n;
  }

  /** A complex constant; integer and float readings exist only when the imaginary part is 0. */
  private static NumberNode complexNumber(final NumberNode n, final GoComplex c) {
    n.isComplex = true;
    n.complex128 = c;
    n.ideal = c;
    n.isFloat = c.im() == 0;
    if (n.isFloat) {
      final double f = c.re();
      n.float64 = f;
      n.isInt = f >= -TWO_POW_63 && f < TWO_POW_63 && f == Math.rint(f);
      if (n.isInt) {
        n.int64 = (long) f;
      }
      n.isUint = f >= 0 && f < TWO_POW_64 && f == Math.rint(f);
      if (n.isUint) {
        n.uint64 = f < TWO_POW_63 ? (long) f : (long) (f - TWO_POW_63) + Long.MIN_VALUE;
      }
    }
    return n;
  }

  /** The lexer's complex form: a real number, a sign, an imaginary number ending in 'i'. */
  private static GoComplex parseComplex(final String s) {
    for (int i = s.length() - 2; i > 0; i--) {
      final char c = s.charAt(i);
      final char before = s.charAt(i - 1);
      if ((c == '+' || c == '-') && before != 'e' && before != 'E' && before != 'p' && before != 'P') {
        final Double re = parseFloat(s.substring(0, i));
        final Double im = parseFloat(s.substring(i, s.length() - 1));
        return re == null || im == null ? null : new GoComplex(re, im);
      }
    }
    return null;
  }

  private static double unsignedToDouble(final long u) {
    return u >= 0 ? (double) u : ((double) (u >>> 1)) * 2.0 + (u & 1);
  }

  private static boolean isHexInt(final String s) {
    return s.length() > 2 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')
        && !containsAny(s, "pP");
  }

  private static boolean containsAny(final String s, final String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  // Number literals are read as Go's parser reads them: strconv with base 0; null where Go errs.

  private static Long parseUint(final String s) {
    try {
      return GoStrconv.parseUint(s, 0);
    } catch (final GoStrconv.NumError e) {
      return null;
    }
  }

  private static Long parseInt(final String s) {
    try {
      return GoStrconv.parseInt(s, 0);
    } catch (final GoStrconv.NumError e) {
      return null;
    }
  }

  private static Double parseFloat(final String s) {
    try {
      final double d = GoStrconv.parseFloat(s);
      // The lexer never gives "inf" or "nan"; a literal that reads as one is not a number.
      return Double.isNaN(d) || Double.isInfinite(d) ? null : d;
    } catch (final GoStrconv.NumError e) {
      return null;
    }
  }
}
