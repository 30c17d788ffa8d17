/** Dates in the reader's language, computed from ISO dates that mean a UK calendar day. */
import { i18next } from './index.ts';

/** `2027-01-12` → "Tuesday 12 January 2027" (or its translation). */
export function formatDate(iso: string, options: Intl.DateTimeFormatOptions = {}): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(i18next.language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
    ...options,
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An instant as the UK day and time it happened: "22 November 2026 at 10:41". */
export function formatDateTime(instant: string): string {
  return new Intl.DateTimeFormat(i18next.language, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(new Date(instant));
}
