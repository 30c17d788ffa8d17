/**
 * Nobody where they don't belong (issue 13): every resident and staff endpoint against every kind of
 * caller, on embedded PGlite and on PostgreSQL. Each cell is refused or allowed as the rules say:
 *
 * - a complaint opens for the phone that sent it (its token), its resident, and its representative until
 *   removed; for anyone else it is 401 (no credential, or a wrong token) or 404 (signed in, not theirs:
 *   the same as a reference that does not exist);
 * - only the resident removes a representative;
 * - an expired, reused or guessed link gives no session; a signed-out session opens nothing;
 * - staff endpoints need a staff session (an officer's is not an administrator's), and a resident's
 *   session is not one;
 * - no state-changing request from another site's page goes through.
 *
 * Every resident cell gets a fresh complaint (so an allowed action cannot change what the next cell sees):
 * received 30 days ago by a representative for the resident, acknowledged, with the landlord's question
 * open, so every resident action is allowed for someone allowed to act.
 */
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { issueSignInLink } from '../../server/auth/resident.ts';
import type { Database } from '../../server/db/client.ts';
import { residentSignInLinks } from '../../server/db/schema.ts';
import { hashToken } from '../../server/auth/tokens.ts';
import { applyAction } from '../../server/domain/lifecycle/actions.ts';
import { removeRepresentative } from '../../server/domain/lifecycle/representative.ts';
import { loadRecord } from '../../server/domain/lifecycle/record.ts';
import type { MyComplaints } from '../../shared/schemas/sign-in.ts';
import { PNG_BYTES } from '../support/complaint-fixtures.ts';
import { DATABASE_KINDS, freshDatabase } from '../support/databases.ts';
import { DEFINITION, daysAgo, makeComplaint, STAFF_ACTION_BODIES } from '../support/lifecycle.ts';
import { openLink, residentCookieFrom, signInResident } from '../support/resident-session.ts';
import { SAME_ORIGIN, signInStaff } from '../support/staff.ts';

type App = ReturnType<typeof createApp>;

/** A complaint made for a cell, and the addresses on it. */
interface World {
  reference: string;
  /** The access token of the phone that sent it (the representative's). */
  token: string;
  resident: string;
  representative: string;
  clarificationId: string;
}

/** What a caller sends: headers, made once the world exists. */
interface Caller {
  name: string;
  credentials(world: World): Promise<Record<string, string>>;
}

/** What a cell must answer: allowed (2xx), or refused with this status and code. */
type Expected = 'allowed' | { status: number; code: string };
const ALLOWED = 'allowed' as const;
const NO_ACCESS = { status: 401, code: 'access_token' };
const NOT_THEIRS = { status: 404, code: 'not_found' };
const SIGNED_OUT = { status: 401, code: 'signed_out' };
const CROSS_SITE = { status: 403, code: 'cross_site' };
const NOT_RESIDENT = { status: 403, code: 'actor_not_allowed' };
const STAFF_SIGNED_OUT = { status: 401, code: 'staff_signed_out' };
const NOT_ADMIN = { status: 403, code: 'forbidden' };
const SAME_OFFICER = { status: 403, code: 'same_officer_stage2' };

interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'DELETE';
  path(world: World): string;
  body?(world: World): unknown;
  /** A complaint of its own for the row (default: at stage 1, acknowledged, a question open). */
  world?: () => Promise<World>;
  /** Extra check of an allowed answer (what a list shows). */
  check?(response: Response, world: World): Promise<void>;
}

