// Export, import and clone: each either works or shows the server's refusal as an error in
// the console (the server may not implement them yet; a silent failure is the bug).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import { useConsole } from './lib/harness.mjs';
import { makeZip } from './lib/zip.mjs';

/** Resolves to 'ok' or 'error', whichever the console shows first. */
async function outcome(okLocator, errorLocator) {
  return Promise.race([
    okLocator.waitFor({ timeout: 10_000 }).then(() => 'ok'),
    errorLocator.waitFor({ timeout: 10_000 }).then(() => 'error'),
  ]);
}

describe('export, import and clone', { timeout: 240_000 }, () => {
  const c = useConsole();

  test('export downloads a zip or shows why not', async () => {
    await c.api.publish({ dataId: 'exported.properties', content: 'a=1' });
    const page = await c.open('#/configs');
    await page.getByTestId('config-row').first().waitFor();
    const download = page.waitForEvent('download', { timeout: 10_000 }).then(() => 'ok', () => 'none');
    await page.getByRole('button', { name: /^Export/ }).click();
    const banner = page.getByTestId('error-banner');
    const result = await Promise.race([download, banner.waitFor({ timeout: 10_000 }).then(() => 'error')]);
    assert.ok(result === 'ok' || result === 'error', `export had no visible outcome (${result})`);
    if (result === 'error') assert.ok((await banner.innerText()).length > 0);
  });

  test('import uploads a zip and reports the result or the error', async () => {
    const page = await c.open('#/configs');
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByTestId('import-dialog');
    await dialog.waitFor();
    await dialog.locator('#import-file').setInputFiles({
      name: 'configs.zip',
      mimeType: 'application/zip',
      buffer: makeZip({ 'IMPORTED/imported.properties': 'hudi.table.name=imported' }),
    });
    await dialog.getByRole('button', { name: 'Import' }).click();
    const result = await outcome(dialog.getByTestId('transfer-result'), dialog.getByTestId('error-banner'));
    await screenshot(page, 'import');
    if (result === 'ok') {
      const stored = await c.api.detail({ dataId: 'imported.properties', group: 'IMPORTED' });
      assert.equal(stored?.content, 'hudi.table.name=imported');
    }
    await page.keyboard.press('Escape');
  });

  test('clone copies the selected configs or shows the error', async () => {
    const res = await fetch(`${c.server.baseUrl}/nacos/v1/console/namespaces`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'customNamespaceId=prod&namespaceName=Production&namespaceDesc=',
    });
    assert.equal((await res.text()).trim(), 'true');
    const page = await c.open('#/configs?mode=accurate&dataId=exported.properties');
    await waitFor(async () => (await page.getByTestId('config-row').count()) === 1, { what: 'the row to clone' });
    await page.getByRole('checkbox', { name: 'Select exported.properties' }).check();
    await page.getByRole('button', { name: /^Clone/ }).click();
    const dialog = page.getByTestId('clone-dialog');
    await dialog.waitFor();
    await dialog.locator('#clone-target').selectOption('prod');
    await dialog.getByRole('button', { name: 'Clone' }).click();
    const result = await outcome(dialog.getByTestId('transfer-result'), dialog.getByTestId('error-banner'));
    if (result === 'ok') {
      assert.equal((await c.api.detail({ dataId: 'exported.properties', tenant: 'prod' }))?.content, 'a=1');
    }
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(c.errors(), []);
  });
});
