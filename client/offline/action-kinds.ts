/**
 * The kinds of action the outbox sends: one entry per thing a resident does. The
 * outbox, the sender (Web Locks, Background Sync, the retry schedule), the
 * statuses shown on the pages and refusals kept with their reason serve every
 * kind unchanged.
 *
 * A new kind is an entry in ACTION_KINDS: its API call (and, on the pages, its
 * title `outbox.kinds.<kind>` in every locale). An action on a complaint sent
 * from this phone is one line, `residentAction('<path>')`: POST
 * /api/complaints/:reference/<path> with the access token kept with the receipt.
 *
 * Imported by the service worker: nothing from Vue.
 */
import type * as v from 'valibot';
import type { FieldIssue } from '../../shared/errors.ts';
import type { Receipt } from '../../shared/receipt.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import type { RESIDENT_ACTION_SCHEMAS } from '../../shared/schemas/lifecycle.ts';
import { complaintRequest } from '../api/complaints.ts';
import type { ActionRequest } from '../api/send-action.ts';
import type { ResidentComplaintView } from '../../shared/resident-view.ts';
import type { DeviceTransaction, KeptComplaint, StoredAction, StoredReceipt } from './database.ts';

export interface ActionKind<Payload = unknown> {
  /** The API call for one action (its Idempotency-Key is the action's id); `accessToken` is its complaint's, if kept. */
  request(action: StoredAction & { payload: Payload }, accessToken: string | undefined): ActionRequest;
  /** Extra writes where the outcome is recorded, in the same transaction; a new complaint gives back its receipt. */
  onSent?(tx: DeviceTransaction, action: StoredAction, answer: unknown): Promise<StoredReceipt | void>;
  onRefused?(tx: DeviceTransaction, action: StoredAction, issues: FieldIssue[]): Promise<void>;
  /** Sent, its record goes (what happened is kept elsewhere: a receipt, the complaint's record). */
  removeWhenSent?: boolean;
  /** Refused, its record goes (a draft comes back with its problems); otherwise it stays `failed`, with the reason. */
  removeWhenRefused?: boolean;
}

/** The resident's actions on a complaint they sent (server/routes/resident-complaints.ts). */
type ResidentActions = typeof RESIDENT_ACTION_SCHEMAS;

/**
 * POST /api/complaints/:reference/<path>, with the complaint's access token. The answer is the complaint as the
 * resident now sees it: kept as its record on the phone, in the same transaction (whoever sent it: a tab or the
 * service worker), and the action goes. Refused, it stays `failed` with the reason, for its page to show. An action
 * that takes photos or documents names the multipart part its JSON goes in.
 */
function residentAction<Path extends keyof ResidentActions>(path: Path, jsonPart?: string): ActionKind<v.InferInput<ResidentActions[Path]>> {
  return {
    request: (action, accessToken) => ({
      url: `/api/complaints/${encodeURIComponent(action.reference ?? '')}/${path}`,
      idempotencyKey: action.id,
      payload: action.payload,
      ...(jsonPart ? { files: action.files ?? [], jsonPart } : {}),
      accessToken,
      isAnswer: (answer) => typeof (answer as { reference?: unknown } | null)?.reference === 'string',
    }),
    removeWhenSent: true,
    async onSent(tx, _action, answer) {
      await keepComplaint(tx, answer as ResidentComplaintView);
    },
  };
}

/**
 * Keeps the server's record of a complaint sent from this phone, unless the phone already has a later one (an
 * answer that arrived while a slower fetch was on its way): the one place those records are written.
 */
export async function keepComplaint(tx: DeviceTransaction, view: ResidentComplaintView, fetchedAt = new Date().toISOString()): Promise<KeptComplaint> {
  const complaints = tx.objectStore('complaints');
  const existing = await complaints.get(view.reference);
  // Its events only ever grow: fewer is older.
  if (existing && (existing.view.events?.length ?? 0) > (view.events?.length ?? 0)) return existing;
  const kept: KeptComplaint = { reference: view.reference, view, fetchedAt };
  await complaints.put(kept);
  return kept;
}

/**
 * A new complaint (POST /api/complaints). Its id is its draft's: the draft stays, `queued`, until it is sent
 * (its receipt is kept and the draft goes) or refused (the draft comes back, with the problems to fix).
 */
const submitComplaint: ActionKind<ComplaintInput> = {
  request: (action) => complaintRequest(action.id, action.payload, action.files),
  removeWhenSent: true,
  removeWhenRefused: true,
  async onSent(tx, action, answer) {
    const receipt: StoredReceipt = { ...(answer as Receipt), draftId: action.id, about: action.about };
    await keepReceipt(tx, receipt);
    return receipt;
  },
  async onRefused(tx, action, issues) {
    const drafts = tx.objectStore('drafts');
    const draft = await drafts.get(action.id);
    if (draft) await drafts.put({ ...draft, status: 'rejected', sendIssues: issues });
  },
};

/** Keeps a complaint's receipt and drops its draft, together: the one place receipts are written. */
export async function keepReceipt(tx: DeviceTransaction, receipt: StoredReceipt): Promise<void> {
  await Promise.all([tx.objectStore('receipts').put(receipt), tx.objectStore('drafts').delete(receipt.draftId)]);
}

export const ACTION_KINDS = {
  'submit-complaint': submitComplaint,
  'answer-clarification': residentAction('answer-clarification'),
  'request-correction': residentAction('request-correction'),
  escalate: residentAction('escalate'),
  withdraw: residentAction('withdraw'),
  // Code 6.8: words, with photos and documents as the multipart body's `attachments` beside its `message`.
  'send-message': residentAction('send-message', 'message'),
} satisfies Record<string, ActionKind<never>>;

export type ActionKindName = keyof typeof ACTION_KINDS;

/** What an action of a kind sends (its JSON body). */
export type PayloadOf<K extends ActionKindName> = (typeof ACTION_KINDS)[K] extends ActionKind<infer P> ? P : never;

export function isActionKind(kind: string): kind is ActionKindName {
  return Object.hasOwn(ACTION_KINDS, kind);
}
