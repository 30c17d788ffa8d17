/** The date typed for when it happened, and the Code 2.3 time limit. Loaded with the journey's pages, not the home page. */
import { isPastTimeLimit } from '../../shared/complaint-answers.ts';
import { londonDate } from '../../shared/working-days.ts';
import type { ComplaintDraft, DateParts } from './draft.ts';

/** The typed date as an ISO date, or something that fails as `date_invalid` if it is not one. */
export function datePartsToIso({ day, month, year }: DateParts): string | undefined {
  if (!day.trim() && !month.trim() && !year.trim()) return undefined;
  const digits = /^\d+$/;
  if (![day, month, year].every((part) => digits.test(part.trim()))) return 'invalid';
  return `${year.trim().padStart(4, '0')}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
}

/**
 * Code 2.3: whether the delay question applies: the problem happened (or came to light) over
 * 12 months ago and is not still happening. A problem that goes on is within the time limit.
 */
export function isLate(draft: ComplaintDraft): boolean {
  return isPastTimeLimit(datePartsToIso(draft.complaint.happenedOn), draft.complaint.stillHappening, londonDate(new Date()));
}
