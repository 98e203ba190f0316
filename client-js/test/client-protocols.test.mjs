// The client library (src/index.js, over the npm @microsoft/signalr) end to end against a real
// server, once per hub protocol: live pushes, paging, gap fill after a restart of the client,
// and automatic reconnect with gap fill across a server restart (MongoDB store, so data survives).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createFeedClient, devTokenFactory, fetchDevToken, FeedStatus } from '../src/index.js';
import { startServer } from './support/server.mjs';
import { startJongoDb } from './support/jongodb.mjs';
import { waitFor, api } from './support/wait.mjs';

let mongo;
let server;
before(async () => {
  mongo = await startJongoDb();
  server = await startServer({
    ConnectionStrings__Mongo: mongo.uri('feed-js-protocols'),
    Feed__Limits__PublishBurst: '200',
    Feed__Limits__PublishPerSecond: '200',
  });
});
after(async () => {
  await server?.stop();
  await mongo?.stop();
});

const unique = (name) => `${name}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;

/** A started client for a new user, with a log of its events. */
async function client(protocol, userId, options = {}) {
  const feed = createFeedClient({
    url: `${server.url}/hubs/feed`,
    accessTokenFactory: devTokenFactory(server.url, userId),
    protocol,
    logLevel: 6, // LogLevel.None: the restart test provokes expected connection errors
    backoff: { initialDelayMs: 200, maxDelayMs: 1000 },
    ...options,
  });
  const log = { statuses: [], delivered: new Map() };
  feed.on('status', (status) => log.statuses.push(status));
  feed.on('items', (items, source) => {
    for (const item of items) log.delivered.set(item.id, [...(log.delivered.get(item.id) ?? []), source]);
  });
  feed.log = log;
  await feed.start();
  return feed;
}

function assertSortedUnique(items) {
  const ids = items.map((i) => i.id);
  assert.equal(new Set(ids).size, ids.length, 'no duplicates');
  for (let i = 1; i < items.length; i++) {
    const [a, b] = [items[i - 1], items[i]];
    assert.ok(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id), `newest first at ${i}`);
  }
}

for (const protocol of ['json', 'messagepack']) {
  describe(`client library over ${protocol}`, () => {
    test('connects with the protocol asked for and loads an empty feed', async () => {
      const feed = await client(protocol, unique('solo'));
      try {
        assert.equal(feed.protocol, protocol);
        assert.equal(feed.status, FeedStatus.connected);
        await feed.whenSynced();
        assert.deepEqual(feed.items, []);
        assert.equal(feed.hasOlder, false);
      } finally {
        await feed.stop();
      }
      assert.equal(feed.status, FeedStatus.offline);
    });

    test('follow, then a post by the followee is pushed live, once, with the contract shape', async () => {
      const [aliceId, bobId] = [unique('alice'), unique('bob')];
      const alice = await client(protocol, aliceId);
      const bob = await client(protocol, bobId);
      try {
        await bob.follow(aliceId);
        const posted = await alice.publish('  hello over the wire 👋  ');
        assert.equal(posted.text, 'hello over the wire 👋');
        await waitFor(() => bob.items.some((i) => i.id === posted.id), { what: 'the pushed post' });
        const seen = bob.items.find((i) => i.id === posted.id);
        assert.deepEqual(seen, posted);
        assert.equal(typeof seen.createdAt, 'number');
        assert.deepEqual(seen.author, { id: aliceId, displayName: aliceId, avatarUrl: null });
        assert.deepEqual(bob.log.delivered.get(posted.id), ['live']);
        // The author's own feed has it once: the publish result and the push are merged.
        await waitFor(() => alice.items.length === 1, { what: 'the own post in the author feed' });
        assert.equal(alice.log.delivered.get(posted.id).length, 1, 'once, by push or by the publish result');
      } finally {
        await alice.stop();
        await bob.stop();
      }
    });

    test('online: a followee is online after follow(), goes offline when they leave, with presence events', async () => {
      const [aliceId, bobId] = [unique('alice'), unique('bob')];
      const alice = await client(protocol, aliceId);
      const bob = await client(protocol, bobId);
      const events = [];
      bob.on('presence', (userId, online) => events.push([userId, online]));
      try {
        await bob.follow(aliceId);
        await waitFor(() => bob.online.has(aliceId), { what: 'alice online' });
        assert.deepEqual(await bob.invoke('GetOnline'), { online: [aliceId] });
        assert.equal(alice.online.size, 0, 'alice follows nobody');
        await alice.stop();
        // The server waits its offline delay (2 s) before telling followers.
        await waitFor(() => !bob.online.has(aliceId), { timeoutMs: 15000, what: 'alice offline' });
        assert.deepEqual(events, [[aliceId, true], [aliceId, false]]);
      } finally {
        await alice.stop();
        await bob.stop();
      }
    });

    test('pages backwards with loadOlder until the end, newest first, no duplicates', async () => {
      const authorId = unique('author');
      const token = await fetchDevToken(server.url, authorId);
      for (let i = 0; i < 25; i++) await api(server.url, token, 'POST', '/api/posts', { text: `post ${i}` });
      const reader = await client(protocol, unique('reader'), { pageSize: 10 });
      try {
        await reader.follow(authorId);
        assert.equal(reader.items.length, 10);
        assert.equal(reader.items[0].text, 'post 24');
        assert.equal(await reader.loadOlder(), true);
        assert.equal(await reader.loadOlder(), false);
        assert.equal(reader.items.length, 25);
        assert.equal(await reader.loadOlder(), false, 'nothing more to load');
        assertSortedUnique(reader.items);
        assert.equal(reader.items.at(-1).text, 'post 0');
      } finally {
        await reader.stop();
      }
    });

    test('a client started again gap-fills what was posted while it was stopped', async () => {
      const [writerId, readerId] = [unique('writer'), unique('reader')];
      const writerToken = await fetchDevToken(server.url, writerId);
      const reader = await client(protocol, readerId, { gapPageSize: 2 });
      try {
        await reader.follow(writerId);
        const first = await api(server.url, writerToken, 'POST', '/api/posts', { text: 'before the stop' });
        await waitFor(() => reader.items.some((i) => i.id === first.id), { what: 'the first post' });
        await reader.stop();
        const missed = [];
        for (let i = 0; i < 5; i++) missed.push(await api(server.url, writerToken, 'POST', '/api/posts', { text: `missed ${i}` }));
        await reader.start();
        await reader.whenSynced();
        for (const post of missed) assert.deepEqual(reader.log.delivered.get(post.id), ['gap']);
        assert.equal(reader.items.length, 6);
        assertSortedUnique(reader.items);
      } finally {
        await reader.stop();
      }
    });

    test('server restart: reconnecting, then connected, and the posts made meanwhile appear once', async () => {
      const [writerId, readerId] = [unique('writer'), unique('reader')];
      const writerToken = await fetchDevToken(server.url, writerId);
      const reader = await client(protocol, readerId);
      try {
        await reader.follow(writerId);
        const first = await api(server.url, writerToken, 'POST', '/api/posts', { text: 'before the restart' });
        await waitFor(() => reader.items.some((i) => i.id === first.id), { what: 'the first post' });

        await server.stop();
        await waitFor(() => reader.status === FeedStatus.reconnecting, { what: 'reconnecting' });
        await server.start();
        const missed = [];
        for (let i = 0; i < 3; i++) missed.push(await api(server.url, writerToken, 'POST', '/api/posts', { text: `during ${i}` }));

        await waitFor(() => reader.status === FeedStatus.connected, { timeoutMs: 30000, what: 'connected again' });
        await reader.whenSynced();
        await waitFor(() => missed.every((p) => reader.items.some((i) => i.id === p.id)), { what: 'the missed posts' });
        for (const post of missed) assert.equal(reader.log.delivered.get(post.id).length, 1, `${post.text} delivered once`);
        assert.deepEqual(reader.log.statuses.slice(-2), [FeedStatus.reconnecting, FeedStatus.connected]);
        assert.equal(reader.items.length, 4);
        assertSortedUnique(reader.items);
      } finally {
        await reader.stop();
      }
    });
  });
}
