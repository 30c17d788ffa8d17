/**
 * After each route change: the title changes, focus moves to the main heading
 * (tabindex -1, removed on blur, as GOV.UK's setFocus), or to the field a link
 * named (`#resident-email`), and one polite live region announces the new page
 * to screen readers.
 */
import { nextTick, ref } from 'vue';
import type { Router } from 'vue-router';
import { mainHeadingText, setPageTitle } from './page-title.ts';

export const announcement = ref('');

/** The heading last given focus by a navigation. */
let focusedHeading: HTMLElement | null = null;

export function focusMainHeading() {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (!heading) return;
  heading.setAttribute('tabindex', '-1');
  heading.addEventListener('blur', () => heading.removeAttribute('tabindex'), { once: true });
  heading.focus();
  focusedHeading = heading;
}

/**
 * For a page whose heading is replaced once its data has loaded ("Finding your
 * complaint" → "Complaint sent"): the title follows the new heading, and so
 * do focus, if it was on the old one (else it would fall back to the body),
 * and the announcement of the page.
 */
export async function headingReplaced() {
  await nextTick();
  const heading = mainHeadingText();
  setPageTitle(heading);
  if (announcement.value && announcement.value !== heading) announcement.value = heading;
  const lost = document.activeElement === null || document.activeElement === document.body;
  if (lost && focusedHeading && !focusedHeading.isConnected) focusMainHeading();
}

/** The element a link's `#id` names, if any (a malformed escape names none). */
function fieldNamed(hash: string): HTMLElement | null {
  try {
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  } catch {
    return null;
  }
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
    // An error summary's link to a question on another page lands on that field, as it does on the same page (GOV.UK).
    const field = to.hash ? fieldNamed(to.hash) : null;
    if (field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement) field.focus();
    else focusMainHeading();
    announcement.value = '';
    await nextTick();
    announcement.value = heading;
  });
}
