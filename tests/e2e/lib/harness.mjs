// One server and one browser per test file, shared by its tests.

import { after, before } from 'node:test';
import { nacos } from './api.mjs';
import { launchBrowser, newPage } from './browser.mjs';
import { startServer } from './server.mjs';

// `serverOptions` go to startServer() (e.g. { auth: true }).
export function useConsole(serverOptions = {}) {
  const ctx = { pageErrors: [] };
  before(async () => {
    ctx.server = await startServer(serverOptions);
    ctx.api = nacos(ctx.server.baseUrl);
    ctx.browser = await launchBrowser();
    /**
     * Opens a console route (`#/...`) in a fresh page (closing the previous one, unsaved edits
     * and all) and waits for the app to render. The page is also `ctx.page`.
     */
    ctx.open = async (hash = '#/configs', size) => {
      if (ctx.page) {
        ctx.pageErrors.push(...ctx.page.pageErrors);
        await ctx.page.context().close();
      }
      ctx.page = await newPage(ctx.browser, size);
      await ctx.page.goto(`${ctx.server.baseUrl}/nacos/${hash}`);
      await ctx.page.waitForSelector('.topbar');
      return ctx.page;
    };
    /** Uncaught errors of every page opened so far. */
    ctx.errors = () => [...ctx.pageErrors, ...(ctx.page?.pageErrors ?? [])].map(String);
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
