// The feed as a client holds it: pure data, no SignalR, so every rule here is unit-testable.
//
// Items are kept once per id, newest first, in the server's order (createdAt, then id).
// Two cursors carry the paging and the sync:
// - olderCursor: where "load older" continues (the `next` of the last backward page);
// - syncCursor: the newest item up to which the feed is known to have no holes. A reconnect
//   or a Resync gap-fills forward from it with GetFeed({ after }). Live pushes advance it only
//   while the feed is in sync; pushes that arrive during a gap fill are kept but do not move
//   it, so nothing posted during an outage is skipped.

/** Newest first: createdAt descending, then id descending (ordinal), as the server sorts. */
export function compareNewestFirst(a, b) {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  if (a.id === b.id) return 0;
  return a.id < b.id ? 1 : -1;
}

export class FeedState {
  #items = [];
  #byId = new Map();
  /** id -> sequence number of the live delivery that added it (see mark/replaceWith). */
  #liveSeq = new Map();
  #seq = 0;
  #loaded = false;
  #synced = false;
  #syncCursor = null;
  /** createdAt and id of the syncCursor's item, to compare positions without parsing cursors. */
  #syncPosition = null;
  #olderCursor = null;

  /** The items, newest first. Do not mutate the returned array. */
  get items() { return this.#items; }
  get size() { return this.#items.length; }
  /** True once a first page has been applied. */
  get loaded() { return this.#loaded; }
  /** True while no gap fill is pending. */
  get synced() { return this.#synced; }
  get syncCursor() { return this.#syncCursor; }
  get olderCursor() { return this.#olderCursor; }
  get hasOlder() { return this.#olderCursor !== null; }

  has(id) { return this.#byId.has(id); }
  get(id) { return this.#byId.get(id); }

  /**
   * Merges items from anywhere (push, page, publish result). Returns the items that were new,
   * newest first. A known id is updated in place (e.g. a placeholder author replaced).
   */
  merge(items) {
    const added = [];
    for (const item of items ?? []) {
      if (!item || typeof item.id !== 'string') continue;
      const known = this.#byId.get(item.id);
      if (known) {
        if (known !== item) this.#items[this.#indexOf(known)] = item;
        this.#byId.set(item.id, item);
        continue;
      }
      this.#byId.set(item.id, item);
      this.#items.splice(this.#insertionIndex(item), 0, item);
      added.push(item);
    }
    return added.sort(compareNewestFirst);
  }

  /** A live push (FeedUpdated or a publish result). Returns the new items. */
  receive(items) {
    const added = this.merge(items);
    this.#seq += 1;
    for (const item of added) this.#liveSeq.set(item.id, this.#seq);
    if (this.#synced) this.#advanceSyncCursor();
    return added;
  }

  /** A token for "now", to pass to replaceWith so pushes received meanwhile survive it. */
  mark() { return this.#seq; }

  /**
   * Replaces the feed with the newest page (first load, reload after a follow change, or a gap
   * too large to fill). Items pushed live after `since` (a mark() taken before the request)
   * are kept: they may be newer than the page. Returns the items that were not known before.
   */
  replaceWith(page, since = this.#seq) {
    const before = this.#byId;
    const survivors = this.#items.filter((item) => (this.#liveSeq.get(item.id) ?? -1) > since);
    this.#items = [];
    this.#byId = new Map();
    this.#liveSeq = new Map([...this.#liveSeq].filter(([id, seq]) => seq > since));
    this.merge(survivors);
    this.merge(page.items);
    this.#olderCursor = page.next ?? null;
    this.#loaded = true;
    this.#synced = true;
    this.#syncCursor = null;
    this.#syncPosition = null;
    this.#advanceSyncCursor();
    return this.#items.filter((item) => !before.has(item.id));
  }

  /** Applies a page loaded with { before: olderCursor }. Returns the new items. */
  addOlder(page) {
    const added = this.merge(page.items);
    this.#olderCursor = page.next ?? null;
    return added;
  }

  /** Starts a gap fill: pushes stop advancing syncCursor. Returns the cursor to fill from. */
  beginGapFill() {
    this.#synced = false;
    return this.#syncCursor;
  }

  /**
   * Applies a page of a gap fill (loaded with { after }, or the newest page when there was no
   * cursor). Returns the new items.
   */
  addGapPage(page, { newest = false } = {}) {
    const added = this.merge(page.items);
    // A feed that was empty when loaded gets its backward paging from the newest page.
    if (newest && this.#olderCursor === null && page.next) this.#olderCursor = page.next;
    return added;
  }

  /** Ends a gap fill that reached the newest item: everything known is now contiguous. */
  endGapFill() {
    this.#synced = true;
    this.#advanceSyncCursor();
  }

  /** Drops every item by an author (after an unfollow). Returns how many were removed. */
  removeAuthor(authorId) {
    const kept = this.#items.filter((item) => item.authorId !== authorId);
    const removed = this.#items.length - kept.length;
    if (removed > 0) {
      this.#items = kept;
      this.#byId = new Map(kept.map((item) => [item.id, item]));
      for (const id of this.#liveSeq.keys()) if (!this.#byId.has(id)) this.#liveSeq.delete(id);
    }
    return removed;
  }

  #advanceSyncCursor() {
    const newest = this.#items[0];
    if (!newest) return;
    if (this.#syncPosition === null || compareNewestFirst(newest, this.#syncPosition) < 0) {
      this.#syncCursor = newest.cursor;
      this.#syncPosition = { id: newest.id, createdAt: newest.createdAt };
    }
  }

  #indexOf(item) {
    const index = this.#insertionIndex(item);
    return this.#items[index] === item ? index : this.#items.indexOf(item);
  }

  /** Binary search: the first position whose item sorts after `item`, or its own position. */
  #insertionIndex(item) {
    let lo = 0;
    let hi = this.#items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareNewestFirst(this.#items[mid], item) < 0) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}
