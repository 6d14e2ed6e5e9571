package io.commander.server.agents;

import io.commander.server.api.ApiException;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.provisioners.Job.AgentInstall;
import io.commander.server.provisioners.kubeconfig.AgentManifests;
import io.commander.server.tasks.TaskRunner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The YAML that installs a cluster's agent by hand ({@code kubectl apply -f}): the same objects the
 * kubeconfig provisioner installs, token included, so every download is audited.
 */
public final class AgentManifestService {

  private static final String CLUSTER = """
      SELECT c.workspace_id, w.slug, c.agent_token_encrypted, (SELECT id FROM installation) AS commander_id
      FROM clusters c JOIN workspaces w ON w.id = c.workspace_id
      WHERE c.id = $1 AND c.archived_at IS NULL""";

  private final AuditLog audit;
  private final Keys keys;
  private final TaskRunner.AgentSettings agent;

  public AgentManifestService(final AuditLog audit, final Keys keys, final TaskRunner.AgentSettings agent) {
    this.audit = audit;
    this.keys = keys;
    this.agent = agent;
  }

  public Future<String> manifest(final Actor actor, final UUID workspaceId, final UUID clusterId) {
    return audit.transaction(actor, (tx, trail) -> tx.preparedQuery(CLUSTER).execute(Tuple.of(clusterId))
        .compose(rows -> {
          final Row row = rows.size() == 0 ? null : rows.iterator().next();
          if (row == null || !row.getUUID("workspace_id").equals(workspaceId)) {
            return Future.failedFuture(ApiException.notFound("cluster " + clusterId));
          }
          if (row.getString("agent_token_encrypted") == null) {
            return Future.failedFuture(ApiException.conflict("agent_token_missing",
                "the cluster has no agent token (it was created before agents had one)"));
          }
          return keys.decrypt(EncryptedColumn.CLUSTER_AGENT_TOKEN.context(), row.getString("agent_token_encrypted"))
              .compose(token -> trail.record(new AuditLog.WorkspaceRef(workspaceId, row.getString("slug")), "Cluster",
                      clusterId, "download_agent_manifest", new JsonObject())
                  .map(v -> yaml(clusterId, new AgentInstall(row.getUUID("commander_id"),
                      agent.serverUrl(clusterId), token, agent.image(), agent.caBundle()))));
        }));
  }

  private static String yaml(final UUID clusterId, final AgentInstall install) {
    final StringBuilder out = new StringBuilder();
    for (HasMetadata object : AgentManifests.agentObjects(clusterId, install)) {
      final String doc = Serialization.asYaml(object);
      out.append(doc.startsWith("---") ? doc : "---\n" + doc);
    }
    return out.toString();
  }
}
