// The npm `nacos` client (pinned in package-lock.json) against the real lever-server: publish,
// get, subscribe and receive an update published by a second client, remove, get -> null.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';

import { LeverServer, freePort, waitUntil } from './lib/server.mjs';

const GROUP = 'DEFAULT_GROUP';
const md5 = (s) => crypto.createHash('md5').update(s, 'utf8').digest('hex');

let server;
let nacos;
const clients = [];
const clientErrors = [];

before(async () => {
  // NacosConfigClient shares its connection through cluster-client, which claims a local TCP
  // port (default 7777) at load time; give it a free one so parallel runs never meet.
  process.env.NODE_CLUSTER_CLIENT_PORT = String(await freePort());
  nacos = (await import('nacos')).default;
  server = await new LeverServer().start();
});

after(async () => {
  for (const client of clients) client.close();
  // The clients' idle keep-alive connections stay open; how fast SIGTERM deals with them is
  // asserted by the integration suite (ops_test.cc), here only that the exit is clean.
  const started = Date.now();
  const exit = await server?.stop(30000);
  assert.deepEqual(exit, { code: 0, signal: null }, `graceful exit expected:\n${server?.log}`);
  console.log(`lever-server stopped in ${Date.now() - started} ms; client errors: ${clientErrors.length}`);
});

function track(client) {
  client.on('error', (err) => clientErrors.push(err));
  clients.push(client);
  return client;
}

function cacheDir() {
  return fs.mkdtempSync(path.join(server.tempDir, 'cache-'));
}

// The addresses listening to a key, from the server's listener query (nacos-protocol.md §4.6).
async function listenersOf(dataId, tenant = '') {
  const query = new URLSearchParams({ dataId, group: GROUP, tenant, sampleTime: '1' });
  const response = await fetch(server.url(`/nacos/v1/cs/configs/listener?${query}`));
  const body = await response.json();
  return body.lisentersGroupkeyStatus ?? {};
}

test('NacosConfigClient: publish, get, subscribe + update, remove', async () => {
  const client = track(new nacos.NacosConfigClient({ serverAddr: server.address, cacheDir: cacheDir() }));
  await client.ready();
  // A second, independent client publishes the update (DataClient: no shared connection).
  const other = track(new nacos.DataClient({ serverAddr: server.address, cacheDir: cacheDir() }));
  await other.ready();

  const dataId = `npm.compat.${Date.now()}`;
  assert.equal(await client.publishSingle(dataId, GROUP, 'a: 1'), true);
  assert.equal(await client.getConfig(dataId, GROUP), 'a: 1');

  const received = [];
  const listener = (content) => received.push(content);
  client.subscribe({ dataId, group: GROUP }, listener);
  assert.ok(await waitUntil(() => received.includes('a: 1'), 5000), `initial callback: ${received}`);
  // The client's long-poll is held with the md5 of what it has.
  assert.ok(
    await waitUntil(async () => (await listenersOf(dataId))['127.0.0.1'] === md5('a: 1'), 5000),
    'the subscription never showed up as a held long-poll');

  const publishedAt = Date.now();
  assert.equal(await other.publishSingle(dataId, GROUP, 'a: 2'), true);
  assert.ok(await waitUntil(() => received.includes('a: 2'), 5000), `update not received: ${received}`);
  const latencyMs = Date.now() - publishedAt;
  assert.ok(latencyMs < 5000, `update took ${latencyMs} ms`);

  client.unSubscribe({ dataId, group: GROUP }, listener);
  assert.equal(await client.remove(dataId, GROUP), true);
  assert.equal(await client.getConfig(dataId, GROUP), null);
  assert.equal(await other.getConfig(dataId, GROUP), null);
});

test('DataClient in a namespace: unicode content, 4-field listening, isolation', async () => {
  const namespace = `npm-ns-${Date.now()}`;
  const inNs = track(new nacos.DataClient({ serverAddr: server.address, namespace, cacheDir: cacheDir() }));
  const inPublic = track(new nacos.DataClient({ serverAddr: server.address, cacheDir: cacheDir() }));
  await Promise.all([inNs.ready(), inPublic.ready()]);

  const dataId = `npm.ns.${Date.now()}`;
  assert.equal(await inNs.publishSingle(dataId, GROUP, '中文: 值', { type: 'yaml' }), true);
  assert.equal(await inNs.getConfig(dataId, GROUP), '中文: 值');
  assert.equal(await inPublic.getConfig(dataId, GROUP), null);

  const received = [];
  inNs.subscribe({ dataId, group: GROUP }, (content) => received.push(content));
  assert.ok(await waitUntil(() => received.includes('中文: 值'), 5000), `initial: ${received}`);
  assert.ok(
    await waitUntil(async () => (await listenersOf(dataId, namespace))['127.0.0.1'] === md5('中文: 值'), 5000),
    'the namespace subscription never showed up as a held long-poll');

  // Same key in the public namespace must not reach the namespace subscriber.
  assert.equal(await inPublic.publishSingle(dataId, GROUP, 'public'), true);
  const writer = track(new nacos.DataClient({ serverAddr: server.address, namespace, cacheDir: cacheDir() }));
  assert.equal(await writer.publishSingle(dataId, GROUP, '更新'), true);
  assert.ok(await waitUntil(() => received.includes('更新'), 5000), `update not received: ${received}`);
  assert.ok(!received.includes('public'), `public publish leaked into the namespace: ${received}`);

  inNs.unSubscribe({ dataId, group: GROUP });
  assert.equal(await inNs.remove(dataId, GROUP), true);
  assert.equal(await inNs.getConfig(dataId, GROUP), null);
  assert.equal(await inPublic.getConfig(dataId, GROUP), 'public');
});
