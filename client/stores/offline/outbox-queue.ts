/**
 * The writes made when a complaint is sent from the page: handed to the outbox
 * (with Background Sync asked for), or its receipt kept. Loaded when a complaint
 * is sent, not with the home page. (The outbox's own sender is outbox.ts.)
 */
import { announceOutbox, complaintsDb, SYNC_TAG, type StoredDraft, type StoredReceipt } from './db.ts';

/** Hands a draft to the outbox with what to send; `fallback` is the draft as it stands if it was never saved. */
export async function queueDraft(fallback: Pick<StoredDraft, 'id' | 'answers' | 'step' | 'about' | 'createdAt'>, outbox: NonNullable<StoredDraft['outbox']>): Promise<void> {
  const db = await complaintsDb();
  const tx = db.transaction('drafts', 'readwrite');
  const record = (await tx.store.get(fallback.id)) ?? fallback;
  await tx.store.put({ ...record, updatedAt: outbox.queuedAt, status: 'queued', sendIssues: [], outbox });
  await tx.done;
  announceOutbox({ type: 'changed' });
  await registerBackgroundSync();
}

/** Keeps the receipt and drops the draft, in one transaction. */
export async function keepReceipt(stored: StoredReceipt): Promise<void> {
  const db = await complaintsDb();
  const tx = db.transaction(['drafts', 'receipts'], 'readwrite');
  await Promise.all([tx.objectStore('receipts').put(stored), tx.objectStore('drafts').delete(stored.draftId), tx.done]);
}

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
