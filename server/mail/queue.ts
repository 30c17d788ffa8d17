/**
 * Queuing the emails an event sends, in the caller's transaction: if the event
 * is committed, so are its emails (and a crash before sending loses none); if
 * it rolls back, nothing is sent. The job is sent later by a worker
 * (server/mail/mail-job.ts).
 *
 * Recipients: the resident and any representative (Code 3.6) who gave an email
 * address. One job per (event type, complaint, event, recipient): the job's
 * unique key, so queuing twice sends once.
 *
 * What the email reads from the event's data (complaint_events.data):
 *   acknowledged             stage (1|2), definition (string, or { understanding, outcomeSought,
 *                            points, responsibleFor, notResponsibleFor }), respondBy (ISO date, optional)
 *   clarification_requested  question
 *   extended                 stage, reason, respondBy (ISO date)
 *   responded                stage
 *   not_accepted, escalation_refused  explanation (or reason)
 * and `received` reads the complaint's reference, received time and acknowledge-by date.
 * Nothing special-category is read: support needs never reach an email.
 */
import { sql } from 'drizzle-orm';
import type { Complaint } from '../../shared/schemas/complaint.ts';
import type { Db } from '../db/client.ts';
import { isMailEventType, type MailEventType } from './templates.ts';

export const MAIL_JOB = 'mail';
export type Recipient = 'resident' | 'representative';

/**
 * The job's kind, key and payload as SQL, from SQL expressions for the complaint id,
 * the event id and the recipient. One place for the key's shape, used by both forms below.
 * `type` is one of MAIL_EVENT_TYPES (plain words), so it is safe to write into the text.
 */
function jobColumns(type: MailEventType, complaintId: string, eventId: string, recipient: string): string {
  return `'${MAIL_JOB}', '${MAIL_JOB}:${type}:' || (${complaintId})::text || ':' || (${eventId})::text || ':' || ${recipient},
    jsonb_build_object('complaintId', ${complaintId}, 'eventId', ${eventId}, 'type', '${type}', 'recipient', ${recipient})`;
}

/**
 * Queues the emails for an event the caller has just inserted, in the caller's
 * transaction (one statement). Does nothing for event types that send no email.
 */
export async function queueMailForEvent(
  tx: Db,
  event: { complaintId: string; eventId: number | string; type: string },
): Promise<void> {
  if (!isMailEventType(event.type)) return;
  await tx.execute(sql`insert into jobs (kind, key, payload)
    select ${sql.raw(jobColumns(event.type, 'c.id', 'e.id', 'r.recipient'))}
    from complaints c
    cross join (select ${String(event.eventId)}::bigint as id) e
    cross join lateral (values ('resident', c.resident_email), ('representative', c.representative ->> 'email')) as r(recipient, email)
    where c.id = ${event.complaintId}::uuid and nullif(trim(r.email), '') is not null
    on conflict (key) do nothing`);
}

/**
 * The receipt's emails as a step of the statement that receives a complaint
 * (server/domain/complaints.ts): it reads the `complaint` and `event` steps by name
 * (rows inserted earlier in the same statement are not visible in the tables) and
 * takes the addresses as parameters.
 */
export const RECEIPT_MAIL_JOBS_SQL = `INSERT INTO jobs (kind, key, payload)
  SELECT ${jobColumns('received', 'complaint.id', 'event.id', 'r.recipient')}
  FROM complaint, event,
    (VALUES ('resident', $(mail_job.resident_email)::text), ('representative', $(mail_job.representative_email)::text)) AS r(recipient, email)
  WHERE nullif(trim(r.email), '') IS NOT NULL
  ON CONFLICT (key) DO NOTHING`;

/** The parameters of RECEIPT_MAIL_JOBS_SQL. */
export function receiptMailJobValues(complaint: Complaint): Record<string, unknown> {
  return {
    'mail_job.resident_email': complaint.resident.email ?? null,
    'mail_job.representative_email': complaint.representative?.email ?? null,
  };
}
