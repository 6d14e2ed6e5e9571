package io.commander.renderer.sprig;

import static io.commander.renderer.gotemplate.GoType.ANY;
import static io.commander.renderer.gotemplate.GoType.STRING;

import io.commander.renderer.gotemplate.GoValues;
import io.commander.renderer.gotemplate.TemplateFunction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The functions Helm adds to sprig's ({@code helm.sh/helm/v3/pkg/engine}): {@code toYaml},
 * {@code mustToYaml}, {@code fromYaml}, {@code fromYamlArray}, Helm's own {@code toJson},
 * {@code mustToJson}, {@code fromJson} and {@code fromJsonArray} (which replace sprig's), and
 * {@code required}. YAML goes through {@code sigs.k8s.io/yaml} (JSON, then yaml.v2) as in Helm, and
 * prints byte for byte as Helm prints it. To render as Helm does, put these over a copy of
 * {@link Sprig#functions()}.
 */
public final class HelmFunctions {

  private static final Map<String, TemplateFunction> FUNCTIONS = build();

  private HelmFunctions() {
  }

  /**
   * Helm's functions, to be put over sprig's (some of them replace sprig's of the same name).
   *
   * @return an unmodifiable map from function name to function
   */
  public static Map<String, TemplateFunction> functions() {
    return FUNCTIONS;
  }

  private static Map<String, TemplateFunction> build() {
    return new FunctionTable()
        .fixed("toYaml", a -> toYaml(a[0]), ANY)
        .fixed("mustToYaml", a -> trimNewline(GoYaml.marshal(a[0])), ANY)
        .fixed("fromYaml", a -> fromYaml(StringFunctions.str(a[0])), STRING)
        .fixed("fromYamlArray", a -> fromYamlArray(StringFunctions.str(a[0])), STRING)
        .fixed("toJson", a -> toJson(a[0]), ANY)
        .fixed("mustToJson", a -> GoJson.marshal(a[0], true), ANY)
        .fixed("fromJson", a -> fromJson(StringFunctions.str(a[0])), STRING)
        .fixed("fromJsonArray", a -> fromJsonArray(StringFunctions.str(a[0])), STRING)
        .fixed("required", a -> required(StringFunctions.str(a[0]), a[1]), STRING, ANY)
        .build();
  }

  /** Helm's {@code toYaml}: the YAML without its final newline, or "" when the value has none. */
  static String toYaml(final Object v) {
    try {
      return trimNewline(GoYaml.marshal(v));
    } catch (final FunctionException e) {
      return "";
    }
  }

  private static String trimNewline(final String s) {
    return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
  }

  /** Helm's {@code toJson}: {@code json.Marshal}, "" on error. */
  static String toJson(final Object v) {
    try {
      return GoJson.marshal(v, true);
    } catch (final FunctionException e) {
      return "";
    }
  }

  /**
   * Helm's {@code required}: fails with {@code warn} (used as a format string, as Helm does) when the
   * value is nil or the empty string, and passes it through otherwise.
   */
  static Object required(final String warn, final Object value) throws FunctionException {
    if (value == null || "".equals(value)) {
      throw new FunctionException(GoValues.sprintf(warn));
    }
    return value;
  }

  /** Helm's {@code fromJson}: a JSON object as a map; on error, a map holding the message under "Error". */
  static Map<String, Object> fromJson(final String s) {
    final GoJson.Decoded d = GoJson.decode(s);
    final Map<String, Object> m = new LinkedHashMap<>();
    if (d.error() != null && !(d.value() instanceof Map)) {
      m.put("Error", d.error());
      return m;
    }
    if (d.value() instanceof Map<?, ?> decoded) {
      decoded.forEach((k, v) -> m.put((String) k, v));
      if (d.error() != null) {
        m.put("Error", d.error());
      }
      return m;
    }
    if (d.value() != null) {
      m.put("Error", "json: cannot unmarshal " + GoJson.kindWord(d.value())
          + " into Go value of type map[string]interface {}");
    }
    return m;
  }

  /** Helm's {@code fromJsonArray}: a JSON array as a list; on error, a list of the message alone. */
  static List<Object> fromJsonArray(final String s) {
    final GoJson.Decoded d = GoJson.decode(s);
    final List<Object> a = new ArrayList<>();
    if (d.error() != null) {
      a.add(d.error());
      return a;
    }
    if (d.value() instanceof List<?> decoded) {
      a.addAll(decoded);
      return a;
    }
    if (d.value() != null) {
      a.add("json: cannot unmarshal " + GoJson.kindWord(d.value()) + " into Go value of type []interface {}");
    }
    return a;
  }

  /** Helm's {@code fromYaml}: a YAML mapping as a map; on error, a map holding the message under "Error". */
  static Map<String, Object> fromYaml(final String s) {
    final Map<String, Object> m = new LinkedHashMap<>();
    try {
      final Object v = GoYamlReader.unmarshal(s);
      if (v instanceof Map<?, ?> decoded) {
        decoded.forEach((k, x) -> m.put((String) k, x));
      } else if (v != null) {
        m.put("Error", "error unmarshaling JSON: json: cannot unmarshal " + GoJson.kindWord(v)
            + " into Go value of type map[string]interface {}");
      }
    } catch (final FunctionException e) {
      m.put("Error", e.getMessage());
    }
    return m;
  }

  /** Helm's {@code fromYamlArray}: a YAML sequence as a list; on error, a list of the message alone. */
  static List<Object> fromYamlArray(final String s) {
    final List<Object> a = new ArrayList<>();
    try {
      final Object v = GoYamlReader.unmarshal(s);
      if (v instanceof List<?> decoded) {
        a.addAll(decoded);
      } else if (v != null) {
        a.add("error unmarshaling JSON: json: cannot unmarshal " + GoJson.kindWord(v)
            + " into Go value of type []interface {}");
      }
    } catch (final FunctionException e) {
      a.add(e.getMessage());
    }
    return a;
  }
}
