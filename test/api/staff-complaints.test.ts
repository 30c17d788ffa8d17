/**
 * The officers' API over the complaint lifecycle (server/routes/staff-complaints.ts), on embedded PGlite and
 * on PostgreSQL: every action through HTTP, the Code's refusals, who may do what (signed out, another site, a
 * resident's token, the stage 1 decider at stage 2), the queue, the figures, and the emails each action queues.
 */
import { randomUUID } from 'node:crypto';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { StaffMember } from '../../server/auth/staff.ts';
import type { Database } from '../../server/db/client.ts';
import { complaints, jobs } from '../../server/db/schema.ts';
import { financialYearStart, STAFF_ACTION_ROUTES } from '../../server/routes/staff-complaints.ts';
import { addWorkingDays, londonDate } from '../../shared/working-days.ts';
import { countRows } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import { DEFINITION, daysAgo, makeComplaint, post, residentPost, STAFF_ACTION_BODIES, staffGet, staffPost } from '../support/lifecycle.ts';
import { signInStaff } from '../support/staff.ts';

const today = () => londonDate(new Date());
const VALID_BODIES = STAFF_ACTION_BODIES;
const RESPOND = STAFF_ACTION_BODIES.respond;
const ACTIONS = Object.keys(VALID_BODIES) as (keyof typeof VALID_BODIES)[];

