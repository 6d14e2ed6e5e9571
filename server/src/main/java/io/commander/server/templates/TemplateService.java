package io.commander.server.templates;

import io.commander.renderer.cluster.RenderProblem;
import io.commander.renderer.cluster.TemplateDocument;
import io.commander.renderer.params.ParamSchema;
import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.db.Listing;
import io.commander.server.inventory.RecordResolver;
import io.commander.server.rendering.RenderReply;
import io.commander.server.rendering.RenderRequest;
import io.commander.server.rendering.RendererClient;
import io.commander.server.rendering.TemplateContent;
import io.commander.server.rendering.ValidateRequest;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Cluster templates: every save of new content is a new immutable version that becomes current;
 * versions keep a comment and can be withdrawn (marked unavailable), and the current version is
 * the newest available one; a template that clusters use is archived, not deleted; a template
 * travels between installations as one JSON document. Renders a version (or an unsaved body) with
 * given values for the live preview, answering every section beside every problem.
 */
public final class TemplateService {

  static final String ENTITY = "ClusterTemplate";
  /** The {@code format} of an exported template. */
  public static final String EXPORT_FORMAT = TemplateDocument.FORMAT;

  private final Pool pool;
  private final TemplateStore store;
  private final AuditLog audit;
  private final RendererClient renderer;
  private final RecordResolver records;
  private final JsonObject previewBuiltIns;
  private final Clock clock;

  /**
   * @param previewBuiltIns the {@code dc_*} variables a preview renders with (a cluster has its own)
   */
  public TemplateService(final Pool pool, final TemplateStore store, final AuditLog audit,
                         final RendererClient renderer, final RecordResolver records,
                         final Map<String, Object> previewBuiltIns, final Clock clock) {
    this.pool = pool;
    this.store = store;
    this.audit = audit;
    this.renderer = renderer;
    this.records = records;
    this.previewBuiltIns = new JsonObject(Map.copyOf(previewBuiltIns));
    this.clock = clock;
  }

  /** A template as written. */
  public record Write(String name, String comment, JsonArray params, JsonObject sections,
                      Optional<Integer> expectedRevision) {
  }

  /** What may change of a version: its comment and availability (absent keeps each). */
  public record VersionChange(Optional<String> comment, Optional<Boolean> available) {
  }

  public Future<JsonObject> create(final Actor actor, final UUID workspaceId, final Write write) {
    return create(actor, workspaceId, write, "create");
  }

  /** Creates a template from an exported document (see {@link #export}). */
  public Future<JsonObject> importTemplate(final Actor actor, final UUID workspaceId, final JsonObject document) {
    if (!EXPORT_FORMAT.equals(document.getString("format"))) {
      return Future.failedFuture(ApiException.invalidField("/format", "must be " + EXPORT_FORMAT));
    }
    return create(actor, workspaceId, new Write(document.getString("name"), document.getString("comment"),
        document.getJsonArray("params"), document.getJsonObject("sections"), Optional.empty()), "import");
  }

  private Future<JsonObject> create(final Actor actor, final UUID workspaceId, final Write write, final String action) {
    return content(write).compose(content -> audit.transaction(actor, (conn, trail) ->
        store.insert(conn, workspaceId, write.name().strip(), comment(write))
            .compose(id -> store.insertVersion(conn, id, comment(write), content)
                .compose(version -> store.update(conn, id, write.name().strip(), comment(write), version))
                .compose(v -> store.find(conn, id, false)))
            .compose(t -> store.versions(conn, List.of(t.id()), true).map(v -> withVersions(t, v))
                .compose(json -> trail.record(new AuditLog.WorkspaceRef(workspaceId, t.workspaceSlug()), ENTITY, t.id(),
                    action, Changes.created(audited(json))).map(json)))));
  }

  public Future<JsonObject> get(final UUID workspaceId, final UUID id) {
    return json(pool, id).map(json -> mine(json, workspaceId, id));
  }

  /** A template's versions, oldest first: the items of its {@code cluster_template_versions}. */
  public Future<JsonArray> versions(final UUID workspaceId, final UUID id) {
    return get(workspaceId, id).map(template -> template.getJsonArray("cluster_template_versions"));
  }

  /** One version of a template; a version of another template is not found. */
  public Future<JsonObject> version(final UUID workspaceId, final UUID id, final UUID versionId) {
    return versions(workspaceId, id).map(versions -> versions.stream().map(JsonObject.class::cast)
        .filter(v -> versionId.toString().equals(v.getString("id"))).findFirst()
        .orElseThrow(() -> ApiException.notFound("cluster template version " + versionId)));
  }

