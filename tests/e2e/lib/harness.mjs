// One server and one browser per test file, shared by its tests.

import { after, before } from 'node:test';
import { nacos } from './api.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import { startServer } from './server.mjs';

export function useConsole() {
  const ctx = {};
  before(async () => {
    ctx.server = await startServer();
    ctx.api = nacos(ctx.server.baseUrl);
    ctx.browser = await launchBrowser();
    ctx.page = await newPage(ctx.browser);
    /** Opens a console route (`#/...`) and waits for the app to render. */
    ctx.open = async (hash = '#/configs', page = ctx.page) => {
      await page.goto(`${ctx.server.baseUrl}/nacos/${hash}`);
      await page.waitForSelector('.topbar');
    };
  });
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.stop();
  });
  return ctx;
}

/** Replaces the content of the (first editable) CodeMirror editor. */
export async function setEditorContent(page, text, scope = page) {
  const content = scope.locator('.cm-content[contenteditable="true"]').first();
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
}
