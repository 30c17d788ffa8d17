/**
 * The outbox: every action a resident takes (a new complaint, an escalation, an
 * answer to a question…) waits here until it reaches the landlord, and is sent
 * by itself: by the page when it can (retry-schedule.ts: when the app opens,
 * when the connection returns, and again after a growing pause), and by the
 * service worker's Background Sync where the browser has it, with no page open.
 *
 *   queueAction({ kind: 'escalate', reference: 'K7QM-4XPT', payload: {} })  → the action, `waiting`
 *   flushOutbox()                                                             → tries every waiting action once
 *
 * Exactly once, however often this runs and from however many tabs: an action's
 * id is its Idempotency-Key, made on the device when the action began, and a Web
 * Lock per action keeps two tabs (or a tab and the service worker) from sending
 * it at the same moment. Each outcome is kept on the action (`sent` with the
 * API's answer, `failed` with the reason) and announced to every tab (changes.ts).
 */
import { sendAction } from '../api/send-action.ts';
import { newUuid } from '../lib/uuid.ts';
import { ACTION_KINDS, isActionKind, type ActionKind, type ActionKindName, type PayloadOf } from './action-kinds.ts';
import { announceChange } from './changes.ts';
import { DEVICE_STORES, complaintsDb, type DeviceTransaction, type StoredAction } from './database.ts';

/** The Background Sync tag under which the service worker sends the outbox. */
export const SYNC_TAG = 'complaints-outbox';

export interface NewAction<K extends ActionKindName> {
  kind: K;
  payload: PayloadOf<K>;
  files?: File[];
  /** The complaint it acts on (its receipt on this phone holds the access token). */
  reference?: string;
  /** A few words for the lists; the reference if not given. */
  about?: string;
  /** Its Idempotency-Key, if made earlier (a complaint's is its draft's); otherwise made now. */
  id?: string;
}

/**
 * Puts an action in the outbox, `waiting`, and asks for Background Sync. `alsoWrite` runs in the same
 * transaction (a complaint's draft is marked `queued` with it). Throws if the phone cannot keep it
 * (out of space: `isQuotaError`), so the page can say so and keep what was typed.
 */
export async function queueAction<K extends ActionKindName>(
  action: NewAction<K>,
  alsoWrite?: (tx: DeviceTransaction) => Promise<void>,
): Promise<StoredAction> {
  const record: StoredAction = {
    id: action.id ?? newUuid(),
    kind: action.kind,
    payload: action.payload,
    files: action.files ?? [],
    ...(action.reference ? { reference: action.reference } : {}),
    about: action.about ?? action.reference ?? '',
    queuedAt: new Date().toISOString(),
    status: 'waiting',
  };
  const tx = (await complaintsDb()).transaction(DEVICE_STORES, 'readwrite');
  await Promise.all([tx.objectStore('outbox').put(record), alsoWrite?.(tx), tx.done]);
  announceChange({ type: 'changed' });
  await registerBackgroundSync();
  return record;
}

export interface FlushResult {
  sent: number;
  refused: number;
  /** Still waiting: not reached, or being sent by another tab at that moment. */
  pending: number;
}

/** Actions this realm (page or service worker) is sending now: a second flush here leaves them alone, with or without Web Locks. */
const inFlight = new Set<string>();

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
  // Read again under the lock: another tab may have sent it since the list was read.
  const action = await db.get('outbox', id);
  if (!action || action.status !== 'waiting' || !isActionKind(action.kind)) return;
  const kind = ACTION_KINDS[action.kind] as ActionKind;
  const accessToken = action.reference ? (await db.get('receipts', action.reference))?.accessToken : undefined;
  announceChange({ type: 'sending', id, kind: action.kind });
  const answer = await sendAction(kind.request(action, accessToken));
  if (!answer.ok && answer.kind === 'network') {
    // Still waiting: nothing about it changes on the device (no rewrite of its photos at every try).
    result.pending++;
    announceChange({ type: 'waiting', id, kind: action.kind });
    return;
  }
  const tx = db.transaction(DEVICE_STORES, 'readwrite');
  const settledAt = new Date().toISOString();
  const outbox = tx.objectStore('outbox');
  if (answer.ok) {
    const receipt = (await kind.onSent?.(tx, action, answer.answer)) ?? undefined;
    await (kind.removeWhenSent ? outbox.delete(id) : outbox.put({ ...action, files: [], status: 'sent', settledAt, answer: answer.answer }));
    await tx.done;
    result.sent++;
    announceChange({ type: 'sent', id, kind: action.kind, receipt });
    return;
  }
  // Refused for good: never dropped, never retried for ever; kept with the reason for the person to act on.
  await kind.onRefused?.(tx, action, answer.issues);
  await (kind.removeWhenRefused ? outbox.delete(id) : outbox.put({ ...action, status: 'failed', settledAt, issues: answer.issues }));
  await tx.done;
  result.refused++;
  announceChange({ type: 'refused', id, kind: action.kind });
}

/**
 * Tries to send every waiting action once (or only `only`). A page skips an action that another tab
 * or the service worker is sending at that moment (counted as pending: its sender reports the
 * outcome); the service worker passes `wait`, so a sync never ends as done while an action it skipped
 * is still waiting.
 */
export async function flushOutbox(options: { wait?: boolean; only?: string } = {}): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, refused: 0, pending: 0 };
  const db = await complaintsDb();
  const waiting = (await db.getAllFromIndex('outbox', 'queuedAt')).filter(
    (action) => action.status === 'waiting' && (!options.only || action.id === options.only),
  );
  for (const { id } of waiting) {
    if (inFlight.has(id)) {
      result.pending++;
      continue;
    }
    inFlight.add(id);
    try {
      const ran = await withLock(`complaints-outbox:${id}`, options.wait ?? false, () => sendOne(id, result));
      if (!ran) result.pending++;
    } finally {
      inFlight.delete(id);
    }
  }
  return result;
}

async function registerBackgroundSync() {
  try {
    // Not `ready`: it never settles when there is no service worker (refused, blocked, dev), and the send would hang.
    const registration = await (globalThis as { navigator?: { serviceWorker?: ServiceWorkerContainer } }).navigator?.serviceWorker?.getRegistration();
    const sync = (registration as ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } })?.sync;
    await sync?.register(SYNC_TAG);
  } catch {
    // No Background Sync here: the app sends when it next opens or the connection returns.
  }
}
