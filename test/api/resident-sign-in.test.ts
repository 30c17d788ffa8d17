/**
 * Residents and representatives signing in by email, on embedded PGlite and on
 * PostgreSQL: the same answer for known and unknown addresses, the link's email read
 * from a real SMTP server, links and sessions stored only as hashes, single use and
 * expiry, the cookie, "your complaints", a session opening only its holder's
 * complaints, removing a representative, signing out, and the limits.
 */
import { createHash, randomUUID } from 'node:crypto';
import os from 'node:os';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { LINK_LIMITS } from '../../server/auth/rate-limit.ts';
import type { Database } from '../../server/db/client.ts';
import { complaintAccessTokens, complaints, jobs, residentSessions, residentSignInLinks } from '../../server/db/schema.ts';
import { jobHandlers } from '../../server/jobs/index.ts';
import { createJobWorker } from '../../server/jobs/worker.ts';
import { createMailer } from '../../server/mail/transport.ts';
import type { MyComplaints } from '../../shared/schemas/sign-in.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import { makeComplaint, post, residentGet } from '../support/lifecycle.ts';
import { openLink, residentCookieFrom, signInResident } from '../support/resident-session.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';
import { SAME_ORIGIN } from '../support/staff.ts';

type App = ReturnType<typeof createApp>;
const PUBLIC_URL = 'https://complaints.example.org';
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

