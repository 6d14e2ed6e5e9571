// A ModuleConfig's settings as the YAML people edit, and back (with the line of a mistake).

import { parseDocument, stringify } from 'yaml';
import type { LineProblem } from '../components/CodeEditor';

/** Settings as block YAML; empty settings as an empty document. */
export function settingsYaml(settings: Record<string, unknown> | null | undefined): string {
  if (!settings || Object.keys(settings).length === 0) return '';
  return stringify(settings, { indent: 2, lineWidth: 0 });
}

/** The settings a YAML text says: a mapping (an empty text is no settings), or the first problem at its line. */
export function parseSettings(text: string): { settings?: Record<string, unknown>; error?: LineProblem } {
  if (text.trim() === '') return { settings: {} };
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const first = doc.errors[0];
  if (first) return { error: { line: first.linePos?.[0]?.line ?? 1, message: first.message.split('\n')[0] } };
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (value === null || value === undefined) return { settings: {} };
  if (typeof value !== 'object' || Array.isArray(value)) return { error: { line: 1, message: 'Settings must be a mapping (key: value), not a list or a single value' } };
  return { settings: value as Record<string, unknown> };
}
