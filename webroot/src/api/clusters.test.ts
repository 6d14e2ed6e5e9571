// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { clusterPageRequest, listKey, PageCursors, sortOf, sortParam } from './clusters';

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
