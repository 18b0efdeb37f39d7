// Namespaces: create one (and see a refused id explained), switch to it, see only its configs.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import { useConsole } from './lib/harness.mjs';

describe('namespaces', { timeout: 240_000 }, () => {
  const c = useConsole();

  test('an illegal namespace id is explained next to the field', async () => {
    const page = await c.open('#/namespaces');
    await page.getByTestId('new-namespace').click();
    await page.fill('#ns-id', 'bad id!');
    await page.fill('#ns-name', 'Broken');
    await page.getByRole('button', { name: 'Create' }).click();
    const err = page.getByTestId('ns-id-error');
    await err.waitFor();
    assert.ok((await err.innerText()).length > 0);
  });

  test('create a namespace', async () => {
    const { page } = c;
    await page.fill('#ns-id', 'dev');
    await page.fill('#ns-name', 'Development');
    await page.fill('#ns-desc', 'pipelines under test');
    await page.getByRole('button', { name: 'Create' }).click();
    const rows = page.getByTestId('namespace-row');
    await waitFor(async () => (await rows.count()) === 2, { what: 'public and dev listed' });
    assert.match(await rows.nth(1).innerText(), /Development/);
    await screenshot(page, 'namespaces');
  });

  test('switching namespace shows that namespace only', async () => {
    await c.api.publish({ dataId: 'public-only.properties', content: 'a=1' });
    await c.api.publish({ dataId: 'dev-only.properties', content: 'a=2', tenant: 'dev' });
    const page = await c.open('#/configs');
    const rows = page.getByTestId('config-row');
    await waitFor(async () => (await rows.count()) === 1, { what: 'the public config' });
    assert.match(await rows.innerText(), /public-only/);
    await page.getByTestId('namespace-switcher').selectOption('dev');
    await waitFor(async () => /dev-only/.test(await page.getByTestId('config-table').innerText().catch(() => '')), {
      what: 'the dev config',
    });
    assert.equal(await rows.count(), 1);
    assert.match(page.url(), /ns=dev/);
    // The detail of a config in dev reads from dev.
    await rows.locator('a').first().click();
    await page.getByTestId('config-md5').waitFor();
    assert.equal(await page.getByTestId('config-md5').innerText(), (await c.api.detail({ dataId: 'dev-only.properties', tenant: 'dev' })).md5);
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(c.errors(), []);
  });
});
