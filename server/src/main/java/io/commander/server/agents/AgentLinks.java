package io.commander.server.agents;

import io.commander.agent.protocol.Frame.ApplyReport;
import io.commander.agent.protocol.Frame.DesiredResources;
import io.commander.agent.protocol.Frame.DesiredState;
import io.commander.agent.protocol.Frame.ResourceResult;
import io.commander.gateway.AgentDirectory;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** The gateway's view of clusters: agent tokens, the resources an agent should hold, and what it applied. */
public final class AgentLinks implements AgentDirectory {

  public static final String PRIMARY_RESOURCES = "primary_resources";
  private static final String RESOURCES_PREFIX = "resources/";

  private static final String BY_TOKEN = """
      SELECT id, agent_token_hash FROM clusters WHERE agent_token_hash = $1 AND archived_at IS NULL""";
  // What was last applied is what the agent keeps in place; tab modes come from the template version.
  private static final String DESIRED = """
      SELECT r.revision, r.rendered_encrypted, v.sections -> 'resources' AS tabs
      FROM clusters c
      JOIN cluster_revisions r ON r.cluster_id = c.id AND r.revision = c.applied_revision
      LEFT JOIN cluster_template_versions v ON v.id = r.cluster_template_version_id
      WHERE c.id = $1 AND c.archived_at IS NULL""";
  private static final String REPORT = """
      UPDATE cluster_agents SET resources_revision = $2, resources_sync_state = $3, resources_results = $4,
             resources_checked_at = $5, resources_applied_at = coalesce($6, resources_applied_at)
      WHERE cluster_id = $1""";

  private final Pool pool;
  private final Keys keys;

  public AgentLinks(final Pool pool, final Keys keys) {
    this.pool = pool;
    this.keys = keys;
  }

  @Override
  public Future<Optional<UUID>> authenticate(final String token) {
    final String hash = keys.keyring().hashToken(token);
    return pool.preparedQuery(BY_TOKEN).execute(Tuple.of(hash)).map(rows -> {
      for (Row row : rows) {
        // The index found it by equality; the comparison that decides takes the same time either way.
        if (MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
            row.getString("agent_token_hash").getBytes(StandardCharsets.US_ASCII))) {
          return Optional.of(row.getUUID("id"));
        }
      }
      return Optional.empty();
    });
  }

  @Override
  public Future<Optional<DesiredState>> desiredState(final UUID clusterId) {
    return pool.preparedQuery(DESIRED).execute(Tuple.of(clusterId)).compose(rows -> {
      if (rows.size() == 0 || rows.iterator().next().getString("rendered_encrypted") == null) {
        return Future.succeededFuture(Optional.empty());
      }
      final Row row = rows.iterator().next();
      final int revision = row.getInteger("revision");
      final JsonArray tabs = Rows.array(row, "tabs");
      return keys.decrypt(EncryptedColumn.CLUSTER_REVISION_RENDERED.context(), row.getString("rendered_encrypted"))
          .map(json -> {
            final Map<String, String> sections = new TreeMap<>();
            new JsonObject(json).forEach(e -> sections.put(e.getKey(), String.valueOf(e.getValue())));
            return Optional.of(of(revision, sections, modes(tabs)));
          });
    });
  }

  @Override
  public Future<Void> recordApplyReport(final UUID clusterId, final ApplyReport report) {
    final JsonArray results = new JsonArray();
    for (ResourceResult r : report.results()) {
      results.add(new JsonObject().put("resource", r.resource()).put("set", r.set()).put("status", r.status())
          .put("errors", new JsonArray(r.errors())));
    }
    return pool.preparedQuery(REPORT).execute(Tuple.of(clusterId, report.revision(),
            report.inSync() ? "in_sync" : "out_of_sync", results, report.checkedAt().atOffset(ZoneOffset.UTC))
        .addValue(report.appliedAt() == null ? null : report.appliedAt().atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  /**
   * The resources an agent should hold from a revision's rendered sections: the primary resources
   * (always enforced) and each tab with its mode.
   *
   * @param modes per {@code resources/<tab>}: {@code enforced} or {@code create-once}
   */
  public static DesiredState of(final int revision, final Map<String, String> rendered,
                                final Map<String, String> modes) {
    final List<DesiredResources> sets = new ArrayList<>();
    new TreeMap<>(rendered).forEach((section, yaml) -> {
      if (yaml == null || yaml.isBlank()) {
        return;
      }
      if (PRIMARY_RESOURCES.equals(section)) {
        sets.add(new DesiredResources(section, DesiredResources.ENFORCED, yaml));
      } else if (section.startsWith(RESOURCES_PREFIX)) {
        sets.add(new DesiredResources(section, modes.getOrDefault(section, DesiredResources.ENFORCED), yaml));
      }
    });
    return new DesiredState(revision, sets);
  }

  private static Map<String, String> modes(final JsonArray tabs) {
    final Map<String, String> modes = new TreeMap<>();
    if (tabs != null) {
      tabs.forEach(t -> modes.put(RESOURCES_PREFIX + ((JsonObject) t).getString("name"),
          ((JsonObject) t).getString("mode", DesiredResources.ENFORCED)));
    }
    return modes;
  }
}
