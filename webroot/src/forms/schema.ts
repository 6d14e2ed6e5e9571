// Commander's input-parameter schema (a list of fields and {header} items, the format of template
// params and catalog records) turned into a form: what control each field gets, its width on the
// 4-column grid, its starting value, what the API receives, and where the server's errors belong.
// Pure functions only, so that every field property is unit-tested without a browser.

/** A record of a catalog, as the API answers it. */
export interface CatalogRecord {
  id: string;
  catalog_id: string;
  cluster_id: string | null;
  values: Record<string, unknown>;
}

/** A catalog with its schema and records, for the pickers of catalog fields. */
export interface CatalogChoices {
  id: string;
  slug: string;
  name: string;
  usage: 'shared' | 'exclusive';
  params: unknown[];
  records: CatalogRecord[];
}

export interface SelectOption {
  text: string;
  value: unknown;
}

export interface ParamField {
  key: string;
  type: 'string' | 'number' | 'boolean' | 'record';
  title: string;
  description?: string;
  default?: unknown;
  format?: string;
  /** Columns of the 4-column grid, 1 to 4 (4 when left out, as the server reads it). */
  span: number;
  optional: boolean;
  immutable: boolean;
  enum?: unknown[];
  select?: SelectOption[];
  catalog?: string;
  minItems?: number;
  maxItems?: number;
  autoselect: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  unique: boolean;
  identifier?: boolean;
}

export type SchemaItem = { kind: 'header'; text: string } | { kind: 'field'; field: ParamField };

/** The record id a catalog field's value carries (the rest of the object is the record's values). */
export const RECORD_ID = 'x-commander-record-id';
/** What the API answers for a password field that has a value: sent back as it is, the value is kept. */
export const PASSWORD_MASK = '****';

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads a schema leniently (the server has validated it): unknown items are skipped. */
export function parseSchema(params: unknown): SchemaItem[] {
  if (!Array.isArray(params)) return [];
  const items: SchemaItem[] = [];
  for (const raw of params) {
    if (!raw || typeof raw !== 'object') continue;
    const item = raw as Record<string, unknown>;
    if (typeof item.header === 'string') {
      items.push({ kind: 'header', text: item.header });
      continue;
    }
    const key = str(item.key);
    if (!key) continue;
    const catalog = str(item.catalog);
    const declared = str(item.type);
    const type: ParamField['type'] = catalog ? 'record' : declared === 'number' || declared === 'boolean' ? declared : 'string';
    const span = num(item.span);
    const select = Array.isArray(item.select)
      ? (item.select as unknown[]).filter((o): o is SelectOption => !!o && typeof o === 'object' && typeof (o as SelectOption).text === 'string')
      : undefined;
    const minItems = num(item.minItems);
    const maxItems = num(item.maxItems);
    items.push({
      kind: 'field',
      field: {
        key,
        type,
        title: str(item.title) ?? key,
        description: str(item.description),
        default: item.default,
        format: str(item.format),
        span: span && span >= 1 && span <= 4 ? Math.round(span) : 4,
        optional: item.optional === true,
        immutable: item.immutable === true,
        enum: Array.isArray(item.enum) ? item.enum : undefined,
        select,
        catalog,
        minItems: minItems !== undefined && maxItems !== undefined ? minItems : undefined,
        maxItems: minItems !== undefined && maxItems !== undefined ? maxItems : undefined,
        autoselect: item.autoselect === true,
        min: num(item.min),
        max: num(item.max),
        minLength: num(item.minLength),
        maxLength: num(item.maxLength),
        pattern: str(item.pattern),
        unique: item.unique === true,
        identifier: typeof item.identifier === 'boolean' ? item.identifier : undefined,
      },
    });
  }
  return items;
}

export function fieldsOf(items: SchemaItem[]): ParamField[] {
  return items.flatMap((i) => (i.kind === 'field' ? [i.field] : []));
}

export type Control = 'text' | 'password' | 'number' | 'switch' | 'enum' | 'select' | 'catalog';

/** The control a field is edited with. */
export function controlOf(field: ParamField): Control {
  if (field.catalog) return 'catalog';
  if (field.select) return 'select';
  if (field.enum) return 'enum';
  if (field.type === 'boolean') return 'switch';
  if (field.type === 'number') return 'number';
  if (field.format === 'password') return 'password';
  return 'text';
}

