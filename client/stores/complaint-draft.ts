/**
 * The complaint being written: answers kept as the person moves back and
 * forth, the Idempotency-Key made when the draft began, and the send.
 */
import { defineStore } from 'pinia';
import { computed, nextTick, ref, toRaw, watch } from 'vue';
import type { FieldIssue } from '../../shared/errors.ts';
import { isOlderThanTimeLimit } from '../../shared/code.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { isIsoDate, londonDate } from '../../shared/working-days.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import type { Receipt } from '../api/complaints.ts';
import {
  announceOutbox,
  complaintsDb,
  isQuotaError,
  SYNC_TAG,
  type DraftAnswers,
  type StoredDraft,
  type StoredReceipt,
} from './offline/db.ts';
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
    /** "I'm not sure yet": sent as null, whatever is in desiredOutcome. */
    desiredOutcomeNotSure: boolean;
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
      desiredOutcomeNotSure: false,
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

/**
 * Code 2.3: whether the delay question applies: the problem happened (or came to light) over
 * 12 months ago and is not still happening. A problem that goes on is within the time limit.
 */
export function isLate(draft: ComplaintDraft): boolean {
  const iso = datePartsToIso(draft.complaint.happenedOn);
  return (
    !draft.complaint.stillHappening && iso !== undefined && isIsoDate(iso) && isOlderThanTimeLimit(iso, londonDate(new Date()))
  );
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
      desiredOutcome: d.complaint.desiredOutcomeNotSure ? null : d.complaint.desiredOutcome,
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

/** `unsaved`: not sent, and the phone could not keep the complaint to send later (out of space); `busy`: already sending. */
export type SendOutcome = 'sent' | 'queued' | 'invalid' | 'unsaved' | 'busy';

const CURRENT_KEY = 'complaints:current-draft';
const SAVE_DELAY_MS = 300;

export const useComplaintDraftStore = defineStore('complaintDraft', () => {
  const draft = ref<ComplaintDraft>(emptyDraft());
  /** The question page the person is on, saved with the draft to bring them back to it. */
  const step = ref('who');
  const createdAt = ref(new Date().toISOString());
  /** Problems found when sending (by the server, or by the check before sending), shown on their pages until answered. */
  const sendIssues = ref<FieldIssue[]>([]);
  const sending = ref(false);
  /** The last complaint sent from this device, for the confirmation page. */
  const receipt = ref<StoredReceipt | null>(null);
  /** Set when the device could not save (out of space): shown in words, and what is on screen is kept. */
  const saveError = ref<'quota' | 'failed' | null>(null);

  const isRepresentative = computed(() => draft.value.submittedBy === 'representative');
  /** Whether a complaint is under way (anything answered). */
  const hasDraft = computed(() => !isEmptyDraft(draft.value));

  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let hydrating = false;
  let askedForPersistence = false;

  /** What was last written (or loaded), so an unchanged draft is not written again, by this tab or over another's. */
  let savedSnapshot = '';
  const snapshotOf = (raw: ComplaintDraft) =>
    JSON.stringify([{ ...raw, attachments: raw.attachments.map((a) => a.id) }, step.value, toRaw(sendIssues.value)]);

  /** Writes the draft to IndexedDB now, if it changed (empty drafts are not kept). */
  async function saveNow(): Promise<void> {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const raw = toRaw(draft.value);
    if (isEmptyDraft(raw)) return;
    const snapshot = snapshotOf(raw);
    if (snapshot === savedSnapshot) return;
    // Before any await: a page closed mid-save must still come back to this draft, not start another.
    localStorage.setItem(CURRENT_KEY, raw.idempotencyKey);
    const record: StoredDraft = {
      id: raw.idempotencyKey,
      // IndexedDB stores Files (photos) as they are; Vue's proxies are taken off first.
      answers: { ...raw, attachments: raw.attachments.map((a) => ({ id: a.id, file: a.file })) } as unknown as DraftAnswers,
      step: step.value,
      about: draftAbout(raw),
      createdAt: createdAt.value,
      updatedAt: new Date().toISOString(),
      status: sendIssues.value.length > 0 ? 'rejected' : 'editing',
      sendIssues: toRaw(sendIssues.value).map((issue) => ({ path: [...issue.path], code: issue.code })),
    };
    try {
      const db = await complaintsDb();
      // One transaction, so another tab cannot queue or send this draft between the look and the write.
      const tx = db.transaction(['drafts', 'receipts'], 'readwrite');
      const existing = await tx.objectStore('drafts').get(record.id);
      // A draft already handed to the outbox is not changed behind its back.
      if (existing?.status === 'queued') return;
      // Sent from another tab since: writing it again would bring back a draft of a complaint already made.
      const sentElsewhere = !existing && (await tx.objectStore('receipts').getAll()).some((r) => r.draftId === record.id);
      if (sentElsewhere) {
        await tx.done;
        if (draft.value.idempotencyKey === record.id) forgetCurrent();
        return;
      }
      await Promise.all([tx.objectStore('drafts').put(record), tx.done]);
      savedSnapshot = snapshot;
      saveError.value = null;
      if (!askedForPersistence) {
        askedForPersistence = true;
        // Ask the browser not to clear the drafts when space runs low.
        void navigator.storage?.persist?.().catch(() => false);
      }
    } catch (error) {
      saveError.value = isQuotaError(error) ? 'quota' : 'failed';
    }
  }

  /** Saves before the page goes away (a reload for a new version): throws if it could not be saved, so it stays. */
  async function saveBeforeLeaving(): Promise<void> {
    await saveNow();
    if (saveError.value) throw new Error('The draft could not be saved on this device.');
  }

  function scheduleSave() {
    if (hydrating) return;
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => void saveNow(), SAVE_DELAY_MS);
  }

  // Saved a moment after each keystroke, without a save button.
  watch([draft, step, sendIssues], scheduleSave, { deep: true });

  function load(record: StoredDraft) {
    hydrating = true;
    const answers = record.answers as unknown as ComplaintDraft;
    draft.value = { ...withDefaults(emptyDraft(), answers), idempotencyKey: record.id };
    step.value = record.step;
    createdAt.value = record.createdAt;
    sendIssues.value = record.sendIssues ?? [];
    savedSnapshot = snapshotOf(toRaw(draft.value));
    localStorage.setItem(CURRENT_KEY, record.id);
    void nextTick(() => {
      hydrating = false;
    });
  }

  /** Brings back the draft the person was last working on (after a reload, crash or update). */
  async function hydrate(): Promise<void> {
    const id = localStorage.getItem(CURRENT_KEY);
    if (!id) return;
    try {
      const record = await (await complaintsDb()).get('drafts', id);
      if (record && record.status !== 'queued') load(record);
    } catch {
      // Private browsing without IndexedDB: the app still works, without drafts.
    }
  }

  /** Continues a saved draft; returns the page to go back to. */
  async function open(id: string): Promise<string | null> {
    await saveNow();
    const record = await (await complaintsDb()).get('drafts', id);
    if (!record) return null;
    load(record);
    return record.status === 'rejected' ? 'check' : record.step;
  }

  /** Starts a new complaint; the one in progress stays in "Your drafts". */
  async function startNew(): Promise<void> {
    if (isEmptyDraft(draft.value)) return;
    await saveNow();
    forgetCurrent();
    await nextTick();
  }

  function forgetCurrent() {
    hydrating = true;
    draft.value = emptyDraft();
    step.value = 'who';
    createdAt.value = new Date().toISOString();
    sendIssues.value = [];
    savedSnapshot = '';
    localStorage.removeItem(CURRENT_KEY);
    void nextTick(() => {
      hydrating = false;
    });
  }

  /** Deletes a draft from the device. */
  async function remove(id: string): Promise<void> {
    if (draft.value.idempotencyKey === id) {
      clearTimeout(saveTimer);
      forgetCurrent();
    }
    await (await complaintsDb()).delete('drafts', id);
    announceOutbox({ type: 'changed' });
  }

  /**
   * Queues the complaint; the outbox then owns it: no copy stays here to be saved over it (it comes back if rejected).
   * If the phone cannot keep it (out of space), nothing is lost: the answers stay on the page, and the person is told.
   */
  async function toOutbox(payload: ComplaintInput): Promise<'queued' | 'unsaved'> {
    try {
      await queue(payload);
    } catch (error) {
      saveError.value = isQuotaError(error) ? 'quota' : 'failed';
      return 'unsaved';
    }
    clearTimeout(saveTimer);
    forgetCurrent();
    return 'queued';
  }

  /** Puts the complaint in the outbox: it is sent by itself when the phone is back online. */
  async function queue(payload: ComplaintInput): Promise<void> {
    await saveNow();
    const raw = toRaw(draft.value);
    const db = await complaintsDb();
    const tx = db.transaction('drafts', 'readwrite');
    const record = await tx.store.get(raw.idempotencyKey);
    const now = new Date().toISOString();
    await tx.store.put({
      ...(record ?? {
        id: raw.idempotencyKey,
        answers: raw as unknown as DraftAnswers,
        step: 'check',
        about: draftAbout(raw),
        createdAt: createdAt.value,
      }),
      updatedAt: now,
      status: 'queued',
      sendIssues: [],
      outbox: { payload, files: raw.attachments.map((a) => a.file), queuedAt: now },
    } as StoredDraft);
    await tx.done;
    announceOutbox({ type: 'changed' });
    await registerBackgroundSync();
  }

  /** Keeps the receipt on the device and drops the draft, in one transaction. The complaint is made either way. */
  async function keepReceipt(sent: Receipt): Promise<StoredReceipt> {
    const raw = toRaw(draft.value);
    const stored: StoredReceipt = { ...sent, draftId: raw.idempotencyKey, about: draftAbout(raw) };
    try {
      const db = await complaintsDb();
      const tx = db.transaction(['drafts', 'receipts'], 'readwrite');
      await Promise.all([tx.objectStore('receipts').put(stored), tx.objectStore('drafts').delete(raw.idempotencyKey), tx.done]);
    } catch (error) {
      // Out of space: the confirmation is still shown from memory; sending the draft again returns the same receipt.
      saveError.value = isQuotaError(error) ? 'quota' : 'failed';
    }
    return stored;
  }

  /**
   * Sends the complaint. Online and accepted: the receipt is kept on the device and
   * the draft cleared. No connection, no answer in time, or the service down: it goes
   * to the outbox ('queued'). Refused: the problems are shown ('invalid').
   */
  async function send(): Promise<SendOutcome> {
    if (sending.value) return 'busy';
    sending.value = true;
    try {
      const payload = toPayload(draft.value);
      if (!navigator.onLine) return await toOutbox(payload);
      // Loaded when first needed, not with the home page.
      const { submitComplaint } = await import('../api/complaints.ts');
      const result = await submitComplaint(
        draft.value.idempotencyKey,
        payload,
        draft.value.attachments.map((a) => a.file),
      );
      if (result.ok) {
        clearTimeout(saveTimer);
        receipt.value = await keepReceipt(result.receipt);
        forgetCurrent();
        announceOutbox({ type: 'changed' });
        return 'sent';
      }
      if (result.kind === 'validation') {
        sendIssues.value = result.issues;
        return 'invalid';
      }
      return await toOutbox(payload);
    } finally {
      sending.value = false;
    }
  }

  /** The receipt for a reference, kept on this device. */
  async function findReceipt(reference: string): Promise<StoredReceipt | null> {
    if (receipt.value?.reference === reference) return receipt.value;
    return (await (await complaintsDb()).get('receipts', reference)) ?? null;
  }

  return {
    draft,
    step,
    sendIssues,
    sending,
    receipt,
    saveError,
    isRepresentative,
    hasDraft,
    saveNow,
    saveBeforeLeaving,
    hydrate,
    open,
    startNew,
    remove,
    send,
    findReceipt,
  };
});

async function registerBackgroundSync() {
  try {
    // Not `ready`: it never settles when there is no service worker (refused, blocked, dev), and the send would hang.
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })?.sync;
    await sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync here: the app sends when it next opens or the connection returns.
  }
}
