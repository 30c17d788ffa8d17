/**
 * Which answers of a complaint apply, given the person's other answers: the one
 * rule for the phone (what it sends) and the server (what it keeps), so an
 * answer a person typed and then made irrelevant is never sent, nor stored.
 */
import { isOlderThanTimeLimit } from './code.ts';
import { isIsoDate } from './working-days.ts';

/** The parts of a complaint (as sent or as validated) that the rule looks at. */
interface Answers {
  submittedBy?: string | undefined;
  representative?: unknown;
  resident: { email?: string | undefined; phone?: string | undefined; preferredContact?: string | undefined };
  complaint: {
    happenedOn?: string | undefined;
    stillHappening?: boolean | undefined;
    delayReason?: string | undefined;
    aboutServiceRequest?: string | undefined;
    serviceRequestReference?: string | undefined;
    othersAffected?: string | undefined;
    othersAffectedDetails?: string | undefined;
  };
  support: { needed?: boolean | undefined; details?: string | undefined; consent?: boolean | undefined };
}

/**
 * Code 2.3: the delay question applies when the problem happened (or came to light) over
 * 12 months before `today` and is not still happening. A problem that goes on is within the time limit.
 */
export function isPastTimeLimit(happenedOn: string | undefined, stillHappening: boolean | undefined, today: string): boolean {
  return !stillHappening && happenedOn !== undefined && isIsoDate(happenedOn) && isOlderThanTimeLimit(happenedOn, today);
}

/** A copy without the answers that do not apply (left undefined, so JSON drops them). `today`: the London date. */
export function withoutInapplicableAnswers<T extends Answers>(answers: T, today: string): T {
  const { resident, complaint, support } = answers;
  return {
    ...answers,
    representative: answers.submittedBy === 'representative' ? answers.representative : undefined,
    resident: {
      ...resident,
      // Only the detail asked for with the way they chose: one typed for another choice is not shown, so not kept.
      email: resident.preferredContact === 'email' ? resident.email : undefined,
      phone: resident.preferredContact === 'phone' || resident.preferredContact === 'text' ? resident.phone : undefined,
    },
    complaint: {
      ...complaint,
      // Code 2.3: asked only when the problem is over 12 months old and has stopped.
      delayReason: isPastTimeLimit(complaint.happenedOn, complaint.stillHappening, today) ? complaint.delayReason : undefined,
      serviceRequestReference: complaint.aboutServiceRequest === 'yes' ? complaint.serviceRequestReference : undefined,
      othersAffectedDetails: complaint.othersAffected === 'yes' ? complaint.othersAffectedDetails : undefined,
    },
    // Special-category data: details and consent only when support is needed.
    support: support.needed === true ? support : { ...support, details: undefined, consent: undefined },
  };
}
