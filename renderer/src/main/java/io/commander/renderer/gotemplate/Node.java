package io.commander.renderer.gotemplate;

import java.util.ArrayList;
import java.util.List;

/**
 * A node of a parsed template, as in Go's {@code text/template/parse}: each knows its position
 * (a char offset into the text of its tree) and prints itself back the way Go does, since error
 * messages quote nodes.
 */
abstract class Node {

  /** Node types, as Go names them. */
  enum Type {
    TEXT, ACTION, BOOL, CHAIN, COMMAND, DOT, ELSE, END, FIELD, IDENTIFIER, IF, LIST, NIL, NUMBER, PIPE,
    RANGE, STRING, TEMPLATE, VARIABLE, WITH, COMMENT, BREAK, CONTINUE
  }

  final Type type;
  final int pos;
  final Tree tree;

  Node(final Type type, final int pos, final Tree tree) {
    this.type = type;
    this.pos = pos;
    this.tree = tree;
  }

  abstract void writeTo(StringBuilder sb);

  @Override
  public String toString() {
    final StringBuilder sb = new StringBuilder();
    writeTo(sb);
    return sb.toString();
  }

  /** A parsed template: its name, the name of the template whose text defined it, and its root. */
  static final class Tree {
    String name;
    final String parseName;
    final String text;
    ListNode root;

    Tree(final String name, final String parseName, final String text) {
      this.name = name;
      this.parseName = parseName;
      this.text = text;
    }

    /** Go's {@code ErrorContext}: "NAME:LINE:COL" with the column in bytes, as Go counts. */
    String location(final Node n) {
      final int p = n.pos;
      final int lastNewline = text.lastIndexOf('\n', p - 1);
      final int byteNum;
      if (lastNewline < 0) {
        byteNum = GoStrings.utf8Length(text, 0, p);
      } else {
        byteNum = GoStrings.utf8Length(text, lastNewline + 1, p);
      }
      int lineNum = 1;
      for (int i = 0; i < p; i++) {
        if (text.charAt(i) == '\n') {
          lineNum++;
        }
      }
      return parseName + ":" + lineNum + ":" + byteNum;
    }
  }

  static final class ListNode extends Node {
    final List<Node> nodes = new ArrayList<>();
    Node[] array = new Node[0];

    ListNode(final int pos, final Tree tree) {
      super(Type.LIST, pos, tree);
    }

    void append(final Node n) {
      nodes.add(n);
    }

    /** Freezes the list into an array for execution. */
    ListNode seal() {
      array = nodes.toArray(new Node[0]);
      return this;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      for (final Node n : nodes) {
        n.writeTo(sb);
      }
    }
  }

  static final class TextNode extends Node {
    final String text;

    TextNode(final int pos, final String text, final Tree tree) {
      super(Type.TEXT, pos, tree);
      this.text = text;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append(text);
    }
  }

  static final class PipeNode extends Node {
    final int line;
    boolean isAssign;
    final List<VariableNode> decl = new ArrayList<>();
    final List<CommandNode> cmds = new ArrayList<>();
    VariableNode[] declArray = new VariableNode[0];
    CommandNode[] cmdArray = new CommandNode[0];

    PipeNode(final int pos, final int line, final Tree tree) {
      super(Type.PIPE, pos, tree);
      this.line = line;
    }

    void append(final CommandNode c) {
      cmds.add(c);
    }

    /** Freezes the lists into arrays for execution. */
    void seal() {
      declArray = decl.toArray(new VariableNode[0]);
      cmdArray = cmds.toArray(new CommandNode[0]);
    }

    @Override
    void writeTo(final StringBuilder sb) {
      if (!decl.isEmpty()) {
        for (int i = 0; i < decl.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          decl.get(i).writeTo(sb);
        }
        sb.append(" := ");
      }
      for (int i = 0; i < cmds.size(); i++) {
        if (i > 0) {
          sb.append(" | ");
        }
        cmds.get(i).writeTo(sb);
      }
    }
  }

  static final class ActionNode extends Node {
    final int line;
    final PipeNode pipe;

    ActionNode(final int pos, final int line, final PipeNode pipe, final Tree tree) {
      super(Type.ACTION, pos, tree);
      this.line = line;
      this.pipe = pipe;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append("{{");
      pipe.writeTo(sb);
      sb.append("}}");
    }
  }

  static final class CommandNode extends Node {
    final List<Node> args = new ArrayList<>();
    Node[] argArray = new Node[0];

    CommandNode(final int pos, final Tree tree) {
      super(Type.COMMAND, pos, tree);
    }

    void append(final Node arg) {
      args.add(arg);
    }

    /** Freezes the arguments into an array for execution. */
    CommandNode seal() {
      argArray = args.toArray(new Node[0]);
      return this;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      for (int i = 0; i < args.size(); i++) {
        if (i > 0) {
          sb.append(' ');
        }
        final Node arg = args.get(i);
        if (arg instanceof PipeNode) {
          sb.append('(');
          arg.writeTo(sb);
          sb.append(')');
          continue;
        }
        arg.writeTo(sb);
      }
    }
  }

  static final class IdentifierNode extends Node {
    final String ident;

    IdentifierNode(final int pos, final String ident, final Tree tree) {
      super(Type.IDENTIFIER, pos, tree);
      this.ident = ident;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append(ident);
    }
  }

