package io.commander.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds the configuration from three layers, later ones winning: the defaults shipped in the
 * build ({@code conf/commander.yaml}, on the classpath as {@value #DEFAULTS_RESOURCE}), an optional
 * file named by {@code --config} or {@value #CONFIG_FILE_ENV}, and {@code COMMANDER_*} environment
 * variables. Every problem is a {@link ConfigException} with a one-line message.
 */
public final class ConfigLoader {

  /** Classpath resource holding the shipped defaults. */
  public static final String DEFAULTS_RESOURCE = "commander.yaml";
  /** Environment variable naming a configuration file. */
  public static final String CONFIG_FILE_ENV = "COMMANDER_CONFIG";

  private static Optional<CommanderConfig.Tls> tls(final Map<Setting, String> v) {
    final String cert = text(v, Setting.HTTP_TLS_CERT_FILE);
    final String key = text(v, Setting.HTTP_TLS_KEY_FILE);
    final String ca = text(v, Setting.HTTP_TLS_CA_FILE);
    if (cert.isEmpty()) {
      if (!key.isEmpty() || !ca.isEmpty()) {
        throw ConfigException.of(key.isEmpty() ? Setting.HTTP_TLS_CA_FILE : Setting.HTTP_TLS_KEY_FILE,
            "needs http.tls-cert-file");
      }
      return Optional.empty();
    }
    if (key.isEmpty()) {
      throw ConfigException.of(Setting.HTTP_TLS_KEY_FILE, "required when http.tls-cert-file is set");
    }
    for (Setting s : List.of(Setting.HTTP_TLS_CERT_FILE, Setting.HTTP_TLS_KEY_FILE, Setting.HTTP_TLS_CA_FILE)) {
      final String file = text(v, s);
      if (!file.isEmpty() && !Files.isReadable(Path.of(file))) {
        throw ConfigException.of(s, "'" + file + "' is not a readable file");
      }
    }
    return Optional.of(new CommanderConfig.Tls(Path.of(cert), Path.of(key),
        ca.isEmpty() ? Optional.empty() : Optional.of(Path.of(ca))));
  }

  private static final YAMLMapper YAML = new YAMLMapper();

  private ConfigLoader() {
  }

  /**
   * Loads and validates the configuration.
   *
   * @param env the process environment (tests pass their own)
   * @param file a configuration file given on the command line, overriding {@value #CONFIG_FILE_ENV}
   * @return the typed configuration
   * @throws ConfigException if a file cannot be read or parsed, a key is unknown or a value is invalid
   */
  public static CommanderConfig load(final Map<String, String> env, final Optional<Path> file) {
    final Map<Setting, String> values = new EnumMap<>(Setting.class);
    values.putAll(readDefaults());
    final Optional<Path> configFile = file.or(() -> Optional.ofNullable(env.get(CONFIG_FILE_ENV))
        .filter(s -> !s.isBlank()).map(Path::of));
    configFile.ifPresent(path -> values.putAll(readFile(path)));
    for (Setting s : Setting.values()) {
      final String fromEnv = env.get(s.envName());
      if (fromEnv != null) {
        values.put(s, fromEnv.trim());
      }
    }
    return build(values);
  }

  private static Map<Setting, String> readDefaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new ConfigException("defaults: resource " + DEFAULTS_RESOURCE + " is missing from the build");
      }
      return flatten(YAML.readTree(in), "built-in defaults");
    } catch (IOException e) {
      throw new ConfigException("defaults: cannot read " + DEFAULTS_RESOURCE + ": " + e.getMessage());
    }
  }

  private static Map<Setting, String> readFile(final Path path) {
    final String where = "config file (" + CONFIG_FILE_ENV + ") " + path;
    if (!Files.isRegularFile(path)) {
      throw new ConfigException(where + ": no such file");
    }
    if (!Files.isReadable(path)) {
      throw new ConfigException(where + ": not readable");
    }
    try {
      return flatten(YAML.readTree(path.toFile()), where);
    } catch (IOException e) {
      final String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(where + ": not valid YAML: " + reason);
    }
  }

  /** Turns nested YAML maps into dotted keys; refuses keys nobody declared. */
  static Map<Setting, String> flatten(final JsonNode root, final String where) {
    final Map<Setting, String> out = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return out;
    }
    if (!root.isObject()) {
      throw new ConfigException(where + ": the top level must be a map of settings");
    }
    walk(root, "", where, out);
    return out;
  }

  private static void walk(final JsonNode node, final String prefix, final String where, final Map<Setting, String> out) {
    final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      final Map.Entry<String, JsonNode> field = fields.next();
      final String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      final JsonNode value = field.getValue();
      final Optional<Setting> setting = Setting.byKey(key);
      if (value.isObject() && setting.isEmpty()) {
        walk(value, key, where, out);
        continue;
      }
      final Setting s = setting.orElseThrow(() -> new ConfigException(where + ": unknown key '" + key + "'"));
      if (value.isArray()) {
        if (!s.type().list()) {
          throw ConfigException.of(s, "a single value is expected, not a list (" + where + ")");
        }
        final StringBuilder joined = new StringBuilder();
        value.forEach(v -> joined.append(joined.isEmpty() ? "" : ",").append(v.asText()));
        out.put(s, joined.toString());
      } else if (value.isObject()) {
        throw ConfigException.of(s, "a single value is expected, not a map (" + where + ")");
      } else {
        out.put(s, value.isNull() ? "" : value.asText().trim());
      }
    }
  }

  private static CommanderConfig build(final Map<Setting, String> v) {
    final Set<Role> roles = roles(v);
    final String dbHost = text(v, Setting.DB_HOST);
    final String modeText = choice(v, Setting.DB_MODE);
    final CommanderConfig.DbMode mode = switch (modeText) {
      case "embedded" -> CommanderConfig.DbMode.EMBEDDED;
      case "external" -> CommanderConfig.DbMode.EXTERNAL;
      default -> dbHost.isEmpty() ? CommanderConfig.DbMode.EMBEDDED : CommanderConfig.DbMode.EXTERNAL;
    };
    if (mode == CommanderConfig.DbMode.EXTERNAL && dbHost.isEmpty()) {
      throw ConfigException.of(Setting.DB_HOST, "required when db.mode is external");
    }
    final String dbName = required(v, Setting.DB_NAME);
    final String dbUser = required(v, Setting.DB_USER);
    final CommanderConfig.Db db = new CommanderConfig.Db(mode, dbHost, port(v, Setting.DB_PORT), dbName, dbUser,
        text(v, Setting.DB_PASSWORD), choice(v, Setting.DB_SSL_MODE), positive(v, Setting.DB_POOL_SIZE),
        port(v, Setting.DB_EMBEDDED_PORT));
    final CommanderConfig.Http http = new CommanderConfig.Http(required(v, Setting.HTTP_HOST), port(v, Setting.HTTP_PORT),
        count(v, Setting.HTTP_INSTANCES), seconds(v, Setting.HTTP_SHUTDOWN_TIMEOUT), Path.of(required(v, Setting.HTTP_WEBROOT)),
        positive(v, Setting.HTTP_BODY_LIMIT) * 1024L, tls(v));
    final CommanderConfig.Kafka kafka = new CommanderConfig.Kafka(text(v, Setting.KAFKA_BOOTSTRAP),
        port(v, Setting.KAFKA_EMBEDDED_PORT));
    if (kafka.embedded() && kafka.embeddedPort() == 65535) {
      throw ConfigException.of(Setting.KAFKA_EMBEDDED_PORT, "must leave the next port free for the controller");
    }
    final CommanderConfig.Log log = new CommanderConfig.Log(choice(v, Setting.LOG_FORMAT), choice(v, Setting.LOG_LEVEL));
    final Optional<Path> keysFile = Optional.of(text(v, Setting.ENCRYPTION_KEYS_FILE)).filter(f -> !f.isEmpty()).map(Path::of);
    return new CommanderConfig(http, text(v, Setting.PUBLIC_URL), roles, Path.of(required(v, Setting.STATE_DIR)), keysFile,
        db, kafka, positive(v, Setting.WORKER_POOL_SIZE), seconds(v, Setting.HEALTH_TIMEOUT), log, identity(v),
        clusterManager(v), new CommanderConfig.Simulated(seconds(v, Setting.SIMULATED_INSTALL_DURATION),
        text(v, Setting.SIMULATED_FAILURE), choice(v, Setting.SIMULATED_AGENTS)), renderer(v), new CommanderConfig.Telemetry(
        positive(v, Setting.TELEMETRY_BATCH_SIZE), atLeastOneSecond(v, Setting.TELEMETRY_HISTORY_INTERVAL),
        count(v, Setting.TELEMETRY_HISTORY_RETENTION_DAYS)), new CommanderConfig.Outbox(
            required(v, Setting.OUTBOX_TOPIC), positive(v, Setting.OUTBOX_BATCH_SIZE),
            Duration.ofMillis(positive(v, Setting.OUTBOX_POLL_INTERVAL)),
            atLeastOneSecond(v, Setting.OUTBOX_TAKEOVER_INTERVAL), atLeastOneSecond(v, Setting.OUTBOX_RETRY_MAX),
            count(v, Setting.OUTBOX_RETENTION_HOURS), required(v, Setting.COMMANDS_TOPIC),
            new CommanderConfig.Webhooks(positive(v, Setting.WEBHOOKS_MAX_ATTEMPTS),
                Duration.ofMillis(positive(v, Setting.WEBHOOKS_RETRY_BASE_MS)),
                atLeastOneSecond(v, Setting.WEBHOOKS_TIMEOUT),
                Boolean.parseBoolean(choice(v, Setting.WEBHOOKS_ALLOW_PRIVATE_TARGETS)))),
        new CommanderConfig.AgentGateway(
            atLeastOneSecond(v, Setting.AGENT_GATEWAY_OFFLINE_AFTER),
            atLeastOneSecond(v, Setting.AGENT_GATEWAY_PRESENCE_INTERVAL),
            integer(v, Setting.AGENT_GATEWAY_MAX_FRAME_KB, 1, 16 * 1024, "KiB") * 1024,
            positive(v, Setting.AGENT_GATEWAY_ADMISSION_RATE), seconds(v, Setting.AGENT_GATEWAY_DRAIN_SPREAD)),
        cluster(v), v);
  }

  private static CommanderConfig.Cluster cluster(final Map<Setting, String> v) {
    final String mode = choice(v, Setting.CLUSTER_MODE);
    final List<String> members = Arrays.stream(text(v, Setting.CLUSTER_MEMBERS).split(",")).map(String::trim)
        .filter(m -> !m.isEmpty()).toList();
    if ("tcp".equals(mode) && members.isEmpty()) {
      throw ConfigException.of(Setting.CLUSTER_MEMBERS, "required when cluster.mode is tcp");
    }
    if ("kubernetes".equals(mode) && text(v, Setting.CLUSTER_KUBERNETES_SERVICE).isEmpty()) {
      throw ConfigException.of(Setting.CLUSTER_KUBERNETES_SERVICE, "required when cluster.mode is kubernetes");
    }
    return new CommanderConfig.Cluster(mode, required(v, Setting.CLUSTER_NAME), text(v, Setting.CLUSTER_HOST),
        port(v, Setting.CLUSTER_PORT), integer(v, Setting.CLUSTER_BUS_PORT, 0, 65535, "(0-65535)"), members,
        text(v, Setting.CLUSTER_KUBERNETES_SERVICE), text(v, Setting.CLUSTER_KUBERNETES_NAMESPACE));
  }

  private static CommanderConfig.Renderer renderer(final Map<Setting, String> v) {
    final int threads = count(v, Setting.RENDERER_THREADS) == 0
        ? Math.max(2, Runtime.getRuntime().availableProcessors()) : count(v, Setting.RENDERER_THREADS);
    final int share = count(v, Setting.RENDERER_WORKSPACE_SHARE) == 0
        ? Math.max(1, threads / 2) : count(v, Setting.RENDERER_WORKSPACE_SHARE);
    return new CommanderConfig.Renderer(Duration.ofMillis(large(v, Setting.RENDERER_TIMEOUT)),
        large(v, Setting.RENDERER_MAX_STEPS), large(v, Setting.RENDERER_MAX_OUTPUT), large(v, Setting.RENDERER_MAX_VALUE),
        threads, share, positive(v, Setting.RENDERER_QUEUE));
  }

  private static int large(final Map<Setting, String> v, final Setting s) {
    return integer(v, s, 1, 1_000_000_000, "(1-1000000000)");
  }

  private static CommanderConfig.ClusterManager clusterManager(final Map<Setting, String> v) {
    return new CommanderConfig.ClusterManager(positive(v, Setting.CLUSTER_MANAGER_CONCURRENCY),
        atLeastOneSecond(v, Setting.CLUSTER_MANAGER_LEASE_TTL), atLeastOneSecond(v, Setting.CLUSTER_MANAGER_POLL_INTERVAL),
        positive(v, Setting.CLUSTER_MANAGER_MAX_ATTEMPTS), seconds(v, Setting.CLUSTER_MANAGER_RETRY_BACKOFF),
        seconds(v, Setting.CLUSTER_MANAGER_SHUTDOWN_TIMEOUT), count(v, Setting.CLUSTER_MANAGER_TASK_RETENTION_DAYS),
        seconds(v, Setting.CLUSTER_MANAGER_DRIFT_INTERVAL), atLeastOneSecond(v, Setting.CLUSTER_MANAGER_TASK_TIMEOUT),
        required(v, Setting.CLUSTER_MANAGER_AGENT_IMAGE),
        text(v, Setting.DHCTL_BINARY), choice(v, Setting.CLUSTER_MANAGER_DEFAULT_PROVISIONER));
  }

  private static Duration atLeastOneSecond(final Map<Setting, String> v, final Setting s) {
    final Duration d = seconds(v, s);
    if (d.isZero()) {
      throw ConfigException.of(s, "must be at least one second");
    }
    return d;
  }

  private static CommanderConfig.Identity identity(final Map<Setting, String> v) {
    final String email = required(v, Setting.ADMIN_EMAIL);
    if (!email.contains("@")) {
      throw ConfigException.of(Setting.ADMIN_EMAIL, "'" + email + "' is not an email address");
    }
    final Duration ttl = seconds(v, Setting.AUTH_SESSION_TTL);
    if (ttl.isZero()) {
      throw ConfigException.of(Setting.AUTH_SESSION_TTL, "must be at least one second");
    }
    final Duration kubeconfigTtl = seconds(v, Setting.AUTH_KUBECONFIG_TTL);
    if (kubeconfigTtl.isZero()) {
      throw ConfigException.of(Setting.AUTH_KUBECONFIG_TTL, "must be at least one second");
    }
    return new CommanderConfig.Identity(email, text(v, Setting.ADMIN_PASSWORD), ttl,
        integer(v, Setting.AUTH_PASSWORD_ITERATIONS, 1, 100_000_000, "(1-100000000)"),
        count(v, Setting.AUDIT_RETENTION_DAYS), kubeconfigTtl);
  }

  /** TLS when a certificate is named: its key too, each a readable file (checked here, read at start). */
  private static String text(final Map<Setting, String> v, final Setting s) {
    return v.getOrDefault(s, "");
  }

  private static String required(final Map<Setting, String> v, final Setting s) {
    final String value = text(v, s);
    if (value.isEmpty()) {
      throw ConfigException.of(s, "must not be empty");
    }
    return value;
  }

  private static int integer(final Map<Setting, String> v, final Setting s, final int min, final int max, final String what) {
    final String value = required(v, s);
    try {
      final int n = Integer.parseInt(value);
      if (n < min || n > max) {
        throw ConfigException.of(s, value + " is out of range " + what);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ConfigException.of(s, "'" + value + "' is not a whole number");
    }
  }

  private static int port(final Map<Setting, String> v, final Setting s) {
    return integer(v, s, 1, 65535, "(1-65535)");
  }

  private static int count(final Map<Setting, String> v, final Setting s) {
    return integer(v, s, 0, 10_000, "(0-10000)");
  }

  private static int positive(final Map<Setting, String> v, final Setting s) {
    return integer(v, s, 1, 10_000, "(1-10000)");
  }

  private static Duration seconds(final Map<Setting, String> v, final Setting s) {
    return Duration.ofSeconds(integer(v, s, 0, 86_400, "(0-86400 seconds)"));
  }

  private static String choice(final Map<Setting, String> v, final Setting s) {
    final String value = text(v, s);
    final List<String> choices = s.type().choices();
    if (!choices.contains(value)) {
      throw ConfigException.of(s, "'" + value + "' is not one of "
          + choices.stream().filter(c -> !c.isEmpty()).collect(Collectors.joining(", ")));
    }
    return value;
  }

  private static Set<Role> roles(final Map<Setting, String> v) {
    final Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String id : text(v, Setting.ROLES).split(",")) {
      final String trimmed = id.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      roles.add(Role.byId(trimmed).orElseThrow(() -> ConfigException.of(Setting.ROLES, "unknown role '" + trimmed
          + "' (known: " + Arrays.stream(Role.values()).map(Role::id).collect(Collectors.joining(", ")) + ")")));
    }
    if (roles.isEmpty()) {
      throw ConfigException.of(Setting.ROLES, "at least one role is required");
    }
    return roles;
  }
}
