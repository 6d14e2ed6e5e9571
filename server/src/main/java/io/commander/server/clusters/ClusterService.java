package io.commander.server.clusters;

import io.commander.renderer.cluster.RenderProblem;
import io.commander.renderer.params.ParamProblem;
import io.commander.renderer.params.ParamSchema;
import io.commander.renderer.params.ParamValidator;
import io.commander.server.api.ApiException;
import io.commander.server.api.Page;
import io.commander.server.api.ParamErrors;
import io.commander.server.audit.Actor;
import io.commander.server.audit.AuditLog;
import io.commander.server.audit.Changes;
import io.commander.server.crypto.EncryptedColumn;
import io.commander.server.crypto.Keys;
import io.commander.server.db.Listing;
import io.commander.server.events.Events;
import io.commander.server.events.Outbox;
import io.commander.server.inventory.RecordResolver;
import io.commander.server.registries.RegistryStore;
import io.commander.server.rendering.RenderReply;
import io.commander.server.rendering.RenderRequest;
import io.commander.server.rendering.RendererClient;
import io.commander.server.tasks.TaskEnqueuer;
import io.commander.server.tasks.TaskKind;
import io.commander.server.tokens.TokenSecrets;
import io.commander.server.templates.TemplateStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Clusters: every accepted input is rendered and validated at once and stored as a numbered
 * revision with what it rendered to; a valid one queues the task that brings the cluster there, in
 * the same transaction; an invalid one leaves the cluster in {@code configuration_error} with its
 * render errors. Statuses change only through {@link ClusterStatus}.
 */
public final class ClusterService {

  static final String ENTITY = "Cluster";
  /** The provisioner of clusters Commander attaches rather than creates. */
  private static final String ATTACHED = "kubeconfig";
  /** The provisioner that reaches a cluster's first master over SSH, as the ssh section describes it. */
  private static final String DHCTL = "dhctl";

  private final Pool pool;
  private final ClusterStore store;
  private final TemplateStore templates;
  private final RegistryStore registries;
  private final RecordResolver records;
  private final RendererClient renderer;
  private final TaskEnqueuer tasks;
  private final ClusterTasks taskViews;
  private final ChangeRequestStore changeRequests;
  private final AuditLog audit;
  private final Keys keys;
  private final String domain;
  /** Commander's CA, base64, as templates see it ({@code dc_caBundle}). */
  private final String caBundle;
  private final Clock clock;

  public ClusterService(final Pool pool, final ClusterStore store, final TemplateStore templates,
                        final RegistryStore registries,
                        final RecordResolver records, final RendererClient renderer, final TaskEnqueuer tasks,
                        final ClusterTasks taskViews, final ChangeRequestStore changeRequests, final AuditLog audit, final Keys keys, final String domain, final String caBundle,
                        final Clock clock) {
    this.pool = pool;
    this.store = store;
    this.templates = templates;
    this.registries = registries;
    this.records = records;
    this.renderer = renderer;
    this.tasks = tasks;
    this.taskViews = taskViews;
    this.changeRequests = changeRequests;
    this.audit = audit;
    this.keys = keys;
    this.domain = domain;
    this.caBundle = caBundle;
    this.clock = clock;
  }

  /** A new cluster as asked for. */
  public record Create(String name, UUID templateVersionId, Optional<UUID> registryId, JsonObject values,
                       String provisioner, Optional<String> kubeconfig, String syncMode, int checkIntervalSeconds) {
  }

  /** A cluster's inputs as they should become (PUT, or PATCH merged into the current ones). */
  public record Update(String name, UUID templateVersionId, Optional<UUID> registryId, JsonObject values,
                       String syncMode, int checkIntervalSeconds, int expectedRevision) {
  }

  /** An update as asked for, and what it rendered to. */
  private record Accepted(Update update, Rendered rendered) {
  }

