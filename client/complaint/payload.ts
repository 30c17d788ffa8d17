/** The draft as the API's payload. Loaded when a complaint is checked or sent, not with the home page. */
import { LANGUAGES } from '../../shared/languages.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import type { ComplaintDraft } from '../stores/complaint-draft.ts';
import { datePartsToIso, isLate } from './time-limit.ts';

const orUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/** The draft as the API's payload, in the reader's `language`: unanswered questions are left out, so they fail as `required`. */
export function toPayload(draft: ComplaintDraft, language: string): ComplaintInput {
  const d = draft;
  const payload = {
    submittedBy: orUndefined(d.submittedBy),
    representative:
      d.submittedBy === 'representative'
        ? {
            name: d.representative.name,
            relationship: d.representative.relationship,
            email: orUndefined(d.representative.email),
            phone: orUndefined(d.representative.phone),
            hasPermission: d.representative.hasPermission,
          }
        : undefined,
    resident: {
      name: d.resident.name,
      address: orUndefined(d.resident.address),
      tenancyReference: orUndefined(d.resident.tenancyReference),
      // Only the detail asked for with the way they chose: one typed for another choice is not shown, so not sent.
      email: d.resident.preferredContact === 'email' ? orUndefined(d.resident.email) : undefined,
      phone: ['phone', 'text'].includes(d.resident.preferredContact) ? orUndefined(d.resident.phone) : undefined,
      preferredContact: orUndefined(d.resident.preferredContact),
    },
    complaint: {
      description: d.complaint.description,
      happenedOn: datePartsToIso(d.complaint.happenedOn),
      stillHappening: d.complaint.stillHappening,
      // Code 2.3: asked only when the problem is over 12 months old and has stopped.
      delayReason: isLate(d) ? orUndefined(d.complaint.delayReason) : undefined,
      aboutServiceRequest: orUndefined(d.complaint.aboutServiceRequest),
      serviceRequestReference:
        d.complaint.aboutServiceRequest === 'yes' ? orUndefined(d.complaint.serviceRequestReference) : undefined,
      othersAffected: orUndefined(d.complaint.othersAffected),
      othersAffectedDetails:
        d.complaint.othersAffected === 'yes' ? orUndefined(d.complaint.othersAffectedDetails) : undefined,
      desiredOutcome: d.complaint.desiredOutcome,
    },
    support:
      d.support.needed === ''
        ? { needed: undefined }
        : d.support.needed === 'yes'
          ? { needed: true, details: orUndefined(d.support.details), consent: d.support.consent }
          : { needed: false },
    language: (LANGUAGES as readonly string[]).includes(language) ? language : undefined,
  };
  // JSON drops the undefined keys; the schema then reports each one missing as `required`.
  return JSON.parse(JSON.stringify(payload)) as ComplaintInput;
}
