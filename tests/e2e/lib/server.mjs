// Starts the real lever-server on a free port with a fresh data dir, serving the built console,
// and waits for its `event=ready` line.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');

export function serverBinary() {
  return process.env.LEVER_SERVER_BIN || join(repoRoot, 'build/server/app/lever-server');
}

export function consoleDir() {
  return process.env.LEVER_CONSOLE_DIR || join(repoRoot, 'web/dist');
}

// auth: --auth=on with admin `nacos` / adminPassword (given as LEVER_ADMIN_PASSWORD); the
// existing suites run with --auth=off.
export async function startServer({ readyTimeoutMs = 30_000, auth = false, adminPassword = 'lever-e2e-admin-pw' } = {}) {
  const bin = serverBinary();
  if (!existsSync(bin)) throw new Error(`lever-server not found at ${bin}; build it or set LEVER_SERVER_BIN`);
  const dist = consoleDir();
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`console not built: ${dist}/index.html missing (npm run build in web/)`);
  const dataDir = await mkdtemp(join(tmpdir(), 'lever-e2e-'));
  const child = spawn(bin, ['--port=0', '--grpc-port=-1', `--data-dir=${dataDir}`, auth ? '--auth=on' : '--auth=off', `--console-dir=${dist}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: auth ? { ...process.env, LEVER_ADMIN_PASSWORD: adminPassword } : process.env,
  });
  let output = '';
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`lever-server not ready after ${readyTimeoutMs} ms:\n${output}`)), readyTimeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const m = /event=ready http_port=(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolvePort(Number(m[1]));
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`lever-server exited with ${code} before ready:\n${output}`));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    port,
    baseUrl,
    adminPassword,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
