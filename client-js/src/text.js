// Post text rules shared by the page and the client: the server counts Unicode code points
// after trimming whitespace at both ends, so a 500-emoji post is 500, not 1000.

export const MAX_POST_LENGTH = 500;

/** Code points in the text as the server will store it (trimmed). */
export function postLength(text) {
  let count = 0;
  for (const _ of String(text ?? '').trim()) count += 1;
  return count;
}

/** Null when the text can be posted, else a message naming the problem. */
export function postTextProblem(text) {
  const length = postLength(text);
  if (length === 0) return 'text is required';
  if (length > MAX_POST_LENGTH) return `text must be at most ${MAX_POST_LENGTH} characters (it has ${length})`;
  return null;
}
