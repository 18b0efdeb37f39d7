// The console with --auth=on: the login page refuses a wrong password, the first-start admin
// logs in and sees the configs, and losing the token (here: logging out) returns to the login.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { waitFor } from './lib/api.mjs';
import { newPage, screenshot } from './lib/browser.mjs';
import { useConsole } from './lib/harness.mjs';

describe('auth', { timeout: 240_000 }, () => {
  const c = useConsole({ auth: true });

  async function adminToken() {
    const res = await fetch(`${c.server.baseUrl}/nacos/v1/auth/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'nacos', password: c.server.adminPassword }),
    });
    assert.equal(res.status, 200);
    return (await res.json()).accessToken;
  }

  test('the API refuses requests without a token', async () => {
    const res = await fetch(`${c.server.baseUrl}/nacos/v1/cs/configs?dataId=a&group=DEFAULT_GROUP`);
    assert.equal(res.status, 403);
  });

  test('log in with the admin and see the configs', async () => {
    const token = await adminToken();
    const published = await fetch(`${c.server.baseUrl}/nacos/v1/cs/configs?accessToken=${encodeURIComponent(token)}`, {
      method: 'POST',
      body: new URLSearchParams({ dataId: 'secured.properties', group: 'DEFAULT_GROUP', content: 'a=1' }),
    });
    assert.equal(await published.text(), 'true');

    const page = await newPage(c.browser);
    c.page = page;
    await page.goto(`${c.server.baseUrl}/nacos/#/configs`);
    await page.waitForSelector('#login-username');
    await page.fill('#login-username', 'nacos');
    await page.fill('#login-password', 'wrong-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong username or password.').waitFor();
    await screenshot(page, 'login');

    await page.fill('#login-password', c.server.adminPassword);
    await page.getByRole('button', { name: 'Log in' }).click();
    const rows = page.getByTestId('config-row');
    await waitFor(async () => (await rows.count()) === 1, { what: 'the config listed after login' });
    assert.match(await rows.innerText(), /secured\.properties/);
  });
});
