// What the server said when it refused a connect: the HTTP status, and how long it asked the
// client to wait (Feed answers a new connection it has no room for with 503 and Retry-After).
//
// @microsoft/signalr keeps neither of them as data: a failed negotiate rejects with
// FailedToNegotiateWithServerError, whose message holds the response body and
// "Status code 'NNN'" (statusCode and headers are dropped), and a refused WebSocket upgrade
// shows nothing at all in a browser. So the status is read from that message, and the wait from
// Feed's refusal body, a problem whose `retryAfter` (seconds) repeats the Retry-After header.

/** The HTTP status behind a failed connect, or null when it is not known. */
export function httpStatusOf(error) {
  if (Number.isInteger(error?.statusCode)) return error.statusCode;
  const match = /Status code '(\d{3})'/.exec(messageOf(error));
  return match ? Number(match[1]) : null;
}

/** Milliseconds a refused connect (503 or 429) was asked to wait, or null. */
export function retryAfterMsOf(error) {
  const status = httpStatusOf(error);
  if (status !== 503 && status !== 429) return null;
  const match = /"retryAfter"\s*:\s*(\d+(?:\.\d+)?)/.exec(messageOf(error));
  return match ? Math.round(Number(match[1]) * 1000) : null;
}

function messageOf(error) {
  return typeof error?.message === 'string' ? error.message : '';
}
