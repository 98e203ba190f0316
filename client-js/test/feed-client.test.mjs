// Unit tests of FeedClient's orchestration over a fake SignalR connection: when it loads, when
// it gap-fills, how it treats pushes that race the gap fill, start retries, protocol choice.
// Also the small pure helpers: backoff and post length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedClient } from '../src/feed-client.js';
import { createBackoff } from '../src/backoff.js';
import { postLength, postTextProblem, MAX_POST_LENGTH } from '../src/text.js';
import { createFakeSignalR } from './support/fake-signalr.mjs';

const item = (t) => ({ id: `p${String(t).padStart(4, '0')}`, cursor: `c:${t}`, authorId: 'ada', author: { id: 'ada', displayName: 'Ada', avatarUrl: null }, text: `post ${t}`, createdAt: t });
const timeOf = (cursor) => Number(cursor.slice(2));

/** GetFeed over a list of posts with the contract's semantics (cursor "c:t"). */
function fakeServer(times) {
  const server = { posts: times.map(item) };
  server.getFeed = ({ before, after, limit = 20 }) => {
    const newestFirst = [...server.posts].sort((a, b) => b.createdAt - a.createdAt);
    if (after !== undefined) {
      const newer = newestFirst.filter((p) => p.createdAt > timeOf(after));
      const items = newer.slice(Math.max(0, newer.length - limit));
      return { items, next: newer.length > limit ? items[0].cursor : null };
    }
    const older = before === undefined ? newestFirst : newestFirst.filter((p) => p.createdAt < timeOf(before));
    const items = older.slice(0, limit);
    return { items, next: older.length > limit ? items.at(-1).cursor : null };
  };
  return server;
}

function setUp(options = {}, times = [1, 2, 3]) {
  const signalR = createFakeSignalR();
  const server = fakeServer(times);
  const client = new FeedClient({ url: '/hubs/feed', accessTokenFactory: () => 't', signalR, protocol: 'json', backoff: { initialDelayMs: 1, jitter: 0 }, ...options });
  const log = { statuses: [], items: [] };
  client.on('status', (s) => log.statuses.push(s));
  client.on('items', (items, source) => log.items.push(...items.map((i) => `${i.createdAt}:${source}`)));
  const connect = async () => {
    const started = client.start();
    const connection = signalR.connections[0];
    connection.answer = (method, query) => {
      if (method === 'GetFeed') return server.getFeed(query);
      throw new Error(`unexpected ${method}`);
    };
    await started;
    return connection;
  };
  return { client, server, signalR, log, connect };
}
const times = (client) => client.items.map((i) => i.createdAt);

test('start connects, loads the newest page and reports connecting then connected', async () => {
  const { client, log, connect } = setUp({ pageSize: 2 });
  const connection = await connect();
  assert.deepEqual(log.statuses, ['connecting', 'connected']);
  assert.deepEqual(times(client), [3, 2]);
  assert.equal(client.hasOlder, true);
  assert.deepEqual(connection.calls, [['GetFeed', { limit: 2 }]]);
  assert.equal(connection.builder.stateful, true, 'stateful reconnect is asked for');
  await client.whenSynced();
});

test('after a reconnect it gap-fills forward page by page; a push racing the fill is kept once', async () => {
  const { client, server, log, connect } = setUp({ gapPageSize: 2 });
  const connection = await connect();
  connection.drop();
  assert.equal(client.status, 'reconnecting');
  server.posts.push(...[4, 5, 6, 7, 8].map(item));
  // The first push after reconnecting arrives before the gap fill's pages.
  connection.answer = (method, query) => {
    if (query.after === 'c:3') connection.push('FeedUpdated', [item(8)]);
    return server.getFeed(query);
  };
  connection.reconnect();
  await client.whenSynced();
  assert.equal(client.status, 'connected');
  assert.deepEqual(times(client), [8, 7, 6, 5, 4, 3, 2, 1]);
  const afters = connection.calls.filter(([, q]) => q.after).map(([, q]) => q.after);
  assert.deepEqual(afters, ['c:3', 'c:5', 'c:7']);
  assert.deepEqual(log.items.filter((e) => e.startsWith('8:')), ['8:live']);
  assert.deepEqual(log.statuses, ['connecting', 'connected', 'reconnecting', 'connected']);
});

test('Resync from the server triggers a gap fill', async () => {
  const { client, server, connect } = setUp();
  const connection = await connect();
  server.posts.push(item(10));
  const synced = new Promise((resolve) => client.on('synced', resolve));
  connection.push('Resync');
  await synced;
  assert.deepEqual(times(client), [10, 3, 2, 1]);
  assert.deepEqual(connection.calls.at(-1), ['GetFeed', { after: 'c:3', limit: 100 }]);
});

test('a gap longer than maxGapPages restarts from the newest page instead of filling it all', async () => {
  const { client, server, connect } = setUp({ gapPageSize: 2, maxGapPages: 2, pageSize: 3 });
  const connection = await connect();
  connection.drop();
  server.posts.push(...Array.from({ length: 20 }, (_, i) => item(100 + i)));
  connection.reconnect();
  await client.whenSynced();
  assert.deepEqual(times(client), [119, 118, 117]);
  assert.equal(client.hasOlder, true);
  assert.equal(connection.calls.filter(([, q]) => q.after).length, 2);
});

