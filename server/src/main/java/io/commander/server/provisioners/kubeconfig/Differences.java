package io.commander.server.provisioners.kubeconfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a live object differs from what Commander set: every field of the desired object (all but
 * {@code apiVersion}, {@code kind}, {@code status} and, of {@code metadata}, all but labels and
 * annotations) must be in the live one with the same value. Fields the API server or controllers add
 * are ignored; lists must have the same length and match element by element; an empty map or list
 * equals an absent one; a Secret's {@code stringData} is compared as {@code data}. Quantities are
 * compared as written ({@code 0.5} differs from {@code 500m}). Paths are reported, never values, so no
 * secret reaches a log.
 */
final class Differences {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Set<String> SKIPPED = Set.of("apiVersion", "kind", "status", "metadata");
  private static final int MAX_PATHS = 5;

  private Differences() {
  }

  /** The paths of the desired object's fields that the live one lacks or holds otherwise; empty when none. */
  @SuppressWarnings("unchecked")
  static List<String> between(final HasMetadata desired, final HasMetadata live) {
    final Map<String, Object> want = normalised(SERIALIZATION.convertValue(desired, Map.class));
    final Map<String, Object> have = normalised(SERIALIZATION.convertValue(live, Map.class));
    final List<String> paths = new ArrayList<>();
    final Map<String, Object> wantMeta = (Map<String, Object>) want.getOrDefault("metadata", Map.of());
    final Map<String, Object> haveMeta = (Map<String, Object>) have.getOrDefault("metadata", Map.of());
    for (final String field : List.of("labels", "annotations")) {
      compare("metadata." + field, wantMeta.get(field), haveMeta.get(field), paths);
    }
    want.forEach((field, value) -> {
      if (!SKIPPED.contains(field)) {
        compare(field, value, have.get(field), paths);
      }
    });
    if (paths.size() > MAX_PATHS) {
      final int more = paths.size() - MAX_PATHS;
      final List<String> shown = new ArrayList<>(paths.subList(0, MAX_PATHS));
      shown.add("and " + more + " more");
      return shown;
    }
    return paths;
  }

  @SuppressWarnings("unchecked")
  private static void compare(final String path, final Object want, final Object have, final List<String> paths) {
    if (want == null) {
      return;
    }
    if (want instanceof Map<?, ?> wantMap) {
      if (wantMap.isEmpty() && (have == null || have instanceof Map<?, ?> m && m.isEmpty())) {
        return;
      }
      if (!(have instanceof Map<?, ?> haveMap)) {
        paths.add(path);
        return;
      }
      ((Map<String, Object>) wantMap).forEach((k, v) -> compare(path + "." + k, v, haveMap.get(k), paths));
      return;
    }
    if (want instanceof List<?> wantList) {
      if (wantList.isEmpty() && (have == null || have instanceof List<?> l && l.isEmpty())) {
        return;
      }
      if (!(have instanceof List<?> haveList) || haveList.size() != wantList.size()) {
        paths.add(path);
        return;
      }
      for (int i = 0; i < wantList.size(); i++) {
        compare(path + "[" + i + "]", wantList.get(i), haveList.get(i), paths);
      }
      return;
    }
    if (!sameScalar(want, have)) {
      paths.add(path);
    }
  }

  private static boolean sameScalar(final Object want, final Object have) {
    if (have == null) {
      return false;
    }
    if (want instanceof Number && have instanceof Number) {
      return new BigDecimal(want.toString()).compareTo(new BigDecimal(have.toString())) == 0;
    }
    return want.toString().equals(have.toString());
  }

  /** A Secret's stringData folded into its data, as the API server stores it. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> normalised(final Map<String, Object> object) {
    if (!"Secret".equals(object.get("kind")) || !(object.get("stringData") instanceof Map<?, ?> strings)) {
      return object;
    }
    final Map<String, Object> copy = new LinkedHashMap<>(object);
    final Map<String, Object> data = new LinkedHashMap<>(
        object.get("data") instanceof Map<?, ?> d ? (Map<String, Object>) d : Map.of());
    ((Map<String, Object>) strings).forEach((k, v) -> data.put(k, v == null ? null
        : Base64.getEncoder().encodeToString(v.toString().getBytes(StandardCharsets.UTF_8))));
    copy.put("data", data);
    copy.remove("stringData");
    return copy;
  }
}
