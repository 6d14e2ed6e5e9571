package io.commander.server.clusters;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Changes;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.db.Listing;
import io.commander.server.db.Reused;
import io.commander.server.events.EventType;
import io.commander.server.events.Events;
import io.commander.server.events.Outbox;
import io.commander.server.db.PgErrors;
import io.commander.server.db.Rows;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SQL for clusters, their revisions and the records they hold. What a revision rendered is
 * encrypted here on the way in and decrypted on the way out: it holds the cluster's secrets.
 */
public final class ClusterStore {

  private final Keys keys;

  public ClusterStore(final Keys keys) {
    this.keys = keys;
  }

  /** A time inside a jsonb document, as {@link Rows#time} writes one. */
  private static final String UTC_TIME = "to_char(%s AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
  private static final String COLUMNS = """
      c.id, c.workspace_id, w.slug AS workspace_slug, c.name, c.cluster_template_version_id,
      v.cluster_template_id, c.registry_id, c.provisioner, c.status, c.values, c.render_errors, c.sync_mode,
      c.check_interval_seconds, c.current_revision, c.desired_revision, c.applied_revision, c.was_created,
      c.ssh_public_key, c.secret_values_encrypted, c.created_at, c.updated_at, c.archived_at, c.archive_number,
      c.cluster_type, c.connection_hosts, c.cluster_template_version_switched_at, c.configuration_updated_at,
      c.configuration_applied_at, c.last_checked_at,
      (SELECT t.id FROM tasks t WHERE t.cluster_id = c.id AND t.state IN ('pending', 'running')) AS current_task_id,
      (SELECT coalesce(jsonb_agg(jsonb_build_object('id', d.id, 'cluster_id', d.cluster_id, 'source', d.source,
                                                    'data', d.data, 'created_at', """ + UTC_TIME.formatted("d.created_at")
      + ", 'updated_at', " + UTC_TIME.formatted("d.updated_at") + """
          ) ORDER BY d.source), '[]'::jsonb)
       FROM cluster_agent_data d WHERE d.cluster_id = c.id) AS cluster_agent_data,
      CASE WHEN a.cluster_id IS NULL THEN 'never_connected'
           WHEN a.disconnected_at IS NULL AND a.offline_at > now() THEN 'connected'
           ELSE 'disconnected' END AS agent_status,
      a.connected_at AS agent_connected_at, a.last_seen_at AS agent_last_seen_at, a.agent_version,
      a.resources_sync_state, a.resources_results, a.resources_checked_at, a.resources_applied_at""";
  private static final String FROM = """
       FROM clusters c JOIN workspaces w ON w.id = c.workspace_id
      LEFT JOIN cluster_template_versions v ON v.id = c.cluster_template_version_id
      LEFT JOIN cluster_agents a ON a.cluster_id = c.id""";
  private static final String FIND = Reused.statement("SELECT " + COLUMNS + FROM + " WHERE c.id = $1");
  private static final String LOCK = Reused.statement(FIND + " FOR UPDATE OF c");
  // The optional filters of a list, in the order their parameters follow the workspace's ($1); a list's
  // statements name only those given, so that one plan fits every value and the statement is kept prepared.
  private static final String[] CONDITIONS = {
      " AND c.status = $%d",
      " AND c.name ILIKE $%d",
      " AND c.cluster_template_version_id IN (SELECT id FROM cluster_template_versions WHERE cluster_template_id = $%d)",
      " AND c.sync_mode = $%d",
      " AND c.cluster_template_version_id = $%d"};
  // Without filters the total is the workspace's count kept by the database (migration 0018), not a count.
  private static final String TOTAL = Reused.statement(
      "SELECT coalesce(sum(clusters), 0) FROM cluster_counts WHERE workspace_id = $1");
  private static final String TOTAL_LIVE = Reused.statement(
      "SELECT coalesce(sum(live), 0) FROM cluster_counts WHERE workspace_id = $1");
  /** Page sizes a list's statement names (see ListForm): the default, the console's and other round ones. */
  private static final Set<Integer> USUAL_LIMITS = Set.of(10, 20, 25, 50, 100, 200, 500, 1000);
  /** A list's statements per form (see ListForm). */
  private static final Map<Integer, ListForm> FORMS = new ConcurrentHashMap<>();
  private static final String INSERT = Reused.statement("""
      INSERT INTO clusters (id, workspace_id, name, cluster_template_version_id, registry_id, provisioner, status,
                            values, render_errors, sync_mode, check_interval_seconds, current_revision,
                            desired_revision, ssh_public_key, ssh_private_key_encrypted, kubeconfig_encrypted,
                            agent_token_hash, agent_token_encrypted, secret_values_encrypted, cluster_type,
                            connection_hosts, cluster_template_version_switched_at, configuration_updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, 1, $12, $13, $14, $15, $16, $17, $18,
              coalesce($19, '{"masters": []}'::jsonb), now(), now())""");
  private static final String UPDATE = Reused.statement("""
      UPDATE clusters SET name = $2, cluster_template_version_id = $3, registry_id = $4, values = $5,
             render_errors = $6, status = $7, sync_mode = $8, check_interval_seconds = $9,
             current_revision = current_revision + 1, desired_revision = $10, secret_values_encrypted = $11,
             cluster_type = CASE WHEN $13::jsonb IS NULL THEN cluster_type ELSE $12 END,
             connection_hosts = coalesce($13, connection_hosts),
             cluster_template_version_switched_at = CASE WHEN cluster_template_version_id IS DISTINCT FROM $3
                 THEN now() ELSE cluster_template_version_switched_at END,
             configuration_updated_at = now(), updated_at = now()
      WHERE id = $1""");
  private static final String SET_STATUS = Reused.statement("UPDATE clusters SET status = $2, updated_at = now() WHERE id = $1");
  private static final String ARCHIVE = """
      UPDATE clusters c SET status = 'deleted', archived_at = now(), updated_at = now(),
             archive_number = (SELECT coalesce(max(o.archive_number), 0) + 1 FROM clusters o
                               WHERE o.workspace_id = c.workspace_id AND o.name = c.name)
      WHERE c.id = $1""";
  private static final String INSERT_REVISION = Reused.statement("""
      INSERT INTO cluster_revisions (cluster_id, revision, cluster_template_version_id, values, rendered_encrypted,
                                     created_by, secret_values_encrypted)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""");
  private static final String REVISION_COLUMNS =
      "SELECT revision, cluster_template_version_id, values, rendered_encrypted, created_by, created_at "
      + "FROM cluster_revisions";
  private static final String REVISION = Reused.statement(REVISION_COLUMNS + " WHERE cluster_id = $1 AND revision = $2");
  private static final String REVISIONS = REVISION_COLUMNS
      + " WHERE cluster_id = $1 ORDER BY revision DESC LIMIT $2 OFFSET $3";
  private static final String COUNT_REVISIONS = "SELECT count(*) FROM cluster_revisions WHERE cluster_id = $1";
  private static final String SSH_KEYS = "SELECT ssh_public_key, ssh_private_key_encrypted FROM clusters WHERE id = $1";
  private static final String TAKEN_VALUE = """
      SELECT name FROM clusters
      WHERE workspace_id = $1 AND id <> $2 AND archived_at IS NULL AND values -> $3::text = $4::jsonb LIMIT 1""";
  // Which records were free before (the statement's snapshot): those are newly held.
  private static final String HOLD_RECORDS = """
      UPDATE records r SET cluster_id = $1, updated_at = now()
      FROM (SELECT id, cluster_id FROM records WHERE id = ANY($2)) was
      WHERE r.id = was.id AND (r.cluster_id IS NULL OR r.cluster_id = $1)
      RETURNING r.id, r.catalog_id, was.cluster_id IS NULL AS newly_held""";
  private static final String RELEASE_OTHER_RECORDS = """
      UPDATE records SET cluster_id = NULL, updated_at = now() WHERE cluster_id = $1 AND NOT (id = ANY($2))
      RETURNING id, catalog_id""";

