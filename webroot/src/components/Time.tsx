import { ago, exact } from './time';

export function Ago({ at }: { at: string | null | undefined }) {
  return at ? (
    <time dateTime={at} title={exact(at)}>
      {ago(at)}
    </time>
  ) : (
    <span>—</span>
  );
}
