// The clusters list's selection: ids with what bulk actions need to know of each (its name for the
// results, its template for "move to version"). It is kept apart from the page's data, so a live
// refresh or another page keeps it; a refresh only brings the facts of the selected rows up to date.

export interface Selected {
  id: string;
  name: string;
  templateId: string | null;
}

export type Selection = ReadonlyMap<string, Selected>;

export const NONE: Selection = new Map();

interface Row {
  id: string;
  name: string;
  cluster_template_id: string | null;
}

function of(row: Row): Selected {
  return { id: row.id, name: row.name, templateId: row.cluster_template_id };
}

export function toggle(selection: Selection, row: Row, on: boolean): Selection {
  const next = new Map(selection);
  if (on) next.set(row.id, of(row));
  else next.delete(row.id);
  return next;
}

/** Every row of the page added to the selection (or, with `on` false, taken out of it). */
export function selectPage(selection: Selection, rows: Row[], on = true): Selection {
  const next = new Map(selection);
  for (const row of rows) {
    if (on) next.set(row.id, of(row));
    else next.delete(row.id);
  }
  return next;
}

/** Whether the page's rows are all, some or none selected (the header checkbox). */
export function pageState(selection: Selection, rows: Row[]): 'all' | 'some' | 'none' {
  const chosen = rows.filter((r) => selection.has(r.id)).length;
  if (chosen === 0) return 'none';
  return chosen === rows.length ? 'all' : 'some';
}

/** The selection with the facts of the rows just read; the same object when nothing changed. */
export function refreshed(selection: Selection, rows: Row[]): Selection {
  let next: Map<string, Selected> | null = null;
  for (const row of rows) {
    const was = selection.get(row.id);
    if (!was) continue;
    const now = of(row);
    if (was.name !== now.name || was.templateId !== now.templateId) {
      next ??= new Map(selection);
      next.set(row.id, now);
    }
  }
  return next ?? selection;
}

/** The one template every selected cluster is made from, or null when they differ (or have none). */
export function sharedTemplate(selection: Selection): string | null {
  let shared: string | null = null;
  for (const s of selection.values()) {
    if (!s.templateId) return null;
    if (shared === null) shared = s.templateId;
    else if (shared !== s.templateId) return null;
  }
  return shared;
}

/** What stays selected after an action: the clusters it failed on, so they can be looked at or tried again. */
export function afterAction(selection: Selection, failedIds: Iterable<string>): Selection {
  const failed = new Set(failedIds);
  return new Map([...selection].filter(([id]) => failed.has(id)));
}

/** Whether the text typed into a delete confirmation names the count (or says "delete"). */
export function deleteConfirmed(typed: string, count: number): boolean {
  const t = typed.trim().toLowerCase();
  return t === 'delete' || t === String(count);
}
