/**
 * Opening hours from the landlord configuration (days and 24-hour times) in the
 * reader's language: "Monday to Friday, 8am to 6pm" (GOV.UK style in English),
 * "dydd Llun i dydd Gwener, 08:00 i 18:00". The days' names are in the locale
 * files, so this needs no Intl data the browser may lack.
 */
import type { OpeningHours } from '../../shared/config/opening-hours.ts';
import { i18next } from './index.ts';

/** "08:00" → "8am", "17:30" → "5:30pm" in English; the 24-hour clock in every other language. */
function formatTime(time: string): string {
  if (i18next.language !== 'en') return time;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return `${hours % 12 || 12}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

export function formatOpeningHours(hours: readonly OpeningHours[]): string {
  const t = i18next.t;
  return hours
    .map(({ from, to, opens, closes }) => {
      const times = { opens: formatTime(opens), closes: formatTime(closes) };
      return from === to
        ? t('landlord_contact.hours_day', { day: t(`landlord_contact.days.${from}`), ...times })
        : t('landlord_contact.hours_days', { from: t(`landlord_contact.days.${from}`), to: t(`landlord_contact.days.${to}`), ...times });
    })
    .join('; ');
}
