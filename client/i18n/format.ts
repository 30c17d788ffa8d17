/** Dates in the reader's language, computed from ISO dates that mean a UK calendar day. */
import { i18next } from './index.ts';

/** Plain `en` is US English to Intl ("Friday, November 27, 2026"): this is a UK service. */
function locale(): string {
  return i18next.language === 'en' ? 'en-GB' : i18next.language;
}

/** `2027-01-12` → "Tuesday 12 January 2027" (or its translation). */
export function formatDate(iso: string, options: Intl.DateTimeFormatOptions = {}): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const lng = locale();
  const parts = new Intl.DateTimeFormat(lng, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
    ...options,
  }).formatToParts(new Date(Date.UTC(y, m - 1, d)));
  // GOV.UK style, in English and Welsh, has no comma after the weekday ("dydd Mawrth 12 Ionawr 2027"),
  // which Intl puts there; other languages keep their own punctuation.
  const govukStyle = lng === 'en-GB' || lng === 'cy';
  return parts
    .map((part, i) => {
      if (govukStyle && part.type === 'literal' && parts[i - 1]?.type === 'weekday') return ' ';
      if (lng === 'cy' && part.type === 'weekday') return part.value.replace(/^Dydd/, 'dydd');
      return part.value;
    })
    .join('');
}

/** An instant as the UK day and time it happened: "22 November 2026 at 10:41". */
export function formatDateTime(instant: string): string {
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(new Date(instant));
}
