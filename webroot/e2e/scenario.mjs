// What an operator does on a first visit, checked step by step; see run.mjs for the set-up.

import assert from 'node:assert/strict';
import path from 'node:path';
import { resourcesSteps, viewerResourcesSteps } from './resources.mjs';

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

/** The template the console creates: every kind of field, a catalog picker, masters that a plan can shrink. */
const CLOUD_PARAMS = [
  { header: 'Cluster' },
  { key: 'domain', type: 'string', title: 'Domain', span: 2, pattern: '^[a-z0-9.-]+$' },
  { key: 'channel', type: 'string', title: 'Release channel', enum: ['Alpha', 'Beta', 'Stable'], default: 'Stable', span: 1 },
  { key: 'monitoring', type: 'boolean', title: 'Monitoring', default: true, span: 1 },
  { header: 'Infrastructure' },
  { key: 'masters', type: 'number', title: 'Masters', min: 1, max: 5, default: 3, span: 1 },
  { key: 'flavor', type: 'string', title: 'Flavor', span: 1, default: 'm1.large', select: [
    { text: 'Small (2 CPU, 4 GiB)', value: 'm1.small' }, { text: 'Large (8 CPU, 32 GiB)', value: 'm1.large' }] },
  { key: 'subnet', title: 'Subnet', catalog: 'subnets', span: 2, immutable: true, description: 'An exclusive subnet of the Subnets catalog' },
  { key: 'dnsServers', type: 'string', title: 'DNS servers', format: 'ipv4', minItems: 1, maxItems: 3, span: 2 },
  { key: 'cloudPassword', type: 'string', title: 'Cloud password', format: 'password', span: 2 },
];
const CLOUD_KUBERNETES = 'apiVersion: deckhouse.io/v1\nkind: ClusterConfiguration\nclusterType: Cloud\ncloud: {provider: OpenStack, prefix: e2e}\n' +
  'podSubnetCIDR: 10.111.0.0/16\nserviceSubnetCIDR: 10.222.0.0/16\nkubernetesVersion: Automatic\nclusterDomain: cluster.local\n';
