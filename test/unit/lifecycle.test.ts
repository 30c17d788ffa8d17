/**
 * The complaint's life under the Code, as a pure state machine (shared/lifecycle.ts):
 * every transition and every refusal, with the Code's timescales written as literal
 * working days and dates worked out by hand from a 2027 calendar.
 *
 * January 2027: Fri 1 is New Year's Day; Mon 4 … Fri 8, Mon 11 … Fri 15, Mon 18 … Fri 22, Mon 25 … Fri 29.
 */
import { describe, expect, it } from 'vitest';
import { OMBUDSMAN } from '../../shared/code.ts';
import type { Actor, ComplaintDefinition, Exclusion } from '../../shared/lifecycle-events.ts';
import {
  availableActions,
  currentStage,
  decide,
  initialState,
  needsTimeLimitDecision,
  type DecideContext,
  type LifecycleAction,
  type LifecycleState,
} from '../../shared/lifecycle.ts';
import { addWorkingDays } from '../../shared/working-days.ts';

const ALICE: Actor = { kind: 'staff', staffId: '00000000-0000-4000-8000-00000000000a', name: 'Alice Officer' };
const BOB: Actor = { kind: 'staff', staffId: '00000000-0000-4000-8000-00000000000b', name: 'Bob Officer' };
const RESIDENT: Actor = { kind: 'resident' };
const POLICY: Exclusion[] = ['over_12_months', 'legal_proceedings'];

const definition: ComplaintDefinition = {
  understanding: 'The mould in the bedroom was reported six weeks ago and no one has come.',
  outcomeSought: 'The mould treated and the cause fixed.',
  points: ['The repair was not done', 'Calls were not returned'],
  responsibleFor: 'The repair and the call handling.',
  notResponsibleFor: 'Damage to furniture: the contents insurer.',
};

function ctx(today: string, actor: Actor = ALICE): DecideContext {
  return { today, actor, exclusions: POLICY, ombudsman: OMBUDSMAN };
}

/** Takes an action that must succeed and returns the new state. */
function act(state: LifecycleState, action: LifecycleAction, today: string, actor: Actor = ALICE): LifecycleState {
  const result = decide(state, action, ctx(today, actor));
  if (!result.ok) throw new Error(`refused ${action.type}: ${result.code}`);
  return result.state;
}

function refusal(state: LifecycleState, action: LifecycleAction, today: string, actor: Actor = ALICE) {
  const result = decide(state, action, ctx(today, actor));
  if (result.ok) throw new Error(`${action.type} was allowed`);
  return result.path ? { code: result.code, path: result.path } : { code: result.code };
}

const received = () => initialState({ receivedOn: '2027-01-04', happenedOn: '2026-12-20' });
const acknowledge: LifecycleAction = { type: 'acknowledge', definition, category: 'damp_and_mould' };
const respond1: LifecycleAction = {
  type: 'respond',
  decisions: [
    { decision: 'upheld', reasons: 'The job was lost between two contractors.' },
    { decision: 'not_upheld', reasons: 'The call log shows two return calls.' },
  ],
  remedies: [{ description: 'Mould wash and anti-mould paint', dueOn: '2027-02-05' }],
  actions: [{ description: 'Survey of the roof', dueOn: '2027-02-19' }],
};
/** Acknowledged on Wed 6 January 2027. */
const acknowledged = () => act(received(), acknowledge, '2027-01-06');
/** Responded at stage 1 by Alice on Mon 18 January 2027. */
const responded = () => act(acknowledged(), respond1, '2027-01-18');
/** Escalated by the resident on Tue 19 January 2027. */
const escalated = () => act(responded(), { type: 'escalate' }, '2027-01-19', RESIDENT);

