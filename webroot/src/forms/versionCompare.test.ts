import { describe, expect, it } from 'vitest';
import { compareVersions } from './versionCompare';

describe('comparing two template versions', () => {
  it('lists every section of either, the schema and resources included, and says which changed', () => {
    const v1 = { params: [{ key: 'masters' }], sections: { kubernetes: 'a: 1\n', placement: 'p\n', resources: [{ name: 'agent', mode: 'enforced', template: 'x\n' }] } };
    const v2 = { params: [{ key: 'masters' }], sections: { kubernetes: 'a: 2\n', installation: 'i\n', resources: [{ name: 'agent', mode: 'enforced', template: 'x\n' }] } };
    const rows = compareVersions(v1 as never, v2 as never);
    expect(Object.fromEntries(rows.map((r) => [r.key, r.changed]))).toEqual({
      params: false, kubernetes: true, placement: true, 'resources/agent': false, installation: true,
    });
    expect(rows.find((r) => r.key === 'placement')).toMatchObject({ before: 'p\n', after: '' });
    expect(rows.find((r) => r.key === 'params')!.before).toContain('"masters"');
  });
});
