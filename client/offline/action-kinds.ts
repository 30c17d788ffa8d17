/**
 * What the outbox can send: one entry per kind of action a resident takes.
 * A new kind (an escalation, a message, a correction to the definition, an
 * adjustment request) is its API call here and its screen; the outbox, the
 * sender, the retry schedule, Background Sync and the refusals shown as
 * drafts serve it unchanged.
 */
import type { SubmitResult } from '../api/send-action.ts';
import { submitComplaint } from '../api/complaints.ts';
import type { ComplaintInput } from '../../shared/schemas/complaint.ts';

/** An action waiting in the outbox. Its Idempotency-Key is the id of the draft it came from, made when the action began. */
export interface OutboxAction<Payload = unknown> {
  /** Which kind of action (ACTION_KINDS); old records without one are complaints. */
  kind?: ActionKind;
  payload: Payload;
  files: File[];
  queuedAt: string;
}

interface ActionKindDefinition<Payload> {
  /** Sends it once; the same key sent again never acts twice. */
  send(idempotencyKey: string, payload: Payload, files: File[]): Promise<SubmitResult>;
}

export const ACTION_KINDS = {
  complaint: {
    send: (key, payload, files) => submitComplaint(key, payload, files),
  } satisfies ActionKindDefinition<ComplaintInput>,
} as const;

export type ActionKind = keyof typeof ACTION_KINDS;

export function kindOf(action: OutboxAction): ActionKind {
  return action.kind ?? 'complaint';
}

/** Sends a queued action with its kind's API call. */
export function sendAction(idempotencyKey: string, action: OutboxAction): Promise<SubmitResult> {
  const kind = ACTION_KINDS[kindOf(action)] as ActionKindDefinition<unknown>;
  return kind.send(idempotencyKey, action.payload, action.files);
}
