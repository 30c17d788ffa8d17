/**
 * Taking an action on a complaint, independent of HTTP: one transaction locks the
 * complaint, recomputes its state from the events, asks the state machine
 * (shared/lifecycle.ts), appends the events it yields with who and when, and writes
 * the complaint's status, stage and next deadline beside them. Nothing is written
 * when the action is refused.
 */
import { createHash, randomUUID, webcrypto } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { acknowledgeBy } from '../../../shared/code.ts';
import { OMBUDSMAN } from '../../../shared/code.ts';
import policy from '../../../shared/config/complaints-policy.json' with { type: 'json' };
import { checkComplaintsPolicy } from '../../../shared/config/landlord-schema.ts';
import { nextDeadline } from '../../../shared/deadlines.ts';
import type { ErrorCode, IssuePath } from '../../../shared/errors.ts';
import type { Actor, Exclusion, NewEvent } from '../../../shared/lifecycle-events.ts';
import { decide, type LifecycleAction } from '../../../shared/lifecycle.ts';
import { newReference } from '../../../shared/reference.ts';
import { londonDate } from '../../../shared/working-days.ts';
import type { Db } from '../../db/client.ts';
import { complaintEvents, complaints } from '../../db/schema.ts';
import { queueMailForEvent } from '../../mail/queue.ts';
import type { VerifiedAttachment } from '../complaints.ts';
import { storeMessageFiles } from './message-files.ts';
import { loadRecord, type ComplaintRecord, type ComplaintRow, type Queryable } from './record.ts';

/** The exclusions the landlord's policy sets out (Code 2.2), checked when the server starts. */
export const POLICY_EXCLUSIONS: readonly Exclusion[] = checkComplaintsPolicy(policy).exclusions;

/** An action as a caller asks for it: a new complaint's reference is chosen here, not by the caller. */
export type RequestedAction =
  | Exclude<LifecycleAction, { type: 'log_new_complaint' }>
  | Omit<Extract<LifecycleAction, { type: 'log_new_complaint' }>, 'newReference'>;

export interface ActionRequest {
  reference: string;
  action: RequestedAction;
  actor: Actor;
  /** Makes a repeated request return the first result instead of acting twice. */
  idempotencyKey?: string;
  /** The photos and documents of a message (`send_message`), stored with its event. */
  files?: readonly VerifiedAttachment[];
  now?: Date;
}

export type ActionOutcome =
  | { ok: true; record: ComplaintRecord; replayed: boolean; eventIds: number[]; newReference?: string }
  | { ok: false; status: 403 | 404 | 409 | 422; code: ErrorCode; path?: IssuePath };

/** Refusals that are about who is asking, not about the complaint's state. */
const FORBIDDEN: readonly ErrorCode[] = ['actor_not_allowed', 'same_officer_stage2'];

/** A request's fingerprint: the same Idempotency-Key with a different request is a conflict. */
export function actionHash(action: RequestedAction): string {
  return createHash('sha256').update(JSON.stringify(action)).digest('hex');
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: string; constraint?: string; message?: string };
    if (pgError.code === '23505') {
      return pgError.constraint ? pgError.constraint === constraint : String(pgError.message).includes(constraint);
    }
  }
  return false;
}

export class Refused extends Error {
  constructor(readonly outcome: Extract<ActionOutcome, { ok: false }>) {
    super(outcome.code);
  }
}

/**
 * Code 6.8: a new issue logged as a new complaint, for the same resident (and representative),
 * received today, with the officer's words for what it is about.
 */
async function insertNewComplaint(tx: Queryable, from: ComplaintRow, description: string, now: Date): Promise<string> {
  const today = londonDate(now);
  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newReference((bytes) => webcrypto.getRandomValues(bytes));
    const [clash] = await tx.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, reference));
    if (clash) continue;
    const [row] = await tx
      .insert(complaints)
      .values({
        reference,
        idempotencyKey: randomUUID(),
        requestHash: `logged-from:${from.reference}`,
        submittedBy: from.submittedBy,
        residentName: from.residentName,
        residentAddress: from.residentAddress,
        tenancyReference: from.tenancyReference,
        residentEmail: from.residentEmail,
        residentPhone: from.residentPhone,
        preferredContact: from.preferredContact,
        representative: from.representative,
        description,
        happenedOn: today,
        stillHappening: true,
        aboutServiceRequest: 'not_sure',
        othersAffected: 'not_sure',
        // Not yet known: the officer sets out the outcome sought when acknowledging it (Code 5.6).
        desiredOutcome: null,
        // The same resident: the support they asked for, with the consent they gave, goes with them.
        supportNeeded: from.supportNeeded,
        supportDetails: from.supportDetails,
        supportConsentAt: from.supportConsentAt,
        language: from.language,
        receivedAt: now,
        acknowledgeBy: acknowledgeBy(today),
      })
      .returning({ id: complaints.id });
    await tx.insert(complaintEvents).values({
      complaintId: row!.id,
      type: 'received',
      actor: 'staff',
      at: now,
      data: { channel: 'logged_from_complaint', attachments: 0, loggedFrom: from.reference },
    });
    return reference;
  }
  throw new Error('Could not find a free complaint reference.');
}

