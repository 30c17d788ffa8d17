/**
 * The outbox sender: actions written offline are sent by themselves when the
 * phone is back online, by the service worker's Background Sync where the
 * browser has it, and otherwise by the app (retry-schedule.ts).
 *
 * Exactly one action reaches the landlord however often this runs: each keeps
 * the Idempotency-Key it was given when it began, and a Web Lock keeps two tabs
 * (or a tab and the service worker) from sending the same one at the same moment.
 */
import { sendAction } from './action-kinds.ts';
import { announceChange } from './changes.ts';
import { getDraft, queuedDrafts } from './drafts-repository.ts';
import { keepReceipt, returnToDraft } from './outbox-queue.ts';

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
  // Read again under the lock: another tab may have sent it since the list was read.
  const draft = await getDraft(id);
  if (!draft || draft.status !== 'queued' || !draft.outbox) return;
  const answer = await sendAction(draft.id, draft.outbox);
  if (answer.ok) {
    const receipt = { ...answer.receipt, draftId: draft.id, about: draft.about };
    await keepReceipt(receipt);
    result.sent++;
    announceChange({ type: 'sent', draftId: draft.id, receipt });
    return;
  }
  if (answer.kind === 'validation') {
    // Refused for good: never dropped, never retried forever. It goes back to the person as a draft, with the problems shown.
    await returnToDraft(draft, answer.issues);
    result.rejected++;
    announceChange({ type: 'rejected', draftId: draft.id });
    return;
  }
  // Still waiting: nothing about it changes on the device (no rewrite of its photos at every try).
  result.pending++;
  announceChange({ type: 'pending', draftId: draft.id });
}

/**
 * Tries to send everything in the outbox once. A page skips an action that
 * another tab or the service worker is sending at that moment (counted as
 * pending: its sender reports the outcome); the service worker passes `wait`,
 * so a sync never ends as done while an action it skipped is still waiting.
 */
export async function flushOutbox(options: { wait?: boolean } = {}): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, rejected: 0, pending: 0 };
  for (const draft of await queuedDrafts()) {
    const ran = await withLock(`complaints-outbox:${draft.id}`, options.wait ?? false, () => sendOne(draft.id, result));
    if (!ran) result.pending++;
  }
  return result;
}
