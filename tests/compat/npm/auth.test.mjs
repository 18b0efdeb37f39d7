// The npm `nacos` client with username/password (it sends them on every request and never logs
// in, nacos-protocol.md §9.3) against lever-server with --auth=on: a user with rw on the public
// namespace publishes, reads and receives updates; a wrong password gets nothing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { LeverServer, freePort, waitUntil } from './lib/server.mjs';

let server;
let nacos;
const clients = [];

before(async () => {
  process.env.NODE_CLUSTER_CLIENT_PORT = String(await freePort());
  nacos = (await import('nacos')).default;
  server = await new LeverServer({ auth: true }).start();
  const admin = await post('/nacos/v1/auth/login', { username: 'nacos', password: server.adminPassword });
  const { accessToken } = await admin.json();
  for (const [p, form] of [
    ['/nacos/v1/auth/users', { username: 'app', password: 'app-pw' }],
    ['/nacos/v1/auth/roles', { role: 'apps', username: 'app' }],
    ['/nacos/v1/auth/permissions', { role: 'apps', resource: ':*:*', action: 'rw' }],
  ]) {
    const res = await post(`${p}?accessToken=${encodeURIComponent(accessToken)}`, form);
    assert.equal(res.status, 200, await res.text());
  }
});

after(async () => {
  for (const client of clients) client.close();
  await server?.stop(30000);
});

function post(p, form) {
  return fetch(server.url(p), { method: 'POST', body: new URLSearchParams(form) });
}

// NacosConfigClient instances in one process share a leader connection (cluster-client), so a
// second one would use the first one's credentials: DataClient has its own connection.
function client(username, password, Client = nacos.NacosConfigClient) {
  const c = new Client({
    serverAddr: server.address, username, password,
    cacheDir: fs.mkdtempSync(path.join(server.tempDir, 'cache-')),
  });
  c.on('error', () => {});
  clients.push(c);
  return c;
}

test('username/password on each request: publish, get, subscribe', async () => {
  const c = client('app', 'app-pw');
  await c.ready();
  assert.equal(await c.publishSingle('auth.npm', 'DEFAULT_GROUP', 'v1'), true);
  assert.equal(await c.getConfig('auth.npm', 'DEFAULT_GROUP'), 'v1');
  const seen = [];
  c.subscribe({ dataId: 'auth.npm', group: 'DEFAULT_GROUP' }, (content) => seen.push(content));
  await waitUntil(() => seen.includes('v1'), 10000);
  assert.equal(await c.publishSingle('auth.npm', 'DEFAULT_GROUP', 'v2'), true);
  assert.ok(await waitUntil(() => seen.includes('v2'), 40000), `update not received: ${seen}`);
});

test('a wrong password is refused', async () => {
  // A key no client has read yet: the npm client answers a failed read from its local snapshot
  // when it has one, which would hide the refusal.
  // The client retries a refused request until its timeout, so the per-IP limit on failed
  // passwords soon answers 503 instead of 403: either is a refusal.
  const c = client('app', 'wrong', nacos.DataClient);
  await assert.rejects(c.getConfig('auth.npm.never-read', 'DEFAULT_GROUP'), /Status: (403|503)/);
  await assert.rejects(c.publishSingle('auth.npm', 'DEFAULT_GROUP', 'intruder'), /Status: (403|503)/);
  assert.equal(await client('app', 'app-pw', nacos.DataClient).getConfig('auth.npm', 'DEFAULT_GROUP'), 'v2');
});
