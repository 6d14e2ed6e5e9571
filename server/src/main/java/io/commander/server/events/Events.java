package io.commander.server.events;

import io.commander.server.events.Outbox.Event;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/**
 * The one place event data is shaped: each factory answers what its schema in
 * {@link EventType#SCHEMAS} describes. Ids are strings, as in the API; nothing here takes a secret.
 */
public final class Events {

  private Events() {
  }

  /**
   * A cluster was created.
   *
   * @param cluster the cluster as the API answers it (password values already {@code ****})
   */
  public static Event clusterCreated(final UUID clusterId, final JsonObject cluster) {
    return Event.ofCluster(EventType.CLUSTER_CREATED, clusterId, clusterId, new JsonObject()
        .put("cluster_id", clusterId.toString())
        .put("name", cluster.getString("name"))
        .put("status", cluster.getString("status"))
        .put("provisioner", cluster.getString("provisioner"))
        .put("cluster_template_version_id", cluster.getString("cluster_template_version_id"))
        .put("registry_id", cluster.getString("registry_id"))
        .put("sync_mode", cluster.getString("sync_mode"))
        .put("revision", cluster.getInteger("current_revision"))
        .put("values", cluster.getJsonObject("values", new JsonObject()).copy()));
  }

  /**
   * A cluster's status changed.
   *
   * @param cause why, when the new status is a failure; else null
   * @param taskId the task that changed it, or null for a change through the API
   */
  public static Event statusChanged(final UUID clusterId, final String from, final String to, final String cause,
                                    final UUID taskId) {
    return Event.ofCluster(EventType.CLUSTER_STATUS_CHANGED, clusterId, clusterId, new JsonObject()
        .put("cluster_id", clusterId.toString())
        .put("old_status", from)
        .put("new_status", to)
        .put("cause", cause)
        .put("task_id", id(taskId)));
  }

  /** A cluster was deleted: archived, its name free again. */
  public static Event clusterDeleted(final UUID clusterId, final String name, final UUID taskId) {
    return Event.ofCluster(EventType.CLUSTER_DELETED, clusterId, clusterId, new JsonObject()
        .put("cluster_id", clusterId.toString())
        .put("name", name)
        .put("task_id", id(taskId)));
  }

  /** A cluster's inputs were stored as a new revision; {@code valid} says whether they rendered. */
  public static Event revisionCreated(final UUID clusterId, final int revision, final UUID templateVersionId,
                                      final boolean valid, final String createdBy) {
    return Event.ofCluster(EventType.REVISION_CREATED, clusterId, clusterId, new JsonObject()
        .put("cluster_id", clusterId.toString())
        .put("revision", revision)
        .put("cluster_template_version_id", id(templateVersionId))
        .put("valid", valid)
        .put("created_by", createdBy));
  }

  /** A task put a revision in place on the cluster. */
  public static Event revisionApplied(final UUID clusterId, final int revision, final UUID taskId) {
    return Event.ofCluster(EventType.REVISION_APPLIED, clusterId, clusterId, new JsonObject()
        .put("cluster_id", clusterId.toString())
        .put("revision", revision)
        .put("task_id", id(taskId)));
  }

  /**
   * A task started, succeeded, failed or was canceled.
   *
   * @param state the task's state after the event ({@code running}, {@code succeeded}, {@code failed},
   *     {@code lost}, {@code canceled})
   * @param error why it failed or was canceled, or null
   */
  public static Event task(final EventType type, final UUID taskId, final UUID clusterId, final String kind,
                           final int attempt, final Integer revision, final String state, final String error) {
    return Event.ofCluster(type, taskId, clusterId, new JsonObject()
        .put("task_id", taskId.toString())
        .put("cluster_id", clusterId.toString())
        .put("kind", kind)
        .put("attempt", attempt)
        .put("revision", revision)
        .put("state", state)
        .put("error", error));
  }

  /** A destructive change waits for a person's approval. */
  public static Event changeRequestCreated(final UUID requestId, final UUID clusterId, final UUID taskId,
                                           final int revision, final String sha256, final List<String> destructive) {
    return Event.ofCluster(EventType.CHANGE_REQUEST_CREATED, requestId, clusterId, new JsonObject()
        .put("change_request_id", requestId.toString())
        .put("cluster_id", clusterId.toString())
        .put("task_id", id(taskId))
        .put("revision", revision)
        .put("change_set_sha256", sha256)
        .put("destructive_changes", new JsonArray(List.copyOf(destructive))));
  }

  /** A person approved a change request; {@code taskId} is the change it queued. */
  public static Event changeRequestApproved(final UUID requestId, final UUID clusterId, final int revision,
                                            final String sha256, final String approvedBy, final UUID taskId) {
    return Event.ofCluster(EventType.CHANGE_REQUEST_APPROVED, requestId, clusterId, new JsonObject()
        .put("change_request_id", requestId.toString())
        .put("cluster_id", clusterId.toString())
        .put("revision", revision)
        .put("change_set_sha256", sha256)
        .put("approved_by", approvedBy)
        .put("task_id", id(taskId)));
  }

  /** A cluster template got a new version. */
  public static Event templateVersionCreated(final UUID workspaceId, final UUID templateId, final String templateName,
                                             final UUID versionId, final int number) {
    return Event.of(EventType.TEMPLATE_VERSION_CREATED, versionId, workspaceId, new JsonObject()
        .put("cluster_template_id", templateId.toString())
        .put("cluster_template_version_id", versionId.toString())
        .put("template_name", templateName)
        .put("number", number));
  }

  /** A cluster took or let go of an exclusive inventory record; keyed by the record. */
  public static Event record(final EventType type, final UUID recordId, final UUID catalogId, final UUID clusterId) {
    return new Event(type, recordId, recordId, null, clusterId, new JsonObject()
        .put("record_id", recordId.toString())
        .put("catalog_id", id(catalogId))
        .put("cluster_id", clusterId.toString()));
  }

  private static String id(final UUID id) {
    return id == null ? null : id.toString();
  }
}
