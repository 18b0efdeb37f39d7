// Live updates: changes made elsewhere appear in the list and the open detail view without a
// reload (the console event stream, docs/console.md).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { useConsole } from './lib/harness.mjs';

describe('live updates', { timeout: 240_000 }, () => {
  const c = useConsole();

  test('the feed is live', async () => {
    await c.open('#/configs');
    await waitFor(async () => (await c.page.getByTestId('feed-state').innerText()).includes('Live'), { what: 'the live stream' });
  });

  test('a config published elsewhere appears in the list', async () => {
    await c.api.publish({ dataId: 'appears.properties', content: 'a=1' });
    await waitFor(async () => (await c.page.getByTestId('config-row').count()) === 1, { timeoutMs: 5000, what: 'the new row' });
  });

  test('the open detail view follows a change', async () => {
    const page = await c.open('#/config?dataId=appears.properties&group=DEFAULT_GROUP');
    await page.getByTestId('config-md5').waitFor();
    await c.api.publish({ dataId: 'appears.properties', content: 'a=2' });
    const { md5 } = await c.api.detail({ dataId: 'appears.properties' });
    await waitFor(async () => (await page.getByTestId('config-md5').innerText()) === md5, { timeoutMs: 5000, what: 'the new md5' });
    // The editor takes the new content in its own update, which may land a frame after the md5.
    await waitFor(async () => /a=2/.test(await page.locator('.cm-content').innerText()), { timeoutMs: 5000, what: 'the new content in the editor' });
    assert.match(await page.locator('.cm-content').innerText(), /a=2/);
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(c.errors(), []);
  });
});
