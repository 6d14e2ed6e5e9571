import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider } from '../app/session';
import { ThemeProvider } from '../app/ThemeContext';
import { AppRoutes } from '../app/App';

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json' } });
}

const USERS = [
  { id: 'u1', email: 'ann@example.com', name: 'Ann Admin', global_role: 'user', disabled: false, last_login_at: null, created_at: '', updated_at: '', archived_at: null },
  { id: 'u2', email: 'vera@example.com', name: 'Vera Viewer', global_role: 'user', disabled: false, last_login_at: null, created_at: '', updated_at: '', archived_at: null },
];
const BINDINGS = [
  { id: 'b1', workspace_id: 'w1', user_id: 'u1', role: 'admin', created_at: '2026-01-01T00:00:00Z', updated_at: '' },
  { id: 'b2', workspace_id: 'w1', user_id: 'u2', role: 'viewer', created_at: '2026-01-01T00:00:00Z', updated_at: '' },
];

function mount(me: unknown, path: string, writes: { method: string; url: string; body: unknown }[], onWrite?: (url: string) => Response) {
  document.cookie = 'commander_csrf=session';
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const method = init?.method ?? 'GET';
      if (method !== 'GET') {
        writes.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : undefined });
        return onWrite ? onWrite(url) : json({});
      }
      if (url === '/api/v1/auth/me') return json(me);
      if (url.startsWith('/api/v1/workspaces')) return json([{ id: 'w1', name: 'Ops', slug: 'ops', created_at: '', updated_at: '', archived_at: null }]);
      if (url.startsWith('/api/v1/workspace_role_bindings')) return json(BINDINGS);
      if (url.startsWith('/api/v1/users')) return json(USERS);
      if (url.startsWith('/api/v1/auth_tokens')) return json([]);
      return json({ detail: 'nothing here' }, 404);
    }),
  );
  render(
    <ThemeProvider>
      <SessionProvider>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/*" element={<AppRoutes />} />
          </Routes>
        </MemoryRouter>
      </SessionProvider>
    </ThemeProvider>,
  );
}

describe('SettingsPage', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('lets an admin change a role, and shows the problem detail when the server refuses', async () => {
    const writes: { method: string; url: string; body: unknown }[] = [];
    let refuse = false;
    mount({ type: 'user', id: 'u1', name: 'Ann', global_role: 'user', workspace_roles: [{ workspace_id: 'w1', role: 'admin' }] }, '/workspaces/ops/settings', writes, () =>
      refuse ? json({ code: 'last_admin', detail: 'a workspace keeps at least one admin' }, 409) : json({ ...BINDINGS[1], role: 'manager' }),
    );
    const user = userEvent.setup();
    const picker = await screen.findByRole('combobox', { name: 'Role of Vera Viewer' });
    await user.selectOptions(picker, 'manager');
    await waitFor(() => expect(writes).toEqual([{ method: 'PUT', url: '/api/v1/workspace_role_bindings/b2', body: { role: 'manager' } }]));
    refuse = true;
    await user.selectOptions(screen.getByRole('combobox', { name: 'Role of Ann Admin' }), 'viewer');
    expect(await screen.findByText('a workspace keeps at least one admin')).toBeTruthy();
  });

  it('shows a viewer roles without pickers, no remove buttons, and no tokens', async () => {
    const writes: { method: string; url: string; body: unknown }[] = [];
    mount({ type: 'user', id: 'u2', name: 'Vera', global_role: 'user', workspace_roles: [{ workspace_id: 'w1', role: 'viewer' }] }, '/workspaces/ops/settings', writes);
    const row = await screen.findByRole('row', { name: /Vera Viewer/ });
    expect(within(row).getByText('Viewer', { exact: true })).toBeTruthy();
    expect(screen.queryByRole('combobox', { name: /^Role of/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Remove / })).toBeNull();
    expect(screen.getByRole('button', { name: 'Add member' }).getAttribute('aria-disabled')).toBe('true');
    await userEvent.setup().click(screen.getByRole('tab', { name: 'API tokens' }));
    expect(await screen.findByText('Tokens are managed by admins')).toBeTruthy();
    expect(writes).toEqual([]);
  });
});
