/** The document title: the page's h1, then the service name; "Error:" first while errors are shown (GOV.UK). */
import { i18next } from '../i18n/index.ts';

export function setPageTitle(heading: string, options: { error?: boolean } = {}) {
  const service = i18next.t('app.service_name');
  const title = `${heading} – ${service}`;
  document.title = options.error ? `${i18next.t('common.error_prefix')} ${title}` : title;
}

/** The text of the page's main heading. */
export function mainHeadingText(): string {
  return document.querySelector('main h1')?.textContent?.trim().replace(/\s+/g, ' ') ?? '';
}
