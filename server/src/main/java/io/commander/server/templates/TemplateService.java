package io.commander.server.templates;

import io.commander.renderer.cluster.ClusterRenderer;
import io.commander.renderer.cluster.RenderProblem;
import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.db.Listing;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Cluster templates: every save of new content is a new immutable version that becomes current;
 * a template that clusters use is archived, not deleted. Renders a version (or an unsaved body)
 * with given values for the live preview, answering every section beside every problem.
 */
public final class TemplateService {

  static final String ENTITY = "ClusterTemplate";

  private final Pool pool;
  private final TemplateStore store;
  private final AuditLog audit;
  private final Map<String, Object> previewBuiltIns;
  private final Clock clock;

  /**
   * @param previewBuiltIns the {@code dc_*} variables a preview renders with (a cluster has its own)
   */
  public TemplateService(final Pool pool, final TemplateStore store, final AuditLog audit,
                         final Map<String, Object> previewBuiltIns, final Clock clock) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.previewBuiltIns = Map.copyOf(previewBuiltIns);
    this.clock = clock;
  }

  /** A template as written. */
  public record Write(String name, String comment, JsonArray params, JsonObject sections,
                      Optional<Integer> expectedRevision) {
  }

  public Future<JsonObject> create(final Actor actor, final UUID workspaceId, final Write write) {
    return content(write).compose(content -> audit.transaction(actor, (conn, trail) ->
        store.insert(conn, workspaceId, write.name().strip(), comment(write))
            .compose(id -> store.insertVersion(conn, id, comment(write), content)
                .compose(version -> store.update(conn, id, write.name().strip(), comment(write), version))
                .compose(v -> store.find(conn, id, false)))
            .compose(t -> store.versions(conn, List.of(t.id())).map(v -> withVersions(t, v))
                .compose(json -> trail.record(new AuditLog.WorkspaceRef(workspaceId, t.workspaceSlug()), ENTITY, t.id(),
                    "create", Changes.created(audited(json))).map(json)))));
  }

  public Future<JsonObject> get(final UUID workspaceId, final UUID id) {
    return json(pool, id).map(json -> mine(json, workspaceId, id));
  }

  public Future<Listing<JsonObject>> list(final UUID workspaceId, final boolean withoutArchived, final Page page) {
    return store.list(pool, workspaceId, withoutArchived, page).compose(listing -> store.versions(pool,
            listing.items().stream().map(TemplateStore.TemplateRow::id).toList())
        .map(versions -> new Listing<>(listing.items().stream().map(t -> withVersions(t, versions)).toList(),
            listing.total())));
  }

  /** Renames or recomments a template; new content becomes a new version, which becomes current. */
  public Future<JsonObject> update(final Actor actor, final UUID workspaceId, final UUID id, final Write write) {
    return content(write).compose(content -> audit.transaction(actor, (conn, trail) -> store.find(conn, id, true)
        .compose(before -> {
          mine(before.json(), workspaceId, id);
          if (write.expectedRevision().isPresent() && write.expectedRevision().get() != before.currentRevision()) {
            return Future.failedFuture(ApiException.conflict("stale_revision", "the template is at revision "
                + before.currentRevision() + ", not " + write.expectedRevision().get() + "; read it again"));
          }
          return json(conn, id).compose(beforeJson -> store.version(conn, before.currentVersionId())
              .compose(current -> current.content().normalized().equals(content) ? Future.succeededFuture(current.id())
                  : store.insertVersion(conn, id, comment(write), content))
              .compose(version -> store.update(conn, id, write.name().strip(), comment(write), version))
              .compose(v -> json(conn, id))
              .compose(after -> trail.record(new AuditLog.WorkspaceRef(workspaceId, before.workspaceSlug()), ENTITY, id,
                  "update", Changes.diff(audited(beforeJson), audited(after))).map(after)));
        })));
  }

  /** Deletes a template, or archives it when clusters use one of its versions. */
  public Future<Void> delete(final Actor actor, final UUID workspaceId, final UUID id) {
    return audit.transaction(actor, (conn, trail) -> store.find(conn, id, true).compose(before -> {
      mine(before.json(), workspaceId, id);
      return store.inUse(conn, id).compose(used -> (used ? store.archive(conn, before) : store.delete(conn, id))
          .compose(v -> trail.record(new AuditLog.WorkspaceRef(workspaceId, before.workspaceSlug()), ENTITY, id,
              used ? "archive" : "delete", Changes.deleted(new JsonObject().put("name", before.name())))));
    }));
  }

  /** Renders a version of a template (the current one when none is named) with the given values. */
  public Future<JsonObject> render(final UUID workspaceId, final UUID id, final Optional<UUID> versionId,
                                   final JsonObject values) {
    return store.find(pool, id, false).compose(t -> {
      mine(t.json(), workspaceId, id);
      final UUID version = versionId.orElse(t.currentVersionId());
      return store.version(pool, version).map(v -> {
        if (!v.templateId().equals(id)) {
          throw ApiException.notFound("cluster template version " + version);
        }
        return render(v.content(), values);
      });
    });
  }

  /** Renders an unsaved template body with the given values. */
  public Future<JsonObject> renderBody(final JsonArray params, final JsonObject sections, final JsonObject values) {
    return Future.succeededFuture().map(v -> render(new TemplateContent(params, sections).normalized(), values));
  }

  private JsonObject render(final TemplateContent content, final JsonObject values) {
    final ClusterRenderer.Result result = new ClusterRenderer().render(content.toSections(), content.schema(),
        values.getMap(), previewBuiltIns, clock, 0L);
    final JsonArray errors = new JsonArray();
    for (RenderProblem p : result.problems()) {
      errors.add(new JsonObject().put("code", p.kind().code()).put("section", p.section())
          .put("document", p.document() < 0 ? null : p.document())
          .put("line", p.line() == 0 ? null : p.line())
          .put("column", p.column() == 0 ? null : p.column())
          .put("message", p.message()));
    }
    return new JsonObject().put("valid", result.valid()).put("sections", new JsonObject(new java.util.LinkedHashMap<>(
        result.rendered()))).put("errors", errors);
  }

  private static Future<TemplateContent> content(final Write write) {
    return Future.succeededFuture(write).map(w -> {
      final TemplateContent content = new TemplateContent(w.params(), w.sections()).normalized();
      content.schema();
      content.toSections();
      content.checkParses();
      return content;
    });
  }

  private Future<JsonObject> json(final SqlClient sql, final UUID id) {
    return store.find(sql, id, false).compose(t -> store.versions(sql, List.of(id)).map(v -> withVersions(t, v)));
  }

  private static JsonObject withVersions(final TemplateStore.TemplateRow t, final Map<UUID, List<TemplateStore.VersionRow>> v) {
    final JsonArray versions = new JsonArray();
    v.getOrDefault(t.id(), List.of()).forEach(r -> versions.add(r.json()));
    return t.json().copy().put("cluster_template_versions", versions);
  }

  private static JsonObject audited(final JsonObject template) {
    final JsonArray versions = template.getJsonArray("cluster_template_versions", new JsonArray());
    return new JsonObject().put("name", template.getString("name")).put("comment", template.getString("comment"))
        .put("version", versions.isEmpty() ? null : versions.getJsonObject(versions.size() - 1).getInteger("number"));
  }

  private static String comment(final Write write) {
    return write.comment() == null ? "" : write.comment();
  }

  private static JsonObject mine(final JsonObject template, final UUID workspaceId, final UUID id) {
    if (!workspaceId.toString().equals(template.getString("workspace_id"))) {
      throw ApiException.notFound("cluster template " + id);
    }
    return template;
  }
}
