// The console's one way to the API: same-origin requests with the session cookie, the CSRF header on
// writes, problem+json errors turned into ApiError, and list pages with their total and next link.

export const API_BASE = '/api/v1';

/** One entry of a problem's `errors`: a JSON pointer and what is wrong there. */
export interface FieldError {
  field?: string;
  message?: string;
}

/** An RFC 9457 problem as Commander answers it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  request_id?: string;
  errors?: FieldError[];
}

/** A failed request: the problem's `detail` is the message people read. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problemMessage(status, problem));
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? 'unknown';
    this.problem = problem;
  }
}

/** What to show for a problem: its detail, else its title, else the status. */
export function problemMessage(status: number, problem: Problem): string {
  const detail = problem.detail?.trim();
  if (detail) return detail;
  const title = problem.title?.trim();
  if (title) return title;
  return status === 0 ? 'The server could not be reached' : `The server answered ${status}`;
}

/** A message for anything a request can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** One page of a list: the items, the whole list's size and the next page's URL (from `Link`). */
export interface Page<T> {
  items: T[];
  total: number | null;
  next: string | null;
}

/** The URL of `rel="next"` in a Link header, or null. Handles several links and quoting. */
export function parseNextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of splitLinks(header)) {
    const match = /^\s*<([^>]*)>\s*(.*)$/.exec(part);
    if (!match) continue;
    const params = match[2].split(';').map((p) => p.trim()).filter(Boolean);
    for (const param of params) {
      const [name, raw] = param.split('=', 2).map((s) => s.trim());
      if (name.toLowerCase() !== 'rel' || raw === undefined) continue;
      const rels = raw.replace(/^"|"$/g, '').toLowerCase().split(/\s+/);
      if (rels.includes('next')) return match[1];
    }
  }
  return null;
}

function splitLinks(header: string): string[] {
  // Commas separate links, but may also sit inside <...>.
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < header.length; i++) {
    const c = header[i];
    if (c === '<') depth++;
    else if (c === '>') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      parts.push(header.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(header.slice(start));
  return parts;
}

/** The value of a cookie readable by scripts (the CSRF one), or ''. */
export function readCookie(name: string, cookies: string = document.cookie): string {
  for (const part of cookies.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return '';
}

export const CSRF_COOKIE = 'commander_csrf';

type Query = Record<string, string | number | boolean | null | undefined>;

/** `/api/v1` + path + query; a full path (from a Link header) is kept as it is. */
export function apiUrl(path: string, query?: Query): string {
  let url = path.startsWith(API_BASE) || /^https?:/.test(path) ? path : API_BASE + path;
  if (query) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
    }
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
}

/** Reads a Link header's URL as a same-origin path (the server may name its public URL). */
export function samePath(url: string): string {
  if (!/^https?:/.test(url)) return url;
  const parsed = new URL(url);
  return parsed.pathname + parsed.search;
}

/** Called when the session is gone (401), so the app can send people to the sign-in page. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  method?: string;
  query?: Query;
  body?: unknown;
  signal?: AbortSignal;
  /** Do not report a 401 to the app (the sign-in and who-am-I calls expect one). */
  quiet401?: boolean;
  /** Extra request headers (e.g. If-Match). */
  headers?: Record<string, string>;
}

async function send(path: string, options: RequestOptions = {}): Promise<Response> {
  const method = (options.method ?? 'GET').toUpperCase();
  const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD') {
    const csrf = readCookie(CSRF_COOKIE);
    if (csrf) headers['X-CSRF-Token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') throw e;
    throw new ApiError(0, { title: 'The server could not be reached', detail: `The server could not be reached (${errorMessage(e)})` });
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    if (response.status === 401 && !options.quiet401 && onUnauthorized) onUnauthorized();
    throw new ApiError(response.status, problem);
  }
  return response;
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  const type = response.headers.get('Content-Type') ?? '';
  if (text && (type.includes('json') || text.trimStart().startsWith('{'))) {
    try {
      const parsed = JSON.parse(text) as Problem;
      if (parsed && typeof parsed === 'object') return { status: response.status, ...parsed };
    } catch {
      // not JSON after all: fall through
    }
  }
  return { status: response.status, title: response.statusText || undefined, detail: text.length < 300 ? text.trim() || undefined : undefined };
}

/** A JSON request; 204 answers undefined. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await send(path, options);
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** One page of a list, following `Link` (pass the previous page's `next` as path to go on). */
export async function requestPage<T>(path: string, options: RequestOptions = {}): Promise<Page<T>> {
  const response = await send(path, options);
  const items = (await response.json()) as T[];
  const totalHeader = response.headers.get('X-Total-Count');
  const total = totalHeader === null || totalHeader === '' || Number.isNaN(Number(totalHeader)) ? null : Number(totalHeader);
  const next = parseNextLink(response.headers.get('Link'));
  return { items, total, next: next === null ? null : samePath(next) };
}

/** Every item of a list, page after page (for short lists such as the caller's workspaces). */
export async function requestAll<T>(path: string, options: RequestOptions = {}, maxPages = 20): Promise<T[]> {
  const all: T[] = [];
  let page = await requestPage<T>(path, options);
  all.push(...page.items);
  for (let i = 1; page.next && i < maxPages; i++) {
    page = await requestPage<T>(page.next, { signal: options.signal });
    all.push(...page.items);
  }
  return all;
}
