// The cluster console's API (`/clusters/{id}/console/...`): a cluster's Kubernetes objects as read through
// its agent, a pod's log, and ModuleConfigs, with the helpers that turn their figures into words.

import { ApiError, apiUrl, errorMessage, request } from './client';

export interface Condition {
  type: string;
  status: string;
  reason?: string | null;
  message?: string | null;
  last_transition_at?: string | null;
}

export interface NodeFigures {
  cpu_cores: number;
  memory_bytes: number;
  pods?: number;
}

export interface KubeNode {
  name: string;
  roles: string[];
  ready: boolean;
  unschedulable: boolean;
  conditions: Condition[];
  capacity: NodeFigures | null;
  allocatable: NodeFigures | null;
  usage: { cpu_cores: number; memory_bytes: number } | null;
  kubelet_version: string | null;
  internal_ip: string | null;
  node_group: string | null;
  created_at: string | null;
}

export interface Namespace {
  name: string;
  phase: string;
  labels: Record<string, string> | null;
  created_at: string | null;
}

export interface Workload {
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  namespace: string;
  name: string;
  desired: number;
  ready: number;
  updated: number;
  available: number;
  images: string[];
  created_at: string | null;
}

export interface PodContainer {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  state: 'running' | 'waiting' | 'terminated' | string;
  reason: string | null;
}

export interface Pod {
  namespace: string;
  name: string;
  phase: string;
  ready: string;
  restarts: number;
  node: string | null;
  pod_ip: string | null;
  owner: { kind: string; name: string } | null;
  containers: PodContainer[];
  created_at: string | null;
}

export interface KubeEvent {
  namespace: string;
  type: 'Normal' | 'Warning' | string;
  reason: string;
  message: string;
  object: { kind: string; name: string; namespace?: string | null };
  count: number;
  first_at: string | null;
  last_at: string | null;
}

export interface ModuleConfig {
  name: string;
  enabled: boolean | null;
  version: number | null;
  settings: Record<string, unknown>;
  resource_version: string;
  created_at: string | null;
}

export interface NodeGroup {
  name: string;
  node_type: string;
  min_per_zone: number | null;
  max_per_zone: number | null;
  nodes: number;
  ready: number;
  conditions: { type: string; status: string; message?: string | null }[];
  created_at: string | null;
}

export interface ConsoleList<T> {
  items: T[];
  continue?: string | null;
}

/** The kinds of objects the resources tab lists, as they appear in its addresses. */
export type ListKind = 'nodes' | 'namespaces' | 'workloads' | 'pods' | 'events' | 'moduleconfigs' | 'nodegroups';

const NAMESPACED: ReadonlySet<ListKind> = new Set(['workloads', 'pods', 'events']);

function base(clusterId: string): string {
  return `/clusters/${encodeURIComponent(clusterId)}/console`;
}

/** One page of a console list (`?namespace=` where the kind is namespaced; empty = all namespaces). */
export function fetchList<T>(clusterId: string, kind: ListKind, options: { namespace?: string; limit?: number; cont?: string; signal?: AbortSignal } = {}): Promise<ConsoleList<T>> {
  return request<ConsoleList<T>>(`${base(clusterId)}/${kind}`, {
    query: { namespace: NAMESPACED.has(kind) ? options.namespace : undefined, limit: options.limit, continue: options.cont },
    signal: options.signal,
  });
}

export function fetchModuleConfig(clusterId: string, name: string, signal?: AbortSignal): Promise<ModuleConfig> {
  return request<ModuleConfig>(`${base(clusterId)}/moduleconfigs/${encodeURIComponent(name)}`, { signal });
}

export interface ModuleConfigUpdate {
  enabled?: boolean | null;
  version?: number | null;
  settings: Record<string, unknown>;
  resource_version: string;
}

/** Saves a ModuleConfig; a stale `resource_version` fails with ApiError 409 `conflict`. */
export function saveModuleConfig(clusterId: string, name: string, body: ModuleConfigUpdate): Promise<ModuleConfig> {
  const clean: Record<string, unknown> = { settings: body.settings, resource_version: body.resource_version };
  if (body.enabled !== undefined && body.enabled !== null) clean.enabled = body.enabled;
  if (body.version !== undefined && body.version !== null) clean.version = body.version;
  return request<ModuleConfig>(`${base(clusterId)}/moduleconfigs/${encodeURIComponent(name)}`, { method: 'PUT', body: clean });
}

