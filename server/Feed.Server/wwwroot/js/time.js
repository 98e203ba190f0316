// Relative times ("now", "5m", "3h", "2d", then the date) for <time> elements, kept fresh.

const minute = 60 * 1000;
const hour = 60 * minute;
const day = 24 * hour;

export function relativeTime(createdAt, now = Date.now()) {
  const age = Math.max(0, now - createdAt);
  if (age < 45 * 1000) return 'now';
  if (age < hour) return `${Math.round(age / minute)}m`;
  if (age < day) return `${Math.round(age / hour)}h`;
  if (age < 7 * day) return `${Math.round(age / day)}d`;
  const date = new Date(createdAt);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(undefined, sameYear ? { month: 'short', day: 'numeric' } : { year: 'numeric', month: 'short', day: 'numeric' });
}

/** A <time> element for an instant, with the full date as its title. */
export function timeElement(createdAt) {
  const element = document.createElement('time');
  const date = new Date(createdAt);
  element.dateTime = date.toISOString();
  element.title = date.toLocaleString();
  element.dataset.at = String(createdAt);
  element.textContent = relativeTime(createdAt);
  return element;
}

/** Refreshes every <time data-at> under root once a period. */
export function keepTimesFresh(root, periodMs = 30 * 1000) {
  return setInterval(() => {
    const now = Date.now();
    for (const element of root.querySelectorAll('time[data-at]')) {
      element.textContent = relativeTime(Number(element.dataset.at), now);
    }
  }, periodMs);
}
