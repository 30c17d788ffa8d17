/**
 * Reading a complaint's record: its row, its events in order, and the lifecycle
 * state they fold into (shared/lifecycle.ts). The events are the record; the
 * state is always recomputed from them before anything is decided.
 */
import { asc, eq } from 'drizzle-orm';
import type { LifecycleEvent } from '../../../shared/lifecycle-events.ts';
import { initialState, replay, type LifecycleState } from '../../../shared/lifecycle.ts';
import { londonDate } from '../../../shared/working-days.ts';
import type { Db } from '../../db/client.ts';
import { complaintEvents, complaints } from '../../db/schema.ts';

export type ComplaintRow = typeof complaints.$inferSelect;
export type EventRow = typeof complaintEvents.$inferSelect;
/** A transaction, or the database itself: anything that can run drizzle queries. */
export type Queryable = Db | Parameters<Parameters<Db['transaction']>[0]>[0];

/** One stored event as the state machine reads it. */
export function toLifecycleEvent(row: EventRow): LifecycleEvent {
  return {
    type: row.type,
    data: row.data,
    on: londonDate(row.at),
    actor: {
      kind: row.actor as LifecycleEvent['actor']['kind'],
      ...(row.actorId ? { staffId: row.actorId } : {}),
      ...(row.actorName ? { name: row.actorName } : {}),
    },
  } as LifecycleEvent;
}

/** The state of a complaint just received, from its row. */
export function stateAtReceipt(row: Pick<ComplaintRow, 'receivedAt' | 'happenedOn'>): LifecycleState {
  return initialState({ receivedOn: londonDate(row.receivedAt), happenedOn: row.happenedOn });
}

export interface ComplaintRecord {
  complaint: ComplaintRow;
  events: EventRow[];
  state: LifecycleState;
}

/**
 * The complaint with this reference, its events and its state; null when there is none.
 * `lock` takes the row for update, so two actions on one complaint happen one after the other.
 */
export async function loadRecord(
  db: Queryable,
  where: { reference: string } | { id: string },
  options: { lock?: boolean } = {},
): Promise<ComplaintRecord | null> {
  const condition = 'id' in where ? eq(complaints.id, where.id) : eq(complaints.reference, where.reference);
  const query = db.select().from(complaints).where(condition);
  const [complaint] = options.lock ? await query.for('update') : await query;
  if (!complaint) return null;
  const events = await db
    .select()
    .from(complaintEvents)
    .where(eq(complaintEvents.complaintId, complaint.id))
    .orderBy(asc(complaintEvents.id));
  const state = replay(stateAtReceipt(complaint), events.map(toLifecycleEvent));
  return { complaint, events, state };
}
