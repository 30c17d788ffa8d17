/**
 * Drafts, the outbox and receipts on the device: every read and write of them
 * goes through here (the stores, the sender and the service worker), so the
 * rules for other tabs live in one place.
 */
import { complaintsDb, type StoredDraft, type StoredReceipt } from './database.ts';

/** Every draft, most recently changed first: `queued` ones are waiting in the outbox. */
export async function listDrafts(): Promise<StoredDraft[]> {
  return (await (await complaintsDb()).getAll('drafts')).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export async function queuedDrafts(): Promise<StoredDraft[]> {
  return (await listDrafts()).filter((d) => d.status === 'queued');
}

export async function countDrafts(): Promise<number> {
  return (await complaintsDb()).count('drafts');
}

export async function getDraft(id: string): Promise<StoredDraft | null> {
  return (await (await complaintsDb()).get('drafts', id)) ?? null;
}

export async function deleteDraft(id: string): Promise<void> {
  await (await complaintsDb()).delete('drafts', id);
}

/** Receipts of complaints sent from this device, newest first. */
export async function listReceipts(): Promise<StoredReceipt[]> {
  return (await (await complaintsDb()).getAll('receipts')).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
}

export async function findReceipt(reference: string): Promise<StoredReceipt | null> {
  return (await (await complaintsDb()).get('receipts', reference)) ?? null;
}

/** Whether the draft was sent (from any tab, or by the service worker): its receipt is kept. */
export async function wasSent(draftId: string): Promise<boolean> {
  return (await (await complaintsDb()).getAll('receipts')).some((r) => r.draftId === draftId);
}

/**
 * Writes a draft being edited, unless another tab has queued it (the outbox owns it) or sent it
 * (writing it again would bring back a draft of a complaint already made). One transaction, so
 * another tab cannot queue or send it between the look and the write.
 */
export async function saveDraft(record: StoredDraft): Promise<'saved' | 'queued-elsewhere' | 'sent-elsewhere'> {
  const db = await complaintsDb();
  const tx = db.transaction(['drafts', 'receipts'], 'readwrite');
  const existing = await tx.objectStore('drafts').get(record.id);
  if (existing?.status === 'queued') return 'queued-elsewhere';
  if (!existing && (await tx.objectStore('receipts').getAll()).some((r) => r.draftId === record.id)) {
    await tx.done;
    return 'sent-elsewhere';
  }
  await Promise.all([tx.objectStore('drafts').put(record), tx.done]);
  return 'saved';
}
