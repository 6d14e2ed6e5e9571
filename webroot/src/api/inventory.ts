import { request, requestAll, requestPage, type Page } from './client';
import type { Catalog, CatalogRecordFull, Registry } from './types';
import { fieldsOf, isEmpty, parseSchema, type ParamField } from '../forms/schema';

export function fetchCatalogs(workspaceId: string, signal?: AbortSignal): Promise<Catalog[]> {
  return requestAll<Catalog>('/catalogs', { query: { workspace_id: workspaceId, without_archived: true, limit: 1000 }, signal });
}

export function fetchCatalog(id: string, signal?: AbortSignal): Promise<Catalog> {
  return request<Catalog>(`/catalogs/${id}`, { signal });
}

export function fetchRecords(workspaceId: string, catalogId: string, page: number, perPage: number, signal?: AbortSignal): Promise<Page<CatalogRecordFull>> {
  return requestPage<CatalogRecordFull>('/records', {
    query: { workspace_id: workspaceId, catalog_id: catalogId, without_archived: true, limit: perPage, offset: page > 1 ? (page - 1) * perPage : undefined },
    signal,
  });
}

export interface CatalogDraft {
  name: string;
  slug: string;
  usage: 'shared' | 'exclusive';
  /** The params schema as JSON text. */
  params: string;
}

/** A starting schema for a new catalog: what people most often keep in one (subnets). */
export const EXAMPLE_CATALOG_PARAMS = JSON.stringify(
  [
    { key: 'cidr', type: 'string', title: 'CIDR', identifier: true, pattern: '^[0-9./]+$' },
    { key: 'zone', type: 'string', title: 'Zone', identifier: false },
  ],
  null,
  2,
);

/** Reads the schema text: a JSON array of fields and headers, else a message that says what is wrong. */
export function parseParamsText(text: string): { params: unknown[] } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return { error: `The schema is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (!Array.isArray(parsed)) return { error: 'The schema is a JSON array of fields, e.g. [{"key": "cidr", "type": "string"}]' };
  const bad = parsed.findIndex((item) => !item || typeof item !== 'object' || Array.isArray(item));
  if (bad >= 0) return { error: `Item ${bad + 1} of the schema is not an object` };
  return { params: parsed };
}

export function saveCatalog(workspaceId: string, draft: CatalogDraft, params: unknown[], existing?: Catalog): Promise<Catalog> {
  const body = { name: draft.name.trim(), slug: draft.slug, usage: draft.usage, params, ...(existing ? { current_revision: existing.current_revision } : {}) };
  return existing
    ? request<Catalog>(`/catalogs/${existing.id}`, { method: 'PUT', body })
    : request<Catalog>('/catalogs', { method: 'POST', query: { workspace_id: workspaceId }, body });
}

export function importCatalog(workspaceId: string, body: unknown): Promise<Catalog> {
  return request<Catalog>('/catalogs/import', { method: 'POST', query: { workspace_id: workspaceId }, body });
}

export function deleteCatalog(id: string): Promise<void> {
  return request(`/catalogs/${id}`, { method: 'DELETE' });
}

export function saveRecord(workspaceId: string, catalogId: string, values: Record<string, unknown>, existing?: CatalogRecordFull): Promise<CatalogRecordFull> {
  return existing
    ? request<CatalogRecordFull>(`/records/${existing.id}`, { method: 'PUT', body: { values, current_revision: existing.current_revision } })
    : request<CatalogRecordFull>('/records', { method: 'POST', query: { workspace_id: workspaceId }, body: { catalog_id: catalogId, values } });
}

export function deleteRecord(id: string): Promise<void> {
  return request(`/records/${id}`, { method: 'DELETE' });
}

/** The columns of a catalog's records table: its first fields (at most `max`), in schema order. */
export function recordColumns(params: unknown[], max = 5): ParamField[] {
  return fieldsOf(parseSchema(params)).slice(0, max);
}

/** One value of a record for a table cell: passwords masked, lists joined, objects as JSON. */
export function cellText(field: ParamField, value: unknown): string {
  if (isEmpty(value)) return '—';
  if (field.format === 'password') return '••••';
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

// ---- registries

export function fetchRegistries(workspaceId: string, signal?: AbortSignal): Promise<Registry[]> {
  return requestAll<Registry>('/registries', { query: { workspace_id: workspaceId, without_archived: true, limit: 1000 }, signal });
}

export interface RegistryDraft {
  name: string;
  imagesRepo: string;
  scheme: 'http' | 'https';
  devBranch: string;
  caCertificate: string;
  /** 'keep' the stored credentials, 'set' new ones, or 'none' to remove them. */
  auth: 'keep' | 'set' | 'none';
  username: string;
  password: string;
}

export function registryDraft(r?: Registry): RegistryDraft {
  return {
    name: r?.name ?? '',
    imagesRepo: r?.images_repo ?? '',
    scheme: r?.scheme ?? 'https',
    devBranch: r?.dev_branch ?? '',
    caCertificate: r?.ca_certificate ?? '',
    auth: r ? (r.has_auth ? 'keep' : 'none') : 'none',
    username: '',
    password: '',
  };
}

/** Base64 of UTF-8 "user:password", as a dockercfg holds it. */
export function basicAuth(username: string, password: string): string {
  const bytes = new TextEncoder().encode(`${username}:${password}`);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

/** The body of POST/PUT /registries: credentials left out are kept, null removes them. */
export function registryBody(d: RegistryDraft, existing?: Registry): Record<string, unknown> {
  const body: Record<string, unknown> = {
    name: d.name.trim(),
    images_repo: d.imagesRepo.trim(),
    scheme: d.scheme,
    dev_branch: d.devBranch.trim() || null,
    ca_certificate: d.caCertificate.trim() ? d.caCertificate : null,
  };
  if (d.auth === 'set') body.auth = basicAuth(d.username, d.password);
  else if (d.auth === 'none' && existing?.has_auth) body.auth = null;
  if (existing) body.current_revision = existing.current_revision;
  return body;
}

export function saveRegistry(workspaceId: string, d: RegistryDraft, existing?: Registry): Promise<Registry> {
  const body = registryBody(d, existing);
  return existing
    ? request<Registry>(`/registries/${existing.id}`, { method: 'PUT', body })
    : request<Registry>('/registries', { method: 'POST', query: { workspace_id: workspaceId }, body });
}

export function deleteRegistry(id: string): Promise<void> {
  return request(`/registries/${id}`, { method: 'DELETE' });
}
