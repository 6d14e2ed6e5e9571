package io.commander.renderer.params;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks input values against a schema and reports every problem, per field. Valid values come
 * back normalised: defaults filled in, empty optional values dropped.
 */
public final class ParamValidator {

  /** The key under which a record value names its record. */
  public static final String RECORD_ID = "x-commander-record-id";

  private ParamValidator() {
  }

  /** The values to use, and the problems that make them unusable (empty when valid). */
  public record Result(Map<String, Object> values, List<ParamProblem> problems) {

    public boolean valid() {
      return problems.isEmpty();
    }
  }

  /**
   * Validates values against a schema.
   *
   * @param builtIns keys Commander itself provides (the {@code dc_*} variables), allowed beside the schema's
   */
  public static Result validate(final ParamSchema schema, final Map<String, ?> values, final Set<String> builtIns) {
    final List<ParamProblem> problems = new ArrayList<>();
    final Map<String, Object> out = new LinkedHashMap<>();
    for (String key : new TreeSet<>(values.keySet())) {
      if (schema.field(key).isEmpty() && !builtIns.contains(key)) {
        problems.add(new ParamProblem(key, "is not a parameter of this template version"));
      }
    }
    for (ParamField field : schema.fields()) {
      final Object value = values.get(field.key());
      if (empty(value)) {
        if (field.defaultValue().isPresent()) {
          out.put(field.key(), field.defaultValue().get());
        } else if (!field.optional()) {
          problems.add(new ParamProblem(field.key(), "is required (" + field.title() + ")"));
        }
        continue;
      }
      final List<ParamProblem> found = check(field, value, field.key());
      problems.addAll(found);
      if (found.isEmpty()) {
        out.put(field.key(), value);
      }
    }
    return new Result(out, List.copyOf(problems));
  }

  /**
   * Refuses changes to immutable fields that already had a value: a field that a newer template
   * version introduced can still be filled once.
   */
  public static List<ParamProblem> validateChange(final ParamSchema schema, final Map<String, ?> before,
                                                  final Map<String, ?> after) {
    final List<ParamProblem> problems = new ArrayList<>();
    for (ParamField field : schema.fields()) {
      final Object old = before.get(field.key());
      if (field.immutable() && !empty(old) && !same(old, after.get(field.key()))) {
        problems.add(new ParamProblem(field.key(), "is immutable: it was set once and cannot change"));
      }
    }
    return problems;
  }

  /** The keys whose values must be unique (across a workspace's clusters, or a catalog's records). */
  public static List<String> uniqueKeys(final ParamSchema schema) {
    return schema.fields().stream().filter(ParamField::unique).map(ParamField::key).toList();
  }

  /** The keys of {@code password} fields: secrets, kept apart and never shown. */
  public static Set<String> passwordKeys(final ParamSchema schema) {
    return schema.fields().stream().filter(f -> f.format().filter("password"::equals).isPresent())
        .map(ParamField::key).collect(java.util.stream.Collectors.toUnmodifiableSet());
  }

  /** Problems of one non-empty value of a field; {@code at} names it in the messages. */
  static List<ParamProblem> check(final ParamField field, final Object value, final String at) {
    final List<ParamProblem> problems = new ArrayList<>();
    if (field.list()) {
      if (!(value instanceof List<?> list)) {
        problems.add(new ParamProblem(at, "must be a list"));
        return problems;
      }
      if (list.size() < field.minItems().get() || list.size() > field.maxItems().get()) {
        problems.add(new ParamProblem(at, "must have " + range(field.minItems().get(), field.maxItems().get())
            + " items, not " + list.size()));
      }
      for (int i = 0; i < list.size(); i++) {
        problems.addAll(one(field, list.get(i), at + "[" + i + "]"));
      }
      return problems;
    }
    return one(field, value, at);
  }

  private static List<ParamProblem> one(final ParamField field, final Object value, final String at) {
    final List<ParamProblem> problems = new ArrayList<>();
    if (field.select().isPresent()) {
      if (field.select().get().stream().noneMatch(o -> same(o.get("value"), value))) {
        problems.add(new ParamProblem(at, "is not one of the choices (" + String.join(", ",
            field.select().get().stream().map(o -> String.valueOf(o.get("text"))).toList()) + ")"));
      }
      return problems;
    }
    switch (field.type()) {
      case STRING -> {
        if (!(value instanceof String s)) {
          problems.add(new ParamProblem(at, "must be a string"));
          return problems;
        }
        final int length = s.codePointCount(0, s.length());
        field.minLength().filter(m -> length < m).ifPresent(m ->
            problems.add(new ParamProblem(at, "must be at least " + m + " characters long")));
        field.maxLength().filter(m -> length > m).ifPresent(m ->
            problems.add(new ParamProblem(at, "must be at most " + m + " characters long")));
        field.pattern().filter(p -> !p.matcher(s).find()).ifPresent(p ->
            problems.add(new ParamProblem(at, "does not match the pattern " + p.pattern())));
        field.format().map(f -> Formats.check(f, s)).ifPresent(why -> problems.add(new ParamProblem(at, why)));
      }
      case NUMBER -> {
        if (!(value instanceof Number n)) {
          problems.add(new ParamProblem(at, "must be a number"));
          return problems;
        }
        field.min().filter(m -> n.doubleValue() < m).ifPresent(m ->
            problems.add(new ParamProblem(at, "must be at least " + plain(m))));
        field.max().filter(m -> n.doubleValue() > m).ifPresent(m ->
            problems.add(new ParamProblem(at, "must be at most " + plain(m))));
      }
      case BOOLEAN -> {
        if (!(value instanceof Boolean)) {
          problems.add(new ParamProblem(at, "must be true or false"));
          return problems;
        }
      }
      case RECORD -> {
        if (!(value instanceof Map<?, ?> record) || !(record.get(RECORD_ID) instanceof String)) {
          problems.add(new ParamProblem(at, "must be a record of the catalog '" + field.catalog().orElse("")
              + "' (an object with " + RECORD_ID + ")"));
        }
        return problems;
      }
      default -> throw new IllegalStateException("unknown type " + field.type());
    }
    field.enumValues().filter(values -> values.stream().noneMatch(v -> same(v, value))).ifPresent(values ->
        problems.add(new ParamProblem(at, "must be one of " + values.stream().map(String::valueOf).toList())));
    return problems;
  }

  static boolean empty(final Object value) {
    return value == null || (value instanceof String s && s.isEmpty()) || (value instanceof List<?> l && l.isEmpty());
  }

  /** JSON equality: 3 and 3.0 are the same number. */
  static boolean same(final Object a, final Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      return x.size() == y.size() && x.entrySet().stream().allMatch(e -> y.containsKey(e.getKey())
          && same(e.getValue(), y.get(e.getKey())));
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!same(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  private static String range(final int min, final int max) {
    return min == max ? Integer.toString(min) : min + " to " + max;
  }

  private static String plain(final double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
