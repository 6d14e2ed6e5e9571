package io.commander.renderer.kinds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a composed YAML document against a {@link KindSchema}, keeping every problem's place:
 * the key of an unknown field, the value of a wrong value, the mapping that misses a required
 * field. Types are read from the tags the YAML resolver gave the scalars, so {@code "24"} is a
 * string and {@code 24} an integer, as dhctl and Kubernetes read them.
 */
final class SchemaValidator {

  /** A problem and the node it is about. */
  record Violation(Mark mark, String message) {
  }

  private static final Set<String> TRUE = Set.of("true", "yes", "on");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  private final List<Violation> violations = new ArrayList<>();

  private SchemaValidator() {
  }

  /** Every violation of the schema in the node, in the order the walk meets them. */
  static List<Violation> validate(final KindSchema schema, final Node node) {
    final SchemaValidator validator = new SchemaValidator();
    validator.check(schema, node, Path.ROOT);
    return validator.violations;
  }

  private void check(final KindSchema schema, final Node node, final Path path) {
    final String type = typeOf(node);
    if (!schema.types().isEmpty() && !schema.types().contains(type)
        && !(type.equals("integer") && schema.types().contains("number"))) {
      fail(node, quote(path) + " must be " + schema.types().stream().map(SchemaValidator::describe)
          .collect(Collectors.joining(" or ")) + ", not " + describe(type));
      return;
    }
    if (node instanceof MappingNode mapping) {
      mapping(schema, mapping, path);
    } else if (node instanceof SequenceNode sequence) {
      sequence(schema, sequence, path);
    } else if (node instanceof ScalarNode scalar) {
      scalar(schema, scalar, type, path);
    }
  }

