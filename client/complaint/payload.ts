/** The draft as the API's payload. Loaded when a complaint is checked or sent, not with the home page. */
import { withoutInapplicableAnswers } from '../../shared/complaint-answers.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { londonDate } from '../../shared/working-days.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import type { ComplaintDraft } from './draft.ts';
import { datePartsToIso } from './time-limit.ts';

const orUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/**
 * The draft as the API's payload, in the reader's `language` (for letters and emails):
 * unanswered questions are left out, so they fail as `required`, and answers that
 * no longer apply are dropped by the rule the server applies too (shared/complaint-answers.ts).
 */
export function toPayload(draft: ComplaintDraft, language: string): ComplaintInput {
  const d = draft;
  const payload = withoutInapplicableAnswers(
    {
      submittedBy: orUndefined(d.submittedBy),
      representative: {
        name: d.representative.name,
        relationship: d.representative.relationship,
        email: orUndefined(d.representative.email),
        phone: orUndefined(d.representative.phone),
        hasPermission: d.representative.hasPermission,
      },
      resident: {
        name: d.resident.name,
        address: orUndefined(d.resident.address),
        tenancyReference: orUndefined(d.resident.tenancyReference),
        email: orUndefined(d.resident.email),
        phone: orUndefined(d.resident.phone),
        preferredContact: orUndefined(d.resident.preferredContact),
      },
      complaint: {
        description: d.complaint.description,
        happenedOn: datePartsToIso(d.complaint.happenedOn),
        stillHappening: d.complaint.stillHappening,
        delayReason: orUndefined(d.complaint.delayReason),
        aboutServiceRequest: orUndefined(d.complaint.aboutServiceRequest),
        serviceRequestReference: orUndefined(d.complaint.serviceRequestReference),
        othersAffected: orUndefined(d.complaint.othersAffected),
        othersAffectedDetails: orUndefined(d.complaint.othersAffectedDetails),
        desiredOutcome: d.complaint.desiredOutcomeNotSure ? null : d.complaint.desiredOutcome,
      },
      support: supportPayload(d.support),
      language: (LANGUAGES as readonly string[]).includes(language) ? language : undefined,
    },
    londonDate(new Date()),
  );
  // JSON drops the undefined keys; the schema then reports each one missing as `required`.
  return JSON.parse(JSON.stringify(payload)) as ComplaintInput;
}

/**
 * The support answer as sent. "Send my complaint without them": support is needed, and the details typed
 * stay in the draft only, never in the payload. With no choice made yet the payload holds the details without
 * consent, which the shared schema refuses (`consent_required`): the phone's check asks the question before
 * anything is sent, and the server would refuse it too.
 */
function supportPayload(support: ComplaintDraft['support']) {
  if (support.needed === '') return { needed: undefined };
  if (support.needed === 'no') return { needed: false };
  if (support.consent === 'no') return { needed: true, consent: false };
  return { needed: true, details: orUndefined(support.details), consent: support.consent === 'yes' ? true : undefined };
}
