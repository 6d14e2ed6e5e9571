// End-to-end tests of the web console: a real Commander (the built server jar, its embedded PostgreSQL
// and Kafka, on free ports, in a temporary state folder) driven through Debian's Chromium by
// playwright-core. Screenshots of each main screen, light and dark, go to e2e/screenshots/.
//
//   node e2e/run.mjs                 (from webroot/, after npm run build and the server jar's build)
//   COMMANDER_E2E_URL=http://localhost:8080 COMMANDER_E2E_PASSWORD=... node e2e/run.mjs   (against a running one)

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { scenario } from './scenario.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const webroot = path.resolve(here, '..');
const projectRoot = path.resolve(webroot, '..');
const screenshots = path.join(here, 'screenshots');

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** Two free ports in a row (the embedded Kafka's controller takes the broker's port + 1). */
async function freePortPair() {
  for (let i = 0; i < 50; i++) {
    const port = 20000 + Math.floor(Math.random() * 30000);
    if ((await portIsFree(port)) && (await portIsFree(port + 1))) return port;
  }
  throw new Error('no two free ports in a row');
}

function chromiumPath() {
  for (const candidate of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('Chromium not found: install Debian\'s chromium package (bin/commander test does) or set CHROMIUM_PATH');
}

async function waitReady(base, server, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server && server.exitCode !== null) break;
    try {
      const response = await fetch(`${base}/health/ready`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  const log = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n') : '';
  throw new Error(`Commander did not become ready at ${base}${server?.exitCode !== null ? ` (exited with ${server.exitCode})` : ''}\n${log}`);
}

async function startCommander() {
  const jar = path.join(projectRoot, 'server/target/commander-server.jar');
  if (!existsSync(jar)) throw new Error(`${jar} is missing: build the server first (bin/commander build)`);
  if (!existsSync(path.join(webroot, 'dist/index.html'))) throw new Error('webroot/dist is missing: run npm run build first');
  const state = mkdtempSync(path.join(os.tmpdir(), 'commander-e2e-'));
  const httpPort = await freePort();
  const password = 'e2e-admin-password-1';
  const env = {
    ...process.env,
    COMMANDER_HTTP_HOST: '127.0.0.1',
    COMMANDER_HTTP_PORT: String(httpPort),
    COMMANDER_HTTP_INSTANCES: '1',
    COMMANDER_HTTP_SHUTDOWN_TIMEOUT: '2',
    COMMANDER_HTTP_WEBROOT: path.join(webroot, 'dist'),
    COMMANDER_STATE_DIR: state,
    COMMANDER_DB_EMBEDDED_PORT: String(await freePort()),
    COMMANDER_KAFKA_EMBEDDED_PORT: String(await freePortPair()),
    COMMANDER_ADMIN_EMAIL: 'admin@localhost',
    COMMANDER_ADMIN_PASSWORD: password,
    COMMANDER_AUTH_PASSWORD_ITERATIONS: '1000',
    COMMANDER_SIMULATED_INSTALL_DURATION: '4',
    COMMANDER_CLUSTER_MANAGER_DEFAULT_PROVISIONER: 'simulated',
    COMMANDER_CLUSTER_MANAGER_RETRY_BACKOFF: '1',
    COMMANDER_CLUSTER_MANAGER_SHUTDOWN_TIMEOUT: '2',
  };
  const logFile = path.join(state, 'commander.log');
  const out = openSync(logFile, 'a');
  const server = spawn('java', ['-Xms128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar, 'run'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', out, out],
  });
  const base = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server.kill('SIGKILL'), 20000);
      await exited;
      clearTimeout(timer);
    }
    if (!process.env.COMMANDER_E2E_KEEP) rmSync(state, { recursive: true, force: true });
  };
  try {
    await waitReady(base, server, logFile, 180000);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, email: 'admin@localhost', password, stop, logFile };
}

async function main() {
  const started = Date.now();
  mkdirSync(screenshots, { recursive: true });
  const external = process.env.COMMANDER_E2E_URL;
  const commander = external
    ? { base: external.replace(/\/$/, ''), email: process.env.COMMANDER_E2E_EMAIL ?? 'admin@localhost', password: process.env.COMMANDER_E2E_PASSWORD ?? '', stop: async () => undefined }
    : await startCommander();
  console.log(`e2e: Commander ready at ${commander.base} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  let failed = false;
  try {
    await scenario({ browser, ...commander, screenshots, log: (m) => console.log(`e2e: ${m}`) });
  } catch (e) {
    failed = true;
    console.error(`e2e: FAILED: ${e && e.stack ? e.stack : e}`);
    if (commander.logFile && existsSync(commander.logFile)) {
      console.error('e2e: last lines of the Commander log:\n' + readFileSync(commander.logFile, 'utf8').split('\n').slice(-30).join('\n'));
    }
  } finally {
    await browser.close();
    await commander.stop();
  }
  console.log(`e2e: ${failed ? 'failed' : 'passed'} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${path.relative(projectRoot, screenshots)}/`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