/** The HTML input type of a text field, so browsers help with e-mail addresses and URLs. */
export function inputType(field: ParamField): 'text' | 'password' | 'email' | 'url' | 'number' {
  const control = controlOf(field);
  if (control === 'password') return 'password';
  if (control === 'number') return 'number';
  if (field.format === 'email') return 'email';
  if (field.format === 'url') return 'url';
  return 'text';
}

/** Whether the field holds a list (minItems and maxItems go together). */
export function isList(field: ParamField): boolean {
  return field.minItems !== undefined && field.maxItems !== undefined;
}

/** The field's width on PatternFly's 12-column grid (the schema's span counts 4 columns). */
export function gridSpan(field: ParamField): 3 | 6 | 9 | 12 {
  return (Math.min(4, Math.max(1, field.span)) * 3) as 3 | 6 | 9 | 12;
}

/** Whether the field needs a value from the person: not optional and no default to fall back on. */
export function isRequired(field: ParamField): boolean {
  if (field.optional || field.type === 'boolean') return false;
  if (isList(field)) return (field.minItems ?? 0) > 0;
  return field.default === undefined || field.default === null || field.default === '';
}

/** Immutable fields can be filled once: read-only when editing a cluster that already has a value. */
export function isReadOnly(field: ParamField, mode: 'create' | 'edit', original: Record<string, unknown> | undefined): boolean {
  if (!field.immutable || mode === 'create') return false;
  return !isEmpty(original?.[field.key]);
}

export function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
}

/** JSON equality (3 and 3.0 are one number), to find a select option by its value. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => sameJson(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao);
  return ak.length === Object.keys(bo).length && ak.every((k) => sameJson(ao[k], bo[k]));
}

// ---- the form's state: text as typed, choices by index, records by id

/** One control's state: text fields and numbers as typed, switches as booleans, choices as an option index or record id. */
export type Entry = string | boolean;
export type FormValue = Entry | Entry[];
export type FormState = Record<string, FormValue>;

