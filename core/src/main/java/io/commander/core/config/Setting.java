package io.commander.core.config;

import java.util.List;
import java.util.Locale;

/**
 * Every configuration key Commander knows, with its type and meaning. Defaults live in
 * {@code conf/commander.yaml}; each key can be overridden by the environment variable
 * {@code COMMANDER_} + the key in upper case with dots and dashes as underscores. A key that is
 * not declared here is refused, so a typo in a file never silently does nothing.
 */
public enum Setting {
  HTTP_HOST("http.host", Type.TEXT, "Address the HTTP server binds to."),
  HTTP_PORT("http.port", Type.PORT, "Port of the HTTP server (API, web UI, health, metrics)."),
  HTTP_INSTANCES("http.instances", Type.COUNT, "HTTP server verticle instances (0 = one per event loop)."),
  HTTP_SHUTDOWN_TIMEOUT("http.shutdown-timeout", Type.SECONDS,
      "Seconds to let in-flight HTTP requests finish on shutdown."),
  HTTP_WEBROOT("http.webroot", Type.TEXT, "Folder of the web UI's files."),
  HTTP_BODY_LIMIT("http.body-limit-kb", Type.POSITIVE, "Largest request body the API accepts, in KiB (larger: 413)."),
  HTTP_TLS_CERT_FILE("http.tls-cert-file", Type.TEXT,
      "PEM certificate (chain) the HTTP server serves TLS with; empty = plain HTTP."),
  HTTP_TLS_KEY_FILE("http.tls-key-file", Type.TEXT, "PEM private key of http.tls-cert-file."),
  HTTP_TLS_CA_FILE("http.tls-ca-file", Type.TEXT,
      "PEM of the CA that signed http.tls-cert-file, given to kubeconfigs and local agents; empty = the system's."),
  PUBLIC_URL("public-url", Type.TEXT, "URL people open; empty = derived from http.host and http.port."),
  ROLES("roles", Type.ROLES, "Roles this process runs (list or comma-separated)."),
  STATE_DIR("state-dir", Type.TEXT,
      "Folder for local state: embedded PostgreSQL and Kafka data, generated keys."),
  ENCRYPTION_KEYS_FILE("encryption.keys-file", Type.TEXT,
      "File holding the encryption and signing keys; empty = keys.json in the state folder."),
  DB_MODE("db.mode", Type.choice("", "embedded", "external"),
      "embedded (a PostgreSQL server started by Commander) or external; empty = external when db.host is set."),
  DB_HOST("db.host", Type.TEXT, "External PostgreSQL host."),
  DB_PORT("db.port", Type.PORT, "External PostgreSQL port."),
  DB_NAME("db.name", Type.TEXT, "Database name."),
  DB_USER("db.user", Type.TEXT, "Database user."),
  DB_PASSWORD("db.password", Type.SECRET, "Database password."),
  DB_SSL_MODE("db.ssl-mode", Type.choice("disable", "allow", "prefer", "require", "verify-ca", "verify-full"),
      "TLS to the database, as libpq's sslmode."),
  DB_POOL_SIZE("db.pool-size", Type.POSITIVE, "Connections in the reactive pool."),
  DB_EMBEDDED_PORT("db.embedded.port", Type.PORT, "Port of the embedded PostgreSQL server (loopback only)."),
  KAFKA_BOOTSTRAP("kafka.bootstrap", Type.TEXT,
      "Kafka bootstrap servers; empty = start an embedded single-node broker."),
  KAFKA_EMBEDDED_PORT("kafka.embedded.port", Type.PORT,
      "Broker port of the embedded Kafka (the controller uses the next port)."),
  WORKER_POOL_SIZE("pools.worker", Type.POSITIVE, "Threads of Vert.x's shared worker pool."),
  HEALTH_TIMEOUT("health.timeout", Type.SECONDS, "Seconds a readiness check may take before it counts as down."),
  ADMIN_EMAIL("admin.email", Type.TEXT, "Email of the first administrator, created on first start."),
  ADMIN_PASSWORD("admin.password", Type.SECRET,
      "Password of the first administrator; empty = generate one and print it once."),
  AUTH_SESSION_TTL("auth.session-ttl", Type.SECONDS, "Seconds a browser session lasts."),
  AUTH_KUBECONFIG_TTL("auth.kubeconfig-ttl", Type.SECONDS,
      "Seconds the token of a downloaded kubeconfig lasts."),
  AUTH_PASSWORD_ITERATIONS("auth.password-iterations", Type.LARGE, "PBKDF2-SHA256 iterations for new password hashes."),
  AUDIT_RETENTION_DAYS("audit.retention-days", Type.COUNT, "Days audit records are kept; 0 = forever."),
  CLUSTER_MANAGER_CONCURRENCY("cluster-manager.concurrency", Type.POSITIVE,
      "Tasks one cluster-manager instance runs at once (also the size of its provisioner thread pool)."),
  CLUSTER_MANAGER_LEASE_TTL("cluster-manager.lease-ttl", Type.SECONDS,
      "Seconds a running task's lease lasts; renewed every third of it. An instance silent for longer loses its tasks."),
  CLUSTER_MANAGER_POLL_INTERVAL("cluster-manager.poll-interval", Type.SECONDS,
      "Seconds between polls of the task queue (a fallback: new tasks wake the managers at once)."),
  CLUSTER_MANAGER_MAX_ATTEMPTS("cluster-manager.max-attempts", Type.POSITIVE,
      "Times a task is tried when it fails transiently (or its instance dies) before it fails for good."),
  CLUSTER_MANAGER_RETRY_BACKOFF("cluster-manager.retry-backoff", Type.SECONDS,
      "Seconds before the first retry of a transient failure; doubled per attempt, with jitter, at most 15 minutes."),
  CLUSTER_MANAGER_SHUTDOWN_TIMEOUT("cluster-manager.shutdown-timeout", Type.SECONDS,
      "Seconds running tasks get to finish when the process stops; then they go back to the queue."),
  CLUSTER_MANAGER_TASK_RETENTION_DAYS("cluster-manager.task-retention-days", Type.COUNT,
      "Days finished tasks and their logs are kept; 0 = forever."),
  CLUSTER_MANAGER_DRIFT_INTERVAL("cluster-manager.drift-interval", Type.SECONDS,
      "Seconds between looks for clusters whose drift check is due (one instance of all does it); 0 = never."),
  CLUSTER_MANAGER_TASK_TIMEOUT("cluster-manager.task-timeout", Type.SECONDS,
      "Seconds one provisioner call of a task may take before it is stopped and fails (retried if attempts remain)."),
  CLUSTER_MANAGER_AGENT_IMAGE("cluster-manager.agent-image", Type.TEXT,
      "Container image of commander-agent that provisioners install into clusters."),
  CLUSTER_MANAGER_DEFAULT_PROVISIONER("cluster-manager.default-provisioner", Type.choice("dhctl", "simulated"),
      "Provisioner of clusters created without one (dhctl, as Deckhouse Commander; simulated for demos and tests)."),
  RENDERER_TIMEOUT("renderer.timeout-ms", Type.LARGE,
      "Milliseconds one render may take (all sections); also the longest a render waits in the renderer's queue."),
  RENDERER_MAX_STEPS("renderer.max-steps", Type.LARGE,
      "Template steps one render may take (nodes walked, functions called, elements printed, characters a regex reads)."),
  RENDERER_MAX_OUTPUT("renderer.max-output", Type.LARGE, "Characters one render may output, all sections together."),
  RENDERER_MAX_VALUE("renderer.max-value", Type.LARGE,
      "Characters of a string, or elements of a list or map, that a template function may build."),
  RENDERER_THREADS("renderer.threads", Type.COUNT, "Threads that render (the renderer pool); 0 = one per core, at least 2."),
  RENDERER_WORKSPACE_SHARE("renderer.workspace-share", Type.COUNT,
      "Renders of one workspace that run at once; 0 = half the threads (at least 1). The rest of its renders wait."),
  RENDERER_QUEUE("renderer.queue", Type.POSITIVE,
      "Renders that may wait for a thread, all workspaces together (one workspace: a quarter of it); more get 503 at once."),
  DHCTL_BINARY("dhctl.binary", Type.TEXT,
      "Path of the dhctl installer the dhctl provisioner runs; empty = dhctl clusters fail saying so."),
  SIMULATED_INSTALL_DURATION("simulated.install-duration", Type.SECONDS,
      "Seconds a whole simulated install takes, spread over its phases; 0 = instant (tests, benchmarks)."),
  SIMULATED_FAILURE("simulated.failure", Type.TEXT,
      "Makes every simulated run fail in a phase: <phase>[:transient]; empty = none (a cluster's x-simulate-failure value wins)."),
  SIMULATED_AGENTS("simulated.agents", Type.choice("in-process", "external"),
      "Who runs installed simulated clusters' agents: in-process (this process, with the agent-gateway role) or "
          + "external (a fleet simulator, bin/commander simulate)."),
  TELEMETRY_BATCH_SIZE("telemetry.batch-size", Type.POSITIVE,
      "Telemetry reports telemetry-ingest reads from Kafka and writes in one statement, at most."),
  TELEMETRY_HISTORY_INTERVAL("telemetry.history-interval", Type.SECONDS,
      "Seconds of one telemetry history point per cluster: the first report of each interval is charted."),
  TELEMETRY_HISTORY_RETENTION_DAYS("telemetry.history-retention-days", Type.COUNT,
      "Days telemetry history points are kept; 0 = forever. An hourly job deletes older ones."),
  OUTBOX_TOPIC("outbox.topic", Type.TEXT,
      "Kafka topic the outbox-relay role publishes Commander's events to, as CloudEvents."),
  OUTBOX_BATCH_SIZE("outbox.batch-size", Type.POSITIVE,
      "Outbox events the relay reads, publishes and marks published at once, at most."),
  OUTBOX_POLL_INTERVAL("outbox.poll-interval-ms", Type.POSITIVE,
      "Milliseconds between looks for new outbox events while there are none."),
  OUTBOX_TAKEOVER_INTERVAL("outbox.takeover-interval", Type.SECONDS,
      "Seconds between a standby relay's tries to take the relay lock: how soon it takes over from a dead one."),
  OUTBOX_RETRY_MAX("outbox.retry-max", Type.SECONDS,
      "Longest wait between tries to publish while Kafka refuses (the wait doubles from half a second)."),
  OUTBOX_RETENTION_HOURS("outbox.retention-hours", Type.COUNT,
      "Hours published outbox events are kept before an hourly job deletes them; 0 = forever."),
  COMMANDS_TOPIC("commands.topic", Type.TEXT,
      "Kafka topic the outbox-relay role reads cluster commands from (CloudEvents); results go to outbox.topic."),
  WEBHOOKS_MAX_ATTEMPTS("webhooks.max-attempts", Type.POSITIVE,
      "Tries of a webhook delivery before it is given up (recorded as failed)."),
  WEBHOOKS_RETRY_BASE_MS("webhooks.retry-base-ms", Type.POSITIVE,
      "Milliseconds before a failed webhook delivery's second try; the wait doubles with each try after."),
  WEBHOOKS_TIMEOUT("webhooks.timeout", Type.SECONDS,
      "Seconds a webhook receiver has to answer a delivery before the try counts as failed."),
  WEBHOOKS_ALLOW_PRIVATE_TARGETS("webhooks.allow-private-targets", Type.choice("false", "true"),
      "Whether webhook URLs may resolve to loopback, link-local, unspecified or metadata addresses."),
  AGENT_GATEWAY_OFFLINE_AFTER("agent-gateway.offline-after", Type.SECONDS,
      "Seconds without a frame after which a cluster's agent is shown disconnected (also when its gateway died)."),
  AGENT_GATEWAY_PRESENCE_INTERVAL("agent-gateway.presence-interval", Type.SECONDS,
      "Seconds between the gateway's batched writes of its agents' presence to the database."),
  AGENT_GATEWAY_MAX_FRAME_KB("agent-gateway.max-frame-kb", Type.POSITIVE,
      "Largest frame an agent may send, in KiB; a larger one closes its connection."),
  AGENT_GATEWAY_ADMISSION_RATE("agent-gateway.admission-rate", Type.POSITIVE,
      "Agent connections one gateway admits per second (a token bucket); the excess is answered 503 with Retry-After."),
  AGENT_GATEWAY_DRAIN_SPREAD("agent-gateway.drain-spread", Type.SECONDS,
      "On shutdown, agents are told to reconnect after a random delay of up to this many seconds."),
  CLUSTER_MODE("cluster.mode", Type.choice("off", "tcp", "kubernetes"),
      "off (one process), tcp (members listed in cluster.members) or kubernetes (pods of cluster.kubernetes-service)."),
  CLUSTER_NAME("cluster.name", Type.TEXT, "Name of the cluster; processes join only a cluster of their own name."),
  CLUSTER_HOST("cluster.host", Type.TEXT,
      "Address other processes reach this one at; empty = this host's first non-loopback address."),
  CLUSTER_PORT("cluster.port", Type.PORT, "Port of the cluster membership protocol."),
  CLUSTER_BUS_PORT("cluster.bus-port", Type.COUNT_PORT, "Port of the clustered event bus; 0 = any free port."),
  CLUSTER_MEMBERS("cluster.members", Type.LIST, "host[:port] of the processes to join (cluster.mode tcp)."),
  CLUSTER_KUBERNETES_SERVICE("cluster.kubernetes-service", Type.TEXT,
      "Headless Service whose pods are the members (cluster.mode kubernetes)."),
  CLUSTER_KUBERNETES_NAMESPACE("cluster.kubernetes-namespace", Type.TEXT,
      "Namespace of that Service; empty = the pod's own."),
  LOG_FORMAT("log.format", Type.choice("text", "json"), "text (human-readable) or json (one JSON object per line)."),
  LOG_LEVEL("log.level", Type.choice("trace", "debug", "info", "warn", "error"), "Level of Commander's own loggers.");

