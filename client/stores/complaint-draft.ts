/**
 * The complaint being written: answers kept as the person moves back and
 * forth, the Idempotency-Key made when the draft began, and the send.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import * as v from 'valibot';
import { toFieldIssues, type FieldIssue } from '../../shared/errors.ts';
import { ComplaintSchema, LANGUAGES, type ComplaintInput } from '../../shared/schemas/complaint.ts';
import { submitComplaint, type Receipt } from '../api/complaints.ts';
import { newUuid } from '../lib/uuid.ts';
import { i18next } from '../i18n/index.ts';

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

const orUndefined = (value: string) => (value.trim() === '' ? undefined : value);

/** The typed date as an ISO date, or something that fails as `date_invalid` if it is not one. */
export function datePartsToIso({ day, month, year }: DateParts): string | undefined {
  if (!day.trim() && !month.trim() && !year.trim()) return undefined;
  const digits = /^\d+$/;
  if (![day, month, year].every((part) => digits.test(part.trim()))) return 'invalid';
  return `${year.trim().padStart(4, '0')}-${month.trim().padStart(2, '0')}-${day.trim().padStart(2, '0')}`;
}

/** The draft as the API's payload: unanswered questions are left out, so they fail as `required`. */
export function toPayload(draft: ComplaintDraft): ComplaintInput {
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
    language: (LANGUAGES as readonly string[]).includes(i18next.language) ? i18next.language : undefined,
  };
  // JSON drops the undefined keys; the schema then reports each one missing as `required`.
  return JSON.parse(JSON.stringify(payload)) as ComplaintInput;
}

/** Every problem the shared schema finds with the draft as it stands. */
export function validateDraft(draft: ComplaintDraft): FieldIssue[] {
  const result = v.safeParse(ComplaintSchema, toPayload(draft));
  return result.success ? [] : toFieldIssues(result.issues);
}

export type SendOutcome = 'sent' | 'invalid' | 'network' | 'server';

export const useComplaintDraftStore = defineStore('complaintDraft', () => {
  const draft = ref<ComplaintDraft>(emptyDraft());
  /** Problems found when sending (by the server, or by the check before sending), shown on their pages until answered. */
  const sendIssues = ref<FieldIssue[]>([]);
  const sending = ref(false);
  const receipt = ref<Receipt | null>(readReceipt());

  const isRepresentative = computed(() => draft.value.submittedBy === 'representative');

  function reset() {
    draft.value = emptyDraft();
    sendIssues.value = [];
  }

  /** Sends the complaint; on success the draft is cleared and the receipt kept for the confirmation page. */
  async function send(): Promise<SendOutcome> {
    if (sending.value) return 'server';
    sending.value = true;
    try {
      const result = await submitComplaint(
        draft.value.idempotencyKey,
        toPayload(draft.value),
        draft.value.attachments.map((a) => a.file),
      );
      if (result.ok) {
        receipt.value = result.receipt;
        sessionStorage.setItem(RECEIPT_KEY, JSON.stringify(result.receipt));
        reset();
        return 'sent';
      }
      if (result.kind === 'validation') {
        sendIssues.value = result.issues;
        return 'invalid';
      }
      return result.kind;
    } finally {
      sending.value = false;
    }
  }

  return { draft, sendIssues, sending, receipt, isRepresentative, reset, send };
});

const RECEIPT_KEY = 'complaints:last-receipt';

function readReceipt(): Receipt | null {
  try {
    const raw = sessionStorage.getItem(RECEIPT_KEY);
    return raw ? (JSON.parse(raw) as Receipt) : null;
  } catch {
    return null;
  }
}
