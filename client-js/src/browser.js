// Browser entry: uses the official browser bundles loaded as classic scripts before it
// (lib/signalr/signalr.min.js sets window.signalR; signalr-protocol-msgpack.min.js adds
// signalR.protocols.msgpack). No bundler needed: import this file as an ES module.
import { FeedClient } from './feed-client.js';

export { FeedClient, FeedStatus } from './feed-client.js';
export { FeedState, compareNewestFirst } from './feed-state.js';
export { createBackoff, defaultBackoff } from './backoff.js';
export { httpStatusOf, retryAfterMsOf } from './refusal.js';
export { MAX_POST_LENGTH, postLength, postTextProblem } from './text.js';
export { fetchDevToken, devTokenFactory } from './dev-token.js';

/** A FeedClient wired to window.signalR; MessagePack when its bundle is loaded and not told otherwise. */
export function createFeedClient(options) {
  const signalR = options?.signalR ?? globalThis.signalR;
  if (!signalR) throw new Error('window.signalR is missing: load lib/signalr/signalr.min.js before the feed client');
  const MessagePack = signalR.protocols?.msgpack?.MessagePackHubProtocol;
  return new FeedClient({
    messagePackProtocol: MessagePack ? () => new MessagePack() : undefined,
    ...options,
    signalR,
  });
}
