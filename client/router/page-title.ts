/** The document title: the page's h1, then the service name; "Error:" first while errors are shown (GOV.UK). */
import { i18next } from '../i18n/index.ts';

/** Whether the title last set said "Error:" (kept while the page's heading changes under it). */
let errorShown = false;

export function setPageTitle(heading: string, options: { error?: boolean } = {}) {
  errorShown = options.error === true;
  const service = i18next.t('app.service_name');
  const title = `${heading} – ${service}`;
  document.title = errorShown ? `${i18next.t('common.error_prefix')} ${title}` : title;
}

/** The text of the page's main heading. */
export function mainHeadingText(): string {
  return document.querySelector('main h1')?.textContent?.trim().replace(/\s+/g, ' ') ?? '';
}

/** The title again from the heading on screen, "Error:" kept only while an error summary is still shown. */
export function titleFromHeading() {
  const heading = mainHeadingText();
  if (heading === '') return;
  setPageTitle(heading, { error: errorShown && document.querySelector('.error-summary') !== null });
}

/**
 * The title follows the main heading whenever its words change, not only on navigation: a language's strings
 * arriving after the page rendered, or a heading replaced once data has loaded, would otherwise leave the
 * title in another language or naming another page (WCAG 2.4.2).
 */
export function followMainHeading(root: Node = document.body) {
  let last = mainHeadingText();
  new MutationObserver(() => {
    const heading = mainHeadingText();
    if (heading === last) return;
    last = heading;
    titleFromHeading();
  }).observe(root, { subtree: true, childList: true, characterData: true });
}
