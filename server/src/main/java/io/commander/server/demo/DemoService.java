package io.commander.server.demo;

import io.commander.server.audit.Actor;
import io.commander.server.clusters.ClusterService;
import io.commander.server.inventory.InventoryRecord;
import io.commander.server.inventory.InventoryService;
import io.commander.server.templates.TemplateService;
import io.commander.server.workspaces.Workspace;
import io.commander.server.workspaces.WorkspaceService;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * A fleet to look at on a first run ({@code commander up --demo}, or the empty console's button): the workspace
 * {@value #SLUG} with the static-cluster template of Commander's documentation, a Hosts catalog with a machine
 * for each cluster, and {@value #CLUSTERS} simulated clusters installed from them. Made through the same
 * services as the API (same checks, same audit records, same tasks); made once: when the workspace exists,
 * it is answered as it is.
 */
public final class DemoService {

  public static final String SLUG = "demo";
  static final int CLUSTERS = 5;
  private static final int HOSTS = CLUSTERS + 2;
  private static final String TEMPLATE = "/demo/static-cluster.json";
  private static final int CHECK_INTERVAL_SECONDS = 900;
  // Parsed from text, as a request body is: the schema reader takes plain lists and maps.
  private static final String HOST_PARAMS = """
      [{"key": "hostname", "type": "string", "title": "Host name", "identifier": true},
       {"key": "ip", "type": "string", "title": "Address", "format": "ipv4", "identifier": true},
       {"key": "network", "type": "string", "title": "Network", "identifier": false}]""";

  private final WorkspaceService workspaces;
  private final TemplateService templates;
  private final InventoryService inventory;
  private final ClusterService clusters;

  public DemoService(final WorkspaceService workspaces, final TemplateService templates,
                     final InventoryService inventory, final ClusterService clusters) {
    this.workspaces = workspaces;
    this.templates = templates;
    this.inventory = inventory;
    this.clusters = clusters;
  }

  /** What {@link #ensure} found or made. */
  public record Demo(Workspace workspace, boolean created, List<String> clusterIds) {

    public JsonObject json() {
      return new JsonObject().put("workspace", workspace.json()).put("created", created)
          .put("cluster_ids", new JsonArray(new ArrayList<>(clusterIds)));
    }
  }

  /** Makes the demo fleet unless its workspace exists. */
  public Future<Demo> ensure(final Actor actor) {
    return workspaces.bySlug(SLUG).compose(existing -> existing.isPresent()
        ? Future.succeededFuture(new Demo(existing.get(), false, List.of()))
        : workspaces.create(actor, "Demo", SLUG).compose(ws -> populate(actor, ws)));
  }

  private Future<Demo> populate(final Actor actor, final Workspace workspace) {
    final UUID ws = workspace.id();
    final Future<String> version = templates.importTemplate(actor, ws, template())
        .map(t -> t.getString("current_cluster_template_version_id"));
    final Future<List<InventoryRecord>> hosts = inventory.createCatalog(actor, ws, new InventoryService.CatalogWrite(
            "Hosts", "hosts", "exclusive", new JsonArray(HOST_PARAMS),
            Optional.empty()))
        .compose(catalog -> sequentially(HOSTS, i -> inventory.createRecord(actor, ws, catalog.id(), new JsonObject()
            .put("hostname", "node-" + (i + 1)).put("ip", "10.0.1." + (11 + i)).put("network", "10.0.1.0/24"))));
    return Future.all(version, hosts).compose(made -> sequentially(CLUSTERS, i -> clusters.create(actor, ws,
            new ClusterService.Create("demo-" + (i + 1), UUID.fromString(version.result()), Optional.empty(),
                new JsonObject().put("clusterName", "demo-" + (i + 1))
                    .put("releaseChannel", i % 3 == 0 ? "EarlyAccess" : "Stable")
                    .put("master", new JsonObject().put("x-commander-record-id", hosts.result().get(i).id().toString())),
                "simulated", Optional.empty(), "auto", CHECK_INTERVAL_SECONDS))
        .map(c -> c.getString("id"))))
        .map(ids -> new Demo(workspace, true, ids));
  }

  /** One after another: the records and clusters keep their numbers' order, and the renderer is not flooded. */
  private static <T> Future<List<T>> sequentially(final int count, final IntFunction<Future<T>> make) {
    Future<List<T>> all = Future.succeededFuture(new ArrayList<>());
    for (int i = 0; i < count; i++) {
      final int n = i;
      all = all.compose(list -> make.apply(n).map(item -> {
        list.add(item);
        return list;
      }));
    }
    return all;
  }

  private static JsonObject template() {
    try (InputStream in = DemoService.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IllegalStateException("the demo template " + TEMPLATE + " is missing from the build");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
