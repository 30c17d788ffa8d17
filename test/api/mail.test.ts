/**
 * Email as jobs in the database, sent to a real SMTP server (smtp-server) and
 * read back with mailparser, on embedded PGlite and on PostgreSQL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase, type Database, type Db } from '../../server/db/client.ts';
import { complaintEvents, complaints, jobs } from '../../server/db/schema.ts';
import { jobHandlers } from '../../server/jobs/index.ts';
import { createJobWorker, type JobWorker } from '../../server/jobs/worker.ts';
import { MAIL_EVENT_TYPES, formatMailDate } from '../../server/mail/templates.ts';
import { queueMailForEvent } from '../../server/mail/queue.ts';
import { createMailer } from '../../server/mail/transport.ts';
import { OMBUDSMAN } from '../../shared/code.ts';
import { newKey, postJson, representativeComplaint, validComplaint, type Payload } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

const PUBLIC_URL = 'https://complaints.example.org';
const FROM = 'Riverside Complaints <complaints@example.org>';
const SUPPORT_DETAILS = 'Please send letters in large print because of my sight loss.';

function textOf(mail: ParsedMail): string {
  return `${mail.subject}\n${mail.text}\n${typeof mail.html === 'string' ? mail.html : ''}`;
}

async function jobRows(db: Db) {
  return db.select().from(jobs).orderBy(jobs.id);
}

describe.each(DATABASE_KINDS)('email jobs on %s', (kind) => {
  let database: Database & { url?: string };
  let app: ReturnType<typeof createApp>;
  let smtp: TestSmtp;
  const workers: JobWorker[] = [];

  function worker(db: Db = database.db, options: { firstRetryMs?: number; smtpUrl?: string; dataDir?: string } = {}) {
    const mailer = createMailer({ smtpUrl: options.smtpUrl ?? smtp.url, dataDir: options.dataDir ?? os.tmpdir(), log: () => {} });
    const w = createJobWorker({
      db,
      handlers: jobHandlers({ db, dataDir: os.tmpdir(), mailFrom: FROM, publicUrl: PUBLIC_URL, mailer }),
      firstRetryMs: options.firstRetryMs,
      log: () => {},
    });
    workers.push(w);
    return w;
  }

  /** Runs the worker until nothing is due. */
  async function drain(w: JobWorker) {
    while ((await w.runOnce()) > 0);
  }

  async function complain(payload: Payload) {
    const response = await postJson(app, payload, newKey());
    expect(response.status).toBe(201);
    return (await response.json()) as { reference: string; acknowledgeBy: string };
  }

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = createApp({ database });
    smtp = await startSmtp();
  });

  afterAll(async () => {
    await smtp.close();
    await database.close();
  });

  afterEach(async () => {
    smtp.messages.length = 0;
    smtp.refuseNext(0);
    await database.db.execute(sql`delete from jobs`);
  });

  it('sends the receipt: reference, the acknowledge-by date in words, a link back, and no support details', async () => {
    const payload = validComplaint();
    payload.support.details = SUPPORT_DETAILS;
    const receipt = await complain(payload);
    // Queued with the complaint, not sent in the request.
    expect(smtp.messages).toHaveLength(0);
    const [job] = await jobRows(database.db);
    expect(job).toMatchObject({ kind: 'mail', attempts: 0, doneAt: null });

    await drain(worker());
    const [mail] = await smtp.waitFor(1);
    expect(mail!.to).toMatchObject({ text: 'amina@example.org' });
    expect(mail!.from?.value[0]).toMatchObject({ name: 'Riverside Complaints', address: 'complaints@example.org' });
    expect(mail!.subject).toBe(`We have received your complaint ${receipt.reference}`);
    expect(mail!.text).toContain('Dear Amina Okafor,');
    expect(mail!.text).toContain(`Your complaint reference is ${receipt.reference}.`);
    const due = formatMailDate(receipt.acknowledgeBy, 'en');
    expect(due).toMatch(/^\w+day,? \d{1,2} \w+ \d{4}$/);
    expect(mail!.text).toContain(`We will acknowledge it by ${due}`);
    expect(mail!.text).toContain(`${PUBLIC_URL}/drafts`);
    expect(mail!.html).toContain(`<a href="${PUBLIC_URL}/drafts">See your complaint in the app</a>`);
    expect(mail!.html).toMatch(/<html lang="en" dir="ltr">/);
    expect(mail!.headers.get('content-language')).toBe('en');
    for (const secret of [SUPPORT_DETAILS, 'large print', 'sight']) expect(textOf(mail!)).not.toContain(secret);
    expect((await jobRows(database.db))[0]).toMatchObject({ attempts: 1, failedAt: null });
    expect((await jobRows(database.db))[0]!.doneAt).toBeInstanceOf(Date);
  });

  it('writes to the representative as well, saying whom they act for', async () => {
    const receipt = await complain(representativeComplaint());
    await drain(worker());
    const mails = await smtp.waitFor(2);
    const byTo = Object.fromEntries(mails.map((m) => [(m.to as { text: string }).text, m]));
    expect(Object.keys(byTo).sort()).toEqual(['amina@example.org', 'grace@example.org']);
    expect(byTo['grace@example.org']!.text).toContain('Dear Grace Okafor,');
    expect(byTo['grace@example.org']!.text).toContain('you are acting for Amina Okafor');
    expect(byTo['grace@example.org']!.subject).toContain(receipt.reference);
    expect(byTo['amina@example.org']!.text).not.toContain('acting for');
  });

  it('queues nothing for a resident with no email address', async () => {
    const payload = validComplaint();
    payload.resident.email = undefined;
    payload.resident.preferredContact = 'phone';
    await complain(payload);
    expect(await jobRows(database.db)).toHaveLength(0);
  });

  it('writes in the language the complaint was made in: Welsh, and Arabic right to left', async () => {
    const welsh = validComplaint();
    welsh.language = 'cy';
    const cy = await complain(welsh);
    const arabic = validComplaint();
    arabic.language = 'ar';
    arabic.resident.email = 'arabic@example.org';
    const ar = await complain(arabic);
    await drain(worker());
    const mails = await smtp.waitFor(2);
    const cyMail = mails.find((m) => m.subject?.includes(cy.reference))!;
    const arMail = mails.find((m) => m.subject?.includes(ar.reference))!;
    expect(cyMail.subject).toBe(`Rydym wedi cael eich cwyn ${cy.reference}`);
    expect(cyMail.text).toContain(`Byddwn yn ei chydnabod erbyn ${formatMailDate(cy.acknowledgeBy, 'cy')}`);
    expect(formatMailDate('2026-12-09', 'cy')).toBe('Dydd Mercher, 9 Rhagfyr 2026');
    expect(cyMail.html).toMatch(/<html lang="cy" dir="ltr">/);
    // The reference is isolated so its letters and digits keep their order inside Arabic.
    expect(arMail.subject).toBe(`لقد استلمنا شكواك \u2068${ar.reference}\u2069`);
    expect(arMail.html).toMatch(/<html lang="ar" dir="rtl">/);
    expect(arMail.text).toContain(formatMailDate(ar.acknowledgeBy, 'ar'));
    expect(arMail.headers.get('content-language')).toBe('ar');
  });

  it('sends each lifecycle email, with the Ombudsman where the Code asks, and never the support details', async () => {
    const payload = representativeComplaint();
    payload.support.details = SUPPORT_DETAILS;
    const receipt = await complain(payload);
    const [complaint] = await database.db.select().from(complaints).where(eq(complaints.reference, receipt.reference));
    const data: Record<string, Record<string, unknown>> = {
      acknowledged: {
        stage: 1,
        definition: {
          understanding: 'Mould in the bedroom came back after the January repair.',
          outcomeSought: 'Find the cause and fix it.',
          points: ['The repair did not last'],
          responsibleFor: 'The repair and the ventilation.',
          notResponsibleFor: 'Contents insurance.',
        },
        respondBy: '2027-01-15',
      },
      clarification_requested: { question: 'Which bedroom is it?' },
      extended: { stage: 1, workingDays: 10, reason: 'We are waiting for a damp survey.', respondBy: '2027-01-29' },
      responded: { stage: 2 },
      not_accepted: { explanation: 'This is a legal claim already in court.' },
      escalation_refused: { explanation: 'Your complaint was withdrawn.' },
      message_to_resident: {
        messageId: 'm1',
        text: 'The surveyor can come on Tuesday morning.',
        attachments: [{ filename: 'survey.pdf', mediaType: 'application/pdf', size: 900, sha256: '0'.repeat(64) }],
      },
      withdrawn: {},
    };
    await database.db.transaction(async (tx) => {
      for (const [type, eventData] of Object.entries(data)) {
        const [event] = await tx
          .insert(complaintEvents)
          .values({ complaintId: complaint!.id, type, actor: 'officer', at: new Date(), data: eventData })
          .returning({ id: complaintEvents.id });
        await queueMailForEvent(tx, { complaintId: complaint!.id, eventId: event!.id, type });
        // Queuing again (a retried request) adds nothing.
        await queueMailForEvent(tx, { complaintId: complaint!.id, eventId: event!.id, type });
      }
    });
    // 8 email types (receipt included) × resident and representative; `withdrawn` sends none.
    expect(await jobRows(database.db)).toHaveLength(2 * MAIL_EVENT_TYPES.length);
    await drain(worker());
    const mails = await smtp.waitFor(2 * MAIL_EVENT_TYPES.length);
    const forResident = (subject: string) =>
      mails.find((m) => m.subject === `${subject} ${receipt.reference}` && (m.to as { text: string }).text === 'amina@example.org')!;
    const acknowledged = forResident('We have acknowledged your complaint');
    expect(acknowledged.text).toContain('Your complaint:\nMould in the bedroom came back after the January repair.');
    expect(acknowledged.text).toContain('What we are not responsible for:\nContents insurance.');
    expect(acknowledged.text).toContain(`We will respond by ${formatMailDate('2027-01-15', 'en')}.`);
    expect(acknowledged.html).toContain('<h2 style="font-size:1.1em">What you want to happen</h2>');
    expect(forResident('A question about your complaint').text).toContain('Which bedroom is it?');
    const extended = forResident('We need more time to respond to your complaint');
    expect(extended.text).toContain('Why we need more time:\nWe are waiting for a damp survey.');
    expect(extended.text).toContain(`We will now respond by ${formatMailDate('2027-01-29', 'en')}.`);
    // Code 6.5: every extension notice carries the Ombudsman's contact details.
    expect(extended.text).toContain(OMBUDSMAN.phone);
    const responded = forResident('Our response to your complaint');
    expect(responded.text).toContain('This is our final response.');
    expect(responded.text).toContain(OMBUDSMAN.email);
    // Code 6.8: the team's message itself, and that a reply goes on the record from the app.
    const message = forResident('A message about your complaint');
    expect(message.text).toContain('The message:\nThe surveyor can come on Tuesday morning.');
    expect(message.text).toContain('Photos or documents sent with it: 1.');
    expect(message.text).toContain('You can reply in the app');
    for (const refusal of ['We cannot accept your complaint', 'We cannot take your complaint']) {
      const mail = mails.find((m) => m.subject?.startsWith(refusal))!;
      // Code 2.4, 5.11: the explanation and the right to take the decision to the Ombudsman.
      expect(mail.text).toContain('You have the right to ask the Housing Ombudsman to look at this decision.');
      expect(mail.text).toContain(OMBUDSMAN.website);
    }
    expect(mails.find((m) => m.subject?.startsWith('We cannot accept'))!.text).toContain('Why:\nThis is a legal claim');
    for (const mail of mails) {
      for (const secret of [SUPPORT_DETAILS, 'large print', 'sight loss']) expect(textOf(mail)).not.toContain(secret);
    }
  });

  it('queues nothing when the transaction that made the event rolls back', async () => {
    const receipt = await complain(validComplaint());
    await drain(worker());
    await smtp.waitFor(1);
    const [complaint] = await database.db.select().from(complaints).where(eq(complaints.reference, receipt.reference));
    await expect(
      database.db.transaction(async (tx) => {
        const [event] = await tx
          .insert(complaintEvents)
          .values({ complaintId: complaint!.id, type: 'responded', actor: 'officer', at: new Date(), data: { stage: 1 } })
          .returning({ id: complaintEvents.id });
        await queueMailForEvent(tx, { complaintId: complaint!.id, eventId: event!.id, type: 'responded' });
        throw new Error('the response failed a later check');
      }),
    ).rejects.toThrow('the response failed a later check');
    expect((await jobRows(database.db)).filter((job) => job.doneAt === null)).toHaveLength(0);
  });

  it('writes .eml files under DATA_DIR/mail/ when no SMTP server is set', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'complaints-mail-'));
    const receipt = await complain(validComplaint());
    const lines: string[] = [];
    const mailer = createMailer({ dataDir, log: (line) => lines.push(line) });
    const w = createJobWorker({
      db: database.db,
      handlers: jobHandlers({ db: database.db, dataDir, mailFrom: FROM, publicUrl: PUBLIC_URL, mailer }),
      log: () => {},
    });
    await drain(w);
    expect(smtp.messages).toHaveLength(0);
    const files = fs.readdirSync(path.join(dataDir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const mail = await simpleParser(fs.readFileSync(path.join(dataDir, 'mail', files[0]!)));
    expect(mail.subject).toBe(`We have received your complaint ${receipt.reference}`);
    expect((mail.to as { text: string }).text).toBe('amina@example.org');
    expect(mail.html).toContain('<a href="https://complaints.example.org/drafts">');
    expect(lines).toEqual([expect.stringContaining(`mail: to amina@example.org "We have received your complaint ${receipt.reference}" written to ${path.join(dataDir, 'mail')}`)]);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('two workers share the jobs without sending any twice', async () => {
    const references = new Set<string>();
    for (let i = 0; i < 16; i++) references.add((await complain(validComplaint())).reference);
    // On PostgreSQL the second worker has its own connection pool, as another process would.
    const second = kind === 'postgres' ? await openDatabase({ databaseUrl: database.url!, poolSize: 4 }) : database;
    try {
      const a = worker(database.db);
      const b = worker(second.db);
      const claimedBy = await Promise.all([a, b].map(async (w) => {
        let n = 0;
        for (let ran = 1; ran > 0; n += ran) ran = await w.runOnce();
        return n;
      }));
      const mails = await smtp.waitFor(16);
      expect(claimedBy[0]! + claimedBy[1]!).toBe(16);
      expect(mails).toHaveLength(16);
      expect(new Set(mails.map((m) => m.subject))).toEqual(new Set([...references].map((r) => `We have received your complaint ${r}`)));
      expect(new Set(mails.map((m) => m.messageId)).size).toBe(16);
      expect((await jobRows(database.db)).every((job) => job.attempts === 1 && job.doneAt)).toBe(true);
    } finally {
      if (second !== database) await second.close();
    }
  });

  it('retries after an SMTP failure with a growing wait, then sends once', async () => {
    const receipt = await complain(validComplaint());
    smtp.refuseNext(2, 451);
    const w = worker(database.db, { firstRetryMs: 400 });
    const before = Date.now();
    expect(await w.runOnce()).toBe(1);
    let [job] = await jobRows(database.db);
    expect(job).toMatchObject({ attempts: 1, doneAt: null, failedAt: null, lockedUntil: null });
    expect(job!.lastError).toMatch(/451/);
    // Not due again until the backoff has passed.
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(before + 400 - 50);
    expect(await w.runOnce()).toBe(0);
    while ((await jobRows(database.db))[0]!.attempts < 2) await w.runOnce();
    [job] = await jobRows(database.db);
    const secondFailure = Date.now();
    // The second wait is twice the first.
    expect(job!.runAt.getTime()).toBeGreaterThanOrEqual(secondFailure + 800 - 400);
    while (!(await jobRows(database.db))[0]!.doneAt) await w.runOnce();
    expect(smtp.refused()).toBeGreaterThanOrEqual(2);
    const mails = await smtp.waitFor(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain(receipt.reference);
    expect((await jobRows(database.db))[0]).toMatchObject({ attempts: 3, failedAt: null });
  });

  it('gives up at once on a permanent refusal (5xx), leaving the job marked failed', async () => {
    await complain(validComplaint());
    smtp.refuseNext(1, 550);
    await worker(database.db, { firstRetryMs: 10 }).runOnce();
    const [job] = await jobRows(database.db);
    expect(job!.failedAt).toBeInstanceOf(Date);
    expect(job!.attempts).toBe(1);
    expect(job!.lastError).toMatch(/550/);
    expect(await worker(database.db).runOnce()).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });
});
