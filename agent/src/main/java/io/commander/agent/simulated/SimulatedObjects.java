package io.commander.agent.simulated;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The Kubernetes objects a simulated cluster shows besides its nodes and namespaces, as a Deckhouse cluster
 * has them: workloads of {@code d8-system}, {@code kube-system} and {@code d8-monitoring} with their pods
 * (owner references, container statuses, a few restarts; a pod in CrashLoopBackOff while an alert fires),
 * events, ModuleConfigs and NodeGroups matching the nodes. The same cluster always gets the same objects
 * (but for times, which are relative to {@code now}). Pure: {@link SimulatedKubernetes} creates them.
 */
final class SimulatedObjects {

  /** One object and where it is created: its API group version and plural resource. */
  record Seeded(String group, String version, String plural, boolean namespaced, JsonObject object) {
  }

  /** A workload: {@code replicas} of 0 means one pod per node, -1 one per master. */
  private record Workload(String namespace, String kind, String name, int replicas, String image, String... more) {
  }

  private static final String REGISTRY = "registry.deckhouse.io/deckhouse/ce/modules";
  private static final List<Workload> WORKLOADS = List.of(
      new Workload("d8-system", "Deployment", "deckhouse", 1, REGISTRY + "/deckhouse:v%s"),
      new Workload("d8-system", "Deployment", "webhook-handler", 1, REGISTRY + "/shell-operator:v1.4.10"),
      new Workload("d8-system", "DaemonSet", "terminal-agent", -1, REGISTRY + "/terminal:v0.3.1"),
      new Workload("kube-system", "Deployment", "d8-kube-dns", 2, REGISTRY + "/coredns:v1.11.3"),
      new Workload("kube-system", "DaemonSet", "node-local-dns", 0, REGISTRY + "/node-local-dns:v1.23.1"),
      new Workload("kube-system", "DaemonSet", "d8-control-plane-manager", -1,
          REGISTRY + "/control-plane-manager:v%s"),
      new Workload("d8-monitoring", "StatefulSet", "prometheus-main", 2, REGISTRY + "/prometheus:v2.53.2",
          REGISTRY + "/kube-rbac-proxy:v0.18.0"),
      new Workload("d8-monitoring", "StatefulSet", "alertmanager-main", 1, REGISTRY + "/alertmanager:v0.27.0"),
      new Workload("d8-monitoring", "Deployment", "grafana-v10", 1, REGISTRY + "/grafana:v10.4.5",
          REGISTRY + "/kube-rbac-proxy:v0.18.0"),
      new Workload("d8-monitoring", "DaemonSet", "node-exporter", 0, REGISTRY + "/node-exporter:v1.8.2"));
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

  private final SimulatedCluster cluster;
  private final boolean alerting;
  private final Instant now;
  private final SplittableRandom random;
  private final List<Seeded> out = new ArrayList<>();

  private SimulatedObjects(final SimulatedCluster cluster, final boolean alerting, final Instant now) {
    this.cluster = cluster;
    this.alerting = alerting;
    this.now = now;
    this.random = new SplittableRandom(cluster.clusterId().hashCode());
  }

  /** Every object to create, in order (workloads before their pods). */
  static List<Seeded> of(final SimulatedCluster cluster, final boolean alerting, final Instant now) {
    final SimulatedObjects objects = new SimulatedObjects(cluster, alerting, now);
    objects.workloads();
    objects.moduleConfigs();
    objects.nodeGroups();
    return objects.out;
  }

  private List<String> nodes(final String role) {
    final List<String> names = new ArrayList<>();
    cluster.nodes().forEach(n -> {
      final JsonObject node = (JsonObject) n;
      if (role == null || role.equals(node.getString("role"))) {
        names.add(node.getString("name"));
      }
    });
    return names;
  }

