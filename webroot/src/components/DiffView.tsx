import { parseUnifiedDiff } from '../forms/diff';

/** A unified diff, one line per row: additions green, removals red, hunk headers muted. */
export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = parseUnifiedDiff(diff);
  return (
    <pre className="commander-diff" aria-label={label} tabIndex={0}>
      {lines.map((l, i) => (
        <div key={i} className={`commander-diff__line commander-diff__line--${l.kind}`}>
          <span className="commander-diff__num" aria-hidden>
            {l.oldLine ?? ''}
          </span>
          <span className="commander-diff__num" aria-hidden>
            {l.newLine ?? ''}
          </span>
          <span className="commander-diff__sign" aria-hidden>
            {l.kind === 'add' ? '+' : l.kind === 'del' ? '−' : ' '}
          </span>
          <span className="commander-diff__text">{l.kind === 'hunk' ? l.text : l.text || ' '}</span>
        </div>
      ))}
    </pre>
  );
}