  public Future<Listing<JsonObject>> list(final UUID workspaceId, final boolean withoutArchived, final Page page) {
    return store.list(pool, workspaceId, withoutArchived, page).compose(listing -> store.versions(pool,
            listing.items().stream().map(TemplateStore.TemplateRow::id).toList(), false)
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

  /**
   * Changes a version's comment or availability. The current version becomes the newest available
   * one; a template must keep at least one.
   */
  public Future<JsonObject> changeVersion(final Actor actor, final UUID workspaceId, final UUID id,
                                          final UUID versionId, final VersionChange change) {
    return audit.transaction(actor, (conn, trail) -> store.find(conn, id, true).compose(before -> {
      mine(before.json(), workspaceId, id);
      return store.version(conn, versionId).compose(version -> {
        if (!version.templateId().equals(id)) {
          return Future.failedFuture(ApiException.notFound("cluster template version " + versionId));
        }
        return store.updateVersion(conn, versionId, change.comment().orElse(null), change.available().orElse(null))
            .compose(v -> store.latestAvailable(conn, id))
            .compose(latest -> latest.isPresent()
                ? store.update(conn, id, before.name(), before.comment(), latest.get())
                : Future.failedFuture(ApiException.conflict("no_available_version", "version " + version.number()
                    + " is the only available version of the template; a template needs one")))
            .compose(v -> store.version(conn, versionId))
            .compose(after -> trail.record(new AuditLog.WorkspaceRef(workspaceId, before.workspaceSlug()), ENTITY, id,
                "update_version", Changes.diff(versionAudit(version.json()), versionAudit(after.json()))))
            .compose(v -> json(conn, id));
      });
    }));
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

  /** A version (the current one when none is named) as one document another installation can import. */
  public Future<JsonObject> export(final UUID workspaceId, final UUID id, final Optional<UUID> versionId) {
    return version(workspaceId, id, versionId).map(v -> new JsonObject()
        .put("format", EXPORT_FORMAT)
        .put("name", v.template().name())
        .put("comment", v.template().comment())
        .put("params", v.version().content().params())
        .put("sections", v.version().content().sections()));
  }

  /**
   * Renders a version of a template (the current one when none is named) with the given values, for
   * the API request {@code requestId}: the render is abandoned if its caller goes away.
   */
  public Future<JsonObject> render(final String requestId, final UUID workspaceId, final UUID id,
                                   final Optional<UUID> versionId, final JsonObject values) {
    return version(workspaceId, id, versionId)
        .compose(v -> render(requestId, workspaceId, v.version().content(), values));
  }

  /** Renders an unsaved template body with the given values, for the API request {@code requestId}. */
  public Future<JsonObject> renderBody(final String requestId, final UUID workspaceId, final JsonArray params,
                                       final JsonObject sections, final JsonObject values) {
    final TemplateContent content = new TemplateContent(params, sections).normalized();
    final List<ApiException.FieldError> unreadable = content.structureProblems();
    return unreadable.isEmpty() ? render(requestId, workspaceId, content, values)
        : Future.failedFuture(ApiException.invalid(unreadable));
  }

  /** Catalog fields are resolved to the workspace's records first; a missing record is a problem of its field. */
  private Future<JsonObject> render(final String requestId, final UUID workspaceId, final TemplateContent content,
                                    final JsonObject values) {
    final Optional<ParamSchema> schema = content.schema().schema();
    final Future<RecordResolver.Resolved> resolved = schema.isEmpty()
        ? Future.succeededFuture(new RecordResolver.Resolved(values, List.of(), List.of()))
        : records.resolve(pool, workspaceId, schema.get(), values);
    return resolved.compose(r -> renderer.render(new RenderRequest(workspaceId, content, r.values(), previewBuiltIns,
            clock.instant(), 0L, requestId))
        .map(reply -> {
          final List<RenderProblem> problems = new ArrayList<>();
          r.problems().forEach(p -> problems.add(new RenderProblem(RenderProblem.Kind.VALUES, "values", -1, 0, 0,
              p.toString())));
          problems.addAll(reply.problems());
          return new RenderReply(reply.sections(), problems).toJson();
        }));
  }

  private record TemplateVersion(TemplateStore.TemplateRow template, TemplateStore.VersionRow version) {
  }

  private Future<TemplateVersion> version(final UUID workspaceId, final UUID id, final Optional<UUID> versionId) {
    return store.find(pool, id, false).compose(t -> {
      mine(t.json(), workspaceId, id);
      final UUID version = versionId.orElse(t.currentVersionId());
      return store.version(pool, version).map(v -> {
        if (!v.templateId().equals(id)) {
          throw ApiException.notFound("cluster template version " + version);
        }
        return new TemplateVersion(t, v);
      });
    });
  }

  /** The content normalized, after the renderer role has checked it: the schema parses, every section parses. */
  private Future<TemplateContent> content(final Write write) {
    final TemplateContent content = new TemplateContent(write.params(), write.sections()).normalized();
    return renderer.validate(new ValidateRequest(content)).map(reply -> {
      if (!reply.problems().isEmpty()) {
        throw ApiException.invalid(reply.problems().stream()
            .map(p -> new ApiException.FieldError(p.field(), p.message())).toList());
      }
      return content;
    });
  }

  private Future<JsonObject> json(final SqlClient sql, final UUID id) {
    return store.find(sql, id, false).compose(t -> store.versions(sql, List.of(id), true).map(v -> withVersions(t, v)));
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

  private static JsonObject versionAudit(final JsonObject version) {
    return new JsonObject().put("version", version.getInteger("number")).put("comment", version.getString("comment"))
        .put("available", version.getBoolean("available"));
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