  /**
   * A cluster row: what services need, and its JSON. {@code values} are whole (password fields
   * decrypted) when the row comes from {@link #find}; the JSON shows password fields as
   * {@code ****}.
   */
  public record ClusterRow(UUID id, UUID workspaceId, String workspaceSlug, String name, ClusterStatus status,
                           UUID templateVersionId, UUID registryId, String provisioner, boolean wasCreated,
                           String syncMode, int checkIntervalSeconds, int currentRevision, Integer desiredRevision,
                           Integer appliedRevision, boolean archived, JsonObject values, JsonObject json) {

    ClusterRow withValues(final JsonObject whole) {
      return new ClusterRow(id, workspaceId, workspaceSlug, name, status, templateVersionId, registryId, provisioner,
          wasCreated, syncMode, checkIntervalSeconds, currentRevision, desiredRevision, appliedRevision, archived,
          whole, json);
    }
  }

  /** A cluster as first written; {@code secretKeys} name its password fields, stored apart and encrypted. */
  public record NewCluster(UUID id, UUID workspaceId, String name, UUID templateVersionId, UUID registryId,
                           String provisioner, ClusterStatus status, JsonObject values, Set<String> secretKeys,
                           JsonArray renderErrors,
                           String syncMode, int checkIntervalSeconds, String sshPublicKey,
                           String sshPrivateKeyEncrypted, String kubeconfigEncrypted, String agentTokenHash,
                           String agentTokenEncrypted, Optional<ClusterFacts> facts) {
  }

