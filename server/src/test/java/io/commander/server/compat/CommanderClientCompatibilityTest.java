package io.commander.server.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.commander.server.api.ApiFixture;
import io.commander.server.api.ApiFixture.Credentials;
import io.commander.server.api.CloudTemplate;
import io.commander.server.compat.CommanderClient.Cluster;
import io.commander.server.compat.CommanderClient.TemplateVersion;
import io.commander.testing.KafkaExtension;
import io.commander.testing.PostgresExtension;
import io.commander.testing.TestDatabase;
import io.commander.testing.TestKafka;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deckhouse Commander's own clients against this Commander: a strictly typed client of the documented
 * Integration API runs the flow they run (templates, versions, create, wait for in_sync, change with
 * {@code current_revision}, approve with an empty POST, delete), then the calls of Deckhouse's
 * end-to-end script. Clusters created without a provisioner get {@code cluster-manager.default-provisioner}
 * (simulated here).
 */
@ExtendWith({PostgresExtension.class, KafkaExtension.class})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(180)
class CommanderClientCompatibilityTest {

  private static final JsonArray PARAMS = new JsonArray("""
      [{"key": "masters", "type": "number", "title": "Masters", "min": 1, "max": 5},
       {"key": "sshUser", "type": "string", "title": "SSH user", "default": "ubuntu"}]""");
  private static final String KUBERNETES = CloudTemplate.KUBERNETES;
  private static final JsonObject SECTIONS = CloudTemplate.sections()
      .put("ssh", "apiVersion: dhctl.deckhouse.io/v1\nkind: SSHConfig\nsshUser: {{ .sshUser }}\nsshPort: 2222\n"
          + "sshAgentPrivateKeys:\n- key: |\n    {{- .dc_sshPrivateKey | nindent 4 }}\n---\n"
          + "apiVersion: dhctl.deckhouse.io/v1\nkind: SSHHost\nhost: 10.0.0.{{ .masters }}\n");

  private ApiFixture api;
  private CommanderClient client;
  private Credentials token;
  private String templateId;

  @BeforeAll
  void start(final TestDatabase db, final TestKafka kafka, @TempDir final Path state) {
    api = ApiFixture.start(db, kafka, state, Map.of("COMMANDER_ROLES", "api,renderer,cluster-manager",
        "COMMANDER_SIMULATED_INSTALL_DURATION", "0", "COMMANDER_CLUSTER_MANAGER_POLL_INTERVAL", "1",
        "COMMANDER_CLUSTER_MANAGER_DEFAULT_PROVISIONER", "simulated"));
    final UUID workspace = api.workspace("compat");
    final String secret = api.token(api.admin(), workspace, false);
    token = Credentials.token(secret);
    client = new CommanderClient(api.baseUrl(), secret);
    final ApiFixture.Response template = api.call("POST", "/cluster_templates", new JsonObject()
        .put("name", "openstack").put("params", PARAMS).put("sections", SECTIONS), token);
    assertThat(template.status()).as(template.body()).isEqualTo(201);
    templateId = template.json().getString("id");
  }

  @AfterAll
  void stop() {
    if (api != null) {
      api.close();
    }
  }

