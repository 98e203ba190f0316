// A live feed over the Feed hub, on top of the official SignalR client (passed in, so the same
// code runs with the npm package in Node/bundlers and with the browser bundle's `signalR`).
//
// The connection may drop at any moment; the feed stays correct: every (re)connect and every
// server Resync gap-fills forward from the last contiguous item, pushes are merged by id, and
// pages never duplicate what a push already delivered (see feed-state.js).
import { FeedState } from './feed-state.js';
import { Emitter } from './emitter.js';
import { createBackoff } from './backoff.js';
import { httpStatusOf } from './refusal.js';

export const FeedStatus = Object.freeze({
  offline: 'offline',
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
});

const defaults = {
  protocol: 'messagepack',
  pageSize: 20,
  gapPageSize: 100,
  /** A gap longer than this many pages is not filled: the feed restarts from the newest page. */
  maxGapPages: 10,
  statefulReconnect: true,
  backoff: {},
};

export class FeedClient {
  #options;
  #signalR;
  #connection = null;
  #state = new FeedState();
  #events = new Emitter();
  #status = FeedStatus.offline;
  #backoff;
  #stopped = true;
  #restartTimer = null;
  #syncRun = 0;
  #syncFailures = 0;
  #synced = null;
  #olderLoad = null;
  #protocolName;
  #online = new Set();
  /** PresenceChanged heard while a GetOnline() is in flight: applied over its answer. */
  #presenceDuringRefresh = null;

  /**
   * @param {object} options url, accessTokenFactory, signalR (the @microsoft/signalr module or
   * the browser bundle's global), protocol ('messagepack' | 'json' | an IHubProtocol),
   * messagePackProtocol (factory for the messagepack IHubProtocol), pageSize, gapPageSize,
   * maxGapPages, statefulReconnect, backoff (see backoff.js), logLevel, transport.
   */
  constructor(options) {
    this.#options = { ...defaults, ...options };
    const { url, accessTokenFactory, signalR } = this.#options;
    if (!url) throw new TypeError('FeedClient needs the hub url (e.g. "/hubs/feed")');
    if (typeof accessTokenFactory !== 'function') throw new TypeError('FeedClient needs an accessTokenFactory function');
    if (!signalR?.HubConnectionBuilder) throw new TypeError('FeedClient needs the @microsoft/signalr module as options.signalR');
    this.#signalR = signalR;
    this.#backoff = createBackoff(this.#options.backoff);
    this.#protocolName = this.#protocol().name;
    this.#resetSynced();
  }