  /** A cluster's inputs after an accepted change. */
  public record Change(String name, UUID templateVersionId, UUID registryId, JsonObject values, Set<String> secretKeys,
                       JsonArray renderErrors, ClusterStatus status, String syncMode, int checkIntervalSeconds,
                       int desiredRevision, Optional<ClusterFacts> facts) {
  }

  public Future<Void> insert(final SqlClient sql, final NewCluster c) {
    return sql.preparedQuery(INSERT).execute(Tuple.from(new Object[] {c.id(), c.workspaceId(), c.name(),
            c.templateVersionId(), c.registryId(), c.provisioner(), c.status().id(), plain(c.values(), c.secretKeys()),
            c.renderErrors(),
            c.syncMode(), c.checkIntervalSeconds(), c.sshPublicKey(), c.sshPrivateKeyEncrypted(),
            c.kubeconfigEncrypted(), c.agentTokenHash(), c.agentTokenEncrypted(),
            secrets(EncryptedColumn.CLUSTER_SECRET_VALUES, c.values(), c.secretKeys()), type(c.facts()),
            hosts(c.facts())}))
        .<Void>mapEmpty()
        .recover(PgErrors.onConstraint("clusters_name_key", () -> nameTaken(c.name())));
  }

  public Future<Void> update(final SqlClient sql, final UUID id, final Change c) {
    return sql.preparedQuery(UPDATE).execute(Tuple.from(new Object[] {id, c.name(), c.templateVersionId(),
            c.registryId(), plain(c.values(), c.secretKeys()), c.renderErrors(), c.status().id(), c.syncMode(),
            c.checkIntervalSeconds(), c.desiredRevision(),
            secrets(EncryptedColumn.CLUSTER_SECRET_VALUES, c.values(), c.secretKeys()), type(c.facts()),
            hosts(c.facts())}))
        .<Void>mapEmpty()
        .recover(PgErrors.onConstraint("clusters_name_key", () -> nameTaken(c.name())));
  }

  public Future<Void> setStatus(final SqlClient sql, final UUID id, final ClusterStatus status) {
    return sql.preparedQuery(SET_STATUS).execute(Tuple.of(id, status.id())).mapEmpty();
  }

