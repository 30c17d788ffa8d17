/**
 * The officers' queue: complaints sorted by the next deadline the landlord owes,
 * overdue and due soon marked, filtered by stage and status. One indexed query on
 * the complaint rows (next_deadline_on is written with every event).
 */
import { and, asc, eq, gte, inArray, isNotNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { deadlinesOf, isDueSoon, isLate } from '../../../shared/deadlines.ts';
import { OPEN_STATUSES, type LifecycleState, type Status } from '../../../shared/lifecycle.ts';
import { londonDate, type IsoDate } from '../../../shared/working-days.ts';
import { complaints } from '../../db/schema.ts';
import { stateAtReceipt, type Queryable } from './record.ts';
import { flagsOf } from './views.ts';

/** At most this many rows in one answer (the queue of a large landlord is paged by its filters). */
export const QUEUE_LIMIT = 500;

export interface QueueFilters {
  stage?: 1 | 2;
  /** A status, `open` (owing an acknowledgement, a response or a promised action: the default), or `all`. */
  status?: Status | 'open' | 'all';
}

const columns = {
  reference: complaints.reference,
  residentName: complaints.residentName,
  receivedAt: complaints.receivedAt,
  happenedOn: complaints.happenedOn,
  stage: complaints.stage,
  status: complaints.status,
  category: complaints.category,
  nextDeadlineOn: complaints.nextDeadlineOn,
  nextDeadlineKind: complaints.nextDeadlineKind,
  supportNeeded: complaints.supportNeeded,
  lifecycle: complaints.lifecycle,
};

const selectRows = (db: Queryable) => db.select(columns).from(complaints);
type Row = Awaited<ReturnType<typeof selectRows>>[number];

/** The lifecycle state stored with a row, or the state at receipt before any event. */
export function rowState(row: Pick<Row, 'lifecycle' | 'receivedAt' | 'happenedOn'>): LifecycleState {
  return (row.lifecycle as LifecycleState | null) ?? stateAtReceipt(row);
}

export async function staffQueue(db: Queryable, filters: QueueFilters, now: Date = new Date()) {
  const today = londonDate(now);
  const conditions: SQL[] = [];
  if (filters.stage) conditions.push(eq(complaints.stage, filters.stage));
  const status = filters.status ?? 'open';
  if (status === 'open') {
    conditions.push(or(inArray(complaints.status, [...OPEN_STATUSES]), isNotNull(complaints.nextDeadlineOn))!);
  } else if (status !== 'all') {
    conditions.push(eq(complaints.status, status));
  }
  const rows = await selectRows(db)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(sql`${complaints.nextDeadlineOn} asc nulls last`, asc(complaints.receivedAt))
    .limit(QUEUE_LIMIT);
  const items = rows.map((row) => queueItem(row, today));
  return {
    today,
    filters: { stage: filters.stage ?? null, status },
    counts: {
      shown: items.length,
      overdue: items.filter((i) => i.nextDeadline?.state === 'overdue').length,
      dueSoon: items.filter((i) => i.nextDeadline?.state === 'due_soon').length,
    },
    limit: QUEUE_LIMIT,
    complaints: items,
  };
}

function deadlineState(dueOn: IsoDate, today: IsoDate): 'overdue' | 'due_soon' | 'pending' {
  if (isLate(dueOn, today)) return 'overdue';
  return isDueSoon(dueOn, today) ? 'due_soon' : 'pending';
}

function queueItem(row: Row, today: IsoDate) {
  const state = rowState(row);
  return {
    reference: row.reference,
    residentName: row.residentName,
    receivedAt: row.receivedAt.toISOString(),
    stage: row.stage,
    status: row.status,
    category: row.category,
    nextDeadline:
      row.nextDeadlineOn && row.nextDeadlineKind
        ? { kind: row.nextDeadlineKind, dueOn: row.nextDeadlineOn, state: deadlineState(row.nextDeadlineOn, today) }
        : null,
    flags: flagsOf(row, state, deadlinesOf(state, today)),
  };
}

/** Complaints received between two London dates, inclusive, for the figures. */
export async function complaintsReceivedBetween(db: Queryable, from: IsoDate, to: IsoDate) {
  // London midnight is 00:00 or 01:00 UTC: a day's margin each side, then exact by London date.
  const start = new Date(`${from}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - 1);
  const end = new Date(`${to}T00:00:00Z`);
  end.setUTCDate(end.getUTCDate() + 2);
  const rows = await selectRows(db).where(and(gte(complaints.receivedAt, start), lte(complaints.receivedAt, end)));
  return rows.filter((row) => {
    const on = londonDate(row.receivedAt);
    return on >= from && on <= to;
  });
}
