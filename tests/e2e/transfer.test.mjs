// Export, import and clone through the console, against the server's real implementation.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { screenshot } from './lib/browser.mjs';
import { useConsole } from './lib/harness.mjs';
import { makeZip } from './lib/zip.mjs';

/** Resolves to 'ok' or 'error', whichever the console shows first; the tests require 'ok'. */
async function outcome(okLocator, errorLocator) {
  return Promise.race([
    okLocator.waitFor({ timeout: 10_000 }).then(() => 'ok'),
    errorLocator.waitFor({ timeout: 10_000 }).then(() => 'error'),
  ]);
}

describe('export, import and clone', { timeout: 240_000 }, () => {
  const c = useConsole();

  test('export downloads a zip with the config in it', async () => {
    await c.api.publish({ dataId: 'exported.properties', content: 'a=1' });
    const page = await c.open('#/configs');
    await page.getByTestId('config-row').first().waitFor();
    const download = page.waitForEvent('download', { timeout: 10_000 });
    await page.getByRole('button', { name: /^Export/ }).click();
    const file = await download;
    assert.match(file.suggestedFilename(), /^nacos_config_export_\d{14}\.zip$/);
    const bytes = await readFile(await file.path());
    assert.equal(bytes.subarray(0, 4).toString('binary'), 'PK\x03\x04', 'a zip archive');
    assert.ok(bytes.includes(Buffer.from('DEFAULT_GROUP/exported.properties')), 'the config is in the archive');
  });

  test('import uploads a zip and the config is stored', async () => {
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
    assert.equal(result, 'ok', 'the import result is shown');
    const stored = await c.api.detail({ dataId: 'imported.properties', group: 'IMPORTED' });
    assert.equal(stored?.content, 'hudi.table.name=imported');
    await page.keyboard.press('Escape');
  });

  test('clone copies the selected configs into another namespace', async () => {
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
    assert.equal(result, 'ok', 'the clone result is shown');
    assert.equal((await c.api.detail({ dataId: 'exported.properties', tenant: 'prod' }))?.content, 'a=1');
  });

  test('no uncaught errors in the page', () => {
    assert.deepEqual(c.errors(), []);
  });
});
