/**
 * The complaint a resident, or someone acting for them, sends. One schema
 * validates the form in the browser and the request on the server, and
 * generates the OpenAPI document. Each message is an error code (shared/errors.ts).
 */
import * as v from 'valibot';
import { LANGUAGES } from '../languages.ts';
import { isIsoDate, londonDate } from '../working-days.ts';
import { withoutInapplicableAnswers } from '../complaint-answers.ts';

export const LIMITS = {
  name: 200,
  shortText: 100,
  reference: 50,
  email: 254,
  address: 500,
  /** What went wrong and what would put it right, in the person's own words. */
  longText: 10_000,
  mediumText: 2_000,
  /** Photos and documents. Images are shrunk on the device before they are sent. */
  attachments: 5,
  attachmentBytes: 5 * 1024 * 1024,
  /** JSON alone; multipart adds the attachments. */
  jsonBodyBytes: 128 * 1024,
} as const;

export const PREFERRED_CONTACT = ['email', 'phone', 'post', 'text'] as const;
export const SUBMITTED_BY = ['resident', 'representative'] as const;
export const YES_NO_NOT_SURE = ['yes', 'no', 'not_sure'] as const;

/** Media types accepted as attachments, checked against the file's own bytes on the server. */
export const ATTACHMENT_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

export const text = (max: number) =>
  v.pipe(v.string('type'), v.trim(), v.nonEmpty('required'), v.maxLength(max, 'too_long'));
export const optionalText = (max: number) =>
  v.optional(v.pipe(v.string('type'), v.trim(), v.maxLength(max, 'too_long')));

// Loose on purpose: people type numbers in many ways. 7 to 15 digits, with + ( ) - . and spaces (E.164 has at most 15).
const PHONE = /^\+?[\d\s().-]+$/;
export const phone = v.optional(
  v.pipe(
    v.string('type'),
    v.trim(),
    v.maxLength(30, 'too_long'),
    v.check((value) => value === '' || (PHONE.test(value) && /^(\D*\d){7,15}\D*$/.test(value)), 'phone'),
  ),
);
export const email = v.optional(
  v.pipe(
    v.string('type'),
    v.trim(),
    v.maxLength(LIMITS.email, 'too_long'),
    v.check((value) => value === '' || /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value), 'email'),
  ),
);

/** A date the thing happened, not in the future (in the Europe/London day). */
const pastDate = v.pipe(
  v.string('type'),
  v.check(isIsoDate, 'date_invalid'),
  v.check((value) => value <= londonDate(new Date()), 'date_future'),
);

export const has = (value: string | undefined) => value !== undefined && value.trim() !== '';

export const RepresentativeSchema = v.strictObject(
  {
    name: text(LIMITS.name),
    /** Their relationship to the resident: daughter, support worker, councillor… */
    relationship: text(LIMITS.shortText),
    email,
    phone,
    // Code 3.6: a representative may act for the resident, with the resident's permission.
    hasPermission: v.literal(true, 'permission_required'),
  },
  'type',
);

export const ResidentSchema = v.strictObject(
  {
    name: text(LIMITS.name),
    address: optionalText(LIMITS.address),
    tenancyReference: optionalText(LIMITS.reference),
    email,
    phone,
    preferredContact: v.picklist(PREFERRED_CONTACT, 'choice'),
  },
  'type',
);

export const ComplaintDetailsSchema = v.strictObject(
  {
    /** What went wrong, in the person's own words (Code 1.2, 1.3). */
    description: text(LIMITS.longText),
    /** When it happened or when they became aware of it (Code 2.3). */
    happenedOn: pastDate,
    stillHappening: v.boolean('type'),
    /** Optional: why it was not raised sooner, when it is over 12 months old (Code 2.3, 2.5). */
    delayReason: optionalText(LIMITS.mediumText),
    /** Code 1.5: dissatisfaction with how a service request was handled is a complaint. */
    aboutServiceRequest: v.picklist(YES_NO_NOT_SURE, 'choice'),
    serviceRequestReference: optionalText(LIMITS.reference),
    /** Code 1.2: a complaint can affect a resident or a group of residents. */
    othersAffected: v.picklist(YES_NO_NOT_SURE, 'choice'),
    othersAffectedDetails: optionalText(LIMITS.mediumText),
    /**
     * Code 5.6: the outcome the resident is seeking; null when they answered "I'm not sure yet".
     * The landlord sets out the outcome sought when acknowledging and asks when it is unclear
     * (5.6, 5.7), so nobody is held back from complaining by this question.
     */
    desiredOutcome: v.nullable(text(LIMITS.longText)),
  },
  'type',
);

