/**
 * Dates in the reader's language, computed from ISO dates that mean a UK calendar day.
 *
 * Intl.DateTimeFormat writes them where the browser has the language. Some do
 * not: Chromium's own ICU data has no Welsh or Somali (Intl quietly answers in
 * US English) and Panjabi only in part ("2027 M01 12, Tue"). There, the names
 * and patterns in date-words.ts (from CLDR) are used.
 */
import { i18next } from './index.ts';
import { isLanguage } from '../../shared/languages.ts';
import { DATE_WORDS, type DateWords } from './date-words.ts';

/** Plain `en` is US English to Intl ("Friday, November 27, 2026"): this is a UK service. */
function locale(): string {
  return i18next.language === 'en' ? 'en-GB' : i18next.language;
}

/** Whether Intl has each language's names, found out once (a test may set a language to false to use date-words.ts). */
export const intlKnows = new Map<string, boolean>();

/** Whether this browser's Intl has the names of days and months in `lng`. */
function intlHas(lng: string): boolean {
  let known = intlKnows.get(lng);
  if (known === undefined) {
    const resolved = new Intl.DateTimeFormat(lng).resolvedOptions().locale;
    const month = new Intl.DateTimeFormat(lng, { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 15)));
    known = resolved.split('-')[0] === lng.split('-')[0] && !/^M\d+$/.test(month);
    intlKnows.set(lng, known);
  }
  return known;
}

/** The names and patterns for the language, for a browser without them. */
function words(): DateWords {
  return DATE_WORDS[isLanguage(i18next.language) ? i18next.language : 'en'];
}
const fill = (pattern: string, values: Record<string, string | number>) =>
  pattern.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ''));
/** A number in the language's own digits where Intl knows them (Bengali ১২), else 0-9. */
const digits = (value: number | string, minimumIntegerDigits = 1) =>
  new Intl.NumberFormat(locale(), { useGrouping: false, minimumIntegerDigits }).format(Number(value));
/** Monday first, as date-words.ts lists them. */
const weekdayIndex = (date: Date) => (date.getUTCDay() + 6) % 7;

/** `2027-01-12` → "Tuesday 12 January 2027" (or its translation). */
export function formatDate(iso: string, options: Intl.DateTimeFormatOptions = {}): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  const lng = locale();
  if (!intlHas(lng)) {
    const names = words();
    return fill(names.long, { weekday: names.weekdays[weekdayIndex(date)]!, day: digits(d), month: names.months[m - 1]!, year: digits(y) });
  }
  const parts = new Intl.DateTimeFormat(lng, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
    ...options,
  }).formatToParts(date);
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
  const date = new Date(instant);
  if (!intlHas(locale())) {
    const uk = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'numeric',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZone: 'Europe/London',
      })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
    const names = words();
    const time = `${digits(uk.hour!, 2)}:${digits(uk.minute!, 2)}`;
    return fill(names.dateTime, { day: digits(uk.day!), month: names.months[Number(uk.month) - 1]!, year: digits(uk.year!), time });
  }
  return new Intl.DateTimeFormat(locale(), {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  }).format(date);
}

/** A file's size as people read it: "2.4 MB", or "120 KB" (at least 1). */
export function formatFileSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? i18next.t('common.megabytes', { value: (bytes / 1024 / 1024).toFixed(1) })
    : i18next.t('common.kilobytes', { value: Math.max(1, Math.round(bytes / 1024)) });
}
