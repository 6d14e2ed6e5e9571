package io.commander.agent.simulated;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The telemetry of a believable cluster that does not exist: a DKP and Kubernetes version, three
 * masters and a few workers, usage that drifts around a level of its own, PVCs that grow, now and
 * then a firing alert that later resolves, and upmeter probes near full availability. The same
 * seed gives the same cluster. Cheap enough for thousands in one JVM: a few numbers of state, and
 * documents built only when asked for.
 */
public final class SimulatedCluster {

  public static final String OVERVIEW = "overview";
  public static final String UPMETER = "upmeter";

  private static final String[][] VERSIONS = {
      {"1.67.9", "1.29.12"}, {"1.68.6", "1.30.8"}, {"1.69.4", "1.30.10"}, {"1.70.1", "1.31.5"}};
  private static final String[] CHANNELS = {"Alpha", "Beta", "EarlyAccess", "Stable", "RockSolid"};
  private static final String[][] PROBES = {
      {"control-plane", "apiserver", "basic-functionality", "controller-manager", "scheduler"},
      {"synthetic", "access", "dns", "neighbor", "neighbor-via-service"},
      {"monitoring-and-autoscaling", "prometheus", "metrics-sources", "horizontal-pod-autoscaler"},
      {"load-balancing", "load-balancer-configuration", "metallb"},
      {"deckhouse", "cluster-configuration"}};
  private static final String[][] ALERTS = {
      {"NodeDiskPressure", "warning", "a node is low on disk space"},
      {"KubePersistentVolumeFillingUp", "warning", "a persistent volume is filling up"},
      {"DeckhouseModuleUpdatePolicyNotFound", "info", "a module has no update policy"},
      {"KubeletNodeFSInodesUsage", "critical", "a node is running out of inodes"},
      {"NodeRequiresDisruptionApprovalForUpdate", "warning", "a node waits for a manual reboot approval"}};
  /** Upmeter reports availability over five-minute episodes: its document changes no more often. */
  private static final Duration UPMETER_EPISODE = Duration.ofMinutes(5);
  /** Longer gaps are simulated as this much: a cluster that slept does not jump far. */
  private static final double MAX_STEP_MINUTES = 60;
  private static final double ALERTS_PER_HOUR = 0.15;
  private static final double UPDATES_PER_DAY = 0.3;

  private final String clusterId;
  private final SplittableRandom random;
  private final String dkpVersion;
  private final String kubernetesVersion;
  private final String channel;
  private final List<Node> nodes = new ArrayList<>();
  private final double cpuLevel;
  private final double memoryLevel;
  private final double[] availability;
  private String availableVersion;
  private double cpuUsage;
  private double memoryUsage;
  private double rootFsUsage;
  private double pvcGib;
  private int pvcCount;
  private Alert alert;
  private Instant now;
  private Instant episode;
  private final JsonArray nodeList = new JsonArray();
  private OverviewState reportedOverview;
  private double[] reportedAvailability;

  private record Node(String name, String role, int cpuCores, int memoryGib, int rootFsGib) {
  }

  private record Alert(String[] kind, Instant startedAt, Instant resolvesAt) {
  }

  /** What the overview document is made of, as it shows (rounded): equal states, equal documents. */
  private record OverviewState(double cpuUsage, double memoryUsage, double rootFsUsage, int pvcCount, double pvcGib,
                               Alert alert, String availableVersion) {
  }

