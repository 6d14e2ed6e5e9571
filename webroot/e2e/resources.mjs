// End-to-end steps of a cluster's resources tab, on an installed simulated cluster whose agent is
// connected: managed resources, nodes, namespaces, pods (deep link with a namespace, a pod's log),
// workloads, events, a ModuleConfig edited as a manager (and a stale save's 409), NodeGroups.

import assert from 'node:assert/strict';

const MODULE = 'e2e-observability';

/** Waits until `check` answers a truthy value (the cluster's agent connects shortly after install). */
async function until(what, check, timeoutMs = 60000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await check();
    if (last) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export async function resourcesSteps({ page, api, base, token, slug, clusterId, neverConnectedId, shoot, fillEditor, expectedStatuses, log }) {
  const console_ = (p, options) => api(base, options?.method ?? 'GET', `/clusters/${clusterId}/console/${p}`, { token, ...options });
  await until("the cluster's agent", async () => (await api(base, 'GET', `/clusters/${clusterId}`, { token })).json.agent_status === 'connected');
  const podsNow = await until('the console API', async () => {
    const r = await console_('pods');
    return r.status === 200 ? r.json.items : null;
  });
  // A ModuleConfig of our own to edit (writes of ModuleConfigs are within the agent's allow-list).
  const created = await api(base, 'POST', `/clusters/${clusterId}/k8s/apis/deckhouse.io/v1alpha1/moduleconfigs`, {
    token,
    body: { apiVersion: 'deckhouse.io/v1alpha1', kind: 'ModuleConfig', metadata: { name: MODULE }, spec: { enabled: true, version: 1, settings: { retentionDays: 7 } } },
  });
  assert.ok(created.status === 201 || created.status === 409, `ModuleConfig created: ${created.status} ${JSON.stringify(created.json)}`);
  const base_ = `/workspaces/${slug}/clusters/${clusterId}`;

  // Managed: what Commander applies from the template, from the agent's report.
  await page.goto(`${base_}/resources`);
  await page.getByRole('tab', { name: 'Managed' }).waitFor();
  await page.getByText('Last checked by the agent').waitFor();
  await page.locator('tr[data-resource], .commander-state').first().waitFor();
  await shoot('18r-resources-managed', { top: true });

  // Nodes, one opened to its conditions.
  await page.getByRole('tab', { name: 'Nodes' }).click();
  await page.waitForURL(new RegExp(`${base_}/resources/nodes$`));
  const firstNode = page.locator('tr[data-node]').first();
  await firstNode.waitFor();
  await firstNode.getByRole('button', { name: /details|expand|toggle/i }).first().click();
  await page.getByRole('grid', { name: /^Conditions of / }).or(page.getByText('No conditions reported.')).first().waitFor();
  await shoot('18r-resources-nodes', { top: true });
  log(`nodes: ${await page.locator('tr[data-node]').count()} listed`);

  // Namespaces, then pods of one namespace by a deep link that survives a reload.
  await page.getByRole('tab', { name: 'Namespaces' }).click();
  await page.locator('tr[data-namespace]').first().waitFor();
  await shoot('18r-resources-namespaces', { top: true });
  // A simulated cluster may run no pods: its namespace `default` then shows the empty state (and no log).
  const pod = podsNow[0];
  const namespace = pod ? pod.namespace : 'default';
  await page.locator(`tr[data-namespace="${namespace}"]`).getByRole('button', { name: namespace }).click();
  await page.waitForURL(new RegExp(`${base_}/resources/pods\\?namespace=${encodeURIComponent(namespace)}$`));
  await page.reload();
  assert.equal(await page.getByLabel('Namespace').inputValue(), namespace, 'the namespace is kept in the address');
  if (pod) {
    const podRow = page.locator(`tr[data-pod="${pod.namespace}/${pod.name}"]`);
    await podRow.waitFor();
    assert.equal(await page.locator('tr[data-pod]').count(), podsNow.filter((p) => p.namespace === pod.namespace).length, 'only the namespace\'s pods');
    await podRow.getByRole('button', { name: /details|expand|toggle/i }).first().click();
    await page.getByRole('grid', { name: `Containers of ${pod.name}` }).getByText(pod.containers[0].name, { exact: true }).waitFor();
    await shoot('18r-resources-pods', { top: true });

    // The pod's log: its tail, followed; stopped and resumed.
    await podRow.getByRole('button', { name: `Log of ${pod.name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(`Log of ${pod.name}`).waitFor();
    // As many lines as the API answers for the same tail, each starting with its time (a simulated
    // container's lines are written anew, relative to now, on each read: their words cannot be compared).
    const lines = (await fetch(`${base}/api/v1/clusters/${clusterId}/console/pods/${pod.namespace}/${pod.name}/log?tail_lines=500`, { headers: { 'X-Auth-Token': token } }).then((r) => r.text())).split('\n').filter((l) => l.trim());
    assert.ok(lines.length > 0, 'the pod has a log');
    const shown = () => dialog.getByLabel('Pod log').evaluate((el) => el.textContent.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)).length);
    await until(`${lines.length} lines of the log`, async () => (await shown()) === lines.length, 15000);
    log(`pod ${pod.namespace}/${pod.name}: ${lines.length} lines of its log shown`);
    await shoot('18r-resources-pod-log');
    await dialog.getByRole('button', { name: 'Stop' }).click();
    await dialog.getByText('stopped', { exact: true }).waitFor();
    await dialog.getByRole('button', { name: 'Resume' }).click();
    await dialog.getByText(/^(following|the stream ended)$/).waitFor();
    await until(`${lines.length} lines of the log again`, async () => (await shown()) === lines.length, 15000);
    await dialog.getByRole('button', { name: 'Close' }).first().click();
    await dialog.waitFor({ state: 'detached' });
    log(`pod ${pod.namespace}/${pod.name}: log read and followed`);
  } else {
    await page.getByRole('heading', { name: 'No pods' }).waitFor();
    await shoot('18r-resources-pods', { top: true });
    log('the simulated cluster runs no pods: the pods view is empty and no log is opened');
  }

  // Workloads and events keep the namespace.
  await page.getByRole('tab', { name: 'Workloads' }).click();
  await page.waitForURL(new RegExp(`${base_}/resources/workloads\\?namespace=${encodeURIComponent(namespace)}$`));
  await page.locator('tr[data-workload], .commander-state').first().waitFor();
  await shoot('18r-resources-workloads', { top: true });
  await page.getByRole('tab', { name: 'Events' }).click();
  await page.waitForURL(new RegExp(`${base_}/resources/events\\?namespace=${encodeURIComponent(namespace)}$`));
  await page.getByLabel('Namespace').selectOption('');
  await page.waitForURL(new RegExp(`${base_}/resources/events$`));
  await page.locator('tr[data-event-type], .commander-state').first().waitFor();
  await shoot('18r-resources-events', { top: true });

  // A ModuleConfig's settings edited as YAML, saved to the cluster.
  await page.getByRole('tab', { name: 'ModuleConfigs' }).click();
  const mcRow = page.locator(`tr[data-moduleconfig="${MODULE}"]`);
  await mcRow.waitFor();
  await shoot('18r-resources-moduleconfigs', { top: true });
  await mcRow.getByRole('button', { name: `Edit ${MODULE}` }).click();
  const editor = page.getByRole('dialog');
  await editor.getByText(`ModuleConfig ${MODULE}`).waitFor();
  await editor.getByLabel(`Settings of ${MODULE}`).getByText('retentionDays').first().waitFor();
  await fillEditor(`Settings of ${MODULE}`, 'retentionDays: 14\nstorageClass: fast\n');
  await editor.getByLabel('Settings version').fill('2');
  await shoot('18r-resources-moduleconfig-edit');
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.getByText('Saved to the cluster').waitFor();
  const saved = await console_(`moduleconfigs/${MODULE}`);
  assert.deepEqual(saved.json.settings, { retentionDays: 14, storageClass: 'fast' }, 'the settings reached the cluster');
  assert.equal(saved.json.version, 2);
  log('ModuleConfig settings saved from the console');

  // Someone else changes it meanwhile: the save is refused with 409 and the current settings load.
  const theirs = await console_(`moduleconfigs/${MODULE}`, { method: 'PUT', body: { enabled: true, version: 2, settings: { retentionDays: 30 }, resource_version: saved.json.resource_version } });
  assert.equal(theirs.status, 200, `a change behind the console's back: ${JSON.stringify(theirs.json)}`);
  await fillEditor(`Settings of ${MODULE}`, 'retentionDays: 21\n');
  expectedStatuses.add(409);
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.getByText('Someone changed this ModuleConfig in the cluster since you opened it').waitFor();
  await shoot('18r-resources-moduleconfig-conflict');
  await editor.getByRole('button', { name: 'Discard my edits and load the current settings' }).click();
  await editor.getByLabel(`Settings of ${MODULE}`).getByText('30').first().waitFor();
  await editor.getByRole('button', { name: 'Close' }).last().click();
  await editor.waitFor({ state: 'detached' });
  expectedStatuses.delete(409);
  log('a stale ModuleConfig save says so and loads the current settings');

  // NodeGroups.
  await page.getByRole('tab', { name: 'NodeGroups' }).click();
  await page.waitForURL(new RegExp(`${base_}/resources/nodegroups$`));
  await page.locator('tr[data-nodegroup], .commander-state').first().waitFor();
  await shoot('18r-resources-nodegroups', { top: true });

  // A cluster whose agent never connected (its configuration does not render) says so, and asks nothing.
  if (neverConnectedId) {
    let asked = 0;
    const count = (request) => {
      if (request.url().includes(`/clusters/${neverConnectedId}/console/`)) asked++;
    };
    page.on('request', count);
    await page.goto(`/workspaces/${slug}/clusters/${neverConnectedId}/resources/pods`);
    await page.getByRole('heading', { name: 'The agent has not connected yet' }).waitFor();
    page.off('request', count);
    assert.equal(asked, 0, 'nothing is asked of a cluster whose agent never connected');
    await shoot('18r-resources-never-connected', { top: true });
    log('a cluster whose agent never connected says so');
  }
}

/** A viewer reads a ModuleConfig's settings and has nothing to save them with. */
export async function viewerResourcesSteps({ page, slug, clusterId, log }) {
  await page.goto(`/workspaces/${slug}/clusters/${clusterId}/resources/moduleconfigs`);
  const row = page.locator(`tr[data-moduleconfig="${MODULE}"]`);
  await row.waitFor();
  assert.equal(await row.getByRole('button', { name: `Edit ${MODULE}` }).count(), 0, 'a viewer has no edit control');
  await row.getByRole('button', { name: `View ${MODULE}` }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel(`Settings of ${MODULE}`).getByText('retentionDays').first().waitFor();
  assert.equal(await dialog.getByRole('button', { name: 'Save' }).count(), 0, 'a viewer cannot save a ModuleConfig');
  assert.equal(await dialog.getByLabel(`Settings of ${MODULE}`).getAttribute('contenteditable'), 'false', 'the settings are read-only');
  await dialog.getByRole('button', { name: 'Close' }).last().click();
  log('a viewer reads a ModuleConfig without an edit control');
}
