/**
 * Making a complaint, independent of HTTP: one transaction writes the
 * complaint, its attachments and its audit event, or nothing at all.
 */
import { createHash, webcrypto } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { acknowledgeBy } from '../../shared/code.ts';
import { newReference } from '../../shared/reference.ts';
import type { Receipt } from '../../shared/receipt.ts';
import type { Complaint } from '../../shared/schemas/complaint.ts';
import { londonDate } from '../../shared/working-days.ts';
import type { Db } from '../db/client.ts';
import { attachments, complaintEvents, complaints } from '../db/schema.ts';

/** A file that passed its checks (type from its own bytes, size, count). */
export interface VerifiedAttachment {
  filename: string;
  mediaType: string;
  content: Uint8Array;
}

/** What the resident is told once a complaint is received (shared/receipt.ts: the phone keeps the same). */
export type { Receipt };

export class IdempotencyConflictError extends Error {
  constructor() {
    super('This Idempotency-Key was already used for a different complaint.');
    this.name = 'IdempotencyConflictError';
  }
}

const UNIQUE_VIOLATION = '23505';

function requestHash(complaint: Complaint, files: VerifiedAttachment[]): string {
  const hash = createHash('sha256').update(JSON.stringify(complaint));
  for (const file of files) {
    hash.update('\0' + file.mediaType + '\0' + file.filename + '\0');
    hash.update(createHash('sha256').update(file.content).digest());
  }
  return hash.digest('hex');
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  // drizzle wraps driver errors; the PostgreSQL error is the cause.
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const pgError = e as { code?: string; constraint?: string; message?: string };
    if (pgError.code === UNIQUE_VIOLATION) {
      return pgError.constraint ? pgError.constraint === constraint : String(pgError.message).includes(constraint);
    }
  }
  return false;
}

/**
 * Records a complaint once per idempotency key. Sending the same key again,
 * even concurrently or from another process, returns the first receipt; the
 * same key with a different complaint is refused.
 */
export async function receiveComplaint(
  db: Db,
  input: { idempotencyKey: string; complaint: Complaint; attachments: VerifiedAttachment[]; now?: Date },
): Promise<{ receipt: Receipt; created: boolean }> {
  const hash = requestHash(input.complaint, input.attachments);
  const receivedAt = input.now ?? new Date();
  const due = acknowledgeBy(londonDate(receivedAt));
  const c = input.complaint;

  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newReference((bytes) => webcrypto.getRandomValues(bytes));
    try {
      const created = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(complaints)
          .values({
            reference,
            idempotencyKey: input.idempotencyKey,
            requestHash: hash,
            submittedBy: c.submittedBy,
            residentName: c.resident.name,
            residentAddress: c.resident.address ?? null,
            tenancyReference: c.resident.tenancyReference ?? null,
            residentEmail: c.resident.email ?? null,
            residentPhone: c.resident.phone ?? null,
            preferredContact: c.resident.preferredContact,
            representative: c.representative ?? null,
            description: c.complaint.description,
            happenedOn: c.complaint.happenedOn,
            stillHappening: c.complaint.stillHappening,
            delayReason: c.complaint.delayReason ?? null,
            aboutServiceRequest: c.complaint.aboutServiceRequest,
            serviceRequestReference: c.complaint.serviceRequestReference ?? null,
            othersAffected: c.complaint.othersAffected,
            othersAffectedDetails: c.complaint.othersAffectedDetails ?? null,
            desiredOutcome: c.complaint.desiredOutcome,
            supportNeeded: c.support.needed,
            supportDetails: c.support.details ?? null,
            supportConsentAt: c.support.consent ? receivedAt : null,
            language: c.language ?? 'en',
            receivedAt,
            acknowledgeBy: due,
          })
          // A unique constraint, not a check-then-insert: safe under concurrency.
          .onConflictDoNothing({ target: complaints.idempotencyKey })
          .returning({ id: complaints.id });
        if (!row) return false;
        if (input.attachments.length > 0) {
          await tx.insert(attachments).values(
            input.attachments.map((file, position) => ({
              complaintId: row.id,
              position,
              filename: file.filename,
              mediaType: file.mediaType,
              size: file.content.byteLength,
              content: file.content,
            })),
          );
        }
        await tx.insert(complaintEvents).values({
          complaintId: row.id,
          type: 'received',
          actor: c.submittedBy,
          at: receivedAt,
          data: { channel: 'web', attachments: input.attachments.length },
        });
        return true;
      });
      if (created) {
        return {
          created: true,
          receipt: { reference, receivedAt: receivedAt.toISOString(), acknowledgeBy: due },
        };
      }
      return { created: false, receipt: await existingReceipt(db, input.idempotencyKey, hash) };
    } catch (error) {
      // A clash of random references is rare; try another.
      if (isUniqueViolation(error, 'complaints_reference_unique')) continue;
      throw error;
    }
  }
  throw new Error('Could not find a free complaint reference.');
}

/**
 * The receipt of the complaint already made with this key, if any. A device that made
 * a complaint, lost the answer and sends it again after an app update (whose checks the
 * old answers no longer pass) is asking about the complaint it made: it gets its receipt,
 * not a refusal that would send the person back to fix a complaint already received.
 */
export async function receiptForKey(db: Db, idempotencyKey: string): Promise<Receipt | null> {
  const stored = await storedForKey(db, idempotencyKey);
  return stored && stored.receipt;
}

/** The receipt and request hash stored under an idempotency key, if any. */
async function storedForKey(db: Db, idempotencyKey: string): Promise<{ receipt: Receipt; requestHash: string } | null> {
  const [row] = await db
    .select({
      reference: complaints.reference,
      receivedAt: complaints.receivedAt,
      acknowledgeBy: complaints.acknowledgeBy,
      requestHash: complaints.requestHash,
    })
    .from(complaints)
    .where(eq(complaints.idempotencyKey, idempotencyKey));
  if (!row) return null;
  const receipt = { reference: row.reference, receivedAt: row.receivedAt.toISOString(), acknowledgeBy: row.acknowledgeBy };
  return { receipt, requestHash: row.requestHash };
}

async function existingReceipt(db: Db, idempotencyKey: string, hash: string): Promise<Receipt> {
  const stored = await storedForKey(db, idempotencyKey);
  if (!stored) throw new Error('The complaint for this Idempotency-Key vanished.');
  if (stored.requestHash !== hash) throw new IdempotencyConflictError();
  return stored.receipt;
}