  /** What a render of a cluster's inputs gave. */
  private record Rendered(ParamSchema schema, JsonObject values, List<UUID> exclusiveRecords, RenderReply reply) {

    /** The password fields, whose values are stored apart, encrypted, and never answered. */
    Set<String> secretKeys() {
      return ParamValidator.passwordKeys(schema);
    }

    JsonArray errors() {
      return reply.toJson().getJsonArray("errors");
    }

    /** What clients read of the rendering (type, masters' SSH addresses); none when it is invalid. */
    Optional<ClusterFacts> facts() {
      return reply.valid() ? Optional.of(ClusterFacts.of(reply.sections())) : Optional.empty();
    }
  }

  public Future<JsonObject> create(final Actor actor, final UUID workspaceId, final Create create) {
    final UUID id = UUID.randomUUID();
    final SshKeyPair ssh = SshKeyPair.generate("commander-" + id);
    final String agentToken = TokenSecrets.generate();
    return version(workspaceId, create.templateVersionId(), true)
        .compose(version -> render(actor.requestId(), workspaceId, id, version, create.values(), ssh, 1,
            create.provisioner()))
        .compose(rendered -> audit.transaction(actor, (tx, trail) -> {
          final boolean valid = rendered.reply().valid();
          final boolean attached = ATTACHED.equals(create.provisioner());
          final ClusterStatus status = !valid ? ClusterStatus.CONFIGURATION_ERROR
              : attached ? ClusterStatus.READY_TO_JOIN : ClusterStatus.NEW;
          return registry(tx, workspaceId, create.registryId())
              .compose(v -> unique(tx, workspaceId, id, rendered))
              .compose(v -> store.insert(tx, new ClusterStore.NewCluster(id, workspaceId, create.name().strip(),
                  create.templateVersionId(), create.registryId().orElse(null), create.provisioner(), status,
                  rendered.values(), rendered.secretKeys(), rendered.errors(), create.syncMode(), create.checkIntervalSeconds(),
                  ssh.publicKey(), keys.encrypt(EncryptedColumn.CLUSTER_SSH_PRIVATE_KEY.context(), ssh.privateKey()),
                  create.kubeconfig().map(k -> keys.encrypt(EncryptedColumn.CLUSTER_KUBECONFIG.context(), k))
                      .orElse(null), keys.keyring().hashToken(agentToken),
                  keys.encrypt(EncryptedColumn.CLUSTER_AGENT_TOKEN.context(), agentToken), rendered.facts())))
              .compose(v -> store.holdRecords(tx, id, rendered.exclusiveRecords()))
              .compose(v -> store.insertRevision(tx, id, 1, create.templateVersionId(), rendered.values(),
                  rendered.secretKeys(), new JsonObject(new LinkedHashMap<>(rendered.reply().sections())), actor.name()))
              .compose(v -> valid && (!attached || !"manual".equals(create.syncMode()))
                  ? tasks.enqueue(tx, id, attached ? TaskKind.ATTACH : TaskKind.INSTALL, 1, actor.name()).mapEmpty()
                  : Future.succeededFuture())
              .compose(v -> store.find(tx, id, false))
              .compose(c -> Outbox.add(tx, List.of(Events.clusterCreated(id, c.json()),
                  Events.revisionCreated(id, 1, create.templateVersionId(), valid, actor.name()))).map(c))
              .compose(c -> trail.record(new AuditLog.WorkspaceRef(workspaceId, c.workspaceSlug()), ENTITY, id,
                  "create", Changes.created(audited(c.json()))).map(c.json()));
        }));
  }

  public Future<JsonObject> get(final UUID workspaceId, final UUID id) {
    return store.find(pool, id, false).compose(c -> {
      mine(c, workspaceId);
      // In sync, the desired revision is the applied one: read and decrypted once.
      final Future<Optional<JsonObject>> desired = rendered(c.id(), c.desiredRevision());
      final Future<Optional<JsonObject>> applied = Objects.equals(c.desiredRevision(), c.appliedRevision())
          ? desired : rendered(c.id(), c.appliedRevision());
      return Future.all(desired, applied)
          .map(both -> withRendered(withRendered(c.json().copy(), "desired", both.resultAt(0)), "applied",
              both.resultAt(1)));
    });
  }

