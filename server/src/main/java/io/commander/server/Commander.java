package io.commander.server;

import io.commander.core.bus.Addresses;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.Role;
import io.commander.core.config.Setting;
import io.commander.core.http.HttpEndpoint;
import io.commander.devservices.EmbeddedKafkaBroker;
import io.commander.devservices.EmbeddedPostgresServer;
import io.commander.devservices.EmbeddedServiceException;
import io.commander.migrations.MigrationException;
import io.commander.migrations.Migrations;
import io.commander.server.health.DependencyChecks;
import io.commander.server.http.HttpServerVerticle;
import io.commander.server.http.ManagementEndpoint;
import io.commander.server.metrics.GuardedMetricsFactory;
import io.commander.server.api.ApiContract;
import io.commander.server.cluster.EventBusCluster;
import io.commander.server.crypto.EncryptionCanary;
import io.commander.server.crypto.KeyConfigurationException;
import io.commander.server.crypto.KeyMismatchException;
import io.commander.server.crypto.Keys;
import io.commander.server.audit.Actor;
import io.commander.server.demo.DemoService;
import io.commander.server.roles.ApiAssembly;
import io.commander.server.connector.Tunnel;
import io.commander.server.rendering.RendererClient;
import io.commander.server.roles.Platform;
import io.commander.server.roles.RoleDeployment;
import io.commander.server.roles.Roles;
import io.commander.server.users.AdminBootstrap;
import io.vertx.openapi.contract.OpenAPIContract;
import java.time.Clock;
import java.util.Optional;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.Match;
import io.vertx.micrometer.MatchType;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.sqlclient.Pool;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a Commander process. {@link #start} brings up, in order: the embedded
 * PostgreSQL and Kafka when configured, the schema (Liquibase, under a lock), Vert.x with metrics,
 * the database pool, the readiness checks, each configured role, and last the HTTP server.
 * {@link #stop} takes everything down in the reverse order, letting in-flight HTTP requests finish.
 *
 * <p>Both block the calling thread, which must not be a Vert.x thread ({@code main} or a
 * shutdown hook).
 */
public final class Commander {

  private static final Logger LOG = LoggerFactory.getLogger(Commander.class);

  private final Deque<AutoCloseable> closeOnStop = new ArrayDeque<>();
  private final Deque<String> deployments = new ArrayDeque<>();
  private String gatewayDeployment;
  private ApiAssembly api;
  private final Map<String, String> env;
  private CommanderConfig config;
  private Vertx vertx;
  private AdminBootstrap.Outcome admin;
  private boolean stopped;

  private Commander(final CommanderConfig config, final Map<String, String> env) {
    this.config = config;
    this.env = env;
  }

  /**
   * Starts a Commander process.
   *
   * @param config the validated configuration
   * @return the running process
   * @throws StartupException if any step fails; whatever had started is stopped again
   */
  public static Commander start(final CommanderConfig config) {
    return start(config, System.getenv());
  }

  /**
   * Starts a Commander process.
   *
   * @param config the validated configuration
   * @param env the environment, for the {@code COMMANDER_ENCRYPTION_*} keys
   * @return the running process
   * @throws StartupException if any step fails; whatever had started is stopped again
   */
  public static Commander start(final CommanderConfig config, final Map<String, String> env) {
    final Commander commander = new Commander(config, env);
    try {
      commander.startAll();
      return commander;
    } catch (RuntimeException e) {
      commander.stop();
      throw e instanceof StartupException ? e : new StartupException(oneLine(e), e);
    }
  }

  /** The effective configuration: for embedded services, where they actually listen. */
  public CommanderConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** Whether this start created the first administrator, and the password it generated. */
  public Optional<AdminBootstrap.Outcome> admin() {
    return Optional.ofNullable(admin);
  }

  /** Makes the demo fleet (see {@link DemoService}) unless it exists; needs the API role in this process. */
  public Future<DemoService.Demo> demo() {
    if (api == null) {
      return Future.failedFuture(new IllegalStateException("the demo fleet is made by the api role, which this "
          + "process does not run (roles: " + config.roles() + ")"));
    }
    return api.demo().ensure(Actor.system("commander up --demo"));
  }

  private void startAll() {
    final long started = System.nanoTime();
    LOG.info("starting commander [roles: {}, db: {}, kafka: {}]", config.roles(),
        config.db().mode().name().toLowerCase(), config.kafka().embedded() ? "embedded" : config.kafka().bootstrap());
    LOG.debug("effective configuration {}", config.describe());
    final Optional<Long> crashed = RunMarker.previousCrash(config.stateDir());
    try {
      closeOnStop.push(RunMarker.mark(config.stateDir()));
    } catch (java.io.IOException e) {
      throw new StartupException("cannot write into the state directory " + config.stateDir() + ": " + e.getMessage(),
          e);
    }
    final Optional<String> postgres = startEmbeddedPostgres();
    crashed.ifPresent(pid -> LOG.warn("start after a crash: the Commander before this one (pid {}) stopped without "
        + "shutting down; {}; the tasks it was running are taken over when their leases expire (within {} s)", pid,
        postgres.orElse(config.db().mode() == CommanderConfig.DbMode.EMBEDDED
            ? "its embedded postgresql had been stopped by its watchdog" : "the database is external"),
        config.clusterManager().leaseTtl().toSeconds()));
    startEmbeddedKafka();
    migrate();

    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final VertxOptions options = new VertxOptions()
        .setWorkerPoolSize(config.workerPoolSize())
        .setMetricsOptions(new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(true)
            .setLabels(EnumSet.of(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE,
                Label.POOL_NAME, Label.EB_ADDRESS, Label.EB_SIDE, Label.EB_FAILURE, Label.CLASS_NAME))
            // Each agent session, task log and streamed answer has addresses of its own, never removed: one set
            // of meters for all of a kind, or 10,000 agents make 20,000 address labels and every task ever run more.
            .setLabelMatches(List.of(
                sharedAddress(Pattern.quote(Addresses.AGENT_PREFIX) + ".*\\.deliver",
                    Addresses.AGENT_PREFIX + "<cluster>.deliver"),
                sharedAddress(Pattern.quote(Addresses.AGENT_PREFIX) + ".*\\.tunnel",
                    Addresses.AGENT_PREFIX + "<cluster>.tunnel"),
                sharedAddress(Pattern.quote(Addresses.TASK_LOG_PREFIX) + ".*", Addresses.TASK_LOG_PREFIX + "<task>"),
                sharedAddress(Pattern.quote(Addresses.TUNNEL_STREAM_PREFIX) + "[^.]*\\.control",
                    Addresses.TUNNEL_STREAM_PREFIX + "<stream>.control"),
                sharedAddress(Pattern.quote(Addresses.TUNNEL_STREAM_PREFIX) + "[^.]*",
                    Addresses.TUNNEL_STREAM_PREFIX + "<stream>"))));
    final VertxBuilder builder = Vertx.builder()
        .withMetrics(new GuardedMetricsFactory(new MicrometerMetricsFactory(registry)));
    if (config.cluster().enabled()) {
      // Joins the other processes before any role starts, so none answers for a part of the cluster only.
      vertx = await(builder.with(options.setEventBusOptions(EventBusCluster.eventBus(config.cluster())))
          .withClusterManager(EventBusCluster.manager(config.cluster())).buildClustered(), "cluster "
          + config.cluster().name() + " (" + config.cluster().mode() + ")");
      LOG.info("joined the cluster [name: {}, mode: {}, address: {}:{}]", config.cluster().name(),
          config.cluster().mode(), EventBusCluster.eventBus(config.cluster()).getHost(), config.cluster().port());
    } else {
      vertx = builder.with(options).build();
    }
    closeOnStop.push(() -> vertx.close().await(30, TimeUnit.SECONDS));
    RendererClient.registerCodecs(vertx.eventBus());
    Tunnel.registerCodecs(vertx.eventBus());

    final Pool pool = Database.pool(vertx, config.db());
    closeOnStop.push(() -> pool.close().await(10, TimeUnit.SECONDS));
    final long timeoutMs = config.healthTimeout().toMillis();
    final KafkaAdminClient kafkaAdmin = KafkaAdminClient.create(vertx, Map.of(
        "bootstrap.servers", config.kafka().bootstrap(),
        "client.id", "commander-health",
        "request.timeout.ms", Long.toString(timeoutMs),
        "default.api.timeout.ms", Long.toString(timeoutMs),
        "reconnect.backoff.max.ms", "2000"));
    closeOnStop.push(() -> kafkaAdmin.close(2_000).await(5, TimeUnit.SECONDS));

    final Keys keys = loadKeys(pool);
    final ApiContract contract = ApiContract.load();
    final OpenAPIContract routable = await(contract.routable(vertx), "API contract " + ApiContract.RESOURCE);
    final Platform platform = new Platform(config, vertx, pool, keys, contract, routable, Clock.systemUTC());
    api = config.runs(Role.API) ? new ApiAssembly(platform) : null;
    if (api != null) {
      admin = await(AdminBootstrap.ensure(api.audit(), api.users(), api.hasher(), api.hashing(),
          config.identity().adminEmail(), config.identity().adminPassword()), "first administrator");
    }

    final HealthChecks liveness = HealthChecks.create(vertx)
        .register("process", promise -> promise.complete(Status.OK()));
    final HealthChecks readiness = HealthChecks.create(vertx);
    DependencyChecks.register(readiness, pool, kafkaAdmin, config.healthTimeout());

    final List<HttpEndpoint> endpoints = new ArrayList<>();
    endpoints.add(new ManagementEndpoint(liveness, readiness, registry));
    for (Role role : config.roles()) {
      final RoleDeployment deployment = Roles.deployment(role, platform, api);
      final String id = await(vertx.deployVerticle(deployment.verticle(), deployment.options()), "role " + role);
      deployments.push(id);
      if (role == Role.AGENT_GATEWAY) {
        gatewayDeployment = id;
      }
      endpoints.addAll(deployment.endpoints());
      readiness.register("role." + role.id(), promise -> promise.complete(!vertx.deploymentIDs().contains(id)
          ? Status.KO() : deployment.readiness().map(java.util.function.Supplier::get).orElseGet(Status::OK)));
      LOG.info("role deployed [role: {}, deployment: {}]", role, id);
    }

    final int instances = config.http().instances() == 0 ? VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE
        : config.http().instances();
    deployments.push(await(vertx.deployVerticle(() -> new HttpServerVerticle(config.http(), endpoints),
        new DeploymentOptions().setInstances(instances)), "http server on port " + config.http().port()));
    LOG.info("commander is ready [url: {}, took: {} ms]", config.effectivePublicUrl(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private Keys loadKeys(final Pool pool) {
    try {
      final Keys keys = Keys.load(vertx, config, env);
      await(new EncryptionCanary(keys.current(), keys.file()).verify(pool), "encryption keys");
      return keys;
    } catch (KeyConfigurationException e) {
      throw new StartupException("encryption keys: " + e.getMessage(), e);
    }
  }

  /** Starts the embedded server if configured; says what it found of a previous start that died. */
  private Optional<String> startEmbeddedPostgres() {
    if (config.db().mode() != CommanderConfig.DbMode.EMBEDDED) {
      return Optional.empty();
    }
    final int port = config.db().embeddedPort();
    try {
      final EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(config.stateDir().resolve("postgres"), port);
      closeOnStop.push(pg);
      pg.ensureDatabase(config.db().name(), config.db().user(), config.db().password());
      config = config.withDatabaseAt(EmbeddedPostgresServer.HOST, pg.port());
      return pg.recovered();
    } catch (EmbeddedServiceException e) {
      throw new StartupException("embedded PostgreSQL could not start: " + e.getMessage()
          + ". Use an external database instead: set " + Setting.DB_HOST.envName() + " (and "
          + Setting.DB_PORT.envName() + ", " + Setting.DB_NAME.envName() + ", " + Setting.DB_USER.envName() + ", "
          + Setting.DB_PASSWORD.envName() + ", " + Setting.DB_SSL_MODE.envName() + "), or pick another port with "
          + Setting.DB_EMBEDDED_PORT.envName(), e);
    }
  }

  private void startEmbeddedKafka() {
    if (!config.kafka().embedded()) {
      return;
    }
    try {
      final EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(config.stateDir().resolve("kafka"),
          config.kafka().embeddedPort());
      closeOnStop.push(kafka);
      config = config.withKafkaAt(kafka.bootstrapServers());
    } catch (EmbeddedServiceException e) {
      throw new StartupException("embedded Kafka could not start: " + e.getMessage()
          + ". Use an external broker instead: set " + Setting.KAFKA_BOOTSTRAP.envName()
          + ", or pick another port with " + Setting.KAFKA_EMBEDDED_PORT.envName(), e);
    }
  }

  private void migrate() {
    try {
      Migrations.migrate(Database.jdbcUrl(config.db()), config.db().user(), config.db().password());
    } catch (MigrationException e) {
      throw new StartupException(e.getMessage(), e);
    }
  }

  /**
   * Stops everything that was started, in reverse order. The agent gateway goes first and drains
   * its agents, then HTTP, which lets in-flight requests finish; then the other roles, the clients,
   * Vert.x and the embedded services. Safe to call twice.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    LOG.info("stopping commander");
    // The agent gateway before HTTP: it tells each agent when to come back (drain), which it can only
    // do while their websockets are open; the HTTP server's shutdown would close them unannounced, and
    // every agent would retry at once against a process that is going away.
    if (gatewayDeployment != null && deployments.remove(gatewayDeployment)) {
      try {
        vertx.undeploy(gatewayDeployment).await(config.http().shutdownTimeout().toSeconds() + 10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("undeploy failed [deployment: {}]: {}", gatewayDeployment, oneLine(e));
      }
    }
    while (!deployments.isEmpty()) {
      final String id = deployments.pop();
      try {
        vertx.undeploy(id).await(config.http().shutdownTimeout().toSeconds() + 10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("undeploy failed [deployment: {}]: {}", id, oneLine(e));
      }
    }
    while (!closeOnStop.isEmpty()) {
      try {
        closeOnStop.pop().close();
      } catch (Exception e) {
        LOG.warn("close failed: {}", oneLine(e));
      }
    }
    LOG.info("commander stopped");
  }

  private static <T> T await(final io.vertx.core.Future<T> future, final String what) {
    try {
      return future.await(60, TimeUnit.SECONDS);
    } catch (KeyMismatchException e) {
      throw new StartupException(oneLine(e), e);
    } catch (Exception e) {
      throw new StartupException(what + ": " + oneLine(e), e);
    }
  }

  static String oneLine(final Throwable e) {
    final String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }

  /** Event-bus meters of the addresses matching {@code regex} kept under one label, {@code alias}. */
  private static Match sharedAddress(final String regex, final String alias) {
    return new Match().setDomain(MetricsDomain.EVENT_BUS).setLabel(Label.EB_ADDRESS.toString())
        .setType(MatchType.REGEX).setValue(regex).setAlias(alias);
  }
}
