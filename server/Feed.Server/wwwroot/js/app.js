// The demo page: sign in with a dev token (or /?user=ID), then the live feed through the
// feed client library. ?protocol=json switches the hub protocol (default messagepack).
import { createFeedClient, devTokenFactory } from '../lib/feed-client/browser.js';
import { FeedView } from './feed-view.js';
import { setUpComposer } from './composer.js';
import { Following, demoUsers, guessDisplayName, avatarElement, avatarUrl, isUserId } from './people.js';
import { keepTimesFresh } from './time.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const protocol = params.get('protocol') === 'json' ? 'json' : 'messagepack';
const statusLabels = { connected: 'Connected', connecting: 'Connecting…', reconnecting: 'Reconnecting…', offline: 'Offline' };

let session = null;
let noticeTimer;

function showStatus(status) {
  const shown = navigator.onLine === false ? 'offline' : status;
  $('status').dataset.status = shown;
  $('status-text').textContent = statusLabels[shown] ?? shown;
}

function notify(message, kind = 'error') {
  const notice = $('notice');
  notice.textContent = message;
  notice.dataset.kind = kind;
  notice.hidden = false;
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => { notice.hidden = true; }, kind === 'error' ? 8000 : 4000);
}

function announce(items) {
  const others = items.filter((item) => item.authorId !== session?.userId);
  if (others.length === 0) return;
  $('announcer').textContent = others.length === 1
    ? `New post from ${others[0].author?.displayName ?? others[0].authorId}`
    : `${others.length} new posts`;
}

function pageUrl(userId) {
  const query = new URLSearchParams();
  if (userId) query.set('user', userId);
  if (params.get('protocol')) query.set('protocol', protocol);
  const text = query.toString();
  return text ? `/?${text}` : '/';
}

function personItem(userId, buttonLabel, onClick, extra = {}) {
  const li = document.createElement('li');
  li.className = 'person';
  li.dataset.user = userId;
  const name = document.createElement('span');
  name.className = 'person-name';
  name.textContent = guessDisplayName(userId);
  const handle = document.createElement('span');
  handle.className = 'post-handle';
  handle.textContent = `@${userId}`;
  const presence = document.createElement('span');
  presence.className = 'presence-dot';
  presence.title = 'online';
  presence.setAttribute('aria-hidden', 'true');
  const who = document.createElement('span');
  who.className = 'person-who';
  who.title = `${guessDisplayName(userId)} @${userId}`; // the full name where it is cut short
  who.append(name, handle);
  const button = document.createElement('button');
  button.type = 'button';
  button.className = `button-quiet ${extra.className ?? ''}`.trim();
  button.textContent = buttonLabel;
  button.setAttribute('aria-label', `${extra.ariaVerb ?? buttonLabel} ${guessDisplayName(userId)}`);
  button.addEventListener('click', () => onClick(userId, button));
  li.append(avatarElement(userId, null, 36), presence, who, button);
  return li;
}

function renderDemoUsers() {
  $('demo-users').replaceChildren(...demoUsers.map((id) => personItem(id, 'Sign in', signIn, { ariaVerb: 'Sign in as' })));
}

/** Green dots on the people I follow who are online (posts and people list), and "N online" in the header. */
function showOnline() {
  if (!session) return;
  const { online } = session.client;
  for (const element of document.querySelectorAll('#feed li[data-author], #suggestions li[data-user]')) {
    element.classList.toggle('is-online', online.has(element.dataset.author ?? element.dataset.user));
  }
  $('online-count-text').textContent = `${online.size} online`;
  $('online-count').hidden = false;
}

function renderSuggestions() {
  if (!session) return;
  const { userId, following } = session;
  $('suggestions').replaceChildren(...demoUsers.filter((id) => id !== userId).slice(0, 8).map((id) => {
    const followed = following.has(id);
    return personItem(id, followed ? 'Unfollow' : 'Follow', toggleFollow,
      { className: followed ? 'is-following' : '' });
  }));
  showOnline();
}

function updateFoot() {
  if (!session) return;
  const { client } = session;
  const count = client.items.length;
  $('load-older').hidden = !client.hasOlder;
  $('feed-end').hidden = client.hasOlder || count === 0;
  $('feed-empty').hidden = count > 0 || !session.loaded;
}