  public Future<Listing<JsonObject>> list(final UUID workspaceId, final boolean withoutArchived,
                                          final ClusterQuery query, final Page page,
                                          final Optional<ListCursor> after) {
    if (after.isPresent() && query.sort() != ClusterQuery.Sort.NEWEST) {
      return Future.failedFuture(ApiException.invalidField("after",
          "keyset paging follows the default order only; with sort, page with offset"));
    }
    return store.list(pool, workspaceId, withoutArchived, query, page, after)
        .map(l -> new Listing<>(l.items().stream().map(ClusterStore.ClusterRow::json).toList(), l.total()));
  }

  /**
   * Stores new inputs as the next revision. Valid ones queue the task that applies them (install
   * if the cluster was never created, change otherwise; none in manual sync mode, where
   * {@link #apply} does it); invalid ones set {@code configuration_error} and queue nothing.
   */
  public Future<JsonObject> update(final Actor actor, final UUID workspaceId, final UUID id,
                                  final Function<ClusterStore.ClusterRow, Update> change) {
    return store.find(pool, id, false).compose(before -> {
      mine(before, workspaceId);
      final Update update = change.apply(before);
      return store.sshKeys(pool, id).compose(ssh -> version(workspaceId, update.templateVersionId(),
                  !update.templateVersionId().equals(before.templateVersionId()))
              .compose(version -> render(actor.requestId(), workspaceId, id, version,
                  keptSecrets(version, update.values(), before), ssh,
                  before.currentRevision() + 1, before.provisioner())))
          .map(rendered -> new Accepted(update, rendered));
    }).compose(accepted -> audit.transaction(actor, (tx, trail) -> store.find(tx, id, true).compose(before -> {
      final Update update = accepted.update();
      final Rendered rendered = accepted.rendered();
      if (before.currentRevision() != update.expectedRevision()) {
        return Future.failedFuture(ApiException.conflict("stale_revision", "the cluster is at revision "
            + before.currentRevision() + ", not " + update.expectedRevision() + "; read it again"));
      }
      refuseWhileBusyOrGone(before);
      final int revision = before.currentRevision() + 1;
      final boolean valid = rendered.reply().valid();
      final ClusterStatus status = !valid ? ClusterStatus.CONFIGURATION_ERROR
          : before.status() != ClusterStatus.CONFIGURATION_ERROR ? before.status()
          : ATTACHED.equals(before.provisioner()) ? ClusterStatus.READY_TO_JOIN : ClusterStatus.NEW;
      if (status != before.status()) {
        transition(before, status);
      }
      final Optional<TaskKind> task = !valid || "manual".equals(update.syncMode()) ? Optional.empty()
          : Optional.of(before.wasCreated() ? TaskKind.CHANGE : firstTask(before));
      return immutablesUnchanged(tx, before, rendered)
          .compose(v -> registry(tx, workspaceId, update.registryId()))
          .compose(v -> unique(tx, workspaceId, id, rendered))
          .compose(v -> store.update(tx, id, new ClusterStore.Change(update.name().strip(), update.templateVersionId(),
              update.registryId().orElse(null), rendered.values(), rendered.secretKeys(), rendered.errors(), status,
              update.syncMode(),
              update.checkIntervalSeconds(), revision, rendered.facts())))
          .compose(v -> store.holdRecords(tx, id, rendered.exclusiveRecords()))
          .compose(v -> changeRequests.supersede(tx, id))
          .compose(v -> store.insertRevision(tx, id, revision, update.templateVersionId(), rendered.values(),
              rendered.secretKeys(), new JsonObject(new LinkedHashMap<>(rendered.reply().sections())), actor.name()))
          .compose(v -> task.isPresent() ? tasks.enqueue(tx, id, task.get(), revision, actor.name()).mapEmpty()
              : Future.succeededFuture())
          .compose(v -> Outbox.add(tx, updateEvents(id, before.status(), status, revision, update, valid, rendered,
              actor.name())))
          .compose(v -> store.find(tx, id, false))
          .compose(after -> trail.record(new AuditLog.WorkspaceRef(workspaceId, before.workspaceSlug()), ENTITY, id,
              "update", Changes.diff(audited(before.json()), audited(after.json()))).map(after.json()));
    })));
  }