/**
 * Takes one action on a complaint, or refuses it. With an idempotency key, a request
 * already carried out returns the record as it is now, marked `replayed`.
 */
export async function applyAction(db: Db, request: ActionRequest): Promise<ActionOutcome> {
  const now = request.now ?? new Date();
  const today = londonDate(now);
  const hash = actionHash(request.action);
  try {
    return await db.transaction(async (tx) => {
      const record = await loadRecord(tx, { reference: request.reference }, { lock: true });
      if (!record) throw new Refused({ ok: false, status: 404, code: 'not_found' });

      if (await alreadyDone(tx, request.idempotencyKey, record.complaint.id, hash)) {
        return { ok: true as const, record, replayed: true, eventIds: [] };
      }

      let action: LifecycleAction;
      let createdReference: string | undefined;
      if (request.action.type === 'log_new_complaint') {
        // Checked first, so a refused request leaves no new complaint behind.
        const probe = decide(record.state, { ...request.action, newReference: 'XXXX-XXXX' }, {
          today,
          actor: request.actor,
          exclusions: POLICY_EXCLUSIONS,
          ombudsman: OMBUDSMAN,
        });
        if (!probe.ok) throw refusal(probe.code, probe.path);
        createdReference = await insertNewComplaint(tx, record.complaint, request.action.description, now);
        action = { ...request.action, newReference: createdReference };
      } else {
        action = request.action;
      }

      const decided = decide(record.state, action, { today, actor: request.actor, exclusions: POLICY_EXCLUSIONS, ombudsman: OMBUDSMAN });
      if (!decided.ok) throw refusal(decided.code, decided.path);

      const eventIds = await appendEvents(tx, record.complaint.id, decided.events, request.actor, now, {
        ...(request.idempotencyKey ? { idempotencyKey: request.idempotencyKey, requestHash: hash } : {}),
      });
      await storeMessageFiles(tx, record.complaint.id, decided.events, request.files ?? []);
      const next = nextDeadline(decided.state);
      await tx
        .update(complaints)
        .set({
          status: decided.state.status,
          stage: decided.state.stage,
          category: decided.state.category ?? null,
          nextDeadlineOn: next?.dueOn ?? null,
          nextDeadlineKind: next?.kind ?? null,
          lifecycle: decided.state,
        })
        .where(eq(complaints.id, record.complaint.id));
      const after = await loadRecord(tx, { id: record.complaint.id });
      return {
        ok: true as const,
        record: after!,
        replayed: false,
        eventIds,
        ...(createdReference ? { newReference: createdReference } : {}),
      };
    });
  } catch (error) {
    return refusedOutcome(error);
  }
}

/**
 * Whether the request with this Idempotency-Key was already carried out (true: answer with the
 * record as it is); a key used for another complaint or request is refused (409).
 */
export async function alreadyDone(tx: Queryable, key: string | undefined, complaintId: string, hash: string): Promise<boolean> {
  if (!key) return false;
  const [earlier] = await tx
    .select({ complaintId: complaintEvents.complaintId, requestHash: complaintEvents.requestHash })
    .from(complaintEvents)
    .where(eq(complaintEvents.idempotencyKey, key));
  if (!earlier) return false;
  if (earlier.complaintId !== complaintId || earlier.requestHash !== hash) {
    throw new Refused({ ok: false, status: 409, code: 'idempotency_conflict', path: ['headers', 'idempotency-key'] });
  }
  return true;
}

/** A refusal thrown inside an action's transaction, as its outcome; anything else is thrown on. */
export function refusedOutcome(error: unknown): Extract<ActionOutcome, { ok: false }> {
  if (error instanceof Refused) return error.outcome;
  // The same key sent at once for two complaints: one wins, the other is a conflict.
  if (isUniqueViolation(error, 'complaint_events_idempotency_key_unique')) {
    return { ok: false, status: 409, code: 'idempotency_conflict', path: ['headers', 'idempotency-key'] };
  }
  throw error;
}

function refusal(code: ErrorCode, path?: IssuePath): Refused {
  if (path) return new Refused({ ok: false, status: 422, code, path });
  return new Refused({ ok: false, status: FORBIDDEN.includes(code) ? 403 : 409, code });
}

/**
 * Appends events with who and when; the first carries the idempotency key. Returns their ids.
 */
export async function appendEvents(
  tx: Queryable,
  complaintId: string,
  events: readonly NewEvent[],
  actor: Actor,
  at: Date,
  idempotency: { idempotencyKey?: string; requestHash?: string } = {},
): Promise<number[]> {
  const ids: number[] = [];
  for (const [index, event] of events.entries()) {
    const [row] = await tx
      .insert(complaintEvents)
      .values({
        complaintId,
        type: event.type,
        actor: actor.kind,
        actorId: actor.staffId ?? null,
        actorName: actor.name ?? null,
        at,
        data: event.data,
        ...(index === 0 && idempotency.idempotencyKey
          ? { idempotencyKey: idempotency.idempotencyKey, requestHash: idempotency.requestHash ?? null }
          : {}),
      })
      .returning({ id: complaintEvents.id });
    ids.push(row!.id);
    // The emails this event sends (server/mail/queue.ts), queued in the same transaction.
    await queueMailForEvent(tx as Db, { complaintId, eventId: row!.id, type: event.type });
  }
  return ids;
}