const RESIDENT_ENDPOINTS: Endpoint[] = [
  {
    name: 'GET complaint',
    method: 'GET',
    path: (w) => `/api/complaints/${w.reference}`,
    // Code 6.8: its own messages both ways, never another complaint's (the other complaint has one of its own).
    check: async (response) =>
      expect((await response.json()).messages).toEqual([
        { id: 'm1', from: 'landlord', text: 'A photo of what we found.', on: expect.any(String), attachments: [{ filename: 'found.png', mediaType: 'image/png', size: PNG_BYTES.byteLength, sha256: '0'.repeat(64) }] },
      ]),
  },
  {
    name: 'answer-clarification',
    method: 'POST',
    path: (w) => `/api/complaints/${w.reference}/answer-clarification`,
    body: (w) => ({ clarificationId: w.clarificationId, answer: 'The back bedroom.' }),
  },
  { name: 'request-correction', method: 'POST', path: (w) => `/api/complaints/${w.reference}/request-correction`, body: () => ({ text: 'The kitchen too.' }) },
  { name: 'escalate', method: 'POST', path: (w) => `/api/complaints/${w.reference}/escalate`, body: () => ({}) },
  { name: 'withdraw', method: 'POST', path: (w) => `/api/complaints/${w.reference}/withdraw`, body: () => ({ reason: 'Sorted.' }) },
  { name: 'remove-representative', method: 'POST', path: (w) => `/api/complaints/${w.reference}/remove-representative`, body: () => ({}) },
  { name: 'send-message', method: 'POST', path: (w) => `/api/complaints/${w.reference}/send-message`, body: () => ({ text: 'The kitchen too.' }) },
  // Code 6.8: a message's photo (the world's officer sent one).
  {
    name: "a message's file",
    method: 'GET',
    path: (w) => `/api/complaints/${w.reference}/messages/m1/attachments/0`,
    check: async (response) => expect(new Uint8Array(await response.arrayBuffer())).toEqual(PNG_BYTES),
  },
];

const myListShows = (expected: 'it' | 'not it') => async (response: Response, world: World) => {
  const list = (await response.json()) as MyComplaints;
  const references = list.complaints.map((c) => c.reference);
  if (expected === 'it') expect(references).toContain(world.reference);
  else expect(references).not.toContain(world.reference);
};

