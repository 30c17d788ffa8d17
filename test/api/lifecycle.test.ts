/**
 * The complaint's life through the API, on embedded PGlite and on PostgreSQL: the
 * resident's access and actions (idempotent, validated with field paths), the record
 * kept append-only by the database itself, and the daily sweep.
 */
import { randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/client.ts';
import { complaintAccessTokens, complaintEvents, complaints } from '../../server/db/schema.ts';
import { hashAccessToken } from '../../server/domain/lifecycle/access.ts';
import { applyAction, type RequestedAction } from '../../server/domain/lifecycle/actions.ts';
import { flagDeadlines } from '../../server/jobs/deadline-flags.ts';
import type { Actor } from '../../shared/lifecycle-events.ts';
import { addWorkingDays, londonDate } from '../../shared/working-days.ts';
import { postJson, validComplaint } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import { DEFINITION, daysAgo, makeComplaint, residentGet, residentPost } from '../support/lifecycle.ts';

const OFFICER_1: Actor = { kind: 'staff', staffId: randomUUID(), name: 'Olu Officer' };

describe.each(DATABASE_KINDS)('the complaint lifecycle (%s)', (kind) => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  const today = () => londonDate(new Date());

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = createApp({ database, logError: () => {} });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** An officer's action through the domain layer; must succeed. */
  async function officer(reference: string, action: RequestedAction, actor: Actor = OFFICER_1) {
    const outcome = await applyAction(database.db, { reference, action, actor });
    if (!outcome.ok) throw new Error(`${action.type} refused: ${outcome.code}`);
    return outcome;
  }
  const respond: RequestedAction = {
    type: 'respond',
    decisions: [
      { decision: 'upheld', reasons: 'The repair was not done properly.' },
      { decision: 'upheld', reasons: 'No visit was booked.' },
    ],
    remedies: [{ description: 'Treat the mould and fix the gutter', dueOn: addWorkingDays(londonDate(new Date()), 10) }],
    actions: [],
  };
  async function eventsOf(reference: string) {
    const [row] = await database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, reference));
    return database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, row!.id)).orderBy(asc(complaintEvents.id));
  }

  describe('the record is append-only (Code 5.12)', () => {
    it('refuses to update, delete or truncate an event, and to delete a complaint that has events', async () => {
      const { reference } = await makeComplaint(database.db);
      const [event] = await eventsOf(reference);
      expect(event!.type).toBe('received');
      await expect(database.db.update(complaintEvents).set({ type: 'tampered' }).where(eq(complaintEvents.id, event!.id))).rejects.toThrow();
      await expect(database.db.delete(complaintEvents).where(eq(complaintEvents.id, event!.id))).rejects.toThrow();
      await expect(database.db.execute(sql`TRUNCATE complaint_events CASCADE`)).rejects.toThrow();
      await expect(database.db.delete(complaints).where(eq(complaints.reference, reference))).rejects.toThrow();
      const [after] = await eventsOf(reference);
      expect(after).toEqual(event);
    });

    it('gives a new complaint its acknowledgement deadline for the queue (Code 6.2)', async () => {
      const { reference } = await makeComplaint(database.db);
      const [row] = await database.db.select().from(complaints).where(eq(complaints.reference, reference));
      expect(row!.nextDeadlineOn).toBe(row!.acknowledgeBy);
      expect(row!.nextDeadlineKind).toBe('acknowledge');
    });

    it('gives any other complaint inserted without one the same deadline (the trigger, migrations 0003 and 0007)', async () => {
      const { reference } = await makeComplaint(database.db);
      const [from] = await database.db.select().from(complaints).where(eq(complaints.reference, reference));
      const copy = (overrides: Partial<typeof complaints.$inferInsert>) => {
        const { id: _id, nextDeadlineOn: _on, nextDeadlineKind: _kind, ...rest } = from!;
        return { ...rest, reference: randomUUID().slice(0, 9), idempotencyKey: randomUUID(), acknowledgeBy: '2031-01-08', ...overrides };
      };
      const inserted = (values: typeof complaints.$inferInsert) =>
        database.db.insert(complaints).values(values).returning({ on: complaints.nextDeadlineOn, kind: complaints.nextDeadlineKind });
      expect(await inserted(copy({}))).toEqual([{ on: '2031-01-08', kind: 'acknowledge' }]);
      // Already set, or already past receipt: left as it is.
      expect(await inserted(copy({ nextDeadlineOn: '2031-02-03', nextDeadlineKind: 'respond' }))).toEqual([{ on: '2031-02-03', kind: 'respond' }]);
      expect(await inserted(copy({ status: 'acknowledged' }))).toEqual([{ on: null, kind: null }]);
    });
  });

  describe("the resident's access token", () => {
    it('comes with the receipt of POST /api/complaints; a replayed receipt carries another that opens the same complaint', async () => {
      const key = randomUUID();
      const first = await (await postJson(app, validComplaint(), key)).json();
      const again = await (await postJson(app, validComplaint(), key)).json();
      expect(again.reference).toBe(first.reference);
      expect(again.accessToken).not.toBe(first.accessToken);
      for (const token of [first.accessToken, again.accessToken]) {
        const res = await residentGet(app, first.reference, token);
        expect(res.status).toBe(200);
        expect((await res.json()).reference).toBe(first.reference);
      }
    });

    it("is stored only as a hash: the receipt's on the complaint's row, a replayed receipt's in complaint_access_tokens", async () => {
      const key = randomUUID();
      const first = await (await postJson(app, validComplaint(), key)).json();
      const again = await (await postJson(app, validComplaint(), key)).json();
      const [row] = await database.db
        .select({ id: complaints.id, tokenHash: complaints.accessTokenHash })
        .from(complaints)
        .where(eq(complaints.reference, first.reference));
      expect(row!.tokenHash).toBe(hashAccessToken(first.accessToken));
      const later = await database.db
        .select({ tokenHash: complaintAccessTokens.tokenHash })
        .from(complaintAccessTokens)
        .where(eq(complaintAccessTokens.complaintId, row!.id));
      expect(later).toEqual([{ tokenHash: hashAccessToken(again.accessToken) }]);
      for (const token of [first.accessToken, again.accessToken]) expect(JSON.stringify([row, later])).not.toContain(token);
    });

    it('still opens a complaint with a token issued before the hash moved onto its row (migration 0006)', async () => {
      const { reference, token } = await makeComplaint(database.db);
      // As a complaint received before 0006 is stored: no hash on the row, the token's a row of its own.
      const [row] = await database.db.update(complaints).set({ accessTokenHash: null }).where(eq(complaints.reference, reference)).returning({ id: complaints.id });
      expect((await residentGet(app, reference, token)).status).toBe(401);
      await database.db.insert(complaintAccessTokens).values({ tokenHash: hashAccessToken(token), complaintId: row!.id });
      expect((await residentGet(app, reference, token)).status).toBe(200);
    });

    it('opens its own complaint and no other; a missing, malformed or unknown token gets 401', async () => {
      const mine = await makeComplaint(database.db);
      const theirs = await makeComplaint(database.db);
      const ok = await residentGet(app, mine.reference, mine.token);
      expect(ok.status).toBe(200);
      for (const [reference, token] of [
        [theirs.reference, mine.token],
        [mine.reference, null],
        [mine.reference, 'not-a-token'],
        [mine.reference, 'A'.repeat(43)],
        ['ZZZZ-ZZZZ', mine.token],
      ] as const) {
        const res = await residentGet(app, reference, token);
        expect(res.status, `${reference} ${token}`).toBe(401);
        expect(await res.json()).toEqual({ error: { code: 'access_token', issues: [{ path: ['headers', 'authorization'], code: 'access_token' }] } });
        expect(res.headers.get('www-authenticate')).toBe('Bearer');
      }
      // Nor can it act on another complaint.
      const res = await residentPost(app, theirs.reference, mine.token, 'withdraw', {});
      expect(res.status).toBe(401);
      expect((await database.db.select().from(complaints).where(eq(complaints.reference, theirs.reference)))[0]!.status).toBe('received');
    });

    it("shows the resident their record: deadlines as dates, no officer's name or id, no support details", async () => {
      const { reference, token } = await makeComplaint(database.db, { receivedAt: daysAgo(1) });
      await officer(reference, { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' });
      const body = await (await residentGet(app, reference, token)).json();
      expect(body).toMatchObject({ reference, status: 'acknowledged', stage: 1 });
      expect(body.stages[0].definition).toEqual(DEFINITION);
      const respondBy = addWorkingDays(today(), 10);
      expect(body.nextDeadline).toMatchObject({ kind: 'respond', stage: 1, dueOn: respondBy });
      expect(body.deadlines.map((d: { kind: string }) => d.kind)).toEqual(['acknowledge', 'respond']);
      expect(body.availableActions).toEqual(['request-correction', 'withdraw', 'send-message']);
      expect(body.ombudsman.phone).toBe('0300 111 3000');
      const text = JSON.stringify(body);
      expect(text).not.toContain(OFFICER_1.staffId);
      expect(text).not.toContain(OFFICER_1.name);
      expect(text).not.toContain('large print');
    });
  });

  describe("the resident's actions", () => {
    it('need an Idempotency-Key and a valid body, answered with field paths, storing nothing', async () => {
      const { reference, token } = await makeComplaint(database.db);
      await officer(reference, { type: 'ask_clarification', question: 'Which room is it?' });
      const before = (await eventsOf(reference)).length;

      const noKey = await residentPost(app, reference, token, 'answer-clarification', { clarificationId: 'q1', answer: 'x' }, null);
      expect(noKey.status).toBe(400);
      expect(await noKey.json()).toEqual({ error: { code: 'idempotency_key', issues: [{ path: ['headers', 'idempotency-key'], code: 'required' }] } });

      const bad = await residentPost(app, reference, token, 'answer-clarification', { clarificationId: 'q1', answer: '   ', colour: 'red' });
      expect(bad.status).toBe(422);
      const issues = (await bad.json()).error.issues;
      expect(issues).toEqual(
        expect.arrayContaining([
          { path: ['answer'], code: 'required' },
          { path: ['colour'], code: 'unknown_field' },
        ]),
      );

      const unknown = await residentPost(app, reference, token, 'answer-clarification', { clarificationId: 'q9', answer: 'Bedroom' });
      expect(unknown.status).toBe(422);
      expect(await unknown.json()).toEqual({ error: { code: 'validation', issues: [{ path: ['clarificationId'], code: 'not_found' }] } });

      const malformed = await residentPost(app, reference, token, 'withdraw', '{"reason":');
      expect(malformed.status).toBe(400);
      expect((await malformed.json()).error.code).toBe('malformed_json');

      const noSuchAction = await residentPost(app, reference, token, 'acknowledge', { definition: DEFINITION, category: 'repairs' });
      expect(noSuchAction.status).toBe(404);

      expect((await eventsOf(reference)).length).toBe(before);
    });

    it('answers a clarification once; the clock is not paused', async () => {
      const { reference, token } = await makeComplaint(database.db);
      await officer(reference, { type: 'ask_clarification', question: 'Which room is it?' });
      const res = await residentPost(app, reference, token, 'answer-clarification', { clarificationId: 'q1', answer: 'The back bedroom.' });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.clarifications[0]).toMatchObject({ id: 'q1', answer: 'The back bedroom.', answeredOn: today() });
      expect(body.nextDeadline.dueOn).toBe(addWorkingDays(today(), 5));
      const again = await residentPost(app, reference, token, 'answer-clarification', { clarificationId: 'q1', answer: 'Again' });
      expect(again.status).toBe(422);
      expect((await again.json()).error.issues).toEqual([{ path: ['clarificationId'], code: 'already_done' }]);
    });

    it('sends a correction to the definition once it exists (Code 5.6)', async () => {
      const { reference, token } = await makeComplaint(database.db);
      const early = await residentPost(app, reference, token, 'request-correction', { text: 'It is the kitchen too.' });
      expect(early.status).toBe(409);
      expect(await early.json()).toEqual({ error: { code: 'not_allowed_now', issues: [{ path: ['url'], code: 'not_allowed_now' }] } });
      await officer(reference, { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' });
      const res = await residentPost(app, reference, token, 'request-correction', { text: 'It is the kitchen too.' });
      expect(res.status).toBe(200);
      expect((await res.json()).corrections).toEqual([{ id: 'r1', stage: 1, text: 'It is the kitchen too.', on: today() }]);
      const events = await eventsOf(reference);
      expect(events.at(-1)).toMatchObject({ type: 'correction_requested', actor: 'resident', actorId: null });
    });

    it('escalates with no reason at all (Code 6.12), once, whatever the retries', async () => {
      const { reference, token } = await makeComplaint(database.db);
      const tooEarly = await residentPost(app, reference, token, 'escalate', {});
      expect(tooEarly.status).toBe(409);
      expect(await tooEarly.json()).toEqual({ error: { code: 'escalation_not_open', issues: [{ path: ['url'], code: 'escalation_not_open' }] } });

      await officer(reference, { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' });
      await officer(reference, respond);
      const key = randomUUID();
      const [first, second] = await Promise.all([
        residentPost(app, reference, token, 'escalate', {}, key),
        residentPost(app, reference, token, 'escalate', {}, key),
      ]);
      expect([first.status, second.status]).toEqual([200, 200]);
      const replays = [first, second].filter((r) => r.headers.get('idempotent-replayed') === 'true');
      expect(replays).toHaveLength(1);
      const body = await first.json();
      expect(body).toMatchObject({ status: 'escalation_requested', stage: 2 });
      // Code 6.11: acknowledged within 5 working days of the request.
      expect(body.nextDeadline).toMatchObject({ kind: 'acknowledge', stage: 2, dueOn: addWorkingDays(today(), 5) });
      const escalations = (await eventsOf(reference)).filter((e) => e.type === 'escalation_requested');
      expect(escalations).toHaveLength(1);
      expect(escalations[0]!.data).toEqual({ requestedOn: today(), acknowledgeBy: addWorkingDays(today(), 5) });

      const reused = await residentPost(app, reference, token, 'withdraw', {}, key);
      expect(reused.status).toBe(409);
      expect((await reused.json()).error.code).toBe('idempotency_conflict');
      const again = await residentPost(app, reference, token, 'escalate', { reason: 'Still no fix' });
      expect(again.status).toBe(409);
      expect((await again.json()).error.code).toBe('not_allowed_now');
    });

    it('takes the optional stage 2 box left blank as no reason (Code 6.12), and answers the stage 2 dates the page shows', async () => {
      const { reference, token } = await makeComplaint(database.db);
      await officer(reference, { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' });
      await officer(reference, respond);
      const tooLong = await residentPost(app, reference, token, 'escalate', { reason: 'x'.repeat(10_001) });
      expect(tooLong.status).toBe(422);
      expect((await tooLong.json()).error.issues).toEqual([{ path: ['reason'], code: 'too_long' }]);
      const res = await residentPost(app, reference, token, 'escalate', { reason: '   ' });
      expect(res.status).toBe(200);
      const body = await res.json();
      // Code 6.11, 6.14: acknowledged within 5 working days of the request; answered within 20 of that.
      expect(body.stages[1]).toMatchObject({ stage: 2, startedOn: today(), acknowledgeBy: addWorkingDays(today(), 5), extensions: [] });
      expect(body.availableActions).not.toContain('escalate');
      const escalations = (await eventsOf(reference)).filter((e) => e.type === 'escalation_requested');
      expect(escalations.map((e) => e.data)).toEqual([{ requestedOn: today(), acknowledgeBy: addWorkingDays(today(), 5) }]);
    });

    it('escalates once the landlord is late, before any response', async () => {
      // Received 20 days ago and never acknowledged: the 5 working days have passed.
      const { reference, token } = await makeComplaint(database.db, { receivedAt: daysAgo(20) });
      const res = await residentPost(app, reference, token, 'escalate', { reason: 'No reply at all.' });
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body.stage).toBe(2);
      expect(body.deadlines[0]).toMatchObject({ kind: 'acknowledge', stage: 1, state: 'lapsed', late: true });
    });

    it('records who acted: the representative when they made the complaint (Code 3.6)', async () => {
      const { reference, token } = await makeComplaint(database.db, { by: 'representative' });
      const res = await residentPost(app, reference, token, 'withdraw', { reason: 'Sorted out by phone.' });
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe('withdrawn');
      const events = await eventsOf(reference);
      expect(events.at(-1)).toMatchObject({ type: 'withdrawn', actor: 'representative', data: { reason: 'Sorted out by phone.' } });
      const [row] = await database.db.select().from(complaints).where(eq(complaints.reference, reference));
      expect(row).toMatchObject({ status: 'withdrawn', nextDeadlineOn: null, nextDeadlineKind: null });
    });
  });

  describe('the daily deadline check (server/jobs/deadline-flags.ts)', () => {
    const idOf = async (reference: string) =>
      (await database.db.select().from(complaints).where(eq(complaints.reference, reference)))[0]!;

    it('flags an overdue complaint once, by the system, from its next deadline, and never shows that to the resident', async () => {
      const { reference, token } = await makeComplaint(database.db, { receivedAt: daysAgo(20) });
      const row = await idOf(reference);
      const first = await flagDeadlines(database.db, today());
      expect(first.filter((f) => f.complaintId === row.id)).toEqual([{ complaintId: row.id, flag: 'overdue' }]);
      const second = await flagDeadlines(database.db, today());
      expect(second.filter((f) => f.complaintId === row.id)).toEqual([]);
      const flagged = (await eventsOf(reference)).filter((e) => e.type === 'deadline_flagged');
      expect(flagged).toHaveLength(1);
      expect(flagged[0]!).toMatchObject({ actor: 'system', data: { kind: 'acknowledge', stage: 1, dueOn: row.acknowledgeBy, state: 'overdue' } });
      const view = await (await residentGet(app, reference, token)).json();
      expect(view.events.map((e: { type: string }) => e.type)).toEqual(['received']);
    });

    it("marks a remedy due by the stage that promised it (Code 7.3), while stage 2 is open", async () => {
      const { reference } = await makeComplaint(database.db);
      await officer(reference, { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' });
      await officer(reference, { ...respond, remedies: [{ description: 'Treat the mould', dueOn: today() }] } as RequestedAction);
      await officer(reference, { type: 'escalate_for_resident', requestedOn: today() });
      const row = await idOf(reference);
      expect(row).toMatchObject({ stage: 2, nextDeadlineOn: today(), nextDeadlineKind: 'action' });
      await flagDeadlines(database.db, today());
      const flagged = (await eventsOf(reference)).filter((e) => e.type === 'deadline_flagged');
      expect(flagged.map((e) => e.data)).toEqual([{ kind: 'action', stage: 1, dueOn: today(), state: 'due_soon' }]);
    });
  });
});
