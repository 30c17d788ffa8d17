/**
 * Making a complaint, independent of HTTP: one statement writes the
 * complaint, its attachments and its audit event, or nothing at all.
 */
import { createHash, webcrypto } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { acknowledgeBy } from '../../shared/code.ts';
import { newReference } from '../../shared/reference.ts';
import type { Receipt as StoredReceipt } from '../../shared/receipt.ts';
import type { Complaint } from '../../shared/schemas/complaint.ts';
import { londonDate } from '../../shared/working-days.ts';
import type { Db } from '../db/client.ts';
import { complaints } from '../db/schema.ts';
import { issueAccessTokenFor, newAccessToken } from './lifecycle/access.ts';
import { column, insertRow, runStatement, step, withSteps } from '../db/statement.ts';
import { RECEIPT_MAIL_JOBS_SQL, receiptMailJobValues } from '../mail/queue.ts';

/** A file that passed its checks (type from its own bytes, size, count). */
export interface VerifiedAttachment {
  filename: string;
  mediaType: string;
  content: Uint8Array;
}

/**
 * What the resident is told once a complaint is received (shared/receipt.ts: the phone keeps the same),
 * with the access token that opens it (GET /api/complaints/:reference); the server keeps only its hash.
 */
export type Receipt = StoredReceipt & { accessToken: string };

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

/** Everything one run of the receiving statement needs. */
export interface ReceiveContext {
  idempotencyKey: string;
  complaint: Complaint;
  attachments: VerifiedAttachment[];
  requestHash: string;
  reference: string;
  receivedAt: Date;
  /** ISO date: Code 6.2. */
  acknowledgeBy: string;
  /** SHA-256 of the new complaint's access token (server/domain/lifecycle/access.ts). */
  accessTokenHash: string;
}

type Ctx = ReceiveContext;
const complaintColumn = <T>(type: string, value: (context: Ctx) => T) => column<Ctx>(type, value);

/**
 * Receiving a complaint is ONE statement (server/db/statement.ts), in one round trip:
 *
 *   existing    the complaint this key already made, if any (a replay);
 *   complaint   the complaint row, unless the key already has one; a concurrent
 *               request with the same key loses on the unique constraint and inserts nothing;
 *   attachment  its files, one row each (none when the complaint was not inserted);
 *   event       its `received` event (the audit trail), RETURNING id;
 *   mail_job    the receipt emails to the resident and any representative (server/mail/queue.ts);
 *
 * The hash of the access token the receipt carries is a column of the complaint row (a replay gets a
 * new token instead, a row of complaint_access_tokens), as is its first deadline (Code 6.2).
 *
 * and the answer is the new complaint's reference, or the existing one's receipt and
 * request hash. Every step runs in the statement's one implicit transaction: all of
 * it is stored, or none of it.
 *
 * To write more with every new complaint, add a step here rather than a round trip:
 * `.insertAfter('event', step('mail_job', 'INSERT INTO ... SELECT complaint.id, event.id ... FROM complaint, event', values))`
 * for a row, `.withColumns('complaint', { next_deadline_on: complaintColumn('date', (c) => ...) })` for a
 * column of the complaint, with whatever the values need added to ReceiveContext.
 */
