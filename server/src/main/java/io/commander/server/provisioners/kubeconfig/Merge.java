package io.commander.server.provisioners.kubeconfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON merge patch (RFC 7396) applied on this side: for apply-mode {@code merge}. */
final class Merge {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private Merge() {
  }

  /** {@code live} with {@code desired} merged in: maps merged key by key, everything else replaced. */
  @SuppressWarnings("unchecked")
  static HasMetadata into(final HasMetadata live, final HasMetadata desired) {
    final Map<String, Object> base = SERIALIZATION.convertValue(live, Map.class);
    final Map<String, Object> patch = SERIALIZATION.convertValue(desired, Map.class);
    final Map<String, Object> metadata = (Map<String, Object>) patch.get("metadata");
    if (metadata != null) {
      metadata.remove("resourceVersion");
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
