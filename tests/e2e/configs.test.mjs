// Create, edit with the diff, the conflict on a concurrent edit, search, and the error for an
// invalid dataId — in the browser, against the real server.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import { setEditorContent, useConsole } from './lib/harness.mjs';

describe('configs', { timeout: 240_000 }, () => {
  const c = useConsole();

  test('the list shows an empty state on a fresh server', async () => {
    await c.open('#/configs');
    await c.page.getByTestId('empty-state').waitFor();
    await screenshot(c.page, 'config-list-empty');
  });

  test('create a config', async () => {
    const page = await c.open('#/configs');
    await page.keyboard.press('n');
    await page.getByTestId('new-config-page').waitFor();
    await page.fill('#f-dataId', 'spark-hudi-pipeline.properties');
    await page.selectOption('#f-type', 'properties');
    await page.fill('#f-tags', 'spark, hudi');
    await page.fill('#f-desc', 'sampling and sink of the hudi pipeline');
    await setEditorContent(page, 'otel.traces.sampler=parentbased_traceidratio\notel.traces.sampler.arg=0.25\nhudi.table.type=MERGE_ON_READ');
    await screenshot(page, 'config-new');
    await page.keyboard.press('Control+s');
    const dialog = page.getByTestId('publish-dialog');
    await dialog.waitFor();
    assert.match(await dialog.getByTestId('diff-stats').innerText(), /\+3 −0/);
    await dialog.getByTestId('confirm-publish').click();
    await page.getByTestId('config-page').waitFor();
    await page.getByTestId('config-md5').waitFor();
    const stored = await c.api.detail({ dataId: 'spark-hudi-pipeline.properties' });
    assert.equal(stored.content, 'otel.traces.sampler=parentbased_traceidratio\notel.traces.sampler.arg=0.25\nhudi.table.type=MERGE_ON_READ');
    assert.equal(stored.type, 'properties');
    assert.equal(stored.configTags, 'spark,hudi');
    assert.equal(await page.getByTestId('config-md5').innerText(), stored.md5);
    await screenshot(page, 'config-detail');
  });

  test('an invalid dataId shows the server error next to the field', async () => {
    const page = await c.open('#/new');
    await page.fill('#f-dataId', 'a b');
    await setEditorContent(page, 'x=1');
    await page.keyboard.press('Control+s');
    await page.getByTestId('publish-dialog').getByTestId('confirm-publish').click();
    const err = page.getByTestId('f-dataId-error');
    await err.waitFor();
    assert.match(await err.innerText(), /dataId/i);
    await screenshot(page, 'config-invalid-dataid');
    assert.equal(await c.api.detail({ dataId: 'ab' }), null);
  });

  test('a syntax error blocks publish and points at the line', async () => {
    const page = await c.open('#/new');
    await page.fill('#f-dataId', 'broken.json');
    await page.selectOption('#f-type', 'json');
    await setEditorContent(page, '{\n  "a": 1,\n  "b" 2\n}');
    await page.keyboard.press('Control+s');
    const err = page.getByTestId('syntax-error');
    await err.waitFor();
    assert.match(await err.innerText(), /JSON syntax: Line 3/);
    assert.equal(await page.getByTestId('publish-dialog').count(), 0);
  });

  test('edit with the diff before publish', async () => {
    await c.api.publish({ dataId: 'quality.yaml', type: 'yaml', content: 'data.quality.validation.enabled: true\nmin.event.timestamp.epoch: 0' });
    const page = await c.open('#/config?dataId=quality.yaml&group=DEFAULT_GROUP');
    await page.getByTestId('config-md5').waitFor();
    await page.keyboard.press('e');
    await page.locator('.cm-content[contenteditable="true"]').waitFor();
    await setEditorContent(page, 'data.quality.validation.enabled: false\nmin.event.timestamp.epoch: 0');
    await page.keyboard.press('Control+s');
    const dialog = page.getByTestId('publish-dialog');
    await dialog.waitFor();
    assert.match(await dialog.getByTestId('diff-stats').innerText(), /\+1 −1/);
    assert.ok((await dialog.locator('.cm-changedLine').count()) >= 2, 'changed lines are highlighted on both sides');
    await screenshot(page, 'config-edit-diff');
    await dialog.getByTestId('confirm-publish').click();
    await page.getByTestId('edit-button').waitFor();
    const stored = await c.api.detail({ dataId: 'quality.yaml' });
    assert.equal(stored.content, 'data.quality.validation.enabled: false\nmin.event.timestamp.epoch: 0');
  });

  test('a link does not silently drop unsaved edits', async () => {
    const page = await c.open('#/config?dataId=quality.yaml&group=DEFAULT_GROUP&edit=1');
    await page.locator('.cm-content[contenteditable="true"]').waitFor();
    await setEditorContent(page, 'data.quality.validation.enabled: maybe');
    await page.locator('.mainnav').getByText('Configs').click();
    const confirm = page.getByTestId('confirm-dialog');
    await confirm.waitFor();
    assert.match(await confirm.innerText(), /Discard your changes/);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    assert.match(page.url(), /edit=1/);
    assert.match(await page.locator('.cm-content').innerText(), /maybe/);
    await page.locator('.mainnav').getByText('Configs').click();
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Discard' }).click();
    await page.getByTestId('config-list-page').waitFor();
    assert.match((await c.api.detail({ dataId: 'quality.yaml' })).content, /enabled: false/);
  });

  test('a concurrent edit surfaces as a conflict, not an overwrite', async () => {
    await c.api.publish({ dataId: 'sink.properties', type: 'properties', content: 'hudi.table.name=events\nhudi.table.path=/lake/events\nhudi.table.type=COPY_ON_WRITE' });
    const page = await c.open('#/config?dataId=sink.properties&group=DEFAULT_GROUP&edit=1');
    await page.locator('.cm-content[contenteditable="true"]').waitFor();
    await setEditorContent(page, 'hudi.table.name=events_v2\nhudi.table.path=/lake/events\nhudi.table.type=COPY_ON_WRITE');
    // Someone else publishes between open and save.
    await c.api.publish({ dataId: 'sink.properties', type: 'properties', content: 'hudi.table.name=events\nhudi.table.path=/lake/events\nhudi.table.type=MERGE_ON_READ' });
    await page.keyboard.press('Control+s');
    await page.getByTestId('publish-dialog').getByTestId('confirm-publish').click();
    const conflict = page.getByTestId('conflict-dialog');
    await conflict.waitFor();
    // Nothing was overwritten.
    assert.match((await c.api.detail({ dataId: 'sink.properties' })).content, /MERGE_ON_READ/);
    assert.match(await conflict.innerText(), /MERGE_ON_READ/);
    await screenshot(page, 'config-conflict');
    // The edits touch different lines: merge both and publish against the new version.
    await conflict.getByTestId('auto-merge').click();
    await conflict.getByTestId('publish-merged').click();
    await page.getByTestId('edit-button').waitFor();
    const stored = await c.api.detail({ dataId: 'sink.properties' });
    assert.equal(stored.content, 'hudi.table.name=events_v2\nhudi.table.path=/lake/events\nhudi.table.type=MERGE_ON_READ');
  });

  test('search, exact and fuzzy, and keyboard navigation', async () => {
    for (const id of ['orders-ingest.yaml', 'orders-compact.yaml', 'clicks-ingest.yaml']) {
      await c.api.publish({ dataId: id, group: 'PIPELINES', type: 'yaml', content: `name: ${id}` });
    }
    const page = await c.open('#/configs');
    await page.getByTestId('config-table').waitFor();
    await waitFor(async () => (await page.getByTestId('config-row').count()) >= 6, { what: 'all configs listed' });
    await screenshot(page, 'config-list');
    await page.keyboard.press('/');
    await page.keyboard.type('ingest');
    await page.keyboard.press('Enter');
    const rows = page.getByTestId('config-row');
    await waitFor(async () => (await rows.count()) === 2, { what: 'two fuzzy matches' });
    assert.deepEqual((await rows.locator('td:nth-child(2)').allInnerTexts()).sort(), ['clicks-ingest.yaml', 'orders-ingest.yaml']);
    await screenshot(page, 'config-search');
    // Exact needs the whole id.
    await page.getByText('Exact').click();
    await page.getByTestId('empty-state').waitFor();
    await page.fill('input[name=dataId]', 'orders-ingest.yaml');
    await page.keyboard.press('Enter');
    await waitFor(async () => (await rows.count()) === 1, { what: 'one exact match' });
    // ArrowDown leaves the search field for the list, Enter opens the selected row.
    await page.keyboard.press('ArrowDown');
    await page.locator('tr.selected').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('config-page').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'orders-ingest.yaml');
  });

  test('the list stays usable on a narrow window', async () => {
    const narrow = await c.open('#/configs', { width: 420, height: 800 });
    await narrow.getByTestId('config-table').waitFor();
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows horizontally by ${overflow}px`);
    await screenshot(narrow, 'config-list-narrow');
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(c.errors(), []);
  });
});
