import { ApiError } from '../api/client';

/** A problem's field errors by field name (`/slug` → `slug`), for messages next to their inputs. */
export function fieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const field = (e.field ?? '').replace(/^\/+/, '').split('/')[0];
    if (field && e.message && !out[field]) out[field] = e.message;
  }
  return out;
}

/** A slug from a name: lower case, dashes for the rest, at most 63 characters. */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/g, '');
}
