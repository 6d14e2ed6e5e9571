import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../api/client';
import { renderVersion } from '../api/templates';
import type { ClusterTemplateVersionFull } from '../api/types';
import { autoselect, initialState, parseSchema, serverErrors, toValues, validate, type CatalogChoices, type FormState, type SchemaItem } from '../forms/schema';
import { mergeErrors } from './ParamsForm';
import { useDebouncedRender, type Preview } from './RenderPreview';

export interface ClusterFormModel {
  items: SchemaItem[];
  state: FormState;
  setState: (s: FormState) => void;
  /** The values the API gets (with null for fields emptied since `original`). */
  values: Record<string, unknown>;
  errors: Record<string, string[]>;
  otherErrors: string[];
  preview: Preview;
  /** Whether the browser's checks or the latest preview found problems of the values. */
  blocked: boolean;
  /** Shows every field's problems (after a first submit). */
  touchAll: () => void;
  /** Takes the problems of a failed save (problem+json errors[]). */
  saveFailed: (e: unknown) => void;
  reset: (values?: Record<string, unknown>) => void;
  dirty: boolean;
}

/**
 * A cluster's input form for one template version: its state, the values it makes, the browser's
 * checks, the server's problems (from the live preview and from saving) next to their fields.
 */
export function useClusterForm(templateId: string | null, version: ClusterTemplateVersionFull | undefined, catalogs: CatalogChoices[] | undefined, original?: Record<string, unknown>, clusterId?: string): ClusterFormModel {
  const items = useMemo(() => parseSchema(version?.params), [version]);
  const [state, setStateRaw] = useState<FormState>({});
  const [baseline, setBaseline] = useState<string>('');
  const [touched, setTouched] = useState(false);
  const [saveErrors, setSaveErrors] = useState<{ field?: string; message?: string }[]>([]);

  const reset = (values?: Record<string, unknown>) => {
    let s = initialState(items, values ?? original);
    if (!values && !original && catalogs) s = autoselect(items, s, catalogs, clusterId);
    setStateRaw(s);
    setBaseline(JSON.stringify(s));
    setTouched(false);
    setSaveErrors([]);
  };
  // A new version (or a cluster read again) starts the form over.
  useEffect(() => reset(), [items, JSON.stringify(original ?? null)]); // eslint-disable-line react-hooks/exhaustive-deps
  // Catalogs arriving after the form: fill autoselect fields of a new cluster.
  useEffect(() => {
    if (catalogs && !original) setStateRaw((s) => autoselect(items, s, catalogs, clusterId));
  }, [catalogs]); // eslint-disable-line react-hooks/exhaustive-deps

  const setState = (s: FormState) => {
    setStateRaw(s);
    setSaveErrors([]);
  };
  const values = useMemo(() => toValues(items, state, catalogs ?? [], original), [items, state, catalogs, original]);
  const renderValues = useMemo(() => toValues(items, state, catalogs ?? []), [items, state, catalogs]);
  const preview = useDebouncedRender(
    templateId && version ? (signal) => renderVersion(templateId, version.id, renderValues, signal) : null,
    `${templateId}|${version?.id}|${JSON.stringify(renderValues)}`,
  );
  const local = validate(items, state);
  const placed = serverErrors(items, preview.result?.errors ?? [], saveErrors);
  // A field the person has not reached yet shows no server complaint until a first submit, except
  // problems of values they typed.
  const dirtyKeys = new Set(Object.keys(state).filter((k) => JSON.stringify(state[k]) !== JSON.stringify((JSON.parse(baseline || '{}') as FormState)[k])));
  const shownServer: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(placed.fields)) {
    if (touched || dirtyKeys.has(k) || saveErrors.length > 0) shownServer[k] = v;
  }
  const shownLocal: Record<string, string> = {};
  for (const [k, v] of Object.entries(local)) if (touched || dirtyKeys.has(k)) shownLocal[k] = v;
  const errors = mergeErrors(shownLocal, shownServer, true);
  const blocked = Object.keys(local).length > 0 || Object.keys(placed.fields).length > 0;

  return {
    items,
    state,
    setState,
    values,
    errors,
    otherErrors: placed.other,
    preview,
    blocked,
    touchAll: () => setTouched(true),
    saveFailed: (e) => {
      setTouched(true);
      setSaveErrors(e instanceof ApiError ? (e.problem.errors ?? []) : []);
    },
    reset,
    dirty: JSON.stringify(state) !== baseline,
  };
}
