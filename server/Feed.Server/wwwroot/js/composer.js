// The post box: live character count in code points (as the server counts), the 500 limit
// shown, Ctrl/Cmd+Enter to post.
import { MAX_POST_LENGTH, postLength } from '../lib/feed-client/text.js';

export function setUpComposer({ form, textarea, count, button }, publish) {
  let busy = false;
  const update = () => {
    const length = postLength(textarea.value);
    const over = length - MAX_POST_LENGTH;
    count.textContent = over > 0 ? `${length} / ${MAX_POST_LENGTH}: ${over} too many` : `${length} / ${MAX_POST_LENGTH}`;
    count.classList.toggle('over', over > 0);
    count.classList.toggle('near', over <= 0 && length > MAX_POST_LENGTH - 50);
    textarea.setAttribute('aria-invalid', String(over > 0));
    button.disabled = busy || length === 0 || over > 0;
  };
  textarea.addEventListener('input', update);
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) form.requestSubmit();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.disabled) return;
    busy = true;
    update();
    try {
      await publish(textarea.value);
      textarea.value = '';
    } catch {
      // publish showed the problem; the text stays so it can be fixed and sent again
    } finally {
      busy = false;
      update();
    }
  });
  update();
  return { reset() { textarea.value = ''; update(); } };
}