export const receiveStatement = withSteps<Ctx>(
  'receive_complaint',
  [
    step(
      'existing',
      'SELECT reference, received_at, acknowledge_by, request_hash FROM complaints WHERE idempotency_key = $(key)::uuid',
      (c) => ({ key: c.idempotencyKey }),
    ),
    insertRow(
      'complaint',
      'complaints',
      {
        reference: complaintColumn('text', (c) => c.reference),
        idempotency_key: complaintColumn('uuid', (c) => c.idempotencyKey),
        request_hash: complaintColumn('text', (c) => c.requestHash),
        submitted_by: complaintColumn('text', (c) => c.complaint.submittedBy),
        resident_name: complaintColumn('text', (c) => c.complaint.resident.name),
        resident_address: complaintColumn('text', (c) => c.complaint.resident.address ?? null),
        tenancy_reference: complaintColumn('text', (c) => c.complaint.resident.tenancyReference ?? null),
        resident_email: complaintColumn('text', (c) => c.complaint.resident.email ?? null),
        resident_phone: complaintColumn('text', (c) => c.complaint.resident.phone ?? null),
        preferred_contact: complaintColumn('text', (c) => c.complaint.resident.preferredContact),
        representative: complaintColumn('jsonb', (c) =>
          c.complaint.representative ? JSON.stringify(c.complaint.representative) : null,
        ),
        description: complaintColumn('text', (c) => c.complaint.complaint.description),
        happened_on: complaintColumn('date', (c) => c.complaint.complaint.happenedOn),
        still_happening: complaintColumn('boolean', (c) => c.complaint.complaint.stillHappening),
        delay_reason: complaintColumn('text', (c) => c.complaint.complaint.delayReason ?? null),
        about_service_request: complaintColumn('text', (c) => c.complaint.complaint.aboutServiceRequest),
        service_request_reference: complaintColumn('text', (c) => c.complaint.complaint.serviceRequestReference ?? null),
        others_affected: complaintColumn('text', (c) => c.complaint.complaint.othersAffected),
        others_affected_details: complaintColumn('text', (c) => c.complaint.complaint.othersAffectedDetails ?? null),
        desired_outcome: complaintColumn('text', (c) => c.complaint.complaint.desiredOutcome),
        support_needed: complaintColumn('boolean', (c) => c.complaint.support.needed),
        support_details: complaintColumn('text', (c) => c.complaint.support.details ?? null),
        support_consent_at: complaintColumn('timestamptz', (c) => (c.complaint.support.consent ? c.receivedAt : null)),
        language: complaintColumn('text', (c) => c.complaint.language ?? 'en'),
        received_at: complaintColumn('timestamptz', (c) => c.receivedAt),
        acknowledge_by: complaintColumn('date', (c) => c.acknowledgeBy),
        // Code 6.2: the first deadline owed, the acknowledgement. complaints_first_deadline would set the same,
        // but its WHEN clause (migration 0007) spares a PL/pgSQL call per complaint when it is already set.
        next_deadline_on: complaintColumn('date', (c) => c.acknowledgeBy),
        next_deadline_kind: complaintColumn('text', () => 'acknowledge'),
        access_token_hash: complaintColumn('text', (c) => c.accessTokenHash),
      },
      {
        from: 'WHERE NOT EXISTS (SELECT 1 FROM existing)',
        // A unique constraint, not a check-then-insert: safe under concurrency.
        tail: 'ON CONFLICT (idempotency_key) DO NOTHING\n  RETURNING id, reference, submitted_by, received_at',
      },
    ),
    step(
      'attachment',
      `INSERT INTO attachments (complaint_id, position, filename, media_type, size, content)
  SELECT complaint.id, a.position, a.filename, a.media_type, octet_length(a.content), a.content
  FROM complaint, unnest($(attachment.position)::smallint[], $(attachment.filename)::text[], $(attachment.media_type)::text[],
    $(attachment.content)::bytea[]) AS a(position, filename, media_type, content)`,
      (c) => ({
        'attachment.position': c.attachments.map((_file, position) => position),
        'attachment.filename': c.attachments.map((file) => file.filename),
        'attachment.media_type': c.attachments.map((file) => file.mediaType),
        'attachment.content': c.attachments.map((file) => file.content),
      }),
    ),
    step(
      'event',
      `INSERT INTO complaint_events (complaint_id, type, actor, at, data)
  SELECT id, 'received', submitted_by, received_at, jsonb_build_object('channel', 'web', 'attachments', $(event.attachments)::int)
  FROM complaint
  RETURNING id`,
      (c) => ({ 'event.attachments': c.attachments.length }),
    ),
  ],
  `SELECT true AS created, reference, NULL::text AS request_hash, NULL::float8 AS received_ms, NULL::text AS acknowledge_by FROM complaint
UNION ALL
SELECT false, reference, request_hash, (extract(epoch FROM received_at) * 1000)::float8, acknowledge_by::text FROM existing`,
)
  // The receipt email (server/mail/queue.ts): a job written by the same statement as the complaint,
  // so it exists exactly when the complaint does, and a crash before sending loses no email.
  .insertAfter('event', step('mail_job', RECEIPT_MAIL_JOBS_SQL, (c) => receiptMailJobValues(c.complaint)));