  get status() { return this.#status; }
  /** The feed, newest first (do not mutate). */
  get items() { return this.#state.items; }
  get hasOlder() { return this.#state.hasOlder; }
  /** The protocol in use: 'messagepack' or 'json'. */
  get protocol() { return this.#protocolName; }
  /** The underlying SignalR HubConnection (null before start). */
  get connection() { return this.#connection; }
  /** The ids of the people I follow who are online (do not mutate). */
  get online() { return this.#online; }

  /**
   * Events: 'status' (status, error?), 'items' (newItems, source: 'initial' | 'live' | 'gap'
   * | 'older' | 'publish' | 'reload'), 'change' (items), 'synced' (), 'error' (error),
   * 'presence' (userId, online): a followee came online or went offline (`online` kept in step).
   */
  on(event, handler) { return this.#events.on(event, handler); }

  /** Resolves once the feed is in sync with the server (after a load or a gap fill). */
  whenSynced() { return this.#synced.promise; }

  /**
   * Connects and loads the newest page. Retries with backoff until it connects, unless the
   * server refuses the token (401/403) or the protocol (handshake error), or stop() is
   * called: then it rejects.
   */
  async start() {
    this.#stopped = false;
    this.#connection ??= this.#build();
    this.#setStatus(FeedStatus.connecting);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#connection.start();
        break;
      } catch (error) {
        if (this.#stopped) throw error;
        if (isFatal(error)) {
          this.#stopped = true;
          this.#setStatus(FeedStatus.offline, error);
          throw error;
        }
        this.#events.emit('error', error);
        await delay(this.#backoff.delayFor(attempt + 1, error));
        if (this.#stopped) throw new Error('stopped before connecting');
      }
    }
    this.#setStatus(FeedStatus.connected);
    this.#refreshOnline();
    await this.#sync(this.#state.loaded ? 'gap' : 'initial');
  }

  async stop() {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    await this.#connection?.stop();
    this.#setStatus(FeedStatus.offline);
  }

  /** Loads the next older page; resolves with whether more remain. */
  loadOlder() {
    this.#olderLoad ??= this.#loadOlderOnce().finally(() => { this.#olderLoad = null; });
    return this.#olderLoad;
  }

  /** Publishes a post; resolves with the new item (also merged into the feed at once). */
  async publish(text) {
    const item = await this.#invoke('Publish', { text });
    this.#apply(this.#state.receive([item]), 'publish');
    return item;
  }

  /** Follows a user and reloads the feed so their posts appear. */
  async follow(userId) {
    await this.#invoke('Follow', userId);
    this.#refreshOnline();
    await this.#sync('reload');
  }

  /** Unfollows a user, drops their posts at once, and reloads the feed. */
  async unfollow(userId) {
    await this.#invoke('Unfollow', userId);
    this.#setOnline(userId, false);
    if (this.#state.removeAuthor(userId) > 0) this.#events.emit('change', this.#state.items);
    await this.#sync('reload');
  }

  /** Asks the server who of the people I follow is online (GetOnline) and brings `online` in step. */
  async refreshOnline() {
    const changes = [];
    this.#presenceDuringRefresh = changes;
    let answer;
    try {
      answer = await this.#invoke('GetOnline');
    } finally {
      if (this.#presenceDuringRefresh === changes) this.#presenceDuringRefresh = null;
    }
    const now = new Set(answer?.online ?? []);
    for (const [userId, online] of changes) {
      if (online) now.add(userId); else now.delete(userId);
    }
    for (const userId of [...this.#online]) if (!now.has(userId)) this.#setOnline(userId, false);
    for (const userId of now) this.#setOnline(userId, true);
  }

  /** Calls a hub method directly. */
  invoke(method, ...args) { return this.#invoke(method, ...args); }

  #build() {
    const signalR = this.#signalR;
    const { url, accessTokenFactory, transport, statefulReconnect, logLevel } = this.#options;
    let builder = new signalR.HubConnectionBuilder()
      .withUrl(url, { accessTokenFactory, ...(transport === undefined ? {} : { transport }) })
      .withHubProtocol(this.#protocol())
      .withAutomaticReconnect(this.#backoff)
      .configureLogging(logLevel ?? signalR.LogLevel.Warning);
    // Replays buffered messages over a blip when the server allows it; a no-op otherwise.
    if (statefulReconnect && typeof builder.withStatefulReconnect === 'function') builder = builder.withStatefulReconnect();
    const connection = builder.build();
    connection.on('FeedUpdated', (items) => this.#apply(this.#state.receive(items), 'live'));
    connection.on('Resync', () => { this.#refreshOnline(); this.#sync('gap'); });
    connection.on('PresenceChanged', (change) => {
      this.#presenceDuringRefresh?.push([change.userId, change.online]);
      this.#setOnline(change.userId, change.online);
    });
    connection.onreconnecting((error) => {
      this.#state.beginGapFill();
      this.#resetSynced();
      this.#setStatus(FeedStatus.reconnecting, error);
    });
    connection.onreconnected(() => {
      this.#setStatus(FeedStatus.connected);
      this.#refreshOnline();
      this.#sync('gap');
    });
    connection.onclose((error) => this.#closed(error));
    return connection;
  }

  #protocol() {
    const { protocol, messagePackProtocol } = this.#options;
    if (typeof protocol === 'object' && protocol !== null) return protocol;
    if (protocol === 'json') return new this.#signalR.JsonHubProtocol();
    if (protocol === 'messagepack') {
      if (typeof messagePackProtocol !== 'function') {
        throw new TypeError("protocol 'messagepack' needs options.messagePackProtocol (load signalr-protocol-msgpack) or use protocol 'json'");
      }
      return messagePackProtocol();
    }
    throw new TypeError(`unknown protocol '${protocol}': use 'messagepack' or 'json'`);
  }

  /** The connection closed for good (stop, or reconnecting gave up): restart unless stopped. */
  #closed(error) {
    this.#resetSynced();
    if (this.#stopped) {
      this.#setStatus(FeedStatus.offline, error);
      return;
    }
    this.#state.beginGapFill();
    this.#setStatus(FeedStatus.reconnecting, error);
    const restart = (attempt, reason) => {
      this.#restartTimer = setTimeout(() => {
        if (this.#stopped) return;
        this.#connection.start().then(
          () => { this.#setStatus(FeedStatus.connected); this.#refreshOnline(); this.#sync('gap'); },
          (failure) => {
            if (isFatal(failure)) { this.#stopped = true; this.#setStatus(FeedStatus.offline, failure); return; }
            restart(attempt + 1, failure);
          });
      }, this.#backoff.delayFor(attempt, reason));
    };
    restart(1, error);
  }

  async #loadOlderOnce() {
    const before = this.#state.olderCursor;
    if (before === null) return false;
    const page = await this.#invoke('GetFeed', { before, limit: this.#options.pageSize });
    if (this.#state.olderCursor === before) this.#apply(this.#state.addOlder(page), 'older');
    return this.#state.hasOlder;
  }

  /** Brings the feed in sync: 'initial' / 'reload' load the newest page, 'gap' fills forward. */
  async #sync(kind) {
    const run = ++this.#syncRun;
    const mode = this.#state.loaded ? kind : 'initial';
    try {
      const done = mode === 'gap' ? await this.#fillGap(run) : await this.#loadNewest(run, mode);
      if (!done) return;
      this.#syncFailures = 0;
      this.#synced.resolve();
      this.#events.emit('synced');
    } catch (error) {
      if (run !== this.#syncRun) return;
      this.#events.emit('error', error);
      // Still connected (the call failed, not the socket): try again; a reconnect retries anyway.
      if (this.#connection?.state === this.#signalR.HubConnectionState.Connected) {
        this.#syncFailures += 1;
        setTimeout(() => { if (run === this.#syncRun) this.#sync(mode); }, this.#backoff.delayFor(this.#syncFailures));
      }
    }
  }

  async #loadNewest(run, kind) {
    const since = this.#state.mark();
    const page = await this.#invoke('GetFeed', { limit: this.#options.pageSize });
    if (run !== this.#syncRun) return false;
    this.#apply(this.#state.replaceWith(page, since), kind === 'gap' ? 'reload' : kind, true);
    return true;
  }

  async #fillGap(run) {
    let cursor = this.#state.beginGapFill();
    this.#resetSynced();
    if (cursor === null) {
      const page = await this.#invoke('GetFeed', { limit: this.#options.pageSize });
      if (run !== this.#syncRun) return false;
      this.#apply(this.#state.addGapPage(page, { newest: true }), 'gap');
    }
    for (let pages = 0; cursor !== null; pages++) {
      if (pages === this.#options.maxGapPages) return this.#loadNewest(run, 'gap');
      const page = await this.#invoke('GetFeed', { after: cursor, limit: this.#options.gapPageSize });
      if (run !== this.#syncRun) return false;
      this.#apply(this.#state.addGapPage(page), 'gap');
      cursor = page.next ?? null;
    }
    this.#state.endGapFill();
    return true;
  }

  /** GetOnline() without waiting; a failure is reported as 'error' (the next reconnect asks again). */
  #refreshOnline() {
    this.refreshOnline().catch((error) => this.#events.emit('error', error));
  }

  #setOnline(userId, online) {
    if (online === this.#online.has(userId)) return;
    if (online) this.#online.add(userId); else this.#online.delete(userId);
    this.#events.emit('presence', userId, online);
  }

  #apply(added, source, changed = false) {
    if (added.length > 0) this.#events.emit('items', added, source);
    if (added.length > 0 || changed) this.#events.emit('change', this.#state.items);
  }

  #invoke(method, ...args) {
    if (!this.#connection) return Promise.reject(new Error(`cannot call ${method}: the client is not started`));
    return this.#connection.invoke(method, ...args);
  }

  #setStatus(status, error) {
    if (status === this.#status) return;
    this.#status = status;
    this.#events.emit('status', status, error);
  }

  /** A fresh whenSynced() promise, unless the current one is still pending. */
  #resetSynced() {
    if (this.#synced && !this.#synced.settled) return;
    const synced = { settled: false };
    synced.promise = new Promise((resolve) => {
      synced.resolve = () => { synced.settled = true; resolve(); };
    });
    this.#synced = synced;
  }
}

/** Errors a retry cannot fix: a refused token (on negotiate too), or a protocol the server does not speak. */
function isFatal(error) {
  const status = httpStatusOf(error);
  return status === 401 || status === 403 || /handshake error/i.test(error?.message ?? '');
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
