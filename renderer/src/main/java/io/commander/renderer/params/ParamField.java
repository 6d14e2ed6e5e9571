package io.commander.renderer.params;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One field of an input-parameter schema, as Commander's format defines it.
 *
 * @param key the name templates use ({@code {{ .key }}})
 * @param catalog the catalog slug of a record field, if any
 * @param minItems with {@code maxItems}: the field holds a list of this many values
 * @param identifier which record fields form a record's one-line summary (catalog schemas)
 */
public record ParamField(
    String key,
    ParamType type,
    String title,
    String description,
    Optional<Object> defaultValue,
    Optional<String> format,
    int span,
    boolean optional,
    boolean immutable,
    Optional<List<Object>> enumValues,
    Optional<List<Map<String, Object>>> select,
    Optional<String> catalog,
    Optional<Integer> minItems,
    Optional<Integer> maxItems,
    boolean autoselect,
    Optional<Double> min,
    Optional<Double> max,
    Optional<Integer> minLength,
    Optional<Integer> maxLength,
    Optional<Pattern> pattern,
    boolean unique,
    Optional<Boolean> identifier) {

  /** Whether the field holds a list of values rather than one. */
  public boolean list() {
    return minItems.isPresent();
  }
}
