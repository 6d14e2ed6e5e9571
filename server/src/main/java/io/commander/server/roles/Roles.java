package io.commander.server.roles;

import io.commander.agent.AgentLink;
import io.commander.core.config.CommanderConfig;
import io.commander.core.config.Role;
import io.commander.gateway.AgentGateway;
import io.commander.gateway.AgentGatewayEndpoint;
import io.commander.gateway.AgentGatewayVerticle;
import io.commander.server.agents.AgentLinks;
import io.commander.server.Database;
import io.commander.server.api.ContractCheck;
import io.commander.server.audit.AuditLog;
import io.commander.server.auth.Scopes;
import io.commander.server.connector.Connector;
import io.commander.server.connector.ConnectorVerticle;
import io.commander.server.events.ClusterCommands;
import io.commander.server.events.CommandConsumer;
import io.commander.server.events.OutboxRelay;
import io.commander.server.webhooks.WebhookDeliverer;
import io.commander.server.webhooks.WebhookTargets;
import io.commander.server.events.OutboxRelayVerticle;
import io.commander.server.provisioners.Provisioners;
import io.commander.server.provisioners.dhctl.DhctlBinaries;
import io.commander.server.provisioners.dhctl.DhctlProvisioner;
import io.commander.server.provisioners.kubeconfig.KubeconfigProvisioner;
import io.commander.server.provisioners.simulated.SimulatedAgents;
import io.commander.server.provisioners.simulated.SimulatedProvisioner;
import io.commander.server.tasks.ClusterManagerVerticle;
import io.commander.server.http.DocumentationEndpoint;
import io.commander.server.http.TlsFiles;
import io.commander.server.http.WebrootEndpoint;
import io.commander.server.rendering.RendererVerticle;
import io.commander.server.tasks.TaskRunner;
import io.commander.server.telemetry.TelemetryIngestVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place that knows which verticle and endpoints make up each role. */
public final class Roles {

  private static final Logger LOG = LoggerFactory.getLogger(Roles.class);

  private Roles() {
  }

  /** The deployment of a role in a process with the given configuration. */
  public static RoleDeployment deployment(final Role role, final Platform platform, final ApiAssembly api) {
    final CommanderConfig config = platform.config();
    return switch (role) {
      case API -> new RoleDeployment(role,
          () -> new ApiVerticle(api.audit(), config.identity().auditRetentionDays(), platform.clock()),
          new DeploymentOptions(),
          List.of(api.endpoint(), new DocumentationEndpoint(), new WebrootEndpoint(config.http().webroot())));
      case AGENT_GATEWAY -> {
        final AgentGateway gateway = new AgentGateway(platform.vertx(), platform.pool(), config.agentGateway(),
            new AgentLinks(platform.pool(), platform.keys()), config.kafka().bootstrap(), AgentGateway.TELEMETRY_TOPIC,
            UUID.randomUUID().toString(), platform.clock());
        yield new RoleDeployment(role, () -> new AgentGatewayVerticle(gateway), new DeploymentOptions(),
            List.of(new AgentGatewayEndpoint(gateway)));
      }
      case RENDERER -> new RoleDeployment(role, () -> new RendererVerticle(config.renderer()), new DeploymentOptions(),
          List.of());
      case CLUSTER_MANAGER -> new RoleDeployment(role, () -> new ClusterManagerVerticle(config.clusterManager(),
          platform.pool(), Database.connectOptions(config.db()), provisioners(platform), platform.keys(),
          platform.clock(), ClusterManagerVerticle.newInstanceId(), Optional.of(new TaskRunner.AgentSettings(
              config.effectivePublicUrl(), config.clusterManager().agentImage(), TlsFiles.caBundle(config.http())))),
          new DeploymentOptions(), List.of());
      case TELEMETRY_INGEST -> new RoleDeployment(role, () -> new TelemetryIngestVerticle(config.telemetry(),
          platform.pool(), config.kafka().bootstrap(), TelemetryIngestVerticle.TOPIC, platform.clock()),
          new DeploymentOptions(), List.of());
      case OUTBOX_RELAY -> {
        final OutboxRelay relay = new OutboxRelay(platform.vertx(), platform.pool(),
            Database.connectOptions(config.db()), config.outbox(), config.kafka().bootstrap(),
            UUID.randomUUID().toString().substring(0, 8), platform.clock());
        final AuditLog audit = new AuditLog(platform.pool());
        final ClusterCommands commands = new ClusterCommands(platform.pool(), ApiAssembly.tokenService(platform, audit),
            new Scopes(platform.pool()), new ContractCheck(platform.vertx(), platform.routableContract()),
            ApiAssembly.clusterService(platform, audit), config.clusterManager().defaultProvisioner());
        final WebhookDeliverer webhooks = new WebhookDeliverer(platform.vertx(), platform.pool(), platform.keys(),
            new WebhookTargets(platform.vertx(), config.outbox().webhooks().allowPrivateTargets()),
            config.outbox().webhooks(), config.outbox().pollInterval(),
            () -> relay.state() != OutboxRelay.State.STANDBY, relay::source, platform.clock());
        relay.onPublished(webhooks::wake);
        yield new RoleDeployment(role, () -> new OutboxRelayVerticle(relay, new CommandConsumer(platform.vertx(),
            commands, config.kafka().bootstrap(), config.outbox().commandsTopic()), webhooks), new DeploymentOptions(),
            List.of(), Optional.of(relay::readiness));
      }
      case CONNECTOR -> new RoleDeployment(role, () -> new ConnectorVerticle(new Connector(platform.vertx().eventBus(),
          new AuditLog(platform.pool()))), new DeploymentOptions(), List.of());
    };
  }