function entryFrom(field: ParamField, value: unknown): Entry {
  const control = controlOf(field);
  if (value === undefined || value === null) return control === 'switch' ? false : '';
  switch (control) {
    case 'switch':
      return value === true;
    case 'enum': {
      const i = (field.enum ?? []).findIndex((o) => sameJson(o, value));
      return i < 0 ? '' : String(i);
    }
    case 'select': {
      const i = (field.select ?? []).findIndex((o) => sameJson(o.value, value));
      return i < 0 ? '' : String(i);
    }
    case 'catalog':
      return value && typeof value === 'object' && typeof (value as Record<string, unknown>)[RECORD_ID] === 'string'
        ? ((value as Record<string, unknown>)[RECORD_ID] as string)
        : '';
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/**
 * The form's starting state: a cluster's values when editing, else each field's default (lists start
 * with minItems entries, at least one).
 */
export function initialState(items: SchemaItem[], values?: Record<string, unknown>): FormState {
  const state: FormState = {};
  for (const field of fieldsOf(items)) {
    const given = values ? values[field.key] : undefined;
    const value = values && given !== undefined ? given : field.default;
    if (isList(field)) {
      const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
      const entries = list.map((v) => entryFrom(field, v));
      const least = Math.max(field.minItems ?? 0, values && given !== undefined ? 0 : 1);
      while (entries.length < Math.min(least, field.maxItems ?? least)) entries.push(entryFrom(field, undefined));
      state[field.key] = entries;
    } else {
      state[field.key] = entryFrom(field, value);
    }
  }
  return state;
}

/** A record picked for a catalog field: the record's values with its id, as templates see it. */
function recordValue(id: string, catalogs: CatalogChoices[]): Record<string, unknown> {
  for (const c of catalogs) {
    const r = c.records.find((x) => x.id === id);
    if (r) return { ...r.values, [RECORD_ID]: id };
  }
  return { [RECORD_ID]: id };
}

function valueOf(field: ParamField, entry: Entry, catalogs: CatalogChoices[]): unknown {
  switch (controlOf(field)) {
    case 'switch':
      return entry === true;
    case 'enum':
      return entry === '' ? undefined : field.enum?.[Number(entry)];
    case 'select':
      return entry === '' ? undefined : field.select?.[Number(entry)]?.value;
    case 'catalog':
      return entry === '' ? undefined : recordValue(String(entry), catalogs);
    case 'number': {
      const text = String(entry).trim();
      if (text === '') return undefined;
      const n = Number(text);
      // Not a number: sent as typed, so that the server's message says what is wrong.
      return Number.isFinite(n) ? n : text;
    }
    default:
      return entry === '' ? undefined : entry;
  }
}

/**
 * The values the API receives: empty fields are left out (their default applies, or the server says
 * they are required); with `previous` (editing), a field emptied since is sent as null, which removes it.
 */
export function toValues(items: SchemaItem[], state: FormState, catalogs: CatalogChoices[] = [], previous?: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(items)) {
    const entry = state[field.key];
    let value: unknown;
    if (isList(field)) {
      const list = (Array.isArray(entry) ? entry : entry === undefined ? [] : [entry])
        .map((e) => valueOf(field, e, catalogs))
        .filter((v) => v !== undefined);
      value = list.length === 0 && (field.minItems ?? 0) === 0 && previous === undefined ? undefined : list;
    } else {
      value = entry === undefined ? undefined : valueOf(field, Array.isArray(entry) ? (entry[0] ?? '') : entry, catalogs);
    }
    if (value !== undefined) out[field.key] = value;
    else if (previous && !isEmpty(previous[field.key])) out[field.key] = null;
  }
  return out;
}

// ---- validation in the browser (instant) and the server's errors (authoritative)

function checkEntry(field: ParamField, entry: Entry): string | undefined {
  const control = controlOf(field);
  if (control === 'number') {
    const text = String(entry).trim();
    if (text === '') return undefined;
    const n = Number(text);
    if (!Number.isFinite(n)) return 'must be a number';
    if (field.min !== undefined && n < field.min) return `must be at least ${field.min}`;
    if (field.max !== undefined && n > field.max) return `must be at most ${field.max}`;
    return undefined;
  }
  if (control === 'text' || control === 'password') {
    const text = String(entry);
    if (text === '' || text === PASSWORD_MASK) return undefined;
    if (field.minLength !== undefined && text.length < field.minLength) return `must be at least ${field.minLength} characters long`;
    if (field.maxLength !== undefined && text.length > field.maxLength) return `must be at most ${field.maxLength} characters long`;
    if (field.pattern) {
      try {
        if (!new RegExp(field.pattern, 'u').test(text)) return `does not match the pattern ${field.pattern}`;
      } catch {
        // a Java pattern JavaScript cannot read: the server checks it
      }
    }
  }
  return undefined;
}

/** What is wrong with the form before asking the server, by field key. */
export function validate(items: SchemaItem[], state: FormState): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of fieldsOf(items)) {
    const entry = state[field.key];
    if (isList(field)) {
      const list = (Array.isArray(entry) ? entry : []).filter((e) => e !== '');
      if (list.length < (field.minItems ?? 0) || list.length > (field.maxItems ?? Infinity)) {
        errors[field.key] = field.minItems === field.maxItems ? `needs exactly ${field.minItems}` : `needs ${field.minItems} to ${field.maxItems} items`;
        continue;
      }
      for (let i = 0; i < list.length; i++) {
        const problem = checkEntry(field, list[i]);
        if (problem) {
          errors[field.key] = `item ${i + 1} ${problem}`;
          break;
        }
      }
      continue;
    }
    const single = Array.isArray(entry) ? (entry[0] ?? '') : (entry ?? '');
    if (isRequired(field) && (single === '' || single === undefined)) {
      errors[field.key] = 'is required';
      continue;
    }
    const problem = checkEntry(field, single);
    if (problem) errors[field.key] = problem;
  }
  return errors;
}

export interface LocatedError {
  section?: string;
  line?: number | null;
  message?: string;
}

export interface ServerErrors {
  /** Messages by field key. */
  fields: Record<string, string[]>;
  /** Everything that belongs to no field: template and YAML problems, unknown fields. */
  other: string[];
}

/**
 * The server's problems placed next to their fields: render errors of the `values` section say
 * `key: message` or `key[1]: message`; a problem+json's `errors[]` point at `/values/key[/1]`.
 */
