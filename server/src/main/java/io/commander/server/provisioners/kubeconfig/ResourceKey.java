package io.commander.server.provisioners.kubeconfig;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.Objects;

/**
 * Which object: API version, kind, namespace ({@code null} for cluster-scoped kinds) and name.
 * Objects are the same when their group (not their version), kind, namespace and name are.
 */
record ResourceKey(String apiVersion, String kind, String namespace, String name) implements Comparable<ResourceKey> {

  private static final Comparator<ResourceKey> ORDER = Comparator.comparing(ResourceKey::group)
      .thenComparing(ResourceKey::kind)
      .thenComparing(k -> k.namespace == null ? "" : k.namespace)
      .thenComparing(ResourceKey::name);

  static ResourceKey of(final HasMetadata object) {
    return new ResourceKey(object.getApiVersion(), object.getKind(), blankToNull(object.getMetadata().getNamespace()),
        object.getMetadata().getName());
  }

  String group() {
    final int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** Same object, whatever the API version it is read at. */
  @Override
  public boolean equals(final Object other) {
    return other instanceof ResourceKey key && group().equals(key.group()) && kind.equals(key.kind)
        && name.equals(key.name) && Objects.equals(namespace, key.namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group(), kind, namespace, name);
  }

  /** {@code Kind namespace/name} or {@code Kind name}. */
  @Override
  public String toString() {
    return kind + " " + (namespace == null ? "" : namespace + "/") + name;
  }

  @Override
  public int compareTo(final ResourceKey other) {
    return ORDER.compare(this, other);
  }

  private static String blankToNull(final String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
