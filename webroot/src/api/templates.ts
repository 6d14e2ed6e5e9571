import { request, requestAll } from './client';
import type { CatalogChoices, CatalogRecord } from '../forms/schema';
import type { ClusterTemplate, ClusterTemplateVersionFull, RenderResult, TemplateSections } from './types';

export async function fetchTemplates(workspaceId: string, signal?: AbortSignal): Promise<ClusterTemplate[]> {
  return requestAll<ClusterTemplate>('/cluster_templates', { query: { workspace_id: workspaceId, without_archived: 'true', limit: 1000 }, signal });
}

export function fetchVersion(templateId: string, versionId: string, signal?: AbortSignal): Promise<ClusterTemplateVersionFull> {
  return request<ClusterTemplateVersionFull>(`/cluster_templates/${templateId}/versions/${versionId}`, { signal });
}

/** The workspace's catalogs with their records, for the pickers of catalog fields. */
export async function fetchCatalogChoices(workspaceId: string, signal?: AbortSignal): Promise<CatalogChoices[]> {
  const [catalogs, records] = await Promise.all([
    requestAll<Omit<CatalogChoices, 'records'>>('/catalogs', { query: { workspace_id: workspaceId, without_archived: 'true', limit: 1000 }, signal }),
    requestAll<CatalogRecord>('/records', { query: { workspace_id: workspaceId, without_archived: 'true', limit: 1000 }, signal }),
  ]);
  return catalogs.map((c) => ({ ...c, records: records.filter((r) => r.catalog_id === c.id) }));
}

/** A saved version rendered with values, without saving anything. */
export function renderVersion(templateId: string, versionId: string, values: Record<string, unknown>, signal?: AbortSignal): Promise<RenderResult> {
  return request<RenderResult>(`/cluster_templates/${templateId}/render`, { method: 'POST', body: { cluster_template_version_id: versionId, values }, signal });
}

/** An unsaved template body rendered with sample values (the template editor's preview). */
export function renderBody(workspaceId: string, params: unknown[], sections: TemplateSections, values: Record<string, unknown>, signal?: AbortSignal): Promise<RenderResult> {
  return request<RenderResult>('/render', { method: 'POST', query: { workspace_id: workspaceId }, body: { params, sections, values }, signal });
}
