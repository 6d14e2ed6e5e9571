import { describe, expect, it } from 'vitest';
import { auditQuery, changeRows, changeSummary, filterProblems, NO_FILTERS } from './audit';

const ID = '0b5c2a3e-1111-4222-8333-944455556666';

describe('auditQuery', () => {
  it('sends only the filters that are set, and pages by offset', () => {
    expect(auditQuery('w', NO_FILTERS, 1, 50)).toEqual({ limit: 50, workspace_id: 'w' });
    const q = auditQuery(null, { ...NO_FILTERS, actor: 'u1', objectType: 'Cluster', objectId: ` ${ID} `, since: '2026-06-01T10:00', action: 'update' }, 3, 20);
    expect(q).toMatchObject({ limit: 20, offset: 40, actor_id: 'u1', entity_type: 'Cluster', entity_id: ID });
    expect(q.since).toBe(new Date('2026-06-01T10:00').toISOString());
    expect(q).not.toHaveProperty('workspace_id');
    expect(q).not.toHaveProperty('action');
  });
  it('leaves out an object ID that is not a UUID, and says why', () => {
    const f = { ...NO_FILTERS, objectId: 'prod-1' };
    expect(auditQuery('w', f, 1, 20)).not.toHaveProperty('entity_id');
    expect(filterProblems(f).objectId).toMatch(/UUID/);
    expect(filterProblems({ ...NO_FILTERS, since: '2026-06-02T00:00', until: '2026-06-01T00:00' }).until).toMatch(/before/);
    expect(filterProblems({ ...NO_FILTERS, objectId: ID })).toEqual({});
  });
});

describe('changes', () => {
  it('reads [old, new] pairs and other values', () => {
    expect(changeRows({ role: ['viewer', 'admin'], values: [{ a: 1 }, null], name: 'x' })).toEqual([
      { field: 'role', before: 'viewer', after: 'admin' },
      { field: 'values', before: '{"a":1}', after: '—' },
      { field: 'name', before: '', after: 'x' },
    ]);
    expect(changeRows(null)).toEqual([]);
    expect(changeSummary({ a: 1, b: 2, c: 3, d: 4, e: 5 })).toBe('a, b, c and 2 more');
  });
});