export const SupportSchema = v.strictObject(
  {
    /** Reasonable adjustments (Code 3.1; Equality Act 2010). */
    needed: v.boolean('type'),
    details: optionalText(LIMITS.mediumText),
    /** Explicit consent to keep what the details may reveal about health or disability (UK GDPR art. 9). */
    consent: v.optional(v.boolean('type')),
  },
  'type',
);

export const ComplaintSchema = v.pipe(
  v.strictObject(
    {
      submittedBy: v.picklist(SUBMITTED_BY, 'choice'),
      representative: v.optional(RepresentativeSchema),
      resident: ResidentSchema,
      complaint: ComplaintDetailsSchema,
      support: SupportSchema,
      language: v.optional(v.picklist(LANGUAGES, 'choice')),
    },
    'type',
  ),
  v.forward(
    v.partialCheck(
      [['submittedBy'], ['representative']],
      (input) => input.submittedBy !== 'representative' || input.representative !== undefined,
      'required',
    ),
    ['representative'],
  ),
  v.forward(
    v.partialCheck(
      [['representative', 'email'], ['representative', 'phone']],
      (input) => !input.representative || has(input.representative.email) || has(input.representative.phone),
      'contact_for_representative',
    ),
    ['representative', 'email'],
  ),
  v.forward(
    v.partialCheck(
      [['resident', 'address'], ['resident', 'tenancyReference']],
      (input) => has(input.resident.address) || has(input.resident.tenancyReference),
      'address_or_tenancy',
    ),
    ['resident', 'address'],
  ),
  v.forward(
    v.partialCheck(
      [['resident', 'preferredContact'], ['resident', 'email']],
      (input) => input.resident.preferredContact !== 'email' || has(input.resident.email),
      'email_for_preferred',
    ),
    ['resident', 'email'],
  ),
  v.forward(
    v.partialCheck(
      [['resident', 'preferredContact'], ['resident', 'phone']],
      (input) => !['phone', 'text'].includes(input.resident.preferredContact) || has(input.resident.phone),
      'phone_for_preferred',
    ),
    ['resident', 'phone'],
  ),
  v.forward(
    v.partialCheck(
      [['resident', 'preferredContact'], ['resident', 'address']],
      (input) => input.resident.preferredContact !== 'post' || has(input.resident.address),
      'address_for_preferred',
    ),
    ['resident', 'address'],
  ),
  v.forward(
    v.partialCheck(
      [['support', 'needed'], ['support', 'details'], ['support', 'consent']],
      // Special-category data is kept only with explicit consent.
      (input) => !input.support.needed || !has(input.support.details) || input.support.consent === true,
      'consent_required',
    ),
    ['support', 'consent'],
  ),
);

export type ComplaintInput = v.InferInput<typeof ComplaintSchema>;
export type Complaint = v.InferOutput<typeof ComplaintSchema>;

/**
 * What is kept of a valid complaint: answers that the person's own choices
 * made irrelevant (a representative's details when they complain for
 * themselves, a reference for a request they did not make) are dropped, so
 * nothing stale is stored.
 */
export function normaliseComplaint(input: Complaint, today: string = londonDate(new Date())): Complaint {
  const blank = (value: string | undefined) => (has(value) ? value : undefined);
  // Which answers apply: the rule the phone follows too (shared/complaint-answers.ts).
  const applicable = withoutInapplicableAnswers(input, today);
  const out: Complaint = {
    submittedBy: applicable.submittedBy,
    resident: {
      name: applicable.resident.name,
      address: blank(applicable.resident.address),
      tenancyReference: blank(applicable.resident.tenancyReference),
      email: blank(applicable.resident.email),
      phone: blank(applicable.resident.phone),
      preferredContact: applicable.resident.preferredContact,
    },
    complaint: {
      ...applicable.complaint,
      delayReason: blank(applicable.complaint.delayReason),
      serviceRequestReference: blank(applicable.complaint.serviceRequestReference),
      othersAffectedDetails: blank(applicable.complaint.othersAffectedDetails),
    },
    // Special-category data is kept only with the details it consents to.
    support: applicable.support.needed
      ? { needed: true, details: blank(applicable.support.details), consent: has(applicable.support.details) ? true : undefined }
      : { needed: false },
    language: applicable.language,
  };
  if (applicable.representative) {
    out.representative = {
      ...applicable.representative,
      email: blank(applicable.representative.email),
      phone: blank(applicable.representative.phone),
    };
  }
  return out;
}
