// Reading the unified diffs the API answers (GET /clusters/{id}/revisions/{n}/diff), and comparing
// two revisions' input values, for the revisions tab.

export interface DiffLine {
  kind: 'add' | 'del' | 'ctx' | 'hunk';
  text: string;
  oldLine?: number;
  newLine?: number;
}

/** The lines of a unified diff with their line numbers; the ---/+++ file headers are dropped. */
export function parseUnifiedDiff(diff: string): DiffLine[] {
  const out: DiffLine[] = [];
  let oldLine = 0;
  let newLine = 0;
  for (const raw of diff.replace(/\n$/, '').split('\n')) {
    if (raw.startsWith('--- ') || raw.startsWith('+++ ')) continue;
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)$/.exec(raw);
    if (hunk) {
      oldLine = Number(hunk[1]);
      newLine = Number(hunk[2]);
      out.push({ kind: 'hunk', text: raw });
    } else if (raw.startsWith('+')) {
      out.push({ kind: 'add', text: raw.slice(1), newLine: newLine++ });
    } else if (raw.startsWith('-')) {
      out.push({ kind: 'del', text: raw.slice(1), oldLine: oldLine++ });
    } else if (raw.startsWith('\\')) {
      continue; // "\ No newline at end of file"
    } else {
      out.push({ kind: 'ctx', text: raw.startsWith(' ') ? raw.slice(1) : raw, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return out;
}

export interface ValueChange {
  key: string;
  before: string | undefined;
  after: string | undefined;
}

const show = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

/** The input values that differ between two revisions, by key in a stable order. */
export function valueChanges(before: Record<string, unknown>, after: Record<string, unknown>): ValueChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .map((key) => ({ key, before: show(before[key]), after: show(after[key]) }))
    .filter((c) => c.before !== c.after);
}
