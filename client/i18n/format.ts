/** Dates in the reader's language, computed from ISO dates that mean a UK calendar day. */
import { i18next } from './index.ts';
import { WEEKDAYS, type OpeningHours, type Weekday } from '../../shared/config/landlord-schema.ts';

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

/** A day of the week on its own: "Monday", "dydd Llun", "الاثنين". */
export function formatWeekday(day: Weekday): string {
  // 1 January 2024 was a Monday.
  const iso = `2024-01-0${WEEKDAYS.indexOf(day) + 1}`;
  return formatDate(iso, { day: undefined, month: undefined, year: undefined });
}

/** A time of day ("08:00", 24-hour) in the reader's language: "8am", "5:30pm" in English (GOV.UK style), else as Intl writes it. */
export function formatTime(time: string): string {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  if (locale() === 'en-GB') {
    const hour = hours % 12 || 12;
    return `${hour}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
  }
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }).format(
    new Date(Date.UTC(2024, 0, 1, hours, minutes)),
  );
}

/** Opening hours from the landlord configuration in the reader's language: "Monday to Friday, 8am to 6pm". */
export function formatOpeningHours(hours: readonly OpeningHours[]): string {
  const ranges = hours.map(({ from, to, opens, closes }) => {
    const times = { opens: formatTime(opens), closes: formatTime(closes) };
    return from === to
      ? i18next.t('landlord_contact.hours_day', { day: formatWeekday(from), ...times })
      : i18next.t('landlord_contact.hours_days', { from: formatWeekday(from), to: formatWeekday(to), ...times });
  });
  // Intl leaves Welsh "and" as "a(c)" ("ac" before a vowel): each range begins "dydd", so it is "a".
  return new Intl.ListFormat(locale(), { type: 'conjunction' }).format(ranges).replaceAll(' a(c) ', ' a ');
}