  /** What an accepted update tells other systems: its revision, and a status change if there is one. */
  private static List<Outbox.Event> updateEvents(final UUID id, final ClusterStatus from, final ClusterStatus to,
                                                 final int revision, final Update update, final boolean valid,
                                                 final Rendered rendered, final String actor) {
    final List<Outbox.Event> events = new ArrayList<>();
    events.add(Events.revisionCreated(id, revision, update.templateVersionId(), valid, actor));
    if (from != to) {
      events.add(Events.statusChanged(id, from.id(), to.id(), valid ? null : renderFailure(rendered), null));
    }
    return events;
  }

  /** Why a revision does not render, in one line: how many problems, and the first. */
  private static String renderFailure(final Rendered rendered) {
    final JsonArray errors = rendered.errors();
    if (errors == null || errors.isEmpty()) {
      return "the values do not render";
    }
    final Object first = errors.getValue(0);
    String message = first instanceof JsonObject o ? o.getString("message", o.encode()) : String.valueOf(first);
    // A problem may quote a value; a password value never leaves in an event.
    for (String key : rendered.secretKeys()) {
      final Object secret = rendered.values().getValue(key);
      if (secret != null && !String.valueOf(secret).isEmpty()) {
        message = message.replace(String.valueOf(secret), Changes.MASK);
      }
    }
    return errors.size() + " render error" + (errors.size() == 1 ? "" : "s") + ": " + message;
  }

  /** The workspace's cluster, or 404. */
  private Future<ClusterStore.ClusterRow> current(final UUID workspaceId, final UUID id) {
    return store.find(pool, id, false).map(c -> mine(c, workspaceId));
  }

  /**
   * Deletes a cluster: status {@code delete} and a delete task; without cleanup it is archived at
   * once, its infrastructure left as it is, and its exclusive records freed.
   */
  public Future<JsonObject> delete(final Actor actor, final UUID workspaceId, final UUID id, final boolean cleanup) {
    return audit.transaction(actor, (tx, trail) -> store.find(tx, id, true).compose(before -> {
      mine(before, workspaceId);
      // A cluster never created has no infrastructure to clean up.
      final boolean archiveNow = !cleanup || !before.wasCreated();
      transition(before, archiveNow ? ClusterStatus.DELETED : ClusterStatus.DELETE);
      return tasks.cancelPending(tx, id, "canceled: the cluster is being deleted by " + actor.name())
          .compose(v -> tasks.running(tx, id))
          .compose(running -> {
            if (running) {
              return Future.failedFuture(ApiException.conflict("task_in_progress", "a task is running on the "
                  + "cluster; cancel it, then delete"));
            }
            return archiveNow
                ? store.archive(tx, id)
                    .compose(v -> changeRequests.supersede(tx, id))
                    .compose(v -> Outbox.add(tx, List.of(Events.statusChanged(id, before.status().id(),
                        ClusterStatus.DELETED.id(), null, null), Events.clusterDeleted(id, before.name(), null))))
                : store.setStatus(tx, id, ClusterStatus.DELETE)
                    .compose(v -> Outbox.add(tx, Events.statusChanged(id, before.status().id(),
                        ClusterStatus.DELETE.id(), null, null)))
                    .compose(v -> tasks.enqueue(tx, id, ATTACHED.equals(before.provisioner()) ? TaskKind.DETACH
                        : TaskKind.DELETE, before.currentRevision(), actor.name()))
                    .<Void>mapEmpty();
          })
          .compose(v -> store.find(tx, id, false))
          .compose(after -> trail.record(new AuditLog.WorkspaceRef(workspaceId, before.workspaceSlug()), ENTITY, id,
              archiveNow ? "archive" : "delete", Changes.diff(audited(before.json()), audited(after.json())))
              .map(after.json()));
    }));
  }

