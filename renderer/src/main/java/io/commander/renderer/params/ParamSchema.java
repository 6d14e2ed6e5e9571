package io.commander.renderer.params;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * An input-parameter schema in Commander's format: a list whose items are fields or
 * {@code {header: "text"}} separators. The same format describes cluster-template parameters and
 * catalog records. {@link #parse} reports every problem of a schema at once, each located as
 * {@code params[i].property}.
 */
public final class ParamSchema {

  static final Set<String> FORMATS = Set.of("password", "date-time", "url", "email", "uuid", "cuid", "cuid2", "ulid",
      "emoji", "ipv4", "ipv6", "hostname");
  private static final Set<String> PROPERTIES = Set.of("key", "type", "title", "description", "default", "format",
      "span", "optional", "immutable", "enum", "select", "catalog", "minItems", "maxItems", "autoselect", "min", "max",
      "minLength", "maxLength", "pattern", "unique", "identifier");
  private static final Pattern KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final List<ParamField> fields;

  private ParamSchema(final List<ParamField> fields) {
    this.fields = List.copyOf(fields);
  }

  public List<ParamField> fields() {
    return fields;
  }

  public Optional<ParamField> field(final String key) {
    return fields.stream().filter(f -> f.key().equals(key)).findFirst();
  }

  /** The outcome of parsing: the schema, or every problem found. */
  public record Parsed(Optional<ParamSchema> schema, List<ParamProblem> problems) {

    public ParamSchema orElseThrow() {
      return schema.orElseThrow(() -> new IllegalArgumentException("invalid schema: " + problems));
    }
  }

  /**
   * Reads a schema from its JSON form (lists, maps, strings, numbers, booleans).
   *
   * @param items the schema list
   */
  public static Parsed parse(final Object items) {
    final List<ParamProblem> problems = new ArrayList<>();
    if (!(items instanceof List<?> list)) {
      problems.add(new ParamProblem("params", "must be a list of fields and {header: ...} items"));
      return new Parsed(Optional.empty(), problems);
    }
    final List<ParamField> fields = new ArrayList<>();
    final Set<String> keys = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      final String at = "params[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> item)) {
        problems.add(new ParamProblem(at, "must be a field or a {header: ...} item"));
        continue;
      }
      if (item.containsKey("header")) {
        if (!(item.get("header") instanceof String) || item.size() != 1) {
          problems.add(new ParamProblem(at + ".header", "a header item holds only its text"));
        }
        continue;
      }
      if (item.get("key") instanceof String key && !keys.add(key)) {
        problems.add(new ParamProblem(at + ".key", "'" + key + "' is used by another field"));
      }
      field(item, at, problems).ifPresent(fields::add);
    }
    return problems.isEmpty() ? new Parsed(Optional.of(new ParamSchema(fields)), List.of())
        : new Parsed(Optional.empty(), List.copyOf(problems));
  }

  @SuppressWarnings("unchecked")
  private static Optional<ParamField> field(final Map<?, ?> item, final String at, final List<ParamProblem> problems) {
    final int before = problems.size();
    for (Object property : item.keySet()) {
      if (!PROPERTIES.contains(String.valueOf(property))) {
        problems.add(new ParamProblem(at + "." + property, "unknown property (known: key, type, title, description, "
            + "default, format, span, optional, immutable, enum, select, catalog, minItems, maxItems, autoselect, min, "
            + "max, minLength, maxLength, pattern, unique, identifier)"));
      }
    }
    final String key = text(item, "key", at, problems, true);
    if (key != null && !KEY.matcher(key).matches()) {
      problems.add(new ParamProblem(at + ".key", "'" + key + "' is not a name templates can use "
          + "(letters, digits and _, not starting with a digit)"));
    }
    final Optional<String> catalog = Optional.ofNullable(text(item, "catalog", at, problems, false));
    ParamType type = ParamType.RECORD;
    if (catalog.isEmpty()) {
      final Object declared = item.get("type");
      type = ParamType.declared(declared).orElse(null);
      if (type == null) {
        problems.add(new ParamProblem(at + ".type", declared == null ? "is required (string, number or boolean)"
            : "'" + declared + "' is not one of string, number, boolean"));
      }
    } else if (item.containsKey("type") && !"object".equals(item.get("type"))) {
      problems.add(new ParamProblem(at + ".type", "a catalog field holds records; leave the type out"));
    }
    final String title = text(item, "title", at, problems, true);
    final String description = text(item, "description", at, problems, false);
    final Optional<String> format = Optional.ofNullable(text(item, "format", at, problems, false));
    format.filter(f -> !FORMATS.contains(f)).ifPresent(f -> problems.add(new ParamProblem(at + ".format",
        "'" + f + "' is not a known format (" + String.join(", ", new java.util.TreeSet<>(FORMATS)) + ")")));
    final Optional<Integer> span = integer(item, "span", at, problems);
    span.filter(s -> s < 1 || s > 4).ifPresent(s -> problems.add(new ParamProblem(at + ".span", "must be 1 to 4")));
    final Optional<Integer> minItems = integer(item, "minItems", at, problems);
    final Optional<Integer> maxItems = integer(item, "maxItems", at, problems);
    if (minItems.isPresent() != maxItems.isPresent()) {
      problems.add(new ParamProblem(at + (minItems.isPresent() ? ".maxItems" : ".minItems"),
          "minItems and maxItems go together"));
    } else if (minItems.isPresent() && (minItems.get() < 0 || minItems.get() > maxItems.get())) {
      problems.add(new ParamProblem(at + ".minItems", "must be between 0 and maxItems"));
    }
    final Optional<Integer> minLength = integer(item, "minLength", at, problems);
    final Optional<Integer> maxLength = integer(item, "maxLength", at, problems);
    final Optional<Double> min = number(item, "min", at, problems);
    final Optional<Double> max = number(item, "max", at, problems);
    if (min.isPresent() && max.isPresent() && min.get() > max.get()) {
      problems.add(new ParamProblem(at + ".min", "is greater than max"));
    }
    Optional<Pattern> pattern = Optional.empty();
    final String regex = text(item, "pattern", at, problems, false);
    if (regex != null) {
      try {
        pattern = Optional.of(Pattern.compile(regex));
      } catch (PatternSyntaxException e) {
        problems.add(new ParamProblem(at + ".pattern", "is not a valid regular expression: " + e.getDescription()));
      }
    }
    Optional<List<Object>> enumValues = Optional.empty();
    if (item.containsKey("enum")) {
      if (item.get("enum") instanceof List<?> values && !values.isEmpty()) {
        enumValues = Optional.of((List<Object>) values);
      } else {
        problems.add(new ParamProblem(at + ".enum", "must be a non-empty list of allowed values"));
      }
    }
    Optional<List<Map<String, Object>>> select = Optional.empty();
    if (item.containsKey("select")) {
      if (item.get("select") instanceof List<?> options && !options.isEmpty()
          && options.stream().allMatch(o -> o instanceof Map<?, ?> m && m.get("text") instanceof String
          && m.containsKey("value"))) {
        select = Optional.of((List<Map<String, Object>>) item.get("select"));
      } else {
        problems.add(new ParamProblem(at + ".select", "must be a non-empty list of {text, value} options"));
      }
    }
    final boolean optional = flag(item, "optional", at, problems);
    final boolean immutable = flag(item, "immutable", at, problems);
    final boolean autoselect = flag(item, "autoselect", at, problems);
    final boolean unique = flag(item, "unique", at, problems);
    Optional<Boolean> identifier = Optional.empty();
    if (item.containsKey("identifier")) {
      if (item.get("identifier") instanceof Boolean b) {
        identifier = Optional.of(b);
      } else {
        problems.add(new ParamProblem(at + ".identifier", "must be true or false"));
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    final ParamField field = new ParamField(key, type, title, description == null ? "" : description,
        Optional.ofNullable(item.get("default")), format, span.orElse(4), optional, immutable, enumValues, select,
        catalog, minItems, maxItems, autoselect, min, max, minLength, maxLength, pattern, unique, identifier);
    field.defaultValue().ifPresent(d -> ParamValidator.check(field, d, field.key()).forEach(p ->
        problems.add(new ParamProblem(at + ".default", p.message()))));
    return problems.size() > before ? Optional.empty() : Optional.of(field);
  }

  private static String text(final Map<?, ?> item, final String name, final String at, final List<ParamProblem> problems,
                             final boolean required) {
    final Object value = item.get(name);
    if (value == null) {
      if (required) {
        problems.add(new ParamProblem(at + "." + name, "is required"));
      }
      return null;
    }
    if (!(value instanceof String s) || (required && s.isBlank())) {
      problems.add(new ParamProblem(at + "." + name, "must be " + (required ? "a non-empty " : "a ") + "string"));
      return null;
    }
    return s;
  }

  private static Optional<Integer> integer(final Map<?, ?> item, final String name, final String at,
                                           final List<ParamProblem> problems) {
    final Object value = item.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e9) {
      return Optional.of(n.intValue());
    }
    problems.add(new ParamProblem(at + "." + name, "must be a whole number"));
    return Optional.empty();
  }

  private static Optional<Double> number(final Map<?, ?> item, final String name, final String at,
                                         final List<ParamProblem> problems) {
    final Object value = item.get(name);
    if (value == null) {
      return Optional.empty();
    }
    if (value instanceof Number n) {
      return Optional.of(n.doubleValue());
    }
    problems.add(new ParamProblem(at + "." + name, "must be a number"));
    return Optional.empty();
  }

  private static boolean flag(final Map<?, ?> item, final String name, final String at, final List<ParamProblem> problems) {
    final Object value = item.get(name);
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    problems.add(new ParamProblem(at + "." + name, "must be true or false"));
    return false;
  }
}