describe('stage 1: received, acknowledged and defined (Code 6.2, 5.6, 5.7)', () => {
  it('is due to be acknowledged 5 working days after the day received', () => {
    const state = received();
    expect(state.status).toBe('received');
    expect(state.stage).toBe(1);
    expect(currentStage(state).acknowledgeBy).toBe('2027-01-11');
    // Over Easter 2027 (Good Friday 26 March, Easter Monday 29 March): Thu 25 March + 5 = Mon 5 April.
    expect(currentStage(initialState({ receivedOn: '2027-03-25', happenedOn: '2027-03-01' })).acknowledgeBy).toBe('2027-04-05');
  });

  it('acknowledging writes the definition and sets the response 10 working days from the real acknowledgement (6.3)', () => {
    const result = decide(received(), acknowledge, ctx('2027-01-06'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events).toEqual([
      { type: 'acknowledged', data: { stage: 1, definition, category: 'damp_and_mould', respondBy: '2027-01-20' } },
    ]);
    const stage1 = currentStage(result.state);
    expect(result.state.status).toBe('acknowledged');
    expect(stage1.acknowledgedOn).toBe('2027-01-06');
    expect(stage1.acknowledgedBy).toBe(ALICE.staffId);
    expect(stage1.definition).toEqual(definition);
    expect(result.state.category).toBe('damp_and_mould');
  });

  it('counts the response from the acknowledgement even when that came late', () => {
    // Acknowledged Wed 13 January, after the 11 January deadline: response due Wed 27 January, not 25.
    const state = act(received(), acknowledge, '2027-01-13');
    expect(currentStage(state).respondBy).toBe('2027-01-27');
  });

  it('refuses to acknowledge twice, or to respond before acknowledging', () => {
    expect(refusal(acknowledged(), acknowledge, '2027-01-07')).toEqual({ code: 'not_allowed_now' });
    expect(refusal(received(), respond1, '2027-01-07')).toEqual({ code: 'not_allowed_now' });
  });

  it('refuses any officer action from a resident, and any resident action from an officer', () => {
    expect(refusal(received(), acknowledge, '2027-01-06', RESIDENT)).toEqual({ code: 'actor_not_allowed' });
    expect(refusal(responded(), { type: 'escalate' }, '2027-01-19', ALICE)).toEqual({ code: 'actor_not_allowed' });
    expect(refusal(received(), acknowledge, '2027-01-06', { kind: 'system' })).toEqual({ code: 'actor_not_allowed' });
  });

  it('amends the definition, answering a correction the resident asked for (5.6)', () => {
    expect(refusal(received(), { type: 'request_correction', text: 'Not quite' }, '2027-01-05', RESIDENT)).toEqual({
      code: 'not_allowed_now',
    });
    const corrected = act(acknowledged(), { type: 'request_correction', text: 'It is the kitchen too.' }, '2027-01-07', RESIDENT);
    expect(corrected.corrections).toEqual([{ id: 'r1', stage: 1, text: 'It is the kitchen too.', on: '2027-01-07' }]);
    expect(refusal(corrected, { type: 'amend_definition', definition, correctionId: 'r9' }, '2027-01-08')).toEqual({
      code: 'not_found',
      path: ['correctionId'],
    });
    const amendedDefinition = { ...definition, points: [...definition.points, 'The kitchen has mould too'] };
    const amended = act(corrected, { type: 'amend_definition', definition: amendedDefinition, correctionId: 'r1' }, '2027-01-08');
    expect(currentStage(amended).definition).toEqual(amendedDefinition);
    expect(amended.corrections[0]!.amendedOn).toBe('2027-01-08');
    // Amending moves no deadline.
    expect(currentStage(amended).respondBy).toBe('2027-01-20');
  });
});

describe('clarifications: asked and answered, with no paused clock', () => {
  it('records the question and the answer and moves no deadline', () => {
    const asked = act(acknowledged(), { type: 'ask_clarification', question: 'Which room?' }, '2027-01-07');
    expect(asked.clarifications).toEqual([{ id: 'q1', stage: 1, question: 'Which room?', askedOn: '2027-01-07' }]);
    const answered = act(asked, { type: 'answer_clarification', clarificationId: 'q1', answer: 'The back bedroom.' }, '2027-01-14', RESIDENT);
    expect(answered.clarifications[0]).toMatchObject({ answer: 'The back bedroom.', answeredOn: '2027-01-14' });
    expect(currentStage(answered).respondBy).toBe('2027-01-20');
    expect(refusal(answered, { type: 'answer_clarification', clarificationId: 'q1', answer: 'Again' }, '2027-01-15', RESIDENT)).toEqual({
      code: 'already_done',
      path: ['clarificationId'],
    });
    expect(refusal(answered, { type: 'answer_clarification', clarificationId: 'q7', answer: 'x' }, '2027-01-15', RESIDENT)).toEqual({
      code: 'not_found',
      path: ['clarificationId'],
    });
  });

  it('can be asked before acknowledgement (the definition needs it)', () => {
    const asked = act(received(), { type: 'ask_clarification', question: 'When did it start?' }, '2027-01-05');
    expect(asked.clarifications).toHaveLength(1);
    expect(currentStage(asked).acknowledgeBy).toBe('2027-01-11');
  });
});

describe('extensions (Code 6.4, 6.5, 6.15, 6.16)', () => {
  it('adds working days to the response date, with the reason and the ombudsman details', () => {
    const result = decide(acknowledged(), { type: 'extend', workingDays: 10, reason: 'A surveyor must visit.' }, ctx('2027-01-15'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events).toEqual([
      {
        type: 'extended',
        data: {
          stage: 1,
          workingDays: 10,
          reason: 'A surveyor must visit.',
          exceptional: false,
          previousRespondBy: '2027-01-20',
          respondBy: '2027-02-03',
          ombudsman: OMBUDSMAN,
        },
      },
    ]);
    expect(currentStage(result.state).respondBy).toBe('2027-02-03');
  });

  it('refuses more than 10 working days in all at stage 1 without an exceptional reason', () => {
    const once = act(acknowledged(), { type: 'extend', workingDays: 4, reason: 'Waiting for a contractor.' }, '2027-01-15');
    expect(refusal(once, { type: 'extend', workingDays: 7, reason: 'Still waiting.' }, '2027-01-22')).toEqual({
      code: 'extension_limit',
      path: ['exceptionalReason'],
    });
    const fine = act(once, { type: 'extend', workingDays: 6, reason: 'Still waiting.' }, '2027-01-22');
    expect(currentStage(fine).extensions.map((e) => e.exceptional)).toEqual([false, false]);
    const exceptional = act(
      once,
      { type: 'extend', workingDays: 7, reason: 'Still waiting.', exceptionalReason: 'The building is under a court order.' },
      '2027-01-22',
    );
    expect(currentStage(exceptional).extensions[1]).toMatchObject({ exceptional: true, exceptionalReason: 'The building is under a court order.' });
    // 20 Jan + 4 = 26 Jan; + 7 = 4 Feb.
    expect(currentStage(exceptional).respondBy).toBe('2027-02-04');
  });

  it('allows up to 20 working days at stage 2, not 21', () => {
    const stage2 = act(escalated(), acknowledge, '2027-01-20', BOB);
    expect(act(stage2, { type: 'extend', workingDays: 20, reason: 'Complex' }, '2027-01-25', BOB).status).toBe('acknowledged');
    expect(refusal(stage2, { type: 'extend', workingDays: 21, reason: 'Complex' }, '2027-01-25', BOB)).toEqual({
      code: 'extension_limit',
      path: ['exceptionalReason'],
    });
  });

  it('only extends an acknowledged stage that has not been answered', () => {
    expect(refusal(received(), { type: 'extend', workingDays: 5, reason: 'x' }, '2027-01-05')).toEqual({ code: 'not_allowed_now' });
    expect(refusal(responded(), { type: 'extend', workingDays: 5, reason: 'x' }, '2027-01-19')).toEqual({ code: 'not_allowed_now' });
  });
});

describe('updates at an agreed interval (Code 5.9)', () => {
  it('sets the next update one interval after agreeing, then after each update', () => {
    const agreed = act(acknowledged(), { type: 'agree_update_interval', workingDays: 5, note: 'By phone, Fridays' }, '2027-01-08');
    expect(agreed.nextUpdateDue).toBe('2027-01-15');
    const updated = act(agreed, { type: 'send_update', message: 'The surveyor comes Tuesday.' }, '2027-01-13');
    expect(updated.lastUpdateOn).toBe('2027-01-13');
    expect(updated.nextUpdateDue).toBe('2027-01-20');
    // The response ends the interval.
    expect(act(updated, respond1, '2027-01-18').nextUpdateDue).toBeUndefined();
  });

  it('refuses to agree an interval once the response is out', () => {
    expect(refusal(responded(), { type: 'agree_update_interval', workingDays: 5 }, '2027-01-19')).toEqual({ code: 'not_allowed_now' });
  });
});

describe('stage responses hold everything 6.9 and 6.19 require', () => {
  it('refuses a response without a decision on every point of the definition (6.7)', () => {
    expect(refusal(acknowledged(), { ...respond1, decisions: [respond1.type === 'respond' ? respond1.decisions[0]! : { decision: 'upheld', reasons: '' }] } as LifecycleAction, '2027-01-18')).toEqual({
      code: 'decisions_mismatch',
      path: ['decisions'],
    });
  });

  it('refuses an upheld complaint with no remedy (7.1)', () => {
    expect(refusal(acknowledged(), { ...(respond1 as Extract<LifecycleAction, { type: 'respond' }>), remedies: [] }, '2027-01-18')).toEqual({
      code: 'remedy_required',
      path: ['remedies'],
    });
  });

  it('refuses a remedy or action due before today (7.3)', () => {
    const r = respond1 as Extract<LifecycleAction, { type: 'respond' }>;
    expect(refusal(acknowledged(), { ...r, actions: [{ description: 'Survey', dueOn: '2027-01-15' }] }, '2027-01-18')).toEqual({
      code: 'date_past',
      path: ['actions', 0, 'dueOn'],
    });
  });

  it('records the stage, the definition, each decision with its reasons, remedies, actions and the way to stage 2', () => {
    const result = decide(acknowledged(), respond1, ctx('2027-01-18'));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events).toHaveLength(1);
    const event = result.events[0]!;
    expect(event.type).toBe('responded');
    if (event.type !== 'responded') return;
    expect(event.data.response).toEqual({
      stage: 1,
      definition,
      decisions: [
        { point: 'The repair was not done', decision: 'upheld', reasons: 'The job was lost between two contractors.' },
        { point: 'Calls were not returned', decision: 'not_upheld', reasons: 'The call log shows two return calls.' },
      ],
      outcome: 'partly_upheld',
      remedies: [{ id: 's1-remedy-1', stage: 1, kind: 'remedy', description: 'Mould wash and anti-mould paint', dueOn: '2027-02-05' }],
      actions: [{ id: 's1-action-1', stage: 1, kind: 'action', description: 'Survey of the roof', dueOn: '2027-02-19' }],
      escalation: { to: 'stage_2' },
    });
    expect(result.state.status).toBe('responded');
    expect(result.state.items.map((i) => i.id)).toEqual(['s1-remedy-1', 's1-action-1']);
    expect(currentStage(result.state).respondedBy).toBe(ALICE.staffId);
  });

  it('a not-upheld response needs no remedy', () => {
    const state = act(
      acknowledged(),
      {
        type: 'respond',
        decisions: [
          { decision: 'not_upheld', reasons: 'a' },
          { decision: 'not_upheld', reasons: 'b' },
        ],
        remedies: [],
        actions: [],
      },
      '2027-01-18',
    );
    expect(state.stages[0]!.response!.outcome).toBe('not_upheld');
  });
});

describe('remedies and outstanding actions tracked until done (6.6, 6.17, 7.3)', () => {
  it('completes each once', () => {
    const done = act(responded(), { type: 'complete_action', itemId: 's1-remedy-1', note: 'Done by Acme' }, '2027-02-01');
    expect(done.items[0]).toMatchObject({ completedOn: '2027-02-01', completedNote: 'Done by Acme' });
    expect(refusal(done, { type: 'complete_action', itemId: 's1-remedy-1' }, '2027-02-02')).toEqual({ code: 'already_done', path: ['itemId'] });
    expect(refusal(done, { type: 'complete_action', itemId: 's1-remedy-9' }, '2027-02-02')).toEqual({ code: 'not_found', path: ['itemId'] });
  });
});

describe('escalation to stage 2 (Code 6.10–6.12)', () => {
  it('needs no reason, and is acknowledged within 5 working days of the request (6.11)', () => {
    const state = escalated();
    expect(state.status).toBe('escalation_requested');
    expect(state.stage).toBe(2);
    expect(currentStage(state)).toMatchObject({ stage: 2, startedOn: '2027-01-19', acknowledgeBy: '2027-01-26' });
  });

  it('is not open before the stage 1 response while the landlord is within its time', () => {
    expect(refusal(acknowledged(), { type: 'escalate' }, '2027-01-20', RESIDENT)).toEqual({ code: 'escalation_not_open' });
    expect(refusal(received(), { type: 'escalate' }, '2027-01-11', RESIDENT)).toEqual({ code: 'escalation_not_open' });
  });

  it('is open once the landlord has missed a stage 1 deadline', () => {
    // Not acknowledged by Mon 11 January: on Tue 12 the resident may go to stage 2.
    expect(act(received(), { type: 'escalate' }, '2027-01-12', RESIDENT).status).toBe('escalation_requested');
    // Acknowledged, response due 20 January and not sent: open on the 21st.
    expect(act(acknowledged(), { type: 'escalate', reason: 'No answer' }, '2027-01-21', RESIDENT).stage).toBe(2);
  });

  it('an officer records a request made by phone, counting from the day it was made', () => {
    const state = act(responded(), { type: 'escalate_for_resident', requestedOn: '2027-01-19', note: 'Phoned' }, '2027-01-21');
    expect(currentStage(state).acknowledgeBy).toBe('2027-01-26');
    expect(refusal(responded(), { type: 'escalate_for_resident', requestedOn: '2027-01-22' }, '2027-01-21')).toEqual({
      code: 'date_future',
      path: ['requestedOn'],
    });
    expect(refusal(responded(), { type: 'escalate_for_resident', requestedOn: '2026-12-31' }, '2027-01-21')).toEqual({
      code: 'date_before_stage',
      path: ['requestedOn'],
    });
  });

  it('cannot be asked twice', () => {
    expect(refusal(escalated(), { type: 'escalate' }, '2027-01-20', RESIDENT)).toEqual({ code: 'not_allowed_now' });
  });

  it('is refused only with one of the policy exclusions, explained (5.11)', () => {
    expect(refusal(responded(), { type: 'refuse_escalation', exclusion: 'legal_proceedings', explanation: 'x' }, '2027-01-20')).toEqual({
      code: 'not_allowed_now',
    });
    expect(
      refusal(escalated(), { type: 'refuse_escalation', exclusion: 'previously_considered', explanation: 'x' }, '2027-01-20'),
    ).toEqual({ code: 'choice', path: ['exclusion'] });
    const result = decide(escalated(), { type: 'refuse_escalation', exclusion: 'legal_proceedings', explanation: 'A claim was filed.' }, ctx('2027-01-20'));
    expect(result.ok && result.events[0]).toEqual({
      type: 'escalation_refused',
      data: { exclusion: 'legal_proceedings', explanation: 'A claim was filed.', ombudsman: OMBUDSMAN },
    });
    expect(result.ok && result.state.status).toBe('escalation_refused');
  });
});

describe('stage 2: a different person decides (Code 6.13, 6.14, 6.19)', () => {
  it('refuses the stage 1 decider, at acknowledgement and at the response', () => {
    expect(refusal(escalated(), acknowledge, '2027-01-20', ALICE)).toEqual({ code: 'same_officer_stage2' });
    const stage2 = act(escalated(), acknowledge, '2027-01-20', BOB);
    expect(refusal(stage2, respond1, '2027-02-01', ALICE)).toEqual({ code: 'same_officer_stage2' });
    expect(availableActions(stage2, '2027-02-01', ALICE)).not.toContain('respond');
    expect(availableActions(stage2, '2027-02-01', BOB)).toContain('respond');
  });

  it('is due 20 working days from the stage 2 acknowledgement, and its response closes the complaint', () => {
    const stage2 = act(escalated(), acknowledge, '2027-01-20', BOB);
    expect(currentStage(stage2).respondBy).toBe('2027-02-17');
    expect(currentStage(stage2).respondBy).toBe(addWorkingDays('2027-01-20', 20));
    const result = decide(stage2, respond1, ctx('2027-02-01', BOB));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events.map((e) => e.type)).toEqual(['responded', 'closed']);
    const response = result.events[0]!.type === 'responded' ? result.events[0]!.data.response : undefined;
    expect(response?.escalation).toEqual({ to: 'ombudsman', ombudsman: OMBUDSMAN });
    expect(response?.stage).toBe(2);
    expect(result.state.status).toBe('closed');
    expect(result.state.closedOn).toBe('2027-02-01');
    expect(result.state.items.map((i) => i.id)).toEqual(['s1-remedy-1', 's1-action-1', 's2-remedy-1', 's2-action-1']);
  });

  it('allows anyone when nobody decided stage 1 (escalated because the landlord was late)', () => {
    const late = act(received(), { type: 'escalate' }, '2027-01-12', RESIDENT);
    expect(act(late, acknowledge, '2027-01-13', ALICE).status).toBe('acknowledged');
  });
});

