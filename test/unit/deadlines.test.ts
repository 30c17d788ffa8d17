/**
 * Every deadline of a complaint as a date (shared/deadlines.ts), from the real
 * dates of each step, with the Code's timescales as literal working days.
 */
import { describe, expect, it } from 'vitest';
import { OMBUDSMAN } from '../../shared/code.ts';
import { deadlinesOf, explainDeadline, isDueSoon, isLate, nextDeadline } from '../../shared/deadlines.ts';
import type { Actor } from '../../shared/lifecycle-events.ts';
import { decide, initialState, type LifecycleAction, type LifecycleState } from '../../shared/lifecycle.ts';

const OFFICER: Actor = { kind: 'staff', staffId: '00000000-0000-4000-8000-00000000000a' };
function act(state: LifecycleState, action: LifecycleAction, today: string, actor: Actor = OFFICER): LifecycleState {
  const result = decide(state, action, { today, actor, exclusions: ['over_12_months'], ombudsman: OMBUDSMAN });
  if (!result.ok) throw new Error(result.code);
  return result.state;
}
const definition = { understanding: 'u', outcomeSought: 'o', points: ['p'], responsibleFor: 'r' };
const received = () => initialState({ receivedOn: '2027-01-04', happenedOn: '2026-12-01' });
const acknowledged = () => act(received(), { type: 'acknowledge', definition, category: 'repairs' }, '2027-01-06');

describe('late and due soon', () => {
  it('is late only after the due day', () => {
    expect(isLate('2027-01-11', '2027-01-11')).toBe(false);
    expect(isLate('2027-01-11', '2027-01-12')).toBe(true);
  });
  it('is due soon from 2 working days before', () => {
    // Friday 8 January: Monday 11 and Tuesday 12 are the next 2 working days.
    expect(isDueSoon('2027-01-12', '2027-01-08')).toBe(true);
    expect(isDueSoon('2027-01-13', '2027-01-08')).toBe(false);
    expect(isDueSoon('2027-01-07', '2027-01-08')).toBe(false);
  });
});

describe('deadlines of a complaint', () => {
  it('before acknowledgement: only the acknowledgement, 5 working days from receipt, overdue once passed', () => {
    expect(deadlinesOf(received(), '2027-01-05')).toEqual([
      { kind: 'acknowledge', stage: 1, dueOn: '2027-01-11', from: '2027-01-04', workingDays: 5, rule: '6.2', state: 'pending', late: false },
    ]);
    expect(deadlinesOf(received(), '2027-01-11')[0]!.state).toBe('due_soon');
    expect(deadlinesOf(received(), '2027-01-12')[0]).toMatchObject({ state: 'overdue', late: true });
  });

  it('after acknowledgement: the response, 10 working days from the real acknowledgement, extensions included', () => {
    const extended = act(acknowledged(), { type: 'extend', workingDays: 3, reason: 'r' }, '2027-01-15');
    const [ack, respond] = deadlinesOf(extended, '2027-01-15');
    expect(ack).toMatchObject({ kind: 'acknowledge', metOn: '2027-01-06', state: 'met', late: false });
    expect(respond).toEqual({
      kind: 'respond',
      stage: 1,
      dueOn: '2027-01-25',
      from: '2027-01-06',
      workingDays: 13,
      rule: '6.3',
      state: 'pending',
      late: false,
    });
  });

  it('marks an acknowledgement made after its date as met late', () => {
    const late = act(received(), { type: 'acknowledge', definition, category: 'repairs' }, '2027-01-12');
    expect(deadlinesOf(late, '2027-01-12')[0]).toMatchObject({ state: 'met_late', late: true });
  });

  it('a withdrawn complaint owes nothing more', () => {
    const withdrawn = act(received(), { type: 'withdraw' }, '2027-01-05', { kind: 'resident' });
    expect(deadlinesOf(withdrawn, '2027-01-20')[0]).toMatchObject({ state: 'lapsed', late: true });
    expect(nextDeadline(withdrawn)).toBeNull();
  });
});

describe('the next deadline (for the queue and the daily sweep)', () => {
  it('is the acknowledgement, then the earlier of the response and the next agreed update, then remedies', () => {
    expect(nextDeadline(received())).toEqual({ kind: 'acknowledge', stage: 1, dueOn: '2027-01-11' });
    expect(nextDeadline(acknowledged())).toEqual({ kind: 'respond', stage: 1, dueOn: '2027-01-20' });
    const agreed = act(acknowledged(), { type: 'agree_update_interval', workingDays: 3 }, '2027-01-07');
    expect(nextDeadline(agreed)).toEqual({ kind: 'update', stage: 1, dueOn: '2027-01-12' });
    const responded = act(
      acknowledged(),
      { type: 'respond', decisions: [{ decision: 'upheld', reasons: 'r' }], remedies: [{ description: 'Paint', dueOn: '2027-02-01' }], actions: [] },
      '2027-01-18',
    );
    expect(nextDeadline(responded)).toEqual({ kind: 'action', stage: 1, dueOn: '2027-02-01', itemId: 's1-remedy-1' });
    expect(nextDeadline(act(responded, { type: 'complete_action', itemId: 's1-remedy-1' }, '2027-01-25'))).toBeNull();
  });

  it('does not depend on the day it is asked', () => {
    expect(nextDeadline(received())).toEqual(nextDeadline(received()));
  });
});

describe('how a deadline was worked out', () => {
  it('names the weekends and bank holidays skipped', () => {
    // Thursday 25 March 2027 + 5 working days: Good Friday and Easter Monday are skipped.
    expect(explainDeadline('2027-03-25', 5)).toEqual({
      from: '2027-03-25',
      workingDays: 5,
      dueOn: '2027-04-05',
      skipped: [
        { date: '2027-03-26', why: 'bank_holiday' },
        { date: '2027-03-27', why: 'weekend' },
        { date: '2027-03-28', why: 'weekend' },
        { date: '2027-03-29', why: 'bank_holiday' },
        { date: '2027-04-03', why: 'weekend' },
        { date: '2027-04-04', why: 'weekend' },
      ],
    });
  });
});
