import { afterEach, describe, expect, it, vi } from 'vitest';
import { BULK_MAX, bulkClusters, clusterPageRequest, listKey, PageCursors, sortOf, sortParam } from './clusters';

const q = { workspaceId: 'ws', page: 1, perPage: 20 };

describe('clusters paging', () => {
  it('asks for the first page by limit', () => {
    expect(clusterPageRequest(q, new PageCursors())).toEqual({
      path: '/clusters',
      query: { workspace_id: 'ws', limit: 20, without_archived: 'true' },
    });
  });

  it('goes to the next page by the keyset link the previous page carried', () => {
    const cursors = new PageCursors();
    cursors.remember(listKey(q), 1, '/api/v1/clusters?after=c20&workspace_id=ws&limit=20');
    expect(clusterPageRequest({ ...q, page: 2 }, cursors)).toEqual({ path: '/api/v1/clusters?after=c20&workspace_id=ws&limit=20' });
  });

  it('jumps to a page it has no link for by offset, with the filter', () => {
    expect(clusterPageRequest({ ...q, page: 4, status: 'in_sync' }, new PageCursors()).query).toEqual({
      workspace_id: 'ws',
      limit: 20,
      without_archived: 'true',
      status: 'in_sync',
      offset: 60,
    });
  });

  it('keeps the links of each filter and page size apart, and forgets one that is gone', () => {
    const cursors = new PageCursors();
    cursors.remember(listKey(q), 1, '/next-all');
    expect(clusterPageRequest({ ...q, page: 2, status: 'in_sync' }, cursors).path).toBe('/clusters');
    expect(clusterPageRequest({ ...q, page: 2, perPage: 50 }, cursors).path).toBe('/clusters');
    cursors.remember(listKey(q), 1, null);
    expect(clusterPageRequest({ ...q, page: 2 }, cursors).path).toBe('/clusters');
  });
});

describe('search and sort', () => {
  it('asks the server for the search and the order, by offset for an order other than newest first', () => {
    expect(clusterPageRequest({ ...q, page: 3, search: ' edge ', sort: '-name' }, new PageCursors()).query).toEqual({
      workspace_id: 'ws',
      limit: 20,
      without_archived: 'true',
      q: 'edge',
      sort: '-name',
      offset: 40,
    });
  });

  it('asks for one template\'s clusters, and keeps their links apart', () => {
    expect(clusterPageRequest({ ...q, templateId: 't1' }, new PageCursors()).query).toEqual({
      workspace_id: 'ws',
      limit: 20,
      without_archived: 'true',
      template_id: 't1',
    });
    const cursors = new PageCursors();
    cursors.remember(listKey({ ...q, templateId: 't1' }), 1, '/next-t1');
    expect(clusterPageRequest({ ...q, page: 2 }, cursors).path).toBe('/clusters');
    expect(clusterPageRequest({ ...q, page: 2, templateId: 't1' }, cursors).path).toBe('/next-t1');
  });

  it('keeps the links of each search and order apart', () => {
    const cursors = new PageCursors();
    cursors.remember(listKey({ ...q, search: 'edge' }), 1, '/next-edge');
    expect(clusterPageRequest({ ...q, page: 2, search: 'edge' }, cursors).path).toBe('/next-edge');
    expect(clusterPageRequest({ ...q, page: 2, search: 'lab' }, cursors).path).toBe('/clusters');
    expect(clusterPageRequest({ ...q, page: 2, search: 'edge', sort: 'name' }, cursors).path).toBe('/clusters');
  });

  it('names the order of each column both ways, and reads it back', () => {
    expect(sortParam('name', 'asc')).toBe('name');
    expect(sortParam('updated', 'desc')).toBe('-updated_at');
    expect(sortOf('-updated_at')).toEqual({ key: 'updated', direction: 'desc' });
    expect(sortOf('status')).toEqual({ key: 'status', direction: 'asc' });
    expect(sortOf('-created_at')).toBeNull();
    expect(sortOf(null)).toBeNull();
  });
});

describe('sync mode and template version filters', () => {
  it('asks for them and keeps their links apart', () => {
    expect(clusterPageRequest({ ...q, syncMode: 'manual', templateVersionId: 'v2' }, new PageCursors()).query).toEqual({
      workspace_id: 'ws',
      limit: 20,
      without_archived: 'true',
      sync_mode: 'manual',
      template_version_id: 'v2',
    });
    const cursors = new PageCursors();
    cursors.remember(listKey({ ...q, syncMode: 'manual' }), 1, '/next-manual');
    expect(clusterPageRequest({ ...q, page: 2, syncMode: 'auto' }, cursors).path).toBe('/clusters');
    expect(clusterPageRequest({ ...q, page: 2, templateVersionId: 'v1' }, cursors).path).toBe('/clusters');
    expect(clusterPageRequest({ ...q, page: 2, syncMode: 'manual' }, cursors).path).toBe('/next-manual');
  });
});

describe('bulk actions', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('sends the action once per bound of ids and joins the results in order', async () => {
    const bodies: { cluster_ids: string[]; action: string; sync_mode: string }[] = [];
    vi.stubGlobal('fetch', vi.fn(async (url: string, init: RequestInit) => {
      expect(url).toContain('/api/v1/clusters/bulk?workspace_id=ws');
      const body = JSON.parse(String(init.body));
      bodies.push(body);
      const results = body.cluster_ids.map((id: string, i: number) => (i === 0
        ? { id, status: 409, problem: { code: 'task_in_progress', detail: 'busy' } } : { id, status: 200 }));
      return new Response(JSON.stringify({ succeeded: results.length - 1, failed: 1, results }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }));
    const ids = Array.from({ length: BULK_MAX + 2 }, (_, i) => `c${i}`);
    const outcome = await bulkClusters('ws', ids, { action: 'set_sync_mode', sync_mode: 'manual' });
    expect(bodies.map((b) => b.cluster_ids.length)).toEqual([BULK_MAX, 2]);
    expect(bodies[0]).toMatchObject({ action: 'set_sync_mode', sync_mode: 'manual' });
    expect(outcome.failed).toBe(2);
    expect(outcome.succeeded).toBe(BULK_MAX);
    expect(outcome.results.map((r) => r.id)).toEqual(ids);
    expect(outcome.results[BULK_MAX].problem?.detail).toBe('busy');
  });
});