export function podLogUrl(clusterId: string, namespace: string, pod: string, options: { container?: string; tailLines?: number; follow?: boolean }): string {
  return apiUrl(`${base(clusterId)}/pods/${encodeURIComponent(namespace)}/${encodeURIComponent(pod)}/log`, {
    container: options.container,
    tail_lines: options.tailLines,
    follow: options.follow ? 'true' : undefined,
  });
}

export interface LogHandlers {
  /** Text as it comes (whole lines are not guaranteed: a chunk may end mid-line). */
  onText(text: string): void;
  /** The stream ended: by the server (`error` null), or with a failure. Not called when stopped. */
  onEnd(error: ApiError | Error | null): void;
}

/**
 * Reads a pod's log with `fetch` and a ReadableStream: the tail, and with `follow` whatever the
 * container writes next, until the returned function is called (which aborts the request, so the agent
 * stops the stream at the cluster).
 */
export function streamPodLog(
  clusterId: string,
  namespace: string,
  pod: string,
  options: { container?: string; tailLines?: number; follow?: boolean },
  handlers: LogHandlers,
  fetcher: typeof fetch = (...args) => fetch(...args),
): () => void {
  const abort = new AbortController();
  let stopped = false;
  void (async () => {
    try {
      const response = await fetcher(podLogUrl(clusterId, namespace, pod, options), {
        headers: { Accept: 'text/plain, application/problem+json' },
        credentials: 'same-origin',
        signal: abort.signal,
      });
      if (!response.ok) {
        const text = await response.text().catch(() => '');
        let problem: Record<string, unknown> = {};
        try {
          problem = text ? (JSON.parse(text) as Record<string, unknown>) : {};
        } catch {
          problem = { detail: text.slice(0, 300) };
        }
        if (!stopped) handlers.onEnd(new ApiError(response.status, { status: response.status, ...problem }));
        return;
      }
      if (!response.body) {
        const text = await response.text();
        if (!stopped) {
          handlers.onText(text);
          handlers.onEnd(null);
        }
        return;
      }
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (stopped) return;
        if (done) break;
        const text = decoder.decode(value, { stream: true });
        if (text) handlers.onText(text);
      }
      const rest = decoder.decode();
      if (rest) handlers.onText(rest);
      handlers.onEnd(null);
    } catch (e) {
      if (stopped || (e instanceof DOMException && e.name === 'AbortError')) return;
      handlers.onEnd(e instanceof Error ? e : new Error(errorMessage(e)));
    }
  })();
  return () => {
    stopped = true;
    abort.abort();
  };
}

/** Appends text to a log kept to its last `maxChars` characters, cut at a line start. */
export function appendLog(log: string, text: string, maxChars = 500_000): string {
  const all = log + text;
  if (all.length <= maxChars) return all;
  const cut = all.indexOf('\n', all.length - maxChars);
  return cut < 0 ? all.slice(all.length - maxChars) : all.slice(cut + 1);
}

/** The resource's kind and name out of `<apiVersion>/<kind>/<namespace>/<name>` (apiVersion may hold a slash). */
export function splitResource(resource: string): { apiVersion: string; kind: string; namespace: string; name: string } {
  const parts = resource.split('/');
  if (parts.length < 3) return { apiVersion: '', kind: '', namespace: '', name: resource };
  const name = parts[parts.length - 1];
  const namespace = parts[parts.length - 2];
  const kind = parts[parts.length - 3];
  return { apiVersion: parts.slice(0, parts.length - 3).join('/'), kind, namespace, name };
}

// ---- figures in words

/** Bytes as Kubernetes people read them: "512 Mi", "7.6 Gi", "1.5 Ti" (binary units). */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi'];
  let v = Math.max(0, bytes);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const text = i === 0 || v >= 100 ? String(Math.round(v)) : v >= 10 ? v.toFixed(1).replace(/\.0$/, '') : v.toFixed(2).replace(/\.?0+$/, '');
  return `${text} ${units[i]}`;
}

