/**
 * After each route change: the title changes, focus moves to the main heading
 * (tabindex -1, removed on blur, as GOV.UK's setFocus), and one polite live
 * region announces the new page to screen readers.
 */
import { nextTick, ref } from 'vue';
import type { Router } from 'vue-router';
import { mainHeadingText, setPageTitle } from './page-title.ts';

export const announcement = ref('');

export function focusMainHeading() {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.addEventListener('blur', () => heading.removeAttribute('tabindex'), { once: true });
  heading.focus();
}

export function useRouteFocus(router: Router) {
  let first = true;
  router.afterEach(async (to, from) => {
    // Lazy views render a tick after navigation resolves.
    await nextTick();
    await new Promise((resolve) => requestAnimationFrame(resolve));
    const heading = mainHeadingText();
    setPageTitle(heading);
    // On the first page load the browser announces the page itself; do not steal focus.
    if (first) {
      first = false;
      return;
    }
    if (to.path === from.path && to.hash) return;
    focusMainHeading();
    announcement.value = '';
    await nextTick();
    announcement.value = heading;
  });
}
