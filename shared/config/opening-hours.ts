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
