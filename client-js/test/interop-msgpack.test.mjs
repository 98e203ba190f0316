// Interop: the official @microsoft/signalr JS client with @microsoft/signalr-protocol-msgpack's
// MessagePackHubProtocol against our server's own "messagepack" protocol. Every value crosses
// the wire as MessagePack; the objects must look exactly like the JSON protocol's. The last
// tests drop the socket under a stateful-reconnect connection, on both protocols (the Ack and
// Sequence messages are ours in messagepack, SignalR's in json).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { startServer, devToken, nextEvent } from './support/server.mjs';
import { waitFor } from './support/wait.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

function connect(token, protocol = new MessagePackHubProtocol(), { stateful = false } = {}) {
  let builder = new signalR.HubConnectionBuilder()
    .withUrl(`${server.url}/hubs/feed`, {
      accessTokenFactory: () => token,
      transport: signalR.HttpTransportType.WebSockets,
    })
    .withHubProtocol(protocol)
    .configureLogging(signalR.LogLevel.Warning);
  if (stateful) builder = builder.withStatefulReconnect();
  const connection = builder.build();
  connection.on('FeedUpdated', () => {}); // authors receive their own posts too
  return connection;
}

const users = (name) => `${name}-${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

test('messagepack: GetFeed, Publish, and FeedUpdated on another connection with every field intact', async () => {
  const alice = users('mp-alice');
  const bob = users('mp-bob');
  const aliceConn = connect(await devToken(server.url, alice));
  const bobConn = connect(await devToken(server.url, bob));
  await aliceConn.start();
  await bobConn.start();
  try {
    const empty = await bobConn.invoke('GetFeed', {});
    assert.deepEqual(empty, { items: [], next: null });

    await bobConn.invoke('Follow', alice);
    const pushed = nextEvent((resolve) => bobConn.on('FeedUpdated', resolve), 10000, 'FeedUpdated');
    const text = '  héllo from msgpack 👋 — 日本語, Ünïcødé  ';
    const item = await aliceConn.invoke('Publish', { text });

    assert.deepEqual(Object.keys(item), ['id', 'cursor', 'authorId', 'author', 'text', 'createdAt']);
    assert.equal(item.text, text.trim());
    assert.equal(item.authorId, alice);
    assert.equal(typeof item.id, 'string');
    assert.equal(typeof item.cursor, 'string');
    assert.equal(typeof item.createdAt, 'number');
    assert.ok(Number.isInteger(item.createdAt));
    assert.ok(Math.abs(item.createdAt - Date.now()) < 10 * 60 * 1000, `createdAt ${item.createdAt} is not near now`);
    assert.deepEqual(item.author, { id: alice, displayName: alice, avatarUrl: null });

    const items = await pushed;
    assert.equal(items.length, 1);
    assert.deepEqual(items[0], item);

    const page = await bobConn.invoke('GetFeed', { limit: 5 });
    assert.deepEqual(Object.keys(page), ['items', 'next']);
    assert.deepEqual(page.items[0], item);
    assert.equal(page.next, null);
  } finally {
    await aliceConn.stop();
    await bobConn.stop();
  }
});

test('messagepack and json connections receive the same item', async () => {
  const alice = users('mp-author');
  const viaJsonUser = users('json-reader');
  const author = connect(await devToken(server.url, alice));
  const viaJson = connect(await devToken(server.url, viaJsonUser), new signalR.JsonHubProtocol());
  await author.start();
  await viaJson.start();
  try {
    await viaJson.invoke('Follow', alice);
    const pushed = nextEvent((resolve) => viaJson.on('FeedUpdated', resolve), 10000, 'FeedUpdated');
    const item = await author.invoke('Publish', { text: 'same on both protocols ✓' });
    assert.deepEqual((await pushed)[0], item);
  } finally {
    await author.stop();
    await viaJson.stop();
  }
});

test('messagepack: cursors page backward and forward', async () => {
  const conn = connect(await devToken(server.url, users('mp-pager')));
  await conn.start();
  try {
    const posted = [];
    for (let i = 0; i < 4; i++) posted.push(await conn.invoke('Publish', { text: `post ${i}` }));

    const first = await conn.invoke('GetFeed', { limit: 2 });
    assert.deepEqual(first.items.map((i) => i.id), [posted[3].id, posted[2].id]);
    assert.equal(typeof first.next, 'string');
    const second = await conn.invoke('GetFeed', { before: first.next, limit: 2, unknownKey: [1, { x: true }] });
    assert.deepEqual(second.items.map((i) => i.id), [posted[1].id, posted[0].id]);
    const gap = await conn.invoke('GetFeed', { after: posted[0].cursor, limit: 2, before: null });
    assert.deepEqual(gap.items.map((i) => i.id), [posted[2].id, posted[1].id]);
  } finally {
    await conn.stop();
  }
});

test('messagepack: bad input is a HubException naming the problem, and the connection stays', async () => {
  const conn = connect(await devToken(server.url, users('mp-bad')));
  await conn.start();
  try {
    await assert.rejects(conn.invoke('GetFeed', { limit: 1000 }), /limit must be between 1 and 100/);
    await assert.rejects(conn.invoke('Publish', {}), /text is required/);
    await assert.rejects(conn.invoke('Publish', { text: 42 }), /PublishRequest\.text: Unexpected msgpack code 42/);
    await assert.rejects(conn.invoke('GetFeed', { limit: 'five' }), /FeedQuery\.limit: Unexpected msgpack code/);
    await assert.rejects(conn.invoke('GetFeed', {}, {}), /Invocation provides 2 argument\(s\) but target expects 1/);
    await assert.rejects(conn.invoke('GetFeed', 'not an object'), /Error binding arguments/);
    await assert.rejects(conn.invoke('Follow', 'nobody-here'), /unknown user 'nobody-here'/);
    const page = await conn.invoke('GetFeed', {});
    assert.deepEqual(page.items, []);
    assert.equal(conn.state, signalR.HubConnectionState.Connected);
  } finally {
    await conn.stop();
  }
});

for (const [name, protocol] of [['messagepack', () => new MessagePackHubProtocol()], ['json', () => new signalR.JsonHubProtocol()]]) {
  test(`${name}: stateful reconnect rides out a dropped socket; posts made meanwhile arrive exactly once`, async () => {
    const alice = users(`sr-${name}-author`);
    const bob = users(`sr-${name}-reader`);
    const author = connect(await devToken(server.url, alice));
    const reader = connect(await devToken(server.url, bob), protocol(), { stateful: true });
    const received = [];
    reader.on('FeedUpdated', (items) => received.push(...items.map((i) => i.id)));
    let closed = false;
    reader.onclose(() => { closed = true; });
    await author.start();
    await reader.start();
    try {
      await reader.invoke('Follow', alice);
      const before = await author.invoke('Publish', { text: 'before the drop' });
      await waitFor(() => received.includes(before.id), { what: 'the post before the drop' });

      // Cut the TCP connection under the WebSocket (no close frame), as a network drop would.
      const connectionId = reader.connectionId;
      reader.connection.transport._webSocket._socket.destroy();
      const during = [];
      for (let i = 0; i < 3; i++) during.push((await author.invoke('Publish', { text: `during the drop ${i}` })).id);

      await waitFor(() => during.every((id) => received.includes(id)), { what: 'the posts made during the drop' });
      assert.equal(closed, false, 'the hub connection never closed');
      assert.equal(reader.state, signalR.HubConnectionState.Connected);
      assert.equal(reader.connectionId, connectionId, 'same SignalR connection, new socket');
      assert.deepEqual(received, [before.id, ...during], 'every post once, in order');
      assert.deepEqual((await reader.invoke('GetFeed', { limit: 4 })).items.map((i) => i.id), [...during].reverse().concat(before.id));
    } finally {
      await author.stop();
      await reader.stop();
    }
  });
}
