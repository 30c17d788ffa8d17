/**
 * The outbox: complaints written offline, sent by themselves when the phone is
 * back online, by the service worker's Background Sync where the browser has
 * it, and otherwise by the app when it opens or the connection returns.
 *
 * Exactly one complaint reaches the landlord however often this runs: each
 * draft keeps the Idempotency-Key it was given when it began, and a Web Lock
 * keeps two tabs (or a tab and the service worker) from sending the same draft
 * at the same moment.
 */
import { submitComplaint } from '../../api/complaints.ts';
import { announceOutbox, complaintsDb, type StoredDraft } from './db.ts';

export const SYNC_TAG = 'complaints-outbox';

export interface FlushResult {
  sent: number;
  rejected: number;
  pending: number;
}

async function withLock(name: string, task: () => Promise<void>): Promise<void> {
  // Web Locks exist in pages and in the service worker alike.
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return task();
  await locks.request(name, { ifAvailable: true }, async (lock: Lock | null) => {
    // Another tab is sending this one right now: leave it to them.
    if (lock) await task();
  });
}

async function sendOne(id: string, result: FlushResult): Promise<void> {
  const db = await complaintsDb();
  const draft = await db.get('drafts', id);
  if (!draft || draft.status !== 'queued' || !draft.outbox) return;
  const answer = await submitComplaint(draft.id, draft.outbox.payload, draft.outbox.files);
  if (answer.ok) {
    const receipt = { ...answer.receipt, draftId: draft.id, about: draft.about };
    const tx = db.transaction(['drafts', 'receipts'], 'readwrite');
    await Promise.all([tx.objectStore('receipts').put(receipt), tx.objectStore('drafts').delete(draft.id), tx.done]);
    result.sent++;
    announceOutbox({ type: 'sent', draftId: draft.id, receipt });
    return;
  }
  if (answer.kind === 'validation') {
    // Never dropped: it goes back to the person as a draft, with the problems shown.
    const rejected: StoredDraft = { ...draft, status: 'rejected', sendIssues: answer.issues, outbox: undefined };
    await db.put('drafts', rejected);
    result.rejected++;
    announceOutbox({ type: 'rejected', draftId: draft.id });
    return;
  }
  const updated: StoredDraft = {
    ...draft,
    outbox: { ...draft.outbox, attempts: draft.outbox.attempts + 1, lastError: answer.kind },
  };
  await db.put('drafts', updated);
  result.pending++;
  announceOutbox({ type: 'pending', draftId: draft.id, error: answer.kind });
}

/** Tries to send everything in the outbox once. */
export async function flushOutbox(): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, rejected: 0, pending: 0 };
  const db = await complaintsDb();
  const queued = (await db.getAll('drafts')).filter((d) => d.status === 'queued');
  for (const draft of queued) await withLock(`complaints-outbox:${draft.id}`, () => sendOne(draft.id, result));
  return result;
}
