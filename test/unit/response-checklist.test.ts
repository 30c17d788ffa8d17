/**
 * Code 6.9 and 6.19: the checklist beside a stage response ticks each part the response has and marks
 * what it lacks; the 12 months for the Ombudsman count from the final response.
 */
import { describe, expect, it } from 'vitest';
import { OMBUDSMAN } from '../../shared/code.ts';
import type { StageResponse } from '../../shared/lifecycle-events.ts';
import { calendarDaysUntil, ombudsmanReferralBy, responseChecklist } from '../../shared/response-checklist.ts';

const definition = { understanding: 'Mould came back', outcomeSought: 'Fix it', points: ['Repair', 'Visit'], responsibleFor: 'Repairs' };
const full = (stage: 1 | 2): StageResponse => ({
  stage,
  definition,
  decisions: [
    { point: 'Repair', decision: 'upheld', reasons: 'Not done properly' },
    { point: 'Visit', decision: 'not_upheld', reasons: 'A visit was offered' },
  ],
  outcome: 'partly_upheld',
  remedies: [{ id: `s${stage}-remedy-1`, stage, kind: 'remedy', description: 'Treat the mould', dueOn: '2027-01-12' }],
  actions: [],
  escalation: stage === 1 ? { to: 'stage_2' } : { to: 'ombudsman', ombudsman: OMBUDSMAN },
});
const states = (items: ReturnType<typeof responseChecklist>) => Object.fromEntries(items.map((i) => [i.part, i.state]));

describe('the checklist of a stage response (Code 6.9, 6.19)', () => {
  it('has the seven parts of 6.9 at stage 1 and of 6.19 at stage 2, in the Code order', () => {
    expect(responseChecklist(full(1), 1).map((i) => i.rule)).toEqual(['6.9.1', '6.9.2', '6.9.3', '6.9.4', '6.9.5', '6.9.6', '6.9.7']);
    expect(responseChecklist(full(2), 2).map((i) => i.rule)).toEqual(['6.19.1', '6.19.2', '6.19.3', '6.19.4', '6.19.5', '6.19.6', '6.19.7']);
  });

  it('ticks a complete response, with no outstanding action as "none needed"', () => {
    expect(states(responseChecklist(full(1), 1))).toEqual({
      stage: 'included', definition: 'included', decision: 'included', reasons: 'included', remedy: 'included', actions: 'none', escalation: 'included',
    });
    expect(states(responseChecklist(full(2), 2)).escalation).toBe('included');
  });

  it.each([
    ['the wrong stage', (r: StageResponse) => ({ ...r, stage: 2 as const }), 'stage'],
    ['no definition', (r: StageResponse) => ({ ...r, definition: undefined }), 'definition'],
    ['a point without a decision', (r: StageResponse) => ({ ...r, decisions: r.decisions.slice(0, 1) }), 'decision'],
    ['a decision without reasons', (r: StageResponse) => ({ ...r, decisions: [r.decisions[0]!, { ...r.decisions[1]!, reasons: '  ' }] }), 'reasons'],
    ['no remedy for a complaint partly upheld (7.1)', (r: StageResponse) => ({ ...r, remedies: [] }), 'remedy'],
    ['no word on outstanding actions', (r: StageResponse) => ({ ...r, actions: undefined }), 'actions'],
    ['the Ombudsman offered after stage 1 instead of stage 2', (r: StageResponse) => ({ ...r, escalation: { to: 'ombudsman' as const, ombudsman: OMBUDSMAN } }), 'escalation'],
  ])('marks missing: %s', (_name, change, part) => {
    const items = responseChecklist(change(full(1)) as Partial<StageResponse>, 1);
    expect(items.filter((i) => i.state === 'missing').map((i) => i.part)).toEqual([part]);
  });

  it('needs no remedy for a complaint not upheld, and marks every part missing when there is no response', () => {
    const notUpheld = { ...full(1), outcome: 'not_upheld' as const, remedies: [] };
    expect(states(responseChecklist(notUpheld, 1)).remedy).toBe('none');
    expect(responseChecklist(null, 2).filter((i) => i.state !== 'missing').map((i) => i.part)).toEqual([]);
  });

  it('marks missing a stage 2 response that does not say how to reach the Ombudsman (6.19.7)', () => {
    expect(states(responseChecklist({ ...full(2), escalation: { to: 'stage_2' } }, 2)).escalation).toBe('missing');
  });
});

describe('the 12 months for the Ombudsman', () => {
  it.each([
    ['2027-01-12', '2028-01-12'],
    ['2028-02-29', '2029-03-01'],
    ['2026-12-31', '2027-12-31'],
  ])('after a final response on %s, runs to %s', (on, by) => {
    expect(ombudsmanReferralBy(on)).toBe(by);
  });

  it('counts whole calendar days, negative once passed', () => {
    expect(calendarDaysUntil('2027-01-12', '2028-01-12')).toBe(365);
    expect(calendarDaysUntil('2027-03-27', '2027-03-29')).toBe(2); // across the change to summer time
    expect(calendarDaysUntil('2028-01-13', '2028-01-12')).toBe(-1);
  });
});
