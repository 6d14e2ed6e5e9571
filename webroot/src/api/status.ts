import type { Cluster, ClusterStatus, RenderError, Task, TaskState } from './types';

export type Tone = 'success' | 'danger' | 'warning' | 'progress' | 'neutral';

interface StatusInfo {
  label: string;
  tone: Tone;
  /** What the status means, for people who meet it for the first time. */
  meaning: string;
}

/** Commander's cluster statuses, with the wording of its console. */
export const CLUSTER_STATUSES: Record<ClusterStatus, StatusInfo> = {
  new: { label: 'New', tone: 'progress', meaning: 'Configuration saved; the install task is queued.' },
  configuration_error: {
    label: 'Configuration error',
    tone: 'danger',
    meaning: 'The inputs do not render into a valid configuration; nothing runs until they are fixed.',
  },
  creating: { label: 'Creating', tone: 'progress', meaning: 'The install task is running.' },
  creation_failed: { label: 'Creation error', tone: 'danger', meaning: 'The install task failed.' },
  in_sync: { label: 'In sync', tone: 'success', meaning: 'Created, and the infrastructure matches the configuration.' },
  changing: { label: 'Changing', tone: 'progress', meaning: 'Bringing the cluster to its configuration.' },
  synchronization_failure: {
    label: 'Change error',
    tone: 'danger',
    meaning: 'Bringing the cluster to its configuration failed.',
  },
  delete: { label: 'Deleting', tone: 'progress', meaning: 'The delete task is queued or running.' },
  deletion_failed: { label: 'Deletion error', tone: 'danger', meaning: 'The delete task failed.' },
  deleted: { label: 'Archived', tone: 'neutral', meaning: 'Deleted; no longer managed.' },
  ready_to_join: { label: 'Ready to join', tone: 'warning', meaning: 'Connected and waiting to be joined.' },
  joining: { label: 'Joining', tone: 'progress', meaning: 'Being attached to Commander.' },
};

export const STATUS_ORDER = Object.keys(CLUSTER_STATUSES) as ClusterStatus[];

export function statusInfo(status: string): StatusInfo {
  return CLUSTER_STATUSES[status as ClusterStatus] ?? { label: status, tone: 'neutral', meaning: '' };
}

/** Statuses whose cause is the error of a failed task. */
const TASK_FAILURES = new Set<ClusterStatus>(['creation_failed', 'synchronization_failure', 'deletion_failed']);

export function isFailure(status: string): boolean {
  return status === 'configuration_error' || TASK_FAILURES.has(status as ClusterStatus);
}

/** Whether the cause of this status lives in the cluster's tasks (and must be read from them). */
export function causeInTasks(status: string): boolean {
  return TASK_FAILURES.has(status as ClusterStatus);
}

/** A render error in one line: where (section, document, line) and what. */
export function describeRenderError(error: RenderError): string {
  const where: string[] = [];
  if (error.section) where.push(error.section);
  if (error.document !== null && error.document !== undefined) where.push(`document ${error.document}`);
  if (error.line !== null && error.line !== undefined) where.push(`line ${error.line}`);
  const message = error.message ?? error.code ?? 'invalid';
  return where.length ? `${where.join(', ')}: ${message}` : message;
}

/** The failed task that explains a failure status: the newest failed or lost one. */
export function failedTask(tasks: Task[]): Task | undefined {
  return tasks.find((t) => t.state === 'failed' || t.state === 'lost');
}

/**
 * Why a cluster is in a failure status, or null when it is not failing. Render errors explain a
 * configuration error; the newest failed task's error explains the others (`tasks` newest first, as
 * the API lists them; undefined while they load).
 */
export function failureCause(cluster: Pick<Cluster, 'status' | 'render_errors'>, tasks?: Task[]): string | null {
  if (cluster.status === 'configuration_error') {
    const errors = cluster.render_errors ?? [];
    if (errors.length === 0) return 'The configuration is invalid (no details recorded).';
    const first = describeRenderError(errors[0]);
    return errors.length > 1 ? `${first} (and ${errors.length - 1} more)` : first;
  }
  if (!causeInTasks(cluster.status)) return null;
  if (tasks === undefined) return null;
  const task = failedTask(tasks);
  if (!task) return 'No failed task recorded.';
  const error = task.error?.trim() || (task.state === 'lost' ? 'The task stopped reporting and was lost.' : 'The task failed without a message.');
  return `${task.kind} task: ${error}`;
}

export const TASK_STATES: Record<TaskState, { label: string; tone: Tone }> = {
  pending: { label: 'Pending', tone: 'neutral' },
  running: { label: 'Running', tone: 'progress' },
  succeeded: { label: 'Succeeded', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  canceled: { label: 'Canceled', tone: 'warning' },
  lost: { label: 'Lost', tone: 'danger' },
};

export function isTaskFinished(state: TaskState): boolean {
  return state !== 'pending' && state !== 'running';
}
