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

export interface FlushResult {
  sent: number;
  rejected: number;
  pending: number;
}

async function withLock(name: string, wait: boolean, task: () => Promise<void>): Promise<boolean> {
  // Web Locks exist in pages and in the service worker alike.
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) {
    await task();
    return true;
  }
  return locks.request(name, { ifAvailable: !wait }, async (lock: Lock | null) => {
    // Another tab is sending this one right now: leave it to them.
    if (!lock) return false;
    await task();
    return true;
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
    // Refused for good: never dropped, never retried forever. It goes back to the person as a draft, with the problems shown.
    const rejected: StoredDraft = { ...draft, status: 'rejected', sendIssues: answer.issues, outbox: undefined };
    await db.put('drafts', rejected);
    result.rejected++;
    announceOutbox({ type: 'rejected', draftId: draft.id });
    return;
  }
  // Still waiting: nothing about it changes on the device (no rewrite of its photos at every try).
  result.pending++;
  announceOutbox({ type: 'pending', draftId: draft.id });
}

/**
 * Tries to send everything in the outbox once. A page skips a complaint that
 * another tab or the service worker is sending at that moment (counted as
 * pending: its sender reports the outcome); the service worker passes `wait`,
 * so a sync never ends as done while a complaint it skipped is still waiting.
 */
export async function flushOutbox(options: { wait?: boolean } = {}): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, rejected: 0, pending: 0 };
  const db = await complaintsDb();
  const queued = (await db.getAll('drafts')).filter((d) => d.status === 'queued');
  for (const draft of queued) {
    const ran = await withLock(`complaints-outbox:${draft.id}`, options.wait ?? false, () => sendOne(draft.id, result));
    if (!ran) result.pending++;
  }
  return result;
}