  /** The provisioners clusters can name. */
  static Provisioners provisioners(final Platform platform) {
    final String dhctl = platform.config().clusterManager().dhctlBinary();
    // Simulated clusters' agents connect to this process's own gateway when it runs one, else to the
    // gateway at the public URL (another process of the same Commander); none when a fleet simulator runs
    // them (simulated.agents: external): two agents of one cluster would replace each other.
    final CommanderConfig config = platform.config();
    final boolean gateway = config.runs(Role.AGENT_GATEWAY);
    final SimulatedProvisioner simulated;
    if (config.simulated().inProcessAgents()) {
      final SimulatedAgents agents = gateway ? localAgents(platform.vertx(), config.http())
          : new SimulatedAgents(platform.vertx(), config.effectivePublicUrl(), AgentLink.client(platform.vertx(),
              TlsFiles.caBundle(config.http())));
      if (gateway) {
        // After a restart the installed simulated clusters get their agents back (they retry until the
        // HTTP server listens); a second process doing the same replaces them, and replaced agents stop.
        agents.resume(platform.pool(), platform.keys()).onFailure(e -> LOG.warn("simulated agents not resumed: {}",
            e.getMessage()));
      }
      simulated = new SimulatedProvisioner(config.simulated(), agents);
    } else {
      simulated = new SimulatedProvisioner(config.simulated().installDuration(), config.simulated().failure());
    }
    return Provisioners.of(simulated,
        new DhctlProvisioner(dhctl.isBlank() ? DhctlBinaries.none()
            : DhctlBinaries.fromSettings(Map.of(DhctlBinaries.BINARY, dhctl))),
        new KubeconfigProvisioner());
  }

  /**
   * Agents of this process's simulated clusters on its own gateway, over the loopback address: over TLS
   * when the port serves it, trusting the server's own certificate (its name need not be 127.0.0.1).
   */
  private static SimulatedAgents localAgents(final Vertx vertx, final CommanderConfig.Http http) {
    final boolean tls = http.tls().isPresent();
    return new SimulatedAgents(vertx, (tls ? "https" : "http") + "://127.0.0.1:" + http.port(),
        AgentLink.client(vertx, TlsFiles.ownTrust(http), !tls));
  }
}
