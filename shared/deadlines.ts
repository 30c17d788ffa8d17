/**
 * Every deadline of a complaint as a date, worked out from its state (the real
 * dates each step happened) and the working-day calendar, so the resident's
 * page, the officers' queue, emails and the figures never disagree. There is no
 * paused clock: waiting for the resident moves nothing; only a recorded
 * extension does (Code 6.4, 6.15).
 */
import { TIMESCALES } from './code.ts';
import type { DeadlineKind, Stage } from './lifecycle-events.ts';
import { FINAL_STATUSES, extendedBy, type LifecycleState } from './lifecycle.ts';
import { addWorkingDays, isBankHoliday, isWorkingDay, type IsoDate } from './working-days.ts';

/** A deadline "due soon" falls within this many working days from today. */
export const DUE_SOON_WORKING_DAYS = 2;

/**
 * - `met` / `met_late`: done, by or after the date;
 * - `pending` / `due_soon` / `overdue`: still owed;
 * - `lapsed`: no longer owed (the complaint was withdrawn, not accepted, or moved on) and never met.
 */
export type DeadlineState = 'met' | 'met_late' | 'pending' | 'due_soon' | 'overdue' | 'lapsed';

export interface Deadline {
  kind: DeadlineKind;
  stage: Stage;
  /** The remedy or action it is for (kind `action`). */
  itemId?: string;
  dueOn: IsoDate;
  /** How it was worked out: counted from this day… */
  from?: IsoDate;
  /** …this many working days (extensions included). */
  workingDays?: number;
  /** The Code's provision it comes from. */
  rule: '6.2' | '6.3' | '6.11' | '6.14' | '5.9' | '7.3';
  metOn?: IsoDate;
  state: DeadlineState;
  /** True when the landlord is, or was, past the date. */
  late: boolean;
}

/** True when `dueOn` has passed by `today` (the due day itself is still in time). */
export function isLate(dueOn: IsoDate, today: IsoDate): boolean {
  return today > dueOn;
}

/** Whether `dueOn` is today or within the next DUE_SOON_WORKING_DAYS working days. */
export function isDueSoon(dueOn: IsoDate, today: IsoDate): boolean {
  return dueOn >= today && dueOn <= addWorkingDays(today, DUE_SOON_WORKING_DAYS);
}

function stateOf(dueOn: IsoDate, metOn: IsoDate | undefined, owed: boolean, today: IsoDate): DeadlineState {
  if (metOn) return metOn > dueOn ? 'met_late' : 'met';
  if (!owed) return 'lapsed';
  if (isLate(dueOn, today)) return 'overdue';
  return isDueSoon(dueOn, today) ? 'due_soon' : 'pending';
}

function deadline(d: Omit<Deadline, 'state' | 'late'>, owed: boolean, today: IsoDate): Deadline {
  const state = stateOf(d.dueOn, d.metOn, owed, today);
  return { ...d, state, late: state === 'met_late' || state === 'overdue' || (state === 'lapsed' && isLate(d.dueOn, today)) };
}

/**
 * Every deadline of the complaint, in order of due date: acknowledgements and
 * responses at each stage (6.2, 6.3, 6.11, 6.14), the next agreed update (5.9),
 * and each remedy and outstanding action not yet done (7.3).
 */
export function deadlinesOf(state: LifecycleState, today: IsoDate): Deadline[] {
  const final = FINAL_STATUSES.includes(state.status);
  const out: Deadline[] = [];
  for (const record of state.stages) {
    const active = record.stage === state.stage && !final;
    const ackRule = record.stage === 1 ? '6.2' : '6.11';
    out.push(
      deadline(
        {
          kind: 'acknowledge',
          stage: record.stage,
          dueOn: record.acknowledgeBy,
          from: record.startedOn,
          workingDays: record.stage === 1 ? TIMESCALES.stage1Acknowledge : TIMESCALES.stage2Acknowledge,
          rule: ackRule,
          ...(record.acknowledgedOn ? { metOn: record.acknowledgedOn } : {}),
        },
        active,
        today,
      ),
    );
    // Before acknowledgement the response date is not yet known: it counts from the real acknowledgement (6.3, 6.14).
    if (record.acknowledgedOn && record.respondBy) {
      out.push(
        deadline(
          {
            kind: 'respond',
            stage: record.stage,
            dueOn: record.respondBy,
            from: record.acknowledgedOn,
            workingDays: (record.stage === 1 ? TIMESCALES.stage1Response : TIMESCALES.stage2Response) + extendedBy(record),
            rule: record.stage === 1 ? '6.3' : '6.14',
            ...(record.respondedOn ? { metOn: record.respondedOn } : {}),
          },
          active,
          today,
        ),
      );
    }
  }
  if (state.nextUpdateDue && state.updateInterval) {
    out.push(
      deadline(
        {
          kind: 'update',
          stage: state.stage,
          dueOn: state.nextUpdateDue,
          from: state.lastUpdateOn && state.lastUpdateOn > state.updateInterval.agreedOn ? state.lastUpdateOn : state.updateInterval.agreedOn,
          workingDays: state.updateInterval.workingDays,
          rule: '5.9',
        },
        !final,
        today,
      ),
    );
  }
  for (const item of state.items) {
    out.push(
      deadline(
        {
          kind: 'action',
          stage: item.stage,
          itemId: item.id,
          dueOn: item.dueOn,
          rule: '7.3',
          ...(item.completedOn ? { metOn: item.completedOn } : {}),
        },
        // A promised remedy is followed through to completion whatever happens next (7.3).
        true,
        today,
      ),
    );
  }
  return out.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : 0));
}

/** The deadlines still owed, earliest first. */
export function owedDeadlines(state: LifecycleState, today: IsoDate): Deadline[] {
  return deadlinesOf(state, today).filter((d) => d.state === 'pending' || d.state === 'due_soon' || d.state === 'overdue');
}

/**
 * The next date that matters to the landlord: the earliest deadline still owed, or
 * null when nothing is owed. Depends only on the state (not on today), so it can be
 * stored on the complaint for the queue and the daily sweep.
 */
export function nextDeadline(state: LifecycleState): Pick<Deadline, 'kind' | 'stage' | 'dueOn' | 'itemId'> | null {
  // Any date works as "today" here: which deadlines are owed does not depend on it.
  const owed = owedDeadlines(state, state.receivedOn);
  const first = owed[0];
  if (!first) return null;
  return { kind: first.kind, stage: first.stage, dueOn: first.dueOn, ...(first.itemId ? { itemId: first.itemId } : {}) };
}

export interface SkippedDay {
  date: IsoDate;
  why: 'weekend' | 'bank_holiday';
}

/**
 * How a deadline was worked out, for a resident who asks: counted from `from`
 * (which does not count), `workingDays` working days, skipping these weekend days
 * and bank holidays.
 */
export function explainDeadline(from: IsoDate, workingDays: number): { from: IsoDate; workingDays: number; dueOn: IsoDate; skipped: SkippedDay[] } {
  const dueOn = addWorkingDays(from, workingDays);
  const skipped: SkippedDay[] = [];
  for (let day = addCalendarDay(from); day < dueOn; day = addCalendarDay(day)) {
    if (!isWorkingDay(day)) skipped.push({ date: day, why: isBankHoliday(day) ? 'bank_holiday' : 'weekend' });
  }
  return { from, workingDays, dueOn, skipped };
}

function addCalendarDay(date: IsoDate): IsoDate {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