  private String suffix(final int length) {
    final StringBuilder s = new StringBuilder();
    for (int i = 0; i < length; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  private String ago(final Duration d) {
    return now.minus(d).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  private void workloads() {
    final List<String> all = nodes(null);
    final List<String> masters = nodes("master");
    // While an alert fires, one pod of a monitoring workload crash-loops.
    final String crashing = alerting ? "grafana-v10" : null;
    for (Workload w : WORKLOADS) {
      final List<String> images = new ArrayList<>();
      images.add(w.image().formatted(cluster.deckhouseVersion()));
      images.addAll(List.of(w.more()));
      final List<String> placed = w.replicas() == 0 ? all : w.replicas() == -1 ? masters : null;
      final int replicas = placed == null ? w.replicas() : placed.size();
      final String hash = suffix(10);
      final Duration age = Duration.ofDays(3 + random.nextInt(60)).plusMinutes(random.nextInt(1440));
      int ready = 0;
      final List<JsonObject> pods = new ArrayList<>();
      for (int i = 0; i < replicas; i++) {
        final boolean crash = w.name().equals(crashing) && i == 0;
        ready += crash ? 0 : 1;
        final String podName = switch (w.kind()) {
          case "StatefulSet" -> w.name() + "-" + i;
          case "Deployment" -> w.name() + "-" + hash + "-" + suffix(5);
          default -> w.name() + "-" + suffix(5);
        };
        final String node = placed != null ? placed.get(i) : all.get(random.nextInt(all.size()));
        final JsonObject owner = "Deployment".equals(w.kind())
            ? owner("apps/v1", "ReplicaSet", w.name() + "-" + hash) : owner("apps/v1", w.kind(), w.name());
        pods.add(pod(w, podName, node, images, owner, age.minusMinutes(random.nextInt(600)), crash));
      }
      out.add(new Seeded("apps", "v1", w.kind().toLowerCase(java.util.Locale.ROOT) + "s", true,
          workload(w, images, replicas, ready)));
      // One event per workload, not per pod: each object seeded is a request to the mock API server.
      if ("Deployment".equals(w.kind())) {
        event(w.namespace(), "Deployment", w.name(), "Normal", "ScalingReplicaSet", "Scaled up replica set "
            + w.name() + "-" + hash + " to " + replicas, 1, age);
      } else {
        event(w.namespace(), w.kind(), w.name(), "Normal", "SuccessfulCreate", "create Pod "
            + pods.get(pods.size() - 1).getJsonObject("metadata").getString("name") + " in " + w.kind() + " "
            + w.name() + " successful", 1, age.minusMinutes(1));
      }
      pods.forEach(p -> out.add(new Seeded("", "v1", "pods", true, p)));
    }
  }

  private static JsonObject owner(final String apiVersion, final String kind, final String name) {
    return new JsonObject().put("apiVersion", apiVersion).put("kind", kind).put("name", name)
        .put("uid", java.util.UUID.nameUUIDFromBytes((kind + "/" + name).getBytes()).toString())
        .put("controller", true).put("blockOwnerDeletion", true);
  }

  private static JsonObject metadata(final String namespace, final String name, final JsonObject labels) {
    final JsonObject metadata = new JsonObject().put("name", name).put("labels", labels);
    return namespace == null ? metadata : metadata.put("namespace", namespace);
  }

  private JsonObject workload(final Workload w, final List<String> images, final int replicas, final int ready) {
    final JsonObject labels = new JsonObject().put("app", w.name()).put("heritage", "deckhouse");
    final JsonArray containers = new JsonArray();
    images.forEach(image -> containers.add(new JsonObject().put("name", container(image)).put("image", image)));
    final JsonObject spec = new JsonObject().put("selector", new JsonObject().put("matchLabels",
            new JsonObject().put("app", w.name())))
        .put("template", new JsonObject().put("metadata", new JsonObject().put("labels", labels.copy()))
            .put("spec", new JsonObject().put("containers", containers)));
    final JsonObject status;
    if ("DaemonSet".equals(w.kind())) {
      status = new JsonObject().put("desiredNumberScheduled", replicas).put("currentNumberScheduled", replicas)
          .put("numberReady", ready).put("updatedNumberScheduled", replicas).put("numberAvailable", ready);
    } else {
      spec.put("replicas", replicas);
      status = new JsonObject().put("replicas", replicas).put("readyReplicas", ready)
          .put("updatedReplicas", replicas).put("availableReplicas", ready);
    }
    final JsonObject metadata = metadata(w.namespace(), w.name(), labels);
    return new JsonObject().put("apiVersion", "apps/v1").put("kind", w.kind()).put("metadata", metadata)
        .put("spec", spec).put("status", status);
  }

  private static String container(final String image) {
    final String name = image.substring(image.lastIndexOf('/') + 1);
    return name.substring(0, name.indexOf(':'));
  }

  private JsonObject pod(final Workload w, final String name, final String node, final List<String> images,
                         final JsonObject owner, final Duration age, final boolean crash) {
    final JsonArray containers = new JsonArray();
    final JsonArray statuses = new JsonArray();
    final String started = ago(age);
    for (String image : images) {
      containers.add(new JsonObject().put("name", container(image)).put("image", image));
      final int restarts = crash ? 14 : random.nextInt(12) == 0 ? 1 + random.nextInt(3) : 0;
      final JsonObject state = crash
          ? new JsonObject().put("waiting", new JsonObject().put("reason", "CrashLoopBackOff")
              .put("message", "back-off 5m0s restarting failed container=" + container(image)))
          : new JsonObject().put("running", new JsonObject().put("startedAt", started));
      statuses.add(new JsonObject().put("name", container(image)).put("image", image).put("ready", !crash)
          .put("started", !crash).put("restartCount", restarts).put("state", state));
      if (restarts > 0 && !crash) {
        event(w.namespace(), "Pod", name, "Warning", "BackOff", "Back-off restarting failed container "
            + container(image) + " in pod " + name, restarts, age.minusMinutes(5));
      }
    }
    final JsonObject labels = new JsonObject().put("app", w.name());
    final JsonObject metadata = metadata(w.namespace(), name, labels)
        .put("ownerReferences", new JsonArray().add(owner));
    final JsonArray conditions = new JsonArray()
        .add(condition("PodScheduled", "True", started)).add(condition("Initialized", "True", started))
        .add(condition("ContainersReady", crash ? "False" : "True", started))
        .add(condition("Ready", crash ? "False" : "True", started));
    if (crash) {
      event(w.namespace(), "Pod", name, "Warning", "BackOff", "Back-off restarting failed container "
          + container(images.get(0)) + " in pod " + name, 57, Duration.ofMinutes(1));
    }
    return new JsonObject().put("apiVersion", "v1").put("kind", "Pod").put("metadata", metadata)
        .put("spec", new JsonObject().put("nodeName", node).put("containers", containers))
        .put("status", new JsonObject().put("phase", "Running").put("podIP", "10.111." + random.nextInt(256) + "."
                + (2 + random.nextInt(250))).put("startTime", started)
            .put("conditions", conditions).put("containerStatuses", statuses));
  }

  private static JsonObject condition(final String type, final String status, final String at) {
    return new JsonObject().put("type", type).put("status", status).put("lastTransitionTime", at);
  }

  private void event(final String namespace, final String kind, final String object, final String type,
                     final String reason, final String message, final int count, final Duration lastAgo) {
    final String name = object + "." + Long.toHexString(random.nextLong() & 0xffffffffffL);
    final Duration first = lastAgo.plusMinutes(count > 1 ? 5L * count : 0);
    out.add(new Seeded("", "v1", "events", true, new JsonObject().put("apiVersion", "v1").put("kind", "Event")
        .put("metadata", metadata(namespace, name, new JsonObject()))
        .put("involvedObject", new JsonObject().put("kind", kind).put("name", object).put("namespace", namespace))
        .put("type", type).put("reason", reason).put("message", message).put("count", count)
        .put("firstTimestamp", ago(first)).put("lastTimestamp", ago(lastAgo))
        .put("source", new JsonObject().put("component", "kubelet"))));
  }

  private static final String[] LOG_LINES = {
      "INFO  reconcile finished in %d ms", "INFO  watching %d objects", "INFO  health check ok (%d ms)",
      "DEBUG cache refreshed: %d entries", "WARN  slow request to the API server: %d ms",
      "INFO  leader lease renewed after %d ms"};

  /**
   * A pod's log: a line every half minute up to {@code now}, the same lines for the same pod and container;
   * the last {@code tailLines} (100 when not given).
   */
  static String log(final String pod, final String container, final String tailLines, final Instant now) {
    int lines = 100;
    try {
      lines = tailLines == null ? 100 : Math.max(1, Math.min(1000, Integer.parseInt(tailLines)));
    } catch (NumberFormatException e) {
      // the default
    }
    final StringBuilder out = new StringBuilder();
    final Instant last = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    for (int i = lines - 1; i >= 0; i--) {
      final Instant at = last.minusSeconds(30L * i);
      final SplittableRandom line = new SplittableRandom((pod + "/" + container).hashCode() * 31L
          + at.getEpochSecond() / 30);
      out.append(at).append(' ').append(LOG_LINES[line.nextInt(LOG_LINES.length)].formatted(1 + line.nextInt(900)))
          .append('\n');
    }
    return out.toString();
  }

  private void moduleConfigs() {
    final String domain = "%s." + cluster.clusterId().substring(0, Math.min(8, cluster.clusterId().length()))
        + ".example.com";
    moduleConfig("deckhouse", null, 1, new JsonObject().put("bundle", "Default")
        .put("releaseChannel", cluster.releaseChannel()).put("logLevel", "Info"));
    moduleConfig("global", null, 2, new JsonObject().put("modules", new JsonObject()
        .put("publicDomainTemplate", domain).put("https", new JsonObject().put("mode", "CertManager")
            .put("certManager", new JsonObject().put("clusterIssuerName", "letsencrypt")))));
    moduleConfig("user-authn", true, 2, new JsonObject().put("controlPlaneConfigurator",
            new JsonObject().put("dexCAMode", "DoNotNeed"))
        .put("publishAPI", new JsonObject().put("enabled", true).put("https", new JsonObject().put("mode", "Global")))
        .put("staticUsers", new JsonArray().add(new JsonObject().put("email", "admin@example.com")
            .put("password", "$2a$10$" + suffix(22)))));
    moduleConfig("prometheus", true, 2, new JsonObject().put("retentionDays", 15).put("longtermRetentionDays", 90)
        .put("storageClass", "network-ssd").put("auth", new JsonObject().put("allowedUserGroups",
            new JsonArray().add("admins"))));
    moduleConfig("cni-cilium", true, 1, new JsonObject().put("tunnelMode", "VXLAN")
        .put("masqueradeMode", "BPF").put("bpfLBMode", "Hybrid"));
  }

  private void moduleConfig(final String name, final Boolean enabled, final int version, final JsonObject settings) {
    final JsonObject spec = new JsonObject().put("version", version).put("settings", settings);
    if (enabled != null) {
      spec.put("enabled", enabled);
    }
    out.add(new Seeded("deckhouse.io", "v1alpha1", "moduleconfigs", false, new JsonObject()
        .put("apiVersion", "deckhouse.io/v1alpha1").put("kind", "ModuleConfig")
        .put("metadata", metadata(null, name, new JsonObject())).put("spec", spec)
        .put("status", new JsonObject().put("message", "").put("version", String.valueOf(version)))));
  }

  private void nodeGroups() {
    final int masters = nodes("master").size();
    final int workers = nodes("worker").size();
    out.add(nodeGroup("master", new JsonObject().put("nodeType", "CloudPermanent"), masters));
    out.add(nodeGroup("worker", new JsonObject().put("nodeType", "CloudEphemeral").put("cloudInstances",
        new JsonObject().put("minPerZone", workers).put("maxPerZone", workers + 2)
            .put("zones", new JsonArray().add("zone-a")).put("classReference",
                new JsonObject().put("kind", "OpenStackInstanceClass").put("name", "worker"))), workers));
  }

  private Seeded nodeGroup(final String name, final JsonObject spec, final int nodes) {
    final String since = ago(Duration.ofDays(30));
    final JsonArray conditions = new JsonArray()
        .add(new JsonObject().put("type", "Ready").put("status", "True").put("lastTransitionTime", since))
        .add(new JsonObject().put("type", "Updating").put("status", "False").put("lastTransitionTime", since))
        .add(new JsonObject().put("type", "WaitingForDisruptiveApproval").put("status", "False")
            .put("lastTransitionTime", since))
        .add(new JsonObject().put("type", "Error").put("status", "False").put("message", "")
            .put("lastTransitionTime", since));
    return new Seeded("deckhouse.io", "v1", "nodegroups", false, new JsonObject()
        .put("apiVersion", "deckhouse.io/v1").put("kind", "NodeGroup")
        .put("metadata", metadata(null, name, new JsonObject())).put("spec", spec)
        .put("status", new JsonObject().put("nodes", nodes).put("ready", nodes).put("upToDate", nodes)
            .put("desired", nodes).put("conditions", conditions)
            .put("conditionSummary", new JsonObject().put("ready", "True").put("statusMessage", ""))));
  }
}
