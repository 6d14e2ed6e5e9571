package io.commander.agent.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Object comparison and merging on this side: whether a live object holds every field the desired one
 * sets (fields the cluster or others added do not count), and the live object with the desired fields
 * merged in (RFC 7396: maps merged key by key, lists and values replaced) for apply-mode {@code update}.
 */
public final class Merge {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Pattern QUANTITY = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)");

  private Merge() {
  }

  /**
   * Whether {@code live} holds every field of {@code desired} with the same value; the revision
   * annotation (which only records who wrote last) and {@code status} are not compared.
   */
  @SuppressWarnings("unchecked")
  static boolean holds(final HasMetadata live, final HasMetadata desired) {
    final Map<String, Object> wanted = SERIALIZATION.convertValue(desired, Map.class);
    wanted.remove("status");
    final Object metadata = wanted.get("metadata");
    if (metadata instanceof Map<?, ?> meta && meta.get("annotations") instanceof Map<?, ?> annotations) {
      final Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) annotations);
      copy.remove(Manifests.ANNOTATION_REVISION);
      ((Map<String, Object>) meta).put("annotations", copy);
    }
    final Map<String, Object> actual = SERIALIZATION.convertValue(live, Map.class);
    if (contains(actual, wanted)) {
      return true;
    }
    // The API server keeps a Secret's stringData as base64 in data.
    if ("Secret".equals(desired.getKind()) && wanted.get("stringData") instanceof Map<?, ?> strings) {
      final Map<String, Object> data = new LinkedHashMap<>(
          wanted.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of());
      strings.forEach((k, v) -> data.put((String) k, v == null ? null
          : Base64.getEncoder().encodeToString(v.toString().getBytes(StandardCharsets.UTF_8))));
      wanted.remove("stringData");
      wanted.put("data", data);
      return contains(actual, wanted);
    }
    return false;
  }

  private static boolean contains(final Object live, final Object wanted) {
    if (wanted == null || wanted instanceof Map<?, ?> m && m.isEmpty() || wanted instanceof List<?> l && l.isEmpty()) {
      // Not set: an empty map or list in a manifest is the same as none.
      return true;
    }
    if (wanted instanceof Map<?, ?> map) {
      if (!(live instanceof Map<?, ?> actual)) {
        return false;
      }
      for (final Map.Entry<?, ?> e : map.entrySet()) {
        if (!contains(actual.get(e.getKey()), e.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (wanted instanceof List<?> list) {
      if (!(live instanceof List<?> actual) || actual.size() != list.size()) {
        return false;
      }
      for (int i = 0; i < list.size(); i++) {
        if (!contains(actual.get(i), list.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (wanted instanceof Number a && live instanceof Number b) {
      return a.doubleValue() == b.doubleValue();
    }
    if (wanted instanceof String a && live instanceof String b && !a.equals(b) && (quantity(a) || quantity(b))) {
      // The API server writes quantities in its own form: 1000m is 1, 1024Mi is 1Gi.
      try {
        return new Quantity(a).getNumericalAmount().compareTo(new Quantity(b).getNumericalAmount()) == 0;
      } catch (final RuntimeException e) {
        return false;
      }
    }
    return Objects.equals(wanted, live);
  }

  /** A number with a quantity's unit ({@code 500m}, {@code 2Gi}); a bare number is compared as text. */
  private static boolean quantity(final String text) {
    return QUANTITY.matcher(text).matches();
  }

  /** {@code live} with {@code desired} merged in, keeping the live resourceVersion (so the update is guarded). */
  @SuppressWarnings("unchecked")
  public static HasMetadata into(final HasMetadata live, final HasMetadata desired) {
    final Map<String, Object> base = SERIALIZATION.convertValue(live, Map.class);
    final Map<String, Object> patch = SERIALIZATION.convertValue(desired, Map.class);
    if (patch.get("metadata") instanceof Map<?, ?> metadata) {
      ((Map<String, Object>) metadata).remove("resourceVersion");
    }
    return SERIALIZATION.convertValue(merge(base, patch), live.getClass());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(final Map<String, Object> base, final Map<String, Object> patch) {
    final Map<String, Object> result = new LinkedHashMap<>(base);
    patch.forEach((key, value) -> {
      if (value instanceof Map<?, ?> map && result.get(key) instanceof Map<?, ?> existing) {
        result.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
      } else if (value != null) {
        result.put(key, value);
      }
    });
    return result;
  }
}
