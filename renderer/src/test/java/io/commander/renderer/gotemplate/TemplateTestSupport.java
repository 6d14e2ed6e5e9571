package io.commander.renderer.gotemplate;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * Shared helpers: data as Go's {@code json.Unmarshal} into {@code interface{}} gives it (every
 * number a float64), and the functions the expected outputs were produced with in Go:
 *
 * <pre>
 * "fail":   func(s string) (string, error) { return "", errors.New(s) },
 * "nilfn":  func() interface{} { return nil },
 * "upper":  strings.ToUpper,                                      // func(string) string
 * "repeat": func(n int, s string) string { return strings.Repeat(s, n) },
 * "half":   func(f float64) float64 { return f / 2 },
 * "anyfn":  func(v interface{}) string { return fmt.Sprintf("%T", v) },
 * "list":   func(v ...interface{}) []interface{} { return v },
 * "i64":    func(x int) int64 { return int64(x) },
 * "takes64": func(x int64) int64 { return x * 2 },
 * "strs":   func(v ...string) []string { return v },
 * "dict":   func(v ...interface{}) map[string]interface{} { ... pairs ... },
 * </pre>
 *
 * <p>Expected values in the tests are the output of Go 1.19:
 * {@code template.New("t").Funcs(funcs).Option(opt).Parse(tpl)} then {@code Execute(&b, data)}.
 */
final class TemplateTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TemplateTestSupport() {
  }

  /** Go's []string: a list that names its Go type. */
  static final class StringSlice extends AbstractList<Object> implements GoObject, RandomAccess {
    private final List<Object> items;

    StringSlice(final List<Object> items) {
      this.items = items;
    }

    @Override
    public Object get(final int index) {
      return items.get(index);
    }

    @Override
    public int size() {
      return items.size();
    }

    @Override
    public String goTypeName() {
      return "[]string";
    }
  }

  /** Parses JSON as Go's json.Unmarshal into interface{} does; "" is no data (nil). */
  static Object json(final String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    try {
      return normalize(JSON.readValue(text, Object.class));
    } catch (final Exception e) {
      throw new IllegalArgumentException("bad JSON in test: " + text, e);
    }
  }

  private static Object normalize(final Object o) {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if (o instanceof Map<?, ?> m) {
      final Map<String, Object> r = new LinkedHashMap<>();
      m.forEach((k, v) -> r.put((String) k, normalize(v)));
      return r;
    }
    if (o instanceof List<?> l) {
      final List<Object> r = new ArrayList<>();
      for (final Object x : l) {
        r.add(normalize(x));
      }
      return r;
    }
    return o;
  }

  /** The functions the expected outputs were produced with (see the class comment). */
  static Map<String, TemplateFunction> testFunctions() {
    final Map<String, TemplateFunction> f = new HashMap<>();
    f.put("fail", TemplateFunction.of(Signature.of(GoType.STRING), a -> {
      throw new Exception((String) a[0]);
    }));
    f.put("nilfn", TemplateFunction.of(Signature.of(), a -> null));
    f.put("upper", TemplateFunction.of(Signature.of(GoType.STRING), a -> ((String) a[0]).toUpperCase()));
    f.put("repeat", TemplateFunction.of(Signature.of(GoType.INT, GoType.STRING),
        a -> ((String) a[1]).repeat(((Long) a[0]).intValue())));
    f.put("half", TemplateFunction.of(Signature.of(GoType.FLOAT64), a -> (Double) a[0] / 2));
    f.put("anyfn", TemplateFunction.of(Signature.of(GoType.ANY), a -> GoValues.typeName(a[0])));
    f.put("list", a -> new ArrayList<>(List.of(a)));
    f.put("i64", TemplateFunction.of(Signature.of(GoType.INT), a -> GoInt64.valueOf((Long) a[0])));
    f.put("takes64", TemplateFunction.of(Signature.of(GoType.INT64), a -> GoInt64.valueOf((Long) a[0] * 2)));
    f.put("strs", TemplateFunction.of(Signature.variadic(GoType.STRING), a -> new StringSlice(List.of(a))));
    f.put("dict", a -> {
      final Map<String, Object> m = new HashMap<>();
      for (int i = 0; i + 1 < a.length; i += 2) {
        m.put((String) a[i], a[i + 1]);
      }
      return m;
    });
    return f;
  }

  /** Parses with the test functions and the given Go option ("" for none). */
  static GoTemplate parse(final String template, final String option) throws TemplateException {
    final GoTemplate.Builder b = GoTemplate.builder().functions(testFunctions());
    if (!option.isEmpty()) {
      b.option(option);
    }
    return b.parse("t", template);
  }

  /** Renders {@code template} named "t" with the test functions and JSON data. */
  static String render(final String template, final String data) throws TemplateException {
    return parse(template, "").execute(json(data));
  }

  /** The message of the failure of parsing or executing {@code template}. */
  static String failure(final String template, final String data, final String option) {
    final String[] message = new String[1];
    assertThatThrownBy(() -> parse(template, option).execute(json(data)))
        .isInstanceOf(TemplateException.class)
        .satisfies(e -> message[0] = e.getMessage());
    return message[0];
  }
}