  static final class VariableNode extends Node {
    final String[] ident;

    VariableNode(final int pos, final String ident, final Tree tree) {
      super(Type.VARIABLE, pos, tree);
      this.ident = internAll(ident.split("\\.", -1));
    }

    @Override
    void writeTo(final StringBuilder sb) {
      for (int i = 0; i < ident.length; i++) {
        if (i > 0) {
          sb.append('.');
        }
        sb.append(ident[i]);
      }
    }
  }

  static final class DotNode extends Node {
    DotNode(final int pos, final Tree tree) {
      super(Type.DOT, pos, tree);
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append('.');
    }
  }

  static final class NilNode extends Node {
    NilNode(final int pos, final Tree tree) {
      super(Type.NIL, pos, tree);
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append("nil");
    }
  }

  static final class FieldNode extends Node {
    final String[] ident;

    FieldNode(final int pos, final String ident, final Tree tree) {
      super(Type.FIELD, pos, tree);
      this.ident = internAll(ident.substring(1).split("\\.", -1)); // drop the leading period
    }

    @Override
    void writeTo(final StringBuilder sb) {
      for (final String id : ident) {
        sb.append('.').append(id);
      }
    }
  }

  static final class ChainNode extends Node {
    final Node node;
    final List<String> field = new ArrayList<>();
    String[] fieldArray = new String[0];

    ChainNode(final int pos, final Node node, final Tree tree) {
      super(Type.CHAIN, pos, tree);
      this.node = node;
    }

    void add(final String f) {
      field.add(f.substring(1).intern());
      fieldArray = field.toArray(new String[0]);
    }

    @Override
    void writeTo(final StringBuilder sb) {
      if (node instanceof PipeNode) {
        sb.append('(');
        node.writeTo(sb);
        sb.append(')');
      } else {
        node.writeTo(sb);
      }
      for (final String f : field) {
        sb.append('.').append(f);
      }
    }
  }

  static final class BoolNode extends Node {
    final boolean value;

    BoolNode(final int pos, final boolean value, final Tree tree) {
      super(Type.BOOL, pos, tree);
      this.value = value;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append(value);
    }
  }

  /** A numeric constant: Go keeps every interpretation the text allows. */
  static final class NumberNode extends Node {
    boolean isInt;
    boolean isUint;
    boolean isFloat;
    boolean isComplex;
    long int64;
    long uint64;
    double float64;
    GoComplex complex128;
    final String text;
    /** The value as an untyped constant evaluates: Long, Double, GoComplex, or null when it overflows int. */
    Object ideal;

    NumberNode(final int pos, final String text, final Tree tree) {
      super(Type.NUMBER, pos, tree);
      this.text = text;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append(text);
    }
  }

  static final class StringNode extends Node {
    final String quoted;
    final String text;

    StringNode(final int pos, final String quoted, final String text, final Tree tree) {
      super(Type.STRING, pos, tree);
      this.quoted = quoted;
      this.text = text;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append(quoted);
    }
  }

  static final class EndNode extends Node {
    EndNode(final int pos, final Tree tree) {
      super(Type.END, pos, tree);
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append("{{end}}");
    }
  }

  static final class ElseNode extends Node {
    final int line;

    ElseNode(final int pos, final int line, final Tree tree) {
      super(Type.ELSE, pos, tree);
      this.line = line;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append("{{else}}");
    }
  }

  /** if, range and with. */
  static final class BranchNode extends Node {
    final int line;
    final PipeNode pipe;
    final ListNode list;
    final ListNode elseList;

    BranchNode(final Type type, final int pos, final int line, final PipeNode pipe, final ListNode list,
        final ListNode elseList, final Tree tree) {
      super(type, pos, tree);
      this.line = line;
      this.pipe = pipe;
      this.list = list;
      this.elseList = elseList;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      final String name = switch (type) {
        case IF -> "if";
        case RANGE -> "range";
        case WITH -> "with";
        default -> throw new IllegalStateException("unknown branch type");
      };
      sb.append("{{").append(name).append(' ');
      pipe.writeTo(sb);
      sb.append("}}");
      list.writeTo(sb);
      if (elseList != null) {
        sb.append("{{else}}");
        elseList.writeTo(sb);
      }
      sb.append("{{end}}");
    }
  }

  static final class BreakNode extends Node {
    BreakNode(final int pos, final Tree tree) {
      super(Type.BREAK, pos, tree);
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append("{{break}}");
    }
  }

  static final class ContinueNode extends Node {
    ContinueNode(final int pos, final Tree tree) {
      super(Type.CONTINUE, pos, tree);
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append("{{continue}}");
    }
  }

  static final class TemplateNode extends Node {
    final int line;
    final String name;
    final PipeNode pipe;

    TemplateNode(final int pos, final int line, final String name, final PipeNode pipe, final Tree tree) {
      super(Type.TEMPLATE, pos, tree);
      this.line = line;
      this.name = name;
      this.pipe = pipe;
    }

    @Override
    void writeTo(final StringBuilder sb) {
      sb.append("{{template ").append(GoStrings.quote(name, '"', false));
      if (pipe != null) {
        sb.append(' ');
        pipe.writeTo(sb);
      }
      sb.append("}}");
    }
  }

  private static String[] internAll(final String[] parts) {
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].intern();
    }
    return parts;
  }
}
