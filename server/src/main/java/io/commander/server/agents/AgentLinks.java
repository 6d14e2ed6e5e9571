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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The gateway's view of clusters: agent tokens, the resources an agent should hold, and what it applied. */
public final class AgentLinks implements AgentDirectory {

  public static final String PRIMARY_RESOURCES = "primary_resources";
  private static final String RESOURCES_PREFIX = "resources/";

  // Many tokens at once: a reconnect storm is a few of these statements, not one per agent.
  private static final String BY_TOKENS = """
      SELECT id, agent_token_hash FROM clusters WHERE agent_token_hash = ANY($1::text[]) AND archived_at IS NULL""";
  // What was last applied is what the agent keeps in place; tab modes come from the template version.
  private static final String DESIRED = """
      SELECT c.id, r.revision, r.rendered_encrypted, v.sections -> 'resources' AS tabs
      FROM clusters c
      JOIN cluster_revisions r ON r.cluster_id = c.id AND r.revision = c.applied_revision
      LEFT JOIN cluster_template_versions v ON v.id = r.cluster_template_version_id
      WHERE c.id = ANY($1::uuid[]) AND c.archived_at IS NULL""";
  // The rows are locked in cluster order, as the gateway's presence writes take them: no deadlock between them.
  private static final String REPORTS = """
      WITH locked AS (
          SELECT cluster_id FROM cluster_agents WHERE cluster_id = ANY($1::uuid[]) ORDER BY cluster_id FOR UPDATE)
      UPDATE cluster_agents a SET resources_revision = u.revision, resources_sync_state = u.state,
             resources_results = u.results::jsonb, resources_checked_at = u.checked_at,
             resources_applied_at = coalesce(u.applied_at, a.resources_applied_at)
      FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[])
           AS u (cluster_id, revision, state, results, checked_at, applied_at)
      WHERE a.cluster_id = u.cluster_id AND a.cluster_id IN (SELECT cluster_id FROM locked)""";

  private final Pool pool;
  private final Keys keys;

  public AgentLinks(final Pool pool, final Keys keys) {
    this.pool = pool;
    this.keys = keys;
  }

  @Override
  public String tokenHash(final String token) {
    return keys.keyring().hashToken(token);
  }

  @Override
  public Future<Map<String, UUID>> authenticate(final Collection<String> tokenHashes) {
    final Map<String, String> asked = new HashMap<>();
    tokenHashes.forEach(h -> asked.put(h, h));
    return pool.preparedQuery(BY_TOKENS).execute(Tuple.of(asked.keySet().toArray(String[]::new))).map(rows -> {
      final Map<String, UUID> owners = new HashMap<>();
      for (Row row : rows) {
        final String stored = row.getString("agent_token_hash");
        final String hash = asked.getOrDefault(stored, "");
        // The index found it by equality; the comparison that decides takes the same time either way.
        if (MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII), stored.getBytes(StandardCharsets.US_ASCII))) {
          owners.put(hash, row.getUUID("id"));
        }
      }
      return owners;
    });
  }

  @Override
  public Future<Map<UUID, DesiredState>> desiredStates(final Collection<UUID> clusterIds) {
    return pool.preparedQuery(DESIRED).execute(Tuple.of(clusterIds.toArray(UUID[]::new))).compose(rows -> {
      final List<Future<Map.Entry<UUID, DesiredState>>> states = new ArrayList<>();
      for (Row row : rows) {
        if (row.getString("rendered_encrypted") == null) {
          continue;
        }
        final UUID id = row.getUUID("id");
        final int revision = row.getInteger("revision");
        final JsonArray tabs = Rows.array(row, "tabs");
        states.add(keys.decrypt(EncryptedColumn.CLUSTER_REVISION_RENDERED.context(), row.getString("rendered_encrypted"))
            .map(json -> {
              final Map<String, String> sections = new TreeMap<>();
              new JsonObject(json).forEach(e -> sections.put(e.getKey(), String.valueOf(e.getValue())));
              return Map.entry(id, of(revision, sections, modes(tabs)));
            }));
      }
      return Future.all(states).map(all -> {
        final Map<UUID, DesiredState> byCluster = new HashMap<>();
        states.forEach(f -> byCluster.put(f.result().getKey(), f.result().getValue()));
        return byCluster;
      });
    });
  }

  @Override
  public Future<Void> recordApplyReports(final List<Map.Entry<UUID, ApplyReport>> reports) {
    // One row per cluster (an UPDATE ... FROM takes one of several matches at random): the latest wins.
    final Map<UUID, ApplyReport> latest = new LinkedHashMap<>();
    reports.forEach(r -> latest.put(r.getKey(), r.getValue()));
    final int n = latest.size();
    final UUID[] clusters = new UUID[n];
    final Integer[] revisions = new Integer[n];
    final String[] states = new String[n];
    final String[] results = new String[n];
    final OffsetDateTime[] checked = new OffsetDateTime[n];
    final OffsetDateTime[] applied = new OffsetDateTime[n];
    int i = 0;
    for (Map.Entry<UUID, ApplyReport> e : latest.entrySet()) {
      final ApplyReport report = e.getValue();
      final JsonArray list = new JsonArray();
      for (ResourceResult r : report.results()) {
        list.add(new JsonObject().put("resource", r.resource()).put("set", r.set()).put("status", r.status())
            .put("errors", new JsonArray(r.errors())));
      }
      clusters[i] = e.getKey();
      revisions[i] = report.revision();
      states[i] = report.inSync() ? "in_sync" : "out_of_sync";
      results[i] = list.encode();
      checked[i] = report.checkedAt().atOffset(ZoneOffset.UTC);
      applied[i] = report.appliedAt() == null ? null : report.appliedAt().atOffset(ZoneOffset.UTC);
      i++;
    }
    return pool.preparedQuery(REPORTS).execute(Tuple.of(clusters, revisions, states, results, checked, applied))
        .mapEmpty();
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
