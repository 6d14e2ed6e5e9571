import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider } from '../app/session';
import { ThemeProvider } from '../app/ThemeContext';
import { AppRoutes } from '../app/App';
import { syncSummary } from './ClustersPage';

function json(body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', ...headers } });
}

function cluster(i: number, status = 'in_sync') {
  return {
    id: `c${i}`, workspace_id: 'w1', name: `cluster-${i}`, cluster_template_id: 't1', cluster_template_version_id: 'v1',
    provisioner: 'simulated', simulated: true, status, values: {}, render_errors: [], sync_mode: 'auto', check_interval_seconds: 900,
    current_revision: 1, desired_revision: 1, applied_revision: status === 'in_sync' ? 1 : null, was_created: true, current_task_id: null,
    is_locked: false, cluster_type: 'static', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', archived_at: null,
    cluster_agent_data: [], agent_status: 'never_connected',
  };
}

describe('syncSummary', () => {
  it('says which revision is applied and which waits', () => {
    expect(syncSummary({ sync_mode: 'auto', applied_revision: 3, desired_revision: 3 })).toEqual({ mode: 'Auto', revision: 'rev. 3' });
    expect(syncSummary({ sync_mode: 'manual', applied_revision: 3, desired_revision: 4 })).toEqual({ mode: 'Manual', revision: 'rev. 3 → 4' });
    expect(syncSummary({ sync_mode: 'auto', applied_revision: null, desired_revision: 1 }).revision).toBe('not applied');
  });
});

describe('ClustersPage', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows a page from the server with statuses and failure causes, and follows the keyset link to the next', async () => {
    document.cookie = 'commander_csrf=session';
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (input: RequestInfo | URL) => {
        const url = String(input);
        calls.push(url);
        if (url === '/api/v1/auth/me') return json({ type: 'user', name: 'Ada', global_role: 'admin' });
        if (url.startsWith('/api/v1/workspaces')) return json([{ id: 'w1', name: 'Ops', slug: 'ops', created_at: '', updated_at: '', archived_at: null }]);
        if (url.startsWith('/api/v1/cluster_templates')) return json([{ id: 't1', name: 'static', cluster_template_versions: [{ id: 'v1', number: 2 }] }]);
        if (url === '/api/v1/clusters/c2/tasks?limit=5')
          return json([{ id: 'k1', cluster_id: 'c2', kind: 'install', state: 'failed', error: 'Bootstrap master: SSH refused', attempt: 3, max_attempts: 3 }]);
        if (url.startsWith('/api/v1/clusters?after=c20'))
          return json([cluster(21)], { 'X-Total-Count': '21' });
        if (url.startsWith('/api/v1/clusters?'))
          return json(
            Array.from({ length: 20 }, (_, i) => cluster(i + 1, i === 1 ? 'creation_failed' : 'in_sync')),
            { 'X-Total-Count': '21', Link: '</api/v1/clusters?after=c20&workspace_id=w1&limit=20&without_archived=true>; rel="next"' },
          );
        return new Response('{}', { status: 404, headers: { 'Content-Type': 'application/problem+json' } });
      }),
    );
    const user = userEvent.setup();
    render(
      <ThemeProvider>
        <SessionProvider>
          <MemoryRouter initialEntries={['/workspaces/ops/clusters']}>
            <Routes>
              <Route path="/*" element={<AppRoutes />} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </ThemeProvider>,
    );

    const failing = await screen.findByRole('row', { name: /cluster-2\b/ });
    expect(within(failing).getByText('Creation error')).toBeTruthy();
    await waitFor(() => expect(within(failing).getByText('install task: Bootstrap master: SSH refused')).toBeTruthy());
    expect(within(screen.getByRole('row', { name: /cluster-1\b/ })).getByText('In sync')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByText('static').length).toBeGreaterThan(0));
    expect(calls.find((c) => c.startsWith('/api/v1/clusters?'))).toBe('/api/v1/clusters?workspace_id=w1&limit=20&without_archived=true');

    await user.click(screen.getAllByRole('button', { name: /next page/i })[0]);
    expect(await screen.findByRole('link', { name: 'cluster-21' })).toBeTruthy();
    expect(calls).toContain('/api/v1/clusters?after=c20&workspace_id=w1&limit=20&without_archived=true');
  });
});
