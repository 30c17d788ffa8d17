/**
 * Requests for reasonable adjustments made with no complaint (Code 3.1, 5.10): received once per Idempotency-Key,
 * opened with the token given to the device that asked, and a disclosed disability or condition deleted when consent
 * is withdrawn, with that deletion recorded (never what was deleted).
 */
import { createHash } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { ActorKind } from '../../shared/lifecycle-events.ts';
import type { AdjustmentRequest } from '../../shared/schemas/adjustments.ts';
import { has } from '../../shared/schemas/complaint.ts';
import type { Db } from '../db/client.ts';
import { adjustmentEvents, adjustmentRequests } from '../db/schema.ts';
import { hashAccessToken, newAccessToken } from './lifecycle/access.ts';
import { residentDetails } from './lifecycle/views.ts';

export type AdjustmentRow = typeof adjustmentRequests.$inferSelect;

const blank = (value: string | undefined) => (has(value) ? value : undefined);

/** What is kept of a valid request: blank words dropped; a disclosure only with its consent (the schema refuses one without). */
function kept(input: AdjustmentRequest) {
  const disclosure = input.disclosure?.consent === true ? blank(input.disclosure.details) : undefined;
  return {
    requestedBy: input.requestedBy,
    resident: {
      name: input.resident.name,
      address: blank(input.resident.address),
      tenancyReference: blank(input.resident.tenancyReference),
      email: blank(input.resident.email),
      phone: blank(input.resident.phone),
    },
    needs: input.needs.map((need) => ({ kind: need.kind, details: blank(need.details) })),
    disclosure,
    language: input.language ?? 'en',
  };
}

export type ReceivedAdjustment = { ok: true; created: boolean; row: AdjustmentRow; accessToken: string } | { ok: false; reason: 'idempotency_conflict' };

/**
 * Stores a request, or answers the one already made with this key (the same request: a device retrying after a
 * lost answer). Each answer carries a new access token; the database keeps only the hash of the latest.
 */
export async function receiveAdjustmentRequest(db: Db, idempotencyKey: string, input: AdjustmentRequest): Promise<ReceivedAdjustment> {
  const request = kept(input);
  const requestHash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const { token, hash } = newAccessToken();
  return db.transaction(async (tx) => {
    // A unique constraint, not a check-then-insert: safe under concurrency.
    const [created] = await tx
      .insert(adjustmentRequests)
      .values({
        idempotencyKey,
        requestHash,
        requestedBy: request.requestedBy,
        residentName: request.resident.name,
        residentAddress: request.resident.address ?? null,
        tenancyReference: request.resident.tenancyReference ?? null,
        residentEmail: request.resident.email ?? null,
        residentPhone: request.resident.phone ?? null,
        needs: JSON.parse(JSON.stringify(request.needs)) as unknown,
        disclosure: request.disclosure ?? null,
        disclosureConsentAt: request.disclosure ? new Date() : null,
        language: request.language,
        accessTokenHash: hash,
      })
      .onConflictDoNothing({ target: adjustmentRequests.idempotencyKey })
      .returning();
    if (created) {
      // The event says which needs and whether anything was disclosed: never the words disclosed.
      await tx.insert(adjustmentEvents).values({
        requestId: created.id,
        type: 'requested',
        actor: request.requestedBy,
        data: { needs: request.needs.map((need) => need.kind), disclosed: request.disclosure !== undefined },
      });
      return { ok: true, created: true, row: created, accessToken: token };
    }
    const [existing] = await tx.select().from(adjustmentRequests).where(eq(adjustmentRequests.idempotencyKey, idempotencyKey));
    if (!existing || existing.requestHash !== requestHash) return { ok: false, reason: 'idempotency_conflict' };
    const [replayed] = await tx.update(adjustmentRequests).set({ accessTokenHash: hash }).where(eq(adjustmentRequests.id, existing.id)).returning();
    return { ok: true, created: false, row: replayed!, accessToken: token };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The request this token opens, or null (the same for an unknown request, a wrong token and another request's). */
export async function openAdjustmentRequest(db: Db, id: string, token: string | undefined): Promise<AdjustmentRow | null> {
  if (!UUID.test(id) || !token || !TOKEN.test(token)) return null;
  const [row] = await db
    .select()
    .from(adjustmentRequests)
    .where(and(eq(adjustmentRequests.id, id), eq(adjustmentRequests.accessTokenHash, hashAccessToken(token))));
  return row ?? null;
}

/**
 * Consent withdrawn: what was disclosed is deleted, and that it was deleted is recorded (Code 5.10 keeps the record
 * of what was disclosed only while consent stands). Nothing to delete: nothing changes, nothing is recorded.
 */
export async function withdrawDisclosure(db: Db, id: string, actor: ActorKind): Promise<AdjustmentRow> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ consentAt: adjustmentRequests.disclosureConsentAt })
      .from(adjustmentRequests)
      .where(and(eq(adjustmentRequests.id, id), isNotNull(adjustmentRequests.disclosure)))
      .for('update');
    if (before) {
      await tx.update(adjustmentRequests).set({ disclosure: null, disclosureConsentAt: null }).where(eq(adjustmentRequests.id, id));
      await tx.insert(adjustmentEvents).values({
        requestId: id,
        type: 'disclosure_deleted',
        actor,
        data: { consentGivenAt: before.consentAt?.toISOString() ?? null },
      });
    }
    const [row] = await tx.select().from(adjustmentRequests).where(eq(adjustmentRequests.id, id));
    return row!;
  });
}

/** The request as the person who made it sees it: their needs, and what they disclosed while consent stands. */
export function adjustmentView(row: AdjustmentRow) {
  return {
    id: row.id,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt.toISOString(),
    resident: residentDetails(row),
    needs: row.needs as { kind: string; details?: string }[],
    disclosure: row.disclosure === null ? null : { details: row.disclosure, consentAt: row.disclosureConsentAt?.toISOString() ?? null },
  };
}