  @Test
  void theClientRefusesWhatCommandersClientsRefuse() {
    // The strict decoding is what makes the flow below a check: a number where a string is expected fails.
    assertThatThrownBy(() -> CommanderClient.JSON.readValue("{\"id\": \"x\", \"archive_number\": 0}",
        CommanderClient.Template.class)).isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> CommanderClient.JSON.readValue("{\"id\": 7}", CommanderClient.Template.class))
        .isInstanceOf(MismatchedInputException.class);
    assertThatThrownBy(() -> CommanderClient.JSON.readValue("{\"current_revision\": \"1\"}",
        CommanderClient.Template.class)).isInstanceOf(MismatchedInputException.class);
  }

  @Test
  void commandersClientFlowRunsUnchanged() {
    final CommanderClient.Template template = client.templates().stream()
        .filter(t -> t.name().equals("openstack")).findFirst().orElseThrow();
    assertThat(template.archiveNumber()).isNull();
    final List<TemplateVersion> versions = client.versions(template.id());
    assertThat(versions).extracting(TemplateVersion::id).containsExactly(template.currentClusterTemplateVersionId());
    assertThat(versions).extracting(TemplateVersion::name).containsExactly("1");
    assertThat(client.version(template.id(), versions.get(0).id())).isEqualTo(versions.get(0));
    final String versionId = client.template(template.id()).currentClusterTemplateVersionId();

    final Cluster created = client.createCluster("compat-1", versionId, Map.of("masters", 3));
    assertThat(created.status()).isEqualTo("new");
    assertThat(created.wasCreated()).isFalse();
    assertThat(created.archiveNumber()).isNull();
    assertThat(created.clusterType()).isEqualTo("cloud");
    assertTimes(created);

    final Cluster ready = waitForStatus(created.id(), "in_sync");
    assertThat(ready.wasCreated()).isTrue();
    assertThat(ready.isLocked()).isFalse();
    assertThat(ready.connectionHosts().masters()).containsExactly(new CommanderClient.Host("10.0.0.3", "ubuntu", 2222));
    assertThat(ready.desiredClusterConfigurationRendered()).isEqualTo(KUBERNETES);
    assertThat(ready.appliedProviderSpecificClusterConfigurationRendered()).contains("replicas: 3");
    assertThat(ready.dhctlConfigurationRendered()).contains("kind: SSHHost");
    assertThat(ready.clusterConfigurationAppliedAt()).isNotNull();
    assertThat(ready.clusterConfigurationCheckedAt()).isNotNull();
    assertTimes(ready);

    // Fewer masters destroys nodes: the change waits for an approval, given with an empty POST.
    final Cluster changed = client.updateCluster(ready, Map.of("masters", 1));
    assertThat(changed.currentRevision()).isEqualTo(ready.currentRevision() + 1);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
        client.changeRequests(ready.id()).stream().anyMatch(r -> r.status().equals("pending")));
    final CommanderClient.ChangeRequest pending = client.changeRequests(ready.id()).stream()
        .filter(r -> r.status().equals("pending")).findFirst().orElseThrow();
    assertThat(client.approve(pending.id()).status()).isEqualTo("approved");
    final Cluster converged = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> client.cluster(ready.id()), c -> c.status().equals("in_sync")
            && c.appliedProviderSpecificClusterConfigurationRendered().contains("replicas: 1"));
    assertThat(converged.connectionHosts().masters()).extracting(CommanderClient.Host::host).containsExactly("10.0.0.1");
    assertThatThrownBy(() -> client.approve(pending.id())).isInstanceOfSatisfying(CommanderClient.Failure.class,
        f -> assertThat(f.status).isEqualTo(409));

    assertThat(client.clusters()).filteredOn(c -> c.name().equals("compat-1")).hasSize(1);
    assertThat(client.deleteCluster(ready.id()).status()).isEqualTo("delete");
    final Cluster deleted = waitForStatus(ready.id(), "deleted");
    assertThat(deleted.archiveNumber()).isEqualTo("1");
    assertThat(deleted.archivedAt()).isNotNull();
    assertTimes(deleted);
  }

  /** The calls Deckhouse's end-to-end script makes with curl and jq, read as jq reads them. */
  @Test
  void theEndToEndScriptsCallsWork() {
    final JsonObject template = api.call("GET", "/cluster_templates/" + templateId + "?without_archived=true",
        null, token).json();
    final String versionId = template.getString("current_cluster_template_version_id");
    final ApiFixture.Response created = api.call("POST", "/clusters", new JsonObject().put("name", "e2e")
        .put("cluster_template_version_id", versionId).put("values", new JsonObject().put("masters", 2)), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    final String id = created.json().getString("id");
    final JsonObject ready = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> api.call("GET", "/clusters/" + id, null, token).json(),
            c -> "in_sync".equals(c.getString("status")));
    final JsonObject master = ready.getJsonObject("connection_hosts").getJsonArray("masters").getJsonObject(0);
    assertThat(master.getString("host")).isEqualTo("10.0.0.2");
    assertThat(master.getString("user")).isEqualTo("ubuntu");
    final JsonArray all = api.call("GET", "/clusters", null, token).array();
    assertThat(all.stream().map(JsonObject.class::cast).filter(c -> "e2e".equals(c.getString("name")))
        .map(c -> c.getString("id"))).containsExactly(id);
    assertThat(api.call("DELETE", "/clusters/" + id, null, token).json().getString("status")).isEqualTo("delete");
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
        "deleted".equals(api.call("GET", "/clusters/" + id, null, token).json().getString("status")));
  }

  /**
   * The same calls made as the script makes them: real curl, its output read with real jq (skipped
   * where either is missing). Each poll is one curl | jq run, awaited from here.
   */
  @Test
  void theEndToEndScriptsCallsWorkWithCurlAndJq() {
    assumeTrue(onPath("curl") && onPath("jq"), "curl and jq are needed");
    final Map<String, String> env = new java.util.HashMap<>(Map.of("BASE", api.baseUrl() + "/api/v1",
        "TOKEN", token.headers().get("X-Auth-Token"), "TEMPLATE", templateId, "NAME", "e2e-curl"));
    final String curl = "curl -s -H 'accept: application/json' -H \"X-Auth-Token: $TOKEN\" ";
    env.put("VERSION", shell(env, curl + "\"$BASE/cluster_templates/$TEMPLATE?without_archived=true\""
        + " | jq -r 'del(.cluster_template_versions).current_cluster_template_version_id'"));
    assertThat(env.get("VERSION")).matches("[0-9a-f-]{36}");
    final String[] created = shell(env, "jq -n --arg name \"$NAME\" --arg version \"$VERSION\""
        + " '{name: $name, cluster_template_version_id: $version, values: {masters: 2}}'"
        + " | " + curl + "-X POST -H 'Content-Type: application/json' -d @- -w '\\n%{http_code}' \"$BASE/clusters\"")
        .split("\n");
    assertThat(created[created.length - 1]).as(String.join("\n", created)).isEqualTo("201");
    env.put("ID", shell(Map.of("JSON", created[0]), "jq -r '.id' <<< \"$JSON\""));
    final String[] ready = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> shell(env, curl + "\"$BASE/clusters/$ID\" | jq -r '.status, .connection_hosts.masters[0].host,"
            + " .connection_hosts.masters[0].user'").split("\n"), lines -> lines[0].equals("in_sync"));
    assertThat(ready[2] + "@" + ready[1]).as("the script's ssh connection string").isEqualTo("ubuntu@10.0.0.2");
    assertThat(shell(env, curl + "\"$BASE/clusters\" | jq -r \".[] | select(.name == \\\"$NAME\\\") | .id\""))
        .isEqualTo(env.get("ID"));
    final String[] deleting = shell(env, curl + "-X DELETE -w '\\n%{http_code}' \"$BASE/clusters/$ID\"").split("\n");
    assertThat(Integer.parseInt(deleting[deleting.length - 1])).isLessThan(400);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
        .until(() -> shell(env, curl + "\"$BASE/clusters/$ID\" | jq -r '.status'"), "deleted"::equals);
  }

  private static boolean onPath(final String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> java.nio.file.Files.isExecutable(Path.of(dir, program)));
  }

  /** Runs a bash command line with {@code env}; its standard output, trimmed. */
  private static String shell(final Map<String, String> env, final String command) {
    try {
      final ProcessBuilder builder = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
          .redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().putAll(env);
      final Process process = builder.start();
      final String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).as(command).isTrue();
      assertThat(process.exitValue()).as("%s: %s", command, out).isZero();
      return out.strip();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(command + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aDhctlClusterWithoutAnSshSectionIsAConfigurationErrorSayingWhere() {
    final ApiFixture.Response template = api.call("POST", "/cluster_templates", new JsonObject()
        .put("name", "no-ssh").put("params", PARAMS).put("sections", SECTIONS.copy().put("ssh", "")), token);
    final String versionId = template.json().getString("current_cluster_template_version_id");
    final ApiFixture.Response created = api.call("POST", "/clusters", new JsonObject().put("name", "no-ssh")
        .put("cluster_template_version_id", versionId).put("provisioner", "dhctl")
        .put("values", new JsonObject().put("masters", 1)), token);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    final JsonObject cluster = created.json();
    assertThat(cluster.getString("status")).isEqualTo("configuration_error");
    assertThat(cluster.getString("current_task_id")).as("no install task").isNull();
    final JsonArray errors = cluster.getJsonArray("render_errors");
    assertThat(errors).hasSize(1);
    assertThat(errors.getJsonObject(0).getString("code")).isEqualTo("missing_section");
    assertThat(errors.getJsonObject(0).getString("section")).isEqualTo("ssh");
    assertThat(errors.getJsonObject(0).getString("message")).contains("dhctl", "SSHHost");
    // The same template is fine for a provisioner that needs no SSH.
    final ApiFixture.Response simulated = api.call("POST", "/clusters", new JsonObject().put("name", "no-ssh-sim")
        .put("cluster_template_version_id", versionId).put("values", new JsonObject().put("masters", 1)), token);
    assertThat(simulated.json().getString("status")).as(simulated.body()).isEqualTo("new");
    assertThat(simulated.json().getJsonObject("connection_hosts").getJsonArray("masters")).isEmpty();
  }

  private Cluster waitForStatus(final String id, final String status) {
    return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
        .until(() -> client.cluster(id), c -> c.status().equals(status));
  }

  /** Every time a client reads is an RFC 3339 string. */
  private static void assertTimes(final Cluster c) {
    Stream.of(c.createdAt(), c.updatedAt(), c.archivedAt(), c.clusterTemplateVersionSwitchedAt(),
            c.clusterConfigurationUpdatedAt(), c.clusterConfigurationAppliedAt(), c.clusterConfigurationCheckedAt())
        .filter(java.util.Objects::nonNull).forEach(OffsetDateTime::parse);
    assertThat(c.createdAt()).isNotNull();
    assertThat(c.clusterTemplateVersionSwitchedAt()).isNotNull();
    assertThat(c.clusterConfigurationUpdatedAt()).isNotNull();
  }
}
