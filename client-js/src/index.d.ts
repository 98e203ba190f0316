// Types for @feed/client (hand-written; the library is plain ES modules).
import type { HubConnection, IHubProtocol, LogLevel, ILogger, HttpTransportType } from '@microsoft/signalr';

/** The author of a feed item. */
export interface Author {
  id: string;
  displayName: string;
  avatarUrl: string | null;
}

/** One post in a feed. `createdAt` is Unix milliseconds; `cursor` is the item's own opaque cursor. */
export interface FeedItem {
  id: string;
  cursor: string;
  authorId: string;
  author: Author;
  text: string;
  createdAt: number;
}

/** A page of items, newest first; `next` continues in the page's direction, null at the end. */
export interface FeedPage {
  items: FeedItem[];
  next: string | null;
}

/** What GetOnline() returns: the people the caller follows who are online, sorted by id. */
export interface OnlineUsers {
  online: string[];
}

/** The argument of the PresenceChanged push. */
export interface PresenceChange {
  userId: string;
  online: boolean;
}

export type FeedStatus = 'offline' | 'connecting' | 'connected' | 'reconnecting';
export declare const FeedStatus: Readonly<{ offline: 'offline'; connecting: 'connecting'; connected: 'connected'; reconnecting: 'reconnecting' }>;

/** Where new items came from. */
export type ItemsSource = 'initial' | 'live' | 'gap' | 'older' | 'publish' | 'reload';

export interface BackoffOptions {
  /** Delay before the second retry (the first is immediate). Default 500. */
  initialDelayMs?: number;
  /** Longest delay between retries. Default 15000. */
  maxDelayMs?: number;
  /** Growth per retry. Default 2. */
  factor?: number;
  /** Random spread as a fraction of the delay, in [0, 1). Default 0.2. */
  jitter?: number;
  /** Stop reconnecting after this long; default Infinity (retry forever). */
  maxElapsedMs?: number;
}

export interface Backoff {
  /** The delay before retry `attempt`; never less than a refusal's Retry-After when `reason` (the last try's error) is one. */
  delayFor(attempt: number, reason?: unknown): number;
  nextRetryDelayInMilliseconds(context: { previousRetryCount: number; elapsedMilliseconds: number; retryReason?: Error }): number | null;
}

/** The HTTP status behind a failed connect (read from @microsoft/signalr's error), or null. */
export declare function httpStatusOf(error: unknown): number | null;
/** Milliseconds a connect refused with 503 or 429 was asked to wait (Feed's Retry-After), or null. */
export declare function retryAfterMsOf(error: unknown): number | null;

export declare const defaultBackoff: Readonly<Required<BackoffOptions>>;
export declare function createBackoff(options?: BackoffOptions, random?: () => number): Backoff;

export interface FeedClientOptions {
  /** The hub URL, e.g. "/hubs/feed" in a browser or "http://localhost:5080/hubs/feed". */
  url: string;
  /** Called on every (re)connect; returns the bearer token. */
  accessTokenFactory: () => string | Promise<string>;
  /** 'messagepack' (default), 'json', or any IHubProtocol. */
  protocol?: 'messagepack' | 'json' | IHubProtocol;
  /** Items per page for the first load and "load older". Default 20. */
  pageSize?: number;
  /** Items per GetFeed({ after }) call while gap-filling. Default 100. */
  gapPageSize?: number;
  /** A gap longer than this many pages restarts the feed from the newest page. Default 10. */
  maxGapPages?: number;
  /** Use SignalR's stateful reconnect where the server allows it. Default true. */
  statefulReconnect?: boolean;
  backoff?: BackoffOptions;
  logLevel?: LogLevel | ILogger;
  transport?: HttpTransportType;
  /** The @microsoft/signalr module (set by createFeedClient). */
  signalR?: unknown;
  /** Factory of the messagepack IHubProtocol (set by createFeedClient). */
  messagePackProtocol?: () => IHubProtocol;
}

export interface FeedClientEvents {
  status: (status: FeedStatus, error?: Error) => void;
  items: (items: readonly FeedItem[], source: ItemsSource) => void;
  change: (items: readonly FeedItem[]) => void;
  synced: () => void;
  error: (error: Error) => void;
  /** A followee came online or went offline; `online` is already updated. */
  presence: (userId: string, online: boolean) => void;
}

export declare class FeedClient {
  constructor(options: FeedClientOptions & { signalR: unknown });
  readonly status: FeedStatus;
  /** The feed, newest first. */
  readonly items: readonly FeedItem[];
  readonly hasOlder: boolean;
  readonly protocol: 'messagepack' | 'json' | string;
  readonly connection: HubConnection | null;
  /** The ids of the people I follow who are online: from GetOnline() after every (re)connect, then PresenceChanged. */
  readonly online: ReadonlySet<string>;
  on<E extends keyof FeedClientEvents>(event: E, handler: FeedClientEvents[E]): () => void;
  whenSynced(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
  loadOlder(): Promise<boolean>;
  publish(text: string): Promise<FeedItem>;
  follow(userId: string): Promise<void>;
  unfollow(userId: string): Promise<void>;
  /** Calls GetOnline() and brings `online` in step (done by the client after every (re)connect). */
  refreshOnline(): Promise<void>;
  invoke<T = unknown>(method: string, ...args: unknown[]): Promise<T>;
}

export declare function createFeedClient(options: FeedClientOptions): FeedClient;

/** The feed as held by a client: pure data, no networking. */
export declare class FeedState {
  readonly items: readonly FeedItem[];
  readonly size: number;
  readonly loaded: boolean;
  readonly synced: boolean;
  readonly syncCursor: string | null;
  readonly olderCursor: string | null;
  readonly hasOlder: boolean;
  has(id: string): boolean;
  get(id: string): FeedItem | undefined;
  merge(items: readonly FeedItem[] | null | undefined): FeedItem[];
  receive(items: readonly FeedItem[]): FeedItem[];
  mark(): number;
  replaceWith(page: FeedPage, since?: number): FeedItem[];
  addOlder(page: FeedPage): FeedItem[];
  beginGapFill(): string | null;
  addGapPage(page: FeedPage, options?: { newest?: boolean }): FeedItem[];
  endGapFill(): void;
  removeAuthor(authorId: string): number;
}

export declare function compareNewestFirst(a: Pick<FeedItem, 'id' | 'createdAt'>, b: Pick<FeedItem, 'id' | 'createdAt'>): number;

export declare const MAX_POST_LENGTH: 500;
/** Unicode code points after trimming, as the server counts. */
export declare function postLength(text: string): number;
export declare function postTextProblem(text: string): string | null;

export declare function fetchDevToken(baseUrl: string, userId: string, fetchImpl?: typeof fetch): Promise<string>;
export declare function devTokenFactory(baseUrl: string, userId: string, options?: { maxAgeMs?: number; fetchImpl?: typeof fetch }): () => Promise<string>;
