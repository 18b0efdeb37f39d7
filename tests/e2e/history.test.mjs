// History: the versions of a config, the diff of one against the current content, rollback.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import { useConsole } from './lib/harness.mjs';

describe('history and rollback', { timeout: 240_000 }, () => {
  const c = useConsole();
  const key = { dataId: 'sampler.properties', group: 'DEFAULT_GROUP' };
  const v1 = 'otel.traces.sampler=always_on';
  const v2 = 'otel.traces.sampler=traceidratio\notel.traces.sampler.arg=0.5';
  const v3 = 'otel.traces.sampler=traceidratio\notel.traces.sampler.arg=0.05';

  test('lists the versions newest first and diffs one against the current content', async () => {
    for (const content of [v1, v2, v3]) await c.api.publish({ ...key, type: 'properties', content });
    const page = await c.open('#/config?dataId=sampler.properties&group=DEFAULT_GROUP&tab=history');
    const rows = page.getByTestId('history-row');
    await waitFor(async () => (await rows.count()) === 3, { what: 'three history rows' });
    assert.deepEqual(
      (await rows.locator('td:nth-child(2)').allInnerTexts()).map((s) => s.trim()),
      ['Update', 'Update', 'Create'],
    );
    // The middle row is the update v1 → v2: it holds v1.
    await rows.nth(1).click();
    const diff = page.getByTestId('history-pane').getByTestId('diff');
    await waitFor(async () => /always_on/.test(await diff.innerText()), { what: 'the diff of v1 against v3' });
    assert.match(await diff.innerText(), /0\.05/);
    await screenshot(page, 'history');
  });

  test('rollback re-publishes the old content', async () => {
    const { page } = c;
    await page.getByTestId('rollback').click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /Publish this version/);
    await confirm.getByRole('button', { name: 'Publish this version' }).click();
    await waitFor(async () => (await c.api.detail(key))?.content === v1, { what: 'v1 restored' });
    const rows = page.getByTestId('history-row');
    await waitFor(async () => (await rows.count()) === 4, { what: 'the rollback recorded in history' });
  });

  test('rolling back the creation deletes the config', async () => {
    const { page } = c;
    const rows = page.getByTestId('history-row');
    await rows.last().click();
    await page.getByTestId('rollback').click();
    const confirm = page.getByTestId('confirm-dialog');
    assert.match(await confirm.innerText(), /deletes the config/);
    await confirm.getByRole('button', { name: 'Delete config' }).click();
    await waitFor(async () => (await c.api.detail(key)) === null, { what: 'the config deleted' });
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(c.errors(), []);
  });
});
