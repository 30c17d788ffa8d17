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
 *   acknowledged             stage (1|2), definition (string, or { complaint, outcomeSought,
 *                            responsible, notResponsible }), respondBy (ISO date, optional)
 *   clarification_requested  question
 *   extended                 stage, reason, respondBy (ISO date)
 *   responded                stage
 *   not_accepted, escalation_refused  explanation (or reason)
 * and `received` reads the complaint's reference, received time and acknowledge-by date.
 * Nothing special-category is read: support needs never reach an email.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { isMailEventType } from './templates.ts';

export const MAIL_JOB = 'mail';
export type Recipient = 'resident' | 'representative';

/**
 * An `INSERT … SELECT` that queues the emails for one event, given SQL
 * expressions for the complaint id and event id. It is a single statement, so it
 * can also be a step of a data-modifying CTE (the receipt on POST /api/complaints).
 */
export function mailJobsInsert(type: string, complaintId: SQL, eventId: SQL): SQL {
  return sql`insert into jobs (kind, key, payload)
    select ${MAIL_JOB}::text, ${`${MAIL_JOB}:${type}:`}::text || c.id::text || ':' || (${eventId})::text || ':' || r.recipient,
      jsonb_build_object('complaintId', c.id, 'eventId', (${eventId})::bigint, 'type', ${type}::text, 'recipient', r.recipient)
    from complaints c
    cross join lateral (values ('resident', c.resident_email), ('representative', c.representative ->> 'email')) as r(recipient, email)
    where c.id = ${complaintId} and nullif(trim(r.email), '') is not null
    on conflict (key) do nothing`;
}

/**
 * Queues the emails for an event the caller has just inserted, in the caller's
 * transaction. Does nothing for event types that send no email.
 */
export async function queueMailForEvent(
  tx: Db,
  event: { complaintId: string; eventId: number | string; type: string },
): Promise<void> {
  if (!isMailEventType(event.type)) return;
  await tx.execute(mailJobsInsert(event.type, sql`${event.complaintId}::uuid`, sql`${String(event.eventId)}::bigint`));
}
