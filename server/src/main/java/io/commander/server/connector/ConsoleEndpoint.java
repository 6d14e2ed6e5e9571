package io.commander.server.connector;

import io.commander.server.api.ApiEndpoint;
import io.commander.server.api.ApiRequest;
import io.commander.server.api.ApiResponse;
import io.commander.server.api.Policy;
import io.commander.server.audit.Changes;
import io.commander.server.auth.Access;
import io.commander.server.auth.Scopes;
import io.commander.server.connector.ConnectorCall.Target;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * {@code /clusters/{id}/console/...}: the web console's views of a cluster (nodes, namespaces, workloads,
 * pods and their logs, events, ModuleConfigs, NodeGroups), read through the cluster's agent link by
 * {@link ConsoleService}. Authorized as the Kubernetes passthrough: workspace viewers read, managers change
 * ModuleConfigs (audited with the old and new settings, secret-looking values masked).
 */
public final class ConsoleEndpoint implements ApiEndpoint.Operations {

  private final ConsoleService console;
  private final Tunnel tunnel;
  private final Scopes scopes;

  public ConsoleEndpoint(final Tunnel tunnel, final Scopes scopes) {
    this.console = new ConsoleService(tunnel);
    this.tunnel = tunnel;
    this.scopes = scopes;
  }

  @Override
  public void register(final ApiEndpoint.Registry registry) {
    final Policy read = Policy.of(Access.READ, scopes.workspaceObject(Scopes.Owned.CLUSTER));
    registry
        .add("listClusterConsoleNodes", read, r -> list(r, console::nodes))
        .add("listClusterConsoleNamespaces", read, r -> list(r, console::namespaces))
        .add("listClusterConsoleWorkloads", read, r -> list(r, console::workloads))
        .add("listClusterConsolePods", read, r -> list(r, console::pods))
        .add("listClusterConsoleEvents", read, r -> list(r, console::events))
        .add("getClusterConsolePodLog", read, this::log)
        .add("listClusterConsoleModuleConfigs", read, r -> list(r, console::moduleConfigs))
        .add("getClusterConsoleModuleConfig", read, r -> console.moduleConfig(Target.of(r), r.pathString("name"))
            .map(ApiResponse::ok))
        .add("updateClusterConsoleModuleConfig", Policy.of(Access.WRITE, scopes.workspaceObject(Scopes.Owned.CLUSTER)),
            this::updateModuleConfig)
        .add("listClusterConsoleNodeGroups", read, r -> list(r, console::nodeGroups));
  }

  private static Future<ApiResponse> list(final ApiRequest request,
      final BiFunction<Target, ConsoleService.ListQuery, Future<ConsoleService.Page>> view) {
    final ConsoleService.ListQuery query = new ConsoleService.ListQuery(request.query("namespace").orElse(null),
        request.query("limit").map(Integer::parseInt).orElse(ConsoleService.DEFAULT_LIMIT),
        request.query("continue").orElse(null));
    return view.apply(Target.of(request), query).map(page -> ApiResponse.ok(page.json()));
  }

  /** A pod's log: in one piece, or with {@code follow=true} streamed as the passthrough streams it. */
  private Future<ApiResponse> log(final ApiRequest request) {
    final Target cluster = Target.of(request);
    final String namespace = request.pathString("namespace");
    final String pod = request.pathString("name");
    final String container = request.query("container").orElse(null);
    final Integer tail = request.query("tail_lines").map(Integer::parseInt).orElse(null);
    if (!request.queryFlag("follow")) {
      return console.log(cluster, namespace, pod, container, tail).map(KubernetesEndpoint::whole);
    }
    return tunnel.stream(cluster, ConsoleService.logRequest(namespace, pod, container, tail, true)).map(answer -> {
      if (answer instanceof Tunnel.Streaming streaming) {
        return KubernetesEndpoint.streamed(streaming);
      }
      final var whole = ((Tunnel.Whole) answer).response();
      if (!ConsoleService.ok(whole)) {
        throw ConsoleService.problem(whole);
      }
      return KubernetesEndpoint.whole(whole);
    });
  }

  /**
   * Read, change, write back as of the caller's {@code resource_version}. The connector records the write
   * in one transaction with it: a write the cluster refused (409, the agent's allow-list) leaves no record.
   */
  private Future<ApiResponse> updateModuleConfig(final ApiRequest request) {
    final Target cluster = Target.of(request);
    final JsonObject body = request.body();
    final ConsoleService.ModuleConfigChange change = new ConsoleService.ModuleConfigChange(request.pathString("name"),
        body.getBoolean("enabled"), body.containsKey("enabled"), body.getInteger("version"),
        body.containsKey("version"), body.getJsonObject("settings"), body.getString("resource_version"));
    return console.editModuleConfig(cluster, change).compose(edit -> {
      final JsonObject before = edit.before();
      final JsonObject changes = new JsonObject().put("module_config", change.name())
          .put("settings", new JsonArray().add(Changes.masked(before.getJsonObject("settings")))
              .add(Changes.masked(change.settings())));
      if (change.enabledGiven() && !Objects.equals(before.getValue("enabled"), change.enabled())) {
        changes.put("enabled", new JsonArray().add(before.getValue("enabled")).add(change.enabled()));
      }
      if (change.versionGiven() && !Objects.equals(before.getValue("version"), change.version())) {
        changes.put("version", new JsonArray().add(before.getValue("version")).add(change.version()));
      }
      return console.writeModuleConfig(cluster, edit.object(),
          new ConnectorCall.Audit("update_module_config", changes));
    }).map(ApiResponse::ok);
  }
}
