package io.commander.server.roles;

import io.commander.core.config.CommanderConfig;
import io.commander.server.agents.AgentEndpoint;
import io.commander.server.agents.AgentManifestService;
import io.commander.server.api.ApiEndpoint;
import io.commander.server.audit.AuditEndpoint;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.AuditStore;
import io.commander.server.auth.AuthEndpoint;
import io.commander.server.auth.Authenticator;
import io.commander.server.auth.LoginThrottle;
import io.commander.server.auth.Scopes;
import io.commander.server.auth.Sessions;
import io.commander.server.bindings.RoleBindingService;
import io.commander.server.bindings.RoleBindingStore;
import io.commander.server.bindings.RolesEndpoint;
import io.commander.server.clusters.ChangeRequestService;
import io.commander.server.clusters.ChangeRequestStore;
import io.commander.server.clusters.ChangeRequestsEndpoint;
import io.commander.server.clusters.ClusterService;
import io.commander.server.clusters.ClusterStore;
import io.commander.server.clusters.ClusterTasks;
import io.commander.server.clusters.ClustersEndpoint;
import io.commander.server.connector.ConsoleEndpoint;
import io.commander.server.connector.KubeconfigEndpoint;
import io.commander.server.connector.KubeconfigTokens;
import io.commander.server.connector.KubernetesEndpoint;
import io.commander.server.connector.Tunnel;
import io.commander.server.demo.DemoEndpoint;
import io.commander.server.demo.DemoService;
import io.commander.server.events.EventFeed;
import io.commander.server.events.EventsEndpoint;
import io.commander.server.http.TlsFiles;
import java.nio.charset.StandardCharsets;
import io.commander.server.inventory.CatalogsEndpoint;
import io.commander.server.inventory.InventoryService;
import io.commander.server.inventory.InventoryStore;
import io.commander.server.inventory.RecordResolver;
import io.commander.server.registries.RegistriesEndpoint;
import io.commander.server.registries.RegistryService;
import io.commander.server.registries.RegistryStore;
import io.commander.server.rendering.RendererClient;
import io.commander.server.tasks.TaskEnqueuer;
import io.commander.server.tasks.TaskRunner;
import io.commander.server.telemetry.TelemetryEndpoint;
import io.commander.server.telemetry.TelemetryStore;
import io.commander.server.templates.TemplateService;
import io.commander.server.templates.TemplateStore;
import io.commander.server.templates.TemplatesEndpoint;
import io.commander.server.tokens.TokenService;
import io.commander.server.tokens.TokenStore;
import io.commander.server.users.PasswordHasher;
import io.commander.server.users.UserDirectory;
import io.commander.server.users.UserService;
import io.commander.server.users.UserStore;
import io.commander.server.users.UsersEndpoint;
import io.commander.server.webhooks.WebhookService;
import io.commander.server.webhooks.WebhookStore;
import io.commander.server.webhooks.WebhookTargets;
import io.commander.server.webhooks.WebhooksEndpoint;
import io.commander.server.workspaces.WorkspaceService;
import io.commander.server.workspaces.WorkspaceStore;
import io.commander.server.workspaces.WorkspacesEndpoint;
import io.vertx.core.WorkerExecutor;
import java.util.List;

/** Builds the API role's object graph: stores, services and endpoints, wired by hand. */
public final class ApiAssembly {

  /** Password hashing is slow on purpose: it gets a small pool of its own, never an event loop. */
  public static final String HASHING_POOL = "password-hashing";
  private static final int HASHING_THREADS = 2;

  private final ApiEndpoint endpoint;
  private final AuditLog audit;
  private final UserStore users;
  private final PasswordHasher hasher;
  private final WorkerExecutor hashing;
  private final DemoService demo;

