/** A date typed as day, month and year (GOV.UK date input), as the API takes it. */
import type { DateParts } from '../stores/complaint-draft.ts';

/** The typed date as an ISO date, or something that fails as `date_invalid` if it is not one. */
export function datePartsToIso({ day, month, year }: DateParts): string | undefined {
  if (!day.trim() && !month.trim() && !year.trim()) return undefined;
  const digits = /^\d+$/;
  if (![day, month, year].every((part) => digits.test(part.trim()))) return 'invalid';
  return `${year.trim().padStart(4, '0')}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
}