  public SimulatedCluster(final String clusterId, final long seed) {
    this.clusterId = clusterId;
    this.random = new SplittableRandom(seed);
    final String[] versions = VERSIONS[random.nextInt(VERSIONS.length)];
    this.dkpVersion = versions[0];
    this.kubernetesVersion = versions[1];
    this.channel = CHANNELS[random.nextInt(CHANNELS.length)];
    this.availableVersion = random.nextInt(4) == 0 ? nextMinor(dkpVersion) : null;
    final int masterCores = 4 << random.nextInt(2);
    for (int i = 0; i < 3; i++) {
      nodes.add(new Node("master-" + i, "master", masterCores, masterCores * 4, 60));
    }
    final int workerCores = 4 << random.nextInt(3);
    final int workers = 1 + random.nextInt(8);
    for (int i = 0; i < workers; i++) {
      nodes.add(new Node("worker-" + i, "worker", workerCores, workerCores * (4 << random.nextInt(2)),
          100 + 50 * random.nextInt(4)));
    }
    this.cpuLevel = 15 + random.nextDouble() * 45;
    this.memoryLevel = 30 + random.nextDouble() * 40;
    this.cpuUsage = cpuLevel;
    this.memoryUsage = memoryLevel;
    this.rootFsUsage = 10 + random.nextDouble() * 40;
    this.pvcCount = random.nextInt(30);
    this.pvcGib = pvcCount * (5 + random.nextInt(50));
    for (Node n : nodes) {
      nodeList.add(new JsonObject().put("name", n.name()).put("role", n.role()).put("ready", true)
          .put("cpu_cores", n.cpuCores()).put("memory_gib", (double) n.memoryGib())
          .put("root_fs_gib", (double) n.rootFsGib()).put("kubelet_version", "v" + kubernetesVersion));
    }
    this.availability = new double[probeCount()];
    java.util.Arrays.fill(availability, 1.0);
  }

  public String clusterId() {
    return clusterId;
  }

  /** The Kubernetes version its nodes run, e.g. {@code 1.30.8}. */
  public String kubernetesVersion() {
    return kubernetesVersion;
  }

  /** The Deckhouse version it runs, e.g. {@code 1.68.6}. */
  public String deckhouseVersion() {
    return dkpVersion;
  }

  /** Its Deckhouse release channel, e.g. {@code Stable}. */
  public String releaseChannel() {
    return channel;
  }

  /** Whether an alert fires now. */
  public boolean alerting() {
    return alert != null;
  }

  /** The share of its CPU in use now, in per cent. */
  public double cpuUsagePercent() {
    return cpuUsage;
  }

  /** The share of its memory in use now, in per cent. */
  public double memoryUsagePercent() {
    return memoryUsage;
  }

  /** Its nodes: {@code name}, {@code role}, {@code cpu_cores}, {@code memory_gib}, {@code kubelet_version}. */
  public JsonArray nodes() {
    return nodeList.copy();
  }

  /** Moves the simulated cluster on to `now`; answers the sources whose content changed since the last call. */
  public Map<String, JsonObject> advance(final Instant now) {
    if (this.now != null && now.isAfter(this.now)) {
      step(Math.min(MAX_STEP_MINUTES, Duration.between(this.now, now).toMillis() / 60_000.0), now);
    }
    if (this.now == null || now.isAfter(this.now)) {
      this.now = now;
    }
    if (episode == null || !now.isBefore(episode.plus(UPMETER_EPISODE))) {
      episode = now;
      for (int i = 0; i < availability.length; i++) {
        // Mostly whole episodes; now and then a probe misses a few seconds.
        availability[i] = random.nextInt(20) == 0 ? 1 - random.nextDouble() * 0.01 : 1.0;
      }
    }
    // Documents are built only for sources whose state changed: most calls build one or none.
    final Map<String, JsonObject> changed = new LinkedHashMap<>();
    final OverviewState overview = overviewState();
    if (!overview.equals(reportedOverview)) {
      reportedOverview = overview;
      changed.put(OVERVIEW, overview());
    }
    if (!java.util.Arrays.equals(availability, reportedAvailability)) {
      reportedAvailability = availability.clone();
      changed.put(UPMETER, upmeter());
    }
    return changed;
  }

  /** Every source as it is now. */
  public Map<String, JsonObject> snapshot() {
    final Map<String, JsonObject> sources = new LinkedHashMap<>();
    sources.put(OVERVIEW, overview());
    sources.put(UPMETER, upmeter());
    return sources;
  }

  private OverviewState overviewState() {
    return new OverviewState(round(cpuUsage, 1), round(memoryUsage, 1), round(rootFsUsage, 1), pvcCount, pvcGib,
        alert, availableVersion);
  }

