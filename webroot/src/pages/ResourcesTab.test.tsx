import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { SessionProvider } from '../app/session';
import { ThemeProvider } from '../app/ThemeContext';
import { AppRoutes } from '../app/App';

function json(body: unknown, status = 200, type = 'application/json') {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': type } });
}

const LAST_SEEN = '2026-12-04T11:00:00Z';

function cluster(agent: string) {
  return {
    id: 'c1', workspace_id: 'w1', name: 'edge-1', cluster_template_id: 't1', cluster_template_version_id: 'v1', provisioner: 'simulated',
    simulated: true, status: 'in_sync', values: {}, render_errors: [], sync_mode: 'auto', check_interval_seconds: 900, current_revision: 1,
    desired_revision: 1, applied_revision: 1, was_created: true, current_task_id: null, is_locked: false, cluster_type: 'static',
    created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', archived_at: null, cluster_agent_data: [],
    agent_status: agent, agent_last_seen_at: agent === 'never_connected' ? null : LAST_SEEN,
    resources_sync_state: 'out_of_sync', resources_checked_at: LAST_SEEN, resources_applied_at: LAST_SEEN,
    resources_state_results: [
      { resource: 'v1/ConfigMap/default/settings', set: 'resources/apps', status: 'applied', errors: [] },
      { resource: 'deckhouse.io/v1alpha1/ModuleConfig//prometheus', set: 'resources/modules', status: 'failed', errors: ['admission webhook denied: settings.retentionDays must be >= 1'] },
    ],
  };
}

function serve(agent: string, me: unknown, console: (url: string) => Response) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      calls.push(url);
      if (url === '/api/v1/auth/me') return json(me);
      if (url.startsWith('/api/v1/workspaces')) return json([{ id: 'w1', name: 'Ops', slug: 'ops', created_at: '', updated_at: '', archived_at: null }]);
      if (url.startsWith('/api/v1/cluster_templates')) return json([]);
      if (url.startsWith('/api/v1/clusters/c1/console/')) return console(url);
      if (url.startsWith('/api/v1/clusters/c1/tasks')) return json([]);
      if (url.startsWith('/api/v1/cluster_change_requests')) return json([]);
      if (url === '/api/v1/clusters/c1') return json(cluster(agent));
      return json({ detail: 'not here' }, 404, 'application/problem+json');
    }),
  );
  return calls;
}

function open(path: string) {
  document.cookie = 'commander_csrf=session';
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

const ADMIN = { type: 'user', name: 'Ada', global_role: 'admin' };

describe('ResourcesTab', () => {
  afterEach(() => {
    cleanup();
    vi.unstubAllGlobals();
  });

  it('shows the managed resources from the cluster, failures first with their errors', async () => {
    serve('connected', ADMIN, () => json({ items: [] }));
    open('/workspaces/ops/clusters/c1/resources');
    const failed = await screen.findByRole('row', { name: /prometheus/ });
    expect(within(failed).getByText('failed')).toBeTruthy();
    expect(within(failed).getByText('admission webhook denied: settings.retentionDays must be >= 1')).toBeTruthy();
    expect(screen.getByText('Out of sync')).toBeTruthy();
    const rows = screen.getAllByRole('row').filter((r) => r.getAttribute('data-resource'));
    expect(rows.map((r) => r.getAttribute('data-resource'))).toEqual(['deckhouse.io/v1alpha1/ModuleConfig//prometheus', 'v1/ConfigMap/default/settings']);
  });

  it('says a disconnected agent with its state and last contact, for the namespace in the address', async () => {
    const calls = serve('disconnected', ADMIN, (url) =>
      url.includes('/namespaces') ? json({ items: [{ name: 'shop', phase: 'Active', labels: {}, created_at: null }] }) : json({ code: 'cluster_disconnected', detail: 'No agent of cluster c1 is connected' }, 503, 'application/problem+json'),
    );
    open('/workspaces/ops/clusters/c1/resources/pods?namespace=shop');
    expect(await screen.findByText("The cluster's agent is not connected")).toBeTruthy();
    expect(screen.getByText('No agent of cluster c1 is connected')).toBeTruthy();
    expect(screen.getAllByText('Disconnected').length).toBeGreaterThan(0);
    expect(calls).toContain('/api/v1/clusters/c1/console/pods?namespace=shop');
    expect((screen.getByLabelText('Namespace') as HTMLSelectElement).value).toBe('shop');
  });

  it('says an agent that never connected, without asking the cluster', async () => {
    const calls = serve('never_connected', ADMIN, () => json({ items: [] }));
    open('/workspaces/ops/clusters/c1/resources/nodes');
    expect(await screen.findByText('The agent has not connected yet')).toBeTruthy();
    expect(calls.some((c) => c.includes('/console/'))).toBe(false);
  });

  it('gives viewers no ModuleConfig edit control', async () => {
    const viewer = { type: 'user', name: 'Vera', global_role: 'user', workspace_roles: [{ workspace_id: 'w1', role: 'viewer' }] };
    serve('connected', viewer, (url) =>
      url.includes('/moduleconfigs')
        ? json({ items: [{ name: 'prometheus', enabled: true, version: 2, settings: { retentionDays: 7 }, resource_version: '5', created_at: null }] })
        : json({ items: [] }),
    );
    open('/workspaces/ops/clusters/c1/resources/moduleconfigs');
    const row = await screen.findByRole('row', { name: /prometheus/ });
    expect(within(row).getByRole('button', { name: 'View prometheus' })).toBeTruthy();
    expect(within(row).queryByRole('button', { name: 'Edit prometheus' })).toBeNull();
  });
});
