// The demo page end to end in Debian's Chromium (playwright-core): two users in two browser
// contexts, a follow and a post without reloads, then a server restart during which posts are
// made; the page shows "reconnecting", comes back and shows each of those posts exactly once.
// The server uses the MongoDB store (jongodb) so its data survives the restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startServer, devToken } from './support/server.mjs';
import { startJongoDb } from './support/jongodb.mjs';
import { launchContext } from './support/browser.mjs';
import { api } from './support/wait.mjs';

const outputDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../test-output');
const phone = { width: 390, height: 844 };
const desktop = { width: 1280, height: 900 };
const timeout = 30000;

let mongo;
let server;
before(async () => {
  mkdirSync(outputDir, { recursive: true });
  mongo = await startJongoDb();
  server = await startServer({
    ConnectionStrings__Mongo: mongo.uri('feed-js-demo-page'),
    Feed__Limits__PublishBurst: '200',
    Feed__Limits__PublishPerSecond: '200',
  });
});
after(async () => {
  await server?.stop();
  await mongo?.stop();
});

const unique = (name) => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

async function openAs(userId, viewport) {
  const browser = await launchContext({ viewport });
  try {
    await browser.page.goto(`${server.url}/?user=${userId}`);
    await waitForStatus(browser.page, 'connected');
    return browser;
  } catch (error) {
    await browser.close(); // a leaked Chromium would keep the test process alive
    throw error;
  }
}

function waitForStatus(page, status) {
  return page.waitForSelector(`#status[data-status="${status}"]`, { timeout });
}

/** The texts of the posts on a page, top to bottom. */
function postTexts(page) {
  return page.$$eval('#feed .post-text', (nodes) => nodes.map((n) => n.textContent));
}

test('B follows A on the page, A posts, B sees it live; across a server restart B sees the missed posts once', async () => {
  const [a, b] = [unique('ada'), unique('bob')];
  const pageA = await openAs(a, desktop);
  let pageB;
  try {
    pageB = await openAs(b, phone);
    // A page load marker: if the page reloaded, it would be gone.
    await pageB.page.evaluate(() => { window.loadMarker = 'still here'; });

    await pageB.page.fill('#follow-user', a);
    await pageB.page.click('#follow-form button[type="submit"]');
    await pageB.page.waitForSelector('#notice[data-kind="info"]:not([hidden])', { timeout });
    assert.match(await pageB.page.textContent('#notice'), new RegExp(`You follow ${a} now`));

    await pageA.page.fill('#post-text', 'Hello from A 👋');
    assert.equal(await pageA.page.textContent('#post-count'), '14 / 500');
    await pageA.page.click('#post-button');
    await pageB.page.waitForSelector('#feed .post-text:text-is("Hello from A 👋")', { timeout });
    assert.deepEqual(await postTexts(pageB.page), ['Hello from A 👋']);
    assert.equal(await pageB.page.evaluate(() => window.loadMarker), 'still here', 'no reload');
    const author = await pageB.page.textContent('#feed .post .post-name');
    assert.equal(author, a);
    assert.equal(await pageB.page.getAttribute('#feed .post .avatar', 'src'), `/avatars/${a}.svg`);
    assert.equal(await pageB.page.textContent('#feed .post time'), 'now');
    assert.equal(await pageB.page.getAttribute('#feed .post button.follow-toggle', 'aria-label'), `Unfollow ${a}`);

    // Outage: B may not reach the server again until A's posts are in (held back at negotiate).
    const holdB = (route) => route.abort();
    await pageB.context.route('**/hubs/feed/negotiate**', holdB);
    await server.stop();
    await waitForStatus(pageB.page, 'reconnecting');
    assert.equal(await pageB.page.textContent('#status-text'), 'Reconnecting…');
    await pageB.page.screenshot({ path: path.join(outputDir, 'feed-phone-reconnecting.png'), fullPage: true });
    await server.start();
    const tokenA = await devToken(server.url, a);
    const during = ['during the outage 1', 'during the outage 2', 'during the outage 3'];
    for (const text of during) await api(server.url, tokenA, 'POST', '/api/posts', { text });
    await pageB.context.unroute('**/hubs/feed/negotiate**', holdB);

    await waitForStatus(pageB.page, 'connected');
    await pageB.page.waitForSelector('#feed .post-text:text-is("during the outage 3")', { timeout });
    assert.deepEqual(await postTexts(pageB.page), [...during].reverse().concat('Hello from A 👋'));
    assert.equal(await pageB.page.evaluate(() => window.loadMarker), 'still here', 'no reload');
    assert.equal(await pageB.page.textContent('#status-text'), 'Connected');

    // A's own page reconnected as well and shows its own posts once.
    await waitForStatus(pageA.page, 'connected');
    await pageA.page.waitForSelector('#feed .post-text:text-is("during the outage 3")', { timeout });
    assert.deepEqual(await postTexts(pageA.page), [...during].reverse().concat('Hello from A 👋'));

    await pageB.page.screenshot({ path: path.join(outputDir, 'feed-phone.png'), fullPage: true });
    await pageA.page.screenshot({ path: path.join(outputDir, 'feed-desktop.png'), fullPage: true });
    assert.deepEqual(pageA.errors, []);
    assert.deepEqual(pageB.errors, []);
  } finally {
    await pageA.close();
    await pageB?.close();
  }
});