describe.each(DATABASE_KINDS)("the officers' API (%s)", (kind) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  /** Two officers and an administrator, signed in. */
  const staff: Record<'olu' | 'nia' | 'admin', { staff: StaffMember; cookie: string }> = {} as never;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = createApp({ database, logError: () => {} });
    staff.olu = await signInStaff(app, database.db, { role: 'officer', name: 'Olu Officer' });
    staff.nia = await signInStaff(app, database.db, { role: 'officer', name: 'Nia Second' });
    staff.admin = await signInStaff(app, database.db, { role: 'admin', name: 'Alex Administrator' });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** An action that must succeed: the case as the API answers it. */
  async function act(who: keyof typeof staff, reference: string, action: string, body: unknown) {
    const response = await staffPost(app, staff[who].cookie, reference, action, body);
    const answer = await response.json();
    expect(response.status, `${action}: ${JSON.stringify(answer)}`).toBe(200);
    return answer;
  }
  /** The error an action is refused with. */
  async function refused(who: keyof typeof staff, reference: string, action: string, body: unknown) {
    const response = await staffPost(app, staff[who].cookie, reference, action, body);
    return { status: response.status, error: (await response.json()).error };
  }
  /** The event types whose emails are queued for a complaint, in order. */
  async function mailJobsOf(reference: string): Promise<string[]> {
    const [row] = await database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, reference));
    const rows = await database.db
      .select({ payload: jobs.payload })
      .from(jobs)
      .where(sql`${jobs.kind} = 'mail' and ${jobs.payload} ->> 'complaintId' = ${row!.id}::text`)
      .orderBy(jobs.id);
    return rows.map((r) => (r.payload as { type: string; recipient: string }).type);
  }
  /** Rows in the tables an action writes to. */
  async function stored() {
    const [{ n: jobCount }] = (await database.db.select({ n: count() }).from(jobs)) as [{ n: number }];
    return { ...(await countRows(database.db)), jobs: jobCount };
  }

  describe('every action through HTTP', () => {
    it('stage 1 by one officer: acknowledge, amend, ask, extend, agree an interval, update, respond, complete an action', async () => {
      const { reference } = await makeComplaint(database.db);
      const { olu } = staff;

      const fresh = await (await staffGet(app, olu.cookie, `/${reference}`)).json();
      expect(fresh).toMatchObject({ reference, status: 'received', stage: 1, adjustments: { needed: true, details: 'Please send letters in large print.' } });
      expect(fresh.availableActions).toEqual(expect.arrayContaining(['acknowledge', 'ask-clarification', 'not-accept', 'withdraw', 'log-new-complaint']));
      expect(fresh.availableActions).not.toContain('respond');
      expect(fresh.nextDeadline).toMatchObject({ kind: 'acknowledge', dueOn: addWorkingDays(today(), 5) });

      const acknowledged = await act('olu', reference, 'acknowledge', VALID_BODIES.acknowledge());
      expect(acknowledged).toMatchObject({ status: 'acknowledged', category: 'damp_and_mould' });
      // Code 6.3: the response is due 10 working days from the real acknowledgement.
      expect(acknowledged.stages[0]).toMatchObject({ acknowledgedOn: today(), acknowledgedBy: olu.staff.id, respondBy: addWorkingDays(today(), 10), definition: DEFINITION });
      expect(acknowledged.events.at(-1)).toMatchObject({ type: 'acknowledged', actor: { kind: 'staff', staffId: olu.staff.id, name: 'Olu Officer' } });
      expect(acknowledged.availableActions).toContain('respond');

      const amended = await act('olu', reference, 'amend-definition', VALID_BODIES['amend-definition']());
      expect(amended.stages[0].definition.understanding).toBe('Mould in the bedroom and the kitchen.');
      expect(amended.category).toBe('damp_and_mould');

      const asked = await act('olu', reference, 'ask-clarification', VALID_BODIES['ask-clarification']());
      expect(asked.clarifications).toEqual([{ id: 'q1', stage: 1, question: 'Which rooms have mould?', askedOn: today() }]);

      const extended = await act('olu', reference, 'extend', VALID_BODIES.extend());
      expect(extended.stages[0]).toMatchObject({ respondBy: addWorkingDays(today(), 15), extendedBy: 5, extensionLimit: 10 });
      expect(extended.stages[0].extensions[0]).toMatchObject({ workingDays: 5, reason: 'The surveyor can only come next week.', exceptional: false });
      // Code 6.5: the extension notice carries the Ombudsman's details.
      expect(extended.events.at(-1).data.ombudsman.phone).toBe('0300 111 3000');

      const interval = await act('olu', reference, 'agree-update-interval', VALID_BODIES['agree-update-interval']());
      expect(interval.updateInterval).toEqual({ workingDays: 5, agreedOn: today(), note: 'Agreed by phone.' });
      expect(interval.nextUpdateDue).toBe(addWorkingDays(today(), 5));

      const updated = await act('olu', reference, 'send-update', VALID_BODIES['send-update']());
      expect(updated.events.at(-1)).toMatchObject({ type: 'update_sent', data: { message: 'The surveyor comes on Monday.' } });

      const responded = await act('olu', reference, 'respond', RESPOND());
      expect(responded).toMatchObject({ status: 'responded', stage: 1 });
      // Code 6.9: every part of the response, as parts.
      expect(responded.stages[0].response).toMatchObject({
        stage: 1,
        outcome: 'partly_upheld',
        decisions: [
          { point: 'The repair did not last', decision: 'upheld' },
          { point: 'Nobody came back', decision: 'partly_upheld' },
        ],
        escalation: { to: 'stage_2' },
      });
      expect(responded.items.map((i: { id: string }) => i.id)).toEqual(['s1-remedy-1', 's1-action-1']);
      expect(responded.stages[0].respondedBy).toBe(olu.staff.id);

      const completed = await act('olu', reference, 'complete-action', VALID_BODIES['complete-action']());
      expect(completed.items[0]).toMatchObject({ id: 's1-remedy-1', completedOn: today(), completedNote: 'Done on the visit.' });
      const again = await refused('olu', reference, 'complete-action', VALID_BODIES['complete-action']());
      expect(again).toEqual({ status: 422, error: { code: 'validation', issues: [{ path: ['itemId'], code: 'already_done' }] } });

      // Emails for the receipt, the acknowledgement, the question, the extension and the response (and none for the rest).
      expect(await mailJobsOf(reference)).toEqual(['received', 'acknowledged', 'clarification_requested', 'extended', 'responded']);
    });

    it('stage 2: recorded for the resident, not decided by the stage 1 officer (Code 6.13), decided by another; a new issue logged (6.8)', async () => {
      const { reference } = await makeComplaint(database.db);
      await act('olu', reference, 'acknowledge', VALID_BODIES.acknowledge());
      await act('olu', reference, 'respond', RESPOND());

      const escalated = await act('nia', reference, 'escalate-for-resident', VALID_BODIES['escalate-for-resident']());
      expect(escalated).toMatchObject({ status: 'escalation_requested', stage: 2 });
      // Code 6.11: acknowledged within 5 working days of the request.
      expect(escalated.nextDeadline).toMatchObject({ kind: 'acknowledge', stage: 2, dueOn: addWorkingDays(today(), 5) });
      expect(escalated.stage1DecidedBy).toEqual({ staffId: staff.olu.staff.id, name: 'Olu Officer' });

      // The officer who decided stage 1 is offered neither, and refused both.
      const forOlu = await (await staffGet(app, staff.olu.cookie, `/${reference}`)).json();
      expect(forOlu.availableActions).not.toContain('acknowledge');
      const forNia = await (await staffGet(app, staff.nia.cookie, `/${reference}`)).json();
      expect(forNia.availableActions).toContain('acknowledge');
      const before = await stored();
      expect(await refused('olu', reference, 'acknowledge', VALID_BODIES.acknowledge())).toEqual({
        status: 403,
        error: { code: 'same_officer_stage2', issues: [{ path: ['url'], code: 'same_officer_stage2' }] },
      });

      const acknowledged = await act('admin', reference, 'acknowledge', VALID_BODIES.acknowledge());
      expect(acknowledged.stages[1]).toMatchObject({ stage: 2, acknowledgedBy: staff.admin.staff.id, respondBy: addWorkingDays(today(), 20) });
      const after = await stored();
      const stage2Response = { ...RESPOND(), remedies: [{ description: 'Pay £50 for the delay', dueOn: addWorkingDays(today(), 5) }], actions: [] };
      expect(await refused('olu', reference, 'respond', stage2Response)).toMatchObject({ status: 403, error: { code: 'same_officer_stage2' } });
      expect(await stored()).toEqual(after);
      expect(after.events).toBe(before.events + 1);

      const closed = await act('admin', reference, 'respond', stage2Response);
      expect(closed).toMatchObject({ status: 'closed', stage: 2, closedOn: today() });
      // Code 6.19: the final response says how to go to the Ombudsman.
      expect(closed.stages[1].response.escalation).toMatchObject({ to: 'ombudsman', ombudsman: { phone: '0300 111 3000' } });

      const logged = await act('olu', reference, 'log-new-complaint', { description: 'The fence blew down.', reason: 'response_issued' });
      const newReference = logged.newComplaints[0].reference;
      expect(logged.newComplaints).toEqual([{ reference: newReference, on: today(), reason: 'response_issued' }]);
      const newCase = await (await staffGet(app, staff.olu.cookie, `/${newReference}`)).json();
      expect(newCase).toMatchObject({ status: 'received', stage: 1, complaint: { description: 'The fence blew down.', desiredOutcome: null } });
      expect(await mailJobsOf(reference)).toEqual(['received', 'acknowledged', 'responded', 'acknowledged', 'responded']);
    });

    it('not accepting needs one of the policy exclusions and an explanation (Code 2.1-2.4), and tells the resident', async () => {
      const { reference } = await makeComplaint(database.db);
      const before = await stored();
      expect(await refused('olu', reference, 'not-accept', {})).toEqual({
        status: 422,
        error: { code: 'validation', issues: [{ path: ['exclusion'], code: 'required' }, { path: ['explanation'], code: 'required' }] },
      });
      const blanket = await refused('olu', reference, 'not-accept', { exclusion: 'too_old', explanation: '   ' });
      expect(blanket.error.issues).toEqual([{ path: ['exclusion'], code: 'choice' }, { path: ['explanation'], code: 'required' }]);
      expect(await stored()).toEqual(before);

      const notAccepted = await act('olu', reference, 'not-accept', VALID_BODIES['not-accept']());
      expect(notAccepted).toMatchObject({ status: 'not_accepted', notAccepted: { exclusion: 'legal_proceedings', on: today() } });
      expect(notAccepted.events.at(-1).data.ombudsman.phone).toBe('0300 111 3000');
      expect(await refused('olu', reference, 'acknowledge', VALID_BODIES.acknowledge())).toEqual({
        status: 409,
        error: { code: 'not_allowed_now', issues: [{ path: ['url'], code: 'not_allowed_now' }] },
      });
      expect(await mailJobsOf(reference)).toEqual(['received', 'not_accepted']);
    });

    it('refuses an escalation the resident asked for (Code 5.11), only when one was asked for', async () => {
      const { reference, token } = await makeComplaint(database.db);
      expect(await refused('olu', reference, 'refuse-escalation', VALID_BODIES['refuse-escalation']())).toMatchObject({ status: 409, error: { code: 'not_allowed_now' } });
      await act('olu', reference, 'acknowledge', VALID_BODIES.acknowledge());
      await act('olu', reference, 'respond', RESPOND());
      expect((await residentPost(app, reference, token, 'escalate', {})).status).toBe(200);
      const refusedEscalation = await act('nia', reference, 'refuse-escalation', VALID_BODIES['refuse-escalation']());
      expect(refusedEscalation).toMatchObject({ status: 'escalation_refused', escalationRefused: { exclusion: 'previously_considered' } });
      expect(await mailJobsOf(reference)).toEqual(['received', 'acknowledged', 'responded', 'escalation_refused']);
    });

    it('records a withdrawal and an escalation the resident asked for another way, with their checks', async () => {
      const { reference } = await makeComplaint(database.db);
      expect(await refused('olu', reference, 'escalate-for-resident', VALID_BODIES['escalate-for-resident']())).toEqual({
        status: 409,
        error: { code: 'escalation_not_open', issues: [{ path: ['url'], code: 'escalation_not_open' }] },
      });
      const future = await refused('olu', reference, 'escalate-for-resident', { requestedOn: addWorkingDays(today(), 3) });
      expect(future).toMatchObject({ status: 422, error: { issues: [{ path: ['requestedOn'], code: 'date_future' }] } });
      expect((await refused('olu', reference, 'withdraw', {})).error.issues).toEqual([{ path: ['reason'], code: 'required' }]);
      const withdrawn = await act('olu', reference, 'withdraw', VALID_BODIES.withdraw());
      expect(withdrawn).toMatchObject({ status: 'withdrawn', withdrawnOn: today(), nextDeadline: null });
      expect(withdrawn.events.at(-1)).toMatchObject({ type: 'withdrawn', data: { reason: 'The resident phoned to withdraw it.' } });

      // Late at stage 1 (never acknowledged): the resident may escalate, here by phone two days ago.
      const late = await makeComplaint(database.db, { receivedAt: daysAgo(20) });
      const requestedOn = londonDate(daysAgo(2));
      const escalated = await act('olu', late.reference, 'escalate-for-resident', { requestedOn });
      expect(escalated.stages[1]).toMatchObject({ startedOn: requestedOn, acknowledgeBy: addWorkingDays(requestedOn, 5) });
    });

    it('are each described in the OpenAPI document, the routes the same as the schemas', async () => {
      expect(Object.keys(STAFF_ACTION_ROUTES).sort()).toEqual([...ACTIONS].sort());
      const doc = await (await app.request('/api/openapi.json')).json();
      for (const action of ACTIONS) expect(doc.paths[`/api/staff/complaints/{reference}/${action}`]?.post, action).toBeDefined();
      for (const path of ['/api/staff/complaints', '/api/staff/complaints/reports', '/api/staff/complaints/{reference}']) {
        expect(doc.paths[path]?.get, path).toBeDefined();
      }
    });

    it('sends an action once however often it is sent with the same Idempotency-Key', async () => {
      const { reference } = await makeComplaint(database.db);
      const key = randomUUID();
      const body = VALID_BODIES['ask-clarification']();
      const first = await staffPost(app, staff.olu.cookie, reference, 'ask-clarification', body, { 'Idempotency-Key': key });
      const second = await staffPost(app, staff.olu.cookie, reference, 'ask-clarification', body, { 'Idempotency-Key': key });
      expect([first.status, second.status]).toEqual([200, 200]);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect((await second.json()).clarifications).toHaveLength(1);
      const other = await staffPost(app, staff.olu.cookie, reference, 'send-update', VALID_BODIES['send-update'](), { 'Idempotency-Key': key });
      expect(other.status).toBe(409);
      expect((await other.json()).error.code).toBe('idempotency_conflict');
      const badKey = await staffPost(app, staff.olu.cookie, reference, 'send-update', VALID_BODIES['send-update'](), { 'Idempotency-Key': 'nope' });
      expect(badKey.status).toBe(400);
    });
  });

  describe("the Code's refusals", () => {
    it('extensions: at most 10 working days at stage 1 without an exceptional reason (Code 6.4)', async () => {
      const { reference } = await makeComplaint(database.db);
      await act('olu', reference, 'acknowledge', VALID_BODIES.acknowledge());
      await act('olu', reference, 'extend', { workingDays: 10, reason: 'Waiting for a specialist report.' });
      const before = await stored();
      expect(await refused('olu', reference, 'extend', { workingDays: 1, reason: 'One more day.' })).toEqual({
        status: 422,
        error: { code: 'validation', issues: [{ path: ['exceptionalReason'], code: 'extension_limit' }] },
      });
      const bad = await refused('olu', reference, 'extend', { workingDays: 0, reason: '' });
      expect(bad.error.issues).toEqual([{ path: ['workingDays'], code: 'number_range' }, { path: ['reason'], code: 'required' }]);
      expect(await stored()).toEqual(before);
      const exceptional = await act('olu', reference, 'extend', { workingDays: 5, reason: 'The report is late.', exceptionalReason: 'The specialist is ill.' });
      expect(exceptional.stages[0]).toMatchObject({ extendedBy: 15, respondBy: addWorkingDays(today(), 25) });
      expect(exceptional.stages[0].extensions[1]).toMatchObject({ exceptional: true, exceptionalReason: 'The specialist is ill.' });
      expect(await mailJobsOf(reference)).toEqual(['received', 'acknowledged', 'extended', 'extended']);
    });

    it('a response lacking what Code 6.9 requires is refused, naming each missing part', async () => {
      const { reference } = await makeComplaint(database.db);
      await act('olu', reference, 'acknowledge', VALID_BODIES.acknowledge());
      const before = await stored();
      const empty = await refused('olu', reference, 'respond', {});
      expect(empty.status).toBe(422);
      expect(empty.error.issues).toEqual(
        expect.arrayContaining([
          { path: ['decisions'], code: 'required' },
          { path: ['remedies'], code: 'required' },
          { path: ['actions'], code: 'required' },
        ]),
      );
      const noReasons = await refused('olu', reference, 'respond', { ...RESPOND(), decisions: [{ decision: 'upheld', reasons: '' }, { decision: 'maybe', reasons: 'x' }] });
      expect(noReasons.error.issues).toEqual([{ path: ['decisions', 0, 'reasons'], code: 'required' }, { path: ['decisions', 1, 'decision'], code: 'choice' }]);
      // Code 6.7: a decision on every point of the definition.
      const onePoint = await refused('olu', reference, 'respond', { ...RESPOND(), decisions: [{ decision: 'upheld', reasons: 'Yes.' }] });
      expect(onePoint).toEqual({ status: 422, error: { code: 'validation', issues: [{ path: ['decisions'], code: 'decisions_mismatch' }] } });
      // Code 7.1: upheld means a remedy.
      const noRemedy = await refused('olu', reference, 'respond', { ...RESPOND(), remedies: [] });
      expect(noRemedy.error.issues).toEqual([{ path: ['remedies'], code: 'remedy_required' }]);
      // Code 7.3: by when, and not in the past.
      const past = await refused('olu', reference, 'respond', { ...RESPOND(), actions: [{ description: 'Visit', dueOn: '2020-01-06' }] });
      expect(past.error.issues).toEqual([{ path: ['actions', 0, 'dueOn'], code: 'date_past' }]);
      expect(await stored()).toEqual(before);
    });
  });

  describe('who may do what', () => {
    it('signed out: 401 for every staff endpoint, nothing stored', async () => {
      const { reference } = await makeComplaint(database.db);
      const before = await stored();
      const answers: Response[] = [];
      for (const path of ['', '?stage=1', '/reports', '/reports?format=csv', `/${reference}`]) answers.push(await staffGet(app, null, path));
      for (const action of ACTIONS) answers.push(await post(app, `/api/staff/complaints/${reference}/${action}`, VALID_BODIES[action](), { 'sec-fetch-site': 'same-origin' }));
      // A session that ended is signed out too.
      const ended = await signInStaff(app, database.db, { role: 'officer' });
      await app.request('/api/staff/sign-out', { method: 'POST', headers: { cookie: ended.cookie, 'sec-fetch-site': 'same-origin' } });
      answers.push(await staffPost(app, ended.cookie, reference, 'acknowledge', VALID_BODIES.acknowledge()));
      answers.push(await staffGet(app, ended.cookie, ''));
      for (const response of answers) {
        expect(response.status, response.url).toBe(401);
        expect(await response.json()).toEqual({ error: { code: 'staff_signed_out', issues: [{ path: ['headers', 'cookie'], code: 'staff_signed_out' }] } });
      }
      expect(answers).toHaveLength(5 + ACTIONS.length + 2);
      expect(await stored()).toEqual(before);
    });

    it("no resident credential does a staff action: the complaint's own access token opens nothing here", async () => {
      const { reference, token } = await makeComplaint(database.db);
      const bearer = { Authorization: `Bearer ${token}` };
      const before = await stored();
      for (const path of ['', '/reports', `/${reference}`]) expect((await staffGet(app, null, path, bearer)).status).toBe(401);
      for (const action of ACTIONS) {
        const response = await post(app, `/api/staff/complaints/${reference}/${action}`, VALID_BODIES[action](), { ...bearer, 'sec-fetch-site': 'same-origin' });
        expect(response.status, action).toBe(401);
        expect((await response.json()).error.code).toBe('staff_signed_out');
        // Nor through the resident's own address: only the resident's actions are there (withdrawing and
        // sending a message are both; the resident's own are tested in lifecycle.test.ts and messages.test.ts).
        if (action === 'withdraw' || action === 'send-message') continue;
        const residentSide = await residentPost(app, reference, token, action, VALID_BODIES[action]());
        expect(residentSide.status, action).toBe(404);
      }
      expect(await stored()).toEqual(before);
      const [row] = await database.db.select({ status: complaints.status }).from(complaints).where(eq(complaints.reference, reference));
      expect(row!.status).toBe('received');
    });

    it('from another site: 403 for every action, even signed in, nothing stored', async () => {
      const { reference } = await makeComplaint(database.db);
      const before = await stored();
      for (const action of ACTIONS) {
        const bySite = await staffPost(app, staff.admin.cookie, reference, action, VALID_BODIES[action](), { 'sec-fetch-site': 'cross-site' });
        expect(bySite.status, action).toBe(403);
        expect(await bySite.json()).toEqual({ error: { code: 'cross_site', issues: [{ path: ['headers', 'sec-fetch-site'], code: 'cross_site' }] } });
        // A browser that sends no Sec-Fetch-Site: by Origin.
        const byOrigin = await post(app, `/api/staff/complaints/${reference}/${action}`, VALID_BODIES[action](), {
          cookie: staff.admin.cookie,
          origin: 'https://evil.example',
        });
        expect(byOrigin.status, action).toBe(403);
        expect((await byOrigin.json()).error.code).toBe('cross_site');
      }
      expect(await stored()).toEqual(before);
    });

    it('an unknown complaint or action is not found', async () => {
      const { reference } = await makeComplaint(database.db);
      for (const response of [
        await staffGet(app, staff.olu.cookie, '/ZZZZ-ZZZZ'),
        await staffGet(app, staff.olu.cookie, '/not-a-reference'),
        await staffPost(app, staff.olu.cookie, 'ZZZZ-ZZZZ', 'acknowledge', VALID_BODIES.acknowledge()),
        await staffPost(app, staff.olu.cookie, reference, 'answer-clarification', { clarificationId: 'q1', answer: 'x' }),
        await staffPost(app, staff.olu.cookie, reference, 'delete', {}),
      ]) {
        expect(response.status).toBe(404);
        expect(await response.json()).toEqual({ error: { code: 'not_found', issues: [{ path: ['url'], code: 'not_found' }] } });
      }
      // A reference typed as a person might: found.
      expect((await staffGet(app, staff.olu.cookie, `/${reference.toLowerCase().replace('-', '')}`)).status).toBe(200);
    });
  });

  describe('the queue', () => {
    it('lists open complaints by next deadline, overdue and due soon marked, filtered by stage and status', async () => {
      const overdue = await makeComplaint(database.db, { receivedAt: daysAgo(20) });
      const fresh = await makeComplaint(database.db);
      const acknowledged = await makeComplaint(database.db);
      await act('olu', acknowledged.reference, 'acknowledge', VALID_BODIES.acknowledge());
      const stage2 = await makeComplaint(database.db, { receivedAt: daysAgo(20) });
      await act('olu', stage2.reference, 'escalate-for-resident', { requestedOn: londonDate(daysAgo(1)) });
      const withdrawn = await makeComplaint(database.db);
      await act('olu', withdrawn.reference, 'withdraw', VALID_BODIES.withdraw());

      const response = await staffGet(app, staff.olu.cookie, '');
      expect(response.status).toBe(200);
      const queue = await response.json();
      expect(queue).toMatchObject({ today: today(), filters: { stage: null, status: 'open' }, limit: 500 });
      const references = queue.complaints.map((c: { reference: string }) => c.reference);
      // Mine in deadline order: overdue acknowledgement, then the new ones' (5 working days), then a response (10).
      const mine = references.filter((r: string) => [overdue, fresh, stage2, acknowledged].some((c) => c.reference === r));
      expect(mine).toEqual([overdue.reference, expect.any(String), expect.any(String), acknowledged.reference]);
      expect(references).not.toContain(withdrawn.reference);
      // The whole queue is in order of next deadline.
      const dates = queue.complaints.map((c: { nextDeadline: { dueOn: string } | null }) => c.nextDeadline?.dueOn ?? '9999');
      expect(dates).toEqual([...dates].sort());
      const first = queue.complaints.find((c: { reference: string }) => c.reference === overdue.reference);
      expect(first).toMatchObject({
        residentName: 'Amina Okafor',
        stage: 1,
        status: 'received',
        nextDeadline: { kind: 'acknowledge', state: 'overdue' },
      });
      expect(first.flags).toEqual(expect.arrayContaining(['adjustments', 'overdue', 'older_than_12_months']));
      expect(queue.counts.overdue).toBe(queue.complaints.filter((c: { nextDeadline: { state: string } | null }) => c.nextDeadline?.state === 'overdue').length);
      expect(queue.counts.overdue).toBeGreaterThanOrEqual(1);
      expect(queue.counts.shown).toBe(queue.complaints.length);

      const stage2Only = await (await staffGet(app, staff.olu.cookie, '?stage=2')).json();
      expect(stage2Only.complaints.map((c: { reference: string }) => c.reference)).toContain(stage2.reference);
      expect(stage2Only.complaints.every((c: { stage: number }) => c.stage === 2)).toBe(true);
      const stage2Row = stage2Only.complaints.find((c: { reference: string }) => c.reference === stage2.reference);
      expect(stage2Row.nextDeadline).toMatchObject({ kind: 'acknowledge', dueOn: addWorkingDays(londonDate(daysAgo(1)), 5) });

      const withdrawnOnly = await (await staffGet(app, staff.admin.cookie, '?status=withdrawn')).json();
      expect(withdrawnOnly.complaints.map((c: { reference: string }) => c.reference)).toContain(withdrawn.reference);
      expect(withdrawnOnly.complaints.every((c: { status: string }) => c.status === 'withdrawn')).toBe(true);
      const all = await (await staffGet(app, staff.olu.cookie, '?status=all&stage=')).json();
      expect(all.complaints.map((c: { reference: string }) => c.reference)).toEqual(expect.arrayContaining([withdrawn.reference, overdue.reference]));
      const ack = await (await staffGet(app, staff.olu.cookie, '?status=acknowledged&stage=1')).json();
      expect(ack.complaints.map((c: { reference: string }) => c.reference)).toContain(acknowledged.reference);
      expect(ack.complaints.every((c: { status: string; stage: number }) => c.status === 'acknowledged' && c.stage === 1)).toBe(true);

      for (const [query, issues] of [
        ['?status=lost', [{ path: ['status'], code: 'choice' }]],
        ['?stage=3', [{ path: ['stage'], code: 'choice' }]],
        ['?colour=red', [{ path: ['colour'], code: 'unknown_field' }]],
      ] as const) {
        const bad = await staffGet(app, staff.olu.cookie, query);
        expect(bad.status, query).toBe(422);
        expect(await bad.json()).toEqual({ error: { code: 'validation', issues } });
      }
    });
  });

  describe('the figures (Code 8.1, 9.7)', () => {
    // Received in a month no other test here uses.
    const period = '?from=2026-06-01&to=2026-06-30';

    it('count complaints received in a period, as JSON and as a CSV file', async () => {
      const late = await makeComplaint(database.db, { receivedAt: new Date('2026-06-15T09:00:00Z') });
      const refusedOne = await makeComplaint(database.db, { receivedAt: new Date('2026-06-16T09:00:00Z') });
      // Never acknowledged: overdue now.
      await makeComplaint(database.db, { receivedAt: new Date('2026-06-30T16:00:00Z') });
      // Received on 1 July in London (an hour after midnight, in summer time): outside the period.
      await makeComplaint(database.db, { receivedAt: new Date('2026-06-30T23:30:00Z') });
      await act('olu', late.reference, 'acknowledge', { ...VALID_BODIES.acknowledge(), category: 'repairs' });
      await act('olu', refusedOne.reference, 'not-accept', VALID_BODIES['not-accept']());

      const response = await staffGet(app, staff.olu.cookie, `/reports${period}`);
      expect(response.status).toBe(200);
      const report = await response.json();
      expect(report).toMatchObject({
        period: { from: '2026-06-01', to: '2026-06-30' },
        generatedOn: today(),
        received: 3,
        byStage: { stage1: 3, stage2: 0 },
        byStatus: { acknowledged: 1, not_accepted: 1, received: 1 },
        byCategory: { repairs: 1, uncategorised: 2 },
        notAcceptedByExclusion: { legal_proceedings: 1, over_12_months: 0 },
        // Acknowledged months after the 5 working days of Code 6.2.
        timeliness: { stage1: { acknowledged: 1, acknowledgedWithinTimescale: 0, acknowledgedWithinTimescaleShare: 0, responded: 0, respondedWithinTimescaleShare: null } },
        overdueNow: 1,
      });

      const csv = await staffGet(app, staff.admin.cookie, `/reports${period}&format=csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(csv.headers.get('content-disposition')).toBe('attachment; filename="complaints-2026-06-01-to-2026-06-30.csv"');
      const text = await csv.text();
      expect(text.split('\r\n')[0]).toBe('section,stage,measure,value');
      for (const line of ['received,,complaints,3', 'by_status,,not_accepted,1', 'by_category,,repairs,1', 'not_accepted,,legal_proceedings,1', 'timeliness,1,acknowledgedWithinTimescale,0']) {
        expect(text).toContain(`\r\n${line}\r\n`);
      }
    });

    it('cover the financial year so far unless told; a period that ends before it starts is refused', async () => {
      const report = await (await staffGet(app, staff.olu.cookie, '/reports')).json();
      expect(report.period).toEqual({ from: financialYearStart(today()), to: today() });
      expect(financialYearStart('2026-12-02')).toBe('2026-04-01');
      expect(financialYearStart('2027-03-31')).toBe('2026-04-01');
      expect(financialYearStart('2027-04-01')).toBe('2027-04-01');
      for (const [query, issues] of [
        ['?from=2026-06-30&to=2026-06-01', [{ path: ['to'], code: 'date_invalid' }]],
        ['?from=2026-13-01', [{ path: ['from'], code: 'date_invalid' }]],
        [`?from=${addWorkingDays(today(), 5)}`, [{ path: ['from'], code: 'date_invalid' }]],
        ['?format=xml', [{ path: ['format'], code: 'choice' }]],
      ] as const) {
        const bad = await staffGet(app, staff.olu.cookie, `/reports${query}`);
        expect(bad.status, query).toBe(422);
        expect(await bad.json()).toEqual({ error: { code: 'validation', issues } });
      }
    });
  });
});