describe.each(DATABASE_KINDS)('residents signing in by email (%s)', (kind) => {
  let database: Database;
  let app: App;
  let httpApp: App;
  let smtp: TestSmtp;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    // Behind a proxy, so each test can come from its own address and the per-client limit stays apart.
    app = createApp({ database, logError: () => {}, publicUrl: PUBLIC_URL, trustProxy: true });
    httpApp = createApp({ database, logError: () => {}, publicUrl: 'http://localhost:3000', trustProxy: true });
    smtp = await startSmtp();
  });
  afterAll(async () => {
    await smtp?.close();
    await database?.close();
  });

  let addressCounter = 0;
  const from = () => ({ 'x-forwarded-for': `203.0.113.${++addressCounter}`, ...SAME_ORIGIN });
  const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.org`;

  const askForLink = (email: string, headers: Record<string, string> = from()) => post(app, '/api/sign-in-links', { email }, headers);
  const get = (path: string, cookie: string) => app.request(path, { headers: { cookie } });
  const mine = async (cookie: string) => (await (await get('/api/my/complaints', cookie)).json()) as MyComplaints;

  /** Sends every due job to the test SMTP server, as a worker process would. */
  async function sendQueued() {
    const mailer = createMailer({ smtpUrl: smtp.url, dataDir: os.tmpdir(), log: () => {} });
    const worker = createJobWorker({
      db: database.db,
      handlers: jobHandlers({ db: database.db, dataDir: os.tmpdir(), mailFrom: 'complaints@example.org', publicUrl: PUBLIC_URL, mailer }),
      log: () => {},
    });
    while ((await worker.runOnce()) > 0);
    mailer.close();
  }

  it('answers a known and an unknown address the same, and emails a link only to the known one, in its complaint\'s language', async () => {
    const known = unique('amina');
    const { reference } = await makeComplaint(database.db, { residentEmail: known, language: 'cy' });
    const nobody = unique('nobody');
    const answers = await Promise.all([askForLink(known.toUpperCase()), askForLink(nobody)]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    const [a, b] = await Promise.all(answers.map((r) => r.text()));
    expect(a).toBe(b);
    await sendQueued();
    const to = (m: (typeof smtp.messages)[number]) => (m.to && 'text' in m.to ? m.to.text : '');
    expect(smtp.messages.filter((m) => to(m) === nobody)).toEqual([]);
    const links = smtp.messages.filter((m) => to(m) === known && m.subject === 'Eich dolen i fewngofnodi a gweld eich cwynion');
    expect(links).toHaveLength(1);
    const mail = links[0]!;
    // The email names no complaint: whoever reads it learns only that there is one.
    expect(mail.text).not.toContain(reference);
    const url = /https:\/\/complaints\.example\.org\/sign-in\/link#([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
    expect(url).not.toBeNull();
    const token = url![1]!;

    // Stored only as a hash: the token is in no table.
    const [link] = await database.db.select().from(residentSignInLinks).where(eq(residentSignInLinks.tokenHash, sha256(token)));
    expect(link?.email).toBe(known);
    const dump = await database.db.execute(sql`select (select json_agg(j) from jobs j)::text as jobs, (select json_agg(l) from resident_sign_in_links l)::text as links`);
    expect(JSON.stringify(dump)).not.toContain(token);

    const opened = await openLink(app, token);
    expect(opened.status).toBe(201);
    expect(await opened.json()).toEqual({ email: known });
    const cookie = residentCookieFrom(opened);
    expect((await mine(cookie)).complaints.map((c) => c.reference)).toEqual([reference]);
  });

  it('sets a __Host- cookie, httpOnly, Secure and SameSite=Strict, and stores only its hash', async () => {
    const email = unique('cookie');
    await makeComplaint(database.db, { residentEmail: email });
    const { issueSignInLink } = await import('../../server/auth/resident.ts');
    const response = await openLink(app, await issueSignInLink(database.db, email));
    const header = response.headers.getSetCookie().find((c) => c.startsWith('__Host-resident_session='))!;
    expect(header).toMatch(/; HttpOnly/i);
    expect(header).toMatch(/; Secure/i);
    expect(header).toMatch(/; SameSite=Strict/i);
    expect(header).toMatch(/; Path=\//i);
    expect(header).not.toMatch(/Domain=/i);
    const token = header.split(';')[0]!.split('=')[1]!;
    const rows = await database.db.select().from(residentSessions).where(eq(residentSessions.email, email));
    expect(rows.map((r) => r.tokenHash)).toEqual([sha256(token)]);
    // Plain-HTTP localhost: no Secure (the browser would drop it), so no __Host- prefix either.
    const plain = await openLink(httpApp, await issueSignInLink(database.db, email));
    const plainHeader = plain.headers.getSetCookie().find((c) => c.startsWith('resident_session='))!;
    expect(plainHeader).toMatch(/; HttpOnly/i);
    expect(plainHeader).not.toMatch(/; Secure/i);
  });

  it('opens a link once, and never after 20 minutes or when malformed', async () => {
    const email = unique('once');
    await makeComplaint(database.db, { residentEmail: email });
    const { issueSignInLink } = await import('../../server/auth/resident.ts');
    const token = await issueSignInLink(database.db, email);
    const [first, second] = await Promise.all([openLink(app, token), openLink(app, token)]);
    expect([first.status, second.status].sort()).toEqual([201, 410]);
    const again = await openLink(app, token);
    expect(again.status).toBe(410);
    expect(await again.json()).toEqual({ error: { code: 'sign_in_link_invalid', issues: [{ path: ['token'], code: 'sign_in_link_invalid' }] } });

    const [link] = await database.db
      .select({ expiresAt: residentSignInLinks.expiresAt, createdAt: residentSignInLinks.createdAt })
      .from(residentSignInLinks)
      .where(eq(residentSignInLinks.tokenHash, sha256(token)));
    expect(link!.expiresAt.getTime() - link!.createdAt.getTime()).toBe(20 * 60 * 1000);
    const expired = await issueSignInLink(database.db, email);
    await database.db.update(residentSignInLinks).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(residentSignInLinks.tokenHash, sha256(expired)));
    expect((await openLink(app, expired)).status).toBe(410);
    expect((await openLink(app, 'not-a-token')).status).toBe(410);
    expect((await openLink(app, 'A'.repeat(43))).status).toBe(410);
  });

  it('lists every complaint made by or for the address, with what the list shows', async () => {
    const grace = unique('grace');
    const own = await makeComplaint(database.db, { residentEmail: grace });
    const forMum = await makeComplaint(database.db, { by: 'representative', representativeEmail: grace, residentEmail: unique('mum') });
    const someoneElse = await makeComplaint(database.db, { residentEmail: unique('other') });
    const cookie = await signInResident(app, database.db, grace.toUpperCase());
    const list = await mine(cookie);
    expect(list.email).toBe(grace);
    expect(list.complaints.map((c) => [c.reference, c.role]).sort()).toEqual(
      [
        [own.reference, 'resident'],
        [forMum.reference, 'representative'],
      ].sort(),
    );
    const item = list.complaints.find((c) => c.reference === own.reference)!;
    expect(item).toMatchObject({ stage: 1, status: 'received', about: { category: null } });
    expect(item.about.summary).toMatch(/^Black mould/);
    expect(item.nextDeadline).toMatchObject({ kind: 'acknowledge', dueOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
    // Each opens; another's does not, and answers as if it did not exist.
    expect((await get(`/api/complaints/${own.reference}`, cookie)).status).toBe(200);
    const asRep = await get(`/api/complaints/${forMum.reference}`, cookie);
    expect(asRep.status).toBe(200);
    expect(await asRep.json()).toMatchObject({ viewer: 'representative', representative: { name: 'Grace Okafor', relationship: 'Daughter' } });
    const other = await get(`/api/complaints/${someoneElse.reference}`, cookie);
    expect(other.status).toBe(404);
    expect((await get('/api/complaints/ZZZZ-ZZZZ', cookie)).status).toBe(404);
  });

  it('acts on a complaint through the session, as the resident or the representative', async () => {
    const resident = unique('resident');
    const rep = unique('rep');
    const { reference } = await makeComplaint(database.db, { by: 'representative', residentEmail: resident, representativeEmail: rep });
    const repCookie = await signInResident(app, database.db, rep);
    const corrected = await post(app, `/api/complaints/${reference}/withdraw`, { reason: 'Sorted now' }, {
      cookie: repCookie,
      'Idempotency-Key': randomUUID(),
      ...SAME_ORIGIN,
    });
    expect(corrected.status).toBe(200);
    const events = ((await corrected.json()) as { events: { type: string; actor: { kind: string } }[] }).events;
    expect(events.at(-1)).toMatchObject({ type: 'withdrawn', actor: { kind: 'representative' } });
  });

  it('lets the resident remove their representative: then the representative\'s session and phone no longer reach it', async () => {
    const resident = unique('resident');
    const rep = unique('rep');
    const { reference, token } = await makeComplaint(database.db, { by: 'representative', residentEmail: resident, representativeEmail: rep });
    const residentCookie = await signInResident(app, database.db, resident);
    const repCookie = await signInResident(app, database.db, rep);
    const remove = (cookie: string, key = randomUUID()) =>
      post(app, `/api/complaints/${reference}/remove-representative`, {}, { cookie, 'Idempotency-Key': key, ...SAME_ORIGIN });

    // The resident sees who represents them.
    expect(await (await get(`/api/complaints/${reference}`, residentCookie)).json()).toMatchObject({
      viewer: 'resident',
      representative: { name: 'Grace Okafor', relationship: 'Daughter' },
    });
    // The representative cannot remove themselves on the resident's behalf.
    expect((await remove(repCookie)).status).toBe(403);

    const key = randomUUID();
    const removed = await remove(residentCookie, key);
    expect(removed.status).toBe(200);
    const view = (await removed.json()) as { representative: unknown; events: { type: string; data: unknown }[] };
    expect(view.representative).toBeNull();
    expect(view.events.at(-1)).toMatchObject({ type: 'representative_removed', data: { name: 'Grace Okafor', relationship: 'Daughter' } });
    // A replay acts once.
    const replay = await remove(residentCookie, key);
    expect(replay.status).toBe(200);
    expect(replay.headers.get('Idempotent-Replayed')).toBe('true');
    // Nothing left to remove.
    expect((await remove(residentCookie)).status).toBe(409);

    expect((await get(`/api/complaints/${reference}`, repCookie)).status).toBe(404);
    expect((await mine(repCookie)).complaints).toEqual([]);
    expect((await residentGet(app, reference, token)).status).toBe(401);
    expect(await database.db.select().from(complaintAccessTokens).innerJoin(complaints, eq(complaints.id, complaintAccessTokens.complaintId)).where(eq(complaints.reference, reference))).toEqual([]);
    expect(await database.db.select({ tokenHash: complaints.accessTokenHash }).from(complaints).where(eq(complaints.reference, reference))).toEqual([{ tokenHash: null }]);
    expect((await get(`/api/complaints/${reference}`, residentCookie)).status).toBe(200);
  });

  it('signs out: the session ends on the server and its cookie is cleared', async () => {
    const email = unique('out');
    const { reference } = await makeComplaint(database.db, { residentEmail: email });
    const cookie = await signInResident(app, database.db, email);
    expect(await (await get('/api/sessions/current', cookie)).json()).toEqual({ email });
    const out = await app.request('/api/sessions/current', { method: 'DELETE', headers: { cookie, ...SAME_ORIGIN } });
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/__Host-resident_session=;.*Max-Age=0/);
    const after = await get('/api/my/complaints', cookie);
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual({ error: { code: 'signed_out', issues: [{ path: ['headers', 'cookie'], code: 'signed_out' }] } });
    expect((await get(`/api/complaints/${reference}`, cookie)).status).toBe(401);
    expect((await app.request('/api/my/complaints')).status).toBe(401);
  });

  it('refuses a sign-in from another site\'s page', async () => {
    const email = unique('csrf');
    await makeComplaint(database.db, { residentEmail: email });
    const { issueSignInLink } = await import('../../server/auth/resident.ts');
    const token = await issueSignInLink(database.db, email);
    const refused = await openLink(app, token, { 'sec-fetch-site': 'cross-site' });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ error: { code: 'cross_site' } });
    // Not used up by the refused request.
    expect((await openLink(app, token)).status).toBe(201);
    expect((await askForLink(email, { origin: 'https://evil.example' })).status).toBe(403);
  });

  it('checks the address and answers a bad one with its field', async () => {
    const bad = await askForLink('not an email');
    expect(bad.status).toBe(422);
    expect(await bad.json()).toEqual({ error: { code: 'validation', issues: [{ path: ['email'], code: 'email' }] } });
    const empty = await askForLink('  ');
    expect(await empty.json()).toMatchObject({ error: { issues: [{ path: ['email'], code: 'required' }] } });
  });

  it(`limits link requests to ${LINK_LIMITS.perAccount} per address and ${LINK_LIMITS.perAddress} per client in ${LINK_LIMITS.windowMinutes} minutes, known or not`, async () => {
    for (const email of [unique('limited'), unique('unknown')]) {
      const answers = await Promise.all(Array.from({ length: LINK_LIMITS.perAccount + 2 }, () => askForLink(email)));
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 202)).toHaveLength(LINK_LIMITS.perAccount);
      expect(statuses.filter((s) => s === 429)).toHaveLength(2);
      const limited = answers.find((r) => r.status === 429)!;
      expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    }
    const client = from();
    const answers = [];
    for (let i = 0; i < LINK_LIMITS.perAddress + 1; i++) answers.push((await askForLink(unique('many'), client)).status);
    expect(answers.filter((s) => s === 202)).toHaveLength(LINK_LIMITS.perAddress);
    expect(answers.at(-1)).toBe(429);
    // Only allowed requests queue a job.
    const queued = await database.db.select({ n: sql<number>`count(*)::int` }).from(jobs).where(sql`${jobs.kind} = 'sign_in_link' and ${jobs.payload} ->> 'email' like 'many-%'`);
    expect(queued[0]!.n).toBe(LINK_LIMITS.perAddress);
  });
});