describe('not accepting a complaint (Code 2.1–2.5)', () => {
  it('needs an exclusion the policy sets out and an explanation, and tells of the ombudsman', () => {
    expect(refusal(received(), { type: 'not_accept', exclusion: 'other_process', explanation: 'x' }, '2027-01-05')).toEqual({
      code: 'choice',
      path: ['exclusion'],
    });
    const result = decide(received(), { type: 'not_accept', exclusion: 'over_12_months', explanation: 'Why' }, ctx('2027-01-05'));
    expect(result.ok && result.events).toEqual([
      { type: 'not_accepted', data: { exclusion: 'over_12_months', explanation: 'Why', ombudsman: OMBUDSMAN } },
    ]);
    expect(result.ok && result.state.status).toBe('not_accepted');
    expect(result.ok && result.state.notAccepted).toEqual({ on: '2027-01-05', exclusion: 'over_12_months', explanation: 'Why' });
  });

  it('is not possible after the stage 1 response', () => {
    expect(refusal(responded(), { type: 'not_accept', exclusion: 'over_12_months', explanation: 'x' }, '2027-01-19')).toEqual({
      code: 'not_allowed_now',
    });
  });

  it('flags a complaint about something over 12 months old for a decision, never refusing it by itself (2.3, 2.5)', () => {
    const old = initialState({ receivedOn: '2027-01-04', happenedOn: '2025-11-01' });
    expect(old.status).toBe('received');
    expect(needsTimeLimitDecision(old)).toBe(true);
    expect(needsTimeLimitDecision(received())).toBe(false);
    // Accepting it (discretion, 2.3) ends the flag.
    expect(needsTimeLimitDecision(act(old, acknowledge, '2027-01-05'))).toBe(false);
  });
});

