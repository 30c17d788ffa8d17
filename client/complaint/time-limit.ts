/** The date typed for when it happened, and the Code 2.3 time limit. Loaded with the journey's pages, not the home page. */
import { isPastTimeLimit } from '../../shared/complaint-answers.ts';
import { londonDate } from '../../shared/working-days.ts';
import type { ComplaintDraft } from '../stores/complaint-draft.ts';
import { datePartsToIso } from '../lib/date-parts.ts';

export { datePartsToIso };

/**
 * Code 2.3: whether the delay question applies: the problem happened (or came to light) over
 * 12 months ago and is not still happening. A problem that goes on is within the time limit.
 */
export function isLate(draft: ComplaintDraft): boolean {
  return isPastTimeLimit(datePartsToIso(draft.complaint.happenedOn), draft.complaint.stillHappening, londonDate(new Date()));
}
