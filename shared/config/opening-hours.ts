/**
 * Opening hours as the landlord configuration gives them: days and 24-hour
 * times, not words, so each page can say them in the reader's language. Kept
 * apart from the configuration's schema, so pages use them without valibot.
 */
export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** From `from` to `to` (the same day for one day), `opens` to `closes` ("08:00", "18:00"). */
export interface OpeningHours {
  from: Weekday;
  to: Weekday;
  opens: string;
  closes: string;
}

/** A translation function: a key and its values, the text back. */
export type Translate = (key: string, values?: Record<string, string>) => string;

/** "08:00" → "8am", "17:30" → "5:30pm" in English (GOV.UK style); the 24-hour clock in every other language. */
export function formatTime(time: string, language: string): string {
  if (language !== 'en') return time;
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return `${hours % 12 || 12}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

/**
 * Opening hours in words from the locale strings `landlord_contact.hours_day`, `hours_days` and `days.*`:
 * "Monday to Friday, 8am to 6pm", "dydd Llun i dydd Gwener, 08:00 i 18:00".
 */
export function describeOpeningHours(hours: readonly OpeningHours[], t: Translate, language: string): string {
  return hours
    .map(({ from, to, opens, closes }) => {
      const times = { opens: formatTime(opens, language), closes: formatTime(closes, language) };
      return from === to
        ? t('landlord_contact.hours_day', { day: t(`landlord_contact.days.${from}`), ...times })
        : t('landlord_contact.hours_days', { from: t(`landlord_contact.days.${from}`), to: t(`landlord_contact.days.${to}`), ...times });
    })
    .join('; ');
}
