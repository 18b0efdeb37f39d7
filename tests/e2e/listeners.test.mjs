// Listeners: a client that holds a long-poll on a config shows up with its md5 and status.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import { useConsole } from './lib/harness.mjs';

describe('listeners', { timeout: 240_000 }, () => {
  const c = useConsole();
  const key = { dataId: 'pipeline.yaml', group: 'DEFAULT_GROUP' };

  test('no listener shows an empty state', async () => {
    await c.api.publish({ ...key, type: 'yaml', content: 'hudi.table.type: MERGE_ON_READ' });
    await c.open('#/config?dataId=pipeline.yaml&group=DEFAULT_GROUP&tab=listeners');
    await c.page.getByTestId('listeners-pane').getByTestId('empty-state').waitFor();
  });

  test('a client listening shows up, up to date', async () => {
    const { md5 } = await c.api.detail(key);
    const listener = c.api.listen({ ...key, md5 });
    try {
      const page = await c.open('#/config?dataId=pipeline.yaml&group=DEFAULT_GROUP&tab=listeners');
      const row = page.getByTestId('listener-row');
      // The pane refreshes by itself; the long-poll may need a moment to register.
      await waitFor(async () => (await row.count()) === 1, { timeoutMs: 15_000, what: 'the listener row' });
      const text = await row.innerText();
      assert.match(text, /127\.0\.0\.1/);
      assert.match(text, new RegExp(md5));
      assert.match(text, /up to date/);
      await screenshot(page, 'listeners');
    } finally {
      listener.stop();
      await listener.done;
    }
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(c.errors(), []);
  });
});
