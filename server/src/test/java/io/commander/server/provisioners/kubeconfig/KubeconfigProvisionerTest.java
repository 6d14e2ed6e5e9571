package io.commander.server.provisioners.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.commander.server.provisioners.Cancellation;
import io.commander.server.provisioners.Drift;
import io.commander.server.provisioners.Job;
import io.commander.server.provisioners.Job.AgentInstall;
import io.commander.server.provisioners.Plan;
import io.commander.server.provisioners.ProvisionerException;
import io.commander.server.provisioners.ProvisionerException.Reason;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kubeconfig provisioner against fabric8's mock API server (CRUD mode). */
@EnableKubernetesMockClient(crud = true)
@Timeout(60)
class KubeconfigProvisionerTest {

  private static final String TOKEN = "kubeconfig-token-do-not-log";
  private static final String AGENT_TOKEN = "agent-token-0123456789";
  private static final String NS = AgentManifests.NAMESPACE;

  private static final String PRIMARY = """
      apiVersion: v1
      kind: Namespace
      metadata:
        name: apps
      ---
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: platform
        namespace: apps
      data:
        tier: gold
      """;
  private static final String BASE = """
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: settings
        namespace: apps
        labels:
          team: platform
      data:
        replicas: "3"
        mode: strict
      ---
      # no namespace: the kubeconfig context's one
      apiVersion: v1
      kind: ConfigMap
      metadata:
        name: defaults
      data:
        a: "1"
      """;
  private static final String SEED = """
      apiVersion: v1
      kind: Secret
      metadata:
        name: seed
        namespace: apps
      stringData:
        password: initial
      """;

  KubernetesMockServer server;
  KubernetesClient client;

  private final UUID commanderId = UUID.randomUUID();
  private final UUID clusterId = UUID.randomUUID();
  private final List<String> log = new ArrayList<>();
  private final KubeconfigProvisioner provisioner = new KubeconfigProvisioner();

