// The demo page loads the client library from server/Feed.Server/wwwroot/lib/feed-client,
// a copy of client-js/src (the one source) so `dotnet run` needs no npm. This fails when the
// copy drifts; fix it with `node client-js/scripts/sync-wwwroot.mjs`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { differences, browserFiles } from '../scripts/sync-wwwroot.mjs';

const wwwroot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server/Feed.Server/wwwroot');

test('wwwroot/lib/feed-client is an exact copy of client-js/src (run scripts/sync-wwwroot.mjs)', () => {
  assert.deepEqual(differences(), []);
  assert.ok(browserFiles().includes('browser.js'));
  assert.ok(!browserFiles().includes('index.js'), 'the npm entry (bare imports) is not for the browser');
});

test('the browser copy imports nothing by bare specifier (a browser could not resolve it)', () => {
  for (const name of browserFiles()) {
    const source = readFileSync(path.join(wwwroot, 'lib/feed-client', name), 'utf8');
    const specifiers = [...source.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const specifier of specifiers) assert.match(specifier, /^\.\.?\//, `${name} imports '${specifier}'`);
  }
});

test('the page loads the vendored SignalR bundles before the library', () => {
  const html = readFileSync(path.join(wwwroot, 'index.html'), 'utf8');
  const order = ['lib/signalr/signalr.min.js', 'lib/signalr/signalr-protocol-msgpack.min.js', 'js/app.js'].map((src) => html.indexOf(`src="${src}"`));
  assert.ok(order.every((index) => index > 0), 'all three scripts are referenced');
  assert.deepEqual([...order].sort((a, b) => a - b), order, 'in this order');
  const modules = path.resolve(wwwroot, '../../../client-js/node_modules/@microsoft');
  for (const [file, from] of [['signalr.min.js', 'signalr'], ['signalr-protocol-msgpack.min.js', 'signalr-protocol-msgpack']]) {
    const vendored = readFileSync(path.join(wwwroot, 'lib/signalr', file), 'utf8');
    const original = readFileSync(path.join(modules, from, 'dist/browser', file), 'utf8');
    assert.equal(vendored, original, `lib/signalr/${file} matches the installed @microsoft/${from} (update with sync-wwwroot.mjs --vendor)`);
  }
});