/** Code 6.2's date for the last day a complaint was received on: the same for every complaint of a day. */
let lastDue: { receivedOn: string; due: string } | undefined;
function acknowledgeByFor(receivedOn: string): string {
  if (lastDue?.receivedOn !== receivedOn) lastDue = { receivedOn, due: acknowledgeBy(receivedOn) };
  return lastDue.due;
}

interface Answer {
  created: boolean;
  reference: string;
  request_hash: string | null;
  received_ms: number | null;
  acknowledge_by: string | null;
}

/**
 * Records a complaint once per idempotency key. Sending the same key again,
 * even concurrently or from another process, returns the first receipt; the
 * same key with a different complaint is refused. One round trip (receiveStatement),
 * and a second only when a concurrent request with the same key won the race.
 */
export async function receiveComplaint(
  db: Db,
  input: { idempotencyKey: string; complaint: Complaint; attachments: VerifiedAttachment[]; now?: Date },
): Promise<{ receipt: Receipt; created: boolean }> {
  const hash = requestHash(input.complaint, input.attachments);
  const receivedAt = input.now ?? new Date();
  const access = newAccessToken();
  const due = acknowledgeByFor(londonDate(receivedAt));

  for (let attempt = 0; attempt < 5; attempt++) {
    const reference = newReference((bytes) => webcrypto.getRandomValues(bytes));
    let answer: Answer | undefined;
    try {
      [answer] = await runStatement<Ctx, Answer>(db, receiveStatement, {
        idempotencyKey: input.idempotencyKey,
        complaint: input.complaint,
        attachments: input.attachments,
        requestHash: hash,
        reference,
        receivedAt,
        acknowledgeBy: due,
        accessTokenHash: access.hash,
      });
    } catch (error) {
      // A clash of random references is rare; try another.
      if (isUniqueViolation(error, 'complaints_reference_unique')) continue;
      throw error;
    }
    if (!answer) {
      // Another request with this key committed while this one ran: its receipt, read now.
      return { created: false, receipt: await withNewToken(db, await existingReceipt(db, input.idempotencyKey, hash)) };
    }
    if (answer.created) {
      return {
        created: true,
        receipt: { reference, receivedAt: receivedAt.toISOString(), acknowledgeBy: due, accessToken: access.token },
      };
    }
    if (answer.request_hash !== hash) throw new IdempotencyConflictError();
    return {
      created: false,
      receipt: await withNewToken(db, {
        reference: answer.reference,
        receivedAt: new Date(answer.received_ms!).toISOString(),
        acknowledgeBy: answer.acknowledge_by!,
      }),
    };
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
  return stored && withNewToken(db, stored.receipt);
}

/**
 * A replayed receipt with a new access token: only the first token's hash was kept, so the
 * phone asking again (it lost the first answer) gets another that opens the same complaint.
 */
async function withNewToken(db: Db, receipt: Omit<Receipt, 'accessToken'>): Promise<Receipt> {
  const accessToken = await issueAccessTokenFor(db, receipt.reference);
  if (!accessToken) throw new Error('The complaint for this receipt vanished.');
  return { ...receipt, accessToken };
}

/** The receipt and request hash stored under an idempotency key, if any. */
async function storedForKey(
  db: Db,
  idempotencyKey: string,
): Promise<{ receipt: Omit<Receipt, 'accessToken'>; requestHash: string } | null> {
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

async function existingReceipt(db: Db, idempotencyKey: string, hash: string): Promise<Omit<Receipt, 'accessToken'>> {
  const stored = await storedForKey(db, idempotencyKey);
  if (!stored) throw new Error('The complaint for this Idempotency-Key vanished.');
  if (stored.requestHash !== hash) throw new IdempotencyConflictError();
  return stored.receipt;
}
