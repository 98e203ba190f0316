// Connection admission against a real server: a connect refused with 503 + Retry-After is tried
// again no sooner than the server asked, through @microsoft/signalr as it is (a refused
// negotiate reaches the client only as the error's message; see src/refusal.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as signalR from '@microsoft/signalr';
import { createFeedClient, createBackoff, httpStatusOf, retryAfterMsOf } from '../src/index.js';
import { startServer, devToken } from './support/server.mjs';

let server;
// One connection at a time: the second is refused until the first leaves (Retry-After: 5).
before(async () => { server = await startServer({ Feed__Limits__MaxConnections: '1' }); });
after(async () => { await server?.stop(); });

const unique = (name) => `${name}-${Math.random().toString(36).slice(2, 10)}`;

function client(token) {
  return createFeedClient({
    url: `${server.url}/hubs/feed`,
    accessTokenFactory: () => token,
    protocol: 'json',
    // Without Retry-After these would retry after 1, 2, 4 ... ms.
    backoff: { initialDelayMs: 1, jitter: 0 },
    logLevel: signalR.LogLevel.None,
  });
}

test('a refused connect waits the Retry-After before its next try, then gets in once there is room', async () => {
  const a = client(await devToken(server.url, unique('a')));
  const b = client(await devToken(server.url, unique('b')));
  await a.start();
  const refusals = [];
  b.on('error', (error) => {
    refusals.push({ error, at: Date.now() });
    if (refusals.length === 1) a.stop(); // room for b from now on
  });
  try {
    await b.start();
    const connectedAt = Date.now();

    assert.equal(b.status, 'connected');
    assert.ok(refusals.length >= 1, 'the second connection was refused while the first held the only slot');
    const [first] = refusals;
    assert.equal(httpStatusOf(first.error), 503, first.error.message);
    assert.equal(retryAfterMsOf(first.error), 5000, first.error.message);
    const tries = [...refusals.map((r) => r.at), connectedAt];
    for (let i = 1; i < tries.length; i++) {
      // A timer may fire a millisecond early by Date.now's rounding.
      assert.ok(tries[i] - tries[i - 1] >= 4990, `try ${i + 1} came ${tries[i] - tries[i - 1]} ms after a refusal that asked for 5000`);
    }
    // The automatic-reconnect policy (SignalR passes the last try's error as retryReason) waits as long.
    const policy = createBackoff({ initialDelayMs: 1, jitter: 0 });
    assert.equal(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 1, elapsedMilliseconds: 0, retryReason: first.error }), 5000);
    assert.equal(policy.nextRetryDelayInMilliseconds({ previousRetryCount: 1, elapsedMilliseconds: 0, retryReason: new Error('socket closed') }), 1);
  } finally {
    await b.stop();
    await a.stop();
  }
});

test('a token refused at negotiate (401) is not retried: start rejects at once', async () => {
  const bad = client('not-a-token');
  let tries = 0;
  bad.on('error', () => { tries += 1; });
  await assert.rejects(bad.start(), /Status code '401'/);
  assert.equal(bad.status, 'offline');
  assert.equal(tries, 0);
});
