package io.commander.renderer.kinds;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One node of a kind's schema, in the compact subset of JSON Schema the {@code kinds/*.yaml}
 * files are written in (the package documentation describes it).
 *
 * @param types the allowed types; empty when any value is allowed
 * @param properties the known fields of an object, in schema order
 * @param closed whether fields other than {@code properties} are errors
 * @param additionalProperties the schema of every field not in {@code properties} (a map's values)
 * @param enumValues the allowed values (strings, numbers, booleans); empty when any is allowed
 */
record KindSchema(Set<String> types, Map<String, KindSchema> properties, List<String> required, boolean closed,
                  Optional<KindSchema> additionalProperties, List<Object> enumValues, Optional<Pattern> pattern,
                  Optional<KindSchema> items, Optional<BigDecimal> minimum, Optional<BigDecimal> maximum,
                  Optional<Integer> minItems, Optional<Integer> maxItems) {

  private static final Set<String> TYPES = Set.of("object", "array", "string", "integer", "number", "boolean");
  private static final Set<String> KEYWORDS = Set.of("type", "properties", "required", "additionalProperties", "enum",
      "pattern", "items", "minimum", "maximum", "minItems", "maxItems", "description");

  /** The same schema with more known fields, placed before its own. */
  KindSchema withProperties(final Map<String, KindSchema> first) {
    final Map<String, KindSchema> all = new LinkedHashMap<>(first);
    all.putAll(properties);
    return new KindSchema(types, Collections.unmodifiableMap(all), required, closed, additionalProperties, enumValues,
        pattern, items, minimum, maximum, minItems, maxItems);
  }

  /**
   * Reads a schema written in the compact format. Mistakes in a schema file are programming
   * errors, so they throw.
   *
   * @param definitions the shared shapes {@code {$ref: name}} names
   * @param at where the schema is, for the exception's message
   * @throws IllegalStateException when the schema uses something the format does not have
   */
  static KindSchema parse(final Object raw, final Map<String, ?> definitions, final String at) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new IllegalStateException(at + ": a schema must be a mapping");
    }
    if (map.containsKey("$ref")) {
      final Object target = definitions.get(String.valueOf(map.get("$ref")));
      if (target == null || map.size() != 1) {
        throw new IllegalStateException(at + ": $ref must stand alone and name a definition");
      }
      return parse(target, definitions, at + " ($ref " + map.get("$ref") + ")");
    }
    for (Object keyword : map.keySet()) {
      if (!KEYWORDS.contains(String.valueOf(keyword)) && !String.valueOf(keyword).startsWith("x-")) {
        throw new IllegalStateException(at + ": unknown keyword " + keyword);
      }
    }
    final Set<String> types = new LinkedHashSet<>();
    final Object type = map.get("type");
    for (Object t : type instanceof List<?> list ? list : type == null ? List.of() : List.of(type)) {
      if (!TYPES.contains(String.valueOf(t))) {
        throw new IllegalStateException(at + ": unknown type " + t);
      }
      types.add(String.valueOf(t));
    }
    final Map<String, KindSchema> properties = new LinkedHashMap<>();
    if (map.get("properties") instanceof Map<?, ?> fields) {
      fields.forEach((name, field) -> properties.put(String.valueOf(name),
          parse(field, definitions, at + "." + name)));
    }
    final List<String> required = new ArrayList<>();
    if (map.get("required") instanceof List<?> names) {
      names.forEach(name -> required.add(String.valueOf(name)));
    }
    for (String name : required) {
      if (!properties.isEmpty() && !properties.containsKey(name)) {
        throw new IllegalStateException(at + ": required field " + name + " is not among the properties");
      }
    }
    final Object additional = map.get("additionalProperties");
    final Optional<KindSchema> additionalSchema = additional instanceof Map<?, ?>
        ? Optional.of(parse(additional, definitions, at + ".additionalProperties")) : Optional.empty();
    // DKP's configurations are closed: an object that lists its fields accepts no others unless it says so.
    final boolean closed = additionalSchema.isEmpty() && !Boolean.TRUE.equals(additional)
        && (!properties.isEmpty() || Boolean.FALSE.equals(additional));
    return new KindSchema(Collections.unmodifiableSet(types), Collections.unmodifiableMap(properties),
        List.copyOf(required), closed, additionalSchema,
        map.get("enum") instanceof List<?> values ? List.copyOf(values) : List.of(),
        Optional.ofNullable(map.get("pattern")).map(p -> Pattern.compile(String.valueOf(p))),
        map.containsKey("items") ? Optional.of(parse(map.get("items"), definitions, at + "[]")) : Optional.empty(),
        number(map.get("minimum")), number(map.get("maximum")),
        number(map.get("minItems")).map(BigDecimal::intValueExact),
        number(map.get("maxItems")).map(BigDecimal::intValueExact));
  }

  private static Optional<BigDecimal> number(final Object value) {
    return value == null ? Optional.empty() : Optional.of(new BigDecimal(String.valueOf(value)));
  }
}
