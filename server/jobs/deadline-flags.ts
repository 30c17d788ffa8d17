/**
 * The daily deadline check for officers: each open complaint is marked
 * `overdue` (its next deadline has passed) or `due_soon` (it falls within
 * DUE_SOON_WORKING_DAYS working days), or unmarked. It runs as a job, queued
 * once per London day by whichever worker gets there first (the job's key is
 * the day), so it survives a restart and runs once however many processes run.
 */
import { sql } from 'drizzle-orm';
import { addWorkingDays, londonDate, type IsoDate } from '../../shared/working-days.ts';
import type { Db } from '../db/client.ts';
import { enqueueJobs } from './queue.ts';

export const DEADLINE_FLAGS_JOB = 'deadline_flags';
/** "Due soon": the deadline is today or within this many working days. */
export const DUE_SOON_WORKING_DAYS = 2;
/** Statuses with no deadline left to meet. */
export const CLOSED_STATUSES = ['closed', 'withdrawn', 'not_accepted'] as const;

// The complaint's next deadline. Until the lifecycle's `next_deadline_on` exists, the only one is
// the acknowledgement's (Code 6.2), which applies while the complaint is only received.
const NEXT_DEADLINE = sql`case when c.status = 'received' then c.acknowledge_by end`;

/** Queues the check for `day` (default: today in London); a no-op when it is already queued or done. */
export async function scheduleDeadlineFlags(db: Db, now: Date = new Date()): Promise<void> {
  const day = londonDate(now);
  await enqueueJobs(db, [{ kind: DEADLINE_FLAGS_JOB, key: `${DEADLINE_FLAGS_JOB}:${day}`, payload: { day } }]);
}

/**
 * Marks every complaint for `today` in one statement and records a `deadline_flagged`
 * event (actor `system`) for each complaint whose mark changed. Returns the changes.
 */
export async function flagDeadlines(db: Db, today: IsoDate): Promise<{ complaintId: string; flag: string | null }[]> {
  const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const closed = sql.join(CLOSED_STATUSES.map((status) => sql`${status}`), sql`, `);
  const result = await db.execute(sql`
    with marked as (
      select c.id, c.deadline_flag as was, ${NEXT_DEADLINE} as deadline,
        case
          when c.status in (${closed}) then null
          when ${NEXT_DEADLINE} < ${today}::date then 'overdue'
          when ${NEXT_DEADLINE} <= ${soon}::date then 'due_soon'
        end as flag
      from complaints c
      where c.status not in (${closed}) or c.deadline_flag is not null
    ),
    updated as (
      update complaints set deadline_flag = marked.flag, flagged_on = ${today}::date
      from marked where complaints.id = marked.id
      returning complaints.id, marked.was, marked.flag, marked.deadline
    ),
    events as (
      insert into complaint_events (complaint_id, type, actor, at, data)
      select id, 'deadline_flagged', 'system', now(),
        jsonb_build_object('flag', flag, 'deadline', deadline, 'day', ${today}::text)
      from updated where flag is distinct from was
      returning complaint_id
    )
    select u.id as "complaintId", u.flag from updated u join events e on e.complaint_id = u.id`);
  return (result as unknown as { rows: { complaintId: string; flag: string | null }[] }).rows;
}