  private final String key;
  private final Type type;
  private final String description;

  Setting(final String key, final Type type, final String description) {
    this.key = key;
    this.type = type;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public Type type() {
    return type;
  }

  public String description() {
    return description;
  }

  /** The environment variable that overrides this key. */
  public String envName() {
    return "COMMANDER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Looks a setting up by its key. */
  public static java.util.Optional<Setting> byKey(final String key) {
    for (Setting s : values()) {
      if (s.key.equals(key)) {
        return java.util.Optional.of(s);
      }
    }
    return java.util.Optional.empty();
  }

  /** Value types; each knows how to check a raw text value. */
  public record Type(String name, List<String> choices) {
    static final Type TEXT = new Type("text", List.of());
    static final Type SECRET = new Type("secret", List.of());
    static final Type PORT = new Type("port", List.of());
    static final Type COUNT = new Type("count", List.of());
    static final Type POSITIVE = new Type("positive", List.of());
    static final Type SECONDS = new Type("seconds", List.of());
    static final Type LARGE = new Type("large", List.of());
    static final Type ROLES = new Type("roles", List.of());
    static final Type LIST = new Type("list", List.of());
    static final Type COUNT_PORT = new Type("port-or-0", List.of());

    static Type choice(final String... choices) {
      return new Type("choice", List.of(choices));
    }

    /** Whether values of this type are masked when configuration is printed. */
    public boolean secret() {
      return this == SECRET;
    }

    /** Whether a YAML list is accepted for this key. */
    public boolean list() {
      return this == ROLES || this == LIST;
    }
  }
}
