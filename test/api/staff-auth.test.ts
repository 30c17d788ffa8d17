/**
 * Staff sign-in and staff members through createApp().request(), on embedded
 * PGlite and on PostgreSQL: what is stored (hashes only), the cookie, sessions,
 * the cross-site guard, the sign-in limits shared by two app instances on one
 * database, one-time links, and what only administrators may do.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createApp } from '../../server/app.ts';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { signInAttempts, staff, staffPasswordLinks, staffSessions } from '../../server/db/schema.ts';
import { verifyPassword } from '../../server/auth/passwords.ts';
import { SIGN_IN_LIMITS } from '../../server/auth/rate-limit.ts';
import { addStaffMember } from '../../server/domain/staff.ts';
import { STAFF_LIMITS } from '../../shared/schemas/staff.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import {
  createStaff,
  SAME_ORIGIN,
  sessionCookieFrom,
  signInStaff,
  TEST_STAFF_PASSWORD,
} from '../support/staff.ts';

type App = ReturnType<typeof createApp>;

const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...SAME_ORIGIN, ...headers },
  body: JSON.stringify(body),
});

const signIn = (app: App, email: string, password: string, headers: Record<string, string> = {}) =>
  app.request('/api/staff/sign-in', json({ email, password }, headers));

const me = (app: App, cookie?: string) => app.request('/api/staff/me', { headers: cookie ? { cookie } : {} });

async function expectError(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  const body = (await response.json()) as { error: { code: string; retryAfter?: number } };
  expect(body.error.code).toBe(code);
  return body;
}

const tokenOf = (url: string) => new URL(url).hash.slice(1);

describe.each(DATABASE_KINDS)('staff sign-in (%s)', (kind) => {
  let database: Database & { url?: string };
  /** A second database handle on the same data: another server process, as far as PostgreSQL is concerned. */
  let second: Database;
  let app: App;
  let otherApp: App;
  let httpsApp: App;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    second = kind === 'postgres' ? await openDatabase({ databaseUrl: database.url!, poolSize: 5 }) : database;
    // Behind a proxy, so each test can come from its own address (X-Forwarded-For) and the per-address limit stays apart.
    app = createApp({ database, logError: () => {}, trustProxy: true });
    otherApp = createApp({ database: second, logError: () => {}, trustProxy: true });
    httpsApp = createApp({ database, logError: () => {}, publicUrl: 'https://complaints.example', trustProxy: true });
  });
  afterAll(async () => {
    if (second !== database) await second?.close();
    await database?.close();
  });

  let addressCounter = 0;
  /** A fresh client address per test. */
  const from = () => ({ 'x-forwarded-for': `198.51.100.${++addressCounter}` });

  describe('passwords', () => {
    it('stores only a salted scrypt hash, never the password', async () => {
      const a = await createStaff(database.db, { role: 'officer' });
      const b = await createStaff(database.db, { role: 'officer' });
      const rows = await database.db.select().from(staff).where(sql`${staff.id} in (${a.id}, ${b.id})`);
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
        expect(JSON.stringify(row)).not.toContain(TEST_STAFF_PASSWORD);
        expect(await verifyPassword(TEST_STAFF_PASSWORD, row.passwordHash!)).toBe(true);
        expect(await verifyPassword(`${TEST_STAFF_PASSWORD}!`, row.passwordHash!)).toBe(false);
      }
      // Same password, different salt: different hashes.
      expect(rows[0]!.passwordHash).not.toBe(rows[1]!.passwordHash);
    });

    it('refuses a wrong password and an unknown email alike (401 sign_in_failed)', async () => {
      const member = await createStaff(database.db, { role: 'officer' });
      await expectError(await signIn(app, member.email, 'not the password at all', from()), 401, 'sign_in_failed');
      await expectError(await signIn(app, 'nobody@staff.example', TEST_STAFF_PASSWORD, from()), 401, 'sign_in_failed');
    });

    it('signs in whatever the case of the email', async () => {
      const member = await createStaff(database.db, { role: 'officer', email: `Mixed.Case-${addressCounter}@Staff.Example` });
      const response = await signIn(app, member.email.toUpperCase(), TEST_STAFF_PASSWORD, from());
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ staff: { id: member.id, email: member.email, name: member.name, role: 'officer' } });
    });

    it('never signs in a member who has not set a password yet', async () => {
      const { member } = await addStaffMember(database.db, { email: 'new@staff.example', name: 'New', role: 'officer' }, 'http://localhost');
      await expectError(await signIn(app, member.email, '', from()), 422, 'validation');
      await expectError(await signIn(app, member.email, 'any password at all', from()), 401, 'sign_in_failed');
    });

    it('checks the sign-in body', async () => {
      const response = await app.request('/api/staff/sign-in', json({ email: 'not an email', password: '', extra: 1 }, from()));
      const body = await expectError(response, 422, 'validation');
      expect(body).toEqual({
        error: {
          code: 'validation',
          issues: expect.arrayContaining([
            { path: ['email'], code: 'email' },
            { path: ['password'], code: 'required' },
            { path: ['extra'], code: 'unknown_field' },
          ]),
        },
      });
      await expectError(await app.request('/api/staff/sign-in', { method: 'POST', headers: SAME_ORIGIN, body: 'x' }), 415, 'content_type');
    });
  });

  describe('sessions', () => {
    it('keeps only a hash of the session token, and the cookie signs in', async () => {
      const { staff: member, cookie } = await signInStaff(app, database.db, { role: 'officer' });
      const token = cookie.split('=')[1]!;
      expect(token.length).toBeGreaterThanOrEqual(43);
      const sessions = await database.db.select().from(staffSessions).where(eq(staffSessions.staffId, member.id));
      expect(sessions).toHaveLength(1);
      expect(sessions[0]!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      expect(JSON.stringify(sessions)).not.toContain(token);
      const response = await me(app, cookie);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ staff: member });
    });

    it('sets __Host-staff_session with HttpOnly, Secure, SameSite=Strict and Path=/ on HTTPS', async () => {
      const member = await createStaff(database.db, { role: 'officer' });
      const response = await signIn(httpsApp, member.email, TEST_STAFF_PASSWORD, from());
      expect(response.status).toBe(200);
      const [header] = response.headers.getSetCookie();
      const [pair, ...attributes] = header!.split(/;\s*/);
      expect(pair).toMatch(/^__Host-staff_session=[\w-]{43}$/);
      expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict', 'Secure']);
    });

    it('uses a plain staff_session cookie, not Secure, on plain-HTTP localhost', async () => {
      const member = await createStaff(database.db, { role: 'officer' });
      const response = await signIn(app, member.email, TEST_STAFF_PASSWORD, from());
      const [header] = response.headers.getSetCookie();
      const [pair, ...attributes] = header!.split(/;\s*/);
      expect(pair).toMatch(/^staff_session=[\w-]{43}$/);
      expect(attributes.sort()).toEqual(['HttpOnly', 'Path=/', 'SameSite=Strict']);
    });

    it('answers 401 staff_signed_out with no cookie, a made-up cookie, or the other name', async () => {
      await expectError(await me(app), 401, 'staff_signed_out');
      await expectError(await me(app, 'staff_session=made-up'), 401, 'staff_signed_out');
      const { cookie } = await signInStaff(app, database.db, { role: 'officer' });
      // The HTTPS app only reads __Host-staff_session.
      await expectError(await me(httpsApp, cookie), 401, 'staff_signed_out');
    });

    it('ends on sign-out, on expiry and when the member is removed', async () => {
      const a = await signInStaff(app, database.db, { role: 'officer' });
      const out = await app.request('/api/staff/sign-out', { method: 'POST', headers: { cookie: a.cookie, ...SAME_ORIGIN } });
      expect(out.status).toBe(204);
      expect(out.headers.getSetCookie()[0]).toMatch(/^staff_session=;.*Max-Age=0/);
      await expectError(await me(app, a.cookie), 401, 'staff_signed_out');

      const b = await signInStaff(app, database.db, { role: 'officer' });
      expect((await me(app, b.cookie)).status).toBe(200);
      await database.db.update(staffSessions).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(staffSessions.staffId, b.staff.id));
      await expectError(await me(app, b.cookie), 401, 'staff_signed_out');

      const admin = await signInStaff(app, database.db, { role: 'admin' });
      const c = await signInStaff(app, database.db, { role: 'officer' });
      const removed = await app.request(`/api/staff/members/${c.staff.id}`, { method: 'DELETE', headers: { cookie: admin.cookie, ...SAME_ORIGIN } });
      expect(removed.status).toBe(200);
      await expectError(await me(app, c.cookie), 401, 'staff_signed_out');
    });

    it('slides the idle expiry, never past 12 hours from sign-in', async () => {
      const { staff: member, cookie } = await signInStaff(app, database.db, { role: 'officer' });
      // Signed in 11h59m ago, last seen 5 minutes ago: the next request may extend only to the 12-hour mark.
      await database.db
        .update(staffSessions)
        .set({ createdAt: sql`now() - interval '11 hours 59 minutes'`, lastSeenAt: sql`now() - interval '5 minutes'` })
        .where(eq(staffSessions.staffId, member.id));
      expect((await me(app, cookie)).status).toBe(200);
      const [session] = await database.db
        .select({ left: sql<number>`extract(epoch from (${staffSessions.expiresAt} - now()))::float8` })
        .from(staffSessions)
        .where(eq(staffSessions.staffId, member.id));
      expect(Number(session!.left)).toBeGreaterThan(0);
      expect(Number(session!.left)).toBeLessThanOrEqual(61);
    });
  });

  describe('cross-site requests', () => {
    it.each([
      ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'sec-fetch-site': 'same-site' }],
      ['Origin of another site', { origin: 'https://evil.example' }],
    ])('are refused (403 cross_site): %s', async (_name, headers) => {
      const member = await createStaff(database.db, { role: 'officer' });
      const init = json({ email: member.email, password: TEST_STAFF_PASSWORD });
      // Only the headers of a cross-site page: no Sec-Fetch-Site: same-origin.
      init.headers = { 'content-type': 'application/json', ...headers, ...from() };
      const response = await app.request('/api/staff/sign-in', init);
      await expectError(response, 403, 'cross_site');
      expect(response.headers.getSetCookie()).toEqual([]);
    });

    it('refuses a cross-site change even with a valid session, and stores nothing', async () => {
      const admin = await signInStaff(app, database.db, { role: 'admin' });
      const before = await database.db.select({ n: sql<number>`count(*)::int` }).from(staff);
      const response = await app.request('/api/staff/members', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: admin.cookie, origin: 'https://evil.example' },
        body: JSON.stringify({ email: 'planted@evil.example', name: 'Planted', role: 'admin' }),
      });
      await expectError(response, 403, 'cross_site');
      expect(await database.db.select({ n: sql<number>`count(*)::int` }).from(staff)).toEqual(before);
    });

    it('lets through the app\'s own origin (PUBLIC_URL), and requests from no browser', async () => {
      const member = await createStaff(database.db, { role: 'officer' });
      const own = await httpsApp.request('/api/staff/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: 'https://complaints.example', ...from() },
        body: JSON.stringify({ email: member.email, password: TEST_STAFF_PASSWORD }),
      });
      expect(own.status).toBe(200);
      const noBrowser = await app.request('/api/staff/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...from() },
        body: JSON.stringify({ email: member.email, password: TEST_STAFF_PASSWORD }),
      });
      expect(noBrowser.status).toBe(200);
    });
  });

  describe('sign-in limits, shared by two app instances on one database', () => {
    it(`allows ${SIGN_IN_LIMITS.perAccount} failures per account, then 429 rate_limited with when to retry, even for the right password`, async () => {
      const member = await createStaff(database.db, { role: 'officer' });
      for (let i = 0; i < SIGN_IN_LIMITS.perAccount; i++) {
        // Alternating between the two instances (and addresses): the count is the database's, not a process's.
        const response = await signIn(i % 2 ? otherApp : app, member.email, `wrong password ${i}`, from());
        await expectError(response, 401, 'sign_in_failed');
      }
      const limited = await signIn(otherApp, member.email.toUpperCase(), TEST_STAFF_PASSWORD, from());
      const body = await expectError(limited, 429, 'rate_limited');
      expect(body.error.retryAfter).toBeGreaterThan(14 * 60);
      expect(body.error.retryAfter).toBeLessThanOrEqual(15 * 60);
      expect(limited.headers.get('retry-after')).toBe(String(body.error.retryAfter));
      expect(limited.headers.getSetCookie()).toEqual([]);

      // Fifteen minutes later the oldest failure has left the window: one more try is allowed, and the right password works.
      await database.db
        .update(signInAttempts)
        .set({ at: sql`${signInAttempts.at} - interval '15 minutes'` })
        .where(eq(signInAttempts.email, member.email.toLowerCase()));
      expect((await signIn(app, member.email, TEST_STAFF_PASSWORD, from())).status).toBe(200);
    });

    it('clears the account\'s count on a success', async () => {
      const member = await createStaff(database.db, { role: 'officer' });
      const address = from();
      for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) await signIn(app, member.email, 'wrong password!', address);
      expect((await signIn(otherApp, member.email, TEST_STAFF_PASSWORD, address)).status).toBe(200);
      for (let i = 0; i < SIGN_IN_LIMITS.perAccount - 1; i++) await signIn(otherApp, member.email, 'wrong password!', address);
      expect((await signIn(app, member.email, TEST_STAFF_PASSWORD, address)).status).toBe(200);
    });

    it(`allows ${SIGN_IN_LIMITS.perAddress} failures per address, whichever accounts they try`, async () => {
      const address = from();
      for (let i = 0; i < SIGN_IN_LIMITS.perAddress; i++) {
        const response = await signIn(i % 2 ? otherApp : app, `guess-${addressCounter}-${i}@staff.example`, 'a guessed password', address);
        await expectError(response, 401, 'sign_in_failed');
      }
      const member = await createStaff(database.db, { role: 'officer' });
      await expectError(await signIn(app, member.email, TEST_STAFF_PASSWORD, address), 429, 'rate_limited');
      // The same person from another address is not held back.
      expect((await signIn(otherApp, member.email, TEST_STAFF_PASSWORD, from())).status).toBe(200);
    });

    it('lets no more than the limit through when attempts arrive at once', async () => {
      const member = await createStaff(database.db, { role: 'officer' });
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) => signIn(i % 2 ? otherApp : app, member.email, `wrong password ${i}`, from())),
      );
      const statuses = responses.map((r) => r.status);
      expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount);
      expect(statuses.filter((s) => s === 401 || s === 429)).toHaveLength(10);
      await expectError(await signIn(app, member.email, TEST_STAFF_PASSWORD, from()), 429, 'rate_limited');
    });
  });

  describe('set-password links', () => {
    async function newMemberLink(role: 'admin' | 'officer' = 'officer') {
      return addStaffMember(database.db, { email: `link-${++addressCounter}@staff.example`, name: 'Link Holder', role }, 'http://localhost');
    }
    const setPassword = (token: string, password: string) => app.request('/api/staff/password', json({ token, password }));

    it('stores only a hash of the link\'s token, valid for 24 hours', async () => {
      const { member, link } = await newMemberLink();
      const token = tokenOf(link.url);
      expect(link.url).toMatch(/^http:\/\/localhost\/staff\/set-password#[\w-]{43}$/);
      const [row] = await database.db.select().from(staffPasswordLinks).where(eq(staffPasswordLinks.staffId, member.id));
      expect(row!.tokenHash).toBe(createHash('sha256').update(token).digest('hex'));
      const hours = (row!.expiresAt.getTime() - row!.createdAt.getTime()) / 3_600_000;
      expect(hours).toBe(24);
    });

    it('works once', async () => {
      const { member, link } = await newMemberLink();
      const token = tokenOf(link.url);
      const check = await app.request('/api/staff/password-links/check', json({ token }));
      expect(await check.json()).toEqual({ email: member.email, name: 'Link Holder' });
      const first = await setPassword(token, 'a long enough password');
      expect(first.status).toBe(200);
      expect((await signIn(app, member.email, 'a long enough password', from())).status).toBe(200);
      await expectError(await setPassword(token, 'another long password'), 410, 'link_invalid');
      await expectError(await app.request('/api/staff/password-links/check', json({ token })), 410, 'link_invalid');
      await expectError(await signIn(app, member.email, 'another long password', from()), 401, 'sign_in_failed');
    });

    it('works once even when used twice at the same moment', async () => {
      const { link } = await newMemberLink();
      const token = tokenOf(link.url);
      const statuses = (await Promise.all([setPassword(token, 'first long password'), setPassword(token, 'second long password')])).map((r) => r.status);
      expect(statuses.sort()).toEqual([200, 410]);
    });

    it('expires', async () => {
      const { member, link } = await newMemberLink();
      await database.db
        .update(staffPasswordLinks)
        .set({ expiresAt: sql`now() - interval '1 second'` })
        .where(eq(staffPasswordLinks.staffId, member.id));
      await expectError(await setPassword(tokenOf(link.url), 'a long enough password'), 410, 'link_invalid');
      const [row] = await database.db.select().from(staff).where(eq(staff.id, member.id));
      expect(row!.passwordHash).toBeNull();
    });

    it('stops working when a newer link is made, or the member is removed', async () => {
      const admin = await signInStaff(app, database.db, { role: 'admin' });
      const { member, link } = await newMemberLink();
      const renewed = await app.request(`/api/staff/members/${member.id}/password-link`, { method: 'POST', headers: { cookie: admin.cookie, ...SAME_ORIGIN } });
      expect(renewed.status).toBe(201);
      const { link: newer } = (await renewed.json()) as { link: { url: string } };
      await expectError(await setPassword(tokenOf(link.url), 'a long enough password'), 410, 'link_invalid');
      await app.request(`/api/staff/members/${member.id}`, { method: 'DELETE', headers: { cookie: admin.cookie, ...SAME_ORIGIN } });
      await expectError(await setPassword(tokenOf(newer.url), 'a long enough password'), 410, 'link_invalid');
    });

    it('refuses a made-up token and a short or overlong password, using nothing up', async () => {
      const { link } = await newMemberLink();
      await expectError(await setPassword('made-up-token', 'a long enough password'), 410, 'link_invalid');
      const short = await setPassword(tokenOf(link.url), 'x'.repeat(STAFF_LIMITS.passwordMin - 1));
      expect(await short.json()).toEqual({ error: { code: 'validation', issues: [{ path: ['password'], code: 'password_too_short' }] } });
      const long = await setPassword(tokenOf(link.url), 'x'.repeat(STAFF_LIMITS.passwordMax + 1));
      expect(await long.json()).toEqual({ error: { code: 'validation', issues: [{ path: ['password'], code: 'password_too_long' }] } });
      expect((await setPassword(tokenOf(link.url), 'x'.repeat(STAFF_LIMITS.passwordMin))).status).toBe(200);
    });

    it('ends every session of the member when a new password is set', async () => {
      const admin = await signInStaff(app, database.db, { role: 'admin' });
      const officer = await signInStaff(app, database.db, { role: 'officer' });
      const renewed = await app.request(`/api/staff/members/${officer.staff.id}/password-link`, { method: 'POST', headers: { cookie: admin.cookie, ...SAME_ORIGIN } });
      const { link } = (await renewed.json()) as { link: { url: string } };
      expect((await setPassword(tokenOf(link.url), 'a brand new password')).status).toBe(200);
      await expectError(await me(app, officer.cookie), 401, 'staff_signed_out');
    });
  });

  describe('staff members (administrators only)', () => {
    const membersRequest = (cookie: string | null, method: string, path = '', body?: unknown) =>
      app.request(`/api/staff/members${path}`, {
        method,
        headers: { ...(cookie ? { cookie } : {}), ...SAME_ORIGIN, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });

    it('refuses officers (403 forbidden) and the signed out (401), storing nothing', async () => {
      const officer = await signInStaff(app, database.db, { role: 'officer' });
      const someone = await createStaff(database.db, { role: 'officer' });
      const before = await database.db.select().from(staff).orderBy(staff.id);
      const add = { email: 'sneaky@staff.example', name: 'Sneaky', role: 'admin' };
      await expectError(await membersRequest(officer.cookie, 'GET'), 403, 'forbidden');
      await expectError(await membersRequest(officer.cookie, 'POST', '', add), 403, 'forbidden');
      await expectError(await membersRequest(officer.cookie, 'DELETE', `/${someone.id}`), 403, 'forbidden');
      await expectError(await membersRequest(officer.cookie, 'POST', `/${someone.id}/password-link`), 403, 'forbidden');
      await expectError(await membersRequest(null, 'GET'), 401, 'staff_signed_out');
      await expectError(await membersRequest(null, 'POST', '', add), 401, 'staff_signed_out');
      await expectError(await membersRequest(null, 'DELETE', `/${someone.id}`), 401, 'staff_signed_out');
      expect(await database.db.select().from(staff).orderBy(staff.id)).toEqual(before);
    });

    it('lets an administrator add a member, whose one-time link sets a password to sign in with', async () => {
      const admin = await signInStaff(app, database.db, { role: 'admin' });
      const response = await membersRequest(admin.cookie, 'POST', '', { email: ' New.Officer@Staff.Example ', name: ' Nia Officer ', role: 'officer' });
      expect(response.status).toBe(201);
      const { member, link } = (await response.json()) as { member: { id: string; email: string; hasPassword: boolean }; link: { url: string; expiresAt: string } };
      expect(member).toMatchObject({ email: 'New.Officer@Staff.Example', name: 'Nia Officer', role: 'officer', hasPassword: false });
      const list = (await (await membersRequest(admin.cookie, 'GET')).json()) as { members: { id: string }[] };
      expect(list.members.map((m) => m.id)).toContain(member.id);
      expect((await app.request('/api/staff/password', json({ token: tokenOf(link.url), password: 'officer password 1' }))).status).toBe(200);
      expect((await signIn(app, 'new.officer@staff.example', 'officer password 1', from())).status).toBe(200);
    });

    it('refuses a second member with the same email in any case (409 staff_exists), and checks the fields', async () => {
      const admin = await signInStaff(app, database.db, { role: 'admin' });
      const existing = await createStaff(database.db, { role: 'officer' });
      const dup = await membersRequest(admin.cookie, 'POST', '', { email: existing.email.toUpperCase(), name: 'Dup', role: 'officer' });
      expect(await dup.json()).toEqual({ error: { code: 'staff_exists', issues: [{ path: ['email'], code: 'staff_exists' }] } });
      expect(dup.status).toBe(409);
      const bad = await membersRequest(admin.cookie, 'POST', '', { email: 'x', name: '', role: 'boss' });
      const body = await expectError(bad, 422, 'validation');
      expect(body).toMatchObject({ error: { issues: expect.arrayContaining([{ path: ['email'], code: 'email' }, { path: ['name'], code: 'required' }, { path: ['role'], code: 'choice' }]) } });
    });

    it('lets a removed member\'s email be added again', async () => {
      const admin = await signInStaff(app, database.db, { role: 'admin' });
      const gone = await createStaff(database.db, { role: 'officer' });
      expect((await membersRequest(admin.cookie, 'DELETE', `/${gone.id}`)).status).toBe(200);
      await expectError(await membersRequest(admin.cookie, 'DELETE', `/${gone.id}`), 404, 'not_found');
      await expectError(await signIn(app, gone.email, TEST_STAFF_PASSWORD, from()), 401, 'sign_in_failed');
      expect((await membersRequest(admin.cookie, 'POST', '', { email: gone.email, name: 'Back again', role: 'officer' })).status).toBe(201);
    });
  });

  describe('the last administrator', () => {
    // Its own database: here the number of administrators is what is tested.
    let own: Database;
    let ownApp: App;
    beforeAll(async () => {
      own = await freshDatabase(kind);
      ownApp = createApp({ database: own, logError: () => {} });
    });
    afterAll(async () => {
      await own?.close();
    });

    it('cannot be removed, even by themselves (409 last_admin); one of two can', async () => {
      const only = await signInStaff(ownApp, own.db, { role: 'admin' });
      const remove = (cookie: string, id: string) =>
        ownApp.request(`/api/staff/members/${id}`, { method: 'DELETE', headers: { cookie, ...SAME_ORIGIN } });
      await expectError(await remove(only.cookie, only.staff.id), 409, 'last_admin');
      const other = await signInStaff(ownApp, own.db, { role: 'admin' });
      // Each removes the other at the same moment: exactly one succeeds. The other is refused as the last
      // administrator (409), or as no longer signed in (401) when the first removal ended their session before it was checked.
      const statuses = (await Promise.all([remove(only.cookie, other.staff.id), remove(other.cookie, only.staff.id)])).map((r) => r.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      expect(statuses.filter((status) => status === 409 || status === 401)).toHaveLength(1);
      const admins = await own.db.select().from(staff).where(sql`${staff.role} = 'admin' and ${staff.removedAt} is null`);
      expect(admins).toHaveLength(1);
    });
  });
});

