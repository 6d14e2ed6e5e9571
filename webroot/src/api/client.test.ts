import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiUrl, parseNextLink, readCookie, request, requestAll, requestPage, setUnauthorizedHandler } from './client';

function jsonResponse(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers },
  });
}

describe('parseNextLink', () => {
  it('reads rel="next"', () => {
    expect(parseNextLink('</api/v1/clusters?after=abc&limit=20>; rel="next"')).toBe('/api/v1/clusters?after=abc&limit=20');
  });
  it('picks next among several links, unquoted or with several rels', () => {
    expect(parseNextLink('<https://x/a?p=1>; rel=prev, <https://x/a?p=3>; rel="last next"')).toBe('https://x/a?p=3');
  });
  it('keeps commas inside the URL', () => {
    expect(parseNextLink('</api/v1/clusters?after=a,b>; rel="next"')).toBe('/api/v1/clusters?after=a,b');
  });
  it('is null without a next link', () => {
    expect(parseNextLink(null)).toBeNull();
    expect(parseNextLink('')).toBeNull();
    expect(parseNextLink('</x>; rel="prev"')).toBeNull();
  });
});

describe('apiUrl and cookies', () => {
  it('prefixes the API and drops empty query values', () => {
    expect(apiUrl('/clusters', { limit: 20, status: '', after: undefined, workspace_id: 'w' })).toBe('/api/v1/clusters?limit=20&workspace_id=w');
  });
  it('keeps a path from a Link header as it is', () => {
    expect(apiUrl('/api/v1/clusters?after=x')).toBe('/api/v1/clusters?after=x');
  });
  it('reads one cookie among several', () => {
    expect(readCookie('commander_csrf', 'a=1; commander_csrf=t%2Fk=; b=2')).toBe('t/k=');
    expect(readCookie('missing', 'a=1')).toBe('');
  });
});

describe('requests', () => {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    vi.stubGlobal('fetch', fetchMock);
    fetchMock.mockReset();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthorizedHandler(null);
    document.cookie = 'commander_csrf=; max-age=0';
  });

  it('turns problem+json into an ApiError whose message is the detail', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(409, { type: 'about:blank', title: 'Conflict', status: 409, code: 'slug_taken', detail: 'The slug "prod" is taken', errors: [{ field: '/slug', message: 'taken' }] }),
    );
    const error = (await request('/workspaces', { method: 'POST', body: {} }).catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe('The slug "prod" is taken');
    expect(error.status).toBe(409);
    expect(error.code).toBe('slug_taken');
    expect(error.problem.errors).toEqual([{ field: '/slug', message: 'taken' }]);
  });

  it('falls back to the title, then to the status, when a problem has no detail', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(403, { title: 'Forbidden', status: 403, code: 'role_insufficient' }));
    await expect(request('/x')).rejects.toThrow('Forbidden');
    fetchMock.mockResolvedValueOnce(new Response('', { status: 502 }));
    await expect(request('/x')).rejects.toThrow('The server answered 502');
  });

  it('says the server could not be reached when fetch fails', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const error = (await request('/x').catch((e) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
    expect(error.message).toMatch(/could not be reached/);
  });

  it('sends the CSRF cookie as a header on writes only', async () => {
    document.cookie = 'commander_csrf=tok123';
    fetchMock.mockResolvedValue(new Response(null, { status: 204 }));
    await request('/auth/logout', { method: 'POST' });
    await request('/auth/me');
    const [, post] = fetchMock.mock.calls[0];
    const [, get] = fetchMock.mock.calls[1];
    expect((post!.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok123');
    expect((get!.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect(post!.credentials).toBe('same-origin');
  });

  it('reports a 401 to the app unless asked not to', async () => {
    const onUnauthorized = vi.fn();
    setUnauthorizedHandler(onUnauthorized);
    fetchMock.mockImplementation(async () => jsonResponse(401, { title: 'Unauthorized', status: 401, code: 'unauthenticated', detail: 'Sign in first' }));
    await expect(request('/auth/me', { quiet401: true })).rejects.toThrow('Sign in first');
    expect(onUnauthorized).not.toHaveBeenCalled();
    await expect(request('/clusters')).rejects.toThrow('Sign in first');
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('reads a page: items, X-Total-Count and the next link as a same-origin path', async () => {
    fetchMock.mockResolvedValue(
      jsonResponse(200, [{ id: 'a' }, { id: 'b' }], { 'X-Total-Count': '5', Link: '<http://commander.example.com/api/v1/clusters?after=b&limit=2>; rel="next"' }),
    );
    const page = await requestPage<{ id: string }>('/clusters', { query: { limit: 2 } });
    expect(page.items.map((i) => i.id)).toEqual(['a', 'b']);
    expect(page.total).toBe(5);
    expect(page.next).toBe('/api/v1/clusters?after=b&limit=2');
    expect(fetchMock.mock.calls[0][0]).toBe('/api/v1/clusters?limit=2');
  });

  it('a last page has no next link and may have no total', async () => {
    fetchMock.mockResolvedValue(jsonResponse(200, []));
    const page = await requestPage('/clusters');
    expect(page).toEqual({ items: [], total: null, next: null });
  });

  it('follows Link from page to page', async () => {
    fetchMock
      .mockResolvedValueOnce(jsonResponse(200, [1, 2], { Link: '</api/v1/workspaces?offset=2&limit=2>; rel="next"' }))
      .mockResolvedValueOnce(jsonResponse(200, [3], {}));
    expect(await requestAll<number>('/workspaces', { query: { limit: 2 } })).toEqual([1, 2, 3]);
    expect(fetchMock.mock.calls[1][0]).toBe('/api/v1/workspaces?offset=2&limit=2');
  });
});
