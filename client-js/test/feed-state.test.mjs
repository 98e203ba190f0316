// Unit tests of the pure feed state: ordering, dedup, gap fill, paging, reloads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FeedState, compareNewestFirst } from '../src/feed-state.js';

/** An item at time t (ms) with an id; the cursor names both, like the server's opaque one. */
function item(t, id = `p${String(t).padStart(4, '0')}`, authorId = 'ada') {
  return { id, cursor: `c:${t}:${id}`, authorId, author: { id: authorId, displayName: authorId, avatarUrl: null }, text: `post ${id}`, createdAt: t };
}
const ids = (state) => state.items.map((i) => i.id);
const page = (items, next = null) => ({ items, next });

test('compareNewestFirst orders by createdAt descending, then id descending (ordinal)', () => {
  const sorted = [item(1, 'a'), item(3, 'b'), item(2, 'c'), item(2, 'd'), item(2, 'B')].sort(compareNewestFirst);
  assert.deepEqual(sorted.map((i) => i.id), ['b', 'd', 'c', 'B', 'a']);
});

test('out-of-order live deliveries end up newest first', () => {
  const state = new FeedState();
  state.replaceWith(page([]));
  for (const t of [5, 1, 9, 3, 7]) state.receive([item(t)]);
  assert.deepEqual(ids(state), ['p0009', 'p0007', 'p0005', 'p0003', 'p0001']);
});

test('duplicate deliveries are kept once and are not reported as new', () => {
  const state = new FeedState();
  state.replaceWith(page([item(2), item(1)]));
  assert.deepEqual(state.receive([item(3), item(2)]).map((i) => i.id), ['p0003']);
  assert.deepEqual(state.receive([item(3)]), []);
  assert.deepEqual(state.addOlder(page([item(1)])), []);
  assert.deepEqual(ids(state), ['p0003', 'p0002', 'p0001']);
});

test('a batch with the same item twice adds it once', () => {
  const state = new FeedState();
  const added = state.merge([item(4), item(4), item(5)]);
  assert.deepEqual(added.map((i) => i.id), ['p0005', 'p0004']);
  assert.equal(state.size, 2);
});

test('a redelivered item replaces the stored copy in place (e.g. a placeholder author filled in)', () => {
  const state = new FeedState();
  state.merge([item(1), item(2), item(3)]);
  const better = { ...item(2), author: { id: 'ada', displayName: 'Ada Lovelace', avatarUrl: '/a.svg' } };
  assert.deepEqual(state.merge([better]), []);
  assert.equal(state.get('p0002').author.displayName, 'Ada Lovelace');
  assert.deepEqual(ids(state), ['p0003', 'p0002', 'p0001']);
});

test('items with the same createdAt are ordered by id, whatever the arrival order', () => {
  const state = new FeedState();
  state.receive([item(10, 'b')]);
  state.receive([item(10, 'c'), item(10, 'a')]);
  assert.deepEqual(ids(state), ['c', 'b', 'a']);
});

test('invalid entries (null, missing id) are ignored', () => {
  const state = new FeedState();
  assert.deepEqual(state.merge([null, {}, { id: 7 }, item(1)]).map((i) => i.id), ['p0001']);
  assert.deepEqual(state.merge(undefined), []);
});

test('initial load sets the paging cursor and the sync cursor to the newest item', () => {
  const state = new FeedState();
  assert.equal(state.loaded, false);
  state.replaceWith(page([item(3), item(2)], 'older-than-2'));
  assert.equal(state.loaded, true);
  assert.equal(state.synced, true);
  assert.equal(state.olderCursor, 'older-than-2');
  assert.equal(state.hasOlder, true);
  assert.equal(state.syncCursor, item(3).cursor);
});

test('paging backwards appends older pages until next is null', () => {
  const state = new FeedState();
  state.replaceWith(page([item(6), item(5)], 'n1'));
  state.addOlder(page([item(4), item(3)], 'n2'));
  assert.equal(state.olderCursor, 'n2');
  state.addOlder(page([item(2), item(1)], null));
  assert.equal(state.hasOlder, false);
  assert.deepEqual(ids(state), ['p0006', 'p0005', 'p0004', 'p0003', 'p0002', 'p0001']);
});

test('live pushes while in sync advance the sync cursor; an older late push does not move it back', () => {
  const state = new FeedState();
  state.replaceWith(page([item(5)]));
  state.receive([item(8)]);
  assert.equal(state.syncCursor, item(8).cursor);
  state.receive([item(6)]);
  assert.equal(state.syncCursor, item(8).cursor);
});

