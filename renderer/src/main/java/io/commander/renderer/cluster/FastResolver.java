package io.commander.renderer.cluster;

import java.util.Set;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's YAML 1.1 resolver, answering plain scalars that start with a letter without its
 * regular expressions: a render resolves every key and value of its documents, and most start with
 * a letter, where only booleans and nulls can match. Every other scalar goes to SnakeYAML's own
 * code, so the tags are the same.
 */
final class FastResolver extends Resolver {

  /** What {@link Resolver#BOOL} matches. */
  private static final Set<String> BOOL = Set.of("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
      "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");
  /** What {@link Resolver#NULL} matches and starts with a letter. */
  private static final Set<String> NULL = Set.of("null", "Null", "NULL");

  @Override
  public Tag resolve(final NodeId kind, final String value, final boolean implicit) {
    if (kind != NodeId.scalar || !implicit || value.isEmpty()) {
      return super.resolve(kind, value, implicit);
    }
    final char first = value.charAt(0);
    if (first < 'A' || first > 'z' || (first > 'Z' && first < 'a')) {
      return super.resolve(kind, value, implicit);
    }
    // A letter: SnakeYAML tries BOOL for yYnNtTfFoO and NULL for nN, then NULL and EMPTY for any
    // first character; NULL's other spellings (~, a space) and EMPTY cannot start with a letter.
    if (BOOL.contains(value)) {
      return Tag.BOOL;
    }
    return NULL.contains(value) ? Tag.NULL : Tag.STR;
  }
}
