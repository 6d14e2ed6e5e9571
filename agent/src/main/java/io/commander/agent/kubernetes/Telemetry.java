package io.commander.agent.kubernetes;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.NodeMetrics;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The telemetry of the cluster the agent runs in, read from its API: the same sources and fields as
 * {@code simulated.SimulatedCluster} produces (JSON Schemas in {@code resources/telemetry/}), with what a
 * cluster does not show left null or empty, never made up.
 *
 * <ul>
 *   <li>{@code overview}: Kubernetes version ({@code /version}); nodes (masters by the
 *       {@code node-role.kubernetes.io/control-plane} or {@code master} label, ready by the Ready
 *       condition); CPU, memory and root filesystem ({@code ephemeral-storage}) from node capacity; CPU
 *       and memory usage from {@code metrics.k8s.io} where it is served (null otherwise); root filesystem
 *       usage is not read (null); PVC count and capacity of bound claims (the bound volume's capacity
 *       when the claim shows none); DKP's version, release channel, pending update and firing alerts
 *       from its objects ({@code DeckhouseRelease}, {@code ModuleConfig deckhouse}, the {@code deckhouse}
 *       Deployment in {@code d8-system}, {@code ClusterAlert}), read generically: absent DKP gives nulls
 *       and no alerts, never a failure.
 *   <li>{@code upmeter}: not read yet (upmeter's availability is not served by the Kubernetes API), so
 *       the source is not sent: no invented numbers.
 * </ul>
 */
final class Telemetry {

  static final String OVERVIEW = "overview";

  private static final Logger LOG = LoggerFactory.getLogger(Telemetry.class);
  private static final BigDecimal GIB = BigDecimal.valueOf(1024L * 1024 * 1024);
  private static final Pattern VERSION = Pattern.compile("v?(\\d+\\.\\d+\\.\\d+)");
  private static final String DKP_GROUP = "deckhouse.io";
  private static final ResourceDefinitionContext RELEASES = cluster("DeckhouseRelease", "deckhousereleases");
  private static final ResourceDefinitionContext MODULE_CONFIGS = cluster("ModuleConfig", "moduleconfigs");
  private static final ResourceDefinitionContext CLUSTER_ALERTS = cluster("ClusterAlert", "clusteralerts");

  private final KubernetesClient client;

  Telemetry(final KubernetesClient client) {
    this.client = client;
  }

  private static ResourceDefinitionContext cluster(final String kind, final String plural) {
    return new ResourceDefinitionContext.Builder().withGroup(DKP_GROUP).withVersion("v1alpha1").withKind(kind)
        .withPlural(plural).withNamespaced(false).build();
  }

  /**
   * Every source the cluster shows now.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientException when the nodes or the version cannot be
   *     read (the API server is away): nothing is sent then
   */
  Map<String, JsonObject> read() {
    final Map<String, JsonObject> sources = new LinkedHashMap<>();
    sources.put(OVERVIEW, overview());
    return sources;
  }

  JsonObject overview() {
    final VersionInfo version = client.getKubernetesVersion();
    final List<Node> nodes = new ArrayList<>(client.nodes().list().getItems());
    nodes.sort(Comparator.comparing(n -> n.getMetadata().getName()));
    final Map<String, BigDecimal[]> usage = optional("node metrics", this::nodeUsage, Map.of());
    final JsonArray nodeList = new JsonArray();
    int masters = 0;
    int ready = 0;
    BigDecimal cores = BigDecimal.ZERO;
    BigDecimal memory = BigDecimal.ZERO;
    BigDecimal rootFs = BigDecimal.ZERO;
    BigDecimal usedCores = BigDecimal.ZERO;
    BigDecimal usedMemory = BigDecimal.ZERO;
    BigDecimal measuredCores = BigDecimal.ZERO;
    BigDecimal measuredMemory = BigDecimal.ZERO;
    for (final Node node : nodes) {
      final boolean master = master(node);
      final boolean isReady = ready(node);
      masters += master ? 1 : 0;
      ready += isReady ? 1 : 0;
      final Map<String, Quantity> capacity = node.getStatus() == null || node.getStatus().getCapacity() == null
          ? Map.of() : node.getStatus().getCapacity();
      final BigDecimal nodeCores = amount(capacity.get("cpu"));
      final BigDecimal nodeMemory = amount(capacity.get("memory"));
      final BigDecimal nodeRootFs = amount(capacity.get("ephemeral-storage"));
      cores = cores.add(nodeCores);
      memory = memory.add(nodeMemory);
      rootFs = rootFs.add(nodeRootFs);
      final BigDecimal[] used = usage.get(node.getMetadata().getName());
      if (used != null) {
        usedCores = usedCores.add(used[0]);
        usedMemory = usedMemory.add(used[1]);
        measuredCores = measuredCores.add(nodeCores);
        measuredMemory = measuredMemory.add(nodeMemory);
      }
      final JsonObject item = new JsonObject().put("name", node.getMetadata().getName())
          .put("role", master ? "master" : "worker").put("ready", isReady)
          .put("cpu_cores", number(nodeCores)).put("memory_gib", gib(nodeMemory)).put("root_fs_gib", gib(nodeRootFs));
      if (node.getStatus() != null && node.getStatus().getNodeInfo() != null
          && node.getStatus().getNodeInfo().getKubeletVersion() != null) {
        item.put("kubelet_version", node.getStatus().getNodeInfo().getKubeletVersion());
      }
      nodeList.add(item);
    }
    final Pvcs pvcs = optional("persistent volume claims", this::pvcs, new Pvcs(0, BigDecimal.ZERO));
    final Dkp dkp = optional("DKP", this::dkp, new Dkp(null, null, null));
    final JsonArray alerts = optional("DKP alerts", this::firingAlerts, new JsonArray());
    return new JsonObject()
        .put("dkp_version", dkp.version())
        .put("release_channel", dkp.channel())
        .put("update_available", dkp.available() != null)
        .put("available_dkp_version", dkp.available())
        .put("kubernetes_version", kubernetesVersion(version))
        .put("nodes", new JsonObject().put("total", nodes.size()).put("masters", masters)
            .put("workers", nodes.size() - masters).put("ready", ready))
        .put("node_list", nodeList)
        .put("cpu_cores", number(cores))
        .put("cpu_usage_percent", percent(usedCores, measuredCores))
        .put("memory_gib", gib(memory))
        .put("memory_usage_percent", percent(usedMemory, measuredMemory))
        .put("root_fs_gib", gib(rootFs))
        .put("root_fs_usage_percent", null)
        .put("pvc_capacity_gib", gib(pvcs.capacity()))
        .put("pvc_count", pvcs.count())
        .put("warnings", new JsonObject().put("firing_alerts", alerts));
  }

  private static String kubernetesVersion(final VersionInfo version) {
    if (version == null) {
      return null;
    }
    final String git = version.getGitVersion();
    if (git != null) {
      final Matcher m = VERSION.matcher(git);
      if (m.lookingAt()) {
        return m.group(1);
      }
    }
    return version.getMajor() + "." + version.getMinor();
  }

  private static boolean master(final Node node) {
    final Map<String, String> labels = node.getMetadata().getLabels();
    return labels != null && (labels.containsKey("node-role.kubernetes.io/control-plane")
        || labels.containsKey("node-role.kubernetes.io/master"));
  }

  private static boolean ready(final Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) {
      return false;
    }
    for (final NodeCondition condition : node.getStatus().getConditions()) {
      if ("Ready".equals(condition.getType())) {
        return "True".equals(condition.getStatus());
      }
    }
    return false;
  }

  /** CPU cores and memory bytes in use per node, from metrics.k8s.io. */
  private Map<String, BigDecimal[]> nodeUsage() {
    final Map<String, BigDecimal[]> usage = new HashMap<>();
    for (final NodeMetrics metrics : client.top().nodes().metrics().getItems()) {
      final Map<String, Quantity> u = metrics.getUsage() == null ? Map.of() : metrics.getUsage();
      usage.put(metrics.getMetadata().getName(), new BigDecimal[] {amount(u.get("cpu")), amount(u.get("memory"))});
    }
    return usage;
  }

  private record Pvcs(int count, BigDecimal capacity) {
  }

  private Pvcs pvcs() {
    final Map<String, Quantity> volumes = new HashMap<>();
    for (final PersistentVolume pv : optional("persistent volumes", () -> client.persistentVolumes().list()
        .getItems(), List.<PersistentVolume>of())) {
      if (pv.getSpec() != null && pv.getSpec().getCapacity() != null) {
        volumes.put(pv.getMetadata().getName(), pv.getSpec().getCapacity().get("storage"));
      }
    }
    int count = 0;
    BigDecimal capacity = BigDecimal.ZERO;
    for (final PersistentVolumeClaim claim : client.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
      count++;
      if (claim.getStatus() == null || !"Bound".equals(claim.getStatus().getPhase())) {
        continue;
      }
      Quantity size = claim.getStatus().getCapacity() == null ? null : claim.getStatus().getCapacity().get("storage");
      if (size == null && claim.getSpec() != null && claim.getSpec().getVolumeName() != null) {
        size = volumes.get(claim.getSpec().getVolumeName());
      }
      capacity = capacity.add(amount(size));
    }
    return new Pvcs(count, capacity);
  }

  private record Dkp(String version, String channel, String available) {
  }

  /** DKP's version (the deployed release, else the deckhouse image's tag), channel and a pending newer release. */
  private Dkp dkp() {
    String deployed = null;
    String pending = null;
    for (final GenericKubernetesResource release : optional("DeckhouseReleases",
        () -> client.genericKubernetesResources(RELEASES).list().getItems(), List.<GenericKubernetesResource>of())) {
      final String version = version(string(release, "spec", "version"));
      final String phase = string(release, "status", "phase");
      if (version == null) {
        continue;
      }
      if ("Deployed".equals(phase) && (deployed == null || newer(version, deployed))) {
        deployed = version;
      } else if ("Pending".equals(phase) && (pending == null || newer(version, pending))) {
        pending = version;
      }
    }
    if (deployed == null) {
      final Deployment deckhouse = optional("the deckhouse Deployment",
          () -> client.apps().deployments().inNamespace("d8-system").withName("deckhouse").get(), null);
      if (deckhouse != null && deckhouse.getSpec() != null && deckhouse.getSpec().getTemplate().getSpec() != null) {
        deployed = deckhouse.getSpec().getTemplate().getSpec().getContainers().stream()
            .filter(c -> "deckhouse".equals(c.getName()) && c.getImage() != null)
            .map(c -> tag(c.getImage())).filter(t -> t != null).findFirst().orElse(null);
      }
    }
    final GenericKubernetesResource config = optional("ModuleConfig deckhouse",
        () -> client.genericKubernetesResources(MODULE_CONFIGS).withName("deckhouse").get(), null);
    final String channel = config == null ? null : string(config, "spec", "settings", "releaseChannel");
    final String available = pending != null && (deployed == null || newer(pending, deployed)) ? pending : null;
    return new Dkp(deployed, channel, available);
  }

  /** DKP's firing alerts ({@code ClusterAlert} objects), oldest first. */
  private JsonArray firingAlerts() {
    final List<JsonObject> alerts = new ArrayList<>();
    for (final GenericKubernetesResource alert : client.genericKubernetesResources(CLUSTER_ALERTS).list()
        .getItems()) {
      final String status = string(alert, "status", "alertStatus");
      final String name = string(alert, "alert", "name");
      if (name == null || (status != null && !"firing".equalsIgnoreCase(status))) {
        continue;
      }
      final JsonObject item = new JsonObject().put("alert", name);
      putIfPresent(item, "severity", string(alert, "alert", "severityLevel"));
      putIfPresent(item, "summary", string(alert, "alert", "summary"));
      putIfPresent(item, "started_at", string(alert, "status", "startsAt"));
      alerts.add(item);
    }
    alerts.sort(Comparator.comparing((JsonObject a) -> a.getString("started_at", ""))
        .thenComparing(a -> a.getString("alert")));
    return new JsonArray(new ArrayList<>(alerts));
  }

  private static void putIfPresent(final JsonObject object, final String key, final String value) {
    if (value != null) {
      object.put(key, value);
    }
  }

  /** A nested field of a generic object as text, or null. */
  private static String string(final GenericKubernetesResource object, final String... path) {
    Object value = object.getAdditionalProperties();
    for (final String key : path) {
      if (!(value instanceof Map<?, ?> map)) {
        return null;
      }
      value = map.get(key);
    }
    return value == null || value instanceof Map || value instanceof List ? null : value.toString();
  }

  private static String version(final String text) {
    if (text == null) {
      return null;
    }
    final Matcher m = VERSION.matcher(text.trim());
    return m.matches() ? m.group(1) : null;
  }

  /** The version in an image's tag ({@code .../ce:v1.69.4}), or null (a channel tag, a digest). */
  private static String tag(final String image) {
    final int at = image.indexOf('@');
    final String ref = at < 0 ? image : image.substring(0, at);
    final int colon = ref.lastIndexOf(':');
    return colon < 0 || ref.indexOf('/', colon) >= 0 ? null : version(ref.substring(colon + 1));
  }

  private static boolean newer(final String a, final String b) {
    final String[] x = a.split("\\.");
    final String[] y = b.split("\\.");
    for (int i = 0; i < 3; i++) {
      final int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c > 0;
      }
    }
    return false;
  }

  private static BigDecimal amount(final Quantity quantity) {
    if (quantity == null) {
      return BigDecimal.ZERO;
    }
    try {
      return quantity.getNumericalAmount();
    } catch (final RuntimeException e) {
      return BigDecimal.ZERO;
    }
  }

  /** An integer when whole (cores are usually whole), else rounded to two decimals. */
  private static Number number(final BigDecimal value) {
    final BigDecimal rounded = value.setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros();
    return rounded.scale() <= 0 ? (Number) rounded.intValue() : (Number) rounded.doubleValue();
  }

  private static double gib(final BigDecimal bytes) {
    return bytes.divide(GIB, 1, java.math.RoundingMode.HALF_UP).doubleValue();
  }

  private static Double percent(final BigDecimal used, final BigDecimal of) {
    if (of.signum() <= 0) {
      return null;
    }
    final double value = used.multiply(BigDecimal.valueOf(100)).divide(of, 1, java.math.RoundingMode.HALF_UP)
        .doubleValue();
    return Math.max(0, Math.min(100, value));
  }

  /** What {@code read} answers, or {@code fallback} when the cluster does not show it (logged at debug). */
  private static <T> T optional(final String what, final Supplier<T> read, final T fallback) {
    try {
      final T value = read.get();
      return value == null ? fallback : value;
    } catch (final RuntimeException e) {
      LOG.debug("telemetry: {} not read: {}", what, e.getMessage());
      return fallback;
    }
  }
}
