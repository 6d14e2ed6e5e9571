import { requestPage, type Page } from './client';
import type { AuditRecord } from './types';

/** The kinds of objects the server writes audit records about (entity_type). */
export const AUDIT_OBJECT_TYPES = [
  'Cluster',
  'ClusterTemplate',
  'Task',
  'ClusterChangeRequest',
  'Catalog',
  'Record',
  'Registry',
  'Workspace',
  'WorkspaceRoleBinding',
  'AuthToken',
  'User',
];

export interface AuditFilters {
  actor: string;
  objectType: string;
  objectId: string;
  /** datetime-local values (browser time), '' for open. */
  since: string;
  until: string;
  /** Narrows the page on screen only: the API has no action filter. */
  action: string;
}

export const NO_FILTERS: AuditFilters = { actor: '', objectType: '', objectId: '', since: '', until: '', action: '' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A datetime-local value as an instant; undefined when empty or not a time. */
export function localToIso(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** Problems of the filters the browser can see before asking (the server checks again). */
export function filterProblems(f: AuditFilters): Partial<Record<keyof AuditFilters, string>> {
  const out: Partial<Record<keyof AuditFilters, string>> = {};
  if (f.objectId && !UUID.test(f.objectId.trim())) out.objectId = 'An object ID is a UUID, e.g. 0b5c…-…';
  const since = localToIso(f.since);
  const until = localToIso(f.until);
  if (since && until && since > until) out.until = 'Until is before since';
  return out;
}

/** The query of GET /audit for one page of the filtered list (server-side filters only). */
export function auditQuery(workspaceId: string | null, f: AuditFilters, page: number, perPage: number): Record<string, string | number> {
  const q: Record<string, string | number> = { limit: perPage };
  if (workspaceId) q.workspace_id = workspaceId;
  if (page > 1) q.offset = (page - 1) * perPage;
  if (f.actor) q.actor_id = f.actor;
  if (f.objectType) q.entity_type = f.objectType;
  if (f.objectId && UUID.test(f.objectId.trim())) q.entity_id = f.objectId.trim();
  const since = localToIso(f.since);
  const until = localToIso(f.until);
  if (since) q.since = since;
  if (until) q.until = until;
  return q;
}

export function fetchAudit(workspaceId: string | null, f: AuditFilters, page: number, perPage: number, signal?: AbortSignal): Promise<Page<AuditRecord>> {
  return requestPage<AuditRecord>('/audit', { query: auditQuery(workspaceId, f, page, perPage), signal });
}

export interface ChangeRow {
  field: string;
  before: string;
  after: string;
}

function show(v: unknown): string {
  if (v === undefined || v === null) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** An audit record's changes ({"field": [old, new]}, or anything else) as rows to read. */
export function changeRows(changes: Record<string, unknown> | null | undefined): ChangeRow[] {
  if (!changes) return [];
  return Object.entries(changes).map(([field, value]) =>
    Array.isArray(value) && value.length === 2 ? { field, before: show(value[0]), after: show(value[1]) } : { field, before: '', after: show(value) },
  );
}

/** A short summary of the changed fields for the row. */
export function changeSummary(changes: Record<string, unknown> | null | undefined, max = 3): string {
  const fields = Object.keys(changes ?? {});
  if (fields.length === 0) return '';
  return fields.length <= max ? fields.join(', ') : `${fields.slice(0, max).join(', ')} and ${fields.length - max} more`;
}
