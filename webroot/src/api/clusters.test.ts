// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { clusterPageRequest, listKey, PageCursors, withinPage } from './clusters';
import type { Cluster } from './types';

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

describe('withinPage', () => {
  const c = (name: string, status: string, updated: string) => ({ name, status, updated_at: updated }) as unknown as Cluster;
  const page = [c('edge-10', 'in_sync', '2026-01-03'), c('edge-9', 'creation_failed', '2026-01-01'), c('lab', 'creating', '2026-01-02')];
  const rank = (s: string) => ['creation_failed', 'creating', 'in_sync'].indexOf(s);
  it('finds clusters of the page by a part of their name', () => {
    expect(withinPage(page, ' EDGE ', null, rank).map((x) => x.name)).toEqual(['edge-10', 'edge-9']);
  });
  it('sorts names as people count, statuses by their order, and by the last change', () => {
    expect(withinPage(page, '', { key: 'name', direction: 'asc' }, rank).map((x) => x.name)).toEqual(['edge-9', 'edge-10', 'lab']);
    expect(withinPage(page, '', { key: 'status', direction: 'asc' }, rank).map((x) => x.name)).toEqual(['edge-9', 'lab', 'edge-10']);
    expect(withinPage(page, '', { key: 'updated', direction: 'desc' }, rank).map((x) => x.name)).toEqual(['edge-10', 'lab', 'edge-9']);
  });
});
