/**
 * The resident removes the person acting for them (Code 3.6). The removal is an event
 * on the record (who it was, so the record still says), and the complaint keeps no
 * representative: their email no longer opens it (server/auth/resident.ts), no email
 * about it goes to them (server/mail/queue.ts), and when they sent the complaint, the
 * access tokens of their phone stop working. Only the resident may do it.
 */
import { eq } from 'drizzle-orm';
import type { Actor } from '../../../shared/lifecycle-events.ts';
import type { Db } from '../../db/client.ts';
import { complaintAccessTokens, complaints } from '../../db/schema.ts';
import { alreadyDone, appendEvents, Refused, refusedOutcome, type ActionOutcome } from './actions.ts';
import { loadRecord } from './record.ts';

/** What a removal's Idempotency-Key is bound to (a key reused for another request is refused). */
const REMOVAL_HASH = 'remove_representative';

export async function removeRepresentative(
  db: Db,
  request: { reference: string; actor: Actor; idempotencyKey: string; now?: Date },
): Promise<ActionOutcome> {
  const now = request.now ?? new Date();
  try {
    return await db.transaction(async (tx) => {
      const record = await loadRecord(tx, { reference: request.reference }, { lock: true });
      if (!record) throw new Refused({ ok: false, status: 404, code: 'not_found' });
      if (await alreadyDone(tx, request.idempotencyKey, record.complaint.id, REMOVAL_HASH)) {
        return { ok: true as const, record, replayed: true, eventIds: [] };
      }
      if (request.actor.kind !== 'resident') throw new Refused({ ok: false, status: 403, code: 'actor_not_allowed' });
      const representative = record.complaint.representative as { name?: string; relationship?: string } | null;
      if (!representative) throw new Refused({ ok: false, status: 409, code: 'not_allowed_now' });
      const eventIds = await appendEvents(
        tx,
        record.complaint.id,
        [{ type: 'representative_removed', data: { name: representative.name ?? '', relationship: representative.relationship ?? '' } }],
        request.actor,
        now,
        { idempotencyKey: request.idempotencyKey, requestHash: REMOVAL_HASH },
      );
      // They sent it from their phone: its tokens (the receipt's on the row, and any later ones) were theirs.
      const sentByThem = record.complaint.submittedBy === 'representative';
      await tx
        .update(complaints)
        .set(sentByThem ? { representative: null, accessTokenHash: null } : { representative: null })
        .where(eq(complaints.id, record.complaint.id));
      if (sentByThem) {
        await tx.delete(complaintAccessTokens).where(eq(complaintAccessTokens.complaintId, record.complaint.id));
      }
      const after = await loadRecord(tx, { id: record.complaint.id });
      return { ok: true as const, record: after!, replayed: false, eventIds };
    });
  } catch (error) {
    return refusedOutcome(error);
  }
}
