package io.commander.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.ConfigLoader;
import io.commander.core.config.Role;
import io.commander.core.config.Setting;
import io.commander.server.crypto.KeyringLoader;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart in {@code deploy/helm/commander}, linted and rendered by Helm's own code (helm-java)
 * over the value sets in its {@code ci/} folder and a few more, every rendered object parsed with
 * fabric8's model classes (the postgres-operator's resource and the ServiceMonitor as generic
 * resources) and checked: probes on the health endpoints, non-root pods with a read-only root, spread
 * and disruption budgets for replicated groups, the migration hook, the keys Secret (kept, reused by
 * upgrades, and readable by the server's own {@link KeyringLoader}) and the database wiring, which
 * the server's own {@link ConfigLoader} must accept.
 *
 * <p>Helm runs in a child JVM ({@link HelmRender}) whose environment points Helm's {@code lookup} at a
 * small fake API server here, so an upgrade over an existing keys Secret can be rendered too.
 * helm-java returns the release manifest without the hooks ({@code helm template} prints them), so
 * the chart is rendered from a copy whose hook annotations are renamed, and renamed back after parsing.
 */
class HelmChartTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path CHART = ROOT.resolve("deploy/helm/commander");
  private static final String RELEASE = "commander";
  private static final String FRESH_NAMESPACE = "d8-commander";
  private static final String UPGRADE_NAMESPACE = "upgraded";
  private static final String HOOK = "helm.sh/hook";
  private static final String RENAMED_HOOK = "rendered-hook.commander.test/hook";
  private static final List<String> VALUE_SETS = List.of("external", "internal", "single-node", "ha");
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final KubernetesSerialization KUBE = new KubernetesSerialization();
  private static final Map<String, String> EXISTING_KEYS = Map.of(
      "COMMANDER_ENCRYPTION_PRIMARY_KEY", "k2:existing-primary",
      "COMMANDER_ENCRYPTION_RETIRED_KEYS", "k1:existing-retired",
      "COMMANDER_ENCRYPTION_DETERMINISTIC_KEY", "dk1:existing-deterministic");

  /** Extra value sets of single tests: name to YAML. */
  private static final Map<String, String> EXTRA_VALUES = new LinkedHashMap<>();

  static {
    final String required = """
        postgres: {external: {host: db, password: pw}}
        kafka: {bootstrap: "kafka:9092"}
        """;
    EXTRA_VALUES.put("unknown-role", required + "roleGroups: {workers: {roles: [telemetry-ingest, outbox-relay, reporter]}}\n");
    EXTRA_VALUES.put("missing-role", required + "roleGroups: {workers: null}\n");
    EXTRA_VALUES.put("no-kafka", "postgres: {external: {host: db}}\n");
    EXTRA_VALUES.put("no-db-host", "kafka: {bootstrap: \"kafka:9092\"}\n");
    EXTRA_VALUES.put("hard-spread", required + "podAntiAffinity: hard\n");
    EXTRA_VALUES.put("own-keys", required + "encryption: {existingSecret: restored-keys}\n");
    EXTRA_VALUES.put("monitored", required + "serviceMonitor: {enabled: true}\n");
    EXTRA_VALUES.put("unclustered", required + "cluster: {enabled: false}\n");
    EXTRA_VALUES.put("server-tls", required + """
        serverTls: {existingSecret: commander-tls, caKey: ca.crt}
        serviceMonitor: {enabled: true}
        """);
    EXTRA_VALUES.put("gateway-apart", required + """
        roleGroups:
          api: {roles: [api, renderer, connector]}
          gateway: {roles: [agent-gateway], replicas: 2}
        ingress: {enabled: true, hosts: [commander.example.com]}
        """);
  }

  private static HttpServer apiServer;
  private static Map<String, List<HasMetadata>> rendered;
  private static Map<String, String> errors;
  private static Map<String, JsonObject> lints;

  @BeforeAll
  static void renderEverything(@TempDir final Path work) throws Exception {
    apiServer = fakeApiServer();
    final Path chart = work.resolve("chart");
    copyChart(chart, true);
    final JsonArray jobs = new JsonArray();
    for (String set : VALUE_SETS) {
      final Path values = CHART.resolve("ci/" + set + "-values.yaml");
      jobs.add(template(set, chart, FRESH_NAMESPACE, values));
      final Path lintChart = work.resolve("lint-" + set);
      copyChart(lintChart, false);
      Files.writeString(lintChart.resolve("values.yaml"), YAML.writeValueAsString(
          merge(YAML.readTree(CHART.resolve("values.yaml").toFile()), YAML.readTree(values.toFile()))));
      jobs.add(new JsonObject().put("id", "lint-" + set).put("kind", "lint").put("chart", lintChart.toString()));
    }
    jobs.add(template("ha-again", chart, FRESH_NAMESPACE, CHART.resolve("ci/ha-values.yaml")));
    jobs.add(template("upgrade", chart, UPGRADE_NAMESPACE, CHART.resolve("ci/ha-values.yaml")));
    jobs.add(template("defaults", chart, FRESH_NAMESPACE, null));
    for (Map.Entry<String, String> extra : EXTRA_VALUES.entrySet()) {
      final Path values = work.resolve(extra.getKey() + "-values.yaml");
      Files.writeString(values, extra.getValue());
      jobs.add(template(extra.getKey(), chart, FRESH_NAMESPACE, values));
    }
    final Path jobsFile = work.resolve("out/jobs.json");
    Files.createDirectories(jobsFile.getParent());
    Files.writeString(jobsFile, jobs.encode());
    runHelm(jobsFile, work);

    rendered = new HashMap<>();
    errors = new HashMap<>();
    lints = new HashMap<>();
    for (int i = 0; i < jobs.size(); i++) {
      final JsonObject job = jobs.getJsonObject(i);
      final String id = job.getString("id");
      final Path out = jobsFile.resolveSibling(id + ".out");
      final Path err = jobsFile.resolveSibling(id + ".err");
      if (Files.exists(err)) {
        errors.put(id, Files.readString(err));
      } else if ("lint".equals(job.getString("kind"))) {
        lints.put(id, new JsonObject(Files.readString(out)));
      } else {
        rendered.put(id, parse(Files.readString(out)));
      }
    }
  }

  @AfterAll
  static void stopApiServer() {
    if (apiServer != null) {
      apiServer.stop(0);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Lint and render

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha"})
  void lintsCleanly(final String set) {
    assertThat(errors).doesNotContainKey("lint-" + set);
    final JsonObject lint = lints.get("lint-" + set);
    assertThat(lint.getBoolean("failed")).as("lint of %s: %s", set, lint.getJsonArray("messages")).isFalse();
    assertThat(lint.getJsonArray("messages").stream().map(String::valueOf))
        .noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha"})
  void rendersEveryObjectAsAKubernetesModel(final String set) {
    assertThat(errors).doesNotContainKey(set);
    final List<HasMetadata> objects = objects(set);
    assertThat(objects).allSatisfy(o -> {
      assertThat(o.getMetadata().getName()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
      assertThat(o.getMetadata().getLabels()).containsEntry("app.kubernetes.io/instance", RELEASE);
    });
    assertThat(kinds(objects)).contains("Deployment", "Service", "Secret", "Job", "ServiceAccount");
    // Only the postgres-operator's resource (Internal) is not a built-in model class.
    assertThat(objects).filteredOn(o -> o instanceof GenericKubernetesResource)
        .extracting(HasMetadata::getKind).allMatch("postgresql"::equals);
  }

  @Test
  void refusesValuesItCannotRunWithOneLine() {
    assertThat(errors.get("defaults")).contains("is required");
    assertThat(errors.get("no-kafka")).contains("kafka.bootstrap is required");
    assertThat(errors.get("no-db-host")).contains("postgres.external.host is required when postgres.mode is External");
    assertThat(errors.get("unknown-role")).contains("roleGroups.workers.roles: unknown role \"reporter\"");
    assertThat(errors.get("missing-role")).contains("no group runs telemetry-ingest, outbox-relay");
  }

  // ---------------------------------------------------------------------------------------------
  // Deployments

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha"})
  void everyDeploymentIsProbedOnTheHealthEndpoints(final String set) {
    assertThat(deployments(set)).isNotEmpty().allSatisfy(d -> {
      final Container c = container(d);
      assertThat(c.getPorts()).anySatisfy(p -> {
        assertThat(p.getName()).isEqualTo("http");
        assertThat(p.getContainerPort()).isEqualTo(8080);
      });
      assertHttpProbe(c.getLivenessProbe(), "/health/live");
      assertHttpProbe(c.getReadinessProbe(), "/health/ready");
      assertHttpProbe(c.getStartupProbe(), "/health/live");
      assertThat(env(c)).containsEntry("COMMANDER_HTTP_PORT", "8080");
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha"})
  void everyPodRunsAsNonRootWithAReadOnlyRootAndWritableStateAndTmp(final String set) {
    final List<PodSpec> pods = new ArrayList<>();
    deployments(set).forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    pods.add(migrationJob(set).getSpec().getTemplate().getSpec());
    // Only the pods that find each other through the Kubernetes API carry a token; the migration Job none.
    assertThat(migrationJob(set).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(pods).hasSize(deployments(set).size() + 1).allSatisfy(pod -> {
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(10001L);
      final Container c = pod.getContainers().get(0);
      assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
      // Where the server writes: its state folder (run marker) and java.io.tmpdir (Vert.x's file cache).
      final Map<String, String> mounts = c.getVolumeMounts().stream()
          .collect(Collectors.toMap(m -> m.getMountPath(), m -> m.getName()));
      assertThat(mounts).containsKeys("/var/lib/commander", "/tmp");
      assertThat(env(c)).containsEntry("COMMANDER_STATE_DIR", "/var/lib/commander");
      assertThat(pod.getVolumes()).filteredOn(v -> mounts.containsValue(v.getName()))
          .hasSize(2).allSatisfy(v -> assertThat(v.getEmptyDir()).isNotNull());
    });
  }

  @Test
  void haRunsEveryRoleWithTheOriginalsReplicas() {
    final Map<String, Integer> replicas = deployments("ha").stream()
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d.getSpec().getReplicas()));
    assertThat(replicas).containsExactlyInAnyOrderEntriesOf(Map.of(
        "commander-api", 2, "commander-cluster-manager", 3, "commander-workers", 2));
    assertThat(roles(deployment("ha", "commander-api"))).containsExactlyInAnyOrder(
        "api", "renderer", "connector", "agent-gateway");
    assertThat(roles(deployment("ha", "commander-cluster-manager"))).containsExactly("cluster-manager");
    assertThat(deployments("single-node")).extracting(d -> d.getSpec().getReplicas()).containsOnly(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha", "gateway-apart"})
  void everyRoleRunsInSomeGroupAndEveryProcessIsAValidCommanderConfiguration(final String set) {
    final Set<String> allRoles = Arrays.stream(Role.values()).map(Role::id).collect(Collectors.toSet());
    assertThat(deployments(set).stream().flatMap(d -> roles(d).stream()).collect(Collectors.toSet()))
        .isEqualTo(allRoles);
    final Set<String> known = Stream.concat(Arrays.stream(Setting.values()).map(Setting::envName),
        Stream.of("COMMANDER_CONFIG")).collect(Collectors.toSet());
    for (Deployment d : deployments(set)) {
      final Map<String, String> env = env(container(d));
      // A misspelt variable would be ignored by the server: every one must be a setting.
      assertThat(env.keySet()).filteredOn(k -> k.startsWith("COMMANDER_")).allMatch(known::contains);
      final CommanderConfig config = ConfigLoader.load(env, Optional.empty());
      assertThat(config.db().mode()).isEqualTo(CommanderConfig.DbMode.EXTERNAL);
      assertThat(config.kafka().embedded()).as("embedded Kafka in %s", d.getMetadata().getName()).isFalse();
      assertThat(config.roles().stream().map(Role::id).toList()).containsExactlyInAnyOrderElementsOf(roles(d));
      assertThat(config.clusterManager().agentImage()).isEqualTo("commander-agent:" + chartVersion());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha", "hard-spread"})
  void replicatedGroupsAreSpreadOverNodes(final String set) {
    final boolean hard = set.equals("hard-spread");
    for (Deployment d : deployments(set)) {
      final var affinity = d.getSpec().getTemplate().getSpec().getAffinity();
      final Map<String, String> selector = d.getSpec().getSelector().getMatchLabels();
      if (d.getSpec().getReplicas() <= 1) {
        assertThat(affinity).as("%s has one replica", d.getMetadata().getName()).isNull();
        continue;
      }
      assertThat(affinity).as("%s has %d replicas", d.getMetadata().getName(), d.getSpec().getReplicas()).isNotNull();
      final var anti = affinity.getPodAntiAffinity();
      if (hard) {
        assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).singleElement().satisfies(t -> {
          assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
          assertThat(t.getLabelSelector().getMatchLabels()).isEqualTo(selector);
        });
      } else {
        assertThat(anti.getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
        final WeightedPodAffinityTerm term = anti.getPreferredDuringSchedulingIgnoredDuringExecution().get(0);
        assertThat(term.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        assertThat(term.getPodAffinityTerm().getLabelSelector().getMatchLabels()).isEqualTo(selector);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha", "gateway-apart"})
  void aDisruptionBudgetExistsExactlyForGroupsWithMoreThanOneReplica(final String set) {
    final Map<Map<String, String>, String> replicated = deployments(set).stream()
        .filter(d -> d.getSpec().getReplicas() > 1)
        .collect(Collectors.toMap(d -> d.getSpec().getSelector().getMatchLabels(), d -> d.getMetadata().getName()));
    final List<PodDisruptionBudget> budgets = of(set, PodDisruptionBudget.class);
    assertThat(budgets.stream().collect(Collectors.toMap(b -> b.getSpec().getSelector().getMatchLabels(),
        b -> b.getMetadata().getName()))).isEqualTo(replicated);
    assertThat(budgets).allSatisfy(b -> assertThat(b.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1));
    if (set.equals("single-node")) {
      assertThat(budgets).isEmpty();
    }
  }

  @Test
  void nodeSelectorAndTolerationsReachEveryPod() {
    final List<PodSpec> pods = new ArrayList<>();
    deployments("external").forEach(d -> pods.add(d.getSpec().getTemplate().getSpec()));
    pods.add(migrationJob("external").getSpec().getTemplate().getSpec());
    assertThat(pods).allSatisfy(pod -> {
      assertThat(pod.getNodeSelector()).containsExactly(Map.entry("node.deckhouse.io/group", "commander"));
      assertThat(pod.getTolerations()).singleElement().satisfies(t -> {
        assertThat(t.getKey()).isEqualTo("dedicated");
        assertThat(t.getEffect()).isEqualTo("NoSchedule");
      });
    });
    assertThat(deployments("ha")).allSatisfy(d ->
        assertThat(d.getSpec().getTemplate().getSpec().getNodeSelector()).isNullOrEmpty());
  }

  // ---------------------------------------------------------------------------------------------
  // Database

  @Test
  void externalPostgresIsWiredFromTheValuesAndAnExistingSecret() {
    assertThat(objects("external")).noneMatch(o -> o.getKind().equals("postgresql"));
    for (Container c : containers("external")) {
      assertThat(env(c)).containsEntry("COMMANDER_DB_MODE", "external")
          .containsEntry("COMMANDER_DB_HOST", "postgres.databases.svc")
          .containsEntry("COMMANDER_DB_PORT", "5432")
          .containsEntry("COMMANDER_DB_NAME", "commander")
          .containsEntry("COMMANDER_DB_USER", "commander")
          .containsEntry("COMMANDER_DB_SSL_MODE", "verify-full");
      assertThat(secretRef(c, "COMMANDER_DB_PASSWORD")).isEqualTo("commander-db/password");
    }
    // A password in the values: a Secret for the pods, and one for the hook, which runs before the first.
    final String pods = secretRef(container(deployments("single-node").get(0)), "COMMANDER_DB_PASSWORD");
    assertThat(pods).isEqualTo("commander-credentials/db-password");
    assertThat(decoded(secret("single-node", "commander-credentials"))).containsEntry("db-password", "s3cret");
    assertThat(secretRef(container(migrationJob("single-node")), "COMMANDER_DB_PASSWORD"))
        .isEqualTo("commander-migrate/db-password");
    final Secret hookSecret = secret("single-node", "commander-migrate");
    assertThat(decoded(hookSecret)).containsEntry("db-password", "s3cret");
    assertThat(hookSecret.getMetadata().getAnnotations()).containsEntry(HOOK, "pre-install,pre-upgrade")
        .containsEntry("helm.sh/hook-weight", "-10");
    assertThat(Integer.parseInt(hookSecret.getMetadata().getAnnotations().get("helm.sh/hook-weight")))
        .isLessThan(Integer.parseInt(migrationJob("single-node").getMetadata().getAnnotations().get("helm.sh/hook-weight")));
  }

  @Test
  void internalPostgresIsAZalandoClusterWhoseSecretThePodsRead() {
    final GenericKubernetesResource pg = objects("internal").stream()
        .filter(o -> o.getKind().equals("postgresql")).map(GenericKubernetesResource.class::cast)
        .findFirst().orElseThrow();
    assertThat(pg.getApiVersion()).isEqualTo("acid.zalan.do/v1");
    assertThat(pg.getMetadata().getName()).isEqualTo("commander-postgres");
    assertThat(pg.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    final JsonNode spec = KUBE.convertValue(pg.getAdditionalProperties().get("spec"), JsonNode.class);
    assertThat(spec.path("teamId").asText()).isEqualTo("commander");
    assertThat(pg.getMetadata().getName()).startsWith(spec.path("teamId").asText() + "-");
    assertThat(spec.path("numberOfInstances").asInt()).isEqualTo(2);
    assertThat(spec.path("volume").path("storageClass").asText()).isEqualTo("network-ssd");
    assertThat(spec.path("volume").path("size").asText()).isEqualTo("5Gi");
    assertThat(spec.path("databases").path("commander").asText()).isEqualTo("commander");
    assertThat(spec.path("users").has("commander")).isTrue();
    assertThat(spec.path("postgresql").path("version").asText()).isNotBlank();
    final String operatorSecret = "commander.commander-postgres.credentials.postgresql.acid.zalan.do";
    for (Container c : containers("internal")) {
      assertThat(env(c)).containsEntry("COMMANDER_DB_MODE", "external")
          .containsEntry("COMMANDER_DB_HOST", "commander-postgres")
          .containsEntry("COMMANDER_DB_PORT", "5432")
          .containsEntry("COMMANDER_DB_NAME", "commander")
          .containsEntry("COMMANDER_DB_SSL_MODE", "require");
      assertThat(secretRef(c, "COMMANDER_DB_USER")).isEqualTo(operatorSecret + "/username");
      assertThat(secretRef(c, "COMMANDER_DB_PASSWORD")).isEqualTo(operatorSecret + "/password");
    }
    assertThat(of("internal", Secret.class)).noneMatch(s -> s.getMetadata().getName().startsWith("commander-credentials")
        || s.getMetadata().getName().equals("commander-migrate"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"external", "internal", "single-node", "ha"})
  void migrationsRunOncePerUpgradeInAHookJobBeforeNewPodsServe(final String set) {
    final Job job = migrationJob(set);
    final Map<String, String> annotations = job.getMetadata().getAnnotations();
    // Internal: the database exists only after the operator made it from the release's own resource.
    assertThat(annotations).containsEntry(HOOK, set.equals("internal") ? "post-install,pre-upgrade"
        : "pre-install,pre-upgrade");
    assertThat(annotations.get("helm.sh/hook-delete-policy")).contains("before-hook-creation");
    final Container c = container(job);
    assertThat(c.getArgs()).containsExactly("migrate");
    assertThat(c.getImage()).isEqualTo(container(deployments(set).get(0)).getImage())
        .isEqualTo("commander:" + chartVersion());
    assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
    // The same database as the pods, from settings the hook has before the release's objects exist.
    final Map<String, String> pods = env(container(deployments(set).get(0)));
    final Map<String, String> jobEnv = env(c);
    for (String name : List.of("COMMANDER_DB_MODE", "COMMANDER_DB_HOST", "COMMANDER_DB_PORT", "COMMANDER_DB_NAME",
        "COMMANDER_DB_USER", "COMMANDER_DB_SSL_MODE")) {
      assertThat(jobEnv.get(name)).as(name).isNotNull().isEqualTo(pods.get(name));
    }
    assertThat(c.getEnvFrom()).isNullOrEmpty();
    assertThat(ConfigLoader.load(jobEnv, Optional.empty()).db().mode()).isEqualTo(CommanderConfig.DbMode.EXTERNAL);
  }

  // ---------------------------------------------------------------------------------------------
  // Keys

  @Test
  void theKeysSecretIsKeptAndHoldsKeysTheServerReads() {
    final Secret keys = secret("ha", "commander-keys");
    assertThat(keys.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    final Map<String, String> env = decoded(keys);
    final Path nowhere = Path.of("/nonexistent/commander-state");
    final CommanderConfig config = ConfigLoader.load(Map.of("COMMANDER_STATE_DIR", nowhere.toString()), Optional.empty());
    final KeyringLoader.Loaded loaded = KeyringLoader.find(config, env).orElseThrow();
    assertThat(loaded.source()).isEqualTo(KeyringLoader.Source.ENVIRONMENT);
    assertThat(loaded.keyring().primaryKeyId()).isEqualTo("k1");
    assertThat(loaded.keyring().deterministicKeyId()).isEqualTo("dk1");
    // Every process reads the same Secret.
    assertThat(deployments("ha")).allSatisfy(d -> assertThat(container(d).getEnvFrom())
        .anySatisfy(e -> assertThat(e.getSecretRef().getName()).isEqualTo("commander-keys")));
    // Each install gets keys of its own.
    assertThat(decoded(secret("ha-again", "commander-keys")).get("COMMANDER_ENCRYPTION_PRIMARY_KEY"))
        .isNotEqualTo(env.get("COMMANDER_ENCRYPTION_PRIMARY_KEY"));
  }

  @Test
  void anUpgradeWritesBackTheKeysItFinds() {
    assertThat(errors).doesNotContainKey("upgrade");
    assertThat(decoded(secret("upgrade", "commander-keys"))).isEqualTo(EXISTING_KEYS);
  }

  @Test
  void keysOfOnesOwnReplaceTheChartsSecret() {
    assertThat(of("own-keys", Secret.class)).noneMatch(s -> s.getMetadata().getName().equals("commander-keys"));
    assertThat(deployments("own-keys")).allSatisfy(d -> assertThat(container(d).getEnvFrom())
        .singleElement().satisfies(e -> assertThat(e.getSecretRef().getName()).isEqualTo("restored-keys")));
  }

  // ---------------------------------------------------------------------------------------------
  // Network

  @Test
  void theIngressServesTlsAndTellsAgentsTheHttpsUrl() {
    final Ingress ingress = of("external", Ingress.class).get(0);
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getSpec().getTls()).singleElement().satisfies(tls -> {
      assertThat(tls.getSecretName()).isEqualTo("commander-tls");
      assertThat(tls.getHosts()).containsExactly("commander.example.com");
    });
    assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
      assertThat(rule.getHost()).isEqualTo("commander.example.com");
      assertThat(rule.getHttp().getPaths()).singleElement().satisfies(p -> {
        assertThat(p.getPath()).isEqualTo("/");
        assertThat(p.getBackend().getService().getName()).isEqualTo("commander-api");
        assertThat(p.getBackend().getService().getPort().getName()).isEqualTo("http");
      });
    });
    assertThat(services("external")).containsKey("commander-api");
    assertThat(deployments("external")).allSatisfy(d ->
        assertThat(env(container(d)).get("COMMANDER_PUBLIC_URL")).isEqualTo("https://commander.example.com"));
    assertThat(deployments("ha")).allSatisfy(d -> assertThat(env(container(d))).doesNotContainKey("COMMANDER_PUBLIC_URL"));
    assertThat(of("ha", Ingress.class)).isEmpty();
  }

  @Test
  void commanderServesTlsItselfWithTheSecretsCertificateAndIsProbedAndScrapedOverHttps() {
    final Set<String> known = Arrays.stream(Setting.values()).map(Setting::envName).collect(Collectors.toSet());
    assertThat(deployments("server-tls")).isNotEmpty().allSatisfy(d -> {
      final Container c = container(d);
      assertThat(env(c)).containsEntry("COMMANDER_HTTP_TLS_CERT_FILE", "/etc/commander/tls/tls.crt")
          .containsEntry("COMMANDER_HTTP_TLS_KEY_FILE", "/etc/commander/tls/tls.key")
          .containsEntry("COMMANDER_HTTP_TLS_CA_FILE", "/etc/commander/tls/ca.crt");
      assertThat(env(c).keySet()).filteredOn(k -> k.startsWith("COMMANDER_HTTP_TLS")).allMatch(known::contains);
      assertThat(c.getVolumeMounts()).anySatisfy(m -> {
        assertThat(m.getMountPath()).isEqualTo("/etc/commander/tls");
        assertThat(m.getReadOnly()).isTrue();
        assertThat(d.getSpec().getTemplate().getSpec().getVolumes()).anySatisfy(v -> {
          assertThat(v.getName()).isEqualTo(m.getName());
          assertThat(v.getSecret().getSecretName()).isEqualTo("commander-tls");
        });
      });
      for (Probe probe : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
        assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTPS");
      }
    });
    final HasMetadata monitor = objects("server-tls").stream().filter(o -> o.getKind().equals("ServiceMonitor"))
        .findFirst().orElseThrow();
    final JsonNode endpoint = KUBE.convertValue(((GenericKubernetesResource) monitor).getAdditionalProperties()
        .get("spec"), JsonNode.class).path("endpoints").get(0);
    assertThat(endpoint.path("scheme").asText()).isEqualTo("https");
    assertThat(endpoint.path("tlsConfig").path("ca").path("secret").path("name").asText()).isEqualTo("commander-tls");
    // Without it, plain HTTP as before.
    assertThat(deployments("ha")).allSatisfy(d -> {
      assertThat(env(container(d))).doesNotContainKey("COMMANDER_HTTP_TLS_CERT_FILE");
      assertThat(container(d).getReadinessProbe().getHttpGet().getScheme()).isEqualTo("HTTP");
    });
  }

  @Test
  void agentsReachTheirGatewayWhenItRunsApartFromTheApi() {
    final List<HTTPIngressPath> paths = of("gateway-apart", Ingress.class).get(0).getSpec().getRules().get(0)
        .getHttp().getPaths();
    final Map<String, String> backends = paths.stream()
        .collect(Collectors.toMap(HTTPIngressPath::getPath, p -> p.getBackend().getService().getName()));
    assertThat(backends).containsExactlyInAnyOrderEntriesOf(Map.of("/agent/", "commander-gateway", "/", "commander-api"));
    assertThat(deployments("gateway-apart")).allSatisfy(d ->
        assertThat(env(container(d)).get("COMMANDER_PUBLIC_URL")).isEqualTo("http://commander.example.com"));
  }

  @Test
  void everyGroupHasAServiceOnItsHttpPort() {
    final Map<String, Service> services = services("ha");
    for (Deployment d : deployments("ha")) {
      final Service s = services.get(d.getMetadata().getName());
      assertThat(s).as("service of %s", d.getMetadata().getName()).isNotNull();
      assertThat(s.getSpec().getSelector()).isEqualTo(d.getSpec().getSelector().getMatchLabels());
      assertThat(s.getSpec().getPorts()).singleElement().satisfies(p -> {
        assertThat(p.getPort()).isEqualTo(8080);
        assertThat(p.getTargetPort().getStrVal()).isEqualTo("http");
      });
    }
  }

  @Test
  void thePodsJoinOneClusterThroughAHeadlessServiceTheyMayRead() {
    final Service members = services("ha").get("commander-cluster");
    assertThat(members.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(members.getSpec().getPublishNotReadyAddresses()).as("members join before they are ready").isTrue();
    for (Deployment d : deployments("ha")) {
      assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(members.getSpec().getSelector());
      assertThat(d.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();
      final Map<String, String> env = env(container(d));
      assertThat(env).containsEntry("COMMANDER_CLUSTER_MODE", "kubernetes")
          .containsEntry("COMMANDER_CLUSTER_KUBERNETES_SERVICE", "commander-cluster")
          .containsEntry("COMMANDER_CLUSTER_HOST", "<field:status.podIP>");
      final CommanderConfig.Cluster cluster = ConfigLoader.load(env, Optional.empty()).cluster();
      assertThat(cluster.enabled()).isTrue();
      assertThat(container(d).getPorts()).anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(cluster.port()));
    }
    final var role = of("ha", io.fabric8.kubernetes.api.model.rbac.Role.class).get(0);
    assertThat(KUBE.asJson(role)).contains("\"endpoints\"").contains("\"pods\"").contains("\"list\"");
    assertThat(KUBE.asJson(of("ha", RoleBinding.class).get(0))).contains("\"name\":\"commander\"").contains("\"kind\":\"ServiceAccount\"");

    assertThat(objects("unclustered")).noneMatch(o -> o.getMetadata().getName().equals("commander-cluster"));
    for (Deployment d : deployments("unclustered")) {
      assertThat(d.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
      assertThat(env(container(d))).doesNotContainKey("COMMANDER_CLUSTER_MODE");
    }
  }

  @Test
  void aServiceMonitorScrapesMetricsOnlyWhenAskedFor() {
    assertThat(objects("ha")).noneMatch(o -> o.getKind().equals("ServiceMonitor"));
    final HasMetadata monitor = objects("monitored").stream().filter(o -> o.getKind().equals("ServiceMonitor"))
        .findFirst().orElseThrow();
    final JsonNode spec = KUBE.convertValue(((GenericKubernetesResource) monitor).getAdditionalProperties().get("spec"),
        JsonNode.class);
    assertThat(spec.path("endpoints").get(0).path("path").asText()).isEqualTo("/metrics");
    assertThat(spec.path("endpoints").get(0).path("port").asText()).isEqualTo("http");
  }

  // ---------------------------------------------------------------------------------------------
  // Versions

  @Test
  void chartAndImagesCarryTheProjectVersion() throws IOException {
    final Matcher pom = Pattern.compile("<artifactId>commander-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(pom.find()).isTrue();
    final String version = pom.group(1).replace("-SNAPSHOT", "");
    final JsonNode chart = YAML.readTree(CHART.resolve("Chart.yaml").toFile());
    assertThat(chart.path("version").asText()).isEqualTo(version);
    assertThat(chart.path("appVersion").asText()).isEqualTo(version);
    assertThat(YAML.readTree(ROOT.resolve("conf/commander.yaml").toFile()).path("cluster-manager").path("agent-image")
        .asText()).isEqualTo("commander-agent:" + version);
    for (String dockerfile : List.of("Dockerfile", "Dockerfile.agent")) {
      final String text = Files.readString(ROOT.resolve(dockerfile));
      assertThat(text).as(dockerfile).contains("ARG VERSION=" + version).contains("USER ");
      assertThat(text).as(dockerfile).containsPattern("(?m)^FROM eclipse-temurin:17-jre\\S*\\s*$");
    }
    final String readme = Files.readString(ROOT.resolve("README.md"));
    assertThat(readme).contains("docker build -t commander:" + version + " .")
        .contains("docker build -f Dockerfile.agent -t commander-agent:" + version + " .");
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static String chartVersion() {
    try {
      return YAML.readTree(CHART.resolve("Chart.yaml").toFile()).path("appVersion").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertHttpProbe(final Probe probe, final String path) {
    assertThat(probe).as("probe on %s", path).isNotNull();
    assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
    assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
  }

  private static List<HasMetadata> objects(final String set) {
    assertThat(errors).as("rendering %s", set).doesNotContainKey(set);
    return rendered.get(set);
  }

  private static Set<String> kinds(final List<HasMetadata> objects) {
    return objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet());
  }

  private static <T extends HasMetadata> List<T> of(final String set, final Class<T> type) {
    return objects(set).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static List<Deployment> deployments(final String set) {
    return of(set, Deployment.class);
  }

  private static Deployment deployment(final String set, final String name) {
    return deployments(set).stream().filter(d -> d.getMetadata().getName().equals(name)).findFirst().orElseThrow();
  }

  private static Map<String, Service> services(final String set) {
    return of(set, Service.class).stream().collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
  }

  private static Job migrationJob(final String set) {
    return of(set, Job.class).stream().filter(j -> j.getMetadata().getName().equals("commander-migrate"))
        .findFirst().orElseThrow(() -> new AssertionError("no migration Job in " + set));
  }

  private static Secret secret(final String set, final String name) {
    return of(set, Secret.class).stream().filter(s -> s.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no Secret " + name + " in " + set));
  }

  private static Map<String, String> decoded(final Secret secret) {
    final Map<String, String> out = new HashMap<>();
    secret.getData().forEach((k, v) -> out.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    return out;
  }

  private static Container container(final Deployment d) {
    return d.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Container container(final Job j) {
    return j.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  /** The containers of every Deployment and of the migration Job. */
  private static List<Container> containers(final String set) {
    final List<Container> out = new ArrayList<>();
    deployments(set).forEach(d -> out.add(container(d)));
    out.add(container(migrationJob(set)));
    return out;
  }

  private static List<String> roles(final Deployment d) {
    return List.of(env(container(d)).get("COMMANDER_ROLES").split(","));
  }

  /** A container's variables; one from a Secret reads {@code <secret:name/key>}. */
  private static Map<String, String> env(final Container c) {
    final Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : c.getEnv()) {
      assertThat(env).as("%s set twice", e.getName()).doesNotContainKey(e.getName());
      env.put(e.getName(), e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
          ? "<secret:" + e.getValueFrom().getSecretKeyRef().getName() + "/" + e.getValueFrom().getSecretKeyRef().getKey()
          + ">" : e.getValueFrom() != null && e.getValueFrom().getFieldRef() != null
          ? "<field:" + e.getValueFrom().getFieldRef().getFieldPath() + ">" : e.getValue());
    }
    return env;
  }

  private static String secretRef(final Container c, final String name) {
    final String value = env(c).get(name);
    assertThat(value).as("%s from a Secret", name).startsWith("<secret:");
    return value.substring("<secret:".length(), value.length() - 1);
  }

  private static List<HasMetadata> parse(final String manifest) {
    final List<HasMetadata> objects = new ArrayList<>();
    for (String doc : manifest.split("(?m)^---\\s*$")) {
      if (doc.lines().allMatch(l -> l.isBlank() || l.startsWith("#"))) {
        continue;
      }
      final HasMetadata object = KUBE.unmarshal(doc);
      final Map<String, String> annotations = object.getMetadata().getAnnotations();
      if (annotations != null) {
        final Map<String, String> restored = new LinkedHashMap<>();
        annotations.forEach((k, v) -> restored.put(k.startsWith(RENAMED_HOOK) ? HOOK + k.substring(RENAMED_HOOK.length())
            : k, v));
        object.getMetadata().setAnnotations(restored);
      }
      objects.add(object);
    }
    return objects;
  }

  private static JsonObject template(final String id, final Path chart, final String namespace, final Path values) {
    return new JsonObject().put("id", id).put("kind", "template").put("chart", chart.toString())
        .put("release", RELEASE).put("namespace", namespace).put("values", values == null ? null : values.toString());
  }

  /** Copies the chart; for rendering, with the hook annotations renamed so helm-java keeps the hooks. */
  private static void copyChart(final Path target, final boolean renameHooks) throws IOException {
    try (Stream<Path> files = Files.walk(CHART)) {
      for (Path file : files.toList()) {
        final Path to = target.resolve(CHART.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(to);
        } else if (renameHooks && file.getParent().endsWith("templates")) {
          Files.writeString(to, Files.readString(file).replace(HOOK, RENAMED_HOOK));
        } else {
          Files.copy(file, to);
        }
      }
    }
  }

  private static JsonNode merge(final JsonNode base, final JsonNode over) {
    if (base instanceof ObjectNode target && over instanceof ObjectNode source) {
      source.properties().forEach(f -> target.set(f.getKey(), target.has(f.getKey())
          ? merge(target.get(f.getKey()), f.getValue()) : f.getValue()));
      return target;
    }
    return over;
  }

  private static void runHelm(final Path jobsFile, final Path work) throws IOException, InterruptedException {
    final Path home = work.resolve("helm-home");
    final ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HelmRender.class.getName(), jobsFile.toString())
        .redirectErrorStream(true).redirectOutput(work.resolve("helm.log").toFile());
    final Map<String, String> env = builder.environment();
    env.put("HELM_KUBEAPISERVER", "http://127.0.0.1:" + apiServer.getAddress().getPort());
    env.put("KUBECONFIG", "/dev/null");
    env.put("HELM_CACHE_HOME", home.resolve("cache").toString());
    env.put("HELM_CONFIG_HOME", home.resolve("config").toString());
    env.put("HELM_DATA_HOME", home.resolve("data").toString());
    final Process process = builder.start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("helm did not finish in 3 minutes: " + Files.readString(work.resolve("helm.log")));
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("helm failed: " + Files.readString(work.resolve("helm.log")));
    }
  }

  /**
   * Answers what Helm's {@code lookup} asks: the core API's resources, and Secrets; namespace
   * {@value #UPGRADE_NAMESPACE} holds the keys Secret of an earlier install.
   */
  private static HttpServer fakeApiServer() throws IOException {
    final HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      final String path = exchange.getRequestURI().getPath();
      if (path.equals("/api/v1")) {
        reply(exchange, 200, new JsonObject().put("kind", "APIResourceList").put("apiVersion", "v1")
            .put("groupVersion", "v1").put("resources", new JsonArray().add(new JsonObject().put("name", "secrets")
                .put("singularName", "secret").put("namespaced", true).put("kind", "Secret")
                .put("verbs", new JsonArray().add("get").add("list")))));
      } else if (path.equals("/api/v1/namespaces/" + UPGRADE_NAMESPACE + "/secrets/commander-keys")) {
        final JsonObject data = new JsonObject();
        EXISTING_KEYS.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        reply(exchange, 200, new JsonObject().put("kind", "Secret").put("apiVersion", "v1")
            .put("metadata", new JsonObject().put("name", "commander-keys").put("namespace", UPGRADE_NAMESPACE))
            .put("type", "Opaque").put("data", data));
      } else {
        reply(exchange, 404, new JsonObject().put("kind", "Status").put("apiVersion", "v1").put("status", "Failure")
            .put("reason", "NotFound").put("code", 404));
      }
    });
    server.start();
    return server;
  }

  private static void reply(final HttpExchange exchange, final int status, final JsonObject body) throws IOException {
    final byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
