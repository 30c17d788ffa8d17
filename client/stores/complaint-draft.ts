/**
 * The complaint being written: answers kept as the person moves back and
 * forth, the Idempotency-Key made when the draft began, and the send.
 */
import { defineStore } from 'pinia';
import { computed, nextTick, ref, toRaw, watch } from 'vue';
import type { FieldIssue } from '../../shared/errors.ts';
import type { DraftAnswers, StoredDraft, StoredReceipt } from '../offline/database.ts';
import { isQuotaError } from '../offline/device-storage.ts';
import { clearJournal, newerJournal, readCurrent, rememberCurrent, writeJournal, type JournalEntry } from '../offline/draft-journal.ts';
import { draftAbout, emptyDraft, isEmptyDraft, savedDraft, type ComplaintDraft } from '../complaint/draft.ts';
import { saveScheduler } from '../offline/save-scheduler.ts';
import type { SendOutcome } from '../complaint/send.ts';
import { i18next } from '../i18n/index.ts';

/** Loaded with the first save or read, not with the home page. */
const repository = () => import('../offline/repository.ts');

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

  // Saved to IndexedDB after a pause in typing, and at least every second while typing goes on (issue 8).
  const scheduler = saveScheduler(() => saveNow());
  let hydrating = false;
  let askedForPersistence = false;

  /** What was last written (or loaded), so an unchanged draft is not written again, by this tab or over another's. */
  let savedSnapshot = '';
  const snapshotOf = (raw: ComplaintDraft) =>
    JSON.stringify([{ ...raw, attachments: raw.attachments.map((a) => a.id) }, step.value, toRaw(sendIssues.value)]);

  /** Writes the draft to IndexedDB now, if it changed (empty drafts are not kept). */
  async function saveNow(): Promise<void> {
    scheduler.cancel();
    const raw = toRaw(draft.value);
    if (isEmptyDraft(raw)) return;
    const snapshot = snapshotOf(raw);
    if (snapshot === savedSnapshot) return;
    // Before any await: a page closed mid-save must still come back to this draft, not start another.
    rememberCurrent(raw.idempotencyKey);
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
      const saved = await (await repository()).saveDraft(record);
      // A draft already handed to the outbox is not changed behind its back.
      if (saved === 'queued') return;
      // Sent from another tab since: writing it again would bring back a draft of a complaint already made.
      if (saved === 'sent') {
        if (draft.value.idempotencyKey === record.id) forgetCurrent();
        return;
      }
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

  let journalledAttachments = '';
  /**
   * Every change, as it happens (a synchronous watcher): the journal is written at once, so a page
   * that goes a moment after a keystroke keeps it; IndexedDB follows after the pause (or the maximum
   * wait), and at once for a photo added or removed (photos are not in the journal).
   */
  function changed() {
    if (hydrating) return;
    const raw = toRaw(draft.value);
    const id = raw.idempotencyKey;
    if (!isEmptyDraft(raw) || readCurrent() === id) {
      rememberCurrent(id);
      const { attachments, ...answers } = raw;
      writeJournal({
        id,
        answers,
        step: step.value,
        sendIssues: toRaw(sendIssues.value).map((issue) => ({ path: [...issue.path], code: issue.code })),
        createdAt: createdAt.value,
        writtenAt: new Date().toISOString(),
      });
      const attachmentIds = attachments.map((a) => a.id).join();
      if (attachmentIds !== journalledAttachments) {
        journalledAttachments = attachmentIds;
        void saveNow();
        return;
      }
    }
    scheduler.changed();
  }

  watch([draft, step, sendIssues], changed, { deep: true, flush: 'sync' });

  function load(record: StoredDraft | undefined, journal: JournalEntry | null) {
    hydrating = true;
    const saved = record ? savedDraft(record.answers) : emptyDraft();
    const id = record?.id ?? journal!.id;
    // What was typed after the last save (the journal) over what IndexedDB has; photos from IndexedDB.
    const answers = journal ? { ...savedDraft(journal.answers), attachments: saved.attachments } : saved;
    draft.value = { ...answers, idempotencyKey: id };
    step.value = journal?.step ?? record!.step;
    createdAt.value = journal?.createdAt ?? record!.createdAt;
    sendIssues.value = journal?.sendIssues ?? record?.sendIssues ?? [];
    journalledAttachments = draft.value.attachments.map((a) => a.id).join();
    // Replayed from the journal: not yet in IndexedDB, so the next save writes it.
    savedSnapshot = journal ? '' : snapshotOf(toRaw(draft.value));
    rememberCurrent(id);
    void nextTick(() => {
      hydrating = false;
    });
  }

  /** Brings back the draft the person was last working on (after a reload, crash or update), with every key typed. */
  async function hydrate(): Promise<void> {
    const id = readCurrent();
    if (!id) return;
    let record: StoredDraft | undefined;
    let sent = false;
    try {
      const repo = await repository();
      record = (await repo.getDraft(id)) ?? undefined;
      sent = !record && (await repo.wasSent(id));
    } catch {
      // Private browsing without IndexedDB: the journal alone brings the answers back.
    }
    // Queued for sending, or sent (here, from another tab, or by the service worker): what is in the journal went with it.
    if (record?.status === 'queued' || sent) {
      clearJournal(id);
      return;
    }
    const journal = newerJournal(id, record?.updatedAt);
    if (!record && !journal) return;
    load(record, journal);
    if (journal) await nextTick(() => saveNow());
  }

  /** Continues a saved draft; returns the page to go back to. */
  async function open(id: string): Promise<string | null> {
    await saveNow();
    const record = await (await repository()).getDraft(id);
    if (!record) return null;
    load(record, newerJournal(id, record.updatedAt));
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
    scheduler.cancel();
    clearJournal(draft.value.idempotencyKey);
    hydrating = true;
    draft.value = emptyDraft();
    step.value = 'who';
    createdAt.value = new Date().toISOString();
    sendIssues.value = [];
    savedSnapshot = '';
    journalledAttachments = '';
    rememberCurrent(null);
    void nextTick(() => {
      hydrating = false;
    });
  }

  /** Deletes a draft from the device. */
  async function remove(id: string): Promise<void> {
    if (draft.value.idempotencyKey === id) forgetCurrent();
    clearJournal(id);
    await (await repository()).deleteDraft(id);
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
      // Loaded when first needed, not with the home page.
      const { sendComplaint } = await import('../complaint/send.ts');
      return await sendComplaint({ draft: toRaw(draft.value), createdAt: createdAt.value, language: i18next.language, saveNow, forgetCurrent, sendIssues, receipt, saveError });
    } finally {
      sending.value = false;
    }
  }

  /** The receipt for a reference, kept on this device. */
  async function findReceipt(reference: string): Promise<StoredReceipt | null> {
    if (receipt.value?.reference === reference) return receipt.value;
    return (await repository()).findReceipt(reference);
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