  /** Archives a deleted cluster (its name is free again) and frees the exclusive records it held. */
  public Future<Void> archive(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(ARCHIVE).execute(Tuple.of(id)).compose(v -> holdRecords(sql, id, List.of()));
  }

  public Future<ClusterRow> find(final SqlClient sql, final UUID id, final boolean lock) {
    return sql.preparedQuery(lock ? LOCK : FIND).execute(Tuple.of(id)).compose(rows -> {
      if (!rows.iterator().hasNext()) {
        return Future.failedFuture(ApiException.notFound("cluster " + id));
      }
      final Row row = rows.iterator().next();
      final ClusterRow cluster = cluster(row);
      final String stored = row.getString("secret_values_encrypted");
      return stored == null ? Future.succeededFuture(cluster)
          : keys.decrypt(EncryptedColumn.CLUSTER_SECRET_VALUES.context(), stored)
              .map(secrets -> cluster.withValues(cluster.values().copy().mergeIn(new JsonObject(secrets))));
    });
  }

  /**
   * A page of the workspace's clusters, newest first: after {@code cursor} when given (keyset paging,
   * the page's offset then ignored), else at the page's offset.
   */
  public Future<Listing<ClusterRow>> list(final SqlClient sql, final UUID workspaceId, final boolean withoutArchived,
                                          final ClusterQuery query, final Page page,
                                          final Optional<ListCursor> cursor) {
    final Object[] optional = {query.status().orElse(null), query.namePattern().orElse(null),
        query.templateId().orElse(null), query.syncMode().orElse(null), query.templateVersionId().orElse(null)};
    final Tuple filter = Tuple.tuple().addValue(workspaceId);
    int given = 0;
    for (int i = 0; i < optional.length; i++) {
      if (optional[i] != null) {
        given |= 1 << i;
        filter.addValue(optional[i]);
      }
    }
    final int filters = given;
    final ClusterQuery.Sort sort = cursor.isEmpty() ? query.sort() : ClusterQuery.Sort.NEWEST;
    final int offset = cursor.isEmpty() ? page.offset() : 0;
    // A page of a usual size names its size; in the default order one at an offset seeks its first row: see ListForm.
    final boolean usual = USUAL_LIMITS.contains(page.limit());
    final boolean seek = usual && offset > 0 && sort == ClusterQuery.Sort.NEWEST;
    final int limit = usual && (offset == 0 || seek) ? page.limit() : 0;
    final int key = (((((limit << 5 | filters) << 1 | (withoutArchived ? 1 : 0)) << 1 | (cursor.isPresent() ? 1 : 0))
        << 1 | (seek ? 1 : 0)) << 4) | sort.ordinal();
    final ListForm form = FORMS.computeIfAbsent(key, k -> ListForm.of(filters, withoutArchived, cursor.isPresent(),
        sort, limit, seek));
    final Tuple params = Tuple.tuple();
    for (int i = 0; i < filter.size(); i++) {
      params.addValue(filter.getValue(i));
    }
    if (seek) {
      params.addInteger(offset);
    } else if (limit == 0) {
      params.addInteger(page.limit()).addInteger(offset);
    }
    cursor.ifPresent(c -> params.addValue(c.createdAt()).addUUID(c.id()));
    return Listing.of(sql, form.count(), filter, form.page(), params, ClusterStore::cluster);
  }

  /**
   * The count and the page of one form of the list: which filters are given, keyset or not, the order
   * and, for a page of a usual size, that size. PostgreSQL plans a kept statement once only when a plan
   * for any parameters costs no more than the plans it made for given ones; with the page's size or
   * offset a parameter it assumes a tenth of the rows and keeps planning each request (about as long as
   * running it), so pages of a usual size name their size and are read straight in order: in the
   * default order, one at an offset first finds its first row on the list's index alone (skipped rows
   * cost no heap read) and reads on from it as a keyset page does. Any other page chooses its ids on
   * the index at its offset, then joins them.
   */
  private record ListForm(String count, String page) {

