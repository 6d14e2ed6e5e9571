package io.commander.renderer.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.ComposerException;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.MappingStartEvent;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.events.SequenceStartEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's {@code Composer} without what the renderer never reads: the same nodes, tags, marks,
 * anchors, aliases and limits (nesting depth, aliases of collections, global tags), with the same
 * exceptions, but no comment collectors (comments are not parsed, yet the collectors peek and
 * allocate around every node: a fifth of a render) and no set of nodes being composed (it only
 * marks recursive aliases for a constructor, and there is none).
 */
final class DocumentComposer {

  private final Parser parser;
  private final Resolver resolver;
  private final LoaderOptions options;
  private final Map<String, Node> anchors = new HashMap<>();
  private int nonScalarAliases;
  private int depth;

  DocumentComposer(final Parser parser, final Resolver resolver, final LoaderOptions options) {
    this.parser = parser;
    this.resolver = resolver;
    this.options = options;
  }

  /** Whether another document follows; as {@code Composer.checkNode}. */
  boolean checkNode() {
    if (parser.checkEvent(Event.ID.StreamStart)) {
      parser.getEvent();
    }
    return !parser.checkEvent(Event.ID.StreamEnd);
  }

  /** The next document's root; call only after {@link #checkNode} said there is one. */
  Node getNode() {
    parser.getEvent(); // DOCUMENT-START
    final Node node = compose();
    parser.getEvent(); // DOCUMENT-END
    anchors.clear();
    return node;
  }

  private Node compose() {
    final Event next = parser.peekEvent();
    if (next.getEventId() == Event.ID.Alias) {
      final AliasEvent event = (AliasEvent) parser.getEvent();
      final String anchor = event.getAnchor();
      final Node node = anchors.get(anchor);
      if (node == null) {
        throw new Refused("found undefined alias " + anchor, event.getStartMark());
      }
      if (!(node instanceof ScalarNode) && ++nonScalarAliases > options.getMaxAliasesForCollections()) {
        throw new YAMLException("Number of aliases for non-scalar nodes exceeds the specified max="
            + options.getMaxAliasesForCollections());
      }
      return node;
    }
    if (depth > options.getNestingDepthLimit()) {
      throw new YAMLException("Nesting Depth exceeded max " + options.getNestingDepthLimit());
    }
    depth++;
    final Node node = switch (next.getEventId()) {
      case Scalar -> scalar();
      case SequenceStart -> sequence();
      default -> mapping();
    };
    depth--;
    return node;
  }

  private Node scalar() {
    final ScalarEvent event = (ScalarEvent) parser.getEvent();
    final String tag = event.getTag();
    final boolean resolved = tag == null || tag.equals("!");
    final Tag nodeTag = resolved
        ? resolver.resolve(NodeId.scalar, event.getValue(), event.getImplicit().canOmitTagInPlainScalar())
        : explicit(tag, event);
    final Node node = new ScalarNode(nodeTag, resolved, event.getValue(), event.getStartMark(), event.getEndMark(),
        event.getScalarStyle());
    remember(event, node);
    return node;
  }

  private Node sequence() {
    final SequenceStartEvent start = (SequenceStartEvent) parser.getEvent();
    final String tag = start.getTag();
    final boolean resolved = tag == null || tag.equals("!");
    final Tag nodeTag = resolved ? resolver.resolve(NodeId.sequence, null, start.getImplicit()) : explicit(tag, start);
    final List<Node> children = new ArrayList<>();
    final SequenceNode node = new SequenceNode(nodeTag, resolved, children, start.getStartMark(), null,
        start.getFlowStyle());
    remember(start, node);
    while (!parser.checkEvent(Event.ID.SequenceEnd)) {
      children.add(compose());
    }
    node.setEndMark(parser.getEvent().getEndMark());
    return node;
  }

  private Node mapping() {
    final MappingStartEvent start = (MappingStartEvent) parser.getEvent();
    final String tag = start.getTag();
    final boolean resolved = tag == null || tag.equals("!");
    final Tag nodeTag = resolved ? resolver.resolve(NodeId.mapping, null, start.getImplicit()) : explicit(tag, start);
    final List<NodeTuple> children = new ArrayList<>();
    final MappingNode node = new MappingNode(nodeTag, resolved, children, start.getStartMark(), null,
        start.getFlowStyle());
    remember(start, node);
    while (!parser.checkEvent(Event.ID.MappingEnd)) {
      final Node key = compose();
      if (key.getTag().equals(Tag.MERGE)) {
        node.setMerged(true);
      }
      children.add(new NodeTuple(key, compose()));
    }
    node.setEndMark(parser.getEvent().getEndMark());
    return node;
  }

  /** A node's explicit tag, refused as SnakeYAML refuses it when it names a class. */
  private Tag explicit(final String tag, final Event event) {
    final Tag nodeTag = new Tag(tag);
    if (nodeTag.isCustomGlobal() && !options.getTagInspector().isGlobalTagAllowed(nodeTag)) {
      throw new Refused("Global tag is not allowed: " + tag, event.getStartMark());
    }
    return nodeTag;
  }

  /** SnakeYAML's exception for what its composer refuses, whose constructors are its own. */
  private static final class Refused extends ComposerException {

    private static final long serialVersionUID = 1L;

    Refused(final String problem, final Mark mark) {
      super(problem, mark);
    }
  }

  /** Anchors a node as soon as it starts, as SnakeYAML does, so an alias inside it finds it. */
  private void remember(final NodeEvent event, final Node node) {
    if (event.getAnchor() != null) {
      node.setAnchor(event.getAnchor());
      anchors.put(event.getAnchor(), node);
    }
  }
}