  private void step(final double minutes, final Instant at) {
    cpuUsage = drift(cpuUsage, cpuLevel, 4, minutes);
    memoryUsage = drift(memoryUsage, memoryLevel, 1.5, minutes);
    rootFsUsage = clamp(rootFsUsage + minutes * 0.002 + noise(0.05, minutes), 1, 95);
    if (random.nextDouble() < minutes / (60 * 24) * 2 && pvcCount < 200) {
      pvcCount++;
      pvcGib += 5 + random.nextInt(50);
    }
    if (alert != null && !at.isBefore(alert.resolvesAt())) {
      alert = null;
    } else if (alert == null && random.nextDouble() < minutes / 60 * ALERTS_PER_HOUR) {
      alert = new Alert(ALERTS[random.nextInt(ALERTS.length)], at,
          at.plus(Duration.ofMinutes(3 + random.nextInt(40))));
    }
    if (availableVersion == null && random.nextDouble() < minutes / (60 * 24) * UPDATES_PER_DAY) {
      availableVersion = nextMinor(dkpVersion);
    }
  }

  /** A mean-reverting walk: usage wanders around the cluster's own level. */
  private double drift(final double value, final double level, final double volatility, final double minutes) {
    final double pull = Math.min(1, 0.1 * minutes);
    return clamp(value + (level - value) * pull + noise(volatility, minutes), 1, 99);
  }

  private double noise(final double volatility, final double minutes) {
    return (random.nextDouble() * 2 - 1) * volatility * Math.sqrt(minutes);
  }

  private JsonObject overview() {
    int cores = 0;
    int memory = 0;
    int rootFs = 0;
    int masters = 0;
    for (Node n : nodes) {
      cores += n.cpuCores();
      memory += n.memoryGib();
      rootFs += n.rootFsGib();
      masters += "master".equals(n.role()) ? 1 : 0;
    }
    final JsonArray alerts = new JsonArray();
    if (alert != null) {
      alerts.add(new JsonObject().put("alert", alert.kind()[0]).put("severity", alert.kind()[1])
          .put("summary", alert.kind()[2]).put("started_at", alert.startedAt().toString()));
    }
    return new JsonObject()
        .put("dkp_version", dkpVersion)
        .put("release_channel", channel)
        .put("update_available", availableVersion != null)
        .put("available_dkp_version", availableVersion)
        .put("kubernetes_version", kubernetesVersion)
        .put("nodes", new JsonObject().put("total", nodes.size()).put("masters", masters)
            .put("workers", nodes.size() - masters).put("ready", nodes.size()))
        .put("node_list", nodeList.copy())
        .put("cpu_cores", cores)
        .put("cpu_usage_percent", round(cpuUsage, 1))
        .put("memory_gib", (double) memory)
        .put("memory_usage_percent", round(memoryUsage, 1))
        .put("root_fs_gib", (double) rootFs)
        .put("root_fs_usage_percent", round(rootFsUsage, 1))
        .put("pvc_capacity_gib", pvcGib)
        .put("pvc_count", pvcCount)
        .put("warnings", new JsonObject().put("firing_alerts", alerts));
  }

  private JsonObject upmeter() {
    final JsonArray rows = new JsonArray();
    int i = 0;
    for (String[] group : PROBES) {
      final JsonArray probes = new JsonArray();
      double least = 1;
      for (int p = 1; p < group.length; p++) {
        final double a = round(availability[i++], 4);
        least = Math.min(least, a);
        probes.add(new JsonObject().put("probe", group[p]).put("availability", a));
      }
      rows.add(new JsonObject().put("group", group[0]).put("availability", least).put("probes", probes));
    }
    return new JsonObject().put("episode_seconds", UPMETER_EPISODE.toSeconds()).put("rows", rows);
  }

  private static int probeCount() {
    int n = 0;
    for (String[] group : PROBES) {
      n += group.length - 1;
    }
    return n;
  }

  private static String nextMinor(final String version) {
    final String[] parts = version.split("\\.");
    return parts[0] + "." + (Integer.parseInt(parts[1]) + 1) + ".0";
  }

  private static double round(final double value, final int digits) {
    final double scale = Math.pow(10, digits);
    return Math.round(value * scale) / scale;
  }

  private static double clamp(final double value, final double min, final double max) {
    return Math.max(min, Math.min(max, value));
  }
}
