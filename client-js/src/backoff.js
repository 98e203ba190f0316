// Reconnect delays: exponential backoff with jitter, retrying forever unless told otherwise.
// Shaped as SignalR's IRetryPolicy so it plugs into withAutomaticReconnect as is. A connect the
// server refused with a Retry-After (a reconnect storm) waits at least that long.
import { retryAfterMsOf } from './refusal.js';

export const defaultBackoff = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 15000,
  factor: 2,
  /** Fraction of the delay added or removed at random, so clients do not reconnect in step. */
  jitter: 0.2,
  /** Give up after this long (ms); Infinity retries forever. */
  maxElapsedMs: Infinity,
});

/**
 * Creates a retry policy. The first retry is immediate (a dropped socket is often a blip),
 * then delays grow by `factor` up to `maxDelayMs`.
 */
export function createBackoff(options = {}, random = Math.random) {
  const settings = { ...defaultBackoff, ...options };
  for (const key of ['initialDelayMs', 'maxDelayMs', 'factor']) {
    if (!(settings[key] > 0)) throw new RangeError(`backoff ${key} must be a positive number, got ${settings[key]}`);
  }
  if (!(settings.jitter >= 0 && settings.jitter < 1)) {
    throw new RangeError(`backoff jitter must be in [0, 1), got ${settings.jitter}`);
  }
  const backoffFor = (attempt) => {
    if (attempt === 0) return 0;
    const raw = Math.min(settings.maxDelayMs, settings.initialDelayMs * settings.factor ** (attempt - 1));
    const spread = raw * settings.jitter * (2 * random() - 1);
    return Math.max(0, Math.round(raw + spread));
  };
  /** The delay before retry `attempt`; `reason` is the error of the last try. */
  const delayFor = (attempt, reason) => {
    const backoff = backoffFor(attempt);
    const asked = retryAfterMsOf(reason);
    if (asked === null) return backoff;
    // Never sooner than the server asked; the jitter only adds, so refused clients do not all return together.
    return Math.max(backoff, Math.round(asked * (1 + settings.jitter * random())));
  };
  return {
    delayFor,
    /** SignalR's IRetryPolicy: null stops reconnecting. */
    nextRetryDelayInMilliseconds(context) {
      if (context.elapsedMilliseconds >= settings.maxElapsedMs) return null;
      return delayFor(context.previousRetryCount, context.retryReason);
    },
  };
}
