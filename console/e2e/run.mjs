#!/usr/bin/env node
// Runs the browser tests against the real app: starts `bin/run --no-build` on free ports with its own data folder
// (fresh PostgreSQL, Redis and Azurite), waits until the console and the API answer, runs Playwright with Debian's
// Chromium, then stops what it started (its own process group) and removes the data folder.
//
//   node e2e/run.mjs [playwright arguments]      (from console/; bin/test runs it)
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const consoleDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const root = path.resolve(consoleDir, '..');
const START_TIMEOUT_MS = 240_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what, probe, child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bin/run exited (${child.exitCode}) before ${what}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${START_TIMEOUT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const apiPort = await freePort();
const consolePort = await freePort();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'aisaas-console-e2e-'));
const settings = path.join(dataDir, 'local.settings.json');
copyFileSync(path.join(root, 'local.settings.sample.json'), settings);
const consoleUrl = `http://localhost:${consolePort}`;

console.error(`e2e: starting bin/run (API :${apiPort}, console :${consolePort}, data ${dataDir})`);
const host = spawn(path.join(root, 'bin', 'run'), ['--no-build', '--port', String(apiPort), '--settings', settings], {
  cwd: root,
  detached: true, // its own process group, so that stopping it stops exactly what it started
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, CONSOLE_PORT: String(consolePort), DEVHOST_DATA_DIR: dataDir, DEVHOST_TIMERS: 'off', CONSOLE: 'on' },
});
const log = [];
host.stdout.on('data', (chunk) => log.push(chunk));
host.stderr.on('data', (chunk) => log.push(chunk));

function stop() {
  return new Promise((resolve) => {
    if (host.exitCode !== null || host.signalCode !== null) return resolve();
    host.once('exit', () => resolve());
    try {
      process.kill(-host.pid, 'SIGTERM');
    } catch {
      return resolve();
    }
    setTimeout(() => {
      try {
        process.kill(-host.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }, 45_000).unref();
  });
}

let status = 1;
try {
  await waitFor('the API answered', async () => (await fetch(`${consoleUrl}/api/health/live`)).status === 200, host);
  await waitFor('sample tokens were offered', async () => ((await (await fetch(`${consoleUrl}/dev/tokens`)).json()).length > 1), host);
  status = await new Promise((resolve) => {
    const playwright = spawn(process.execPath, [path.join(consoleDir, 'node_modules', '@playwright', 'test', 'cli.js'), 'test', ...process.argv.slice(2)], {
      cwd: consoleDir,
      stdio: 'inherit',
      env: { ...process.env, CONSOLE_URL: consoleUrl, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
    });
    playwright.on('exit', (code) => resolve(code ?? 1));
  });
} catch (error) {
  console.error(`e2e: ${error.message}\n--- bin/run output ---\n${Buffer.concat(log).toString('utf8').slice(-8000)}`);
} finally {
  await stop();
  if (status !== 0) console.error(`e2e: the host's logs are kept in ${dataDir}/logs`);
  else rmSync(dataDir, { recursive: true, force: true });
}
process.exit(status);
