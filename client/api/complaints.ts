/** The API client for complaints: one function per call, results as values, never thrown. */
import type { FieldIssue } from '../../shared/errors.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import { isReceipt, type Receipt } from '../../shared/receipt.ts';
import { sendAction, type ActionRequest } from './send-action.ts';

export type { Receipt };
export { sendTimeoutMs } from './send-action.ts';

export type SubmitResult =
  | { ok: true; receipt: Receipt }
  /** Refused for good (see ActionResult): shown at the top of "Check your answers" or beside the fields it names. */
  | { ok: false; kind: 'validation'; issues: FieldIssue[] }
  /** Not reached, too slow, or unavailable for now: safe to send again with the same key. */
  | { ok: false; kind: 'network' };

/** The request that sends a complaint (POST /api/complaints), at once from "Check your answers" or from the outbox. */
export function complaintRequest(idempotencyKey: string, complaint: ComplaintInput, attachments: File[]): ActionRequest {
  return { url: '/api/complaints', idempotencyKey, payload: complaint, files: attachments, jsonPart: 'complaint', isAnswer: isReceipt };
}

/** Sends a complaint once per idempotency key: repeating it never makes a second complaint. */
export async function submitComplaint(idempotencyKey: string, complaint: ComplaintInput, attachments: File[]): Promise<SubmitResult> {
  const result = await sendAction<Receipt>(complaintRequest(idempotencyKey, complaint, attachments));
  return result.ok ? { ok: true, receipt: result.answer } : result;
}