test('the post box counts code points against the 500 limit and refuses longer posts', async () => {
  const page = await openAs(unique('writer'), desktop);
  try {
    const { page: p } = page;
    assert.equal(await p.isDisabled('#post-button'), true, 'nothing to post yet');
    await p.fill('#post-text', '😀'.repeat(500));
    assert.equal(await p.textContent('#post-count'), '500 / 500');
    assert.equal(await p.isDisabled('#post-button'), false);
    await p.fill('#post-text', 'x'.repeat(501));
    assert.equal(await p.textContent('#post-count'), '501 / 500: 1 too many');
    assert.equal(await p.getAttribute('#post-text', 'aria-invalid'), 'true');
    assert.equal(await p.isDisabled('#post-button'), true);
    await p.fill('#post-text', '   ');
    assert.equal(await p.textContent('#post-count'), '0 / 500');
    assert.equal(await p.isDisabled('#post-button'), true);
    assert.equal(await p.getAttribute('#post-text', 'aria-describedby'), 'post-count');
    assert.equal(await p.textContent('label[for="post-text"]'), "What's happening?");
  } finally {
    await page.close();
  }
});

test('load older pages back to the first post; unfollow removes the author; switch user', async () => {
  const [author, reader] = [unique('author'), unique('reader')];
  const token = await devToken(server.url, author);
  for (let i = 1; i <= 25; i++) await api(server.url, token, 'POST', '/api/posts', { text: `numbered post ${i}` });
  const page = await openAs(reader, phone);
  try {
    const { page: p } = page;
    await p.waitForSelector('#feed-empty:not([hidden])', { timeout });
    await p.fill('#follow-user', author);
    await p.press('#follow-user', 'Enter');
    await p.waitForSelector('#feed .post-text:text-is("numbered post 25")', { timeout });
    assert.equal((await postTexts(p)).length, 20);
    assert.equal(await p.isVisible('#load-older'), true);
    await p.click('#load-older');
    await p.waitForSelector('#feed .post-text:text-is("numbered post 1")', { timeout });
    const texts = await postTexts(p);
    assert.deepEqual(texts, Array.from({ length: 25 }, (_, i) => `numbered post ${25 - i}`));
    assert.equal(await p.isVisible('#load-older'), false);
    assert.equal(await p.isVisible('#feed-end'), true);

    await p.click(`#feed .post[data-author="${author}"] button.follow-toggle >> nth=0`);
    await p.waitForSelector('#feed-empty:not([hidden])', { timeout });
    assert.deepEqual(await postTexts(p), []);

    await p.click('#switch-user');
    await p.waitForSelector('#signin:not([hidden])', { timeout });
    assert.equal(new URL(p.url()).search, '');
    assert.equal(await p.getAttribute('#status', 'data-status'), 'offline');
    assert.equal(await p.isVisible('#app'), false, 'the feed is hidden when signed out');
    assert.equal(await p.isVisible('#me'), false);
    await p.screenshot({ path: path.join(outputDir, 'signin-phone.png'), fullPage: true });
    await p.fill('#signin-user', author);
    await p.click('#signin-form button[type="submit"]');
    await waitForStatus(p, 'connected');
    assert.equal(new URL(p.url()).searchParams.get('user'), author);
    await p.waitForSelector('#feed .post-text:text-is("numbered post 25")', { timeout });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.close();
  }
});

test('embedded mode: a demo user sees seeded posts with names, avatars and relative times', async () => {
  const embedded = await startServer(); // in-memory store with the seeded demo users
  let browser;
  try {
    browser = await launchContext({ viewport: desktop });
    const { page: p } = browser;
    await p.goto(`${embedded.url}/?user=demo-ada-lovelace`);
    await waitForStatus(p, 'connected');
    await p.waitForSelector('#feed .post', { timeout });
    assert.equal(await p.textContent('#me-name'), 'Ada Lovelace');
    const posts = await p.$$eval('#feed .post', (nodes) => nodes.map((n) => ({
      author: n.dataset.author,
      name: n.querySelector('.post-name').textContent,
      avatar: n.querySelector('.avatar').getAttribute('src'),
      time: n.querySelector('time').textContent,
      datetime: n.querySelector('time').dateTime,
    })));
    assert.equal(posts.length, 20);
    for (const post of posts) {
      assert.match(post.author, /^demo-/);
      assert.match(post.name, /^[A-Z][a-z]+ [A-Z][a-z]+$/, 'a display name, not the id');
      assert.equal(post.avatar, `/avatars/${post.author}.svg`);
      assert.match(post.time, /^(now|\d+[mhd])$/);
      assert.ok(!Number.isNaN(Date.parse(post.datetime)));
    }
    const dates = posts.map((post) => Date.parse(post.datetime));
    assert.deepEqual([...dates].sort((a, b) => b - a), dates, 'newest first');
    await p.waitForFunction(() => { const img = document.querySelector('#feed .post .avatar'); return img.complete && img.naturalWidth > 0; }, null, { timeout });
    await p.screenshot({ path: path.join(outputDir, 'demo-desktop.png') });
    await p.click('#load-older');
    await p.waitForFunction(() => document.querySelectorAll('#feed .post').length > 20, null, { timeout });
    assert.deepEqual(browser.errors, []);
  } finally {
    await browser?.close();
    await embedded.stop();
  }
});