test('live pushes are merged by id and keep the feed newest first', async () => {
  const { client, connect } = setUp();
  const connection = await connect();
  connection.push('FeedUpdated', [item(5), item(4)]);
  connection.push('FeedUpdated', [item(4)]);
  connection.push('FeedUpdated', [item(2)]);
  assert.deepEqual(times(client), [5, 4, 3, 2, 1]);
});

test('publish merges the returned item; a later push of it adds nothing', async () => {
  const { client, log, connect } = setUp();
  const connection = await connect();
  connection.answer = (method) => (method === 'Publish' ? item(9) : null);
  await client.publish('hi');
  connection.push('FeedUpdated', [item(9)]);
  assert.deepEqual(times(client), [9, 3, 2, 1]);
  assert.deepEqual(log.items.filter((e) => e.startsWith('9:')), ['9:publish']);
});

test('start retries a failed connect with backoff, and gives up at once on 401 or a handshake error', async () => {
  const { client, signalR, log } = setUp();
  let attempts = 0;
  const started = client.start();
  const connection = signalR.connections[0];
  connection.answer = () => ({ items: [], next: null });
  connection.onStart = () => { attempts += 1; if (attempts < 3) throw new Error('refused'); };
  await started;
  assert.equal(attempts, 3);
  assert.equal(client.status, 'connected');

  const denied = setUp();
  const deniedStart = denied.client.start();
  denied.signalR.connections[0].onStart = () => { throw Object.assign(new Error('Unauthorized'), { statusCode: 401 }); };
  await assert.rejects(deniedStart, /Unauthorized/);
  assert.equal(denied.client.status, 'offline');
  assert.deepEqual(log.statuses, ['connecting', 'connected']);

  const unsupported = setUp();
  const unsupportedStart = unsupported.client.start();
  let tries = 0;
  unsupported.signalR.connections[0].onStart = () => { tries += 1; throw new Error("Server returned handshake error: The protocol 'messagepack' is not supported."); };
  await assert.rejects(unsupportedStart, /not supported/);
  assert.equal(tries, 1, 'a protocol the server does not speak is not retried');
});

test('protocol: json, messagepack through its factory, and clear errors otherwise', () => {
  const signalR = createFakeSignalR();
  const base = { url: '/hubs/feed', accessTokenFactory: () => 't', signalR };
  assert.equal(new FeedClient({ ...base, protocol: 'json' }).protocol, 'json');
  assert.equal(new FeedClient({ ...base, messagePackProtocol: () => ({ name: 'messagepack' }) }).protocol, 'messagepack', 'messagepack is the default');
  assert.throws(() => new FeedClient(base), /protocol 'messagepack' needs options.messagePackProtocol/);
  assert.throws(() => new FeedClient({ ...base, protocol: 'xml' }), /unknown protocol 'xml'/);
  assert.throws(() => new FeedClient({ ...base, url: '' }), /needs the hub url/);
  assert.throws(() => new FeedClient({ url: '/h', signalR }), /accessTokenFactory/);
});

test('backoff: immediate first retry, then growing delays up to the cap; can give up', () => {
  const backoff = createBackoff({ initialDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6].map(backoff.delayFor), [0, 100, 200, 400, 800, 1000, 1000]);
  assert.equal(backoff.nextRetryDelayInMilliseconds({ previousRetryCount: 2, elapsedMilliseconds: 1e9 }), 200, 'retries forever by default');
  const limited = createBackoff({ maxElapsedMs: 5000, jitter: 0 });
  assert.equal(limited.nextRetryDelayInMilliseconds({ previousRetryCount: 1, elapsedMilliseconds: 5000 }), null);
  const jittered = createBackoff({ initialDelayMs: 1000, jitter: 0.5 }, () => 1);
  assert.equal(jittered.delayFor(1), 1500);
  assert.throws(() => createBackoff({ factor: 0 }), /factor must be a positive number/);
  assert.throws(() => createBackoff({ jitter: 1 }), /jitter must be in \[0, 1\)/);
});

test('post length counts code points of the trimmed text, as the server does', () => {
  assert.equal(postLength('  hello  '), 5);
  assert.equal(postLength('👋🏽é'), 3, 'emoji and modifier are code points; é is one');
  assert.equal(postLength(''), 0);
  assert.equal(postTextProblem('   '), 'text is required');
  assert.equal(postTextProblem('😀'.repeat(MAX_POST_LENGTH)), null);
  assert.match(postTextProblem('x'.repeat(501)), /at most 500 characters \(it has 501\)/);
});

test('online comes from GetOnline after every (re)connect and from PresenceChanged, with a presence event per change', async () => {
  const { client, signalR, connect } = setUp();
  const events = [];
  client.on('presence', (userId, online) => events.push(`${userId}:${online}`));
  const connecting = connect();
  signalR.connections[0].online = { online: ['ada', 'bob'] };
  const connection = await connecting;
  await client.whenSynced();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual([...client.online].sort(), ['ada', 'bob']);

  connection.push('PresenceChanged', { userId: 'ada', online: false });
  assert.deepEqual([...client.online], ['bob']);

  connection.drop();
  connection.online = { online: ['cy'] };
  connection.reconnect();
  await client.whenSynced();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual([...client.online], ['cy']);
  assert.equal(connection.onlineCalls, 2);
  assert.deepEqual(events, ['ada:true', 'bob:true', 'ada:false', 'bob:false', 'cy:true']);
});
