/**
 * Writes of the outbox: an action queued, a receipt kept, a refusal handed back
 * as a draft. Loaded when something is sent, not with the home page.
 */
import { complaintsDb, type StoredDraft, type StoredReceipt } from './database.ts';
import type { OutboxAction } from './action-kinds.ts';

/** Keeps the receipt and drops the draft it came from, in one transaction: the one place receipts are written. */
export async function keepReceipt(receipt: StoredReceipt): Promise<void> {
  const db = await complaintsDb();
  const tx = db.transaction(['drafts', 'receipts'], 'readwrite');
  await Promise.all([tx.objectStore('receipts').put(receipt), tx.objectStore('drafts').delete(receipt.draftId), tx.done]);
}

/** Hands a draft to the outbox with the action to send; `fallback` is the draft as it stands if it was never saved. */
export async function queueDraft(fallback: Omit<StoredDraft, 'status' | 'updatedAt'>, action: OutboxAction): Promise<void> {
  const db = await complaintsDb();
  const tx = db.transaction('drafts', 'readwrite');
  const record = (await tx.store.get(fallback.id)) ?? fallback;
  await tx.store.put({ ...record, updatedAt: action.queuedAt, status: 'queued', sendIssues: [], outbox: action });
  await tx.done;
}

/** A queued action refused for good: back to the person as a draft, with the problems to show. */
export async function returnToDraft(draft: StoredDraft, issues: StoredDraft['sendIssues']): Promise<void> {
  await (await complaintsDb()).put('drafts', { ...draft, status: 'rejected', sendIssues: issues, outbox: undefined });
}