  public ApiAssembly(final Platform platform) {
    final CommanderConfig config = platform.config();
    this.audit = new AuditLog(platform.pool());
    this.users = new UserStore();
    this.hasher = new PasswordHasher(config.identity().passwordIterations());
    this.hashing = platform.vertx().createSharedWorkerExecutor(HASHING_POOL, HASHING_THREADS);
    final Scopes scopes = new Scopes(platform.pool());
    final RendererClient renderer = new RendererClient(platform.vertx().eventBus(), config.renderer());
    final TaskEnqueuer tasks = new TaskEnqueuer(config.clusterManager().maxAttempts());
    final Sessions sessions = new Sessions(platform.vertx(), new Sessions.SigningKeys(
        platform.keys().keyring().jwtPrivateKeyPem(), platform.keys().keyring().jwtPublicKeyPem()),
        config.identity().sessionTtl(), platform.pool(), users, platform.clock());
    final TokenService tokens = tokenService(platform, audit);
    final UserService userService = new UserService(platform.pool(), new UserDirectory(), hasher, hashing, audit,
        platform.clock());
    final TemplateService templates = new TemplateService(platform.pool(), new TemplateStore(), audit, renderer,
        new RecordResolver(), previewBuiltIns(config), platform.clock());
    final ClusterService clusters = clusterService(platform, audit);
    final InventoryService inventory = new InventoryService(platform.pool(), new InventoryStore(), audit);
    final WorkspaceService workspaces = new WorkspaceService(platform.pool(), new WorkspaceStore(), audit);
    this.demo = new DemoService(workspaces, templates, inventory, clusters);
    final Tunnel tunnel = new Tunnel(platform.vertx());
    final KubeconfigTokens kubeconfigs = new KubeconfigTokens(
        platform.pool(), users, audit, platform.clock(), platform.keys().keyring()::hashToken,
        config.identity().kubeconfigTtl(), config.effectivePublicUrl(),
        TlsFiles.caBundle(config.http()));
    this.endpoint = new ApiEndpoint(platform.vertx(), platform.routableContract(), platform.contract().published(),
        new Authenticator(tokens, sessions, kubeconfigs),
        config.http().bodyLimitBytes(), List.of(
            new AuthEndpoint(platform.pool(), users, sessions, hasher, hashing, new LoginThrottle(platform.clock()), audit,
                platform.clock(), userService),
            new UsersEndpoint(userService, scopes),
            new TemplatesEndpoint(templates, scopes),
            new ClustersEndpoint(clusters, platform.vertx(), platform.pool(), scopes,
                config.clusterManager().defaultProvisioner()),
            new AgentEndpoint(new AgentManifestService(audit, platform.keys(), new TaskRunner.AgentSettings(
                config.effectivePublicUrl(), config.clusterManager().agentImage(), TlsFiles.caBundle(config.http()))),
                scopes),
            new KubernetesEndpoint(tunnel, scopes),
            new KubeconfigEndpoint(kubeconfigs, scopes, platform.pool()),
            new ConsoleEndpoint(tunnel, scopes),
            new ChangeRequestsEndpoint(new ChangeRequestService(platform.pool(), new ChangeRequestStore(),
                new ClusterStore(platform.keys()), tasks, audit), scopes),
            new CatalogsEndpoint(inventory, scopes),
            new RegistriesEndpoint(new RegistryService(platform.pool(), new RegistryStore(), audit, platform.keys()),
                scopes),
            new WorkspacesEndpoint(workspaces, scopes),
            new DemoEndpoint(demo, scopes),
            new RolesEndpoint(new RoleBindingService(platform.pool(), new RoleBindingStore(), audit), scopes),
            new io.commander.server.tokens.TokensEndpoint(tokens, scopes),
            new WebhooksEndpoint(new WebhookService(platform.pool(), new WebhookStore(), new WebhookTargets(
                platform.vertx(), config.outbox().webhooks().allowPrivateTargets()), audit, platform.keys()), scopes),
            new AuditEndpoint(platform.pool(), new AuditStore(), scopes),
            new EventsEndpoint(new EventFeed(platform.vertx(), platform.pool()), scopes),
            new TelemetryEndpoint(platform.pool(), new TelemetryStore(), scopes, config.telemetry().historyInterval(),
                platform.clock())));
  }

  /** The API tokens: who a token is, for the API and for commands from Kafka alike. */
  public static TokenService tokenService(final Platform platform, final AuditLog audit) {
    return new TokenService(platform.pool(), new TokenStore(), audit, platform.clock(),
        platform.keys().keyring()::hashToken);
  }

  /** The clusters' service, as the API and commands from Kafka run it. */
  public static ClusterService clusterService(final Platform platform, final AuditLog audit) {
    final CommanderConfig config = platform.config();
    return new ClusterService(platform.pool(), new ClusterStore(platform.keys()), new TemplateStore(),
        new RegistryStore(), new RecordResolver(), new RendererClient(platform.vertx().eventBus(), config.renderer()),
        new TaskEnqueuer(config.clusterManager().maxAttempts()), new ClusterTasks(), new ChangeRequestStore(), audit,
        platform.keys(), domain(config), caBundle(config), platform.clock());
  }

  /**
   * The {@code dc_*} variables a template preview renders with: Commander's real domain, and
   * stand-ins for what each cluster gets of its own (UUID, SSH key pair).
   */
  static java.util.Map<String, Object> previewBuiltIns(final CommanderConfig config) {
    return java.util.Map.of(
        "dc_clusterUUID", "00000000-0000-0000-0000-000000000000",
        "dc_domain", domain(config),
        "dc_sshPublicKey", "ssh-ed25519 AAAA-preview-key-each-cluster-gets-its-own",
        "dc_sshPrivateKey", "-----BEGIN OPENSSH PRIVATE KEY-----\npreview: each cluster gets its own key pair\n"
            + "-----END OPENSSH PRIVATE KEY-----",
        "dc_caBundle", caBundle(config));
  }

  /** Commander's CA as templates see it ({@code dc_caBundle}): {@code http.tls-ca-file}, base64; empty without one. */
  static String caBundle(final CommanderConfig config) {
    final String pem = TlsFiles.caBundle(config.http());
    return pem.isEmpty() ? "" : java.util.Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }

  /** Commander's own domain, as templates see it ({@code dc_domain}). */
  static String domain(final CommanderConfig config) {
    final String host = java.net.URI.create(config.effectivePublicUrl()).getHost();
    return host == null ? "localhost" : host;
  }

  public ApiEndpoint endpoint() {
    return endpoint;
  }

  public AuditLog audit() {
    return audit;
  }

  public UserStore users() {
    return users;
  }

  public PasswordHasher hasher() {
    return hasher;
  }

  public WorkerExecutor hashing() {
    return hashing;
  }

  public DemoService demo() {
    return demo;
  }
}