/** CPU cores: whole and fractional cores as "4", "1.5"; under one core in millicores, "250m". */
export function formatCores(cores: number | null | undefined): string {
  if (cores === null || cores === undefined || !Number.isFinite(cores)) return '—';
  if (cores === 0) return '0';
  if (cores < 1) return `${Math.round(cores * 1000)}m`;
  return (Math.round(cores * 100) / 100).toString();
}

/** What share of `total` `used` is, 0–100, or null when it cannot be said. */
export function usagePercent(used: number | null | undefined, total: number | null | undefined): number | null {
  if (used === null || used === undefined || !total || !Number.isFinite(used) || !Number.isFinite(total)) return null;
  return Math.max(0, Math.min(100, Math.round((used / total) * 100)));
}

/** An object's age as kubectl prints it: "45s", "12m", "5h", "3d" (and "2d4h" under a week). */
export function age(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.max(0, Math.floor((now - t) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 7 && h % 24 ? `${d}d${h % 24}h` : `${d}d`;
}

export type Tone = 'green' | 'orange' | 'red' | 'blue' | 'grey';

/** A pod's status label: the reason of a waiting or terminated container wins over the phase (as kubectl). */
export function podStatus(pod: Pick<Pod, 'phase' | 'containers'>): { text: string; tone: Tone } {
  const stuck = pod.containers.find((c) => c.state !== 'running' && c.reason && c.reason !== 'Completed');
  if (stuck && pod.phase !== 'Succeeded') return { text: stuck.reason!, tone: /BackOff|Err|Fail|OOM|Invalid/i.test(stuck.reason!) ? 'red' : 'orange' };
  switch (pod.phase) {
    case 'Running':
      return pod.containers.every((c) => c.ready) ? { text: 'Running', tone: 'green' } : { text: 'Running, not ready', tone: 'orange' };
    case 'Succeeded':
      return { text: 'Completed', tone: 'grey' };
    case 'Pending':
      return { text: 'Pending', tone: 'orange' };
    case 'Failed':
      return { text: 'Failed', tone: 'red' };
    default:
      return { text: pod.phase || 'Unknown', tone: 'grey' };
  }
}

/** A workload's status: all desired replicas ready and updated, some, or none. */
export function workloadStatus(w: Pick<Workload, 'desired' | 'ready' | 'updated'>): { text: string; tone: Tone } {
  if (w.desired === 0) return { text: 'Scaled to zero', tone: 'grey' };
  if (w.ready >= w.desired && w.updated >= w.desired) return { text: 'Ready', tone: 'green' };
  if (w.ready === 0) return { text: 'Not ready', tone: 'red' };
  return { text: w.updated < w.desired ? 'Updating' : 'Degraded', tone: 'orange' };
}

/** A node's conditions that say something is wrong (Ready false, a pressure true). */
export function nodeProblems(node: Pick<KubeNode, 'conditions'>): Condition[] {
  return node.conditions.filter((c) => (c.type === 'Ready' ? c.status !== 'True' : c.status === 'True'));
}

/** Events with warnings first (each group newest first, as the API answers them), or as they are. */
export function sortEvents(events: KubeEvent[], warningsFirst: boolean): KubeEvent[] {
  if (!warningsFirst) return events;
  return [...events.filter((e) => e.type === 'Warning'), ...events.filter((e) => e.type !== 'Warning')];
}

/** How the resources tab speaks of a failed read: the agent's link down, its policy, or the problem's detail. */
export interface ConsoleFailure {
  kind: 'disconnected' | 'timeout' | 'forbidden' | 'not_found' | 'other';
  message: string;
}

/** A failed read by its HTTP status (as `useResource` keeps it) and its problem's detail. */
export function consoleFailure(status: number | null, message: string): ConsoleFailure {
  if (status === 503) return { kind: 'disconnected', message };
  if (status === 504) return { kind: 'timeout', message };
  if (status === 403) return { kind: 'forbidden', message };
  if (status === 404) return { kind: 'not_found', message };
  return { kind: 'other', message };
}
