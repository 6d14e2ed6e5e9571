package io.commander.renderer.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A cluster template as one JSON document, the export format that the server and
 * {@code commander render} read and write:
 *
 * <pre>{@code
 * {"format": "commander.cluster-template.v1", "name": "...", "comment": "...", "params": [...],
 *  "sections": {"kubernetes": "...", "placement": "...", "ssh": "...", "installation": "...",
 *               "primary_resources": "...",
 *               "resources": [{"name": "...", "mode": "enforced" | "create-once", "template": "..."}]}}
 * }</pre>
 *
 * <p>It is read from the parsed JSON (maps, lists, strings, numbers, booleans and nulls, as a JSON
 * parser or Vert.x's {@code JsonObject.getMap()} of a decoded object gives them). Unknown keys are
 * refused: a misspelt section would otherwise vanish without a word. The params list is carried as
 * it is; {@code ParamSchema.parse} checks it.
 *
 * @param params the input-parameter schema list, in Commander's format
 */
public record TemplateDocument(String name, String comment, List<Object> params, Sections sections) {

  /** The value of {@code format} this class reads and writes. */
  public static final String FORMAT = "commander.cluster-template.v1";

  private static final List<String> KEYS = List.of("format", "name", "comment", "params", "sections");
  private static final List<String> TEXT_SECTIONS = List.of("kubernetes", "placement", "ssh", "installation",
      "primary_resources");
  private static final List<String> SECTION_KEYS = Stream.concat(TEXT_SECTIONS.stream(), Stream.of("resources"))
      .toList();
  private static final List<String> TAB_KEYS = List.of("name", "mode", "template");

  public TemplateDocument {
    // Not List.copyOf: a null item is the schema's problem to report, not a crash here.
    params = Collections.unmodifiableList(new ArrayList<>(params));
  }

  /**
   * Reads a document.
   *
   * @throws TemplateDocumentException naming the first place where the document is malformed
   */
  @SuppressWarnings("unchecked")
  public static TemplateDocument fromMap(final Map<String, ?> json) {
    final Object format = json.get("format");
    if (format == null) {
      throw new TemplateDocumentException("format", "is required (\"" + FORMAT + "\")");
    }
    if (!FORMAT.equals(format)) {
      throw new TemplateDocumentException("format", "'" + format + "' is not a known format (\"" + FORMAT + "\")");
    }
    knownKeys(json, "", KEYS);
    final String name = text(json, "name", "name");
    if (name.isBlank()) {
      throw new TemplateDocumentException("name", "is required");
    }
    final Object params = json.get("params");
    if (params != null && !(params instanceof List)) {
      throw new TemplateDocumentException("params", "must be a list of fields and {header: ...} items");
    }
    if (!(json.get("sections") instanceof Map<?, ?> sections)) {
      throw new TemplateDocumentException("sections", json.containsKey("sections") ? "must be an object"
          : "is required");
    }
    return new TemplateDocument(name, text(json, "comment", "comment"),
        params == null ? List.of() : (List<Object>) params, sections(sections));
  }

  private static Sections sections(final Map<?, ?> json) {
    knownKeys(json, "sections.", SECTION_KEYS);
    final Object resources = json.get("resources");
    if (resources != null && !(resources instanceof List)) {
      throw new TemplateDocumentException("sections.resources", "must be a list of tabs");
    }
    final List<Sections.ResourceTab> tabs = new ArrayList<>();
    final Set<String> names = new HashSet<>();
    final List<?> list = resources == null ? List.of() : (List<?>) resources;
    for (int i = 0; i < list.size(); i++) {
      final String at = "sections.resources[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> tab)) {
        throw new TemplateDocumentException(at, "must be an object with name, mode and template");
      }
      knownKeys(tab, at + ".", TAB_KEYS);
      final String name = text(tab, "name", at + ".name");
      if (name.isBlank()) {
        throw new TemplateDocumentException(at + ".name", "is required");
      }
      if (!names.add(name)) {
        throw new TemplateDocumentException(at + ".name", "'" + name + "' is the name of another tab");
      }
      tabs.add(new Sections.ResourceTab(name, mode(tab.get("mode"), at + ".mode"), text(tab, "template",
          at + ".template")));
    }
    final List<String> texts = new ArrayList<>();
    TEXT_SECTIONS.forEach(key -> texts.add(text(json, key, "sections." + key)));
    return new Sections(texts.get(0), texts.get(1), texts.get(2), texts.get(3), texts.get(4), tabs);
  }

  /** An absent mode is enforced, as the server's API defaults it. */
  private static Sections.Mode mode(final Object mode, final String at) {
    if (mode == null) {
      return Sections.Mode.ENFORCED;
    }
    for (Sections.Mode m : Sections.Mode.values()) {
      if (m.id().equals(mode)) {
        return m;
      }
    }
    throw new TemplateDocumentException(at, "'" + mode + "' is not a mode (enforced, create-once)");
  }

  /** A string member; absent or null reads as "". */
  private static String text(final Map<?, ?> json, final String key, final String at) {
    final Object value = json.get(key);
    if (value == null) {
      return "";
    }
    if (!(value instanceof String s)) {
      throw new TemplateDocumentException(at, "must be a string");
    }
    return s;
  }

  private static void knownKeys(final Map<?, ?> json, final String prefix, final List<String> known) {
    for (Object key : json.keySet()) {
      if (!known.contains(String.valueOf(key))) {
        throw new TemplateDocumentException(prefix + key, "unknown key (known: " + String.join(", ", known) + ")");
      }
    }
  }

  /** The document as JSON values, every key present, in the order of the format above. */
  public Map<String, Object> toMap() {
    final Map<String, Object> sectionsMap = new LinkedHashMap<>();
    sectionsMap.put("kubernetes", orEmpty(sections.kubernetes()));
    sectionsMap.put("placement", orEmpty(sections.placement()));
    sectionsMap.put("ssh", orEmpty(sections.ssh()));
    sectionsMap.put("installation", orEmpty(sections.installation()));
    sectionsMap.put("primary_resources", orEmpty(sections.primaryResources()));
    final List<Object> tabs = new ArrayList<>();
    for (Sections.ResourceTab tab : sections.resources()) {
      final Map<String, Object> t = new LinkedHashMap<>();
      t.put("name", tab.name());
      t.put("mode", tab.mode().id());
      t.put("template", orEmpty(tab.template()));
      tabs.add(t);
    }
    sectionsMap.put("resources", tabs);
    final Map<String, Object> out = new LinkedHashMap<>();
    out.put("format", FORMAT);
    out.put("name", name);
    out.put("comment", comment);
    out.put("params", params);
    out.put("sections", sectionsMap);
    return out;
  }

  private static String orEmpty(final String text) {
    return text == null ? "" : text;
  }
}
