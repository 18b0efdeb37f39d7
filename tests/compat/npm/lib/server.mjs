// Starts the real lever-server for compatibility tests: free ports (--port=0), a temp data dir,
// readiness from the `event=ready http_port=<N> grpc_port=<M>` log line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// LEVER_SERVER_BIN, else the default build dir of the repository (<repo>/build).
export function serverBinary() {
  return process.env.LEVER_SERVER_BIN ||
    path.resolve(here, '../../../../build/server/app/lever-server');
}

// Polls `condition` (sync or async) every `stepMs` until it is truthy or `deadlineMs` passes.
export async function waitUntil(condition, deadlineMs, stepMs = 20) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() >= end) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

// A port nobody listens on right now (the OS picks it).
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export class LeverServer {
  // auth: start with --auth=on and admin `nacos` / adminPassword (via LEVER_ADMIN_PASSWORD).
  constructor({ auth = false, adminPassword = 'lever-npm-admin-pw' } = {}) {
    this.auth = auth;
    this.adminPassword = adminPassword;
    this.tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lever-npm-'));
    this.log = '';
    this.exit = null;
  }

  async start(readyDeadlineMs = 15000) {
    const binary = serverBinary();
    fs.accessSync(binary, fs.constants.X_OK);
    this.child = spawn(binary, [
      '--port=0', '--grpc-port=0', `--data-dir=${path.join(this.tempDir, 'data')}`,
      '--store=rocksdb', '--log-level=info', this.auth ? '--auth=on' : '--auth=off',
    ], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: this.auth ? { ...process.env, LEVER_ADMIN_PASSWORD: this.adminPassword } : process.env,
    });
    const append = (chunk) => { this.log += chunk.toString(); };
    this.child.stdout.on('data', append);
    this.child.stderr.on('data', append);
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    const ready = /event=ready\b.*?\bhttp_port=(\d+).*?\bgrpc_port=(-?\d+)/;
    const ok = await waitUntil(() => ready.test(this.log) || this.exit !== null, readyDeadlineMs);
    const match = this.log.match(ready);
    if (!ok || !match) {
      this.child.kill('SIGKILL');
      throw new Error(`lever-server ${binary} not ready (exit ${JSON.stringify(this.exit)}):\n${this.log}`);
    }
    this.httpPort = Number(match[1]);
    this.grpcPort = Number(match[2]);
    return this;
  }

  get address() { return `127.0.0.1:${this.httpPort}`; }

  url(pathAndQuery) { return `http://${this.address}${pathAndQuery}`; }

  // SIGTERM, then SIGKILL after `deadlineMs`; resolves to { code, signal }.
  async stop(deadlineMs = 10000) {
    if (this.child && this.exit === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), deadlineMs);
      await this.exited;
      clearTimeout(timer);
    }
    if (!process.env.LEVER_TEST_KEEP) fs.rmSync(this.tempDir, { recursive: true, force: true });
    return this.exit;
  }
}
