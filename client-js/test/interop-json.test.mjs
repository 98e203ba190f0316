// Interop: the official @microsoft/signalr JS client against our server, JSON protocol.
// Proves the server speaks standard SignalR (negotiate, handshake, invocations, pushes).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as signalR from '@microsoft/signalr';
import { startServer, devToken, nextEvent } from './support/server.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

function connect(token) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}/hubs/feed`, { accessTokenFactory: () => token })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  return connection;
}

test('official JS client: GetFeed, Follow, Publish, and FeedUpdated on another connection', async () => {
  const suffix = Date.now().toString(36);
  const alice = `js-alice-${suffix}`;
  const bob = `js-bob-${suffix}`;
  const aliceConn = connect(await devToken(server.url, alice));
  const bobConn = connect(await devToken(server.url, bob));
  await aliceConn.start();
  await bobConn.start();
  try {
    const empty = await bobConn.invoke('GetFeed', {});
    assert.deepEqual(empty, { items: [], next: null });

    aliceConn.on('FeedUpdated', () => {}); // the author's own connection gets the push too
    await bobConn.invoke('Follow', alice);
    const pushed = nextEvent((resolve) => bobConn.on('FeedUpdated', resolve), 10000, 'FeedUpdated');
    const item = await aliceConn.invoke('Publish', { text: '  héllo from JS 👋  ' });
    assert.equal(item.text, 'héllo from JS 👋');
    assert.equal(item.authorId, alice);

    const items = await pushed;
    assert.equal(items.length, 1);
    assert.deepEqual(items[0], item);
    assert.equal(typeof items[0].createdAt, 'number');
    assert.deepEqual(items[0].author, { id: alice, displayName: alice, avatarUrl: null });

    const page = await bobConn.invoke('GetFeed', { limit: 5 });
    assert.equal(page.items[0].id, item.id);
  } finally {
    await aliceConn.stop();
    await bobConn.stop();
  }
});

test('official JS client: bad input is a HubException naming the field, and the connection stays', async () => {
  const conn = connect(await devToken(server.url, `js-bad-${Date.now().toString(36)}`));
  await conn.start();
  try {
    await assert.rejects(conn.invoke('GetFeed', { limit: 1000 }), /limit must be between 1 and 100/);
    await assert.rejects(conn.invoke('Publish', { text: '   ' }), /text is required/);
    await assert.rejects(conn.invoke('Follow', 'nobody-here'), /unknown user 'nobody-here'/);
    const page = await conn.invoke('GetFeed', {});
    assert.deepEqual(page.items, []);
    assert.equal(conn.state, signalR.HubConnectionState.Connected);
  } finally {
    await conn.stop();
  }
});

test('official JS client: connecting without a token is refused', async () => {
  const conn = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}/hubs/feed`)
    .configureLogging(signalR.LogLevel.None)
    .build();
  await assert.rejects(conn.start(), /401/);
});
