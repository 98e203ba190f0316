// Development tokens (POST /api/auth/token, enabled in the server's Development mode), with a
// cache so the SignalR client can ask for a token on every (re)connect without a round trip.

/** Fetches a development token for a user id (the server creates the user if unknown). */
export async function fetchDevToken(baseUrl, userId, fetchImpl = globalThis.fetch) {
  const response = await fetchImpl(`${baseUrl ?? ''}/api/auth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  if (!response.ok) {
    let detail = '';
    try { detail = JSON.stringify((await response.json()).errors ?? ''); } catch { /* not JSON */ }
    throw new Error(`no token for '${userId}': HTTP ${response.status} ${detail}`.trim());
  }
  return (await response.json()).accessToken;
}

/**
 * A token factory for FeedClient: fetches a dev token once and reuses it for `maxAgeMs`
 * (tokens live 12 hours by default on the server), then fetches a fresh one.
 */
export function devTokenFactory(baseUrl, userId, { maxAgeMs = 60 * 60 * 1000, fetchImpl } = {}) {
  let token = null;
  let fetchedAt = 0;
  return async () => {
    if (token === null || Date.now() - fetchedAt > maxAgeMs) {
      token = await fetchDevToken(baseUrl, userId, fetchImpl);
      fetchedAt = Date.now();
    }
    return token;
  };
}
