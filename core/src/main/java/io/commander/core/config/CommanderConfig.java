package io.commander.core.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The validated, typed configuration of one Commander process. Built only by {@link ConfigLoader};
 * the raw values it came from are kept for printing the effective configuration.
 * {@code encryptionKeysFile} is empty when the keys file is the default one in the state folder.
 */
public record CommanderConfig(
    Http http,
    String publicUrl,
    Set<Role> roles,
    Path stateDir,
    Optional<Path> encryptionKeysFile,
    Db db,
    Kafka kafka,
    int workerPoolSize,
    Duration healthTimeout,
    Log log,
    Identity identity,
    ClusterManager clusterManager,
    Simulated simulated,
    Renderer renderer,
    Telemetry telemetry,
    Outbox outbox,
    AgentGateway agentGateway,
    Cluster cluster,
    Map<Setting, String> raw) {

  /** HTTP server settings. {@code instances} of 0 means one per event loop. */
  public record Http(String host, int port, int instances, Duration shutdownTimeout, Path webroot, long bodyLimitBytes,
                     Optional<Tls> tls) {

    /** Plain HTTP. */
    public Http(final String host, final int port, final int instances, final Duration shutdownTimeout,
                final Path webroot, final long bodyLimitBytes) {
      this(host, port, instances, shutdownTimeout, webroot, bodyLimitBytes, Optional.empty());
    }
  }

  /** TLS of the HTTP server: PEM files, read when it starts; {@code ca} empty means a publicly trusted one. */
  public record Tls(Path certFile, Path keyFile, Optional<Path> caFile) {
  }

  /** Database settings; in embedded mode host and port point at the embedded server. */
  public record Db(DbMode mode, String host, int port, String name, String user, String password,
                   String sslMode, int poolSize, int embeddedPort) {

    @Override
    public String toString() {
      return "Db[mode=" + mode + ", host=" + host + ", port=" + port + ", name=" + name + ", user=" + user
          + ", password=" + (password.isEmpty() ? "" : "****") + ", sslMode=" + sslMode + ", poolSize=" + poolSize + "]";
    }
  }

  /** How the database is provided. */
  public enum DbMode {
    /** A PostgreSQL server that Commander starts itself, data in the state folder. */
    EMBEDDED,
    /** A PostgreSQL server that somebody else runs. */
    EXTERNAL
  }

  /** Kafka settings; an empty bootstrap means an embedded broker. */
  public record Kafka(String bootstrap, int embeddedPort) {

    /** Whether Commander starts its own broker. */
    public boolean embedded() {
      return bootstrap.isBlank();
    }
  }

  /**
   * Identity settings: the first administrator, sessions, password hashing, audit retention.
   *
   * @param auditRetentionDays 0 keeps audit records forever
   * @param kubeconfigTtl how long the token of a downloaded kubeconfig lasts
   */
  public record Identity(String adminEmail, String adminPassword, Duration sessionTtl, int passwordIterations,
                         int auditRetentionDays, Duration kubeconfigTtl) {

    @Override
    public String toString() {
      return "Identity[adminEmail=" + adminEmail + ", adminPassword=" + (adminPassword.isEmpty() ? "" : "****")
          + ", sessionTtl=" + sessionTtl + ", passwordIterations=" + passwordIterations + ", auditRetentionDays="
          + auditRetentionDays + ", kubeconfigTtl=" + kubeconfigTtl + "]";
    }
  }

  /**
   * The cluster manager: how many tasks an instance runs, its leases, polling, retries and housekeeping.
   *
   * @param taskRetentionDays 0 keeps finished tasks forever
   * @param driftInterval zero turns the drift scheduler off
   */
  public record ClusterManager(int concurrency, Duration leaseTtl, Duration pollInterval, int maxAttempts,
                               Duration retryBackoff, Duration shutdownTimeout, int taskRetentionDays,
                               Duration driftInterval, Duration taskTimeout, String agentImage,
                               String dhctlBinary, String defaultProvisioner) {
  }

  /**
   * The simulated provisioner.
   *
   * @param installDuration a whole install, spread over its phases
   * @param failure {@code <phase>[:transient]} to fail every run there, empty for none
   * @param agents {@code in-process}: this process runs the agents of installed simulated clusters;
   *     {@code external}: it leaves them to a fleet simulator ({@code bin/commander simulate})
   */
  public record Simulated(Duration installDuration, String failure, String agents) {

    public static final String IN_PROCESS = "in-process";
    public static final String EXTERNAL = "external";

    /** Whether this process starts simulated clusters' agents itself. */
    public boolean inProcessAgents() {
      return IN_PROCESS.equals(agents);
    }
  }

  /**
   * Telemetry ingest.
   *
   * @param batchSize reports read and written at once, at most
   * @param historyInterval the span of one history point
   * @param historyRetentionDays days history is kept, 0 = forever
   */
  public record Telemetry(int batchSize, Duration historyInterval, int historyRetentionDays) {
  }

  /**
   * The outbox-relay role.
   *
   * @param topic where events are published
   * @param batchSize events read and published at once, at most
   * @param pollInterval the wait between looks while there is nothing to publish
   * @param takeoverInterval the wait between a standby relay's tries to take the lock
   * @param retryMax the longest wait between tries while Kafka refuses
   * @param retentionHours hours published events are kept, 0 = forever
   * @param commandsTopic where other systems' cluster commands are read from
   * @param webhooks how the outbox's events are delivered to webhook subscriptions
   */
  public record Outbox(String topic, int batchSize, Duration pollInterval, Duration takeoverInterval,
                       Duration retryMax, int retentionHours, String commandsTopic, Webhooks webhooks) {
  }

  /**
   * Webhook deliveries.
   *
   * @param maxAttempts tries of a delivery before it is given up
   * @param retryBase the wait before the second try; it doubles with each try after
   * @param timeout how long a receiver has to answer
   * @param allowPrivateTargets whether URLs may resolve to loopback, link-local, unspecified or metadata addresses
   */
  public record Webhooks(int maxAttempts, Duration retryBase, Duration timeout, boolean allowPrivateTargets) {
  }

  /**
   * The renderer role: what one render may spend, and how renders share the role's threads.
   *
   * @param workspaceShare renders of one workspace running at once
   * @param queue renders waiting for a thread, all workspaces together
   */
  public record Renderer(Duration timeout, long maxSteps, long maxOutput, long maxValue, int threads,
                         int workspaceShare, int queue) {

    /**
     * How long a caller waits for a reply: the longest wait in the queue and the longest render
     * (together never more than twice the render time), and a margin for a render's last step
     * and the bus.
     */
    public Duration replyTimeout() {
      return timeout.multipliedBy(2).plusSeconds(2);
    }
  }

  /**
   * The agent gateway.
   *
   * @param offlineAfter a cluster whose agent sent nothing for longer is shown disconnected
   * @param presenceInterval time between batched presence writes
   * @param maxFrameBytes largest frame an agent may send
   * @param admissionRate connections admitted per second
   * @param drainSpread the longest reconnect delay given to agents on shutdown
   */
  public record AgentGateway(Duration offlineAfter, Duration presenceInterval, int maxFrameBytes, int admissionRate,
                             Duration drainSpread) {
  }

  /** Logging settings. */
  public record Log(String format, String level) {

    public boolean json() {
      return "json".equals(format);
    }
  }

  /**
   * Several processes as one Commander: a clustered event bus whose members find each other by a
   * list ({@code tcp}) or through a Kubernetes Service ({@code kubernetes}); {@code off} is one process.
   */
  public record Cluster(String mode, String name, String host, int port, int busPort, java.util.List<String> members,
                        String kubernetesService, String kubernetesNamespace) {
    public boolean enabled() {
      return !"off".equals(mode);
    }
  }

  public CommanderConfig {
    // EnumSet keeps declaration order, which is the order roles are deployed in.
    roles = Collections.unmodifiableSet(roles.isEmpty() ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(roles));
    raw = Map.copyOf(raw);
  }

  /** Whether this process runs the given role. */
  public boolean runs(final Role role) {
    return roles.contains(role);
  }

  /** A copy with the database pointed at a server started at run time (the embedded one). */
  public CommanderConfig withDatabaseAt(final String host, final int port) {
    return new CommanderConfig(http, publicUrl, roles, stateDir, encryptionKeysFile,
        new Db(db.mode, host, port, db.name, db.user, db.password, db.sslMode, db.poolSize, db.embeddedPort),
        kafka, workerPoolSize, healthTimeout, log, identity, clusterManager, simulated, renderer, telemetry,
        outbox, agentGateway, cluster, raw);
  }

  /** A copy with Kafka pointed at a broker started at run time (the embedded one). */
  public CommanderConfig withKafkaAt(final String bootstrap) {
    return new CommanderConfig(http, publicUrl, roles, stateDir, encryptionKeysFile, db,
        new Kafka(bootstrap, kafka.embeddedPort), workerPoolSize, healthTimeout, log, identity, clusterManager, simulated,
        renderer, telemetry, outbox, agentGateway, cluster, raw);
  }

  /** The URL people open: {@code public-url}, or one derived from the HTTP listener. */
  public String effectivePublicUrl() {
    if (!publicUrl.isBlank()) {
      return publicUrl;
    }
    final String host = "0.0.0.0".equals(http.host) || "::".equals(http.host) ? "localhost" : http.host;
    return (http.tls.isPresent() ? "https://" : "http://") + host + ":" + http.port;
  }

  /** The effective settings, secrets masked, in declaration order: safe to log. */
  public Map<String, String> describe() {
    final Map<String, String> out = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      final String value = raw.getOrDefault(s, "");
      out.put(s.key(), s.type().secret() && !value.isEmpty() ? "****" : value);
    }
    return out;
  }
}