const CLOUD_PLACEMENT = 'apiVersion: deckhouse.io/v1\nkind: OpenStackClusterConfiguration\nlayout: Standard\n' +
  'sshPublicKey: {{ .dc_sshPublicKey | quote }}\nmasterNodeGroup:\n  replicas: {{ .masters }}\n' +
  '  instanceClass: {flavorName: {{ .flavor }}, imageName: ubuntu-22-04, rootDiskSize: 50}\n  volumeTypeMap: {nova: ceph-ssd}\n' +
  'standard:\n  internalNetworkCIDR: {{ .subnet.cidr }}\n  externalNetworkName: public\n  internalNetworkDNSServers: {{ .dnsServers | toJson }}\n' +
  'provider: {authURL: \'https://cloud.example.com/v3\', domainName: Default, tenantName: e2e, username: e2e, password: {{ .cloudPassword | quote }}, region: RegionOne}\n';

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
  // eslint-disable-next-line no-param-reassign
    const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const problems = [];
  // Answers a step expects (a stale save's 409), which the browser logs by itself.
  const expectedStatuses = new Set();
  // Each problem names the step after which it happened, and a CSP violation its source.
  let lastStep = 'start';
  const log_ = log;
  log = (m) => {
    lastStep = m;
    log_(m);
  };
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const target = e.target && e.target.outerHTML ? e.target.outerHTML.slice(0, 160) : String(e.target);
      console.warn(`CSP ${e.violatedDirective} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} sample=${e.sample} target=${target}`);
    });
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message} (after: ${lastStep})`));
  page.on('console', (m) => {
    // A wrong password is a 401 the browser logs by itself; anything else in red is a defect.
    const status = /status of (\d+)/.exec(m.text());
    if (m.type() === 'error' && !/status of 401/.test(m.text()) && !(status && expectedStatuses.has(Number(status[1])))) problems.push(`console error: ${m.text()} (after: ${lastStep})`);
    if (m.type() === 'warning' && m.text().startsWith('CSP ')) problems.push(`${m.text()} (after: ${lastStep})`);
  });

  /**
   * Replaces a CodeMirror editor's text as a person would: select all, then paste. (A paste event, which
   * the editor handles itself; Chromium's own multi-line text insertion into the editable DOM writes
   * style attributes that the CSP refuses.)
   */
  const fillEditor = async (label, text) => {
    const editor = page.getByLabel(label);
    await editor.click();
    await page.keyboard.press('Control+A');
    await editor.evaluate((el, value) => {
      const data = new DataTransfer();
      data.setData('text/plain', value);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, text);
  };

  /** The same screen in light and in dark mode (the console follows the system's preference). */
  const shoot = async (name, { top = false } = {}) => {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    if (top) {
      await page.evaluate(() => {
        window.scrollTo(0, 0);
        for (const el of document.querySelectorAll('.pf-v6-c-page__main-container, .pf-v6-c-page__main')) el.scrollTop = 0;
      });
    }
    await page.mouse.move(1, 799); // no hover effects or tooltips in the pictures
    await page.waitForTimeout(400); // PatternFly's colour transitions of controls that just appeared
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

  // The other sections of a new workspace: each says what it is for and what to do first.
  const nav = (name) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
  await nav('Inventory');
  await page.getByRole('heading', { name: 'No catalogs yet' }).waitFor();
  await shoot('04a-inventory-empty');
  await nav('Registries');
  await page.getByRole('heading', { name: 'No registries yet' }).waitFor();
  await shoot('04b-registries-empty');
  await nav('Settings');
  await page.getByRole('heading', { name: 'No members yet' }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Add member' }).count(), 1, 'one way to add a member');
  await shoot('04c-settings-members-empty');
  await page.getByRole('tab', { name: 'API tokens' }).click();
  await page.waitForURL(/\/settings\/tokens$/);
  await page.getByRole('heading', { name: 'No API tokens yet' }).waitFor();
  await shoot('04d-settings-tokens-empty');
  await nav('Clusters');
  await page.getByRole('heading', { name: 'No clusters yet' }).waitFor();

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
  const lab = await createCluster('lab-7', { domain: 'lab.example.com', masters: 9 });
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

  // 5b. Bulk: two clusters selected, their sync mode set to manual in one request, the result per cluster;
  // the sync mode filter then keeps just them, in the address.
  await row('store-20').getByRole('checkbox').check();
  await row('store-19').getByRole('checkbox').check();
  await page.getByText('2 selected', { exact: true }).waitFor();
  await shoot('05b-clusters-selection');
  await page.getByRole('button', { name: 'Set sync mode' }).click();
  await page.getByRole('menuitem', { name: 'Manual' }).click();
  const results = page.getByRole('dialog');
  await results.getByText('2 succeeded, 0 failed').waitFor();
  await results.locator('tr[data-result="store-20"]').getByText('Succeeded').waitFor();
  await results.locator('tr[data-result="store-19"]').getByText('Succeeded').waitFor();
  await shoot('05c-clusters-bulk-result');
  await results.locator('.pf-v6-c-modal-box__footer').getByRole('button', { name: 'Close' }).click();
  await row('store-20').getByText('Manual').waitFor();
  await row('store-19').getByText('Manual').waitFor();
  await page.getByText('0 selected', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Sync mode filter' }).click();
  await page.getByRole('option', { name: 'Manual sync' }).click();
  await page.waitForURL(/sync_mode=manual/);
  await page.waitForFunction(() => document.querySelectorAll('tr[data-cluster]').length === 2);
  await page.reload();
  await row('store-19').waitFor();
  assert.equal(await page.locator('tr[data-cluster]').count(), 2);
  await page.getByRole('button', { name: 'Sync mode filter' }).click();
  await page.getByRole('option', { name: 'All sync modes' }).click();
  await row('edge-berlin-1').waitFor();
  log('store-19 and store-20 set to manual sync in one bulk action; the sync mode filter keeps them');

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

  // 9. A catalog with records (through the API) for the template's catalog field.
  const catalog = await api(base, 'POST', `/catalogs?workspace_id=${workspace.id}`, {
    body: { name: 'Subnets', slug: 'subnets', usage: 'exclusive', params: [
      { key: 'cidr', type: 'string', title: 'CIDR', identifier: true }, { key: 'zone', type: 'string', title: 'Zone', identifier: false }] },
    token,
  });
  assert.equal(catalog.status, 201, JSON.stringify(catalog.json));
  for (const [cidr, zone] of [['192.168.199.0/24', 'nova'], ['192.168.200.0/24', 'nova']]) {
    const record = await api(base, 'POST', `/records?workspace_id=${workspace.id}`, { body: { catalog_id: catalog.json.id, values: { cidr, zone } }, token });
    assert.equal(record.status, 201, JSON.stringify(record.json));
  }
  log('created the catalog subnets with two records');

  // 10. Templates: the list, then a new template written in the editor, previewed live, saved, given a second version.
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.locator('tr[data-template="static-e2e"]').waitFor();
  await shoot('09-templates');
  // Clusters per version: the count links to the clusters list filtered by that version.
  await page.locator('tr[data-template="static-e2e"]').getByRole('link', { name: 'static-e2e' }).click();
  await page.getByRole('tab', { name: /^Versions/ }).click();
  await page.getByRole('link', { name: '23 clusters on version 1' }).waitFor();
  await shoot('09b-template-versions-counts');
  await page.getByRole('link', { name: '23 clusters on version 1' }).click();
  await page.waitForURL(/\/clusters\?template=[0-9a-f-]{36}&version=[0-9a-f-]{36}$/);
  await page.getByText('Version v1', { exact: true }).waitFor();
  await row('edge-berlin-1').waitFor();
  log('the versions list counts 23 clusters on version 1 and links to them');
  await page.getByRole('link', { name: 'Templates' }).click();
  await page.locator('tr[data-template="static-e2e"]').waitFor();
  await page.getByRole('button', { name: 'Create template' }).click();
  await page.waitForURL(/\/templates\/new$/);
  await page.getByLabel(/^Name/).fill('cloud-e2e');
  await page.getByLabel(/^Comment/).fill('OpenStack, masters from the form');
  await page.getByRole('tab', { name: /^Parameters/ }).click();
  await fillEditor('Input schema (params)', JSON.stringify(CLOUD_PARAMS, null, 2));
  await page.getByRole('tab', { name: /^Kubernetes/ }).click();
  await fillEditor('Kubernetes section', CLOUD_KUBERNETES);
  await page.getByRole('tab', { name: /^Placement/ }).click();
  // A broken action first: the preview marks its line in the editor.
  await fillEditor('Placement section', CLOUD_PLACEMENT.replace('{{ .masters }}', '{{ .masters '));
  await page.locator('.commander-preview').getByText(/1 problem/).waitFor();
  await page.locator('.cm-lintRange-error').first().waitFor();
  await shoot('10-template-error', { top: true });
  await fillEditor('Placement section', CLOUD_PLACEMENT);
  await page.locator('.commander-preview').getByText('valid', { exact: true }).waitFor();
  await page.locator('.commander-preview').getByText(/replicas: 3/).waitFor();
  await shoot('11-template-editor', { top: true });
  await page.getByRole('button', { name: 'Create template' }).click();
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}$/);
  await page.getByRole('heading', { name: 'cloud-e2e' }).waitFor();
  // A second version with a comment.
  await page.getByRole('tab', { name: /^Kubernetes/ }).click();
  await fillEditor('Kubernetes section', CLOUD_KUBERNETES + '# reviewed\n');
  await page.getByLabel('Comment of version 2').fill('Reviewed');
  await page.getByRole('button', { name: 'Save as version 2' }).click();
  await page.getByText('Saved as version 2').waitFor();
  await page.getByRole('tab', { name: /^Versions/ }).click();
  await page.locator('tr[data-version="1"]').waitFor();
  assert.equal(await page.getByLabel('Comment of version 2').inputValue(), 'Reviewed');
  // Withdraw version 1 and bring it back.
  await page.getByLabel('Version 1 available').click({ force: true });
  await page.waitForFunction(() => !document.querySelector('input[aria-label="Version 1 available"]').checked);
  await shoot('12-template-versions');
  // The two versions compared in the merge view (version 1 against 2 by default).
  await page.getByLabel(/^Kubernetes.*: version 1 against 2, after$/).locator('.cm-changedLine').filter({ hasText: '# reviewed' }).waitFor();
  await page.getByRole('heading', { name: 'Compare versions' }).scrollIntoViewIfNeeded();
  await shoot('12b-template-compare');
  await page.getByLabel('Version 1 available').click({ force: true });
  await page.waitForFunction(() => document.querySelector('input[aria-label="Version 1 available"]').checked);
  log('template cloud-e2e created in the editor, version 2 saved with a comment');

  // 11. A cluster through the generated form: problems next to their fields, a live render, then created.
  await page.getByRole('link', { name: 'Clusters' }).click();
  await page.getByRole('button', { name: 'Create cluster' }).click();
  await page.waitForURL(/\/clusters\/new$/);
  await page.getByLabel(/^Name/).fill('form-cloud-1');
  await page.getByLabel(/^Template/).selectOption({ label: 'cloud-e2e' });
  await page.getByLabel('Masters', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Masters', { exact: true }).inputValue(), '3');
  assert.equal(await page.getByLabel('Cloud password').getAttribute('type'), 'password');
  await page.getByLabel('Domain').fill('cloud.example.com');
  await page.getByLabel('Masters', { exact: true }).fill('9');
  await page.getByText('Masters must be at most 5').first().waitFor();
  await page.getByLabel('Masters', { exact: true }).fill('3');
  await page.getByLabel('Flavor').selectOption({ label: 'Small (2 CPU, 4 GiB)' });
  await page.getByLabel('Subnet').selectOption({ label: '192.168.199.0/24' });
  await page.getByLabel('DNS servers 1', { exact: true }).fill('10.0.0.53');
  await page.getByRole('button', { name: 'Add DNS servers' }).click();
  await page.getByLabel('DNS servers 2', { exact: true }).fill('not-an-ip');
  await page.getByText(/DNS servers item 2 /).waitFor();
  await page.getByRole('button', { name: 'Remove DNS servers 2' }).click();
  await page.getByLabel('Cloud password').fill('s3cret-cloud-pass');
  await page.locator('.commander-preview').getByText('valid', { exact: true }).waitFor();
  await page.locator('.commander-preview').getByText(/flavorName: m1\.small/).waitFor();
  await page.locator('.commander-preview').getByText(/internalNetworkCIDR: 192\.168\.199\.0\/24/).waitFor();
  await shoot('13-cluster-create', { top: true });
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(/\/clusters\/[0-9a-f-]{36}$/);
  const formClusterUrl = page.url();
  await page.getByRole('heading', { name: 'form-cloud-1' }).waitFor();
  log('created form-cloud-1 through the generated form');

  // Its install log streams while it reaches in_sync.
  await page.getByRole('tab', { name: 'Tasks' }).click();
  await page.getByLabel('Task log').getByText('[simulated]').first().waitFor();
  await page.getByText('In sync', { exact: true }).first().waitFor({ timeout: 60000 });
  await page.getByLabel('Task log').getByText('Resources created').waitFor();
  log('form-cloud-1 is in sync; its install log streamed');

  // 12. Change a value in the configuration tab: masters 3 → 1 (a destructive plan), the subnet is immutable.
  await page.getByRole('tab', { name: 'Configuration' }).click();
  await page.getByLabel('Masters', { exact: true }).waitFor();
  assert.equal(await page.getByLabel('Subnet').isDisabled(), true, 'the immutable subnet is read-only');
  assert.equal(await page.getByLabel('Cloud password').inputValue(), '****');
  await page.getByLabel('Masters', { exact: true }).fill('1');
  await page.locator('.commander-preview').getByText(/replicas: 1/).waitFor();
  await shoot('14-cluster-configuration', { top: true });
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Saved as revision 2').waitFor();

  // The diff of the two revisions: the value and the rendered placement.
  await page.getByRole('tab', { name: 'Revisions' }).click();
  await page.locator('table[aria-label="Changed values"]').getByText('masters').waitFor();
  // CodeMirror's merge view: side by side, then unified.
  await page.getByLabel('Diff of Placement, after').locator('.cm-changedLine').filter({ hasText: 'replicas: 1' }).waitFor();
  await page.getByLabel('Diff of Placement, before').locator('.cm-changedLine').filter({ hasText: 'replicas: 3' }).waitFor();
  await shoot('15-cluster-revisions');
  await page.getByRole('button', { name: 'Unified' }).click();
  await page.getByLabel('Diff of Placement', { exact: true }).locator('.cm-deletedChunk').filter({ hasText: 'replicas: 3' }).waitFor();
  await page.getByLabel('Diff of Placement', { exact: true }).locator('.cm-changedLine').filter({ hasText: 'replicas: 1' }).waitFor();
  await shoot('15b-cluster-revisions-unified');
  await page.getByRole('button', { name: 'Side by side' }).click();
  log('revision 2 shows masters 3 → 1 and its placement diff');

  // 13. The plan deletes masters: a change request waits for approval, then is applied.
  await page.getByText(/Revision 2 waits for approval/).waitFor({ timeout: 60000 });
  await page.getByRole('tab', { name: 'Change requests' }).click();
  await page.locator('[data-change-request="pending"]').getByText('delete master node form-cloud-1-master-2').waitFor();
  await shoot('16-cluster-change-requests');
  await page.getByRole('button', { name: 'Approve', exact: true }).click();
  await page.getByRole('dialog').getByText('delete master node form-cloud-1-master-1').waitFor();
  await page.getByRole('button', { name: 'Approve and apply' }).click();
  await page.locator('[data-change-request="completed"]').waitFor({ timeout: 60000 });
  await page.getByText('In sync', { exact: true }).first().waitFor({ timeout: 60000 });
  log('the destructive change was approved and applied');

  // 14. Settings: manual sync, a longer check interval.
  await page.getByRole('tab', { name: 'Settings' }).click();
  await page.getByLabel('Manual').check();
  await page.getByLabel('Check interval (minutes)').fill('30');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await page.getByText('Settings saved').waitFor();
  await shoot('17-cluster-settings');

  // 15. A change made elsewhere since the form was opened: the save is refused and says so.
  await page.getByRole('tab', { name: 'Configuration' }).click();
  await page.getByLabel('Domain').fill('mine.example.com');
  const formCluster = await api(base, 'GET', `/clusters/${formClusterUrl.split('/').pop()}`, { token });
  const behind = await api(base, 'PATCH', `/clusters/${formCluster.json.id}`, { body: { values: { domain: 'theirs.example.com' } }, token });
  assert.equal(behind.status, 200, JSON.stringify(behind.json));
  expectedStatuses.add(409);
  await page.getByRole('button', { name: 'Save changes' }).click();
  await page.getByText('Someone changed this cluster since you opened the form').waitFor();
  await shoot('18-cluster-stale');
  await page.getByRole('button', { name: 'Discard my edits and load the current values' }).click();
  await page.waitForFunction(() => document.querySelector('#param-domain')?.value === 'theirs.example.com');
  expectedStatuses.delete(409);
  log('a stale revision is refused with a way to load the current values');

  // 15a. The cluster's resources tab on edge-berlin-1 (its simulated agent serves the cluster's objects).
  await resourcesSteps({ page, api, base, token, slug: 'production-fleet', clusterId: edge.id, neverConnectedId: lab.id, shoot, fillEditor, expectedStatuses, log });

  // 16. Inventory: the catalog and its records, one held by form-cloud-1; a record added through the schema's form.
  const nav2 = (name) => page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name, exact: true }).click();
  await nav2('Inventory');
  await page.locator('tr[data-catalog="subnets"]').getByText('exclusive').waitFor();
  await shoot('19-inventory');
  await page.getByRole('link', { name: 'Subnets' }).click();
  await page.locator('tr[data-record="192.168.199.0/24"]').getByRole('link', { name: 'form-cloud-1' }).waitFor();
  await page.locator('tr[data-record="192.168.200.0/24"]').getByText('free').waitFor();
  await page.getByRole('button', { name: 'Add record' }).click();
  await page.getByLabel('CIDR', { exact: true }).fill('192.168.201.0/24');
  await page.getByLabel('Zone', { exact: true }).fill('nova-2');
  await shoot('20a-inventory-record-form');
  await page.getByRole('dialog').getByRole('button', { name: 'Add record' }).click();
  await page.locator('tr[data-record="192.168.201.0/24"]').getByText('nova-2').waitFor();
  await page.getByRole('button', { name: 'Edit record 192.168.201.0/24' }).click();
  await page.getByLabel('Zone', { exact: true }).fill('nova-3');
  await page.getByRole('button', { name: 'Save record' }).click();
  await page.locator('tr[data-record="192.168.201.0/24"]').getByText('nova-3').waitFor();
  // A held record cannot go: the server's detail is in the dialog.
  expectedStatuses.add(409);
  await page.getByRole('button', { name: 'Delete record 192.168.199.0/24' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete record', exact: true }).click();
  const held = page.getByRole('dialog').locator('.pf-v6-c-alert__title');
  await held.waitFor();
  log(`deleting a held record says: "${(await held.innerText()).replace(/^Danger alert:\s*/, "")}"`);
  await shoot('20-inventory-held-record');
  await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
  expectedStatuses.delete(409);
  await shoot('21-inventory-records');
  log('a record added and edited through the catalog schema form');

  // 17. Registries: one with credentials, which are never shown again.
  await nav2('Registries');
  await page.getByRole('button', { name: 'Add registry' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(/^Name/).fill('Deckhouse EE');
  await dialog.getByLabel(/^Images repository/).fill('registry.deckhouse.io/deckhouse/ee');
  await dialog.getByLabel('A user and password').check();
  await dialog.getByLabel(/^Registry user/).fill('license-token');
  await dialog.getByLabel(/^Registry password/).fill('s3cret-license');
  await shoot('21a-registry-form');
  await page.getByRole('dialog').getByRole('button', { name: 'Add registry' }).click();
  await page.locator('tr[data-registry="Deckhouse EE"]').getByText('stored').waitFor();
  await shoot('22-registries');

  // 18. Administration: a new user with a generated password, shown once.
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.waitForURL(/\/admin$/);
  await page.locator('tr[data-user="admin@localhost"]').waitFor();
  await page.getByRole('button', { name: 'Create user' }).click();
  await dialog.getByLabel(/^User email/).fill('vera@example.com');
  await dialog.getByLabel(/^Full name/).fill('Vera Viewer');
  await page.getByRole('dialog').getByRole('button', { name: 'Create user' }).click();
  const generated = await page.getByRole('dialog').getByLabel('password', { exact: true }).inputValue();
  assert.ok(generated.length >= 12, 'a generated password is shown once');
  await shoot('23-admin-user-created');
  await page.getByRole('button', { name: 'Done' }).click();
  await page.locator('tr[data-user="vera@example.com"]').waitFor();
  await shoot('24-admin-users');
  await page.getByRole('tab', { name: 'Workspaces' }).click();
  await page.locator('tr[data-workspace="production-fleet"]').waitFor();
  await page.getByRole('tab', { name: 'Global tokens' }).click();
  await page.getByRole('heading', { name: 'No API tokens yet' }).waitFor();
  log('created the user vera@example.com');

  // 19. Members: Vera joins as a manager, then her role changes to viewer.
  await page.goto('/workspaces/production-fleet/settings');
  await page.getByRole('button', { name: 'Add member' }).click();
  await dialog.getByLabel(/^User/).selectOption({ label: 'Vera Viewer <vera@example.com>' });
  await dialog.getByLabel(/^Role/).selectOption('manager');
  await page.getByRole('dialog').getByRole('button', { name: 'Add member' }).click();
  await page.locator('tr[data-member="vera@example.com"]').waitFor();
  assert.equal(await page.getByLabel('Role of Vera Viewer').inputValue(), 'manager');
  await page.getByLabel('Role of Vera Viewer').selectOption('viewer');
  const bindingRole = async () => {
    // Vera's is the workspace's one binding (the administrator reaches it without one).
    const bindings = await page.evaluate(async (id) => (await fetch(`/api/v1/workspace_role_bindings?workspace_id=${id}`)).json(), workspace.id);
    return bindings[0]?.role;
  };
  for (let i = 0; i < 50 && (await bindingRole()) !== 'viewer'; i++) await page.waitForTimeout(100);
  assert.equal(await bindingRole(), 'viewer', 'the role change reached the server');
  await page.reload();
  await page.getByLabel('Role of Vera Viewer').waitFor();
  assert.equal(await page.getByLabel('Role of Vera Viewer').inputValue(), 'viewer');
  await shoot('25-settings-members');
  log("Vera's role changed from manager to viewer");

  // 20. Tokens: one created with its secret shown once and copied, used, then revoked and refused.
  await page.getByRole('tab', { name: 'API tokens' }).click();
  await page.locator('tr[data-token="e2e"]').waitFor();
  await page.getByRole('button', { name: 'Create token' }).click();
  await dialog.getByLabel(/^Token name/).fill('ci-pipeline');
  await dialog.getByLabel('Read-only').check();
  await page.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
  const secret = await page.getByRole('dialog').getByLabel('token', { exact: true }).inputValue();
  assert.ok(secret.length > 20, 'the secret is shown');
  await shoot('26-settings-token-created');
  await page.getByRole('button', { name: 'Done' }).click();
  const row_ = page.locator('tr[data-token="ci-pipeline"]');
  await row_.getByText('Read-only').waitFor();
  const prefix = (await row_.locator('code').innerText()).replace('…', '');
  assert.ok(secret.startsWith(prefix), `the list shows the secret's first characters (${prefix})`);
  assert.equal((await api(base, 'GET', `/clusters?workspace_id=${workspace.id}&limit=1`, { token: secret })).status, 200, 'the new token works');
  assert.equal((await api(base, 'POST', `/registries?workspace_id=${workspace.id}`, { token: secret, body: { name: 'x', images_repo: 'x' } })).status, 403, 'read-only');
  await page.getByRole('button', { name: 'Revoke ci-pipeline' }).click();
  await page.getByRole('button', { name: 'Revoke token' }).click();
  await row_.getByText('Revoked').waitFor();
  assert.equal((await api(base, 'GET', `/clusters?workspace_id=${workspace.id}&limit=1`, { token: secret })).status, 401, 'a revoked token is refused');
  await shoot('27-settings-tokens');
  log('token ci-pipeline created, used, revoked and refused');

  // 21. The audit log: the role change with its before and after, then filters.
  await nav2('Audit log');
  await page.locator('tr[data-audit]').first().waitFor();
  await page.getByLabel('Object type').selectOption('WorkspaceRoleBinding');
  await page.waitForURL(/object_type=WorkspaceRoleBinding/);
  const update = page.locator('tr[data-audit="WorkspaceRoleBinding:update"]').first();
  await update.waitFor();
  await update.locator('button').first().click();
  await page.locator('table[aria-label="Changes"]').getByText('manager', { exact: true }).waitFor();
  await shoot('28-audit');
  await page.getByLabel('Since').fill('2099-01-01T00:00');
  await page.getByRole('heading', { name: 'No records match' }).waitFor();
  await shoot('29-audit-no-match');
  await page.getByRole('button', { name: 'Clear all filters' }).click();
  await page.locator('tr[data-audit="Cluster:create"]').first().waitFor();
  log('the audit log shows the role change and filters by object type and time');

  // 22. Vera, a viewer, sees the fleet with read-only controls.
  const viewer = await context.browser().newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', baseURL: base });
  try {
    const vp = await viewer.newPage();
    vp.setDefaultTimeout(TIMEOUT);
    vp.on('pageerror', (e) => problems.push(`viewer page error: ${e.message}`));
    vp.on('console', (m) => {
      if (m.type() === 'error' && !/status of 401/.test(m.text())) problems.push(`viewer console error: ${m.text()}`);
    });
    await vp.goto('/login');
    await vp.getByLabel('Email', { exact: true }).fill('vera@example.com');
    await vp.getByLabel('Password', { exact: true }).fill(generated);
    await vp.getByRole('button', { name: 'Sign in' }).click();
    await vp.waitForURL(/\/workspaces$/);
    await vp.goto('/workspaces/production-fleet/clusters');
    await vp.locator('tr[data-cluster="edge-berlin-1"]').waitFor();
    assert.equal(await vp.getByRole('button', { name: 'Create cluster' }).getAttribute('aria-disabled'), 'true', 'a viewer cannot create clusters');
    await vp.goto('/workspaces/production-fleet/settings');
    await vp.locator('tr[data-member="vera@example.com"]').getByText('Viewer', { exact: true }).waitFor();
    assert.equal(await vp.getByLabel('Role of Vera Viewer').count(), 0, 'a viewer sees roles, not role pickers');
    assert.equal(await vp.getByRole('button', { name: /^Remove / }).count(), 0);
    await vp.mouse.move(1, 799);
    await vp.screenshot({ path: path.join(screenshots, '30-viewer-settings-light.png') });
    await vp.goto('/workspaces/production-fleet/audit');
    await vp.getByRole('heading', { name: 'The audit log is for admins' }).waitFor();
    await vp.goto('/workspaces/production-fleet/inventory');
    await vp.locator('tr[data-catalog="subnets"]').waitFor();
    assert.equal(await vp.getByRole('button', { name: 'Create catalog' }).getAttribute('aria-disabled'), 'true');
    await viewerResourcesSteps({ page: vp, slug: 'production-fleet', clusterId: edge.id, log });
    log('a viewer sees read-only controls');
  } finally {
    await viewer.close();
  }

  // 23. The theme switch overrides the system's preference.
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await page.mouse.move(1, 799);
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('pf-v6-theme-dark')), true);
  await page.getByRole('button', { name: 'Theme of the system' }).click();
  assert.equal(await page.evaluate(() => document.documentElement.classList.contains('pf-v6-theme-dark')), false);

  // 24. Sign out: back to the sign-in page, and the console needs signing in again.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(/\/login/);
  await page.goto('/workspaces/production-fleet/clusters');
  await page.waitForURL(/\/login\?next=/);

  assert.deepEqual(problems, [], 'no errors in the browser console');
}
