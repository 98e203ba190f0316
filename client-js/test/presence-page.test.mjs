// Presence on the demo page in Debian's Chromium: a followed user opens the page in another
// browser, and the follower's page shows a green dot on their posts and "1 online" without a
// reload; once they close it (and the server's 2 s offline delay has passed) the dot goes.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, devToken } from './support/server.mjs';
import { launchContext } from './support/browser.mjs';
import { api } from './support/wait.mjs';

const timeout = 30000;
let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

const unique = (name) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

async function openAs(userId) {
  const browser = await launchContext();
  try {
    await browser.page.goto(`${server.url}/?user=${userId}`);
    await browser.page.waitForSelector('#status[data-status="connected"]', { timeout });
    return browser;
  } catch (error) {
    await browser.close();
    throw error;
  }
}

test('the dot appears on a followed user\'s posts when they connect from another page, and goes when they leave', async () => {
  const [bob, fan] = [unique('bob'), unique('fan')];
  await api(server.url, await devToken(server.url, bob), 'POST', '/api/posts', { text: 'bob was here' });
  await api(server.url, await devToken(server.url, fan), 'PUT', `/api/follows/${bob}`);
  const fanPage = await openAs(fan);
  let bobPage;
  try {
    const { page } = fanPage;
    const bobsPost = `#feed li.post[data-author="${bob}"]`;
    await page.waitForSelector(`${bobsPost} .post-text:text-is("bob was here")`, { timeout });
    await page.waitForSelector('#online-count:not([hidden])', { timeout });
    assert.equal(await page.textContent('#online-count-text'), '0 online');
    assert.equal(await page.isVisible(`${bobsPost} .presence-dot`), false);

    bobPage = await openAs(bob);
    await page.waitForSelector(`${bobsPost}.is-online .presence-dot`, { state: 'visible', timeout });
    assert.equal(await page.textContent('#online-count-text'), '1 online');

    await bobPage.close();
    bobPage = null;
    await page.waitForSelector(`${bobsPost}:not(.is-online)`, { timeout });
    assert.equal(await page.textContent('#online-count-text'), '0 online');
    assert.equal(await page.isVisible(`${bobsPost} .presence-dot`), false);
    assert.deepEqual(fanPage.errors, []);
  } finally {
    await fanPage.close();
    await bobPage?.close();
  }
});
