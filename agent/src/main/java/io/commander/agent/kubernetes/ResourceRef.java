package io.commander.agent.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;

/**
 * Which object: API version, kind, namespace (empty for cluster-scoped kinds) and name. Two refs are
 * the same object when group, kind, namespace and name are equal, whatever the version.
 */
record ResourceRef(String apiVersion, String kind, String namespace, String name) {

  ResourceRef {
    namespace = namespace == null ? "" : namespace;
  }

  static ResourceRef of(final HasMetadata object) {
    return new ResourceRef(object.getApiVersion(), object.getKind(), object.getMetadata().getNamespace(),
        object.getMetadata().getName());
  }

  String group() {
    final int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** {@code <apiVersion>/<kind>/<namespace>/<name>}, as apply reports name resources. */
  String wire() {
    return apiVersion + "/" + kind + "/" + namespace + "/" + name;
  }

  @Override
  public boolean equals(final Object other) {
    return other instanceof ResourceRef ref && group().equals(ref.group()) && kind.equals(ref.kind)
        && namespace.equals(ref.namespace) && name.equals(ref.name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(group(), kind, namespace, name);
  }

  @Override
  public String toString() {
    return wire();
  }
}