describe('withdrawal and new complaints (Code 6.8)', () => {
  it('the resident withdraws an open complaint, with or without a reason', () => {
    expect(act(received(), { type: 'withdraw' }, '2027-01-05', RESIDENT)).toMatchObject({ status: 'withdrawn', withdrawnOn: '2027-01-05' });
    expect(act(responded(), { type: 'withdraw', reason: 'Sorted' }, '2027-01-20', { kind: 'representative' }).status).toBe('withdrawn');
    const closed = act(act(escalated(), acknowledge, '2027-01-20', BOB), respond1, '2027-02-01', BOB);
    expect(refusal(closed, { type: 'withdraw' }, '2027-02-02', RESIDENT)).toEqual({ code: 'not_allowed_now' });
  });

  it('an officer records a withdrawal the resident asked for', () => {
    expect(act(acknowledged(), { type: 'withdraw_for_resident', reason: 'Phoned to withdraw' }, '2027-01-07').status).toBe('withdrawn');
  });

  it('logs a new complaint; "response issued" only once a response has been', () => {
    const action = { type: 'log_new_complaint', description: 'Now the boiler', reason: 'response_issued', newReference: 'ABCD-EFGH' } as const;
    expect(refusal(acknowledged(), action, '2027-01-07')).toEqual({ code: 'not_allowed_now', path: ['reason'] });
    expect(act(acknowledged(), { ...action, reason: 'unrelated' }, '2027-01-07').newComplaints).toEqual([
      { reference: 'ABCD-EFGH', on: '2027-01-07', reason: 'unrelated' },
    ]);
    const state = act(responded(), action, '2027-01-19');
    expect(state.newComplaints).toHaveLength(1);
    expect(state.status).toBe('responded');
  });
});

