/**
 * The one place a resident's action on a sent complaint (an answer, a correction, a
 * request for stage 2) is sent from. Each is written to the phone first, with its own
 * Idempotency-Key, then sent; with no signal it waits and sends itself when the
 * connection returns (while the app is open), and however often it is sent the landlord
 * receives it once. A Web Lock keeps two tabs from sending the same one at once.
 */
import { newUuid } from '../lib/uuid.ts';
import { sendWhileWaiting } from '../composables/send-outbox-automatically.ts';
import { postAction, type ActionResult } from './api.ts';
import { followingDb, keepRecord, receiptFor, type KeptRecord, type PendingAction, type ResidentActionKind } from './store.ts';
import type { FieldIssue } from '../../shared/errors.ts';

/** Tells every open page that a complaint's record or its waiting actions changed. */
export const FOLLOWING_CHANNEL = 'complaints-following';

export type SendOutcome =
  | { state: 'sent'; record: KeptRecord }
  | { state: 'queued' }
  | { state: 'refused'; issues: FieldIssue[] };

function announce(reference: string) {
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(FOLLOWING_CHANNEL);
  channel.postMessage({ reference });
  channel.close();
}

async function withLock<T>(name: string, task: () => Promise<T>, busy: T): Promise<T> {
  const locks = (globalThis as { navigator?: { locks?: LockManager } }).navigator?.locks;
  if (!locks) return task();
  return locks.request(name, { ifAvailable: true }, async (lock: Lock | null) => (lock ? task() : busy));
}

async function sendOne(action: PendingAction): Promise<SendOutcome> {
  const db = await followingDb();
  // Sent meanwhile by another tab: nothing to do.
  const current = await db.get('actions', action.id);
  if (!current || current.status !== 'queued') return { state: 'queued' };
  const receipt = await receiptFor(action.reference);
  const token = receipt?.accessToken;
  const result: ActionResult = token
    ? await postAction(action.reference, token, action.kind, action.body, action.id)
    : { ok: false, kind: 'refused', issues: [{ path: [], code: 'access_token' }] };
  if (result.ok) {
    const record = await keepRecord(result.view);
    await db.delete('actions', action.id);
    announce(action.reference);
    return { state: 'sent', record };
  }
  if (result.kind === 'refused') {
    await db.put('actions', { ...current, status: 'refused', issues: result.issues });
    announce(action.reference);
    return { state: 'refused', issues: result.issues };
  }
  return { state: 'queued' };
}

/**
 * Writes the action on the phone, then tries to send it now. `sent` with the record the
 * server answered; `queued` when it could not go yet (it waits on the phone); `refused`
 * when the server said no for good (it is then not kept waiting: the form shows why).
 */
export async function sendResidentAction(reference: string, kind: ResidentActionKind, body: Record<string, unknown>): Promise<SendOutcome> {
  const action: PendingAction = { id: newUuid(), reference, kind, body, queuedAt: new Date().toISOString(), status: 'queued' };
  const db = await followingDb();
  await db.put('actions', action);
  announce(reference);
  const outcome = await withLock(`complaints-action:${action.id}`, () => sendOne(action), { state: 'queued' } as SendOutcome);
  // Refused straight away: the person is still on the form and reads why there; nothing is left waiting.
  if (outcome.state === 'refused') await db.delete('actions', action.id);
  return outcome;
}

/** Sends every action still waiting, once. Returns how many still wait. */
export async function flushResidentActions(): Promise<number> {
  const db = await followingDb();
  let waiting = 0;
  for (const action of await db.getAll('actions')) {
    if (action.status !== 'queued') continue;
    const outcome = await withLock(`complaints-action:${action.id}`, () => sendOne(action), { state: 'queued' } as SendOutcome);
    if (outcome.state === 'queued') waiting++;
  }
  return waiting;
}

/** Forgets an action the server refused, once the person has read why. */
export async function dismissAction(id: string, reference: string): Promise<void> {
  await (await followingDb()).delete('actions', id);
  announce(reference);
}

/** While a complaint's page is open: sends what waits now, when the connection returns, and again after a pause. */
export function sendActionsAutomatically(): () => void {
  return sendWhileWaiting(async () => ({ pending: await flushResidentActions() }));
}
