package io.commander.server.templates;

import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.db.Listing;
import io.commander.server.db.PgErrors;
import io.commander.server.db.Reused;
import io.commander.server.db.Rows;
import io.commander.server.rendering.TemplateContent;
import io.commander.server.events.Events;
import io.commander.server.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** SQL for cluster templates and their immutable versions. */
public final class TemplateStore {

  static final String TEMPLATE_COLUMNS = "t.id, t.workspace_id, w.slug AS workspace_slug, t.name, t.comment, "
      + "t.immutable, t.current_version_id, t.current_revision, t.created_at, t.updated_at, t.archived_at, "
      + "t.archive_number";
  private static final String FROM = " FROM cluster_templates t JOIN workspaces w ON w.id = t.workspace_id";
  private static final String INSERT = "INSERT INTO cluster_templates (workspace_id, name, comment) "
      + "VALUES ($1, $2, $3) RETURNING id";
  private static final String INSERT_VERSION = """
      INSERT INTO cluster_template_versions (cluster_template_id, number, comment, params, sections)
      VALUES ($1, (SELECT coalesce(max(number), 0) + 1 FROM cluster_template_versions WHERE cluster_template_id = $1),
              $2, $3, $4)
      RETURNING id, number, (SELECT workspace_id FROM cluster_templates WHERE id = $1) AS workspace_id,
                (SELECT name FROM cluster_templates WHERE id = $1) AS template_name""";
  private static final String FIND = "SELECT " + TEMPLATE_COLUMNS + FROM + " WHERE t.id = $1";
  private static final String LOCK = FIND + " FOR UPDATE OF t";
  private static final String VERSIONS = """
      SELECT id, cluster_template_id, number, comment, available, params, sections, created_at
      FROM cluster_template_versions WHERE cluster_template_id = ANY($1) ORDER BY cluster_template_id, number""";
  // The live clusters on each version come from one grouped count beside the versions.
  private static final String COUNTED_VERSIONS = """
      SELECT v.id, v.cluster_template_id, v.number, v.comment, v.available, v.params, v.sections, v.created_at,
             coalesce(n.clusters, 0) AS cluster_count
      FROM cluster_template_versions v
      LEFT JOIN (SELECT c.cluster_template_version_id, count(*) AS clusters
                 FROM clusters c JOIN cluster_template_versions cv ON cv.id = c.cluster_template_version_id
                 WHERE cv.cluster_template_id = ANY($1) AND c.archived_at IS NULL
                 GROUP BY c.cluster_template_version_id) n ON n.cluster_template_version_id = v.id
      WHERE v.cluster_template_id = ANY($1) ORDER BY v.cluster_template_id, v.number""";
  private static final String VERSION = Reused.statement("""
      SELECT id, cluster_template_id, number, comment, available, params, sections, created_at
      FROM cluster_template_versions WHERE id = $1""");
  private static final String VERSION_WITH_TEMPLATE = Reused.statement("""
      SELECT v.id, v.cluster_template_id, v.number, v.comment, v.available, v.params, v.sections, v.created_at,
             t.workspace_id, t.name AS template_name
      FROM cluster_template_versions v JOIN cluster_templates t ON t.id = v.cluster_template_id WHERE v.id = $1""");
  private static final String FILTER = FROM + " WHERE t.workspace_id = $1 AND (NOT $2 OR t.archived_at IS NULL)";
  private static final String LIST = "SELECT " + TEMPLATE_COLUMNS + FILTER + " ORDER BY t.name, t.id LIMIT $3 OFFSET $4";
  private static final String COUNT = "SELECT count(*)" + FILTER;
  private static final String UPDATE = """
      UPDATE cluster_templates SET name = $2, comment = $3, current_version_id = $4,
             current_revision = current_revision + 1, updated_at = now()
      WHERE id = $1""";
  private static final String IN_USE = """
      SELECT EXISTS (SELECT 1 FROM clusters c JOIN cluster_template_versions v ON v.id = c.cluster_template_version_id
                     WHERE v.cluster_template_id = $1)""";
  private static final String DELETE = "DELETE FROM cluster_templates WHERE id = $1";
  private static final String UPDATE_VERSION = """
      UPDATE cluster_template_versions SET comment = coalesce($2, comment), available = coalesce($3, available)
      WHERE id = $1""";
  private static final String LATEST_AVAILABLE = """
      SELECT id FROM cluster_template_versions WHERE cluster_template_id = $1 AND available
      ORDER BY number DESC LIMIT 1""";
  private static final String ARCHIVE = """
      UPDATE cluster_templates SET archived_at = now(), updated_at = now(),
             archive_number = (SELECT coalesce(max(archive_number), 0) + 1 FROM cluster_templates
                               WHERE workspace_id = $2 AND name = $3)
      WHERE id = $1""";

