// Package entry for Node and bundlers: the feed client wired to the npm @microsoft/signalr
// and @microsoft/signalr-protocol-msgpack packages.
import * as signalR from '@microsoft/signalr';
import { MessagePackHubProtocol } from '@microsoft/signalr-protocol-msgpack';
import { FeedClient } from './feed-client.js';

export { FeedClient, FeedStatus } from './feed-client.js';
export { FeedState, compareNewestFirst } from './feed-state.js';
export { createBackoff, defaultBackoff } from './backoff.js';
export { httpStatusOf, retryAfterMsOf } from './refusal.js';
export { MAX_POST_LENGTH, postLength, postTextProblem } from './text.js';
export { fetchDevToken, devTokenFactory } from './dev-token.js';

/** A FeedClient over the official client; MessagePack unless `protocol: 'json'`. */
export function createFeedClient(options) {
  return new FeedClient({
    signalR,
    messagePackProtocol: () => new MessagePackHubProtocol(),
    ...options,
  });
}
