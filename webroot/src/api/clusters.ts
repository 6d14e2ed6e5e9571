import { request, requestAll, requestPage, type Page, type Problem } from './client';
import type { Cluster, ClusterTemplate, Task } from './types';

export interface ClusterListQuery {
  workspaceId: string;
  page: number;
  perPage: number;
  status?: string;
  /** Part of the name (the API's `q`). */
  search?: string;
  /** The API's `sort`, e.g. `name` or `-updated_at`; none for newest first. */
  sort?: string;
  /** Only clusters of this template (the API's `template_id`). */
  templateId?: string;
  /** Only clusters on this template version (the API's `template_version_id`). */
  templateVersionId?: string;
  /** `auto` or `manual` (the API's `sync_mode`). */
  syncMode?: string;
}

/**
 * Where each page of a clusters list starts. The API pages by keyset (`after`, carried by the Link
 * header's next URL) so that a deep page costs what the first one does; pages reached by jumping
 * (a typed page number, "last", a reload on ?page=7) fall back to `offset`.
 */
export class PageCursors {
  private readonly starts = new Map<string, Map<number, string>>();

  private forList(key: string): Map<number, string> {
    let map = this.starts.get(key);
    if (!map) {
      map = new Map();
      this.starts.set(key, map);
    }
    return map;
  }

  /** Remembers that page `page + 1` of this list starts at `next`. */
  remember(listKey: string, page: number, next: string | null): void {
    const map = this.forList(listKey);
    if (next) map.set(page + 1, next);
    else map.delete(page + 1);
  }

  start(listKey: string, page: number): string | undefined {
    return this.starts.get(listKey)?.get(page);
  }
}

export function listKey(q: ClusterListQuery): string {
  return `${q.workspaceId}|${q.perPage}|${q.status ?? ''}|${q.search ?? ''}|${q.sort ?? ''}|${q.templateId ?? ''}|${q.templateVersionId ?? ''}|${q.syncMode ?? ''}`;
}

/**
 * The request for one page of clusters: a remembered keyset link, else limit/offset. Newest first (no sort)
 * pages by keyset; the API pages any other order by offset, which its links carry too.
 */
export function clusterPageRequest(q: ClusterListQuery, cursors: PageCursors): { path: string; query?: Record<string, string | number> } {
  if (q.page > 1) {
    const start = cursors.start(listKey(q), q.page);
    if (start) return { path: start };
  }
  const query: Record<string, string | number> = { workspace_id: q.workspaceId, limit: q.perPage, without_archived: 'true' };
  if (q.status) query.status = q.status;
  if (q.search?.trim()) query.q = q.search.trim();
  if (q.sort) query.sort = q.sort;
  if (q.templateId) query.template_id = q.templateId;
  if (q.templateVersionId) query.template_version_id = q.templateVersionId;
  if (q.syncMode) query.sync_mode = q.syncMode;
  if (q.page > 1) query.offset = (q.page - 1) * q.perPage;
  return { path: '/clusters', query };
}

export async function fetchClusterPage(q: ClusterListQuery, cursors: PageCursors, signal?: AbortSignal): Promise<Page<Cluster>> {
  const { path, query } = clusterPageRequest(q, cursors);
  const page = await requestPage<Cluster>(path, { query, signal });
  cursors.remember(listKey(q), q.page, page.next);
  return page;
}

export async function fetchRecentTasks(clusterId: string, limit: number, signal?: AbortSignal): Promise<Task[]> {
  return (await requestPage<Task>(`/clusters/${clusterId}/tasks`, { query: { limit }, signal })).items;
}

export interface TemplateNames {
  template(id: string | null): string | undefined;
  version(id: string | null): string | undefined;
  /** Every template of the workspace, by name. */
  all(): { id: string; name: string }[];
  /** A template's versions, newest first. */
  versions(templateId: string): { id: string; number: number; available: boolean }[];
}

export async function fetchTemplateNames(workspaceId: string, signal?: AbortSignal): Promise<TemplateNames> {
  const templates = await requestAll<ClusterTemplate>('/cluster_templates', { query: { workspace_id: workspaceId, limit: 1000 }, signal });
  const names = new Map<string, string>();
  const versions = new Map<string, string>();
  const byTemplate = new Map<string, { id: string; number: number; available: boolean }[]>();
  for (const t of templates) {
    names.set(t.id, t.name);
    for (const v of t.cluster_template_versions ?? []) versions.set(v.id, `v${v.number ?? v.name}`);
    byTemplate.set(t.id, (t.cluster_template_versions ?? []).map((v) => ({ id: v.id, number: v.number, available: v.available !== false }))
      .sort((a, b) => b.number - a.number));
  }
  return {
    template: (id) => (id ? names.get(id) : undefined),
    version: (id) => (id ? versions.get(id) : undefined),
    all: () => [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    versions: (id) => byTemplate.get(id) ?? [],
  };
}

export type ClusterSortKey = 'name' | 'status' | 'updated';

/** The API's `sort` for a column and direction. */
export function sortParam(key: ClusterSortKey, direction: 'asc' | 'desc'): string {
  const field = key === 'updated' ? 'updated_at' : key;
  return direction === 'asc' ? field : `-${field}`;
}

/** The column and direction an API `sort` names, if it is one of the table's. */
export function sortOf(param: string | null): { key: ClusterSortKey; direction: 'asc' | 'desc' } | null {
  if (!param) return null;
  const direction = param.startsWith('-') ? 'desc' : 'asc';
  const field = param.replace(/^-/, '');
  const key = field === 'updated_at' ? 'updated' : field === 'name' || field === 'status' ? field : null;
  return key ? { key, direction } : null;
}

/** What `POST /clusters/bulk` does to every cluster it names. */
export type BulkAction =
  | { action: 'set_sync_mode'; sync_mode: 'auto' | 'manual' }
  | { action: 'move_version'; cluster_template_version_id: string }
  | { action: 'delete'; cleanup?: boolean };

/** One cluster's outcome: the status its own request would have answered, the cluster or the problem. */
export interface BulkResult {
  id: string;
  status: number;
  cluster?: Cluster;
  problem?: Problem;
}

export interface BulkOutcome {
  succeeded: number;
  failed: number;
  results: BulkResult[];
}

/** The most ids one bulk request takes (the API's bound). */
export const BULK_MAX = 1000;

/** One action on many clusters; larger selections go as several requests, their results joined in order. */
export async function bulkClusters(workspaceId: string, ids: string[], action: BulkAction): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { succeeded: 0, failed: 0, results: [] };
  for (let i = 0; i < ids.length; i += BULK_MAX) {
    const part = await request<BulkOutcome>('/clusters/bulk', {
      method: 'POST',
      query: { workspace_id: workspaceId },
      body: { ...action, cluster_ids: ids.slice(i, i + BULK_MAX) },
    });
    outcome.succeeded += part.succeeded;
    outcome.failed += part.failed;
    outcome.results.push(...part.results);
  }
  return outcome;
}