  /** A template row. */
  public record TemplateRow(UUID id, UUID workspaceId, String workspaceSlug, String name, String comment,
                            UUID currentVersionId, int currentRevision, JsonObject json) {
  }

  /** A version row. */
  public record VersionRow(UUID id, UUID templateId, int number, boolean available, TemplateContent content,
                           JsonObject json) {
  }

  public Future<UUID> insert(final SqlClient sql, final UUID workspaceId, final String name, final String comment) {
    return sql.preparedQuery(INSERT).execute(Tuple.of(workspaceId, name, comment))
        .map(rows -> rows.iterator().next().getUUID("id"))
        .recover(PgErrors.onConstraint("cluster_templates_name_key", () -> ApiException.conflict("name_taken",
            "a cluster template named '" + name + "' exists in this workspace")));
  }

  /**
   * Adds the template's next version, with its {@code template_version.created} event.
   *
   * @param tx the connection of the transaction
   * @return a future of the version's id
   */
  public Future<UUID> insertVersion(final SqlClient tx, final UUID templateId, final String comment,
                                    final TemplateContent content) {
    return tx.preparedQuery(INSERT_VERSION).execute(Tuple.of(templateId, comment, content.params(), content.sections()))
        .compose(rows -> {
          final io.vertx.sqlclient.Row row = rows.iterator().next();
          final UUID id = row.getUUID("id");
          return Outbox.add(tx, Events.templateVersionCreated(row.getUUID("workspace_id"), templateId,
              row.getString("template_name"), id, row.getInteger("number"))).map(id);
        });
  }