    static ListForm of(final int filters, final boolean withoutArchived, final boolean keyset,
                       final ClusterQuery.Sort sort, final int limit, final boolean seek) {
      final StringBuilder where = new StringBuilder(" WHERE c.workspace_id = $1");
      if (withoutArchived) {
        where.append(" AND c.archived_at IS NULL");
      }
      int param = 2;
      for (int i = 0; i < CONDITIONS.length; i++) {
        if ((filters & 1 << i) != 0) {
          where.append(CONDITIONS[i].formatted(param++));
        }
      }
      final String count = filters != 0 ? "SELECT count(*) FROM clusters c" + where
          : withoutArchived ? TOTAL_LIVE : TOTAL;
      final String order = " ORDER BY " + sort.sql;
      if (seek) {
        // The first row's place is one value each (InitPlans), so the page is an index range in order.
        final String first = "WITH seek AS MATERIALIZED (SELECT c.created_at, c.id FROM clusters c" + where + order
            + " OFFSET $" + param + " LIMIT 1) ";
        final String at = "(SELECT created_at FROM seek)";
        final String page = first + "SELECT " + COLUMNS + FROM + where + " AND c.created_at <= " + at
            + " AND (c.created_at < " + at + " OR (c.created_at = " + at + " AND c.id >= (SELECT id FROM seek)))"
            + order + " LIMIT " + limit;
        return new ListForm(Reused.statement(count), Reused.statement(page));
      }
      final String bounds = limit > 0 ? " LIMIT " + limit : " LIMIT $" + param++ + " OFFSET $" + param++;
      if (keyset) {
        // The default order from a cursor (the last row's created_at and id): newer rows first, ids ascending.
        where.append(" AND c.created_at <= $%1$d AND (c.created_at < $%1$d OR (c.created_at = $%1$d AND c.id > $%2$d))"
            .formatted(param, param + 1));
      }
      final String page = limit > 0 ? "SELECT " + COLUMNS + FROM + where + order + bounds
          : "SELECT " + COLUMNS + " FROM (SELECT c.id FROM clusters c" + where + order + bounds + ") page"
          + " JOIN clusters c ON c.id = page.id JOIN workspaces w ON w.id = c.workspace_id"
          + " LEFT JOIN cluster_template_versions v ON v.id = c.cluster_template_version_id"
          + " LEFT JOIN cluster_agents a ON a.cluster_id = c.id" + order;
      return new ListForm(Reused.statement(count), Reused.statement(page));
    }
  }

  public Future<Void> insertRevision(final SqlClient sql, final UUID clusterId, final int revision,
                                     final UUID templateVersionId, final JsonObject values,
                                     final Set<String> secretKeys, final JsonObject rendered, final String createdBy) {
    return sql.preparedQuery(INSERT_REVISION).execute(Tuple.from(new Object[] {clusterId, revision, templateVersionId,
        plain(values, secretKeys), keys.encrypt(EncryptedColumn.CLUSTER_REVISION_RENDERED.context(), rendered.encode()),
        createdBy, secrets(EncryptedColumn.REVISION_SECRET_VALUES, values, secretKeys)})).mapEmpty();
  }

  public Future<Optional<JsonObject>> revision(final SqlClient sql, final UUID clusterId, final int revision) {
    return sql.preparedQuery(REVISION).execute(Tuple.of(clusterId, revision)).compose(rows ->
        rows.iterator().hasNext() ? revision(rows.iterator().next()).map(Optional::of)
            : Future.succeededFuture(Optional.empty()));
  }

  public Future<Listing<JsonObject>> revisions(final SqlClient sql, final UUID clusterId, final Page page) {
    return Listing.of(sql, COUNT_REVISIONS, REVISIONS, new Object[] {clusterId}, page, this::revision)
        .compose(listing -> Future.all(listing.items()).map(all -> new Listing<>(all.<JsonObject>list(),
            listing.total())));
  }

