/**
 * Every read and write of what is kept on the device (drafts, the outbox,
 * receipts, the records of complaints sent) goes through here or through outbox.ts, so the rules about other
 * tabs live in one place. The stores use it; pages never do. Loaded when
 * first needed, not with the home page.
 */
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import { keepComplaint as keepComplaintIn, keepReceipt as keepReceiptIn } from './action-kinds.ts';
import { announceChange } from './changes.ts';
import { DEVICE_STORES, complaintsDb, type KeptComplaint, type StoredAction, type StoredDraft, type StoredReceipt } from './database.ts';

const newestFirst = <T>(key: (item: T) => string) => (a: T, b: T) => key(b).localeCompare(key(a));

/** Every draft, most recently changed first (`queued` ones are waiting in the outbox). */
export async function listDrafts(): Promise<StoredDraft[]> {
  return (await (await complaintsDb()).getAll('drafts')).sort(newestFirst((d) => d.updatedAt));
}

export async function getDraft(id: string): Promise<StoredDraft | null> {
  return (await (await complaintsDb()).get('drafts', id)) ?? null;
}

/** Deletes a draft (never one handed to the outbox: that is the outbox's until it is sent or refused). */
export async function deleteDraft(id: string): Promise<void> {
  const tx = (await complaintsDb()).transaction('drafts', 'readwrite');
  if ((await tx.store.get(id))?.status !== 'queued') await tx.store.delete(id);
  await tx.done;
  announceChange({ type: 'changed' });
}

/**
 * Writes a draft being edited, unless another tab has queued it (the outbox owns it) or sent it
 * (writing it again would bring back a draft of a complaint already made). One transaction, so
 * another tab cannot queue or send it between the look and the write.
 */
export async function saveDraft(record: StoredDraft): Promise<'saved' | 'queued' | 'sent'> {
  const tx = (await complaintsDb()).transaction(['drafts', 'receipts'], 'readwrite');
  const existing = await tx.objectStore('drafts').get(record.id);
  if (existing?.status === 'queued') return 'queued';
  if (!existing && (await tx.objectStore('receipts').getAll()).some((r) => r.draftId === record.id)) {
    await tx.done;
    return 'sent';
  }
  await Promise.all([tx.objectStore('drafts').put(record), tx.done]);
  return 'saved';
}

/** Receipts of complaints sent from this device, newest first. */
export async function listReceipts(): Promise<StoredReceipt[]> {
  return (await (await complaintsDb()).getAll('receipts')).sort(newestFirst((r) => r.receivedAt));
}

export async function findReceipt(reference: string): Promise<StoredReceipt | null> {
  return (await (await complaintsDb()).get('receipts', reference)) ?? null;
}

/** Whether a draft was sent (from any tab, or by the service worker): its receipt is kept. */
export async function wasSent(draftId: string): Promise<boolean> {
  return (await (await complaintsDb()).getAll('receipts')).some((r) => r.draftId === draftId);
}

/** Every action in the outbox (waiting, sent or failed), newest first. */
export async function listActions(): Promise<StoredAction[]> {
  return (await (await complaintsDb()).getAll('outbox')).sort(newestFirst((a) => a.queuedAt));
}

/** Forgets a sent or failed action (one still waiting is the outbox's to send). */
export async function removeAction(id: string): Promise<void> {
  const tx = (await complaintsDb()).transaction('outbox', 'readwrite');
  if ((await tx.store.get(id))?.status !== 'waiting') await tx.store.delete(id);
  await tx.done;
  announceChange({ type: 'changed' });
}

/** Keeps a complaint's receipt and drops its draft, in one transaction (action-kinds.ts's `keepReceipt`). */
export async function keepReceipt(receipt: StoredReceipt): Promise<void> {
  const tx = (await complaintsDb()).transaction(DEVICE_STORES, 'readwrite');
  await Promise.all([keepReceiptIn(tx, receipt), tx.done]);
}

/** The last record the server gave of each complaint sent from this phone. */
export async function listComplaints(): Promise<KeptComplaint[]> {
  return (await complaintsDb()).getAll('complaints');
}

export async function findComplaint(reference: string): Promise<KeptComplaint | null> {
  return (await (await complaintsDb()).get('complaints', reference)) ?? null;
}

/**
 * Forgets the records of complaints this phone did not send (opened while signed in by email), on signing out:
 * what was sent from here stays, with its receipt.
 */
export async function forgetSignedInRecords(): Promise<void> {
  const tx = (await complaintsDb()).transaction(['complaints', 'receipts'], 'readwrite');
  const sentHere = new Set(await tx.objectStore('receipts').getAllKeys());
  const kept = await tx.objectStore('complaints').getAllKeys();
  await Promise.all([...kept.filter((reference) => !sentHere.has(reference)).map((reference) => tx.objectStore('complaints').delete(reference)), tx.done]);
  announceChange({ type: 'changed' });
}

/** Keeps a complaint's record as the server just gave it (action-kinds.ts's `keepComplaint`); the record kept, which may be a later one. */
export async function keepComplaint(view: ResidentComplaintView): Promise<KeptComplaint> {
  const tx = (await complaintsDb()).transaction(DEVICE_STORES, 'readwrite');
  const [kept] = await Promise.all([keepComplaintIn(tx, view), tx.done]);
  announceChange({ type: 'changed' });
  return kept;
}