  @BeforeEach
  void cluster() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("kube-system").endMetadata()
        .build()).create();
  }

  @Test
  void applyInstallsTheAgent() {
    provisioner.apply(job(Map.of()));

    final Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "commander",
        "heritage", "deckhouse-commander", "commander.io/cluster-id", clusterId.toString(),
        "commander.io/commander-id", commanderId.toString());
    assertThat(client.namespaces().withName(NS).get().getMetadata().getLabels()).containsAllEntriesOf(labels);
    assertThat(client.serviceAccounts().inNamespace(NS).withName("commander-agent").get().getMetadata().getLabels())
        .containsAllEntriesOf(labels);

    final ClusterRole role = client.rbac().clusterRoles().withName("commander-agent").get();
    assertThat(role.getMetadata().getLabels()).containsAllEntriesOf(labels);
    assertThat(role.getRules()).anySatisfy(r -> {
      assertThat(r.getApiGroups()).containsExactly("*");
      assertThat(r.getResources()).containsExactly("*");
      assertThat(r.getVerbs()).containsExactly("get", "list", "watch");
    });
    assertThat(role.getRules()).anySatisfy(r -> assertThat(r.getVerbs()).contains("create", "patch", "delete"));
    assertThat(role.getRules()).flatExtracting(r -> r.getVerbs()).doesNotContain("impersonate", "escalate", "bind");

    final ClusterRoleBinding binding = client.rbac().clusterRoleBindings().withName("commander-agent").get();
    assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
    assertThat(binding.getRoleRef().getName()).isEqualTo("commander-agent");
    assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
      assertThat(s.getKind()).isEqualTo("ServiceAccount");
      assertThat(s.getName()).isEqualTo("commander-agent");
      assertThat(s.getNamespace()).isEqualTo(NS);
    });

    final Secret secret = client.secrets().inNamespace(NS).withName("commander-agent").get();
    assertThat(secret.getMetadata().getLabels()).containsAllEntriesOf(labels);
    assertThat(decode(secret.getData().get("token"))).isEqualTo(AGENT_TOKEN);
    assertThat(decode(secret.getData().get("server-url")))
        .isEqualTo("https://commander.example.com/agent_api/" + clusterId);
    assertThat(decode(secret.getData().get("ca.crt"))).startsWith("-----BEGIN CERTIFICATE-----");

    final Deployment deployment = client.apps().deployments().inNamespace(NS).withName("commander-agent").get();
    assertThat(deployment.getMetadata().getLabels()).containsAllEntriesOf(labels);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(labels);
    assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo("commander-agent");
    assertThat(deployment.getSpec().getTemplate().getSpec().getContainers()).singleElement().satisfies(c -> {
      assertThat(c.getImage()).isEqualTo("registry.example.com/commander-agent:1.0");
      final Map<String, EnvVar> env = c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
      assertThat(env.get("COMMANDER_AGENT_TOKEN").getValueFrom().getSecretKeyRef().getName())
          .isEqualTo("commander-agent");
      assertThat(env.get("COMMANDER_AGENT_TOKEN").getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");
      assertThat(env.get("COMMANDER_AGENT_SERVER_URL").getValueFrom().getSecretKeyRef().getKey())
          .isEqualTo("server-url");
      assertThat(env.get("COMMANDER_AGENT_CLUSTER_ID").getValue()).isEqualTo(clusterId.toString());
      assertThat(env.get("COMMANDER_AGENT_CA_FILE").getValue()).isEqualTo("/etc/commander-agent/ca.crt");
    });

    final ConfigMap ownership = client.configMaps().inNamespace(NS).withName("commander-ownership").get();
    assertThat(ownership.getData()).containsEntry("commander-id", commanderId.toString())
        .containsEntry("cluster-id", clusterId.toString()).containsEntry("cluster-name", "prod-1");
    assertThat(String.join("\n", log)).contains("connected to", "recorded in ConfigMap " + NS + "/commander-ownership",
        "agent: applied Deployment " + NS + "/commander-agent").doesNotContain(TOKEN, AGENT_TOKEN);
  }

  @Test
  void applyingAgainChangesNothing() {
    final Job job = job(rendered());
    provisioner.apply(job);
    final ConfigMap ownership = client.configMaps().inNamespace(NS).withName("commander-ownership").get();
    final Deployment deployment = client.apps().deployments().inNamespace(NS).withName("commander-agent").get();
    final int configMaps = client.configMaps().inAnyNamespace().list().getItems().size();

    provisioner.apply(job);

    assertThat(client.configMaps().inNamespace(NS).withName("commander-ownership").get().getData())
        .isEqualTo(ownership.getData());
    assertThat(client.apps().deployments().inNamespace(NS).withName("commander-agent").get().getSpec())
        .isEqualTo(deployment.getSpec());
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).hasSize(configMaps);
    assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).hasSize(1);
    assertThat(log).contains("this Commander already manages the cluster (ConfigMap " + NS + "/commander-ownership)");
    assertThat(provisioner.plan(job).changes()).isEmpty();
    assertThat(provisioner.check(job).drifted()).isFalse();
  }

  @Test
  void aClusterOfAnotherCommanderIsRefusedAndLeftAlone() {
    final UUID other = UUID.randomUUID();
    final UUID otherCluster = UUID.randomUUID();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    final ConfigMap theirs = client.configMaps().resource(ownership(other, otherCluster)).create();

    for (final Runnable call : List.<Runnable>of(() -> provisioner.apply(job(rendered())),
        () -> provisioner.plan(job(rendered())), () -> provisioner.check(job(rendered())),
        () -> provisioner.destroy(job(rendered())))) {
      assertThatThrownBy(call::run).isInstanceOfSatisfying(ProvisionerException.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
        assertThat(e.getMessage()).contains("managed by another Commander (id " + other);
      });
    }

    assertThat(client.configMaps().inNamespace(NS).withName("commander-ownership").get().getData())
        .isEqualTo(theirs.getData());
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).hasSize(1);
    assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.serviceAccounts().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.secrets().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.rbac().clusterRoles().list().getItems()).isEmpty();
    assertThat(client.namespaces().withName("apps").get()).isNull();
  }

  @Test
  void theSameClusterUnderAnotherIdIsRefused() {
    final UUID before = UUID.randomUUID();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    client.configMaps().resource(ownership(commanderId, before)).create();

    assertThatThrownBy(() -> provisioner.apply(job(rendered()))).isInstanceOfSatisfying(ProvisionerException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).contains("already attached to this Commander as cluster " + before);
        });
    assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void anAgentThisCommanderDidNotInstallIsRefused() {
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NS).endMetadata().build())
        .create();
    final Deployment theirs = client.apps().deployments().resource(new DeploymentBuilder().withNewMetadata()
        .withName("commander-agent").withNamespace(NS).endMetadata().withNewSpec().withReplicas(2).endSpec().build())
        .create();

    assertThatThrownBy(() -> provisioner.apply(job(rendered()))).isInstanceOfSatisfying(ProvisionerException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).startsWith("this cluster already runs an agent that this Commander did not "
              + "install (Deployment " + NS + "/commander-agent");
        });
    assertThat(client.apps().deployments().inNamespace(NS).withName("commander-agent").get().getSpec())
        .isEqualTo(theirs.getSpec());
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).isEmpty();
  }

  @Test
  void serverSideApplyIsTheDefault() throws InterruptedException {
    final Job merge = job(rendered());
    final Map<String, String> settings = new HashMap<>(merge.settings());
    settings.remove("apply-mode");
    final Job job = new Job(merge.clusterId(), merge.clusterName(), merge.taskId(), 1, false, merge.rendered(),
        merge.resourceModes(), merge.secrets(), merge.agent(), settings, merge.timeout(), merge.log(),
        merge.cancellation());

    // The mock server takes no apply patches (it answers 404 or 415), so only the request is checked.
    assertThatThrownBy(() -> provisioner.apply(job)).isInstanceOf(ProvisionerException.class);

    final List<RecordedRequest> patches = new ArrayList<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS); r != null;
         r = server.takeRequest(100, TimeUnit.MILLISECONDS)) {
      if ("PATCH".equals(r.getMethod())) {
        patches.add(r);
      }
    }
    assertThat(patches).first().satisfies(r -> {
      assertThat(r.getPath()).startsWith("/api/v1/namespaces/" + NS + "?")
          .contains("fieldManager=commander", "force=true");
      assertThat(r.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
    });
  }

  @Test
  void renderedResourcesAreAppliedWithLabels() {
    provisioner.apply(job(rendered()));

    final ConfigMap platform = client.configMaps().inNamespace("apps").withName("platform").get();
    assertThat(platform.getMetadata().getLabels()).containsEntry("commander.io/cluster-id", clusterId.toString())
        .containsEntry("commander.io/tab", "primary_resources");
    assertThat(client.namespaces().withName("apps").get().getMetadata().getLabels())
        .containsEntry("commander.io/cluster-id", clusterId.toString());

    final ConfigMap settings = client.configMaps().inNamespace("apps").withName("settings").get();
    assertThat(settings.getData()).containsEntry("replicas", "3").containsEntry("mode", "strict");
    assertThat(settings.getMetadata().getLabels()).containsEntry("team", "platform")
        .containsEntry("commander.io/cluster-id", clusterId.toString()).containsEntry("commander.io/tab", "base");
    assertThat(settings.getMetadata().getAnnotations()).containsEntry("commander.io/section", "resources/base")
        .containsEntry("commander.io/mode", "enforced");
    assertThat(client.configMaps().inNamespace("default").withName("defaults").get().getData()).containsEntry("a", "1");

    final Secret seed = client.secrets().inNamespace("apps").withName("seed").get();
    assertThat(seed.getMetadata().getLabels()).containsEntry("commander.io/tab", "first-run-seed-0027cdb8");
    assertThat(seed.getMetadata().getAnnotations()).containsEntry("commander.io/section", "resources/first run seed!")
        .containsEntry("commander.io/mode", "create-once");

    final ConfigMap inventory = client.configMaps().inNamespace(NS).withName("commander-inventory").get();
    assertThat(inventory.getData().get("resources.json"))
        .contains("\"name\" : \"settings\"", "\"name\" : \"seed\"", "\"name\" : \"apps\"");
  }

  @Test
  void createOnceIsNotOverwrittenButEnforcedIs() {
    final Job job = job(rendered());
    provisioner.apply(job);
    client.configMaps().inNamespace("apps").withName("settings")
        .edit(c -> new ConfigMapBuilder(c).addToData("mode", "lenient").build());
    client.secrets().inNamespace("apps").withName("seed")
        .edit(s -> {
          s.setData(Map.of("password", encode("rotated")));
          s.setStringData(null);
          return s;
        });

    provisioner.apply(job);

    assertThat(client.configMaps().inNamespace("apps").withName("settings").get().getData())
        .containsEntry("mode", "strict");
    assertThat(decode(client.secrets().inNamespace("apps").withName("seed").get().getData().get("password")))
        .isEqualTo("rotated");
    assertThat(log).anyMatch(l -> l.startsWith("left Secret apps/seed as it is"));
  }

  @Test
  void checkReportsDriftOnlyWhenThereIsSome() {
    final Job job = job(rendered());
    provisioner.apply(job);
    assertThat(provisioner.check(job).differences()).isEmpty();

    client.configMaps().inNamespace("apps").withName("platform").delete();
    client.configMaps().inNamespace("apps").withName("settings")
        .edit(c -> new ConfigMapBuilder(c).addToData("mode", "lenient").build());
    client.secrets().inNamespace("apps").withName("seed").delete();
    client.apps().deployments().inNamespace(NS).withName("commander-agent").delete();

    final Drift drift = provisioner.check(job);
    assertThat(drift.differences()).containsExactlyInAnyOrder(
        "agent: Deployment " + NS + "/commander-agent is missing",
        "ConfigMap apps/platform (primary_resources) is missing",
        "ConfigMap apps/settings (resources/base) differs in data.mode");

    provisioner.apply(job);
    assertThat(provisioner.check(job).drifted()).isFalse();
  }

  @Test
  void planListsChangesAndRemovalsAreDestructive() {
    final Plan first = provisioner.plan(job(rendered()));
    assertThat(first.changes()).contains(
        "record in ConfigMap " + NS + "/commander-ownership that Commander " + commanderId
            + " manages this cluster as " + clusterId,
        "create Deployment " + NS + "/commander-agent (agent)",
        "create ConfigMap apps/settings (resources/base)",
        "create once Secret apps/seed (resources/first run seed!)");
    assertThat(first.isDestructive()).isFalse();
    assertThat(client.namespaces().withName(NS).get()).isNull();

    provisioner.apply(job(rendered()));
    final Map<String, String> fewer = new HashMap<>(rendered());
    fewer.put("resources/base", BASE.substring(0, BASE.indexOf("---")).replace("strict", "relaxed"));
    fewer.remove("resources/first run seed!");
    final Plan second = provisioner.plan(job(fewer));
    assertThat(second.changes()).containsExactly("update ConfigMap apps/settings (resources/base): data.mode",
        "delete ConfigMap default/defaults (no longer rendered; was in resources/base)");
    assertThat(second.destructive())
        .containsExactly("delete ConfigMap default/defaults (no longer rendered; was in resources/base)");

    provisioner.apply(job(fewer));
    assertThat(client.configMaps().inNamespace("default").withName("defaults").get()).isNull();
    assertThat(client.secrets().inNamespace("apps").withName("seed").get()).isNotNull();
    assertThat(provisioner.plan(job(fewer)).changes()).isEmpty();
  }

  @Test
  void destroyRemovesWhatCommanderInstalledAndLeavesTheRest() {
    final Job job = job(rendered());
    provisioner.apply(job);
    final ConfigMap foreign = client.configMaps().resource(new ConfigMapBuilder().withNewMetadata()
        .withName("not-ours").withNamespace("default").endMetadata().addToData("k", "v").build()).create();
    client.configMaps().inNamespace("default").withName("defaults").edit(c -> {
      c.getMetadata().getLabels().remove("commander.io/cluster-id");
      return c;
    });

    provisioner.destroy(job);

    assertThat(client.apps().deployments().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.secrets().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.serviceAccounts().inAnyNamespace().list().getItems()).isEmpty();
    assertThat(client.rbac().clusterRoles().list().getItems()).isEmpty();
    assertThat(client.rbac().clusterRoleBindings().list().getItems()).isEmpty();
    assertThat(client.namespaces().list().getItems()).extracting(n -> n.getMetadata().getName())
        .containsExactly("kube-system");
    assertThat(client.configMaps().inAnyNamespace().list().getItems()).extracting(c -> c.getMetadata().getName())
        .containsExactlyInAnyOrder("not-ours", "defaults");
    assertThat(client.configMaps().inNamespace("default").withName("not-ours").get().getData())
        .isEqualTo(foreign.getData());
    assertThat(log).contains("left ConfigMap default/defaults: it no longer carries this cluster's "
        + "commander.io/cluster-id label", "deleted Namespace apps (rendered in primary_resources)",
        "deleted Namespace " + NS + " (the agent's)");

    provisioner.destroy(job);
  }

  @Test
  void aRenderedNamespaceHoldingOtherThingsIsKept() {
    final Job job = job(rendered());
    provisioner.apply(job);
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("not-ours")
        .withNamespace("apps").endMetadata().build()).create();

    provisioner.destroy(job);

    assertThat(client.namespaces().withName("apps").get()).isNotNull();
    assertThat(client.configMaps().inNamespace("apps").list().getItems()).extracting(c -> c.getMetadata().getName())
        .containsExactly("not-ours");
    assertThat(log).contains("left namespace apps: it holds objects Commander did not create (ConfigMap not-ours)");
  }

  @Test
  void destroyKeepsTheAgentNamespaceWhenItHoldsOtherThings() {
    provisioner.apply(job(Map.of()));
    client.configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName("someone-elses")
        .withNamespace(NS).endMetadata().build()).create();

    provisioner.destroy(job(Map.of()));

    assertThat(client.namespaces().withName(NS).get()).isNotNull();
    assertThat(client.configMaps().inNamespace(NS).list().getItems()).extracting(c -> c.getMetadata().getName())
        .containsExactly("someone-elses");
    assertThat(log).anyMatch(l -> l.startsWith("left namespace " + NS + ": it holds objects Commander did not "
        + "create (ConfigMap someone-elses)"));
  }

  @Test
  void anUnreachableApiServerIsTransient() throws IOException {
    final int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    final Job job = job(Map.of(), kubeconfig("https://127.0.0.1:" + port), Duration.ofMinutes(1), new Cancellation());

    assertThatThrownBy(() -> provisioner.apply(job)).isInstanceOfSatisfying(ProvisionerException.class, e -> {
      assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
      assertThat(e.getMessage()).isEqualTo("reading the API server's version: cannot reach the API server at "
          + "https://127.0.0.1:" + port + "/ (connection refused)");
    });
  }

  @Test
  void aMalformedKubeconfigIsPermanentAndNotRepeated() {
    final String broken = kubeconfig(client.getMasterUrl().toString()).replace("  user:\n", "  user: [\n");
    assertThatThrownBy(() -> provisioner.apply(job(Map.of(), broken, Duration.ofMinutes(1), new Cancellation())))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).startsWith("the kubeconfig does not read as a kubeconfig (YAML) at line")
              .doesNotContain(TOKEN);
        });

    final Map<String, String> refused = Map.of(
        "current-context: mock", "the kubeconfig has no current-context",
        "    token: " + TOKEN, "exec credential plugin ('aws')",
        "    insecure-skip-tls-verify: true", "refers to a file on the Commander server");
    final Map<String, String> edits = Map.of(
        "current-context: mock", "",
        "    token: " + TOKEN, "    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: /usr/bin/aws",
        "    insecure-skip-tls-verify: true", "    certificate-authority: /etc/kubernetes/pki/ca.crt");
    edits.forEach((from, to) -> {
      final String text = kubeconfig(client.getMasterUrl().toString()).replace(from, to);
      assertThatThrownBy(() -> provisioner.apply(job(Map.of(), text, Duration.ofMinutes(1), new Cancellation())))
          .isInstanceOfSatisfying(ProvisionerException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
            assertThat(e.getMessage()).contains(refused.get(from)).doesNotContain(TOKEN);
          });
    });
    assertThatThrownBy(() -> provisioner.apply(job(Map.of(), "", Duration.ofMinutes(1), new Cancellation())))
        .hasMessage("the cluster has no kubeconfig: store one before attaching it");
  }

  @Test
  void rejectedCredentialsArePermanent() {
    server.expect().get().withPath("/api/v1/namespaces/kube-system").andReturn(401, new StatusBuilder()
        .withCode(401).withMessage("Unauthorized").build()).always();

    assertThatThrownBy(() -> provisioner.apply(job(rendered()))).isInstanceOfSatisfying(ProvisionerException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).contains("rejected the kubeconfig's credentials (401 Unauthorized)");
        });
  }

  @Test
  void aForbiddenReadNamesThePermission() {
    final String said = "namespaces \"kube-system\" is forbidden: User \"viewer\" cannot get resource "
        + "\"namespaces\" in API group \"\" in the namespace \"kube-system\"";
    server.expect().get().withPath("/api/v1/namespaces/kube-system").andReturn(403, new StatusBuilder()
        .withCode(403).withReason("Forbidden").withMessage(said).build()).always();

    assertThatThrownBy(() -> provisioner.apply(job(rendered()))).isInstanceOfSatisfying(ProvisionerException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).isEqualTo("reading namespace kube-system: forbidden (403): " + said
              + ". The kubeconfig's user needs this permission to attach the cluster");
        });
  }

  @Test
  void missingPermissionsAreListedBeforeAnythingIsWritten() {
    server.expect().post().withPath("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews")
        .andReturn(201, new SelfSubjectAccessReviewBuilder().withNewStatus().withAllowed(false).endStatus().build())
        .always();

    assertThatThrownBy(() -> provisioner.apply(job(rendered()))).isInstanceOfSatisfying(ProvisionerException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).startsWith("the kubeconfig's user lacks permissions Commander needs: "
              + "create namespaces; create configmaps in namespace " + NS)
              .contains("patch clusterrolebindings.rbac.authorization.k8s.io");
        });
    assertThat(client.namespaces().withName(NS).get()).isNull();
  }

  @Test
  void cancellationAndTimeoutStopTheCall() {
    final Cancellation canceled = new Cancellation();
    canceled.cancel("the user canceled the task");
    final String kubeconfig = kubeconfig(client.getMasterUrl().toString());
    assertThatThrownBy(() -> provisioner.apply(job(rendered(), kubeconfig, Duration.ofMinutes(1), canceled)))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> {
          assertThat(e.reason()).isEqualTo(Reason.CANCELED);
          assertThat(e.getMessage()).contains("the user canceled the task");
        });
    assertThatThrownBy(() -> provisioner.apply(job(rendered(), kubeconfig, Duration.ZERO, new Cancellation())))
        .isInstanceOfSatisfying(ProvisionerException.class, e -> assertThat(e.reason()).isEqualTo(Reason.TIMEOUT));
    assertThat(client.namespaces().withName(NS).get()).isNull();
  }

  @Test
  void brokenRenderedYamlIsPermanent() {
    final Map<String, String> rendered = new HashMap<>(rendered());
    rendered.put("resources/base", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [x\n");
    assertThatThrownBy(() -> provisioner.apply(job(rendered))).isInstanceOfSatisfying(ProvisionerException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.PERMANENT);
          assertThat(e.getMessage()).startsWith("resources/base does not parse as Kubernetes YAML at line");
        });
    rendered.put("resources/base", PRIMARY);
    assertThatThrownBy(() -> provisioner.apply(job(rendered))).hasMessageContaining(
        "is rendered twice (in primary_resources and in resources/base)");
  }

  private Map<String, String> rendered() {
    return Map.of("primary_resources", PRIMARY, "resources/base", BASE, "resources/first run seed!", SEED,
        "kubernetes", "apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\n");
  }

  private Job job(final Map<String, String> rendered) {
    return job(rendered, kubeconfig(client.getMasterUrl().toString()), Duration.ofMinutes(1), new Cancellation());
  }

  private Job job(final Map<String, String> rendered, final String kubeconfig, final Duration timeout,
                  final Cancellation cancellation) {
    final AgentInstall agent = new AgentInstall(commanderId, "https://commander.example.com/agent_api/" + clusterId,
        AGENT_TOKEN, "registry.example.com/commander-agent:1.0",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    return new Job(clusterId, "prod-1", UUID.randomUUID(), 1, false, rendered,
        Map.of("resources/base", "enforced", "resources/first run seed!", "create-once"),
        Map.of("kubeconfig", kubeconfig), Optional.of(agent),
        // The mock server takes no apply patches: objects are created or merged.
        Map.of("apply-mode", "merge", "request-retries", "0", "request-timeout", "5"),
        timeout, (stream, text) -> log.add(text), cancellation);
  }

  private static String kubeconfig(final String server) {
    return """
        apiVersion: v1
        kind: Config
        clusters:
        - name: mock
          cluster:
            server: %s
            insecure-skip-tls-verify: true
        contexts:
        - name: mock
          context:
            cluster: mock
            user: tester
            namespace: default
        current-context: mock
        users:
        - name: tester
          user:
            token: %s
        """.formatted(server.replaceAll("/$", ""), TOKEN);
  }

  private ConfigMap ownership(final UUID commander, final UUID cluster) {
    return new ConfigMapBuilder().withNewMetadata().withName("commander-ownership").withNamespace(NS).endMetadata()
        .addToData("commander-id", commander.toString()).addToData("cluster-id", cluster.toString()).build();
  }

  private static String decode(final String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  private static String encode(final String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
