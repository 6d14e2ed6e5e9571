// Two template versions as comparable texts, section by section: the input schema as JSON, each
// section's template, each resource's template under its name.
import type { ClusterTemplateVersionFull } from '../api/types';

export function versionTexts(version: Pick<ClusterTemplateVersionFull, 'params' | 'sections'>): Map<string, string> {
  const out = new Map<string, string>();
  out.set('params', `${JSON.stringify(version.params ?? [], null, 2)}\n`);
  const { resources, ...sections } = version.sections ?? {};
  for (const [key, text] of Object.entries(sections)) {
    if (typeof text === 'string') out.set(key, text);
  }
  for (const r of resources ?? []) out.set(`resources/${r.name}`, r.template ?? '');
  return out;
}

/** Every section either version has, with both texts ('' where one lacks it) and whether they differ. */
export function compareVersions(a: Pick<ClusterTemplateVersionFull, 'params' | 'sections'>, b: Pick<ClusterTemplateVersionFull, 'params' | 'sections'>): { key: string; before: string; after: string; changed: boolean }[] {
  const before = versionTexts(a);
  const after = versionTexts(b);
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  return keys.map((key) => {
    const x = before.get(key) ?? '';
    const y = after.get(key) ?? '';
    return { key, before: x, after: y, changed: x !== y };
  });
}
