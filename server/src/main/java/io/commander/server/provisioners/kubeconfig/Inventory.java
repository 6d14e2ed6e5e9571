package io.commander.server.provisioners.kubeconfig;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rendered objects Commander has applied to a cluster, kept in the ConfigMap
 * {@value AgentManifests#INVENTORY} so that an object dropped from the template can be pruned and a
 * detach can find everything, whatever kinds the template used. Written before objects are applied
 * (previous entries plus the new ones) and again after pruning, so a call that dies half-way leaves no
 * object unlisted. An entry is only a hint: nothing is deleted unless the live object still carries
 * this cluster's {@code commander.io/cluster-id} label.
 */
final class Inventory {

  static final String KEY = "resources.json";

  /**
   * One applied object.
   *
   * @param key which object
   * @param section the section that rendered it
   * @param mode {@code enforced} or {@code create-once}
   */
  record Entry(ResourceKey key, String section, String mode) {

    boolean createOnce() {
      return RenderedResources.CREATE_ONCE.equals(mode);
    }
  }

  private final Map<ResourceKey, Entry> entries;

  Inventory(final Collection<Entry> entries) {
    final Map<ResourceKey, Entry> sorted = new TreeMap<>();
    entries.forEach(e -> sorted.put(e.key(), e));
    this.entries = sorted;
  }

  static Inventory empty() {
    return new Inventory(List.of());
  }

  /** The inventory a ConfigMap holds; a missing or unreadable one is empty (entries are hints only). */
  static Inventory from(final ConfigMap map) {
    if (map == null || map.getData() == null || map.getData().get(KEY) == null) {
      return empty();
    }
    final JsonArray array;
    try {
      array = new JsonArray(map.getData().get(KEY));
    } catch (final DecodeException | ClassCastException e) {
      return empty();
    }
    final List<Entry> read = array.stream()
        .filter(JsonObject.class::isInstance)
        .map(JsonObject.class::cast)
        .filter(o -> o.getString("apiVersion") != null && o.getString("kind") != null && o.getString("name") != null)
        .map(o -> new Entry(new ResourceKey(o.getString("apiVersion"), o.getString("kind"), o.getString("namespace"),
            o.getString("name")), o.getString("section", ""), o.getString("mode", RenderedResources.ENFORCED)))
        .toList();
    return new Inventory(read);
  }

  Collection<Entry> entries() {
    return entries.values();
  }

  boolean contains(final ResourceKey key) {
    return entries.containsKey(key);
  }

  /** This inventory with {@code more} added (an entry for the same object is replaced). */
  Inventory plus(final Collection<Entry> more) {
    final Map<ResourceKey, Entry> all = new LinkedHashMap<>(entries);
    more.forEach(e -> all.put(e.key(), e));
    return new Inventory(all.values());
  }

  ConfigMap toConfigMap(final UUID commanderId, final UUID clusterId) {
    final JsonArray array = new JsonArray();
    entries.values().forEach(e -> {
      final JsonObject o = new JsonObject().put("apiVersion", e.key().apiVersion()).put("kind", e.key().kind());
      if (e.key().namespace() != null) {
        o.put("namespace", e.key().namespace());
      }
      array.add(o.put("name", e.key().name()).put("section", e.section()).put("mode", e.mode()));
    });
    return new ConfigMapBuilder()
        .withNewMetadata().withName(AgentManifests.INVENTORY).withNamespace(AgentManifests.NAMESPACE)
        .withLabels(AgentManifests.labels(commanderId, clusterId)).endMetadata()
        .withData(Map.of(KEY, array.encodePrettily()))
        .build();
  }
}