test('gap fill: pushes during the outage do not move the sync cursor past the missed items', () => {
  const state = new FeedState();
  state.replaceWith(page([item(2), item(1)]));
  const from = state.beginGapFill();
  assert.equal(from, item(2).cursor);
  // After reconnecting, a fresh push arrives before the gap fill's pages.
  state.receive([item(9)]);
  assert.equal(state.syncCursor, item(2).cursor, 'the push must not hide the gap 3..8');
  // The gap fill pages forward, oldest part of the gap first, each page newest first.
  state.addGapPage(page([item(5), item(4), item(3)], 'after-5'));
  state.addGapPage(page([item(9), item(8), item(7), item(6)], null));
  state.endGapFill();
  assert.equal(state.synced, true);
  assert.equal(state.syncCursor, item(9).cursor);
  assert.deepEqual(ids(state), ['p0009', 'p0008', 'p0007', 'p0006', 'p0005', 'p0004', 'p0003', 'p0002', 'p0001']);
});

test('gap fill merge with overlapping and duplicate pages keeps each item once', () => {
  const state = new FeedState();
  state.replaceWith(page([item(3), item(2), item(1)]));
  state.beginGapFill();
  state.addGapPage(page([item(5), item(4), item(3)], 'x'));
  state.addGapPage(page([item(6), item(5)], null));
  state.endGapFill();
  assert.deepEqual(ids(state), ['p0006', 'p0005', 'p0004', 'p0003', 'p0002', 'p0001']);
});

test('a gap fill of an empty feed takes backward paging from the newest page', () => {
  const state = new FeedState();
  state.replaceWith(page([]));
  assert.equal(state.syncCursor, null);
  assert.equal(state.beginGapFill(), null);
  state.addGapPage(page([item(30), item(29)], 'before-29'), { newest: true });
  state.endGapFill();
  assert.equal(state.olderCursor, 'before-29');
  assert.equal(state.syncCursor, item(30).cursor);
});

test('a gap fill that is interrupted leaves the sync cursor where it was', () => {
  const state = new FeedState();
  state.replaceWith(page([item(1)]));
  state.beginGapFill();
  state.addGapPage(page([item(3), item(2)], 'more'));
  // The connection drops again before the last page: the next fill starts from item 1 again.
  assert.equal(state.beginGapFill(), item(1).cursor);
  assert.equal(state.synced, false);
});

test('replaceWith keeps items pushed after its mark and drops the rest of the old feed', () => {
  const state = new FeedState();
  state.replaceWith(page([item(3, 'x', 'carol'), item(2), item(1)], 'n'));
  state.receive([item(4, 'early')]);
  const mark = state.mark();
  state.receive([item(10, 'late')]); // arrived while the reload request was in flight
  const fresh = state.replaceWith(page([item(5, 'new'), item(4, 'early'), item(2)], 'm'), mark);
  assert.deepEqual(ids(state), ['late', 'new', 'early', 'p0002']);
  assert.deepEqual(fresh.map((i) => i.id), ['new']);
  assert.equal(state.olderCursor, 'm');
  assert.equal(state.syncCursor, item(10, 'late').cursor);
});

test('removeAuthor drops that author only', () => {
  const state = new FeedState();
  state.replaceWith(page([item(3, 'a', 'bob'), item(2, 'b', 'ada'), item(1, 'c', 'bob')]));
  assert.equal(state.removeAuthor('bob'), 2);
  assert.deepEqual(ids(state), ['b']);
  assert.equal(state.has('a'), false);
  assert.equal(state.removeAuthor('nobody'), 0);
});

test('many random interleavings of pages and pushes give the same sorted, unique feed', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const all = Array.from({ length: 60 }, (_, i) => item(Math.floor(i / 3), `id${String(i).padStart(2, '0')}`));
  const expected = [...all].sort(compareNewestFirst).map((i) => i.id);
  for (let round = 0; round < 50; round++) {
    const state = new FeedState();
    const deliveries = [];
    for (const it of all) deliveries.push([it], [it]);
    deliveries.sort(() => random() - 0.5);
    for (const batch of deliveries) {
      if (random() < 0.5) state.receive(batch); else state.merge(batch);
    }
    assert.deepEqual(ids(state), expected);
  }
});
