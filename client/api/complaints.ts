/** The API call that makes a complaint (an outbox action kind: client/offline/action-kinds.ts). */
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';
import { actionBody, sendAction, type SubmitResult } from './send-action.ts';

export { sendTimeoutMs, type SubmitResult } from './send-action.ts';

/** Sends a complaint once per idempotency key: repeating it never makes a second complaint. */
export function submitComplaint(idempotencyKey: string, complaint: ComplaintInput, attachments: File[]): Promise<SubmitResult> {
  return sendAction('/api/complaints', idempotencyKey, actionBody(complaint, attachments, 'complaint'));
}