  /** Queues the change a manual-mode cluster waits for. */
  public Future<UUID> apply(final Actor actor, final UUID workspaceId, final UUID id) {
    return queue(actor, workspaceId, id, "apply", c -> {
      if (c.status() == ClusterStatus.CONFIGURATION_ERROR) {
        throw ApiException.conflict("configuration_error", "the desired revision does not render; fix its values");
      }
      if (c.appliedRevision() != null && c.appliedRevision().equals(c.desiredRevision()) && c.wasCreated()) {
        throw ApiException.conflict("already_applied", "revision " + c.desiredRevision() + " is already applied");
      }
      return c.wasCreated() ? TaskKind.CHANGE : firstTask(c);
    });
  }

  /** Queues again what failed: the install, the change or the delete. */
  public Future<UUID> retry(final Actor actor, final UUID workspaceId, final UUID id) {
    return queue(actor, workspaceId, id, "retry", c -> switch (c.status()) {
      case CREATION_FAILED -> firstTask(c);
      case SYNCHRONIZATION_FAILURE -> TaskKind.CHANGE;
      case DELETION_FAILED -> ATTACHED.equals(c.provisioner()) ? TaskKind.DETACH : TaskKind.DELETE;
      default -> throw ApiException.conflict("nothing_to_retry", "a cluster in status " + c.status().id()
          + " has no failed task to retry");
    });
  }

  public Future<Listing<JsonObject>> revisions(final UUID workspaceId, final UUID id, final Page page) {
    return current(workspaceId, id).compose(c -> store.revisions(pool, id, page));
  }

  /** A unified diff per section between two revisions ({@code against} defaults to the one before). */
  public Future<JsonObject> diff(final UUID workspaceId, final UUID id, final int revision,
                                 final Optional<Integer> against) {
    final int other = against.orElse(revision - 1);
    return current(workspaceId, id).compose(c -> Future.all(store.revision(pool, id, revision),
        other < 1 ? Future.succeededFuture(Optional.<JsonObject>empty()) : store.revision(pool, id, other))
        .map(both -> {
          final Optional<JsonObject> to = both.resultAt(0);
          final Optional<JsonObject> from = both.resultAt(1);
          if (to.isEmpty() || other >= 1 && from.isEmpty()) {
            throw ApiException.notFound("cluster revision " + (to.isEmpty() ? revision : other));
          }
          return new JsonObject().put("revision", revision).put("against", other).put("sections",
              RevisionDiff.sections(from.map(r -> r.getJsonObject("rendered")).orElse(new JsonObject()),
                  to.get().getJsonObject("rendered"), other, revision));
        }));
  }

  public Future<Listing<JsonObject>> tasks(final UUID workspaceId, final UUID id, final Page page) {
    return current(workspaceId, id).compose(c -> taskViews.list(pool, id, page));
  }

  /** A task with its log. */
  public Future<JsonObject> task(final UUID workspaceId, final UUID taskId) {
    return taskViews.find(pool, taskId, false).compose(t -> {
      if (!t.workspaceId().equals(workspaceId)) {
        return Future.failedFuture(ApiException.notFound("task " + taskId));
      }
      return taskViews.log(pool, taskId).map(log -> t.json().copy().put("log", log));
    });
  }

