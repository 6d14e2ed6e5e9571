package io.commander.server.tasks;

import io.commander.server.clusters.ClusterStatus;
import io.commander.server.db.Reused;
import io.commander.server.db.Rows;
import io.commander.server.provisioners.Drift;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** What tasks read and write of their clusters. Status changes are checked by the caller with {@link ClusterStatus}. */
final class TaskClusterStore {

  // The revision a task renders from: its own, else the one the cluster wants.
  private static final String LOAD = Reused.statement("""
      SELECT c.name, c.provisioner, c.values, c.sync_mode, c.was_created, c.desired_revision,
             c.ssh_private_key_encrypted, c.kubeconfig_encrypted, c.agent_token_encrypted, r.revision, r.rendered_encrypted,
             v.sections -> 'resources' AS tabs, (SELECT id FROM installation) AS commander_id
      FROM clusters c
      LEFT JOIN cluster_revisions r ON r.cluster_id = c.id
                                   AND r.revision = coalesce($2, c.desired_revision, c.current_revision)
      LEFT JOIN cluster_template_versions v ON v.id = r.cluster_template_version_id
      WHERE c.id = $1""");
  private static final String LOCK_STATUS = Reused.statement("SELECT status FROM clusters WHERE id = $1 FOR UPDATE");
  private static final String SET_STATUS = Reused.statement("UPDATE clusters SET status = $2, updated_at = now() WHERE id = $1");
  // A successful install or change: the cluster is what its revision says, so it is also just checked.
  private static final String APPLIED = Reused.statement("""
      UPDATE clusters SET status = $2, was_created = true, applied_revision = coalesce($3, applied_revision),
             configuration_applied_at = now(), out_of_sync = false, drift = NULL, last_checked_at = now(), updated_at = now()
      WHERE id = $1""");
  private static final String CHECKED = Reused.statement("""
      UPDATE clusters SET last_checked_at = now(), out_of_sync = $2, drift = $3 WHERE id = $1""");

  /** A task's cluster as the task found it, secrets still encrypted. */
  record Target(String name, String provisioner, JsonObject values, boolean autoSync, boolean wasCreated,
                Integer desiredRevision, String sshPrivateKeyEncrypted, String kubeconfigEncrypted,
                String agentTokenEncrypted, Integer revision, String renderedEncrypted, Map<String, String> resourceModes,
                UUID commanderId) {

    static Target of(final Row row) {
      final Map<String, String> modes = new HashMap<>();
      final JsonArray tabs = Rows.array(row, "tabs");
      if (tabs != null) {
        tabs.forEach(t -> modes.put("resources/" + ((JsonObject) t).getString("name"),
            ((JsonObject) t).getString("mode", "enforced")));
      }
      return new Target(row.getString("name"), row.getString("provisioner"), row.getJsonObject("values"),
          "auto".equals(row.getString("sync_mode")), row.getBoolean("was_created"), row.getInteger("desired_revision"),
          row.getString("ssh_private_key_encrypted"), row.getString("kubeconfig_encrypted"),
          row.getString("agent_token_encrypted"), row.getInteger("revision"),
          row.getString("rendered_encrypted"), Map.copyOf(modes), row.getUUID("commander_id"));
    }
  }

  /** The task's cluster; fails with {@link IllegalStateException} when it is gone. */
  Future<Target> load(final SqlClient db, final UUID clusterId, final Integer revision) {
    return db.preparedQuery(LOAD).execute(Tuple.of(clusterId, revision)).map(rows -> {
      if (rows.size() == 0) {
        throw new IllegalStateException("the cluster " + clusterId + " does not exist");
      }
      return Target.of(rows.iterator().next());
    });
  }

  /** The cluster's status, locked until the transaction ends. */
  Future<ClusterStatus> lockStatus(final SqlClient tx, final UUID clusterId) {
    return tx.preparedQuery(LOCK_STATUS).execute(Tuple.of(clusterId))
        .map(rows -> ClusterStatus.of(rows.iterator().next().getString("status")));
  }

  Future<Void> setStatus(final SqlClient tx, final UUID clusterId, final ClusterStatus status) {
    return tx.preparedQuery(SET_STATUS).execute(Tuple.of(clusterId, status.id())).mapEmpty();
  }

  /** Records a successful apply of {@code revision} (null: the applied revision stays). */
  Future<Void> applied(final SqlClient tx, final UUID clusterId, final ClusterStatus status, final Integer revision) {
    return tx.preparedQuery(APPLIED).execute(Tuple.of(clusterId, status.id(), revision)).mapEmpty();
  }

  /** Records what a check found. */
  Future<Void> checked(final SqlClient tx, final UUID clusterId, final Drift drift) {
    return tx.preparedQuery(CHECKED).execute(Tuple.of(clusterId, drift.drifted(),
        drift.drifted() ? new JsonArray(drift.differences()) : null)).mapEmpty();
  }
}
