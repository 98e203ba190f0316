// The demo page's assets as the server serves them. The client library under /lib/feed-client
// is copied from client-js/src by the server's build (Feed.Server.csproj), so it cannot go stale
// in git; this checks the running server serves exactly the source, and nothing a browser
// cannot load.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startServer } from './support/server.mjs';
import { vendored, vendorDir } from '../scripts/vendor-signalr.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const sourceDir = path.resolve(here, '../src');
const wwwroot = path.resolve(here, '../../server/Feed.Server/wwwroot');
const browserFiles = readdirSync(sourceDir).filter((name) => name.endsWith('.js') && name !== 'index.js').sort();

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test('the server serves /lib/feed-client/* byte for byte as client-js/src', async () => {
  assert.ok(browserFiles.includes('browser.js'));
  for (const name of browserFiles) {
    const response = await fetch(new URL(`/lib/feed-client/${name}`, server.url));
    assert.equal(response.status, 200, `/lib/feed-client/${name}`);
    assert.equal(await response.text(), readFileSync(path.join(sourceDir, name), 'utf8'), `/lib/feed-client/${name}`);
  }
  const npmEntry = await fetch(new URL('/lib/feed-client/index.js', server.url));
  assert.equal(npmEntry.status, 404, 'the npm entry (bare imports) is not for the browser');
});

test('the browser files import nothing by bare specifier (a browser could not resolve it)', () => {
  for (const name of browserFiles) {
    const source = readFileSync(path.join(sourceDir, name), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const specifier of specifiers) assert.match(specifier, /^\.\.?\//, `${name} imports '${specifier}'`);
  }
});

test('the page loads the vendored SignalR bundles before the library, and they match node_modules', () => {
  const html = readFileSync(path.join(wwwroot, 'index.html'), 'utf8');
  const order = ['lib/signalr/signalr.min.js', 'lib/signalr/signalr-protocol-msgpack.min.js', 'js/app.js'].map((src) => html.indexOf(`src="${src}"`));
  assert.ok(order.every((index) => index > 0), 'all three scripts are referenced');
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'in this order');
  for (const { file, from } of vendored) {
    assert.equal(readFileSync(path.join(vendorDir, file), 'utf8'), readFileSync(from, 'utf8'),
      `lib/signalr/${file} matches node_modules (update with node client-js/scripts/vendor-signalr.mjs)`);
  }
});
