package io.commander.server.provisioners.kubeconfig;

import io.commander.agent.kubernetes.Merge;
import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Job.AgentInstall;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.Provisioner;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.ProvisionerException.Reason;
import io.commander.server.provisioners.kubeconfig.RenderedResources.Desired;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Attaches an existing cluster through its kubeconfig ({@code secrets["kubeconfig"]}): checks access,
 * claims the cluster for this Commander, installs commander-agent and applies the rendered resources;
 * detaches it again on {@link #destroy}.
 *
 * <p><b>Ownership.</b> The ConfigMap {@code d8-commander-agent/commander-ownership} names the managing
 * Commander ({@code commander-id}) and the cluster's id there ({@code cluster-id}). Missing: this
 * Commander claims the cluster. Same Commander and cluster: a re-run. Another Commander, or this one
 * under another cluster id: refused (PERMANENT) before anything is written.
 *
 * <p><b>Resources.</b> {@code primary_resources} and every enforced {@code resources/<tab>} are applied
 * (server-side apply by default, see {@link KubeconfigSettings}); {@code create-once} tabs are created
 * when absent and never changed afterwards. Objects Commander applied are listed in the inventory
 * ConfigMap {@code d8-commander-agent/commander-inventory}. An enforced object no longer rendered is
 * deleted by the next apply (if it still carries this cluster's label): {@link #plan} lists those
 * deletions as destructive, so they need an approval. A create-once object dropped from the template is
 * left in place.
 *
 * <p><b>Detach</b> ({@link #destroy}) deletes the rendered objects Commander created (inventory and
 * current rendering, each only if still labelled with this cluster's id), the agent's objects, the
 * inventory and ownership ConfigMaps, and last the namespace {@code d8-commander-agent} when Commander
 * created it and it holds nothing else; otherwise the namespace stays and the log says why.
 *
 * <p>Every method opens its own client and closes it; the provisioner holds no state between calls.
 * Cancellation closes the client, so a request in flight ends at once; the job's timeout is checked
 * before every request and bounds each request's own timeout.
 */
public final class KubeconfigProvisioner implements Provisioner {

  public static final String NAME = "kubeconfig";

  private static final String OWNERSHIP = "ConfigMap " + AgentManifests.NAMESPACE + "/" + AgentManifests.OWNERSHIP;

  private final Clock clock;

  public KubeconfigProvisioner() {
    this(Clock.systemUTC());
  }

  KubeconfigProvisioner(final Clock clock) {
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Plan plan(final Job job) {
    final Instant started = clock.instant();
    final KubeconfigSettings settings = KubeconfigSettings.from(job.settings());
    final AgentInstall agent = agent(job);
    final List<Desired> desired = RenderedResources.parse(job);
    try (ClusterSession session = ClusterSession.open(job, settings, started)) {
      verifyAccess(session, job);
      final List<String> changes = new ArrayList<>();
      if (readOwnership(session, job, agent) == null) {
        changes.add("record in " + OWNERSHIP + " that Commander " + agent.commanderId()
            + " manages this cluster as " + job.clusterId());
      }
      for (final HasMetadata object : AgentManifests.agentObjects(job.clusterId(), agent)) {
        final HasMetadata live = read(session, object);
        final List<String> paths = live == null ? List.of() : Differences.between(object, live);
        if (live == null) {
          changes.add("create " + ResourceKey.of(object) + " (agent)");
        } else if (!paths.isEmpty()) {
          changes.add("update " + ResourceKey.of(object) + " (agent): " + String.join(", ", paths));
        }
      }
      RenderedResources.resolveScopes(desired, session);
      for (final Desired d : desired) {
        final HasMetadata live = read(session, d.object());
        final List<String> paths = live == null || d.createOnce() ? List.of() : Differences.between(d.object(), live);
        if (live == null) {
          changes.add((d.createOnce() ? "create once " : "create ") + d.key() + " (" + d.section() + ")");
        } else if (!paths.isEmpty()) {
          changes.add("update " + d.key() + " (" + d.section() + "): " + String.join(", ", paths));
        }
      }
      final List<String> destructive = new ArrayList<>();
      for (final Inventory.Entry dropped : droppedEnforced(readInventory(session), desired)) {
        final HasMetadata live = read(session, RenderedResources.stub(dropped.key()));
        if (live != null && labelledForCluster(live, job.clusterId())) {
          destructive.add("delete " + dropped.key() + " (no longer rendered; was in " + dropped.section() + ")");
        }
      }
      changes.addAll(destructive);
      return new Plan(changes, destructive);
    }
  }

  @Override
  public void apply(final Job job) {
    final Instant started = clock.instant();
    final KubeconfigSettings settings = KubeconfigSettings.from(job.settings());
    final AgentInstall agent = agent(job);
    final List<Desired> desired = RenderedResources.parse(job);
    try (ClusterSession session = ClusterSession.open(job, settings, started)) {
      job.log().info((job.created() ? "converging" : "attaching") + " cluster " + job.clusterName() + " ("
          + job.clusterId() + ") through " + session.server());
      verifyAccess(session, job);
      preflight(session, job, "create", "patch");
      claim(session, job, agent, settings);
      for (final HasMetadata object : AgentManifests.agentObjects(job.clusterId(), agent)) {
        write(session, object, settings);
        job.log().info("agent: applied " + ResourceKey.of(object));
      }
      RenderedResources.resolveScopes(desired, session);
      final Inventory previous = readInventory(session);
      final List<Inventory.Entry> applied = desired.stream()
          .map(d -> new Inventory.Entry(d.key(), d.section(), d.mode())).toList();
      writeInventory(session, job, agent, settings, previous.plus(applied));
      int created = 0;
      int kept = 0;
      for (final Desired d : desired) {
        if (!d.createOnce()) {
          write(session, d.object(), settings);
          job.log().info("applied " + d.key() + " (" + d.section() + ")");
        } else if (createIfAbsent(session, d.object())) {
          created++;
          job.log().info("created " + d.key() + " (" + d.section() + ", create-once)");
        } else {
          kept++;
          job.log().info("left " + d.key() + " as it is (" + d.section() + ", create-once)");
        }
      }
      final Set<ResourceKey> wanted = new HashSet<>();
      applied.forEach(e -> wanted.add(e.key()));
      final List<Inventory.Entry> remaining = new ArrayList<>(applied);
      int pruned = 0;
      for (final Inventory.Entry entry : previous.entries()) {
        if (wanted.contains(entry.key())) {
          continue;
        }
        if (entry.createOnce()) {
          remaining.add(entry);
        } else if (deleteIfOurs(session, job, entry.key(), "no longer rendered; was in " + entry.section())) {
          pruned++;
        }
      }
      writeInventory(session, job, agent, settings, new Inventory(remaining));
      job.log().info("cluster " + job.clusterName() + " is attached: agent installed, "
          + (desired.size() - created - kept) + " enforced object(s) applied, " + created + " created once, "
          + kept + " create-once left as they were, " + pruned + " pruned");
    }
  }

  @Override
  public Drift check(final Job job) {
    final Instant started = clock.instant();
    final KubeconfigSettings settings = KubeconfigSettings.from(job.settings());
    final AgentInstall agent = agent(job);
    final List<Desired> desired = RenderedResources.parse(job);
    try (ClusterSession session = ClusterSession.open(job, settings, started)) {
      verifyAccess(session, job);
      final List<String> differences = new ArrayList<>();
      if (readOwnership(session, job, agent) == null) {
        differences.add(OWNERSHIP + " is missing");
      }
      for (final HasMetadata object : AgentManifests.agentObjects(job.clusterId(), agent)) {
        final HasMetadata live = read(session, object);
        if (live == null) {
          differences.add("agent: " + ResourceKey.of(object) + " is missing");
        } else {
          final List<String> paths = Differences.between(object, live);
          if (!paths.isEmpty()) {
            differences.add("agent: " + ResourceKey.of(object) + " differs in " + String.join(", ", paths));
          }
        }
      }
      RenderedResources.resolveScopes(desired, session);
      for (final Desired d : desired) {
        if (d.createOnce()) {
          continue;
        }
        final HasMetadata live = read(session, d.object());
        if (live == null) {
          differences.add(d.key() + " (" + d.section() + ") is missing");
        } else {
          final List<String> paths = Differences.between(d.object(), live);
          if (!paths.isEmpty()) {
            differences.add(d.key() + " (" + d.section() + ") differs in " + String.join(", ", paths));
          }
        }
      }
      for (final Inventory.Entry dropped : droppedEnforced(readInventory(session), desired)) {
        final HasMetadata live = read(session, RenderedResources.stub(dropped.key()));
        if (live != null && labelledForCluster(live, job.clusterId())) {
          differences.add(dropped.key() + " is no longer rendered but still in the cluster");
        }
      }
      job.log().info(differences.isEmpty() ? "cluster matches its rendered configuration"
          : differences.size() + " difference(s) from the rendered configuration");
      return new Drift(differences);
    }
  }

  @Override
  public void destroy(final Job job) {
    final Instant started = clock.instant();
    final KubeconfigSettings settings = KubeconfigSettings.from(job.settings());
    final AgentInstall agent = agent(job);
    List<Desired> desired;
    try {
      desired = RenderedResources.parse(job);
    } catch (final ProvisionerException e) {
      job.log().line("stderr", "the rendered resources do not read (" + e.getMessage()
          + "): detaching by the inventory alone");
      desired = List.of();
    }
    try (ClusterSession session = ClusterSession.open(job, settings, started)) {
      job.log().info("detaching cluster " + job.clusterName() + " (" + job.clusterId() + ") through "
          + session.server());
      verifyAccess(session, job);
      preflight(session, job, "delete");
      if (readOwnership(session, job, agent) == null) {
        refuseForeignAgent(session, agent);
        job.log().info(OWNERSHIP + " is missing: removing whatever Commander left");
      }
      final Map<ResourceKey, String> targets = new TreeMap<>(Comparator
          .comparingInt((ResourceKey k) -> "Namespace".equals(k.kind()) ? 1 : 0)
          .thenComparing(Function.identity()));
      readInventory(session).entries().forEach(e -> targets.put(e.key(), e.section()));
      final String fallback = session.client().getConfiguration().getNamespace();
      for (final Desired d : desired) {
        session.namespaced(d.object()).ifPresent(namespaced -> {
          RenderedResources.scope(d.object(), namespaced, fallback);
          targets.putIfAbsent(d.key(), d.section());
        });
      }
      int deleted = 0;
      for (final Map.Entry<ResourceKey, String> target : targets.entrySet()) {
        if (deleteIfOurs(session, job, target.getKey(), "rendered in " + target.getValue())) {
          deleted++;
        }
      }
      final List<HasMetadata> agentObjects = new ArrayList<>(AgentManifests.agentObjects(job.clusterId(), agent));
      final HasMetadata namespace = agentObjects.remove(0);
      Collections.reverse(agentObjects);
      for (final HasMetadata object : agentObjects) {
        deleteAgentObject(session, job, object);
      }
      deleteAgentObject(session, job, Inventory.empty().toConfigMap(agent.commanderId(), job.clusterId()));
      deleteAgentObject(session, job,
          AgentManifests.ownership(agent.commanderId(), job.clusterId(), job.clusterName(), started));
      final HasMetadata ownNamespace = read(session, namespace);
      if (ownNamespace != null) {
        deleteNamespaceIfOnlyOurs(session, job, ownNamespace, "the agent's");
      }
      job.log().info("cluster " + job.clusterName() + " is detached: agent removed, " + deleted
          + " rendered object(s) deleted");
    }
  }

  private static AgentInstall agent(final Job job) {
    final AgentInstall agent = job.agent().orElseThrow(() -> new ProvisionerException(Reason.PERMANENT,
        "the kubeconfig provisioner needs the agent's install settings (Commander id, server URL, token, image), "
        + "and the job has none"));
    if (agent.commanderId() == null || blank(agent.serverUrl()) || blank(agent.token()) || blank(agent.image())) {
      throw new ProvisionerException(Reason.PERMANENT,
          "the agent's install settings lack the Commander id, server URL, token or image");
    }
    return agent;
  }

  /** Reads the version and kube-system: the API server answers, and the credentials are accepted and may read. */
  private static void verifyAccess(final ClusterSession session, final Job job) {
    final KubernetesClient client = session.client();
    VersionInfo version;
    try {
      version = session.call("reading the API server's version", client::getKubernetesVersion);
    } catch (final ProvisionerException e) {
      if (!(e.getCause() instanceof KubernetesClientException k) || k.getCode() != 404) {
        throw e;
      }
      version = null;
    }
    session.call("reading namespace kube-system", () -> client.namespaces().withName("kube-system").get());
    job.log().info("connected to " + session.server() + (version == null ? ""
        : " (Kubernetes " + version.getGitVersion() + ")"));
  }

  /**
   * Asks the API server whether the kubeconfig's user may do what the call needs, so that every
   * missing permission is named at once. Skipped where the server cannot answer.
   */
  private static void preflight(final ClusterSession session, final Job job, final String... verbs) {
    final String[][] needed = {
        {"", "namespaces", null},
        {"", "configmaps", AgentManifests.NAMESPACE},
        {"", "serviceaccounts", AgentManifests.NAMESPACE},
        {"", "secrets", AgentManifests.NAMESPACE},
        {"apps", "deployments", AgentManifests.NAMESPACE},
        {"rbac.authorization.k8s.io", "clusterroles", null},
        {"rbac.authorization.k8s.io", "clusterrolebindings", null},
    };
    final List<String> missing = new ArrayList<>();
    for (final String verb : verbs) {
      for (final String[] need : needed) {
        final SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
            .withNewSpec().withNewResourceAttributes().withVerb(verb).withGroup(need[0]).withResource(need[1])
            .withNamespace(need[2]).endResourceAttributes().endSpec().build();
        final SelfSubjectAccessReview answer;
        try {
          answer = session.call("checking the permission to " + verb + " " + need[1],
              () -> session.client().authorization().v1().selfSubjectAccessReview().create(review));
        } catch (final ProvisionerException e) {
          if (e.reason() == Reason.PERMANENT && e.getCause() instanceof KubernetesClientException k
              && k.getCode() != 401) {
            job.log().line("stderr", "the API server does not answer permission checks (" + k.getCode()
                + "): skipping them");
            return;
          }
          throw e;
        }
        if (answer != null && answer.getStatus() != null && !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
          missing.add(verb + " " + need[1] + (need[0].isEmpty() ? "" : "." + need[0])
              + (need[2] == null ? "" : " in namespace " + need[2]));
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new ProvisionerException(Reason.PERMANENT, "the kubeconfig's user lacks permissions Commander needs: "
          + String.join("; ", missing) + ". Installing the agent also needs every right its ClusterRole grants "
          + "(read and write on all resources): in practice, use a cluster-admin kubeconfig");
    }
  }

  /**
   * The ownership record when it names this Commander and this cluster, {@code null} when there is none.
   *
   * @throws ProvisionerException PERMANENT when it names another Commander or another cluster id
   */
  private static ConfigMap readOwnership(final ClusterSession session, final Job job, final AgentInstall agent) {
    final ConfigMap map = session.call("reading " + OWNERSHIP, () -> session.client().configMaps()
        .inNamespace(AgentManifests.NAMESPACE).withName(AgentManifests.OWNERSHIP).get());
    if (map == null) {
      return null;
    }
    final Map<String, String> data = map.getData() == null ? Map.of() : map.getData();
    final String commanderId = data.get(AgentManifests.KEY_COMMANDER_ID);
    final String clusterId = data.get(AgentManifests.KEY_CLUSTER_ID);
    if (blank(commanderId) || blank(clusterId)) {
      throw new ProvisionerException(Reason.PERMANENT, OWNERSHIP + " does not say which Commander manages the "
          + "cluster (keys " + AgentManifests.KEY_COMMANDER_ID + " and " + AgentManifests.KEY_CLUSTER_ID
          + "): delete it if no Commander manages this cluster");
    }
    if (!commanderId.trim().equals(agent.commanderId().toString())) {
      throw new ProvisionerException(Reason.PERMANENT, "this cluster is managed by another Commander (id "
          + commanderId.trim() + ", cluster id " + clusterId.trim() + ", per " + OWNERSHIP
          + "): detach it there first");
    }
    if (!clusterId.trim().equals(job.clusterId().toString())) {
      throw new ProvisionerException(Reason.PERMANENT, "this cluster is already attached to this Commander as "
          + "cluster " + clusterId.trim() + " (per " + OWNERSHIP + "): a cluster can be attached once");
    }
    return map;
  }

  /**
   * Without an ownership record, an agent Deployment that this Commander did not install (labelled for
   * another Commander, or not labelled at all) still means something else manages the cluster.
   */
  private static void refuseForeignAgent(final ClusterSession session, final AgentInstall agent) {
    final Deployment deployment = session.call("reading the agent's Deployment", () -> session.client().apps()
        .deployments().inNamespace(AgentManifests.NAMESPACE).withName(AgentManifests.NAME).get());
    if (deployment == null) {
      return;
    }
    final String where = "Deployment " + AgentManifests.NAMESPACE + "/" + AgentManifests.NAME;
    final Map<String, String> labels = deployment.getMetadata().getLabels();
    final String owner = labels == null ? null : labels.get(AgentManifests.LABEL_COMMANDER_ID);
    if (owner == null) {
      throw new ProvisionerException(Reason.PERMANENT, "this cluster already runs an agent that this Commander did "
          + "not install (" + where + ", without a " + AgentManifests.LABEL_COMMANDER_ID + " label, and no "
          + OWNERSHIP + "): detach the cluster from whatever manages it, or delete that Deployment");
    }
    if (!owner.equals(agent.commanderId().toString())) {
      throw new ProvisionerException(Reason.PERMANENT, "this cluster is managed by another Commander (id " + owner
          + ", per the labels of " + where + ", though " + OWNERSHIP + " is missing): detach it there first");
    }
  }

  /** Checks the ownership record and, when there is none, creates the namespace and the record. */
  private void claim(final ClusterSession session, final Job job, final AgentInstall agent,
                     final KubeconfigSettings settings) {
    if (readOwnership(session, job, agent) != null) {
      job.log().info("this Commander already manages the cluster (" + OWNERSHIP + ")");
      return;
    }
    refuseForeignAgent(session, agent);
    write(session, AgentManifests.namespace(agent.commanderId(), job.clusterId()), settings);
    final ConfigMap record = AgentManifests.ownership(agent.commanderId(), job.clusterId(), job.clusterName(),
        clock.instant());
    if (!createIfAbsent(session, record)) {
      // Created concurrently: it must be ours.
      readOwnership(session, job, agent);
    }
    job.log().info("recorded in " + OWNERSHIP + " that Commander " + agent.commanderId() + " manages this cluster");
  }

  private static Inventory readInventory(final ClusterSession session) {
    return Inventory.from(session.call("reading ConfigMap " + AgentManifests.NAMESPACE + "/"
        + AgentManifests.INVENTORY, () -> session.client().configMaps().inNamespace(AgentManifests.NAMESPACE)
        .withName(AgentManifests.INVENTORY).get()));
  }

  private static void writeInventory(final ClusterSession session, final Job job, final AgentInstall agent,
                                     final KubeconfigSettings settings, final Inventory inventory) {
    write(session, inventory.toConfigMap(agent.commanderId(), job.clusterId()), settings);
  }

  private static List<Inventory.Entry> droppedEnforced(final Inventory inventory, final Collection<Desired> desired) {
    final Set<ResourceKey> wanted = new HashSet<>();
    desired.forEach(d -> wanted.add(d.key()));
    return inventory.entries().stream().filter(e -> !e.createOnce() && !wanted.contains(e.key())).toList();
  }

  private static HasMetadata read(final ClusterSession session, final HasMetadata object) {
    return session.call("reading " + ResourceKey.of(object), () -> session.client().resource(object).get());
  }

  /**
   * Server-side applies the object; in apply-mode {@code merge}, creates it or merges it into the live
   * object (RFC 7396: maps merged, lists and values replaced) and replaces that, guarded by its
   * resourceVersion (retried on a conflict).
   */
  private static void write(final ClusterSession session, final HasMetadata object,
                            final KubeconfigSettings settings) {
    final String step = "applying " + ResourceKey.of(object);
    if (settings.serverSideApply()) {
      session.run(step, () -> session.client().resource(object).fieldManager(AgentManifests.FIELD_MANAGER)
          .forceConflicts().serverSideApply());
      return;
    }
    for (int attempt = 1; ; attempt++) {
      if (createIfAbsent(session, object)) {
        return;
      }
      final HasMetadata live = read(session, object);
      if (live == null) {
        continue;
      }
      final HasMetadata merged = Merge.into(live, object);
      try {
        session.run(step, () -> session.client().resource(merged).update());
        return;
      } catch (final ProvisionerException e) {
        if (attempt >= 3 || !(e.getCause() instanceof KubernetesClientException k) || k.getCode() != 409) {
          throw e;
        }
      }
    }
  }

  /** Creates the object unless it exists; whether it was created. */
  private static boolean createIfAbsent(final ClusterSession session, final HasMetadata object) {
    if (read(session, object) != null) {
      return false;
    }
    try {
      session.run("creating " + ResourceKey.of(object), () -> session.client().resource(object).create());
      return true;
    } catch (final ProvisionerException e) {
      if (e.getCause() instanceof KubernetesClientException k && k.getCode() == 409) {
        return false;
      }
      throw e;
    }
  }

  /** Deletes the object if it exists and still carries this cluster's label; whether it did. */
  private static boolean deleteIfOurs(final ClusterSession session, final Job job, final ResourceKey key,
                                      final String why) {
    final HasMetadata stub = RenderedResources.stub(key);
    if (session.namespaced(stub).isEmpty()) {
      return false;
    }
    final HasMetadata live = read(session, stub);
    if (live == null) {
      return false;
    }
    if (!labelledForCluster(live, job.clusterId())) {
      job.log().info("left " + key + ": it no longer carries this cluster's " + AgentManifests.LABEL_CLUSTER_ID
          + " label");
      return false;
    }
    if (live instanceof Namespace) {
      return deleteNamespaceIfOnlyOurs(session, job, live, why);
    }
    delete(session, live);
    job.log().info("deleted " + key + " (" + why + ")");
    return true;
  }

  private static void deleteAgentObject(final ClusterSession session, final Job job, final HasMetadata object) {
    final HasMetadata live = read(session, object);
    if (live == null) {
      return;
    }
    if (!labelledForCluster(live, job.clusterId())) {
      job.log().info("left " + ResourceKey.of(object) + ": it is not labelled as this cluster's");
      return;
    }
    delete(session, live);
    job.log().info("agent: deleted " + ResourceKey.of(object));
  }

  private static void delete(final ClusterSession session, final HasMetadata live) {
    session.run("deleting " + ResourceKey.of(live), () -> session.client().resource(live)
        .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete());
  }

  /**
   * Deletes a namespace Commander created (it carries this cluster's label) when it holds nothing
   * Commander did not put there (among config maps, secrets, service accounts, workloads, services,
   * claims and pods): deleting a namespace deletes everything in it.
   */
  private static boolean deleteNamespaceIfOnlyOurs(final ClusterSession session, final Job job,
                                                   final HasMetadata live, final String why) {
    if (!labelledForCluster(live, job.clusterId())) {
      job.log().info("left namespace " + live.getMetadata().getName() + ": Commander did not create it");
      return false;
    }
    final KubernetesClient client = session.client();
    final String ns = live.getMetadata().getName();
    final List<String> foreign = new ArrayList<>();
    session.run("listing what namespace " + ns + " holds", () -> Stream.of(
        client.configMaps().inNamespace(ns).list().getItems().stream()
            .filter(c -> !"kube-root-ca.crt".equals(c.getMetadata().getName())),
        client.secrets().inNamespace(ns).list().getItems().stream()
            .filter(s -> !serviceAccountToken(s)),
        client.serviceAccounts().inNamespace(ns).list().getItems().stream()
            .filter(a -> !"default".equals(a.getMetadata().getName())),
        client.apps().deployments().inNamespace(ns).list().getItems().stream(),
        client.apps().statefulSets().inNamespace(ns).list().getItems().stream(),
        client.apps().daemonSets().inNamespace(ns).list().getItems().stream(),
        client.services().inNamespace(ns).list().getItems().stream(),
        client.persistentVolumeClaims().inNamespace(ns).list().getItems().stream(),
        client.pods().inNamespace(ns).list().getItems().stream())
        .flatMap(Function.identity())
        .map(HasMetadata.class::cast)
        .filter(o -> !labelledForCluster(o, job.clusterId()))
        .map(o -> o.getKind() + " " + o.getMetadata().getName())
        .forEach(foreign::add));
    if (!foreign.isEmpty()) {
      job.log().info("left namespace " + ns + ": it holds objects Commander did not create ("
          + String.join(", ", foreign.subList(0, Math.min(5, foreign.size())))
          + (foreign.size() > 5 ? ", and " + (foreign.size() - 5) + " more" : "") + ")");
      return false;
    }
    delete(session, live);
    job.log().info("deleted Namespace " + ns + " (" + why + ")");
    return true;
  }

  private static boolean serviceAccountToken(final Secret secret) {
    return "kubernetes.io/service-account-token".equals(secret.getType());
  }

  private static boolean labelledForCluster(final HasMetadata object, final UUID clusterId) {
    final Map<String, String> labels = object.getMetadata().getLabels();
    return labels != null && Objects.equals(labels.get(AgentManifests.LABEL_CLUSTER_ID), clusterId.toString());
  }

  private static boolean blank(final String value) {
    return value == null || value.isBlank();
  }
}