async function toggleFollow(userId, button) {
  if (!session) return;
  const { client, following, userId: me } = session;
  if (userId === me) return notify("That's you: you always see your own posts.", 'info');
  const follow = !following.has(userId);
  if (button) button.disabled = true;
  try {
    if (follow) await client.follow(userId); else await client.unfollow(userId);
    following.set(userId, follow);
    notify(follow ? `You follow ${guessDisplayName(userId)} now.` : `You unfollowed ${guessDisplayName(userId)}.`, 'info');
  } catch (error) {
    notify(`Could not ${follow ? 'follow' : 'unfollow'} ${userId}: ${hubMessage(error)}`);
  } finally {
    if (button) button.disabled = false;
  }
}

/** The server's HubException text without the client's prefix. */
function hubMessage(error) {
  return String(error?.message ?? error).replace(/^.*HubException: /, '');
}

async function loadProfile(userId, tokenFactory) {
  $('me-name').textContent = guessDisplayName(userId);
  $('me-avatar').src = avatarUrl(userId);
  try {
    const response = await fetch(`/api/users/${encodeURIComponent(userId)}`, { headers: { authorization: `Bearer ${await tokenFactory()}` } });
    if (!response.ok) return;
    const profile = await response.json();
    $('me-name').textContent = profile.displayName || userId;
    $('me-avatar').src = avatarUrl(userId, profile.avatarUrl);
  } catch { /* the guessed name stays */ }
}

async function signIn(userId) {
  userId = userId.trim();
  if (!isUserId(userId)) return notify('A user id is 1 to 64 letters, digits, - or _.');
  await signOut();
  const tokenFactory = devTokenFactory('', userId);
  try {
    await tokenFactory();
  } catch (error) {
    $('signin').hidden = false;
    return notify(`Could not sign in as ${userId}: ${error.message}`);
  }
  localStorage.setItem('feed.lastUser', userId);
  history.replaceState(null, '', pageUrl(userId));
  $('signin').hidden = true;
  $('app').hidden = false;
  $('me').hidden = false;
  loadProfile(userId, tokenFactory);

  const following = new Following();
  const client = createFeedClient({ url: '/hubs/feed', accessTokenFactory: tokenFactory, protocol });
  const view = new FeedView($('feed'), { me: userId, following, onToggleFollow: toggleFollow });
  session = { userId, client, following, view, loaded: false };
  following.onChange(renderSuggestions);
  renderSuggestions();
  client.on('status', showStatus);
  client.on('change', (items) => {
    following.learnFrom(items, userId);
    view.render(items);
    showOnline();
    updateFoot();
  });
  client.on('presence', showOnline);
  client.on('items', (items, source) => {
    if (source !== 'live' && source !== 'gap') return;
    view.highlight(items);
    announce(items);
  });
  client.on('synced', () => { session.loaded = true; updateFoot(); });
  client.on('error', (error) => console.warn('feed:', error));
  try {
    await client.start();
  } catch (error) {
    notify(`Could not connect: ${error.message}`);
  }
}

async function signOut() {
  if (!session) return;
  const { client } = session;
  session = null;
  await client.stop();
  $('feed').replaceChildren();
  $('notice').hidden = true;
  $('app').hidden = true;
  $('me').hidden = true;
  $('online-count').hidden = true;
  $('signin').hidden = false;
  showStatus('offline');
}

function setUp() {
  renderDemoUsers();
  $('signin-user').value = params.get('user') ?? localStorage.getItem('feed.lastUser') ?? '';
  $('signin-form').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('signin-user').value);
  });
  $('switch-user').addEventListener('click', async () => {
    await signOut();
    history.replaceState(null, '', pageUrl(null));
    $('signin-user').focus();
  });
  $('follow-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const input = $('follow-user');
    const userId = input.value.trim();
    if (session?.following.has(userId)) return notify(`You already follow ${userId}.`, 'info');
    await toggleFollow(userId, event.submitter);
    if (session?.following.has(userId)) input.value = '';
  });
  $('load-older').addEventListener('click', async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    button.textContent = 'Loading…';
    try {
      await session?.client.loadOlder();
    } catch (error) {
      notify(`Could not load older posts: ${hubMessage(error)}`);
    } finally {
      button.disabled = false;
      button.textContent = 'Load older posts';
      updateFoot();
    }
  });
  setUpComposer({ form: $('post-form'), textarea: $('post-text'), count: $('post-count'), button: $('post-button') },
    async (text) => {
      try {
        await session.client.publish(text);
      } catch (error) {
        notify(`Not posted: ${hubMessage(error)}`);
        throw error;
      }
    });
  addEventListener('online', () => showStatus(session?.client.status ?? 'offline'));
  addEventListener('offline', () => showStatus('offline'));
  keepTimesFresh($('feed'));
  const user = params.get('user');
  if (user) signIn(user);
}

setUp();