describe('the actions offered', () => {
  it('offers the resident escalation after the response, and an officer what fits the status', () => {
    expect(availableActions(responded(), '2027-01-19', RESIDENT)).toEqual(['escalate', 'withdraw', 'send_message']);
    expect(availableActions(acknowledged(), '2027-01-07', RESIDENT)).toEqual(['request_correction', 'withdraw', 'send_message']);
    expect(availableActions(received(), '2027-01-05', ALICE)).toEqual([
      'acknowledge',
      'ask_clarification',
      'agree_update_interval',
      'send_update',
      'not_accept',
      'withdraw_for_resident',
      'log_new_complaint',
      'send_message',
    ]);
  });
});

describe('messages (Code 6.8: new information goes on the record)', () => {
  const photo = { filename: 'wall.jpg', mediaType: 'image/jpeg', size: 2048, sha256: 'a'.repeat(64) };
  it('numbers messages both ways in order, says who sent each, and keeps their files', () => {
    let state = received();
    for (const [actor, text] of [
      [RESIDENT, 'The ceiling is wet.'],
      [ALICE, 'Please send a photo.'],
      [{ kind: 'representative' as const }, 'Here it is.'],
    ] as const) {
      const decided = decide(state, { type: 'send_message', text, attachments: text === 'Here it is.' ? [photo] : [] }, ctx('2027-01-05', actor));
      if (!decided.ok) throw new Error(decided.code);
      expect(decided.events.map((e) => e.type)).toEqual([actor.kind === 'staff' ? 'message_to_resident' : 'message_from_resident']);
      state = decided.state;
    }
    expect(state.messages).toEqual([
      { id: 'm1', from: 'resident', text: 'The ceiling is wet.', on: '2027-01-05', attachments: [] },
      { id: 'm2', from: 'landlord', text: 'Please send a photo.', on: '2027-01-05', attachments: [] },
      { id: 'm3', from: 'representative', text: 'Here it is.', on: '2027-01-05', attachments: [photo] },
    ]);
    // A message moves no date and no status.
    expect(state.status).toBe('received');
    expect(state.stages).toEqual(received().stages);
  });

  it('is taken in every status, even after a withdrawal', () => {
    const withdrawn = decide(received(), { type: 'withdraw' }, ctx('2027-01-05', RESIDENT));
    if (!withdrawn.ok) throw new Error(withdrawn.code);
    expect(availableActions(withdrawn.state, '2027-01-06', RESIDENT)).toEqual(['send_message']);
    expect(decide(withdrawn.state, { type: 'send_message', text: 'Thanks.', attachments: [] }, ctx('2027-01-06', RESIDENT)).ok).toBe(true);
  });
});
