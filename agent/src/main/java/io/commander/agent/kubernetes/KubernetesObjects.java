package io.commander.agent.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.LinkedHashMap;
import java.util.Map;

/** Objects made on this side for calls that name an object: shared by the agent and the kubeconfig provisioner. */
public final class KubernetesObjects {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  private KubernetesObjects() {
  }

  /**
   * An object with only its identity, typed when the client knows the kind (generic otherwise): for
   * reads and deletes.
   *
   * @param namespace null or empty for cluster-scoped kinds
   */
  public static HasMetadata stub(final String apiVersion, final String kind, final String namespace,
                                 final String name) {
    final Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (namespace != null && !namespace.isEmpty()) {
      metadata.put("namespace", namespace);
    }
    final Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", metadata);
    return SERIALIZATION.convertValue(object, KubernetesResource.class) instanceof HasMetadata typed ? typed
        : SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
  }
}
