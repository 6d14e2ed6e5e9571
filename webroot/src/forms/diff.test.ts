import { describe, expect, it } from 'vitest';
import { parseUnifiedDiff, valueChanges } from './diff';

describe('revision diffs', () => {
  it('reads a unified diff with line numbers, dropping file headers', () => {
    const lines = parseUnifiedDiff('--- a/placement\n+++ b/placement\n@@ -2,3 +2,3 @@\n kind: X\n-  replicas: 3\n+  replicas: 1\n end\n');
    expect(lines).toEqual([
      { kind: 'hunk', text: '@@ -2,3 +2,3 @@' },
      { kind: 'ctx', text: 'kind: X', oldLine: 2, newLine: 2 },
      { kind: 'del', text: '  replicas: 3', oldLine: 3 },
      { kind: 'add', text: '  replicas: 1', newLine: 3 },
      { kind: 'ctx', text: 'end', oldLine: 4, newLine: 4 },
    ]);
  });

  it('lists the input values that changed', () => {
    expect(valueChanges({ masters: 3, domain: 'a', same: true }, { masters: 1, domain: 'a', same: true, added: { x: 1 } })).toEqual([
      { key: 'added', before: undefined, after: '{"x":1}' },
      { key: 'masters', before: '3', after: '1' },
    ]);
  });
});
