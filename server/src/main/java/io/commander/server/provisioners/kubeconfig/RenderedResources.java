package io.commander.server.provisioners.kubeconfig;

import io.commander.agent.kubernetes.KubernetesObjects;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.ProvisionerException.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The rendered sections {@code primary_resources} and {@code resources/<tab>} as the objects Commander
 * wants in the cluster, each labelled {@code commander.io/cluster-id} and {@code commander.io/tab} (the
 * tab's name made a valid label value) and annotated with the exact section and its mode.
 */
final class RenderedResources {

  static final String PRIMARY = "primary_resources";
  static final String TAB_PREFIX = "resources/";
  static final String LABEL_TAB = "commander.io/tab";
  static final String ANNOTATION_SECTION = "commander.io/section";
  static final String ANNOTATION_MODE = "commander.io/mode";
  static final String ENFORCED = "enforced";
  static final String CREATE_ONCE = "create-once";

  private static final Pattern LABEL_VALUE = Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /**
   * One object Commander wants.
   *
   * @param object the object, labelled
   * @param section {@code primary_resources} or {@code resources/<tab>}
   * @param createOnce whether it is created when absent and otherwise left alone
   */
  record Desired(HasMetadata object, String section, boolean createOnce) {

    ResourceKey key() {
      return ResourceKey.of(object);
    }

    String mode() {
      return createOnce ? CREATE_ONCE : ENFORCED;
    }
  }

  private RenderedResources() {
  }

  /**
   * Every rendered object, in the order they are applied: namespaces, then custom resource
   * definitions, then the rest, sections in order ({@code primary_resources}, then tabs by name).
   *
   * @throws ProvisionerException PERMANENT when a section does not parse, a document is not a named
   *     Kubernetes object, an object is rendered twice, or a tab's mode is unknown
   */
  static List<Desired> parse(final Job job) {
    final List<String> sections = job.rendered().keySet().stream()
        .filter(s -> s.equals(PRIMARY) || s.startsWith(TAB_PREFIX))
        .sorted(Comparator.comparing((String s) -> !s.equals(PRIMARY)).thenComparing(Comparator.naturalOrder()))
        .toList();
    final List<Desired> all = new ArrayList<>();
    final Map<ResourceKey, String> seen = new HashMap<>();
    for (final String section : sections) {
      final boolean createOnce = createOnce(job, section);
      final List<HasMetadata> objects = objects(section, job.rendered().get(section));
      for (int i = 0; i < objects.size(); i++) {
        final HasMetadata object = objects.get(i);
        label(object, job.clusterId(), section, createOnce);
        final ResourceKey key = ResourceKey.of(object);
        final String other = seen.putIfAbsent(key, section);
        if (other != null) {
          throw new ProvisionerException(Reason.PERMANENT, key + " is rendered twice (in " + other
              + " and in " + section + "): each object may come from one document only");
        }
        all.add(new Desired(object, section, createOnce));
      }
    }
    all.sort(Comparator.comparingInt(d -> priority(d.object())));
    return all;
  }

  /**
   * Gives each namespaced object without a namespace the kubeconfig context's one, and drops the
   * namespace of cluster-scoped ones, asking the cluster about kinds the client does not know.
   *
   * @throws ProvisionerException TRANSIENT when the cluster does not serve a rendered kind (yet: a
   *     module or CRD may still be coming), or the failure of the discovery request
   */
  static void resolveScopes(final List<Desired> desired, final ClusterSession session) {
    for (final Desired d : desired) {
      final HasMetadata object = d.object();
      final boolean namespaced = session.namespaced(object).orElseThrow(() -> new ProvisionerException(
          Reason.TRANSIENT, "the cluster does not serve " + object.getKind() + " in " + object.getApiVersion()
          + " (yet?), which " + d.section() + " renders for " + d.key()
          + ": install its CRD or enable its module first"));
      scope(object, namespaced, session.client().getConfiguration().getNamespace());
    }
  }

  /** Drops the namespace of a cluster-scoped object, gives a namespaced one without any {@code fallback}. */
  static void scope(final HasMetadata object, final boolean namespaced, final String fallback) {
    final ObjectMeta meta = object.getMetadata();
    if (!namespaced) {
      meta.setNamespace(null);
    } else if (meta.getNamespace() == null || meta.getNamespace().isBlank()) {
      meta.setNamespace(fallback);
    }
  }

  /** An object with only the key's identity, typed when the client knows the kind: for reads and deletes. */
  static HasMetadata stub(final ResourceKey key) {
    return KubernetesObjects.stub(key.apiVersion(), key.kind(), key.namespace(), key.name());
  }

  private static boolean createOnce(final Job job, final String section) {
    if (section.equals(PRIMARY)) {
      return false;
    }
    String mode = job.resourceModes().get(section);
    if (mode == null) {
      mode = job.resourceModes().getOrDefault(section.substring(TAB_PREFIX.length()), ENFORCED);
    }
    return switch (mode.trim().toLowerCase(Locale.ROOT)) {
      case ENFORCED, "" -> false;
      case CREATE_ONCE -> true;
      default -> throw new ProvisionerException(Reason.PERMANENT, "the mode '" + mode + "' of " + section
          + " is not enforced or create-once");
    };
  }

  private static List<HasMetadata> objects(final String section, final String yaml) {
    if (yaml == null || yaml.isBlank()) {
      return List.of();
    }
    final Object parsed;
    try {
      parsed = SERIALIZATION.unmarshal(yaml);
    } catch (final RuntimeException e) {
      // The message quotes the input, which may hold secrets: only the position is repeated.
      throw new ProvisionerException(Reason.PERMANENT, section + " does not parse as Kubernetes YAML"
          + Kubeconfigs.location(e));
    }
    final List<Object> documents = new ArrayList<>();
    if (parsed instanceof List<?> list) {
      documents.addAll(list);
    } else if (parsed instanceof KubernetesResourceList<?> list) {
      documents.addAll(list.getItems());
    } else if (parsed != null) {
      documents.add(parsed);
    }
    final List<HasMetadata> objects = new ArrayList<>();
    for (int i = 0; i < documents.size(); i++) {
      final String where = section + " document " + (i + 1);
      if (!(documents.get(i) instanceof HasMetadata object) || !(documents.get(i) instanceof KubernetesResource)) {
        throw new ProvisionerException(Reason.PERMANENT, where + " is not a Kubernetes object");
      }
      if (object.getApiVersion() == null || object.getApiVersion().isBlank() || object.getKind() == null
          || object.getKind().isBlank()) {
        throw new ProvisionerException(Reason.PERMANENT, where + " has no apiVersion or kind");
      }
      if (object.getMetadata() == null || object.getMetadata().getName() == null
          || object.getMetadata().getName().isBlank()) {
        throw new ProvisionerException(Reason.PERMANENT, where + " (" + object.getKind()
            + ") has no metadata.name: Commander applies named objects only");
      }
      object.getMetadata().setResourceVersion(null);
      object.getMetadata().setUid(null);
      object.getMetadata().setManagedFields(null);
      objects.add(object);
    }
    return objects;
  }

  private static void label(final HasMetadata object, final UUID clusterId, final String section,
                            final boolean createOnce) {
    final ObjectMeta meta = object.getMetadata();
    final Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of() : meta.getLabels());
    labels.put(AgentManifests.LABEL_CLUSTER_ID, clusterId.toString());
    labels.put(LABEL_TAB, labelValue(section.equals(PRIMARY) ? PRIMARY : section.substring(TAB_PREFIX.length())));
    meta.setLabels(labels);
    final Map<String, String> annotations = new LinkedHashMap<>(
        meta.getAnnotations() == null ? Map.of() : meta.getAnnotations());
    annotations.put(ANNOTATION_SECTION, section);
    annotations.put(ANNOTATION_MODE, createOnce ? CREATE_ONCE : ENFORCED);
    meta.setAnnotations(annotations);
  }

  /** The tab's name if it is a valid label value, else a valid form of it with a short hash of the name. */
  static String labelValue(final String name) {
    if (name.length() <= 63 && LABEL_VALUE.matcher(name).matches() && !name.isEmpty()) {
      return name;
    }
    final String hash = sha256(name).substring(0, 8);
    String cleaned = name.replaceAll("[^-A-Za-z0-9_.]", "-").replaceAll("^[^A-Za-z0-9]+", "")
        .replaceAll("[^A-Za-z0-9]+$", "");
    if (cleaned.length() > 54) {
      cleaned = cleaned.substring(0, 54).replaceAll("[^A-Za-z0-9]+$", "");
    }
    return cleaned.isEmpty() ? "tab-" + hash : cleaned + "-" + hash;
  }

  private static int priority(final HasMetadata object) {
    return switch (object.getKind()) {
      case "Namespace" -> 0;
      case "CustomResourceDefinition" -> 1;
      default -> 2;
    };
  }

  private static String sha256(final String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
