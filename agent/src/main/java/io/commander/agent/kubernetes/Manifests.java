package io.commander.agent.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.DesiredState;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;

/**
 * A desired state as the objects the agent should hold, document by document: a document that does
 * not read, or is not a named Kubernetes object, becomes a failed entry of its own and the others
 * still apply. Each object is labelled {@value #LABEL_MANAGED}{@code =true} and annotated with its set,
 * mode and the revision that wrote it, so that an agent that restarted still finds what it owns.
 */
final class Manifests {

  static final String LABEL_MANAGED = "commander.io/managed";
  static final String ANNOTATION_SET = "commander.io/set";
  static final String ANNOTATION_MODE = "commander.io/mode";
  static final String ANNOTATION_REVISION = "commander.io/revision";

  /** A line of three dashes (optionally followed by a comment) starts a new YAML document. */
  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*(#.*)?$");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * One document of a set.
   *
   * @param ref which object, as far as the document says
   * @param set the set it came from
   * @param createOnce its set's mode is create-once
   * @param object the labelled object; {@code null} when the document failed
   * @param error why the document cannot be applied; {@code null} when it can
   */
  record Entry(ResourceRef ref, String set, boolean createOnce, HasMetadata object, String error) {

    boolean failed() {
      return error != null;
    }

    String mode() {
      return createOnce ? DesiredResources.CREATE_ONCE : DesiredResources.ENFORCED;
    }
  }

  private Manifests() {
  }

  /** Every document of every set, namespaces first, then custom resource definitions, then the rest. */
  static List<Entry> parse(final DesiredState state) {
    final List<Entry> entries = new ArrayList<>();
    final Map<ResourceRef, String> seen = new HashMap<>();
    for (final DesiredResources set : state.resources()) {
      final String mode = set.mode() == null ? DesiredResources.ENFORCED : set.mode().trim();
      final boolean createOnce = DesiredResources.CREATE_ONCE.equals(mode);
      final String[] documents = set.manifests() == null ? new String[0] : SEPARATOR.split(set.manifests());
      int number = 0;
      for (final String document : documents) {
        if (isBlank(document)) {
          continue;
        }
        number++;
        for (Entry entry : document(set.set(), createOnce, number, document, state.revision())) {
          if (!createOnce && !DesiredResources.ENFORCED.equals(mode)) {
            entry = failed(entry, "the mode '" + mode + "' of " + set.set() + " is not enforced or create-once");
          }
          if (!entry.failed()) {
            final String other = seen.putIfAbsent(entry.ref(), set.set());
            if (other != null) {
              entry = failed(entry, "rendered twice (in " + other + " and in " + set.set()
                  + "): each object may come from one document only");
            }
          }
          entries.add(entry);
        }
      }
    }
    entries.sort(Comparator.comparingInt(e -> priority(e.ref().kind())));
    return entries;
  }

  private static Entry failed(final Entry entry, final String error) {
    return new Entry(entry.ref(), entry.set(), entry.createOnce(), null, error);
  }

  /** The objects of one document: one, or the items of a list (a {@code kind: List} or a YAML sequence). */
  private static List<Entry> document(final String set, final boolean createOnce, final int number,
                                      final String yaml, final int revision) {
    final String where = set + " document " + number;
    final Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(yaml);
    } catch (final RuntimeException e) {
      // Only the position: the parser's message quotes the input, which may hold secrets.
      return List.of(new Entry(unknown(number), set, createOnce, null, where + " does not parse as Kubernetes YAML"
          + location(e)));
    }
    final List<Object> items = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      items.addAll(list);
    } else if (parsed instanceof KubernetesResourceList<?> list) {
      items.addAll(list.getItems());
    } else {
      items.add(parsed);
    }
    final List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      entries.add(object(set, createOnce, number, items.size() == 1 ? where : where + " item " + (i + 1),
          items.get(i), revision));
    }
    return entries;
  }

  private static Entry object(final String set, final boolean createOnce, final int number, final String where,
                              final Object parsed, final int revision) {
    if (!(parsed instanceof HasMetadata object) || !(parsed instanceof KubernetesResource)) {
      return new Entry(unknown(number), set, createOnce, null, where + " is not a Kubernetes object");
    }
    final ObjectMeta meta = object.getMetadata();
    final ResourceRef ref = new ResourceRef(orUnknown(object.getApiVersion()), orUnknown(object.getKind()),
        meta == null ? "" : meta.getNamespace(),
        meta == null || isBlank(meta.getName()) ? "document-" + number : meta.getName());
    if (isBlank(object.getApiVersion()) || isBlank(object.getKind())) {
      return new Entry(ref, set, createOnce, null, where + " has no apiVersion or kind");
    }
    if (meta == null || isBlank(meta.getName())) {
      return new Entry(ref, set, createOnce, null, where + " (" + object.getKind()
          + ") has no metadata.name: only named objects are applied");
    }
    meta.setResourceVersion(null);
    meta.setUid(null);
    meta.setManagedFields(null);
    meta.setCreationTimestamp(null);
    final Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    labels.put(LABEL_MANAGED, "true");
    meta.setLabels(labels);
    final Map<String, String> annotations = new LinkedHashMap<>(
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    annotations.put(ANNOTATION_SET, set);
    annotations.put(ANNOTATION_MODE, createOnce ? DesiredResources.CREATE_ONCE : DesiredResources.ENFORCED);
    annotations.put(ANNOTATION_REVISION, Integer.toString(revision));
    meta.setAnnotations(annotations);
    return new Entry(ref, set, createOnce, object, null);
  }

  private static ResourceRef unknown(final int number) {
    return new ResourceRef("?", "?", "", "document-" + number);
  }

  static int priority(final String kind) {
    return switch (kind) {
      case "Namespace" -> 0;
      case "CustomResourceDefinition" -> 1;
      default -> 2;
    };
  }

  /** Whether the document holds nothing but blanks and comments. */
  private static boolean isBlank(final String text) {
    if (text == null) {
      return true;
    }
    for (final String line : text.split("\n")) {
      final String trimmed = line.trim();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#") && !trimmed.equals("...")) {
        return false;
      }
    }
    return true;
  }

  private static String orUnknown(final String value) {
    return isBlank(value) ? "?" : value;
  }

  /** " at line L, column C" (within the document) from a YAML or JSON parse error, or nothing. */
  private static String location(final Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof MarkedYamlEngineException yaml && yaml.getProblemMark().isPresent()) {
        final Mark mark = yaml.getProblemMark().get();
        return " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
      }
      if (t instanceof JsonProcessingException json && json.getLocation() != null
          && json.getLocation().getLineNr() > 0) {
        return " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return "";
  }
}
