/**
 * The complaint being written, as the form holds it: its type, a new empty one,
 * the typed date, the Code 2.3 rule, and a draft saved by an older version
 * brought to today's shape. Pure: no Vue, no storage.
 */
import { isPastTimeLimit } from '../../shared/complaint-answers.ts';
import { londonDate } from '../../shared/working-days.ts';
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
  };
  support: { needed: Choice<'yes' | 'no'>; details: string; consent: boolean };
  attachments: DraftAttachment[];
}

/** A new complaint: its Idempotency-Key is made now, on the device, and never changes. */
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
    },
    support: { needed: '', details: '', consent: false },
    attachments: [],
  };
}

/** The typed date as an ISO date, or something that fails as `date_invalid` if it is not one. */
export function datePartsToIso({ day, month, year }: DateParts): string | undefined {
  if (!day.trim() && !month.trim() && !year.trim()) return undefined;
  const digits = /^\d+$/;
  if (![day, month, year].every((part) => digits.test(part.trim()))) return 'invalid';
  return `${year.trim().padStart(4, '0')}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
}

/** Code 2.3: whether the delay question applies (over 12 months ago and not still happening). */
export function isLate(draft: ComplaintDraft): boolean {
  return isPastTimeLimit(datePartsToIso(draft.complaint.happenedOn), draft.complaint.stillHappening, londonDate(new Date()));
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
