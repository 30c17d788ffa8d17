/**
 * The daily deadline check for officers: each complaint is marked `overdue` (the
 * next deadline the landlord owes has passed) or `due_soon` (it falls within
 * DUE_SOON_WORKING_DAYS working days), or unmarked, from the lifecycle's next
 * deadline (`complaints.next_deadline_on`, written with every event from
 * shared/deadlines.ts, so the queue, the case page and this check agree). It runs
 * as a job, queued once per London day by whichever worker gets there first (the
 * job's key is the day), so it survives a restart and runs once however many
 * processes run.
 */
import { sql } from 'drizzle-orm';
import { DUE_SOON_WORKING_DAYS } from '../../shared/deadlines.ts';
import { addWorkingDays, londonDate, type IsoDate } from '../../shared/working-days.ts';
import type { Db } from '../db/client.ts';
import { enqueueJobs } from './queue.ts';

export const DEADLINE_FLAGS_JOB = 'deadline_flags';

/** Queues the check for `day` (default: today in London); a no-op when it is already queued or done. */
export async function scheduleDeadlineFlags(db: Db, now: Date = new Date()): Promise<void> {
  const day = londonDate(now);
  await enqueueJobs(db, [{ kind: DEADLINE_FLAGS_JOB, key: `${DEADLINE_FLAGS_JOB}:${day}`, payload: { day } }]);
}

/**
 * Marks every complaint for `today` in one statement and, for each complaint newly marked
 * due soon or overdue, records a `deadline_flagged` event by the system with the lifecycle's
 * data (shared/lifecycle-events.ts: the deadline's kind, stage, date and state). Returns
 * the complaints whose mark changed.
 */
export async function flagDeadlines(db: Db, today: IsoDate): Promise<{ complaintId: string; flag: string | null }[]> {
  const soon = addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const result = await db.execute(sql`
    with marked as (
      select c.id, c.deadline_flag as was, c.next_deadline_on as deadline, c.next_deadline_kind as kind,
        -- A remedy or action keeps the stage of the response that promised it (Code 7.3); other deadlines are the current stage's.
        coalesce(
          case when c.next_deadline_kind = 'action' then (
            select (item ->> 'stage')::int from jsonb_array_elements(coalesce(c.lifecycle -> 'items', '[]'::jsonb)) item
            where item ->> 'dueOn' = c.next_deadline_on::text and item ->> 'completedOn' is null limit 1
          ) end,
          c.stage
        ) as stage,
        case
          when c.next_deadline_on < ${today}::date then 'overdue'
          when c.next_deadline_on <= ${soon}::date then 'due_soon'
        end as flag
      from complaints c
      where c.next_deadline_on is not null or c.deadline_flag is not null
    ),
    updated as (
      update complaints set deadline_flag = marked.flag, flagged_on = ${today}::date
      from marked where complaints.id = marked.id
      returning complaints.id, marked.was, marked.flag, marked.deadline, marked.kind, marked.stage
    ),
    events as (
      insert into complaint_events (complaint_id, type, actor, at, data)
      select id, 'deadline_flagged', 'system', now(),
        jsonb_build_object('kind', kind, 'stage', stage, 'dueOn', deadline::text, 'state', flag)
      from updated where flag is not null and flag is distinct from was
      returning complaint_id
    )
    select u.id as "complaintId", u.flag from updated u where u.flag is distinct from u.was`);
  return (result as unknown as { rows: { complaintId: string; flag: string | null }[] }).rows;
}