  /** Up to {@link ClusterTasks#LOG_LINES} log lines of a task after {@code seq}. */
  public Future<JsonArray> logAfter(final UUID workspaceId, final UUID taskId, final int seq) {
    return taskViews.find(pool, taskId, false).compose(t -> {
      if (!t.workspaceId().equals(workspaceId)) {
        return Future.failedFuture(ApiException.notFound("task " + taskId));
      }
      return taskViews.logAfter(pool, taskId, seq, ClusterTasks.LOG_LINES);
    });
  }

  public Future<JsonObject> cancel(final Actor actor, final UUID workspaceId, final UUID taskId) {
    return audit.transaction(actor, (tx, trail) -> taskViews.find(tx, taskId, true).compose(t -> {
      if (!t.workspaceId().equals(workspaceId)) {
        return Future.failedFuture(ApiException.notFound("task " + taskId));
      }
      final UUID clusterId = UUID.fromString(t.json().getString("cluster_id"));
      final Future<Void> canceled = switch (t.state()) {
        case "pending" -> tasks.cancelPending(tx, clusterId, "canceled by " + actor.name() + " before it started");
        case "running" -> tasks.requestCancel(tx, taskId);
        default -> Future.failedFuture(ApiException.conflict("already_finished", "the task has finished ("
            + t.state() + ")"));
      };
      return canceled
          .compose(v -> store.find(tx, clusterId, false))
          .compose(c -> trail.record(new AuditLog.WorkspaceRef(workspaceId, c.workspaceSlug()), "Task", taskId,
              "cancel", new JsonObject().put("state", new JsonArray().add(t.state()).add("canceled"))))
          .compose(v -> taskViews.find(tx, taskId, false)).map(ClusterTasks.TaskRow::json);
    }));
  }

  private Future<UUID> queue(final Actor actor, final UUID workspaceId, final UUID id, final String action,
                             final Function<ClusterStore.ClusterRow, TaskKind> kind) {
    return audit.transaction(actor, (tx, trail) -> store.find(tx, id, true).compose(c -> {
      mine(c, workspaceId);
      refuseWhileBusyOrGone(c);
      final TaskKind task = kind.apply(c);
      return tasks.enqueue(tx, id, task, c.desiredRevision(), actor.name())
          .compose(taskId -> trail.record(new AuditLog.WorkspaceRef(workspaceId, c.workspaceSlug()), ENTITY, id,
              action, new JsonObject().put("task", new JsonArray().add(null).add(task.id()))).map(taskId));
    }));
  }

  // ---- rendering

  private Future<TemplateStore.VersionRow> version(final UUID workspaceId, final UUID versionId,
                                                   final boolean mustBeAvailable) {
    return templates.versionWithTemplate(pool, versionId).map(found -> {
      final TemplateStore.TemplatedVersion v = found.filter(t -> t.workspaceId().equals(workspaceId))
          .orElseThrow(() -> ApiException.invalidField("/cluster_template_version_id",
              "no cluster template version " + versionId));
      if (mustBeAvailable && !v.version().available()) {
        throw ApiException.conflict("version_unavailable", "version " + v.version().number() + " of template '"
            + v.templateName() + "' is marked unavailable; pick another version");
      }
      return v.version();
    });
  }

