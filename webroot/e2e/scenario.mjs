// What an operator does on a first visit, checked step by step; see run.mjs for the set-up.

import assert from 'node:assert/strict';
import path from 'node:path';

const TIMEOUT = 15000;

const TEMPLATE = {
  name: 'static-e2e',
  comment: 'A static cluster, as in the documentation',
  params: [
    { key: 'podSubnet', type: 'string', title: 'Pod subnet', default: '10.111.0.0/16', immutable: true },
    { key: 'domain', type: 'string', title: 'Domain' },
    { key: 'masters', type: 'number', title: 'Masters', min: 1, max: 5 },
  ],
  sections: {
    kubernetes:
      'apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Static\npodSubnetCIDR: {{ .podSubnet }}\n' +
      'serviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\nclusterDomain: cluster.local\n',
    placement: 'apiVersion: deckhouse.io/v1\nkind: StaticClusterConfiguration\ninternalNetworkCIDRs: [10.0.0.0/24]\n# {{ .masters }} masters, {{ .domain }}\n',
  },
};

/** A small API client for the set-up the test does behind the console's back (with a token). */
async function api(base, method, pathAndQuery, { body, token, cookie, csrf } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers['X-Auth-Token'] = token;
  if (cookie) headers.Cookie = cookie;
  if (csrf) headers['X-CSRF-Token'] = csrf;
  const response = await fetch(`${base}/api/v1${pathAndQuery}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  const json = text ? JSON.parse(text) : undefined;
  return { status: response.status, json, headers: response.headers };
}

async function workspaceToken(base, email, password, workspaceId) {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  assert.equal(login.status, 200, 'sign-in for the API set-up');
  const cookies = login.headers.getSetCookie().map((c) => c.split(';')[0]);
  const cookie = cookies.join('; ');
  const csrf = cookies.find((c) => c.startsWith('commander_csrf='))?.split('=').slice(1).join('=');
  const created = await api(base, 'POST', '/auth_tokens', { body: { name: 'e2e', workspace_id: workspaceId }, cookie, csrf });
  assert.equal(created.status, 201, `token: ${JSON.stringify(created.json)}`);
  return created.json.token;
}

export async function scenario(options) {
  const { browser, screenshots } = options;
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', baseURL: options.base });
  try {
    await steps({ ...options, context });
  } catch (e) {
    const page = context.pages()[0];
    if (page) await page.screenshot({ path: path.join(screenshots, 'failure.png') }).catch(() => undefined);
    throw e;
  } finally {
    await context.close();
  }
}

async function steps({ context, base, email, password, screenshots, log }) {
    const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    // A wrong password is a 401 the browser logs by itself; anything else in red is a defect.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`console error: ${m.text()}`);
  });

  /** The same screen in light and in dark mode (the console follows the system's preference). */
  const shoot = async (name) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await page.mouse.move(1, 799); // no hover effects or tooltips in the pictures
    await page.screenshot({ path: path.join(screenshots, `${name}-light.png`) });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(() => document.documentElement.classList.contains('pf-v6-theme-dark'));
    await page.waitForTimeout(700); // PatternFly's colour transitions
    await page.screenshot({ path: path.join(screenshots, `${name}-dark.png`) });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(() => !document.documentElement.classList.contains('pf-v6-theme-dark'));
    await page.waitForTimeout(700);
    log(`screenshot ${name}`);
  };

  // 1. A deep link without a session goes to the sign-in page and comes back after it.
  await page.goto('/workspaces');
  await page.waitForURL(/\/login\?next=%2Fworkspaces$/);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await shoot('01-login');

  // 2. A wrong password: the problem's detail is on the page.
  const wrong = await api(base, 'POST', '/auth/login', { body: { email, password: 'not-the-password' } });
  assert.equal(wrong.status, 401);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.pf-v6-c-alert').filter({ hasText: wrong.json.detail }).waitFor();
  log(`a wrong password shows "${wrong.json.detail}"`);

  // 3. Sign in.
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/workspaces$/);
  await page.getByRole('heading', { name: 'No workspaces yet' }).waitFor();
  await shoot('02-workspaces-empty');

  // 4. Create a workspace; its clusters list is empty.
  await page.getByRole('button', { name: 'Create workspace' }).click();
  await page.getByLabel(/^Name/).fill('Production fleet');
  assert.equal(await page.getByLabel(/^Slug/).inputValue(), 'production-fleet');
  await shoot('03-workspace-create');
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(/\/workspaces\/production-fleet\/clusters$/);
  await page.getByRole('heading', { name: 'No clusters yet' }).waitFor();
  await shoot('04-clusters-empty');

  // 5. Clusters created through the API (with a workspace token) appear and reach in_sync without a reload.
  const workspaces = await page.evaluate(async () => (await fetch('/api/v1/workspaces')).json());
  const workspace = workspaces.find((w) => w.slug === 'production-fleet');
  const token = await workspaceToken(base, email, password, workspace.id);
  const template = await api(base, 'POST', `/cluster_templates?workspace_id=${workspace.id}`, { body: TEMPLATE, token });
  assert.equal(template.status, 201, JSON.stringify(template.json));
  const versionId = template.json.current_cluster_template_version_id;
  const createCluster = async (name, values) => {
    const r = await api(base, 'POST', `/clusters?workspace_id=${workspace.id}`, {
      body: { name, cluster_template_version_id: versionId, provisioner: 'simulated', values },
      token,
    });
    assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.json)}`);
    return r.json;
  };
  // A fleet larger than one page (20 a page), so paging goes through the server's keyset Link.
  for (let i = 1; i <= 20; i++) {
    const n = String(i).padStart(2, '0');
    await createCluster(`store-${n}`, { domain: `store-${n}.example.com`, masters: 1 });
  }
  const edge = await createCluster('edge-berlin-1', { domain: 'berlin.example.com', masters: 3 });
  await createCluster('edge-paris-1', { domain: 'paris.example.com', masters: 1 });
  await createCluster('lab-7', { domain: 'lab.example.com', masters: 9 });
  log('created 23 clusters through the API');

  const row = (name) => page.locator(`tr[data-cluster="${name}"]`);
  await row('edge-berlin-1').waitFor();
  await row('edge-berlin-1').getByText('In sync').waitFor({ timeout: 60000 });
  await row('edge-paris-1').getByText('In sync').waitFor({ timeout: 60000 });
  await row('lab-7').getByText('Configuration error').waitFor();
  await row('lab-7').locator('.commander-cause').filter({ hasText: 'masters' }).waitFor();
  await row('edge-berlin-1').getByText('static-e2e').waitFor();
  log(`statuses live; the cause of lab-7's: "${await row('lab-7').locator('.commander-cause').innerText()}"`);
  // The cause is also on hover.
  await row('lab-7').getByText('Configuration error').hover();
  await page.getByRole('tooltip').filter({ hasText: 'masters' }).waitFor();
  await shoot('05-clusters');

  // Paging: the next page comes from the server (23 clusters, newest first), and survives a reload.
  await page.getByRole('button', { name: 'Go to next page' }).first().click();
  await page.waitForURL(/\/clusters\?page=2$/);
  await row('store-03').waitFor();
  assert.equal(await page.locator('tr[data-cluster]').count(), 3);
  await page.reload();
  await row('store-01').waitFor();
  await page.getByRole('button', { name: 'Go to previous page' }).first().click();
  await row('edge-berlin-1').waitFor();
  assert.equal(await page.locator('tr[data-cluster]').count(), 20);
  log('paged through the clusters list');

  // 6. The cluster's overview, also after a reload (deep link).
  await row('edge-berlin-1').getByRole('link', { name: 'edge-berlin-1' }).click();
  await page.waitForURL(new RegExp(`/clusters/${edge.id}$`));
  await page.getByRole('heading', { name: 'edge-berlin-1' }).waitFor();
  await page.getByText('static-e2e', { exact: true }).waitFor();
  await page.reload();
  await page.getByRole('heading', { name: 'edge-berlin-1' }).waitFor();
  await page.getByRole('tab', { name: 'Overview' }).waitFor();
  await page.getByText('Automatic', { exact: true }).waitFor();
  await shoot('06-cluster-overview');

  // 7. Its tasks, with the install log streamed over server-sent events.
  await page.getByRole('tab', { name: 'Tasks' }).click();
  await page.waitForURL(new RegExp(`/clusters/${edge.id}/tasks$`));
  await page.getByLabel('Task log').getByText('[simulated]').first().waitFor();
  await page.getByLabel('Task log').getByText('Resources created').waitFor();
  await shoot('07-cluster-tasks');

  // 8. A failed cluster says why, at the top of its page.
  await page.goto('/workspaces/production-fleet/clusters');
  await row('lab-7').getByRole('link', { name: 'lab-7' }).click();
  await page.locator('.pf-v6-c-alert').filter({ hasText: /Configuration error: .*masters/ }).waitFor();
  await shoot('08-cluster-failed');

  // 9. The theme switch overrides the system's preference.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.mouse.move(1, 799);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('pf-v6-theme-dark')), true);
  await page.getByRole('button', { name: 'Theme of the system' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('pf-v6-theme-dark')), false);

  // 10. Sections without a screen yet say so.
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.getByRole('heading', { name: 'Templates: no screen yet' }).waitFor();

  // 11. Sign out: back to the sign-in page, and the console needs signing in again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
  await page.goto('/workspaces/production-fleet/clusters');
  await page.waitForURL(/\/login\?next=/);

  assert.deepEqual(problems, [], 'no errors in the browser console');
}