  public Future<TemplateRow> find(final SqlClient sql, final UUID id, final boolean lock) {
    return sql.preparedQuery(lock ? LOCK : FIND).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("cluster template " + id);
      }
      return template(rows.iterator().next());
    });
  }

  public Future<Listing<TemplateRow>> list(final SqlClient sql, final UUID workspaceId, final boolean withoutArchived,
                                           final Page page) {
    return Listing.of(sql, COUNT, LIST, new Object[] {workspaceId, withoutArchived}, page, TemplateStore::template);
  }

  /**
   * The versions of the given templates, by template, oldest first.
   *
   * @param counted whether each carries {@code cluster_count}: a grouped count over the templates' clusters,
   *     for one template's page, not for every answer of the templates' list
   */
  public Future<Map<UUID, List<VersionRow>>> versions(final SqlClient sql, final List<UUID> templateIds,
                                                      final boolean counted) {
    return sql.preparedQuery(counted ? COUNTED_VERSIONS : VERSIONS).execute(Tuple.of(templateIds.toArray(UUID[]::new))).map(rows -> {
      final Map<UUID, List<VersionRow>> out = new LinkedHashMap<>();
      rows.forEach(r -> out.computeIfAbsent(r.getUUID("cluster_template_id"), k -> new ArrayList<>()).add(version(r)));
      return out;
    });
  }

  public Future<VersionRow> version(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(VERSION).execute(Tuple.of(id)).map(rows -> {
      if (!rows.iterator().hasNext()) {
        throw ApiException.notFound("cluster template version " + id);
      }
      return version(rows.iterator().next());
    });
  }

  /** A version with what its template says of it: whose it is, and its name. */
  public record TemplatedVersion(VersionRow version, UUID workspaceId, String templateName) {
  }

  /** A version and its template in one read (a cluster's create or update needs both). */
  public Future<Optional<TemplatedVersion>> versionWithTemplate(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(VERSION_WITH_TEMPLATE).execute(Tuple.of(id)).map(rows -> rows.iterator().hasNext()
        ? Optional.of(rows.iterator().next()).map(r -> new TemplatedVersion(version(r), r.getUUID("workspace_id"),
            r.getString("template_name")))
        : Optional.empty());
  }

  public Future<Void> update(final SqlClient sql, final UUID id, final String name, final String comment,
                             final UUID currentVersionId) {
    return sql.preparedQuery(UPDATE).execute(Tuple.of(id, name, comment, currentVersionId)).<Void>mapEmpty()
        .recover(PgErrors.onConstraint("cluster_templates_name_key", () -> ApiException.conflict("name_taken",
            "a cluster template named '" + name + "' exists in this workspace")));
  }

  /** Changes what may change of a version: its comment and whether clusters may use it (null keeps each). */
  public Future<Void> updateVersion(final SqlClient sql, final UUID versionId, final String comment,
                                    final Boolean available) {
    return sql.preparedQuery(UPDATE_VERSION).execute(Tuple.of(versionId, comment, available)).mapEmpty();
  }

  /** The newest version clusters may use, if any. */
  public Future<Optional<UUID>> latestAvailable(final SqlClient sql, final UUID templateId) {
    return sql.preparedQuery(LATEST_AVAILABLE).execute(Tuple.of(templateId)).map(rows ->
        rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID("id")) : Optional.empty());
  }

  public Future<Boolean> inUse(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(IN_USE).execute(Tuple.of(id)).map(rows -> rows.iterator().next().getBoolean(0));
  }

  public Future<Void> delete(final SqlClient sql, final UUID id) {
    return sql.preparedQuery(DELETE).execute(Tuple.of(id)).mapEmpty();
  }

  public Future<Void> archive(final SqlClient sql, final TemplateRow t) {
    return sql.preparedQuery(ARCHIVE).execute(Tuple.of(t.id(), t.workspaceId(), t.name())).mapEmpty();
  }

  private static TemplateRow template(final Row row) {
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("workspace_id", Rows.id(row, "workspace_id"))
        .put("name", row.getString("name"))
        .put("comment", row.getString("comment"))
        .put("immutable", row.getBoolean("immutable"))
        .put("current_revision", row.getInteger("current_revision"))
        .put("current_cluster_template_version_id", Rows.id(row, "current_version_id"))
        .put("created_at", Rows.time(row, "created_at"))
        .put("updated_at", Rows.time(row, "updated_at"))
        .put("archived_at", Rows.time(row, "archived_at"))
        .put("archive_number", Rows.archiveNumber(row));
    return new TemplateRow(row.getUUID("id"), row.getUUID("workspace_id"), row.getString("workspace_slug"),
        row.getString("name"), row.getString("comment"), row.getUUID("current_version_id"),
        row.getInteger("current_revision"), json);
  }

  private static VersionRow version(final Row row) {
    final Object params = row.getValue("params");
    final Object sections = row.getValue("sections");
    final TemplateContent content = new TemplateContent(
        Rows.array(params), Rows.object(sections));
    final JsonObject json = new JsonObject()
        .put("id", Rows.id(row, "id"))
        .put("cluster_template_id", Rows.id(row, "cluster_template_id"))
        .put("number", row.getInteger("number"))
        .put("name", Integer.toString(row.getInteger("number")))
        .put("comment", row.getString("comment"))
        .put("available", row.getBoolean("available"))
        .put("params", content.params())
        .put("sections", content.sections())
        .put("created_at", Rows.time(row, "created_at"));
    if (row.getColumnIndex("cluster_count") >= 0) {
      json.put("cluster_count", row.getLong("cluster_count"));
    }
    return new VersionRow(row.getUUID("id"), row.getUUID("cluster_template_id"), row.getInteger("number"),
        row.getBoolean("available"), content, json);
  }
}
