/**
 * The daily sweep (run by the job runner): each complaint whose next deadline is
 * due soon or overdue gets one `deadline_flagged` event per deadline and state, on
 * its record, by the system. Running it twice in a day flags nothing twice.
 */
import { and, eq, isNotNull, lte, sql } from 'drizzle-orm';
import { DUE_SOON_WORKING_DAYS, isLate, nextDeadline } from '../../../shared/deadlines.ts';
import type { DeadlineKind, Stage } from '../../../shared/lifecycle-events.ts';
import { addWorkingDays, londonDate } from '../../../shared/working-days.ts';
import type { Db } from '../../db/client.ts';
import { complaintEvents, complaints } from '../../db/schema.ts';
import { appendEvents } from './actions.ts';
import { loadRecord } from './record.ts';

export interface FlaggedDeadline {
  reference: string;
  complaintId: string;
  eventId: number;
  kind: DeadlineKind;
  stage: Stage;
  dueOn: string;
  state: 'due_soon' | 'overdue';
}

/** Flags every complaint whose next deadline is within DUE_SOON_WORKING_DAYS working days or past. */
export async function flagDueDeadlines(db: Db, now: Date = new Date()): Promise<FlaggedDeadline[]> {
  const today = londonDate(now);
  const horizon = addWorkingDays(today, DUE_SOON_WORKING_DAYS);
  const due = await db
    .select({ id: complaints.id })
    .from(complaints)
    .where(and(isNotNull(complaints.nextDeadlineOn), lte(complaints.nextDeadlineOn, horizon)));
  const flagged: FlaggedDeadline[] = [];
  for (const { id } of due) {
    const result = await db.transaction(async (tx) => {
      const record = await loadRecord(tx, { id }, { lock: true });
      const next = record && nextDeadline(record.state);
      if (!record || !next || next.dueOn > horizon) return null;
      const state = isLate(next.dueOn, today) ? 'overdue' : 'due_soon';
      const [already] = await tx
        .select({ id: complaintEvents.id })
        .from(complaintEvents)
        .where(
          and(
            eq(complaintEvents.complaintId, id),
            eq(complaintEvents.type, 'deadline_flagged'),
            sql`${complaintEvents.data} @> ${JSON.stringify({ kind: next.kind, stage: next.stage, dueOn: next.dueOn, state })}::jsonb`,
          ),
        );
      if (already) return null;
      const data = { kind: next.kind, stage: next.stage, dueOn: next.dueOn, state } as const;
      const [eventId] = await appendEvents(tx, id, [{ type: 'deadline_flagged', data }], { kind: 'system' }, now);
      return { reference: record.complaint.reference, complaintId: id, eventId: eventId!, ...data };
    });
    if (result) flagged.push(result);
  }
  return flagged;
}