  private Future<Rendered> render(final String requestId, final UUID workspaceId, final UUID clusterId,
                                  final TemplateStore.VersionRow version,
                                  final JsonObject values, final SshKeyPair ssh, final int revision,
                                  final String provisioner) {
    final ParamSchema schema = version.content().schema().schema().orElseThrow();
    return records.resolve(pool, workspaceId, schema, values).compose(resolved -> renderer.render(new RenderRequest(
            workspaceId, version.content(), resolved.values(), ClusterBuiltIns.of(clusterId, domain, ssh, caBundle), clock.instant(),
            clusterId.getMostSignificantBits() ^ revision, requestId))
        .map(reply -> {
          final List<RenderProblem> problems = new ArrayList<>();
          resolved.problems().forEach(p -> problems.add(new RenderProblem(RenderProblem.Kind.VALUES, "values", -1, 0,
              0, p.toString())));
          problems.addAll(reply.problems());
          if (DHCTL.equals(provisioner) && reply.sections().getOrDefault("ssh", "").isBlank()) {
            problems.add(new RenderProblem(RenderProblem.Kind.SECTION, "ssh", -1, 0, 0, "the dhctl provisioner "
                + "reaches the cluster's first master over SSH, and the template's ssh section renders nothing: add "
                + "its SSHConfig and SSHHost, or create the cluster with another provisioner"));
          }
          final List<UUID> exclusive = resolved.records().stream().filter(RecordResolver.UsedRecord::exclusive)
              .map(RecordResolver.UsedRecord::id).distinct().toList();
          return new Rendered(schema, resolved.values(), exclusive, new RenderReply(reply.sections(), problems));
        }));
  }

  /**
   * Immutable fields keep the value the cluster was rendered with: one left out had its default (of
   * the version the cluster used then), and changing it is refused as much as changing a given one.
   */
  private Future<Void> immutablesUnchanged(final SqlClient tx, final ClusterStore.ClusterRow before,
                                           final Rendered rendered) {
    final Future<Map<String, Object>> was = before.templateVersionId() == null
        ? Future.succeededFuture(before.values().getMap())
        : templates.version(tx, before.templateVersionId())
            .map(v -> withDefaults(v.content().schema().schema().orElseThrow(), before.values()));
    return was.compose(old -> {
      final List<ParamProblem> changed = ParamValidator.validateChange(rendered.schema(), old,
          withDefaults(rendered.schema(), rendered.values()));
      return changed.isEmpty() ? Future.succeededFuture()
          : Future.failedFuture(ParamErrors.invalid(changed, "/values"));
    });
  }

  private static Map<String, Object> withDefaults(final ParamSchema schema, final JsonObject values) {
    final Map<String, Object> out = new LinkedHashMap<>(values.getMap());
    schema.fields().forEach(f -> f.defaultValue().ifPresent(d -> {
      final Object given = out.get(f.key());
      if (given == null || "".equals(given)) {
        out.put(f.key(), d);
      }
    }));
    return out;
  }

  /** {@code unique} fields: no other live cluster of the workspace may have the same value. */
  private Future<Void> unique(final SqlClient tx, final UUID workspaceId, final UUID id, final Rendered rendered) {
    Future<Void> chain = Future.succeededFuture();
    for (String key : ParamValidator.uniqueKeys(rendered.schema())) {
      final Object value = rendered.values().getValue(key);
      if (value == null || "".equals(value)) {
        continue;
      }
      chain = chain.compose(v -> store.holderOfValue(tx, workspaceId, id, key, value).map(holder -> {
        holder.ifPresent(name -> {
          throw new ApiException(409, "not_unique", "Conflict", "the value of '" + key + "' must be unique; cluster '"
              + name + "' has it", List.of(new ApiException.FieldError("/values/" + key, "cluster '" + name
              + "' has this value")));
        });
        return null;
      }));
    }
    return chain;
  }

  private Future<Void> registry(final SqlClient tx, final UUID workspaceId, final Optional<UUID> registryId) {
    if (registryId.isEmpty()) {
      return Future.succeededFuture();
    }
    final ApiException unknown = ApiException.invalidField("/registry_id", "no registry " + registryId.get()
        + " in this workspace");
    return registries.get(tx, registryId.get()).recover(e -> Future.failedFuture(unknown)).compose(r ->
        r.workspaceId().equals(workspaceId) && !r.archived() ? Future.<Void>succeededFuture()
            : Future.failedFuture(unknown));
  }

  private Future<Optional<JsonObject>> rendered(final UUID id, final Integer revision) {
    return revision == null ? Future.succeededFuture(Optional.empty()) : store.revision(pool, id, revision);
  }

