// Who is who: demo users to pick from, display names, avatars, and whom the signed-in user
// follows (the server has no "list my follows" call, so the page tracks what it saw and did).

const firstNames = ['ada', 'alan', 'grace', 'linus', 'margaret', 'dennis', 'barbara', 'ken'];
const lastNames = ['lovelace', 'turing'];

/** A few of the server's seeded demo users (ids follow its demo-{first}-{last} scheme). */
export const demoUsers = lastNames.flatMap((last) => firstNames.map((first) => `demo-${first}-${last}`)).slice(0, 12);

const userIdPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function isUserId(text) {
  return userIdPattern.test(text);
}

/** "demo-ada-lovelace" -> "Ada Lovelace"; other ids are shown as they are. */
export function guessDisplayName(userId) {
  if (!userId.startsWith('demo-')) return userId;
  return userId.slice(5).split('-').filter((w) => /^[a-z]/.test(w)).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
}

export function avatarUrl(userId, url) {
  return url || `/avatars/${encodeURIComponent(userId)}.svg`;
}

export function avatarElement(userId, url, size = 44) {
  const img = document.createElement('img');
  img.className = 'avatar';
  img.src = avatarUrl(userId, url);
  img.alt = '';
  img.width = size;
  img.height = size;
  img.loading = 'lazy';
  return img;
}

/** The set of followed user ids, with change notifications. */
export class Following {
  #ids = new Set();
  #listeners = new Set();

  has(userId) { return this.#ids.has(userId); }

  /** Authors seen in the feed (other than me) are followed: the feed only holds those. */
  learnFrom(items, me) {
    let changed = false;
    for (const item of items) {
      if (item.authorId !== me && !this.#ids.has(item.authorId)) {
        this.#ids.add(item.authorId);
        changed = true;
      }
    }
    if (changed) this.#notify();
  }

  set(userId, followed) {
    if (followed === this.#ids.has(userId)) return;
    if (followed) this.#ids.add(userId); else this.#ids.delete(userId);
    this.#notify();
  }

  clear() {
    this.#ids.clear();
    this.#notify();
  }

  onChange(listener) {
    this.#listeners.add(listener);
  }

  #notify() {
    for (const listener of this.#listeners) listener();
  }
}