export function serverErrors(items: SchemaItem[], renderErrors: LocatedError[] = [], problemErrors: { field?: string; message?: string }[] = []): ServerErrors {
  const keys = new Set(fieldsOf(items).map((f) => f.key));
  const out: ServerErrors = { fields: {}, other: [] };
  const add = (key: string, message: string) => (out.fields[key] ??= []).push(message);
  for (const e of renderErrors) {
    const message = e.message ?? '';
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\[(\d+)\])?: (.*)$/s.exec(message);
    if (e.section === 'values' && m && keys.has(m[1])) add(m[1], m[3] !== undefined ? `item ${Number(m[3]) + 1} ${m[4]}` : m[4]);
    else out.other.push(`${e.section && e.section !== 'values' ? `${e.section}${e.line ? ` line ${e.line}` : ''}: ` : ''}${message}`);
  }
  for (const e of problemErrors) {
    const m = /^\/values\/([^/]+)(?:\/(\d+))?/.exec(e.field ?? '');
    if (m && keys.has(m[1])) add(m[1], m[2] !== undefined ? `item ${Number(m[2]) + 1} ${e.message ?? ''}` : (e.message ?? ''));
    else out.other.push(`${e.field ? `${e.field}: ` : ''}${e.message ?? ''}`);
  }
  return out;
}

// ---- catalog pickers

/** A record in one line: its identifier fields (all but those with identifier false when none is marked true). */
export function recordLabel(catalogParams: unknown[], record: CatalogRecord): string {
  const fields = fieldsOf(parseSchema(catalogParams));
  const marked = fields.filter((f) => f.identifier === true);
  const shown = (marked.length > 0 ? marked : fields.filter((f) => f.identifier !== false)).filter((f) => f.format !== 'password');
  const parts = shown.map((f) => record.values[f.key]).filter((v) => !isEmpty(v)).map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v)));
  return parts.length > 0 ? parts.join(' · ') : record.id.slice(0, 8);
}

/** Whether a record can be picked by this cluster: exclusive records held by another cluster cannot. */
export function recordFree(catalog: CatalogChoices, record: CatalogRecord, clusterId?: string): boolean {
  return catalog.usage !== 'exclusive' || record.cluster_id === null || record.cluster_id === clusterId;
}

/** For autoselect fields left empty: the first record free for this cluster and not picked elsewhere in the form. */
export function autoselect(items: SchemaItem[], state: FormState, catalogs: CatalogChoices[], clusterId?: string): FormState {
  let next = state;
  const taken = new Set<string>();
  for (const v of Object.values(state)) for (const e of Array.isArray(v) ? v : [v]) if (typeof e === 'string' && e) taken.add(e);
  for (const field of fieldsOf(items)) {
    if (!field.catalog || !field.autoselect) continue;
    const catalog = catalogs.find((c) => c.slug === field.catalog);
    if (!catalog) continue;
    const pick = () => catalog.records.find((r) => recordFree(catalog, r, clusterId) && !taken.has(r.id))?.id;
    const entry = next[field.key];
    if (Array.isArray(entry)) {
      if (!entry.some((e) => e === '')) continue;
      const filled = entry.map((e) => {
        if (e !== '') return e;
        const id = pick();
        if (id) taken.add(id);
        return id ?? '';
      });
      next = { ...next, [field.key]: filled };
    } else if (entry === '' || entry === undefined) {
      const id = pick();
      if (id) {
        taken.add(id);
        next = { ...next, [field.key]: id };
      }
    }
  }
  return next;
}

/**
 * Sample values for a template editor's preview: each field's default, else a value of its kind
 * (the first choice, the first record of its catalog, the least number, "example").
 */
export function sampleValues(items: SchemaItem[], catalogs: CatalogChoices[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fieldsOf(items)) {
    let value: unknown = field.default;
    if (value === undefined || value === null) {
      switch (controlOf(field)) {
        case 'switch':
          value = false;
          break;
        case 'enum':
          value = field.enum?.[0];
          break;
        case 'select':
          value = field.select?.[0]?.value;
          break;
        case 'catalog': {
          const record = catalogs.find((c) => c.slug === field.catalog)?.records[0];
          value = record ? { ...record.values, [RECORD_ID]: record.id } : undefined;
          break;
        }
        case 'number':
          value = field.min ?? 1;
          break;
        default:
          value = field.format === 'ipv4' ? '10.0.0.1' : field.format === 'email' ? 'ops@example.com' : field.format === 'url' ? 'https://example.com' : 'example';
      }
    }
    if (value === undefined) continue;
    out[field.key] = isList(field) ? Array.from({ length: Math.max(1, field.minItems ?? 1) }, () => value) : value;
  }
  return out;
}