  /**
   * The rendered configuration by Deckhouse Commander's names: the kubernetes section is the cluster
   * configuration, placement the provider-specific one, the tabs the resources; of the desired
   * revision also the init configuration (installation), init resources (primary resources) and
   * dhctl's connection documents (ssh). Null where the cluster has no such revision.
   */
  private static JsonObject withRendered(final JsonObject cluster, final String prefix,
                                         final Optional<JsonObject> revision) {
    final JsonObject rendered = revision.map(r -> r.getJsonObject("rendered")).orElse(new JsonObject());
    final java.util.function.Function<String, String> section = name ->
        revision.isEmpty() ? null : rendered.getString(name, "");
    final JsonObject tabs = new JsonObject();
    rendered.forEach(e -> {
      if (e.getKey().startsWith("resources/")) {
        tabs.put(e.getKey().substring("resources/".length()), e.getValue());
      }
    });
    cluster.put(prefix + "_cluster_configuration_rendered", section.apply("kubernetes"))
        .put(prefix + "_provider_specific_cluster_configuration_rendered", section.apply("placement"))
        .put(prefix + "_resources_rendered", revision.isEmpty() ? null : tabs);
    if ("desired".equals(prefix)) {
      cluster.put("init_configuration_rendered", section.apply("installation"))
          .put("init_resources_rendered", section.apply("primary_resources"))
          .put("dhctl_configuration_rendered", section.apply("ssh"));
    }
    return cluster;
  }

  /** A password field sent back as it was answered ({@code ****}) keeps its stored value. */
  private static JsonObject keptSecrets(final TemplateStore.VersionRow version, final JsonObject values,
                                        final ClusterStore.ClusterRow before) {
    final JsonObject out = values.copy();
    for (String key : ParamValidator.passwordKeys(version.content().schema().schema().orElseThrow())) {
      if (Changes.MASK.equals(out.getValue(key)) && before.values().getValue(key) != null) {
        out.put(key, before.values().getValue(key));
      }
    }
    return out;
  }

  /** What brings a cluster that was never created there: attaching it, or installing it. */
  private static TaskKind firstTask(final ClusterStore.ClusterRow c) {
    return ATTACHED.equals(c.provisioner()) ? TaskKind.ATTACH : TaskKind.INSTALL;
  }

  private static void transition(final ClusterStore.ClusterRow c, final ClusterStatus next) {
    try {
      c.status().check(next);
    } catch (ClusterStatus.IllegalTransitionException e) {
      throw ApiException.conflict("invalid_transition", e.getMessage());
    }
  }

  private static void refuseWhileBusyOrGone(final ClusterStore.ClusterRow c) {
    if (c.archived() || c.status() == ClusterStatus.DELETED || c.status() == ClusterStatus.DELETE) {
      throw ApiException.conflict("invalid_transition", "the cluster is " + (c.status() == ClusterStatus.DELETE
          ? "being deleted" : "deleted"));
    }
    if (c.json().getString("current_task_id") != null) {
      throw ApiException.conflict("task_in_progress", "a task is working on the cluster (status " + c.status().id()
          + "); wait for it, or cancel it");
    }
  }

  /** What the audit keeps of a cluster, as answered: password values are already {@code ****}. */
  private static JsonObject audited(final JsonObject cluster) {
    return new JsonObject().put("name", cluster.getString("name")).put("status", cluster.getString("status"))
        .put("cluster_template_version_id", cluster.getString("cluster_template_version_id"))
        .put("registry_id", cluster.getString("registry_id")).put("values", cluster.getJsonObject("values"))
        .put("sync_mode", cluster.getString("sync_mode")).put("revision", cluster.getInteger("current_revision"));
  }



  private static ClusterStore.ClusterRow mine(final ClusterStore.ClusterRow c, final UUID workspaceId) {
    if (!c.workspaceId().equals(workspaceId)) {
      throw ApiException.notFound("cluster " + c.id());
    }
    return c;
  }
}