  private void mapping(final KindSchema schema, final MappingNode mapping, final Path path) {
    final List<String> present = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      // A merge key's fields come from elsewhere in the text; they are checked where they are written.
      if (!(tuple.getKeyNode() instanceof ScalarNode key) || key.getTag().equals(Tag.MERGE)) {
        continue;
      }
      present.add(key.getValue());
      final KindSchema field = schema.properties().get(key.getValue());
      if (field != null) {
        check(field, tuple.getValueNode(), new Path(path, Path.FIELD, key.getValue(), 0));
      } else if (schema.additionalProperties().isPresent()) {
        check(schema.additionalProperties().get(), tuple.getValueNode(),
            new Path(path, Path.ENTRY, key.getValue(), 0));
      } else if (schema.closed()) {
        fail(key, "unknown field \"" + key.getValue() + "\"" + at(path) + suggestion(key.getValue(),
            schema.properties().keySet()));
      }
    }
    schema.required().stream().filter(name -> !present.contains(name)).forEach(name ->
        fail(mapping, "required field \"" + name + "\" is missing" + at(path)));
  }

  private void sequence(final KindSchema schema, final SequenceNode sequence, final Path path) {
    final int size = sequence.getValue().size();
    schema.minItems().filter(min -> size < min).ifPresent(min ->
        fail(sequence, quote(path) + " must have at least " + items(min) + ", not " + size));
    schema.maxItems().filter(max -> size > max).ifPresent(max ->
        fail(sequence, quote(path) + " must have at most " + items(max) + ", not " + size));
    schema.items().ifPresent(items -> {
      for (int i = 0; i < size; i++) {
        check(items, sequence.getValue().get(i), new Path(path, Path.ITEM, null, i));
      }
    });
  }

  private void scalar(final KindSchema schema, final ScalarNode scalar, final String type, final Path path) {
    final String value = scalar.getValue();
    if (!schema.enumValues().isEmpty() && schema.enumValues().stream().noneMatch(e -> same(e, scalar, type))) {
      fail(scalar, quote(path) + " must be one of " + schema.enumValues().stream().map(String::valueOf)
          .collect(Collectors.joining(", ")) + ", not " + shown(value, type));
      return;
    }
    if (type.equals("string")) {
      schema.pattern().filter(p -> !p.matcher(value).find()).ifPresent(p ->
          fail(scalar, quote(path) + " must match " + p.pattern() + ", not " + shown(value, type)));
    }
    if (type.equals("integer") || type.equals("number")) {
      final BigDecimal number = number(value);
      if (number != null) {
        schema.minimum().filter(min -> number.compareTo(min) < 0).ifPresent(min ->
            fail(scalar, quote(path) + " must be at least " + min.toPlainString() + ", not " + value));
        schema.maximum().filter(max -> number.compareTo(max) > 0).ifPresent(max ->
            fail(scalar, quote(path) + " must be at most " + max.toPlainString() + ", not " + value));
      }
    }
  }

  private void fail(final Node node, final String message) {
    violations.add(new Violation(node.getStartMark(), message));
  }

  /** The schema type a node has: object, array, string, integer, number, boolean, or null. */
  private static String typeOf(final Node node) {
    if (node instanceof MappingNode) {
      return "object";
    }
    if (node instanceof SequenceNode) {
      return "array";
    }
    final Tag tag = node.getTag();
    if (tag.equals(Tag.INT)) {
      return "integer";
    }
    if (tag.equals(Tag.FLOAT)) {
      return "number";
    }
    if (tag.equals(Tag.BOOL)) {
      return "boolean";
    }
    // Timestamps, binaries and custom tags reach dhctl and Kubernetes as strings.
    return tag.equals(Tag.NULL) ? "null" : "string";
  }

  private static String describe(final String type) {
    return switch (type) {
      case "object" -> "an object";
      case "array" -> "a list";
      case "integer" -> "an integer";
      case "number" -> "a number";
      case "boolean" -> "true or false";
      case "null" -> "empty";
      default -> "a " + type;
    };
  }

  private static boolean same(final Object allowed, final ScalarNode scalar, final String type) {
    if (allowed instanceof Number n) {
      final BigDecimal number = number(scalar.getValue());
      return (type.equals("integer") || type.equals("number")) && number != null
          && number.compareTo(new BigDecimal(n.toString())) == 0;
    }
    if (allowed instanceof Boolean b) {
      return type.equals("boolean") && b == TRUE.contains(scalar.getValue().toLowerCase(Locale.ROOT));
    }
    return type.equals("string") && String.valueOf(allowed).equals(scalar.getValue());
  }

  /** A YAML number's value; null for the spellings YAML 1.1 has beyond decimal (hex, octal, 1:30). */
  private static BigDecimal number(final String text) {
    try {
      return new BigDecimal(text.replace("_", ""));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String shown(final String value, final String type) {
    return type.equals("string") ? "\"" + value + "\"" : type.equals("null") ? "empty" : value;
  }

  private static String quote(final Path path) {
    return "\"" + path + "\"";
  }

  private static String at(final Path path) {
    return path == Path.ROOT ? "" : " at " + path;
  }

  /**
   * Where a node is, spelled only when a problem is reported: most documents have none, and
   * most nodes never need theirs.
   */
  private record Path(Path parent, int kind, String key, int index) {

    static final int FIELD = 0;
    static final int ENTRY = 1;
    static final int ITEM = 2;
    static final Path ROOT = new Path(null, FIELD, "", 0);

    @Override
    public String toString() {
      if (this == ROOT) {
        return "";
      }
      return parent + switch (kind) {
        case FIELD -> "." + key;
        case ENTRY -> segment(key);
        default -> "[" + index + "]";
      };
    }
  }

  private static String segment(final String key) {
    return NAME.matcher(key).matches() ? "." + key : "['" + key + "']";
  }

  private static String items(final int count) {
    return count + (count == 1 ? " item" : " items");
  }

  /**
   * The known field closest to a mistyped one: the same but for case, or at most two edits away
   * (fewer for short names, where two edits turn any name into another).
   */
  static String suggestion(final String name, final Collection<String> known) {
    String best = null;
    int bestDistance = Math.min(2, name.length() / 4) + 1;
    for (String candidate : known) {
      final int distance = candidate.equalsIgnoreCase(name) ? 0 : distance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return best == null ? "" : " (did you mean \"" + best + "\"?)";
  }

  /** Edits (insertions, deletions, substitutions, swaps of neighbours) between two names. */
  private static int distance(final String a, final String b) {
    final int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      for (int j = 0; j <= b.length(); j++) {
        if (i == 0 || j == 0) {
          d[i][j] = i + j;
          continue;
        }
        final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