describe.each(DATABASE_KINDS)('who may do what (%s)', (kind) => {
  let database: Database;
  let app: App;
  /** Complaints of other people, with their access tokens and addresses. */
  let other: { reference: string; token: string; resident: string };
  let otherRepresentative: string;
  let staff: { officer: string; admin: string; signedOutOfficer: string; stage1: string; stage1Id: string };
  const figures = { cells: 0, refused: 0, allowed: 0 };

  const unique = (name: string) => `${name}-${randomUUID().slice(0, 8)}@example.org`;

  beforeAll(async () => {
    database = await freshDatabase(kind);
    app = createApp({ database, logError: () => {}, publicUrl: 'https://complaints.example.org' });
    const otherResident = unique('other-resident');
    other = { ...(await makeComplaint(database.db, { residentEmail: otherResident })), resident: otherResident };
    const otherMessage = await applyAction(database.db, { reference: other.reference, actor: { kind: 'resident' }, action: { type: 'send_message', text: 'Not yours to read.', attachments: [] } });
    expect(otherMessage.ok).toBe(true);
    otherRepresentative = unique('other-rep');
    await makeComplaint(database.db, { by: 'representative', representativeEmail: otherRepresentative, residentEmail: unique('their-mum') });
    const officer = await signInStaff(app, database.db, { role: 'officer' });
    const admin = await signInStaff(app, database.db, { role: 'admin' });
    const leaving = await signInStaff(app, database.db, { role: 'officer' });
    await app.request('/api/staff/sign-out', { method: 'POST', headers: { cookie: leaving.cookie, ...SAME_ORIGIN } });
    const stage1 = await signInStaff(app, database.db, { role: 'officer', name: 'Sam Stageone' });
    staff = { officer: officer.cookie, admin: admin.cookie, signedOutOfficer: leaving.cookie, stage1: stage1.cookie, stage1Id: stage1.staff.id };
  });
  afterAll(async () => {
    console.log(`access table (${kind}): ${figures.cells} cells, ${figures.allowed} allowed, ${figures.refused} refused, each as the rules say`);
    await database?.close();
  });

  async function makeWorld(): Promise<World> {
    const resident = unique('resident');
    const representative = unique('rep');
    const { reference, token } = await makeComplaint(database.db, {
      by: 'representative',
      residentEmail: resident,
      representativeEmail: representative,
      receivedAt: daysAgo(40),
    });
    const officer = { kind: 'staff' as const, staffId: randomUUID(), name: 'Olu Officer' };
    // Acknowledged long ago: the response deadline has passed, so the resident may escalate (Code 6.10).
    await applyAction(database.db, { reference, actor: officer, now: daysAgo(39), action: { type: 'acknowledge', definition: DEFINITION, category: 'damp_and_mould' } });
    await applyAction(database.db, { reference, actor: officer, action: { type: 'ask_clarification', question: 'Which room?' } });
    await applyAction(database.db, {
      reference,
      actor: officer,
      action: { type: 'send_message', text: 'A photo of what we found.', attachments: [{ filename: 'found.png', mediaType: 'image/png', size: PNG_BYTES.byteLength, sha256: '0'.repeat(64) }] },
      files: [{ filename: 'found.png', mediaType: 'image/png', content: PNG_BYTES }],
    });
    const record = await loadRecord(database.db, { reference });
    return { reference, token, resident, representative, clarificationId: record!.state.clarifications[0]!.id };
  }

  /** At stage 2: the stage 1 response was decided by the "stage 1 officer", and the resident escalated. */
  async function stage2World(): Promise<World> {
    const world = await makeWorld();
    const officer = { kind: 'staff' as const, staffId: staff.stage1Id, name: 'Sam Stageone' };
    const responded = await applyAction(database.db, { reference: world.reference, actor: officer, action: { type: 'respond', ...STAFF_ACTION_BODIES.respond() } as never });
    expect(responded.ok).toBe(true);
    const escalated = await applyAction(database.db, { reference: world.reference, actor: { kind: 'resident' }, action: { type: 'escalate' } });
    expect(escalated.ok).toBe(true);
    return world;
  }

  const session = (email: string) => signInResident(app, database.db, email);
  const cookie = async (email: string) => ({ cookie: await session(email) });

  const CALLERS: Caller[] = [
    { name: 'nobody', credentials: async () => ({}) },
    { name: "the sender's phone (its token)", credentials: async (w) => ({ authorization: `Bearer ${w.token}` }) },
    { name: 'the resident, signed in', credentials: (w) => cookie(w.resident) },
    { name: 'the representative, signed in', credentials: (w) => cookie(w.representative) },
    { name: 'another resident, signed in', credentials: () => cookie(other.resident) },
    { name: 'a representative of another complaint', credentials: () => cookie(otherRepresentative) },
    {
      name: 'a removed representative',
      credentials: async (w) => {
        const headers = await cookie(w.representative);
        const removed = await removeRepresentative(database.db, { reference: w.reference, actor: { kind: 'resident' }, idempotencyKey: randomUUID() });
        expect(removed.ok).toBe(true);
        return headers;
      },
    },
    {
      name: 'an expired link',
      credentials: async (w) => {
        const token = await issueSignInLink(database.db, w.resident);
        await database.db.update(residentSignInLinks).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(residentSignInLinks.tokenHash, hashToken(token)));
        return credentialsFromLink(token);
      },
    },
    {
      name: 'a reused link',
      credentials: async (w) => {
        const token = await issueSignInLink(database.db, w.resident);
        expect((await openLink(app, token)).status).toBe(201);
        return credentialsFromLink(token);
      },
    },
    { name: 'a guessed link', credentials: async () => credentialsFromLink(randomUUID().replaceAll('-', '').padEnd(43, 'x')) },
    { name: "another complaint's token", credentials: async () => ({ authorization: `Bearer ${other.token}` }) },
    {
      name: 'the resident, signed out',
      credentials: async (w) => {
        const headers = await cookie(w.resident);
        expect((await app.request('/api/sessions/current', { method: 'DELETE', headers: { ...headers, ...SAME_ORIGIN } })).status).toBe(204);
        return headers;
      },
    },
    { name: 'a signed-in officer', credentials: async () => ({ cookie: staff.officer }) },
    { name: 'a signed-out officer', credentials: async () => ({ cookie: staff.signedOutOfficer }) },
    { name: 'the officer who decided stage 1', credentials: async () => ({ cookie: staff.stage1 }) },
    { name: "another site's page (the resident's cookie)", credentials: async (w) => ({ ...(await cookie(w.resident)), 'sec-fetch-site': 'cross-site' }) },
    { name: "another site's page (by Origin)", credentials: async (w) => ({ ...(await cookie(w.resident)), origin: 'https://evil.example' }) },
  ];

  /** Opens a link as a browser would, and carries whatever session it gave (none, for a link that does not work). */
  async function credentialsFromLink(token: string): Promise<Record<string, string>> {
    const response = await openLink(app, token);
    expect(response.status).toBe(410);
    return response.headers.getSetCookie().some((c) => c.includes('resident_session=')) ? { cookie: residentCookieFrom(response) } : {};
  }

  /** The rules for a resident's complaint endpoint. */
  function residentRule(endpoint: Endpoint, caller: string): Expected {
    const writes = endpoint.method !== 'GET';
    const residentOnly = endpoint.name === 'remove-representative';
    switch (caller) {
      case "the sender's phone (its token)":
      case 'the representative, signed in':
        // The phone that sent it is the representative's: they act for the resident, but only the resident removes them.
        return residentOnly ? NOT_RESIDENT : ALLOWED;
      case 'the resident, signed in':
        return ALLOWED;
      case 'another resident, signed in':
      case 'a representative of another complaint':
      case 'a removed representative':
        return NOT_THEIRS;
      case 'the resident, signed out':
        return SIGNED_OUT;
      case "another site's page (the resident's cookie)":
      case "another site's page (by Origin)":
        return writes ? CROSS_SITE : ALLOWED;
      default:
        // Nobody, links that do not work, wrong tokens, and officers (who use the staff API): no resident credential.
        return NO_ACCESS;
    }
  }

  /** Runs every caller against one endpoint, each with a fresh world; returns the cells that broke the rules. */
  async function runRow(endpoint: Endpoint, rule: (caller: string) => Expected, fresh: boolean) {
    const wrong: string[] = [];
    let shared: World | undefined;
    for (const caller of CALLERS) {
      const world = fresh || !shared ? await (endpoint.world ?? makeWorld)() : shared;
      shared = world;
      const headers: Record<string, string> = { ...SAME_ORIGIN, ...(await caller.credentials(world)) };
      // A page of another site is recognised by what the browser says, not overridden by the same-origin default.
      if (headers.origin) delete headers['sec-fetch-site'];
      const body = endpoint.body?.(world);
      if (body !== undefined) {
        headers['content-type'] = 'application/json';
        headers['idempotency-key'] = randomUUID();
      }
      const response = await app.request(endpoint.path(world), {
        method: endpoint.method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const expected = rule(caller.name);
      figures.cells += 1;
      if (expected === 'allowed') {
        figures.allowed += 1;
        if (response.status >= 300) wrong.push(`${caller.name}: expected allowed, got ${response.status} ${await response.text()}`);
        else await endpoint.check?.(response, world);
      } else {
        figures.refused += 1;
        const text = await response.text();
        const code = response.status >= 400 ? (JSON.parse(text) as { error: { code: string } }).error.code : '';
        if (response.status !== expected.status || code !== expected.code) {
          wrong.push(`${caller.name}: expected ${expected.status} ${expected.code}, got ${response.status} ${text.slice(0, 200)}`);
        }
      }
    }
    return wrong;
  }

  it.each(RESIDENT_ENDPOINTS.map((e) => [e.name, e] as const))('%s: every caller as the rules say', async (_, endpoint) => {
    expect(await runRow(endpoint, (caller) => residentRule(endpoint, caller), true)).toEqual([]);
  });

  /** Anyone with a live resident session (whatever it opens); a page of another site may read, not write. */
  const SIGNED_IN = ['the resident, signed in', 'the representative, signed in', 'another resident, signed in', 'a representative of another complaint', 'a removed representative'];
  const signedInOnly = (caller: string): Expected => (SIGNED_IN.includes(caller) || caller.startsWith("another site's page") ? ALLOWED : SIGNED_OUT);

  /** Signed-in people's own endpoints: what a session is, and what it lists. */
  const SESSION_ENDPOINTS: [Endpoint, (caller: string) => Expected][] = [
    [
      { name: 'GET /api/my/complaints', method: 'GET', path: () => '/api/my/complaints' },
      signedInOnly,
    ],
    [
      { name: 'GET /api/sessions/current', method: 'GET', path: () => '/api/sessions/current' },
      signedInOnly,
    ],
    [
      { name: 'DELETE /api/sessions/current', method: 'DELETE', path: () => '/api/sessions/current' },
      (caller) => (caller.startsWith("another site's page") ? CROSS_SITE : ALLOWED),
    ],
    [
      { name: 'POST /api/sign-in-links', method: 'POST', path: () => '/api/sign-in-links', body: () => ({ email: unique('asks') }) },
      (caller) => (caller.startsWith("another site's page") ? CROSS_SITE : ALLOWED),
    ],
  ];

  it.each(SESSION_ENDPOINTS.map(([e, rule]) => [e.name, e, rule] as const))('%s: every caller as the rules say', async (_, endpoint, rule) => {
    expect(await runRow(endpoint, rule, false)).toEqual([]);
  });

  it('lists the complaint for its resident and representative, and not for anyone else or a removed representative', async () => {
    const list = { name: 'list', method: 'GET' as const, path: () => '/api/my/complaints' };
    for (const [caller, shows] of [
      ['the resident, signed in', 'it'],
      ['the representative, signed in', 'it'],
      ['another resident, signed in', 'not it'],
      ['a representative of another complaint', 'not it'],
      ['a removed representative', 'not it'],
    ] as const) {
      const world = await makeWorld();
      const headers = await CALLERS.find((c) => c.name === caller)!.credentials(world);
      const response = await app.request(list.path(), { headers });
      expect(response.status).toBe(200);
      await myListShows(shows)(response, world);
    }
  });

  /** Staff endpoints: staff sessions only, administrators for staff members. */
  function staffRule(adminOnly: boolean, writes: boolean, stage2 = false) {
    return (caller: string): Expected => {
      if (caller.startsWith("another site's page") && writes) return CROSS_SITE;
      if (caller === 'a signed-in officer') return adminOnly ? NOT_ADMIN : ALLOWED;
      // Code 6.13: whoever decided stage 1 does not decide stage 2.
      if (caller === 'the officer who decided stage 1') return adminOnly ? NOT_ADMIN : stage2 ? SAME_OFFICER : ALLOWED;
      return STAFF_SIGNED_OUT;
    };
  }
  const STAFF_ENDPOINTS: [Endpoint, (caller: string) => Expected][] = [
    [{ name: 'GET /api/staff/me', method: 'GET', path: () => '/api/staff/me' }, staffRule(false, false)],
    [{ name: 'GET /api/staff/members', method: 'GET', path: () => '/api/staff/members' }, staffRule(true, false)],
    [
      {
        name: 'POST /api/staff/members',
        method: 'POST',
        path: () => '/api/staff/members',
        body: () => ({ email: unique('new-officer'), name: 'Nia Officer', role: 'officer' }),
      },
      staffRule(true, true),
    ],
    // The officers' complaint API (server/routes/staff-complaints.ts).
    [{ name: 'GET /api/staff/complaints', method: 'GET', path: () => '/api/staff/complaints' }, staffRule(false, false)],
    [{ name: 'GET /api/staff/complaints/:reference', method: 'GET', path: (w) => `/api/staff/complaints/${w.reference}` }, staffRule(false, false)],
    [
      {
        name: 'POST /api/staff/complaints/:reference/ask-clarification',
        method: 'POST',
        path: (w) => `/api/staff/complaints/${w.reference}/ask-clarification`,
        body: STAFF_ACTION_BODIES['ask-clarification'],
      },
      staffRule(false, true),
    ],
    [
      {
        name: 'POST /api/staff/complaints/:reference/send-message',
        method: 'POST',
        path: (w) => `/api/staff/complaints/${w.reference}/send-message`,
        body: STAFF_ACTION_BODIES['send-message'],
      },
      staffRule(false, true),
    ],
    [
      { name: "GET a message's file (staff)", method: 'GET', path: (w) => `/api/staff/complaints/${w.reference}/messages/m1/attachments/0` },
      staffRule(false, false),
    ],
    [
      {
        name: 'POST /api/staff/complaints/:reference/acknowledge at stage 2',
        method: 'POST',
        path: (w) => `/api/staff/complaints/${w.reference}/acknowledge`,
        body: STAFF_ACTION_BODIES.acknowledge,
        world: () => stage2World(),
      },
      staffRule(false, true, true),
    ],
  ];

  it.each(STAFF_ENDPOINTS.map(([e, rule]) => [e.name, e, rule] as const))('%s: every caller as the rules say', async (_, endpoint, rule) => {
    // An allowed action changes the complaint: each cell of an action's row gets its own.
    expect(await runRow(endpoint, rule, endpoint.method === 'POST')).toEqual([]);
  });

  it('lets an administrator manage staff, but not from another site', async () => {
    const add = (headers: Record<string, string>) =>
      app.request('/api/staff/members', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: staff.admin, ...headers },
        body: JSON.stringify({ email: unique('added'), name: 'Nia Officer', role: 'officer' }),
      });
    expect((await add(SAME_ORIGIN)).status).toBe(201);
    expect((await add({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect((await add({ origin: 'https://evil.example' })).status).toBe(403);
  });
});
