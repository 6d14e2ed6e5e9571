import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider } from '../app/session';
import { ThemeProvider } from '../app/ThemeContext';
import { LoginPage, safeNext } from './LoginPage';

function problem(status: number, detail: string) {
  return new Response(JSON.stringify({ type: 'about:blank', title: 'x', status, code: 'c', detail }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

describe('safeNext', () => {
  it('only ever returns a path of this console', () => {
    expect(safeNext('/workspaces/a/clusters?page=2')).toBe('/workspaces/a/clusters?page=2');
    for (const bad of [null, '', 'https://evil.example', '//evil.example', '/\\evil', '/login?next=/x']) expect(safeNext(bad)).toBe('/workspaces');
  });
});

describe('LoginPage', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('signs in with labelled Email and Password fields, shows the problem detail on failure, then goes on', async () => {
    const fetchMock = vi.fn<typeof fetch>(async (input, init) => {
      const url = String(input);
      if (url.endsWith('/auth/me')) return problem(401, 'Sign in first');
      if (url.endsWith('/auth/login')) {
        const body = JSON.parse(String(init!.body));
        if (body.password !== 'right password') return problem(401, 'Wrong email or password');
        return new Response(JSON.stringify({ type: 'user', name: 'Ada', email: body.email, global_role: 'admin' }), { status: 200 });
      }
      if (url.includes('/workspaces')) return new Response('[]', { status: 200, headers: { 'X-Total-Count': '0' } });
      return problem(404, 'nope');
    });
    vi.stubGlobal('fetch', fetchMock);
    const user = userEvent.setup();
    document.cookie = 'commander_csrf=stale-session';
    render(
      <ThemeProvider>
      <SessionProvider>
        <MemoryRouter initialEntries={['/login?next=/workspaces/ops/clusters']}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/workspaces/:slug/clusters" element={<p>clusters page</p>} />
          </Routes>
        </MemoryRouter>
      </SessionProvider>
      </ThemeProvider>,
    );

    await user.type(screen.getByLabelText(/^Email/), 'ada@example.com');
    await user.type(screen.getByLabelText(/^Password/), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Wrong email or password')).toBeTruthy();

    await user.clear(screen.getByLabelText(/^Password/));
    await user.type(screen.getByLabelText(/^Password/), 'right password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.getByText('clusters page')).toBeTruthy());
  });
});
