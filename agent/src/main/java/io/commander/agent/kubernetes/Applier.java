package io.commander.agent.kubernetes;

import io.commander.agent.kubernetes.Manifests.Entry;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the cluster hold a desired state, and keeps it there: blocking calls against the API server,
 * run on the backend's worker pool by one caller at a time. Remembers what it applied last so that
 * what is dropped from the next desired state is deleted; after a restart it finds what it owns by the
 * {@value Manifests#LABEL_MANAGED} label.
 *
 * <p>Enforced objects are written when missing or when a field they set holds another value; create-once
 * objects are created when missing and never touched otherwise. An object dropped from the desired
 * state is deleted when it was enforced and still carries the label; a dropped create-once object, and a
 * dropped Namespace (with whatever else lives in it), is left in place, as the kubeconfig provisioner does. Every object is applied and reported on its own:
 * one refusal fails that object only.
 */
final class Applier {

  static final String FIELD_MANAGER = "commander-agent";
  static final String DEFAULT_NAMESPACE = "default";

  private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
  /** Kinds looked at for labelled objects after a restart even where discovery does not answer. */
  private static final List<String[]> COMMON_KINDS = List.of(
      new String[] {"v1", "Namespace"}, new String[] {"v1", "ConfigMap"}, new String[] {"v1", "Secret"},
      new String[] {"v1", "Service"}, new String[] {"v1", "ServiceAccount"},
      new String[] {"v1", "PersistentVolumeClaim"}, new String[] {"apps/v1", "Deployment"},
      new String[] {"apps/v1", "StatefulSet"}, new String[] {"apps/v1", "DaemonSet"},
      new String[] {"batch/v1", "CronJob"}, new String[] {"networking.k8s.io/v1", "Ingress"},
      new String[] {"rbac.authorization.k8s.io/v1", "Role"},
      new String[] {"rbac.authorization.k8s.io/v1", "RoleBinding"},
      new String[] {"rbac.authorization.k8s.io/v1", "ClusterRole"},
      new String[] {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding"});

  private final KubernetesClient client;
  private final KubernetesSettings settings;
  private final Map<String, Optional<APIResourceList>> discovery = new HashMap<>();
  /** What the last desired state held (scoped), by object; failed documents without an identity are not here. */
  private Map<ResourceRef, Entry> owned = new LinkedHashMap<>();
  /** The last desired state's entries, scoped, in apply order. */
  private List<Entry> current = List.of();
  private int revision;
  private boolean scanned;

  Applier(final KubernetesClient client, final KubernetesSettings settings) {
    this.client = client;
    this.settings = settings;
  }

  /** The result of one pass: per-resource outcomes, and whether it wrote or deleted anything. */
  record Outcome(int revision, List<ResourceResult> results, boolean changed) {
  }

  /** The last desired state's revision. */
  int revision() {
    return revision;
  }

  /** The enforced objects of the last desired state, scoped: what the watches compare events with. */
  List<Entry> enforced() {
    return current.stream().filter(e -> !e.failed() && !e.createOnce()).toList();
  }

  /** Applies a desired state: every document, then the deletions of what it no longer holds. */
  Outcome apply(final List<Entry> parsed, final int newRevision) {
    discovery.clear();
    final List<ResourceResult> results = new ArrayList<>();
    final List<Entry> scoped = new ArrayList<>();
    boolean changed = false;
    for (final Entry raw : parsed) {
      final Entry entry = scope(raw);
      scoped.add(entry);
      final ResourceResult result = entry.failed() ? failed(entry, entry.error()) : converge(entry);
      changed |= "applied".equals(result.status());
      results.add(result);
    }
    // A set with a document that did not read keeps its objects: that document may have been one of them.
    final Set<String> unreadable = new HashSet<>();
    scoped.stream().filter(e -> e.failed() && "?".equals(e.ref().kind())).forEach(e -> unreadable.add(e.set()));
    final Set<ResourceRef> wanted = new HashSet<>();
    scoped.forEach(e -> wanted.add(e.ref()));
    final Map<ResourceRef, Entry> dropped = new LinkedHashMap<>();
    owned.forEach((ref, entry) -> {
      if (!wanted.contains(ref) && !unreadable.contains(entry.set())) {
        dropped.put(ref, entry);
      }
    });
    if (!scanned) {
      for (final HasMetadata live : labelled(scoped)) {
        final ResourceRef ref = ResourceRef.of(live);
        final String set = annotation(live, Manifests.ANNOTATION_SET);
        if (!wanted.contains(ref) && !unreadable.contains(set)) {
          dropped.putIfAbsent(ref, new Entry(ref, set == null ? "" : set,
              DesiredResources.CREATE_ONCE.equals(annotation(live, Manifests.ANNOTATION_MODE)), null, null));
        }
      }
      scanned = true;
    }
    final Map<ResourceRef, Entry> nextOwned = new LinkedHashMap<>();
    scoped.stream().filter(e -> !"?".equals(e.ref().kind())).forEach(e -> nextOwned.put(e.ref(), e));
    dropped.values().stream()
        .sorted(Comparator.comparingInt((Entry e) -> -Manifests.priority(e.ref().kind())))
        .forEach(entry -> {
          // Deleting a Namespace deletes everything in it, also what Commander never managed: it stays.
          if (entry.createOnce() || "v1".equals(entry.ref().apiVersion()) && "Namespace".equals(entry.ref().kind())) {
            return;
          }
          final ResourceResult result = deleteIfOurs(entry);
          if (result != null) {
            results.add(result);
            if ("failed".equals(result.status())) {
              nextOwned.put(entry.ref(), entry);
            }
          }
        });
    changed |= results.stream().anyMatch(r -> "deleted".equals(r.status()));
    owned = nextOwned;
    current = List.copyOf(scoped);
    revision = newRevision;
    return new Outcome(newRevision, results, changed);
  }

  /**
   * Puts back every enforced object of the last desired state that is missing or changed, and retries
   * the objects that failed; create-once objects are left alone.
   */
  Outcome resync() {
    discovery.clear();
    final List<ResourceResult> results = new ArrayList<>();
    final List<Entry> next = new ArrayList<>();
    boolean changed = false;
    for (final Entry entry : current) {
      Entry scoped = entry;
      ResourceResult result;
      if (entry.object() == null) {
        result = failed(entry, entry.error());
      } else {
        scoped = entry.failed() ? scope(new Entry(entry.ref(), entry.set(), entry.createOnce(), entry.object(), null))
            : entry;
        if (scoped.failed()) {
          result = failed(scoped, scoped.error());
        } else if (entry.createOnce() && !entry.failed()) {
          result = new ResourceResult(entry.ref().wire(), entry.set(), "unchanged", List.of());
        } else {
          result = converge(scoped);
        }
      }
      if ("applied".equals(result.status())) {
        changed = true;
        LOG.info("put back {} ({})", scoped.ref(), scoped.set());
      }
      if ("failed".equals(result.status()) && !scoped.failed()) {
        scoped = new Entry(scoped.ref(), scoped.set(), scoped.createOnce(), scoped.object(), result.errors().get(0));
      } else if (!"failed".equals(result.status()) && scoped.failed()) {
        scoped = new Entry(scoped.ref(), scoped.set(), scoped.createOnce(), scoped.object(), null);
        changed = true;
      }
      next.add(scoped);
      results.add(result);
    }
    changed |= !errors(current).equals(errors(next));
    current = List.copyOf(next);
    next.stream().filter(e -> !"?".equals(e.ref().kind())).forEach(e -> owned.put(e.ref(), e));
    return new Outcome(revision, results, changed);
  }

  private static List<String> errors(final List<Entry> entries) {
    return entries.stream().map(e -> e.ref().wire() + "=" + e.error()).toList();
  }

  /**
   * Gives a namespaced object without a namespace {@value #DEFAULT_NAMESPACE} and drops the namespace of a
   * cluster-scoped one, asking the cluster about kinds the client does not know. Keeps the object's failure
   * when the cluster does not serve its kind. Failed entries keep the object so a resync can retry them.
   */
  private Entry scope(final Entry entry) {
    if (entry.failed()) {
      return entry;
    }
    final HasMetadata object = entry.object();
    final Optional<Boolean> namespaced;
    try {
      namespaced = namespaced(object);
    } catch (final KubernetesClientException e) {
      return new Entry(entry.ref(), entry.set(), entry.createOnce(), object, "discovering the kinds of "
          + object.getApiVersion() + " failed: " + message(e));
    }
    if (namespaced.isEmpty()) {
      return new Entry(entry.ref(), entry.set(), entry.createOnce(), object, "the cluster does not serve "
          + object.getKind() + " in " + object.getApiVersion() + " (is its CRD or module installed?)");
    }
    if (!namespaced.get()) {
      object.getMetadata().setNamespace(null);
    } else if (object.getMetadata().getNamespace() == null || object.getMetadata().getNamespace().isBlank()) {
      object.getMetadata().setNamespace(DEFAULT_NAMESPACE);
    }
    return new Entry(ResourceRef.of(object), entry.set(), entry.createOnce(), object, null);
  }

  private Optional<Boolean> namespaced(final HasMetadata object) {
    if (!(object instanceof GenericKubernetesResource)) {
      return Optional.of(object instanceof Namespaced);
    }
    return served(object.getApiVersion(), object.getKind()).map(r -> Boolean.TRUE.equals(r.getNamespaced()));
  }

  private Optional<APIResource> served(final String apiVersion, final String kind) {
    final Optional<APIResourceList> list = discovery.computeIfAbsent(apiVersion,
        v -> Optional.ofNullable(client.getApiResources(v)));
    return list.flatMap(l -> l.getResources().stream()
        .filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/"))
        .findFirst());
  }

  /** Writes one object as its mode says; its result. */
  private ResourceResult converge(final Entry entry) {
    final HasMetadata object = entry.object();
    try {
      final HasMetadata live = client.resource(object).get();
      if (live != null && (entry.createOnce() || Merge.holds(live, object))) {
        return new ResourceResult(entry.ref().wire(), entry.set(), "unchanged", List.of());
      }
      if (entry.createOnce()) {
        client.resource(object).create();
      } else {
        write(object, live);
      }
      return new ResourceResult(entry.ref().wire(), entry.set(), "applied", List.of());
    } catch (final KubernetesClientException e) {
      if (entry.createOnce() && e.getCode() == 409) {
        return new ResourceResult(entry.ref().wire(), entry.set(), "unchanged", List.of());
      }
      return failed(entry, message(e));
    } catch (final RuntimeException e) {
      return failed(entry, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
  }

  /**
   * Server-side apply under {@value #FIELD_MANAGER} (conflicts forced); in apply-mode {@code update},
   * creates the object or merges it into the live one and replaces that, guarded by its resourceVersion
   * (retried on a conflict).
   */
  private void write(final HasMetadata object, final HasMetadata knownLive) {
    if (settings.serverSideApply()) {
      client.resource(object).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
      return;
    }
    HasMetadata live = knownLive;
    for (int attempt = 1; ; attempt++) {
      try {
        if (live == null) {
          client.resource(object).create();
        } else {
          client.resource(Merge.into(live, object)).update();
        }
        return;
      } catch (final KubernetesClientException e) {
        if (e.getCode() != 409 || attempt >= 3) {
          throw e;
        }
        live = client.resource(object).get();
      }
    }
  }

  /** Deletes a dropped object if it still carries the managed label; {@code null} when there was nothing to delete. */
  private ResourceResult deleteIfOurs(final Entry entry) {
    try {
      final HasMetadata stub = stub(entry.ref());
      if (stub instanceof GenericKubernetesResource && served(entry.ref().apiVersion(), entry.ref().kind()).isEmpty()) {
        return null;
      }
      final HasMetadata live = client.resource(stub).get();
      if (live == null || !"true".equals(label(live, Manifests.LABEL_MANAGED))) {
        return null;
      }
      client.resource(live).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      LOG.info("deleted {} (no longer desired; was in {})", entry.ref(), entry.set());
      return new ResourceResult(entry.ref().wire(), entry.set(), "deleted", List.of());
    } catch (final KubernetesClientException e) {
      return failed(entry, "deleting it (no longer desired) failed: " + message(e));
    } catch (final RuntimeException e) {
      return failed(entry, "deleting it (no longer desired) failed: " + e.getMessage());
    }
  }

  /**
   * The objects labelled as managed by this agent, of every kind the cluster serves (by discovery),
   * the kinds desired now and a few common ones; for finding what it owns after a restart.
   */
  private List<HasMetadata> labelled(final List<Entry> desired) {
    final Map<ResourceRef, HasMetadata> found = new LinkedHashMap<>();
    final Set<String> listed = new HashSet<>();
    for (final ResourceDefinitionContext context : discoveredKinds()) {
      listed.add(context.getGroup() + "/" + context.getKind());
      final String apiVersion = context.getGroup().isEmpty() ? context.getVersion()
          : context.getGroup() + "/" + context.getVersion();
      listLabelled(context.getGroup() + "/" + context.getKind(), () -> client.genericKubernetesResources(context)
          .inAnyNamespace().withLabel(Manifests.LABEL_MANAGED, "true").list().getItems())
          .forEach(o -> {
            // Items of a list may come without apiVersion and kind.
            o.setApiVersion(apiVersion);
            o.setKind(context.getKind());
            found.putIfAbsent(ResourceRef.of(o), o);
          });
    }
    final List<String[]> kinds = new ArrayList<>(COMMON_KINDS);
    desired.stream().filter(e -> e.object() != null)
        .forEach(e -> kinds.add(new String[] {e.object().getApiVersion(), e.object().getKind()}));
    for (final String[] kind : kinds) {
      final HasMetadata stub = stub(new ResourceRef(kind[0], kind[1], "", "x"));
      final String group = new ResourceRef(kind[0], kind[1], "", "x").group();
      if (stub instanceof GenericKubernetesResource || !listed.add(group + "/" + kind[1])) {
        continue;
      }
      @SuppressWarnings("unchecked")
      final Class<HasMetadata> type = (Class<HasMetadata>) stub.getClass();
      listLabelled(group + "/" + kind[1], () -> {
        final var operation = client.resources(type);
        return (stub instanceof Namespaced ? operation.inAnyNamespace() : operation)
            .withLabel(Manifests.LABEL_MANAGED, "true").list().getItems();
      }).forEach(o -> found.putIfAbsent(new ResourceRef(kind[0], kind[1], o.getMetadata().getNamespace(),
          o.getMetadata().getName()), o));
    }
    return new ArrayList<>(found.values());
  }

  private static <T extends HasMetadata> List<T> listLabelled(final String kind,
                                                             final java.util.function.Supplier<List<T>> list) {
    try {
      return list.get();
    } catch (final RuntimeException e) {
      LOG.debug("listing labelled {} failed: {}", kind, e.getMessage());
      return List.of();
    }
  }

  /** Every listable, deletable kind the cluster serves, at its group's preferred version. */
  private List<ResourceDefinitionContext> discoveredKinds() {
    final List<String> versions = new ArrayList<>();
    versions.add("v1");
    try {
      final var groups = client.getApiGroups();
      if (groups != null && groups.getGroups() != null) {
        for (final APIGroup group : groups.getGroups()) {
          final GroupVersionForDiscovery preferred = group.getPreferredVersion();
          if (preferred != null && preferred.getGroupVersion() != null) {
            versions.add(preferred.getGroupVersion());
          }
        }
      }
    } catch (final RuntimeException e) {
      LOG.debug("discovering API groups failed: {}", e.getMessage());
    }
    final List<ResourceDefinitionContext> kinds = new ArrayList<>();
    for (final String version : versions) {
      final APIResourceList list;
      try {
        list = client.getApiResources(version);
      } catch (final RuntimeException e) {
        LOG.debug("discovering the kinds of {} failed: {}", version, e.getMessage());
        continue;
      }
      if (list == null || list.getResources() == null) {
        continue;
      }
      discovery.put(version, Optional.of(list));
      final int slash = version.indexOf('/');
      for (final APIResource r : list.getResources()) {
        if (r.getName().contains("/") || r.getVerbs() == null || !r.getVerbs().contains("list")
            || !r.getVerbs().contains("delete")) {
          continue;
        }
        kinds.add(new ResourceDefinitionContext.Builder()
            .withGroup(slash < 0 ? "" : version.substring(0, slash))
            .withVersion(slash < 0 ? version : version.substring(slash + 1))
            .withKind(r.getKind()).withPlural(r.getName())
            .withNamespaced(Boolean.TRUE.equals(r.getNamespaced())).build());
      }
    }
    return kinds;
  }

  /** An object with only the ref's identity, typed when the client knows the kind. */
  static HasMetadata stub(final ResourceRef ref) {
    return KubernetesObjects.stub(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name());
  }

  private static ResourceResult failed(final Entry entry, final String error) {
    return new ResourceResult(entry.ref().wire(), entry.set(), "failed", List.of(error));
  }

  /** What the API server said (its Status message), else the client's message. */
  static String message(final KubernetesClientException e) {
    final Status status = e.getStatus();
    if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
      return (e.getCode() > 0 ? e.getCode() + ": " : "") + status.getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String label(final HasMetadata object, final String key) {
    final Map<String, String> labels = object.getMetadata().getLabels();
    return labels == null ? null : labels.get(key);
  }

  private static String annotation(final HasMetadata object, final String key) {
    final Map<String, String> annotations = object.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(key);
  }
}
