package io.commander.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  private static CommanderConfig load(final Map<String, String> env) {
    return ConfigLoader.load(env, Optional.empty());
  }

  @Test
  void defaultsRunEveryRoleOnEmbeddedServices() {
    final CommanderConfig config = load(Map.of());
    assertThat(config.roles()).containsExactly(Role.values());
    assertThat(config.db().mode()).isEqualTo(CommanderConfig.DbMode.EMBEDDED);
    assertThat(config.kafka().embedded()).isTrue();
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.effectivePublicUrl()).isEqualTo("http://localhost:8080");
    assertThat(config.log().json()).isFalse();
  }

  @Test
  void environmentOverridesEveryLayer() throws IOException {
    final Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  port: 9000\nlog:\n  format: json\n");
    final CommanderConfig config = load(Map.of(
        "COMMANDER_CONFIG", file.toString(),
        "COMMANDER_HTTP_PORT", "9100",
        "COMMANDER_DB_HOST", "db.example",
        "COMMANDER_DB_SSL_MODE", "verify-full",
        "COMMANDER_ROLES", "api, renderer",
        "COMMANDER_HTTP_SHUTDOWN_TIMEOUT", "5"));
    assertThat(config.http().port()).isEqualTo(9100);
    assertThat(config.log().json()).isTrue();
    assertThat(config.db().mode()).as("a configured host means an external database")
        .isEqualTo(CommanderConfig.DbMode.EXTERNAL);
    assertThat(config.db().sslMode()).isEqualTo("verify-full");
    assertThat(config.roles()).containsExactly(Role.API, Role.RENDERER);
    assertThat(config.http().shutdownTimeout()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theClusterManagerAndTheSimulatedProvisionerHaveDefaultsAndChecks() {
    final CommanderConfig config = load(Map.of("COMMANDER_SIMULATED_FAILURE", "install-dkp:transient:1"));
    assertThat(config.clusterManager()).isEqualTo(new CommanderConfig.ClusterManager(32, Duration.ofSeconds(30),
        Duration.ofSeconds(5), 3, Duration.ofSeconds(10), Duration.ofSeconds(20), 30, Duration.ofSeconds(60),
        Duration.ofHours(2), "commander-agent:0.1.0", "", "dhctl"));
    assertThat(config.simulated()).isEqualTo(new CommanderConfig.Simulated(Duration.ofSeconds(30),
        "install-dkp:transient:1", "in-process"));
    assertThat(load(Map.of("COMMANDER_SIMULATED_AGENTS", "external")).simulated().inProcessAgents()).isFalse();
    assertThatThrownBy(() -> load(Map.of("COMMANDER_SIMULATED_AGENTS", "both")))
        .hasMessageContaining("simulated.agents");
    assertThatThrownBy(() -> load(Map.of("COMMANDER_CLUSTER_MANAGER_LEASE_TTL", "0")))
        .hasMessageContaining("cluster-manager.lease-ttl").hasMessageContaining("at least one second");
    assertThatThrownBy(() -> load(Map.of("COMMANDER_CLUSTER_MANAGER_CONCURRENCY", "0")))
        .hasMessageContaining("cluster-manager.concurrency");
  }

  @Test
  void tlsNeedsACertificateAndItsKeyAsReadableFilesAndMakesThePublicUrlHttps() throws IOException {
    assertThat(load(Map.of()).http().tls()).isEmpty();
    final Path cert = Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n");
    final Path key = Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n");
    final CommanderConfig config = load(Map.of("COMMANDER_HTTP_TLS_CERT_FILE", cert.toString(),
        "COMMANDER_HTTP_TLS_KEY_FILE", key.toString()));
    assertThat(config.http().tls()).contains(new CommanderConfig.Tls(cert, key, Optional.empty()));
    assertThat(config.effectivePublicUrl()).isEqualTo("https://localhost:8080");
    assertThatThrownBy(() -> load(Map.of("COMMANDER_HTTP_TLS_CERT_FILE", cert.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.tls-key-file");
    assertThatThrownBy(() -> load(Map.of("COMMANDER_HTTP_TLS_KEY_FILE", key.toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("needs http.tls-cert-file");
    assertThatThrownBy(() -> load(Map.of("COMMANDER_HTTP_TLS_CERT_FILE", cert.toString(),
        "COMMANDER_HTTP_TLS_KEY_FILE", key.toString(), "COMMANDER_HTTP_TLS_CA_FILE", dir.resolve("none.pem").toString())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.tls-ca-file").hasMessageContaining("readable");
  }

  @Test
  void rolesMayBeAYamlList() throws IOException {
    final Path file = Files.writeString(dir.resolve("c.yaml"), "roles: [cluster-manager, agent-gateway]\n");
    assertThat(ConfigLoader.load(Map.of(), Optional.of(file)).roles())
        .containsExactly(Role.CLUSTER_MANAGER, Role.AGENT_GATEWAY);
  }

  @Test
  void unknownRoleNamesTheKeyAndTheKnownRoles() {
    assertThatThrownBy(() -> load(Map.of("COMMANDER_ROLES", "api,scheduler")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("roles (COMMANDER_ROLES): unknown role 'scheduler' (known: api, cluster-manager, renderer, "
            + "connector, telemetry-ingest, outbox-relay, agent-gateway)");
  }

  @Test
  void emptyRolesAreRefused() {
    assertThatThrownBy(() -> load(Map.of("COMMANDER_ROLES", " , ")))
        .hasMessage("roles (COMMANDER_ROLES): at least one role is required");
  }

  @Test
  void portOutOfRange() {
    assertThatThrownBy(() -> load(Map.of("COMMANDER_HTTP_PORT", "70000")))
        .hasMessage("http.port (COMMANDER_HTTP_PORT): 70000 is out of range (1-65535)");
    assertThatThrownBy(() -> load(Map.of("COMMANDER_DB_PORT", "five")))
        .hasMessage("db.port (COMMANDER_DB_PORT): 'five' is not a whole number");
  }

  @Test
  void externalDatabaseNeedsAHost() {
    assertThatThrownBy(() -> load(Map.of("COMMANDER_DB_MODE", "external")))
        .hasMessage("db.host (COMMANDER_DB_HOST): required when db.mode is external");
  }

  @Test
  void unknownChoice() {
    assertThatThrownBy(() -> load(Map.of("COMMANDER_LOG_FORMAT", "xml")))
        .hasMessage("log.format (COMMANDER_LOG_FORMAT): 'xml' is not one of text, json");
  }

  @Test
  void missingFileIsNamed() {
    final Path missing = dir.resolve("nope.yaml");
    assertThatThrownBy(() -> load(Map.of("COMMANDER_CONFIG", missing.toString())))
        .hasMessage("config file (COMMANDER_CONFIG) " + missing + ": no such file");
  }

  @Test
  void aDirectoryIsNotAConfigFile() {
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(dir)))
        .hasMessage("config file (COMMANDER_CONFIG) " + dir + ": no such file");
  }

  @Test
  void brokenYamlIsOneLine() throws IOException {
    final Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  port: [1\n");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(file)))
        .hasMessageStartingWith("config file (COMMANDER_CONFIG) " + file + ": not valid YAML: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void unknownKeyInAFileIsRefused() throws IOException {
    final Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  prot: 8080\n");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(file)))
        .hasMessage("config file (COMMANDER_CONFIG) " + file + ": unknown key 'http.prot'");
  }

  @Test
  void aListWhereAValueBelongsIsRefused() throws IOException {
    final Path file = Files.writeString(dir.resolve("c.yaml"), "http:\n  port: [8080, 8081]\n");
    assertThatThrownBy(() -> ConfigLoader.load(Map.of(), Optional.of(file)))
        .hasMessageStartingWith("http.port (COMMANDER_HTTP_PORT): a single value is expected, not a list");
  }

  @Test
  void describeMasksSecrets() {
    final CommanderConfig config = load(Map.of("COMMANDER_DB_PASSWORD", "s3cret", "COMMANDER_DB_HOST", "h"));
    assertThat(config.describe()).containsEntry("db.password", "****").containsEntry("db.host", "h");
    assertThat(config.describe().toString()).doesNotContain("s3cret");
    assertThat(config.db().toString()).doesNotContain("s3cret");
  }

  @Test
  void environmentNamesFollowTheKeys() {
    assertThat(Setting.DB_SSL_MODE.envName()).isEqualTo("COMMANDER_DB_SSL_MODE");
    assertThat(Setting.KAFKA_BOOTSTRAP.envName()).isEqualTo("COMMANDER_KAFKA_BOOTSTRAP");
    assertThat(Setting.DB_EMBEDDED_PORT.envName()).isEqualTo("COMMANDER_DB_EMBEDDED_PORT");
  }

  @Test
  void shippedDefaultsDeclareEverySetting() {
    final Map<String, String> described = load(Map.of()).describe();
    for (Setting s : Setting.values()) {
      assertThat(load(Map.of()).raw()).as("conf/commander.yaml sets %s", s.key()).containsKey(s);
    }
    assertThat(described).hasSize(Setting.values().length);
  }
}