  /** The cluster's own SSH key pair, the private half decrypted. */
  public Future<SshKeyPair> sshKeys(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(SSH_KEYS).execute(Tuple.of(id)).compose(rows -> {
      final Row row = rows.iterator().next();
      return keys.decrypt(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY.context(), row.getString("ssh_private_key_encrypted"))
          .map(privateKey -> new SshKeyPair(row.getString("ssh_public_key"), privateKey));
    });
  }

  /** The name of another live cluster of the workspace whose value of {@code key} equals {@code value}, if any. */
  public Future<Optional<String>> holderOfValue(final SqlClient sql, final UUID workspaceId, final UUID except,
                                                final String key, final Object value) {
    return sql.preparedQuery(TAKEN_VALUE).execute(Tuple.of(workspaceId, except, key, value))
        .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getString("name"))
            : Optional.empty());
  }

  /**
   * Holds the exclusive records a cluster uses and frees those it no longer uses; fails with 409
   * {@code record_in_use} when another cluster holds one.
   */
  public Future<Void> holdRecords(final SqlClient sql, final UUID clusterId, final List<UUID> exclusive) {
    final UUID[] ids = exclusive.toArray(UUID[]::new);
    final Tuple params = Tuple.tuple().addUUID(clusterId).addArrayOfUUID(ids);
    final List<Outbox.Event> events = new ArrayList<>();
    return sql.preparedQuery(RELEASE_OTHER_RECORDS).execute(params)
        .compose(released -> {
          released.forEach(row -> events.add(Events.record(EventType.RECORD_RELEASED, row.getUUID("id"),
              row.getUUID("catalog_id"), clusterId)));
          return ids.length == 0 ? Future.<Void>succeededFuture() : sql.preparedQuery(HOLD_RECORDS)
            .execute(params).map(rows -> {
              if (rows.rowCount() != ids.length) {
                throw ApiException.conflict("record_in_use", "an exclusive record the values name is held by "
                    + "another cluster; pick a free one");
              }
              rows.forEach(row -> {
                if (row.getBoolean("newly_held")) {
                  events.add(Events.record(EventType.RECORD_HELD, row.getUUID("id"), row.getUUID("catalog_id"),
                      clusterId));
                }
              });
              return null;
            });
        })
        .compose(v -> Outbox.add(sql, events));
  }

  private static String type(final Optional<ClusterFacts> facts) {
    return facts.flatMap(ClusterFacts::clusterType).orElse(null);
  }

  private static JsonObject hosts(final Optional<ClusterFacts> facts) {
    return facts.map(ClusterFacts::connectionHosts).orElse(null);
  }

  /** The values to store in the clear: password fields as {@code ****}. */
  private static JsonObject plain(final JsonObject values, final Set<String> secretKeys) {
    final JsonObject out = values.copy();
    secretKeys.stream().filter(out::containsKey).forEach(key -> out.put(key, Changes.MASK));
    return out;
  }

  /** The password fields' values, encrypted as one JSON object; null when there are none. */
  private String secrets(final EncryptedColumn column, final JsonObject values, final Set<String> secretKeys) {
    final JsonObject secrets = new JsonObject();
    secretKeys.stream().filter(key -> values.getValue(key) != null).forEach(key -> secrets.put(key, values.getValue(key)));
    return secrets.isEmpty() ? null : keys.encrypt(column.context(), secrets.encode());
  }

  private static ApiException nameTaken(final String name) {
    return ApiException.conflict("name_taken", "a cluster named '" + name + "' exists in this workspace");
  }

  private Future<JsonObject> revision(final Row row) {
    final String stored = row.getString("rendered_encrypted");
    final Future<JsonObject> rendered = stored == null ? Future.succeededFuture(new JsonObject())
        : keys.decrypt(EncryptedColumn.CLUSTER_REVISION_RENDERED.context(), stored).map(JsonObject::new);
    return rendered.map(sections -> new JsonObject()
        .put("revision", row.getInteger("revision"))
        .put("cluster_template_version_id", Rows.id(row, "cluster_template_version_id"))
        .put("values", Rows.object(row, "values"))
        .put("rendered", sections)
        .put("created_by", row.getString("created_by"))
        .put("created_at", Rows.time(row, "created_at")));
  }

  private static ClusterRow cluster(final Row row) {
    final Columns c = Columns.of(row);
    final JsonObject values = Rows.object(row, c.values);
    final String provisioner = row.getString(c.provisioner);
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, c.id))
        .put("workspace_id", Rows.id(row, c.workspaceId))
        .put("name", row.getString(c.name))
        .put("cluster_template_id", Rows.id(row, c.clusterTemplateId))
        .put("cluster_template_version_id", Rows.id(row, c.clusterTemplateVersionId))
        .put("registry_id", Rows.id(row, c.registryId))
        .put("provisioner", provisioner)
        .put("simulated", "simulated".equals(provisioner))
        .put("status", row.getString(c.status))
        .put("values", values)
        .put("render_errors", Rows.array(row, c.renderErrors))
        .put("sync_mode", row.getString(c.syncMode))
        .put("check_interval_seconds", row.getInteger(c.checkIntervalSeconds))
        .put("current_revision", row.getInteger(c.currentRevision))
        .put("desired_revision", row.getInteger(c.desiredRevision))
        .put("applied_revision", row.getInteger(c.appliedRevision))
        .put("was_created", row.getBoolean(c.wasCreated))
        .put("ssh_public_key", row.getString(c.sshPublicKey))
        .put("current_task_id", Rows.id(row, c.currentTaskId))
        .put("is_locked", row.getUUID(c.currentTaskId) != null)
        .put("cluster_type", row.getString(c.clusterType))
        .put("connection_hosts", Rows.object(row, c.connectionHosts))
        .put("cluster_template_version_switched_at", Rows.time(row, c.clusterTemplateVersionSwitchedAt))
        .put("cluster_configuration_updated_at", Rows.time(row, c.configurationUpdatedAt))
        .put("cluster_configuration_applied_at", Rows.time(row, c.configurationAppliedAt))
        .put("cluster_configuration_checked_at", Rows.time(row, c.lastCheckedAt))
        .put("created_at", Rows.time(row, c.createdAt))
        .put("updated_at", Rows.time(row, c.updatedAt))
        .put("archived_at", Rows.time(row, c.archivedAt))
        .put("archive_number", Rows.archiveNumber(row.getInteger(c.archiveNumber)))
        .put("cluster_agent_data", Rows.array(row, c.clusterAgentData))
        .put("agent_status", row.getString(c.agentStatus))
        .put("agent_connected_at", Rows.time(row, c.agentConnectedAt))
        .put("agent_last_seen_at", Rows.time(row, c.agentLastSeenAt))
        .put("agent_version", row.getString(c.agentVersion))
        .put("resources_sync_state", row.getString(c.resourcesSyncState))
        .put("resources_state_results", Optional.ofNullable(Rows.array(row, c.resourcesResults))
            .orElseGet(JsonArray::new))
        .put("resources_checked_at", Rows.time(row, c.resourcesCheckedAt))
        .put("resources_applied_at", Rows.time(row, c.resourcesAppliedAt));
    return new ClusterRow(row.getUUID(c.id), row.getUUID(c.workspaceId), row.getString(c.workspaceSlug),
        row.getString(c.name), ClusterStatus.of(row.getString(c.status)), row.getUUID(c.clusterTemplateVersionId),
        row.getUUID(c.registryId), provisioner, row.getBoolean(c.wasCreated), row.getString(c.syncMode),
        row.getInteger(c.checkIntervalSeconds), row.getInteger(c.currentRevision),
        row.getInteger(c.desiredRevision), row.getInteger(c.appliedRevision), row.getValue(c.archivedAt) != null,
        values, json);
  }

  /**
   * Where the cluster columns are in a row, resolved once: a lookup by name searches the row's columns
   * one by one, which cost a tenth of a list. Every cluster statement selects {@link #COLUMNS} first,
   * in that order, so one resolution serves them all; a row of another width resolves again.
   */
  private static final class Columns {
    private static volatile Columns resolved;

    private final int size;
    final int values;
    final int provisioner;
    final int id;
    final int workspaceId;
    final int name;
    final int clusterTemplateId;
    final int clusterTemplateVersionId;
    final int registryId;
    final int status;
    final int renderErrors;
    final int syncMode;
    final int checkIntervalSeconds;
    final int currentRevision;
    final int desiredRevision;
    final int appliedRevision;
    final int wasCreated;
    final int sshPublicKey;
    final int currentTaskId;
    final int clusterType;
    final int connectionHosts;
    final int clusterTemplateVersionSwitchedAt;
    final int configurationUpdatedAt;
    final int configurationAppliedAt;
    final int lastCheckedAt;
    final int createdAt;
    final int updatedAt;
    final int archivedAt;
    final int clusterAgentData;
    final int agentStatus;
    final int agentConnectedAt;
    final int agentLastSeenAt;
    final int agentVersion;
    final int resourcesSyncState;
    final int resourcesResults;
    final int resourcesCheckedAt;
    final int resourcesAppliedAt;
    final int workspaceSlug;
    final int archiveNumber;

    private Columns(final Row row) {
      size = row.size();
      values = row.getColumnIndex("values");
      provisioner = row.getColumnIndex("provisioner");
      id = row.getColumnIndex("id");
      workspaceId = row.getColumnIndex("workspace_id");
      name = row.getColumnIndex("name");
      clusterTemplateId = row.getColumnIndex("cluster_template_id");
      clusterTemplateVersionId = row.getColumnIndex("cluster_template_version_id");
      registryId = row.getColumnIndex("registry_id");
      status = row.getColumnIndex("status");
      renderErrors = row.getColumnIndex("render_errors");
      syncMode = row.getColumnIndex("sync_mode");
      checkIntervalSeconds = row.getColumnIndex("check_interval_seconds");
      currentRevision = row.getColumnIndex("current_revision");
      desiredRevision = row.getColumnIndex("desired_revision");
      appliedRevision = row.getColumnIndex("applied_revision");
      wasCreated = row.getColumnIndex("was_created");
      sshPublicKey = row.getColumnIndex("ssh_public_key");
      currentTaskId = row.getColumnIndex("current_task_id");
      clusterType = row.getColumnIndex("cluster_type");
      connectionHosts = row.getColumnIndex("connection_hosts");
      clusterTemplateVersionSwitchedAt = row.getColumnIndex("cluster_template_version_switched_at");
      configurationUpdatedAt = row.getColumnIndex("configuration_updated_at");
      configurationAppliedAt = row.getColumnIndex("configuration_applied_at");
      lastCheckedAt = row.getColumnIndex("last_checked_at");
      createdAt = row.getColumnIndex("created_at");
      updatedAt = row.getColumnIndex("updated_at");
      archivedAt = row.getColumnIndex("archived_at");
      clusterAgentData = row.getColumnIndex("cluster_agent_data");
      agentStatus = row.getColumnIndex("agent_status");
      agentConnectedAt = row.getColumnIndex("agent_connected_at");
      agentLastSeenAt = row.getColumnIndex("agent_last_seen_at");
      agentVersion = row.getColumnIndex("agent_version");
      resourcesSyncState = row.getColumnIndex("resources_sync_state");
      resourcesResults = row.getColumnIndex("resources_results");
      resourcesCheckedAt = row.getColumnIndex("resources_checked_at");
      resourcesAppliedAt = row.getColumnIndex("resources_applied_at");
      workspaceSlug = row.getColumnIndex("workspace_slug");
      archiveNumber = row.getColumnIndex("archive_number");
    }

    static Columns of(final Row row) {
      final Columns known = resolved;
      if (known != null && known.size == row.size()) {
        return known;
      }
      final Columns columns = new Columns(row);
      resolved = columns;
      return columns;
    }
  }
}
