package io.commander.renderer.cluster;

import java.util.Set;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * SnakeYAML's YAML 1.1 resolver, answering plain scalars that start with a letter without its
 * regular expressions: a render resolves every key and value of its documents, and most start with
 * a letter, where only booleans and nulls can match; and those that start with a digit but cannot
 * be a number or a time (addresses, CIDRs). Every other scalar goes to SnakeYAML's own code, so
 * the tags are the same.
 */
final class FastResolver extends Resolver {

  /** What {@link Resolver#BOOL} matches. */
  private static final Set<String> BOOL = Set.of("yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE",
      "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF");
  /** What {@link Resolver#NULL} matches and starts with a letter. */
  private static final Set<String> NULL = Set.of("null", "Null", "NULL");

  /** Every character an INT, FLOAT or TIMESTAMP of SnakeYAML's can hold (a superset), by code. */
  private static final boolean[] NUMERIC = new boolean[128];

  static {
    for (char c : "0123456789-+_.:xXbBoOabcdefABCDEFtTzZiInN \t".toCharArray()) {
      NUMERIC[c] = true;
    }
  }

  @Override
  public Tag resolve(final NodeId kind, final String value, final boolean implicit) {
    if (kind != NodeId.scalar || !implicit || value.isEmpty()) {
      return super.resolve(kind, value, implicit);
    }
    final char first = value.charAt(0);
    if (first >= '0' && first <= '9') {
      return digits(value) ? super.resolve(kind, value, implicit) : Tag.STR;
    }
    if (first < 'A' || first > 'z' || (first > 'Z' && first < 'a')) {
      return super.resolve(kind, value, implicit);
    }
    // A letter: SnakeYAML tries BOOL for yYnNtTfFoO and NULL for nN, then NULL and EMPTY for any
    // first character; NULL's other spellings (~, a space) and EMPTY cannot start with a letter.
    // Those words have 2 to 5 letters and start with one of yYnNtTfFoO: other values (names, keys,
    // base64) are not hashed at all.
    if (value.length() > 5 || "yYnNtTfFoO".indexOf(first) < 0) {
      return Tag.STR;
    }
    if (BOOL.contains(value)) {
      return Tag.BOOL;
    }
    return NULL.contains(value) ? Tag.NULL : Tag.STR;
  }

  /**
   * Whether a value that starts with a digit may be an int, a float or a timestamp, the only
   * resolvers SnakeYAML tries for a digit besides an empty value: not when it holds a character none
   * of their expressions has (an address's {@code /}) or two dots (each has one at most: {@code
   * 10.10.0.11}). Then it is a string without running them.
   */
  private static boolean digits(final String value) {
    int dots = 0;
    for (int i = 0; i < value.length(); i++) {
      final char c = value.charAt(i);
      if (c >= NUMERIC.length || !NUMERIC[c] || c == '.' && ++dots > 1) {
        return false;
      }
    }
    return true;
  }
}
