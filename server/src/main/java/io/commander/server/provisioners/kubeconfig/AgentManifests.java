package io.commander.server.provisioners.kubeconfig;

import io.commander.server.provisioners.Job.AgentInstall;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What Commander installs into an attached cluster, as values: the agent's namespace, service account,
 * RBAC, secret and Deployment, and the ownership record. Pure: no client, no clock (the attach time is
 * passed in).
 *
 * <p>Everything lives in the namespace {@value #NAMESPACE} (the original product's name for it) and
 * carries {@code app.kubernetes.io/managed-by: commander}, {@code heritage: deckhouse-commander} and the
 * managing Commander's and the cluster's ids, so a detach finds it and never touches another Commander's
 * objects.
 *
 * <p>RBAC: the agent reports the whole cluster (nodes, versions, module health, any object the console
 * shows) and applies the rendered resources, which may be of any kind, custom ones included. So its
 * ClusterRole grants {@code get, list, watch} and {@code create, update, patch, delete, deletecollection}
 * on every resource of every API group, plus {@code get} on the health and version endpoints. It does
 * not grant {@code impersonate}, {@code escalate} or {@code bind}: the agent cannot act as another user
 * nor hand out rights it does not hold.
 */
public final class AgentManifests {

  /** The namespace of the agent and of Commander's records in the cluster. */
  public static final String NAMESPACE = "d8-commander-agent";
  /** The name of the agent's ServiceAccount, ClusterRole, ClusterRoleBinding, Secret and Deployment. */
  public static final String NAME = "commander-agent";
  /** The ConfigMap naming the Commander that manages the cluster, and the cluster's id there. */
  public static final String OWNERSHIP = "commander-ownership";
  /** The ConfigMap listing the rendered resources Commander created (see {@link Inventory}). */
  public static final String INVENTORY = "commander-inventory";
  /** The field manager of every server-side apply. */
  public static final String FIELD_MANAGER = "commander";

  public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
  public static final String MANAGED_BY = "commander";
  public static final String LABEL_HERITAGE = "heritage";
  public static final String HERITAGE = "deckhouse-commander";
  public static final String LABEL_NAME = "app.kubernetes.io/name";
  public static final String LABEL_CLUSTER_ID = "commander.io/cluster-id";
  public static final String LABEL_COMMANDER_ID = "commander.io/commander-id";

  /** Ownership ConfigMap keys. */
  public static final String KEY_COMMANDER_ID = "commander-id";
  public static final String KEY_CLUSTER_ID = "cluster-id";
  public static final String KEY_CLUSTER_NAME = "cluster-name";
  public static final String KEY_ATTACHED_AT = "attached-at";

  /** Agent Secret keys. */
  public static final String SECRET_TOKEN = "token";
  public static final String SECRET_SERVER_URL = "server-url";
  public static final String SECRET_CA = "ca.crt";

  private static final String CA_DIR = "/etc/commander-agent";
  private static final long AGENT_UID = 64535L;

  private AgentManifests() {
  }

  /** The labels of every object Commander installs for the agent. */
  public static Map<String, String> labels(final UUID commanderId, final UUID clusterId) {
    final Map<String, String> labels = new LinkedHashMap<>();
    labels.put(LABEL_MANAGED_BY, MANAGED_BY);
    labels.put(LABEL_HERITAGE, HERITAGE);
    labels.put(LABEL_NAME, NAME);
    labels.put(LABEL_COMMANDER_ID, commanderId.toString());
    labels.put(LABEL_CLUSTER_ID, clusterId.toString());
    return labels;
  }

  /** The agent's objects in the order they are applied (a detach deletes them in reverse). */
  public static List<HasMetadata> agentObjects(final UUID clusterId, final AgentInstall agent) {
    final Secret secret = secret(clusterId, agent);
    return List.of(namespace(agent.commanderId(), clusterId), serviceAccount(agent.commanderId(), clusterId),
        clusterRole(agent.commanderId(), clusterId), clusterRoleBinding(agent.commanderId(), clusterId), secret,
        deployment(clusterId, agent, checksum(secret)));
  }

  public static Namespace namespace(final UUID commanderId, final UUID clusterId) {
    return new NamespaceBuilder()
        .withNewMetadata().withName(NAMESPACE).withLabels(labels(commanderId, clusterId)).endMetadata()
        .build();
  }

  public static ServiceAccount serviceAccount(final UUID commanderId, final UUID clusterId) {
    return new ServiceAccountBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels(commanderId, clusterId))
        .endMetadata()
        .build();
  }

  public static ClusterRole clusterRole(final UUID commanderId, final UUID clusterId) {
    return new ClusterRoleBuilder()
        .withNewMetadata().withName(NAME).withLabels(labels(commanderId, clusterId)).endMetadata()
        .withRules(
            new PolicyRuleBuilder().withApiGroups("*").withResources("*")
                .withVerbs("get", "list", "watch").build(),
            new PolicyRuleBuilder().withApiGroups("*").withResources("*")
                .withVerbs("create", "update", "patch", "delete", "deletecollection").build(),
            new PolicyRuleBuilder().withNonResourceURLs("/version", "/healthz", "/livez", "/readyz")
                .withVerbs("get").build())
        .build();
  }

  public static ClusterRoleBinding clusterRoleBinding(final UUID commanderId, final UUID clusterId) {
    return new ClusterRoleBindingBuilder()
        .withNewMetadata().withName(NAME).withLabels(labels(commanderId, clusterId)).endMetadata()
        .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("ClusterRole").withName(NAME)
        .endRoleRef()
        .addNewSubject().withKind("ServiceAccount").withName(NAME).withNamespace(NAMESPACE).endSubject()
        .build();
  }

  /** The agent's credentials: token, where to connect, and the CA to trust there (empty: the system's). */
  public static Secret secret(final UUID clusterId, final AgentInstall agent) {
    final Map<String, String> data = new LinkedHashMap<>();
    data.put(SECRET_TOKEN, base64(agent.token()));
    data.put(SECRET_SERVER_URL, base64(agent.serverUrl()));
    data.put(SECRET_CA, base64(agent.caBundle() == null ? "" : agent.caBundle()));
    return new SecretBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels(agent.commanderId(), clusterId))
        .endMetadata()
        .withType("Opaque")
        .withData(data)
        .build();
  }

  /**
   * One agent replica (two would hold two connections for one cluster), restarted when its secret
   * changes (the pod template carries the secret's checksum), runnable on control-plane and system nodes.
   */
  public static Deployment deployment(final UUID clusterId, final AgentInstall agent, final String secretChecksum) {
    final Map<String, String> labels = labels(agent.commanderId(), clusterId);
    final Map<String, String> selector = Map.of(LABEL_NAME, NAME);
    return new DeploymentBuilder()
        .withNewMetadata().withName(NAME).withNamespace(NAMESPACE).withLabels(labels).endMetadata()
        .withNewSpec()
          .withReplicas(1)
          .withRevisionHistoryLimit(3)
          .withNewStrategy().withType("Recreate").endStrategy()
          .withNewSelector().withMatchLabels(selector).endSelector()
          .withNewTemplate()
            .withNewMetadata().withLabels(labels)
              .withAnnotations(Map.of("commander.io/secret-checksum", secretChecksum)).endMetadata()
            .withNewSpec()
              .withServiceAccountName(NAME)
              .withAutomountServiceAccountToken(true)
              .withNewSecurityContext().withRunAsNonRoot(true).withRunAsUser(AGENT_UID).withRunAsGroup(AGENT_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
              .addNewToleration().withKey("node-role.kubernetes.io/control-plane").withOperator("Exists")
                .withEffect("NoSchedule").endToleration()
              .addNewToleration().withKey("dedicated.deckhouse.io").withOperator("Exists").endToleration()
              .addNewContainer()
                .withName("agent")
                .withImage(agent.image())
                .withImagePullPolicy("IfNotPresent")
                .withEnv(env(clusterId))
                .withNewResources()
                  .withRequests(Map.of("cpu", new Quantity("50m"), "memory", new Quantity("128Mi")))
                  .withLimits(Map.of("memory", new Quantity("256Mi")))
                .endResources()
                .withNewSecurityContext().withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(true)
                  .withNewCapabilities().withDrop("ALL").endCapabilities().endSecurityContext()
                .addNewVolumeMount().withName("ca").withMountPath(CA_DIR).withReadOnly(true).endVolumeMount()
              .endContainer()
              .addNewVolume().withName("ca").withNewSecret().withSecretName(NAME)
                .addNewItem().withKey(SECRET_CA).withPath(SECRET_CA).endItem().endSecret().endVolume()
            .endSpec()
          .endTemplate()
        .endSpec()
        .build();
  }

  /** The record that this Commander manages the cluster as {@code clusterId}; created once, never updated. */
  public static ConfigMap ownership(final UUID commanderId, final UUID clusterId, final String clusterName,
                                    final Instant attachedAt) {
    final Map<String, String> data = new LinkedHashMap<>();
    data.put(KEY_COMMANDER_ID, commanderId.toString());
    data.put(KEY_CLUSTER_ID, clusterId.toString());
    data.put(KEY_CLUSTER_NAME, clusterName == null ? "" : clusterName);
    data.put(KEY_ATTACHED_AT, attachedAt.toString());
    return new ConfigMapBuilder()
        .withNewMetadata().withName(OWNERSHIP).withNamespace(NAMESPACE).withLabels(labels(commanderId, clusterId))
        .endMetadata()
        .withData(data)
        .build();
  }

  private static List<EnvVar> env(final UUID clusterId) {
    return List.of(
        new EnvVarBuilder().withName("COMMANDER_AGENT_CLUSTER_ID").withValue(clusterId.toString()).build(),
        // The agent of a real cluster reads and changes that cluster (its own service account).
        new EnvVarBuilder().withName("COMMANDER_AGENT_BACKEND").withValue("kubernetes").build(),
        secretEnv("COMMANDER_AGENT_SERVER_URL", SECRET_SERVER_URL),
        secretEnv("COMMANDER_AGENT_TOKEN", SECRET_TOKEN),
        new EnvVarBuilder().withName("COMMANDER_AGENT_CA_FILE").withValue(CA_DIR + "/" + SECRET_CA).build());
  }

  private static EnvVar secretEnv(final String name, final String key) {
    return new EnvVarBuilder().withName(name)
        .withNewValueFrom().withNewSecretKeyRef().withName(NAME).withKey(key).endSecretKeyRef().endValueFrom()
        .build();
  }

  /** SHA-256 over the secret's keys and values: changes when the token, URL or CA does. */
  static String checksum(final Secret secret) {
    try {
      final MessageDigest digest = MessageDigest.getInstance("SHA-256");
      secret.getData().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
        digest.update(e.getKey().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        digest.update(e.getValue().getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
      });
      return HexFormat.of().formatHex(digest.digest());
    } catch (final NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static String base64(final String value) {
    return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
  }
}
