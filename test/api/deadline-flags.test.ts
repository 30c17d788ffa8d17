/**
 * The daily deadline check for officers, run as a job, on PGlite and PostgreSQL.
 */
import os from 'node:os';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import type { Database } from '../../server/db/client.ts';
import { complaintEvents, complaints, jobs } from '../../server/db/schema.ts';
import { DEADLINE_FLAGS_JOB, flagDeadlines, scheduleDeadlineFlags } from '../../server/jobs/deadline-flags.ts';
import { jobHandlers } from '../../server/jobs/index.ts';
import { createJobWorker } from '../../server/jobs/worker.ts';
import { createMailer } from '../../server/mail/transport.ts';
import { addWorkingDays, londonDate } from '../../shared/working-days.ts';
import { newKey, postJson, validComplaint } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';

const TODAY = '2026-12-02';
const yesterday = '2026-12-01';

describe.each(DATABASE_KINDS)('the deadline check on %s', (kind) => {
  let database: Database;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await freshDatabase(kind);
    const app = createApp({ database });
    // Each complaint's next deadline as the lifecycle writes it (before acknowledgement: the acknowledge-by
    // date, Code 6.2). A closed complaint owes nothing, whatever its acknowledge-by date was.
    const cases: Record<string, { due: string; status?: string }> = {
      overdue: { due: yesterday },
      dueToday: { due: TODAY },
      dueIn2: { due: addWorkingDays(TODAY, 2) },
      dueIn3: { due: addWorkingDays(TODAY, 3) },
      closedLate: { due: yesterday, status: 'closed' },
    };
    for (const [name, { due, status }] of Object.entries(cases)) {
      const response = await postJson(app, validComplaint(), newKey());
      const { reference } = (await response.json()) as { reference: string };
      const owes = status === undefined;
      const [row] = await database.db
        .update(complaints)
        .set({ acknowledgeBy: due, status: status ?? 'received', nextDeadlineOn: owes ? due : null, nextDeadlineKind: owes ? 'acknowledge' : null })
        .where(eq(complaints.reference, reference))
        .returning({ id: complaints.id });
      ids[name] = row!.id;
    }
  });

  afterAll(() => database.close());

  const flags = async () =>
    Object.fromEntries(
      await Promise.all(
        Object.entries(ids).map(async ([name, id]) => {
          const [row] = await database.db.select().from(complaints).where(eq(complaints.id, id));
          return [name, [row!.deadlineFlag, row!.flaggedOn]];
        }),
      ),
    );
  const flagEvents = () =>
    database.db
      .select({ complaintId: complaintEvents.complaintId, actor: complaintEvents.actor, data: complaintEvents.data })
      .from(complaintEvents)
      .where(eq(complaintEvents.type, 'deadline_flagged'))
      .orderBy(asc(complaintEvents.id));

  it('marks overdue and due-soon cases, and records an event only when a mark changes', async () => {
    const changes = await flagDeadlines(database.db, TODAY);
    expect(changes).toHaveLength(3);
    expect(await flags()).toEqual({
      overdue: ['overdue', TODAY],
      dueToday: ['due_soon', TODAY],
      dueIn2: ['due_soon', TODAY],
      dueIn3: [null, TODAY],
      closedLate: [null, null],
    });
    const events = await flagEvents();
    expect(events).toHaveLength(3);
    expect(events.find((e) => e.complaintId === ids.overdue)).toMatchObject({
      actor: 'system',
      // The lifecycle's own shape (shared/lifecycle-events.ts), as the console shows it.
      data: { kind: 'acknowledge', stage: 1, dueOn: yesterday, state: 'overdue' },
    });
    // The same day again changes nothing.
    expect(await flagDeadlines(database.db, TODAY)).toHaveLength(0);
    expect(await flagEvents()).toHaveLength(3);
    // The next working day: the one due today is now overdue; the one 3 days away is due soon.
    const next = addWorkingDays(TODAY, 1);
    const later = await flagDeadlines(database.db, next);
    expect(later.map((c) => [Object.keys(ids).find((k) => ids[k] === c.complaintId), c.flag]).sort()).toEqual([
      ['dueIn3', 'due_soon'],
      ['dueToday', 'overdue'],
    ]);
  });

  it('is queued once a day however many workers schedule it, and runs as a job', async () => {
    await database.db.execute(sql`delete from jobs`);
    const now = new Date();
    await scheduleDeadlineFlags(database.db, now);
    await scheduleDeadlineFlags(database.db, now);
    const queued = await database.db.select().from(jobs).where(eq(jobs.kind, DEADLINE_FLAGS_JOB));
    expect(queued).toHaveLength(1);
    expect(queued[0]!.key).toBe(`${DEADLINE_FLAGS_JOB}:${londonDate(now)}`);
    const db = database.db;
    const lines: string[] = [];
    const mailer = createMailer({ dataDir: os.tmpdir(), log: () => {} });
    const worker = createJobWorker({
      db,
      handlers: jobHandlers({ db, dataDir: os.tmpdir(), mailFrom: 'x@example.org', publicUrl: 'http://localhost', mailer, log: (l) => lines.push(l) }),
      schedule: (d) => scheduleDeadlineFlags(d),
      log: () => {},
    });
    // The receipts of the complaints above are mail jobs too; run everything due.
    while ((await worker.runOnce()) > 0);
    const [job] = await database.db.select().from(jobs).where(eq(jobs.kind, DEADLINE_FLAGS_JOB));
    expect(job!.doneAt).toBeInstanceOf(Date);
    expect(lines).toContainEqual(expect.stringContaining(`deadline check for ${londonDate(now)}`));
    const [row] = await database.db.select().from(complaints).where(eq(complaints.id, ids.dueIn3!));
    expect(row!.flaggedOn).toBe(londonDate(now));
    // Scheduled again the same day: nothing new to run.
    expect(await worker.runOnce()).toBe(0);
  });
});
