/**
 * The complaint being written, wired to the pages: answers kept as the person
 * moves back and forth, saved as they type (client/offline/draft-journal.ts,
 * save-scheduler.ts), and the send. The rules are in client/complaint/, the
 * storage in client/offline/.
 */
import { defineStore } from 'pinia';
import { computed, nextTick, ref, toRaw, watch } from 'vue';
import type { FieldIssue } from '../../shared/errors.ts';
import { draftAbout, emptyDraft, isEmptyDraft, withDefaults, type ComplaintDraft } from '../complaint/draft.ts';
import { type DraftAnswers, isQuotaError, type StoredDraft, type StoredReceipt } from '../offline/database.ts';
import { clearJournal, currentDraftId, newerJournal, setCurrentDraftId, writeJournal, type JournalEntry } from '../offline/draft-journal.ts';
import * as repository from '../offline/drafts-repository.ts';
import { announceChange } from '../offline/changes.ts';
import { saveScheduler } from '../offline/save-scheduler.ts';
import { i18next } from '../i18n/index.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';

/** `unsaved`: not sent, and the phone could not keep the complaint to send later (out of space); `busy`: already sending. */
export type SendOutcome = 'sent' | 'queued' | 'invalid' | 'unsaved' | 'busy';

const issuesCopy = (issues: FieldIssue[]) => toRaw(issues).map((issue) => ({ path: [...issue.path], code: issue.code }));

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
  let journalledAttachments = '';

  /** What was last written (or loaded), so an unchanged draft is not written again, by this tab or over another's. */
  let savedSnapshot = '';
  const snapshotOf = (raw: ComplaintDraft) =>
    JSON.stringify([{ ...raw, attachments: raw.attachments.map((a) => a.id) }, step.value, toRaw(sendIssues.value)]);

  function storedRecord(raw: ComplaintDraft): StoredDraft {
    return {
      id: raw.idempotencyKey,
      // IndexedDB stores Files (photos) as they are; Vue's proxies are taken off first.
      answers: { ...raw, attachments: raw.attachments.map((a) => ({ id: a.id, file: a.file })) } as unknown as DraftAnswers,
      step: step.value,
      about: draftAbout(raw),
      createdAt: createdAt.value,
      updatedAt: new Date().toISOString(),
      status: sendIssues.value.length > 0 ? 'rejected' : 'editing',
      sendIssues: issuesCopy(sendIssues.value),
    };
  }

  /** Writes the draft to IndexedDB now, if it changed (empty drafts are not kept). */
  async function saveNow(): Promise<void> {
    scheduler.cancel();
    const raw = toRaw(draft.value);
    if (isEmptyDraft(raw)) return;
    const snapshot = snapshotOf(raw);
    if (snapshot === savedSnapshot) return;
    // Before any await: a page closed mid-save must still come back to this draft, not start another.
    setCurrentDraftId(raw.idempotencyKey);
    try {
      const outcome = await repository.saveDraft(storedRecord(raw));
      // Sent from another tab since: this tab lets it go rather than bring back a draft of a complaint already made.
      if (outcome === 'sent-elsewhere' && draft.value.idempotencyKey === raw.idempotencyKey) forgetCurrent();
      if (outcome !== 'saved') return;
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

  /**
   * Every change, as it happens (a synchronous watcher): the journal is written at once, so a page
   * that goes a moment after a keystroke keeps it; IndexedDB follows after the pause (or the maximum
   * wait), and at once for a photo added or removed (photos are not in the journal).
   */
  function changed() {
    if (hydrating) return;
    const raw = toRaw(draft.value);
    const id = raw.idempotencyKey;
    if (!isEmptyDraft(raw) || currentDraftId() === id) {
      setCurrentDraftId(id);
      const { attachments, ...answers } = raw;
      writeJournal({
        id,
        answers: JSON.parse(JSON.stringify(answers)) as Record<string, unknown>,
        step: step.value,
        sendIssues: issuesCopy(sendIssues.value),
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

  /** Puts a draft on the page without it counting as a change: the saved one, with what the journal has over it. */
  function load(record: StoredDraft | null, journal: JournalEntry | null) {
    hydrating = true;
    const saved = record ? withDefaults(emptyDraft(), record.answers as unknown) : emptyDraft();
    const typed = journal ? { ...withDefaults(emptyDraft(), journal.answers), attachments: saved.attachments } : saved;
    const id = record?.id ?? journal!.id;
    draft.value = { ...typed, idempotencyKey: id };
    step.value = journal?.step ?? record!.step;
    createdAt.value = journal?.createdAt ?? record!.createdAt;
    sendIssues.value = journal?.sendIssues ?? record?.sendIssues ?? [];
    journalledAttachments = draft.value.attachments.map((a) => a.id).join();
    // Replayed from the journal: not yet in IndexedDB, so the next save writes it.
    savedSnapshot = journal ? '' : snapshotOf(toRaw(draft.value));
    setCurrentDraftId(id);
    void nextTick(() => {
      hydrating = false;
    });
  }

  /** Brings back the draft the person was last working on (after a reload, crash or update), with every key typed. */
  async function hydrate(): Promise<void> {
    const id = currentDraftId();
    if (!id) return;
    let record: StoredDraft | null = null;
    let sent = false;
    try {
      record = await repository.getDraft(id);
      sent = !record && (await repository.wasSent(id));
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
    const record = await repository.getDraft(id);
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
    setCurrentDraftId(null);
    void nextTick(() => {
      hydrating = false;
    });
  }

  /** Deletes a draft from the device. */
  async function remove(id: string): Promise<void> {
    if (draft.value.idempotencyKey === id) forgetCurrent();
    clearJournal(id);
    await repository.deleteDraft(id);
    announceChange({ type: 'changed' });
  }

  /**
   * Puts the complaint in the outbox, sent by itself when the phone is back online; the outbox then owns it.
   * If the phone cannot keep it (out of space), nothing is lost: the answers stay on the page, and the person is told.
   */
  async function toOutbox(payload: ComplaintInput): Promise<'queued' | 'unsaved'> {
    try {
      await saveNow();
      const raw = toRaw(draft.value);
      const queuedAt = new Date().toISOString();
      const { queueDraft } = await import('../offline/outbox-queue.ts');
      await queueDraft({ ...storedRecord(raw), step: 'check' }, { kind: 'complaint', payload, files: raw.attachments.map((a) => a.file), queuedAt });
    } catch (error) {
      saveError.value = isQuotaError(error) ? 'quota' : 'failed';
      return 'unsaved';
    }
    forgetCurrent();
    announceChange({ type: 'changed' });
    await (await import('../offline/background-sync.ts')).registerBackgroundSync();
    return 'queued';
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
      const [{ toPayload }, { submitComplaint }] = await Promise.all([import('../complaint/payload.ts'), import('../api/complaints.ts')]);
      const payload = toPayload(draft.value, i18next.language);
      if (!navigator.onLine) return await toOutbox(payload);
      const raw = toRaw(draft.value);
      const result = await submitComplaint(raw.idempotencyKey, payload, raw.attachments.map((a) => a.file));
      if (result.ok) {
        scheduler.cancel();
        const stored: StoredReceipt = { ...result.receipt, draftId: raw.idempotencyKey, about: draftAbout(raw) };
        // Out of space: the confirmation is still shown from memory; sending the draft again returns the same receipt.
        const { keepReceipt } = await import('../offline/outbox-queue.ts');
        await keepReceipt(stored).catch((error: unknown) => {
          saveError.value = isQuotaError(error) ? 'quota' : 'failed';
        });
        receipt.value = stored;
        forgetCurrent();
        announceChange({ type: 'changed' });
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
    return repository.findReceipt(reference);
  }

  /** How many drafts (unfinished or waiting to be sent) this device keeps; 0 without IndexedDB (private browsing). */
  const countKept = () => repository.countDrafts().catch(() => 0);

  return { countKept, draft, step, sendIssues, sending, receipt, saveError, isRepresentative, hasDraft, saveNow, saveBeforeLeaving, hydrate, open, startNew, remove, send, findReceipt };
});
