/**
 * The complaint as the form holds it (strings as typed, '' for unanswered), the
 * empty one a new complaint starts from, and a draft saved by an older version
 * brought to today's shape. No Vue, no storage: the store, the payload, the
 * flow and the checks all start from here.
 */
import { newUuid } from '../lib/uuid.ts';

export type Choice<T extends string> = T | '';

export interface DraftAttachment {
  id: string;
  file: File;
}

export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** What the form holds: strings as typed, '' for unanswered. */
export interface ComplaintDraft {
  idempotencyKey: string;
  submittedBy: Choice<'resident' | 'representative'>;
  representative: { name: string; relationship: string; email: string; phone: string; hasPermission: boolean };
  resident: {
    name: string;
    address: string;
    tenancyReference: string;
    email: string;
    phone: string;
    preferredContact: Choice<'email' | 'phone' | 'post' | 'text'>;
  };
  complaint: {
    description: string;
    happenedOn: DateParts;
    stillHappening: boolean;
    delayReason: string;
    aboutServiceRequest: Choice<'yes' | 'no' | 'not_sure'>;
    serviceRequestReference: string;
    othersAffected: Choice<'yes' | 'no' | 'not_sure'>;
    othersAffectedDetails: string;
    desiredOutcome: string;
    /** "I'm not sure yet": sent as null, whatever is in desiredOutcome. */
    desiredOutcomeNotSure: boolean;
  };
  support: {
    needed: Choice<'yes' | 'no'>;
    details: string;
    /**
     * The choice asked once details are typed: 'yes', "Send these details" (explicit consent to keep them:
     * special-category data, UK GDPR art. 9); 'no', "Send my complaint without them" (they stay in the
     * draft, and are not sent). Either way nothing typed is lost.
     */
    consent: Choice<'yes' | 'no'>;
  };
  attachments: DraftAttachment[];
}

export function emptyDraft(): ComplaintDraft {
  return {
    idempotencyKey: newUuid(),
    submittedBy: '',
    representative: { name: '', relationship: '', email: '', phone: '', hasPermission: false },
    resident: { name: '', address: '', tenancyReference: '', email: '', phone: '', preferredContact: '' },
    complaint: {
      description: '',
      happenedOn: { day: '', month: '', year: '' },
      stillHappening: false,
      delayReason: '',
      aboutServiceRequest: '',
      serviceRequestReference: '',
      othersAffected: '',
      othersAffectedDetails: '',
      desiredOutcome: '',
      desiredOutcomeNotSure: false,
    },
    support: { needed: '', details: '', consent: '' },
    attachments: [],
  };
}

/** Whether anything has been answered: empty drafts are not kept. */
export function isEmptyDraft(draft: ComplaintDraft): boolean {
  const blank = emptyDraft();
  blank.idempotencyKey = draft.idempotencyKey;
  return JSON.stringify({ ...draft, attachments: [] }) === JSON.stringify(blank) && draft.attachments.length === 0;
}

/** A few words of what the complaint is about, for the drafts list. */
export function draftAbout(draft: ComplaintDraft): string {
  const text = draft.complaint.description.trim().replace(/\s+/g, ' ');
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
}

/**
 * A saved draft in today's shape: a question added by an app update since it was
 * saved gets its empty answer, at whatever depth, instead of being undefined.
 */
export function withDefaults<T>(defaults: T, saved: unknown): T {
  const isPlain = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
  if (!isPlain(defaults) || !isPlain(saved)) return (saved === undefined ? defaults : saved) as T;
  const merged: Record<string, unknown> = { ...saved };
  for (const [key, value] of Object.entries(defaults)) merged[key] = withDefaults(value, saved[key]);
  return merged as T;
}

/**
 * A draft as saved (in IndexedDB or the journal), by this version or an older one, in today's shape.
 * Before the choice of sending support details, consent was a tick box: ticked is "Send these details",
 * not ticked is no choice made yet (it is asked again, never assumed).
 */
export function savedDraft(saved: unknown): ComplaintDraft {
  const draft = withDefaults(emptyDraft(), saved);
  const consent: unknown = draft.support.consent;
  if (typeof consent === 'boolean') draft.support = { ...draft.support, consent: consent ? 'yes' : '' };
  return draft;
}
