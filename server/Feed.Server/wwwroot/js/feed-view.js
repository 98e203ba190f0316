// Renders the feed list: one <li> per item, keyed by id, so a re-render moves and reuses
// nodes instead of rebuilding them (scroll position, focus and images stay put).
import { timeElement } from './time.js';
import { avatarElement } from './people.js';

export class FeedView {
  #list;
  #me;
  #following;

  constructor(list, { me, following, onToggleFollow }) {
    this.#list = list;
    this.#me = me;
    this.#following = following;
    list.addEventListener('click', (event) => {
      const button = event.target.closest('button[data-follow]');
      if (button) onToggleFollow(button.dataset.follow, button);
    });
    following.onChange(() => this.#refreshFollowButtons());
  }

  render(items) {
    const existing = new Map([...this.#list.children].map((li) => [li.dataset.id, li]));
    let cursor = this.#list.firstElementChild;
    for (const item of items) {
      let li = existing.get(item.id);
      if (li) existing.delete(item.id); else li = this.#create(item);
      if (li === cursor) cursor = cursor.nextElementSibling;
      else this.#list.insertBefore(li, cursor);
    }
    for (const stale of existing.values()) stale.remove();
  }

  /** Briefly highlights items that just arrived. */
  highlight(items) {
    for (const item of items) {
      const li = this.#list.querySelector(`li[data-id="${CSS.escape(item.id)}"]`);
      if (!li) continue;
      li.classList.add('fresh');
      li.addEventListener('animationend', () => li.classList.remove('fresh'), { once: true });
    }
  }

  #create(item) {
    const li = document.createElement('li');
    li.className = 'post';
    li.dataset.id = item.id;
    li.dataset.author = item.authorId;
    const article = document.createElement('article');
    const nameId = `post-${item.id}-author`;
    article.setAttribute('aria-labelledby', nameId);
    article.append(avatarElement(item.authorId, item.author?.avatarUrl));

    const body = document.createElement('div');
    body.className = 'post-body';
    const head = document.createElement('p');
    head.className = 'post-head';
    const name = document.createElement('span');
    name.className = 'post-name';
    name.id = nameId;
    name.textContent = item.author?.displayName || item.authorId;
    const handle = document.createElement('span');
    handle.className = 'post-handle';
    handle.textContent = `@${item.authorId}`;
    // Shown while the author is online (the page sets is-online on the <li>).
    const presence = document.createElement('span');
    presence.className = 'presence-dot';
    presence.title = 'online';
    presence.setAttribute('aria-hidden', 'true');
    const dot = document.createElement('span');
    dot.setAttribute('aria-hidden', 'true');
    dot.textContent = '·';
    head.append(name, presence, ' ', handle, ' ', dot, ' ', timeElement(item.createdAt));
    const text = document.createElement('p');
    text.className = 'post-text';
    text.textContent = item.text;
    body.append(head, text);
    article.append(body);

    if (item.authorId !== this.#me) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button-quiet follow-toggle';
      button.dataset.follow = item.authorId;
      button.dataset.name = name.textContent;
      this.#setFollowLabel(button);
      article.append(button);
    }
    li.append(article);
    return li;
  }

  #refreshFollowButtons() {
    for (const button of this.#list.querySelectorAll('button[data-follow]')) this.#setFollowLabel(button);
  }

  #setFollowLabel(button) {
    const followed = this.#following.has(button.dataset.follow);
    button.textContent = followed ? 'Unfollow' : 'Follow';
    button.setAttribute('aria-label', `${followed ? 'Unfollow' : 'Follow'} ${button.dataset.name}`);
    button.classList.toggle('is-following', followed);
  }
}
