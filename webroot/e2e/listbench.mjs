// How long the clusters list takes to show its first page in headless Chromium, against a running Commander
// whose workspace holds a large fleet: `bin/commander bench api` runs it after the read API's figures.
//
//   COMMANDER_BENCH_URL=http://127.0.0.1:8080 COMMANDER_BENCH_EMAIL=... COMMANDER_BENCH_PASSWORD=... \
//   COMMANDER_BENCH_WORKSPACE=bench node e2e/listbench.mjs
//
// Prints one JSON line: for each full load of the list's address (a new document: the app starts, asks the
// API for the page, draws it), the time from the start of the navigation to the first row on screen, by the
// browser's own clock (performance.now()); the app's assets are cached as a signed-in operator has them.
// Also the rows the first page shows.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const base = process.env.COMMANDER_BENCH_URL;
const email = process.env.COMMANDER_BENCH_EMAIL;
const password = process.env.COMMANDER_BENCH_PASSWORD;
const workspace = process.env.COMMANDER_BENCH_WORKSPACE;
const loads = Number(process.env.COMMANDER_BENCH_LOADS ?? '7');
if (!base || !email || !password || !workspace) {
  console.error('listbench: set COMMANDER_BENCH_URL, COMMANDER_BENCH_EMAIL, COMMANDER_BENCH_PASSWORD and COMMANDER_BENCH_WORKSPACE');
  process.exit(2);
}

const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']
  .find((candidate) => candidate && existsSync(candidate));
if (!executablePath) {
  console.error('listbench: Chromium not found (Debian\'s chromium package, or CHROMIUM_PATH)');
  process.exit(3);
}

const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await page.goto(`${base}/login`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/workspaces$/);

  const firstRow = 'table[aria-label="Clusters"] tbody tr[data-cluster]';
  const times = [];
  let rows = 0;
  for (let i = 0; i < loads; i++) {
    await page.goto(`${base}/workspaces/${workspace}/clusters`, { waitUntil: 'commit' });
    await page.locator(firstRow).first().waitFor({ timeout: 30000 });
    times.push(Math.round(await page.evaluate(() => performance.now())));
    rows = await page.locator(firstRow).count();
  }
  console.log(JSON.stringify({ loads_ms: times, rows }));
} finally {
  await browser.close();
}
