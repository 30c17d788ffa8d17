/**
 * Hostile input: generated and mutated bodies, headers, multipart files, methods and paths sent to every
 * endpoint through createApp().request() (in process, on embedded PostgreSQL). For every one of them:
 * - never a 5xx;
 * - a refusal is a 4xx whose JSON names what was refused: `issues[]`, each with a field path and a code that
 *   the app translates (in shared/errors.ts ERROR_CODES and in every locale file);
 * - a refusal stores nothing: every table of the database has the same number of rows after it as before.
 * Properties use fast-check; a failure prints the seed and the shrunk request to replay it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { adjustmentRequests, complaintAccessTokens, complaints } from '../../server/db/schema.ts';
import { hashAccessToken } from '../../server/domain/lifecycle/access.ts';
import { applyAction } from '../../server/domain/lifecycle/actions.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { LANGUAGES } from '../../shared/languages.ts';
import { LIMITS } from '../../shared/schemas/complaint.ts';
import { JPEG_BYTES, newKey, PDF_BYTES, PNG_BYTES, validComplaint, type Payload } from '../support/complaint-fixtures.ts';
import { makeComplaint, STAFF_ACTION_BODIES } from '../support/lifecycle.ts';
import { createStaff, SAME_ORIGIN, signInStaff } from '../support/staff.ts';
import { signInResident } from '../support/resident-session.ts';

/** A request as the properties build it: sent with app.request(). */
interface HostileRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array | FormData;
}

/** What an endpoint accepts, for the properties to start from and break. */
interface Endpoint {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Statuses of an accepted request (anything else must be a refusal with issues, or these). */
  accepted: number[];
  /** Headers a valid request carries (a key, a cookie, a bearer token…); made fresh for each request. */
  headers: () => Record<string, string>;
  /** A valid JSON body (object), if the endpoint takes one. */
  json?: () => Payload;
  /** Multipart: the JSON part's name and the files' field name, if the endpoint takes files. */
  multipart?: { jsonPart: string; filesField: string };
  /**
   * The share of each property's runs it gets (default 1): endpoints served by one handler that
   * differ only in their body's schema split the work, so the suite stays within its time.
   */
  share?: number;
}

/** How many runs a property makes for an endpoint. */
const runsFor = (endpoint: Endpoint, runs: number) => Math.ceil(runs * (endpoint.share ?? 1));

/**
 * One complaint for each officer action, with a known reference, brought in beforeAll to a state
 * that allows the action (by the steps before it): the first valid request is accepted.
 */
const STAFF_CASES: Record<keyof typeof STAFF_ACTION_BODIES, { reference: string; steps: (keyof typeof STAFF_ACTION_BODIES)[] }> = {
  acknowledge: { reference: 'STAA-2345', steps: [] },
  'amend-definition': { reference: 'STAB-2345', steps: ['acknowledge'] },
  'ask-clarification': { reference: 'STAC-2345', steps: [] },
  extend: { reference: 'STAD-2345', steps: ['acknowledge'] },
  'agree-update-interval': { reference: 'STAE-2345', steps: ['acknowledge'] },
  'send-update': { reference: 'STAF-2345', steps: [] },
  respond: { reference: 'STAG-2345', steps: ['acknowledge'] },
  'complete-action': { reference: 'STAH-2345', steps: ['acknowledge', 'respond'] },
  'not-accept': { reference: 'STAJ-2345', steps: [] },
  'refuse-escalation': { reference: 'STAK-2345', steps: ['acknowledge', 'respond', 'escalate-for-resident'] },
  'escalate-for-resident': { reference: 'STAM-2345', steps: ['acknowledge', 'respond'] },
  withdraw: { reference: 'STAN-2345', steps: [] },
  'log-new-complaint': { reference: 'STAP-2345', steps: [] },
  'send-message': { reference: 'STAQ-2345', steps: [] },
};

/** A complaint with a known reference and access token, made in beforeAll, for the resident's endpoints. */
const RESIDENT_REFERENCE = 'HST2-3456';
const RESIDENT_TOKEN = 'hostile-input-test-token-000000000000000000';
const RESIDENT_PATH = `/api/complaints/${RESIDENT_REFERENCE}`;
const residentHeaders = () => ({ Authorization: `Bearer ${RESIDENT_TOKEN}` });
const RESIDENT_BODIES: Record<string, () => Payload> = {
  'answer-clarification': () => ({ clarificationId: 'q1', answer: 'The back bedroom.' }),
  'request-correction': () => ({ text: 'It is the kitchen too.' }),
  escalate: () => ({}),
  withdraw: () => ({ reason: 'Sorted out.' }),
};

/** An adjustment request, made in beforeAll with a known id, for its endpoints' rows. */
const adjustment = { id: randomUUID(), token: 'hostile-input-adjustment-token-00000000000' };
const ADJUSTMENT_PATH = `/api/adjustment-requests/${adjustment.id}`;
const adjustmentRequest = (): Payload => ({
  requestedBy: 'resident',
  resident: { name: 'Amina Khan', email: 'amina@example.org', tenancyReference: 'T-1042' },
  needs: [{ kind: 'large_print' }, { kind: 'contact_method', details: 'Phone calls only, please.' }],
  disclosure: { details: 'I am partially sighted.', consent: true },
});

/**
 * EVERY endpoint of the API. When you land an endpoint, add its row here (and what a valid request
 * needs, e.g. a signed-in officer's cookie from test/support): the properties below then send it
 * thousands of hostile requests too. Unknown paths are covered by the "any path" property.
 */
const ENDPOINTS: Endpoint[] = [
  {
    name: 'make a complaint',
    method: 'POST',
    path: '/api/complaints',
    accepted: [201],
    headers: () => ({ 'Idempotency-Key': newKey(), 'Content-Type': 'application/json' }),
    json: validComplaint,
    multipart: { jsonPart: 'complaint', filesField: 'attachments' },
  },
  { name: 'health', method: 'GET', path: '/api/health', accepted: [200], headers: () => ({}) },
  // The resident's side of a complaint (server/routes/resident-complaints.ts), for the complaint made in beforeAll.
  { name: 'a resident reads their complaint', method: 'GET', path: RESIDENT_PATH, accepted: [200], headers: () => residentHeaders() },
  ...Object.entries(RESIDENT_BODIES).map(([action, json]) => ({
    name: `a resident's ${action}`,
    method: 'POST' as const,
    path: `${RESIDENT_PATH}/${action}`,
    accepted: [200],
    headers: () => ({ ...residentHeaders(), 'Idempotency-Key': newKey(), 'Content-Type': 'application/json' }),
    json,
  })),
  // Code 6.8: a message, with photos and documents as multipart.
  {
    name: "a resident's send-message",
    method: 'POST',
    path: `${RESIDENT_PATH}/send-message`,
    accepted: [200],
    headers: () => ({ ...residentHeaders(), 'Idempotency-Key': newKey(), 'Content-Type': 'application/json' }),
    json: () => ({ text: 'The kitchen ceiling is wet again.' }),
    multipart: { jsonPart: 'message', filesField: 'attachments' },
  },
  {
    name: "a resident's remove-representative",
    method: 'POST',
    path: `${RESIDENT_PATH}/remove-representative`,
    accepted: [200],
    headers: () => ({ ...residentHeaders(), 'Idempotency-Key': newKey(), 'Content-Type': 'application/json' }),
    json: () => ({}),
  },
  // Residents signing in by email (server/routes/resident-sessions.ts). A link request over the limits (429) records
  // the attempt by design, like a staff sign-in: accepted here.
  {
    name: 'ask for a sign-in link',
    method: 'POST',
    path: '/api/sign-in-links',
    accepted: [202, 429],
    headers: () => ({ 'Content-Type': 'application/json', ...SAME_ORIGIN }),
    json: () => ({ email: 'amina@example.org' }),
  },
  {
    name: 'open a sign-in link',
    method: 'POST',
    path: '/api/sessions',
    accepted: [201],
    headers: () => ({ 'Content-Type': 'application/json', ...SAME_ORIGIN }),
    json: () => ({ token: 'a-link-token-that-was-never-made-0000000000' }),
  },
  { name: 'the signed-in resident', method: 'GET', path: '/api/sessions/current', accepted: [200], headers: () => ({ cookie: residentCookies.reader }) },
  { name: "a resident's complaints", method: 'GET', path: '/api/my/complaints', accepted: [200], headers: () => ({ cookie: residentCookies.reader }) },
  {
    name: 'a resident signs out',
    method: 'DELETE',
    path: '/api/sessions/current',
    accepted: [204],
    headers: () => ({ ...SAME_ORIGIN, cookie: residentCookies.signOut }),
  },
  { name: 'OpenAPI document', method: 'GET', path: '/api/openapi.json', accepted: [200], headers: () => ({}) },
  // Reasonable adjustments asked for with no complaint (server/routes/adjustment-requests.ts); the request made in
  // beforeAll is opened with its own token.
  {
    name: 'ask for adjustments',
    method: 'POST',
    path: '/api/adjustment-requests',
    accepted: [201],
    headers: () => ({ 'Idempotency-Key': newKey(), 'Content-Type': 'application/json' }),
    json: adjustmentRequest,
  },
  { name: 'an adjustment request', method: 'GET', path: ADJUSTMENT_PATH, accepted: [200], headers: () => ({ Authorization: `Bearer ${adjustment.token}` }) },
  {
    name: 'withdraw consent to a disclosure',
    method: 'POST',
    path: `${ADJUSTMENT_PATH}/withdraw-disclosure`,
    accepted: [200],
    headers: () => ({ 'Content-Type': 'application/json', Authorization: `Bearer ${adjustment.token}` }),
    json: () => ({}),
  },
  // Staff (server/routes/staff.ts). A sign-in that fails (401) or is over the limits (429) is answered as a refusal
  // but records the attempt by design: the limits are counted in the database. So those count as accepted here.
  {
    name: 'staff sign-in',
    method: 'POST',
    path: '/api/staff/sign-in',
    accepted: [200, 401, 429],
    headers: () => ({ 'Content-Type': 'application/json', ...SAME_ORIGIN }),
    json: () => ({ email: staffSignIn.email, password: staffSignIn.password }),
  },
  { name: 'staff sign-out', method: 'POST', path: '/api/staff/sign-out', accepted: [204], headers: () => ({ ...SAME_ORIGIN, cookie: staffCookies.signOut }) },
  { name: 'signed-in member', method: 'GET', path: '/api/staff/me', accepted: [200], headers: () => ({ cookie: staffCookies.admin }) },
  {
    name: 'check a set-password link',
    method: 'POST',
    path: '/api/staff/password-links/check',
    accepted: [200],
    headers: () => ({ 'Content-Type': 'application/json', ...SAME_ORIGIN }),
    json: () => ({ token: 'a-link-token-that-was-never-made-0000000000' }),
  },
  {
    name: 'set a password from a link',
    method: 'POST',
    path: '/api/staff/password',
    accepted: [200],
    headers: () => ({ 'Content-Type': 'application/json', ...SAME_ORIGIN }),
    json: () => ({ token: 'a-link-token-that-was-never-made-0000000000', password: 'a long enough password' }),
  },
  { name: 'staff members', method: 'GET', path: '/api/staff/members', accepted: [200], headers: () => ({ cookie: staffCookies.admin }) },
  {
    name: 'add a member of staff',
    method: 'POST',
    path: '/api/staff/members',
    accepted: [201],
    headers: () => ({ 'Content-Type': 'application/json', ...SAME_ORIGIN, cookie: staffCookies.admin }),
    json: () => ({ email: `member-${++staffAdded}@staff.example`, name: 'Nia Officer', role: 'officer' }),
  },
  // The officers' side of complaints (server/routes/staff-complaints.ts), signed in as an officer.
  { name: "the officers' queue", method: 'GET', path: '/api/staff/complaints', accepted: [200], headers: () => ({ cookie: staffCookies.officer }) },
  { name: 'the performance figures', method: 'GET', path: '/api/staff/complaints/reports', accepted: [200], headers: () => ({ cookie: staffCookies.officer }) },
  { name: 'an officer reads a case', method: 'GET', path: `/api/staff/complaints/${RESIDENT_REFERENCE}`, accepted: [200], headers: () => ({ cookie: staffCookies.officer }) },
  ...Object.entries(STAFF_ACTION_BODIES).map(([action, json]) => ({
    name: `an officer's ${action}`,
    method: 'POST' as const,
    path: `/api/staff/complaints/${STAFF_CASES[action as keyof typeof STAFF_CASES]!.reference}/${action}`,
    accepted: [200],
    headers: () => ({ 'Content-Type': 'application/json', ...SAME_ORIGIN, cookie: staffCookies.officer }),
    json,
    // Fourteen actions, one handler (server/routes/staff-complaints.ts): each gets a quarter of the runs.
    share: 0.25,
  })),
];

/** Signed-in staff for the staff endpoints' rows (made once the database is open, below). */
const staffCookies = { admin: '', signOut: '', officer: '' };
/** Signed-in residents for the sign-in endpoints' rows. */
const residentCookies = { reader: '', signOut: '' };
const staffSignIn = { email: '', password: '' };
let staffAdded = 0;

/**
 * Runs per property and endpoint: about 13,000 requests in all (each refused write also counts every table), which
 * keeps the file to minutes on CI's two cores as endpoints are added. A failure found by more runs is found here
 * too across CI runs: fast-check draws a new seed each time and prints it on failure.
 */
const RUNS = {
  jsonBodies: 300,
  rawBytes: 200,
  headers: 200,
  multipart: 300,
  getEndpoints: 600,
  anyPath: 500,
};
/** Each property sends thousands of requests: on two busy cores that takes minutes, not the default minute. */
const LONG = 600_000;

const KNOWN_CODES = new Set<string>(ERROR_CODES);
const localeDir = path.resolve(import.meta.dirname, '../../client/i18n/locales');
/** The staff console's strings (its error messages among them), which the app merges in when the console opens. */
const staffLocaleDir = path.resolve(import.meta.dirname, '../../client/staff/locales');
const localeErrors = LANGUAGES.map((code) => {
  const read = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, `${code}.json`), 'utf8')) as { errors?: Record<string, unknown> };
  return { language: code, errors: { ...read(localeDir).errors, ...read(staffLocaleDir).errors } };
});

let database: Database;
let app: ReturnType<typeof createApp>;
let countAll: () => Promise<Record<string, number>>;
/** Rows in every table after the last request. */
let rowsNow: Record<string, number>;
const figures = { requests: 0, serverErrors: 0, refused: 0, accepted: 0, rowsStoredByRefusals: 0 };

beforeAll(async () => {
  database = await openDatabase({ dataDir: 'memory://' });
  app = createApp({ database, logError: () => {} });
  const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
  // Every table there is (today's and whatever later migrations add), counted in one statement.
  const tables = rowsOf<{ table_name: string }>(
    await database.db.execute(
      sql`select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
    ),
  ).map((row) => row.table_name);
  expect(tables).toContain('complaints');
  const query = `select ${tables.map((table) => `(select count(*) from "${table}")::int as "${table}"`).join(', ')}`;
  countAll = async () => rowsOf<Record<string, number>>(await database.db.execute(sql.raw(query)))[0]!;
  // The resident's complaint: received, with a question from the landlord to answer.
  const made = await makeComplaint(database.db);
  await database.db.update(complaints).set({ reference: RESIDENT_REFERENCE }).where(eq(complaints.reference, made.reference));
  const [row] = await database.db.select({ id: complaints.id }).from(complaints).where(eq(complaints.reference, RESIDENT_REFERENCE));
  await database.db.insert(complaintAccessTokens).values({ tokenHash: hashAccessToken(RESIDENT_TOKEN), complaintId: row!.id });
  await applyAction(database.db, {
    reference: RESIDENT_REFERENCE,
    action: { type: 'ask_clarification', question: 'Which room?' },
    actor: { kind: 'staff', staffId: randomUUID() },
  });
  await database.db.insert(adjustmentRequests).values({
    id: adjustment.id,
    idempotencyKey: newKey(),
    requestHash: 'made-by-the-test',
    requestedBy: 'resident',
    residentName: 'Amina Khan',
    residentEmail: 'amina@example.org',
    needs: [{ kind: 'large_print' }],
    accessTokenHash: hashAccessToken(adjustment.token),
  });
  rowsNow = await countAll();
}, LONG);

beforeAll(async () => {
  staffCookies.admin = (await signInStaff(app, database.db, { role: 'admin' })).cookie;
  staffCookies.signOut = (await signInStaff(app, database.db, { role: 'officer' })).cookie;
  // The officer the actions' rows act as, and another who took each case to where it is.
  staffCookies.officer = (await signInStaff(app, database.db, { role: 'officer' })).cookie;
  const earlier = await signInStaff(app, database.db, { role: 'officer' });
  for (const { reference, steps } of Object.values(STAFF_CASES)) {
    const made = await makeComplaint(database.db);
    await database.db.update(complaints).set({ reference }).where(eq(complaints.reference, made.reference));
    for (const step of steps) {
      const response = await app.request(`/api/staff/complaints/${reference}/${step}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...SAME_ORIGIN, cookie: earlier.cookie },
        body: JSON.stringify(STAFF_ACTION_BODIES[step]()),
      });
      expect(response.status, `${reference} ${step}`).toBe(200);
    }
  }
  const member = await createStaff(database.db, { role: 'officer' });
  Object.assign(staffSignIn, { email: member.email, password: member.password });
  // The fixture's resident (amina@example.org) made the complaint above.
  residentCookies.reader = await signInResident(app, database.db, 'amina@example.org');
  residentCookies.signOut = await signInResident(app, database.db, 'amina@example.org');
  rowsNow = await countAll();
  // Four scrypt sign-ins and twenty officer actions: minutes, not one, when the machine is busy.
}, LONG);

afterAll(async () => {
  console.log(
    `hostile input: ${figures.requests} requests, ${figures.serverErrors} answered 5xx, ${figures.refused} refused, ` +
      `${figures.accepted} accepted, ${figures.rowsStoredByRefusals} rows stored by refused requests`,
  );
  await database?.close();
});

/** Sends one request and checks the invariants; returns the status. */
async function sendAndCheck(request: HostileRequest, accepted: number[]): Promise<number> {
  const writes = request.method !== 'GET' && request.method !== 'HEAD';
  const response = await app.request(request.path, {
    method: request.method,
    headers: request.headers,
    body: (request.body ?? null) as BodyInit | null,
  });
  figures.requests += 1;
  const text = await response.text();
  const context = () => `${request.method} ${request.path} → ${response.status} ${text.slice(0, 300)}`;
  if (response.status >= 500) figures.serverErrors += 1;
  expect(response.status, context()).toBeLessThan(500);
  if (accepted.includes(response.status) || (request.method === 'HEAD' && response.status < 400)) {
    figures.accepted += 1;
    // What an accepted request stored is the new baseline.
    if (writes) rowsNow = await countAll();
    return response.status;
  }
  figures.refused += 1;
  expect(response.status, context()).toBeGreaterThanOrEqual(400);
  if (request.method !== 'HEAD') expectTranslatedRefusal(text, context);
  if (writes) {
    // Requests are sent one at a time, so any row added since the last count was added by this refused request.
    const before = rowsNow;
    const after = await countAll();
    rowsNow = after;
    const stored = Object.keys(after).reduce((sum, table) => sum + Math.max(0, after[table]! - before[table]!), 0);
    figures.rowsStoredByRefusals += stored;
    expect(after, context()).toEqual(before);
  }
  return response.status;
}

/** `{ error: { code, issues: [{ path, code }, …] } }`, every code known and translated in every language. */
function expectTranslatedRefusal(text: string, context: () => string) {
  let body: { error?: { code?: unknown; issues?: { path?: unknown; code?: unknown }[] } };
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`not JSON: ${context()}`);
  }
  const code = body.error?.code;
  expect(code === 'validation' || KNOWN_CODES.has(String(code)), context()).toBe(true);
  const issues = body.error?.issues;
  expect(Array.isArray(issues) && issues.length > 0, `no issues: ${context()}`).toBe(true);
  for (const issue of issues!) {
    expect(Array.isArray(issue.path), context()).toBe(true);
    const fieldPath = issue.path as unknown[];
    expect(fieldPath.every((part) => typeof part === 'string' || Number.isInteger(part)), context()).toBe(true);
    // Only a validation issue about the body as a whole (not an object at all) has the empty path.
    if (code !== 'validation') expect(fieldPath.length, `empty path: ${context()}`).toBeGreaterThan(0);
    expect(KNOWN_CODES.has(String(issue.code)), context()).toBe(true);
  }
  for (const usedCode of [code, ...issues!.map((issue) => issue.code)]) {
    if (usedCode === 'validation') continue;
    for (const { language, errors } of localeErrors) {
      expect(typeof errors[String(usedCode)], `errors.${String(usedCode)} missing in ${language}`).toBe('string');
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// What hostile input is made of

const LONE_SURROGATES = ['\uD800', '\uDFFF', 'a\uDC00b', '\uD83D'];
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe',
  '\uFEFF',
  '\u200B',
  '𝕬𝖒𝖎𝖓𝖆',
  '👩‍👩‍👧‍👦',
  'Z̷̢̛̪̈́a̸̧̛l̵̨̈g̶̱͝o̸͈͝',
  "'; DROP TABLE complaints; --",
  '<script>alert(1)</script>',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '../../../../etc/passwd',
  '%00%ff%fe',
  'x'.repeat(LIMITS.longText + 1),
  ...LONE_SURROGATES,
];
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', '__defineGetter__'];

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom(...NASTY_STRINGS),
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER + 2, -0, 1e308, Number.MIN_VALUE, -1),
);
const hostileKey = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom(...PROTOTYPE_KEYS));
/** Any JSON value, prototype-polluting keys included. */
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Every path to a value in an object: where a mutation can land. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

type Mutation =
  | { kind: 'set'; at: number; value: unknown }
  | { kind: 'delete'; at: number }
  | { kind: 'add'; at: number; key: string; value: unknown };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('add' as const), at: fc.nat(), key: hostileKey, value: hostileValue }),
);

/** Applies mutations to a valid body, as a JSON text (so `__proto__` stays a plain key, as on the wire). */
function mutate(valid: Payload, mutations: Mutation[]): string {
  let root: unknown = valid;
  for (const change of mutations) {
    const paths = pathsOf(root);
    const target = paths[change.at % paths.length]!;
    if (target.length === 0) {
      if (change.kind === 'set') root = change.value;
      continue;
    }
    const parent = target.slice(0, -1).reduce<any>((node, key) => node[key], root);
    const key = target.at(-1)!;
    if (change.kind === 'set') Object.defineProperty(parent, key, { value: change.value, enumerable: true, configurable: true, writable: true });
    else if (change.kind === 'delete') delete parent[key];
    else {
      const holder = parent[key] !== null && typeof parent[key] === 'object' ? parent[key] : parent;
      // A JSON array has no named keys (and `length` cannot be redefined): an extra element instead.
      if (Array.isArray(holder)) holder.push(change.value);
      else Object.defineProperty(holder, change.key, { value: change.value, enumerable: true, configurable: true, writable: true });
    }
  }
  return JSON.stringify(root) ?? 'null';
}

/** Bodies no generator stumbles on by chance. */
const SPECIAL_BODIES: (string | Uint8Array)[] = [
  '[',
  '{"a":',
  '[]',
  'null',
  '0',
  '"a string"',
  'true',
  '1e999999',
  '-1e999999',
  '123456789012345678901234567890123456789012345678901234567890',
  '['.repeat(100_000) + ']'.repeat(100_000),
  '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000),
  '[' + '0,'.repeat(60_000) + '0]',
  `{${Array.from({ length: 8_000 }, (_, i) => `"k${i}":1`).join(',')}}`,
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
  JSON.stringify(validComplaint()).replace('"submittedBy"', '"__proto__":{"polluted":true},"submittedBy"'),
  '{"submittedBy":"resident","submittedBy":"representative"}',
  '\uFEFF' + JSON.stringify(validComplaint()),
  JSON.stringify(validComplaint()).replace('Amina Okafor', 'Amina \\ud800 Okafor'),
  JSON.stringify(validComplaint()).replace('Amina Okafor', 'Amina \\u0000 Okafor'),
  new Uint8Array([0xff, 0xfe, 0xfd]),
  Buffer.from(JSON.stringify(validComplaint()).replace('Amina', 'Am\u0001ina')),
  Buffer.concat([Buffer.from('{"submittedBy":"'), Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf8]), Buffer.from('"}')]),
  Buffer.from(JSON.stringify(validComplaint()), 'utf16le'),
  ' '.repeat(LIMITS.jsonBodyBytes + 1),
  JSON.stringify({ ...validComplaint(), padding: 'x'.repeat(LIMITS.jsonBodyBytes) }),
];

/** Byte-level damage to a valid body: flips, cuts, insertions, invalid UTF-8. */
const damagedBytes = fc
  .record({
    edits: fc.array(
      fc.record({ at: fc.nat(), kind: fc.constantFrom('flip', 'cut', 'insert', 'truncate'), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
      { minLength: 1, maxLength: 6 },
    ),
  })
  .map(({ edits }) => {
    let bytes = Buffer.from(JSON.stringify(validComplaint()));
    for (const edit of edits) {
      const at = edit.at % Math.max(1, bytes.length);
      if (edit.kind === 'flip') bytes[at] = edit.bytes[0]!;
      else if (edit.kind === 'cut') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + edit.bytes.length)]);
      else if (edit.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, at), edit.bytes, bytes.subarray(at)]);
      else bytes = bytes.subarray(0, at);
    }
    return new Uint8Array(bytes);
  });

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'APPLICATION/JSON',
  'application/json-patch+json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'text/html',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'multipart/form-data; boundary=nope',
  'multipart/mixed; boundary=x',
  'image/png',
  '',
  ';',
  'application/json, text/plain',
];
const headerValue = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 60 }),
  fc.constantFrom('', ' ', 'a'.repeat(8_000), '\t', 'null', 'undefined', '00000000-0000-0000-0000-000000000000'),
);
const headerName = fc.oneof(
  fc.constantFrom(
    'Idempotency-Key',
    'Content-Type',
    'Content-Encoding',
    'Accept',
    'Accept-Language',
    'Authorization',
    'Cookie',
    'Origin',
    'X-Forwarded-For',
    'X-Forwarded-Proto',
    'X-HTTP-Method-Override',
    'Range',
    'If-None-Match',
  ),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/),
);
const headerChanges = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), name: headerName, value: headerValue }),
    fc.record({ kind: fc.constant('delete' as const), name: headerName }),
    fc.record({ kind: fc.constant('content-type' as const), value: fc.constantFrom(...CONTENT_TYPES) }),
    fc.record({ kind: fc.constant('key' as const), value: fc.oneof(fc.uuid(), fc.uuid().map((id) => id.toUpperCase()), fc.uuid().map((id) => ` ${id} `), fc.uuid().map((id) => id.replaceAll('-', ''))) }),
  ),
  { maxLength: 4 },
);

type HeaderChange = typeof headerChanges extends fc.Arbitrary<(infer T)[]> ? T : never;

function applyHeaderChanges(headers: Record<string, string>, changes: HeaderChange[]): Record<string, string> {
  const result = { ...headers };
  const drop = (name: string) => {
    for (const existing of Object.keys(result)) if (existing.toLowerCase() === name.toLowerCase()) delete result[existing];
  };
  for (const change of changes) {
    if (change.kind === 'set') {
      drop(change.name);
      result[change.name] = change.value;
    } else if (change.kind === 'delete') drop(change.name);
    else if (change.kind === 'content-type') {
      drop('Content-Type');
      result['Content-Type'] = change.value;
    } else {
      drop('Idempotency-Key');
      result['Idempotency-Key'] = change.value;
    }
  }
  return result;
}

// Files whose bytes tell the truth, and files whose bytes lie about their type.
const HTML_BYTES = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
const SVG_BYTES = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>');
const EXE_BYTES = Uint8Array.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00]);
const ZIP_BYTES = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
const GIF_BYTES = new TextEncoder().encode('GIF89a\u0001\u0000\u0001\u0000\u0000\u0000\u0000;');
const POLYGLOT = new Uint8Array([...PNG_BYTES.subarray(0, 8), ...HTML_BYTES]);
const FILE_BYTES = [PNG_BYTES, JPEG_BYTES, PDF_BYTES, HTML_BYTES, SVG_BYTES, EXE_BYTES, ZIP_BYTES, GIF_BYTES, POLYGLOT, new Uint8Array(0), PNG_BYTES.subarray(0, 4)];
const FILE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'application/pdf', 'text/html', 'image/svg+xml', 'application/octet-stream', '', 'image/png; charset=utf-8'];
const FILE_NAMES = ['photo.png', 'photo.jpg', 'letter.pdf', '../../etc/passwd', 'C:\\Windows\\win.ini', 'a\u0000b.png', '\u202Egnp.exe', '', '.', 'x'.repeat(5_000), 'photo.png.exe', '𝕬.png'];

const hostileFile = fc.record({
  bytes: fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...FILE_BYTES) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 256 }) },
    // A real photo's header, then garbage: detected as what it starts with.
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 128 }).map((tail) => new Uint8Array([...JPEG_BYTES.subarray(0, 4), ...tail])) },
  ),
  type: fc.constantFrom(...FILE_TYPES),
  name: fc.constantFrom(...FILE_NAMES),
});

const multipartRequest = fc.record({
  complaintPart: fc.oneof(
    { weight: 3, arbitrary: fc.constant('valid' as const) },
    { weight: 1, arbitrary: fc.constant('missing' as const) },
    { weight: 1, arbitrary: fc.constant('twice' as const) },
    { weight: 1, arbitrary: fc.constant('as a file' as const) },
    { weight: 2, arbitrary: fc.array(mutation, { minLength: 1, maxLength: 3 }) },
  ),
  files: fc.array(hostileFile, { maxLength: LIMITS.attachments + 2 }),
  extraFields: fc.array(fc.record({ name: fc.oneof(hostileKey, fc.constantFrom('attachments', 'complaint')), value: fc.string({ maxLength: 20 }) }), { maxLength: 2 }),
  headers: headerChanges,
});

// ---------------------------------------------------------------------------------------------------

const bodyEndpoints = ENDPOINTS.filter((endpoint) => endpoint.json);
const multipartEndpoints = ENDPOINTS.filter((endpoint) => endpoint.multipart);
const getEndpoints = ENDPOINTS.filter((endpoint) => endpoint.method === 'GET');

describe.each(bodyEndpoints)('$method $path ($name) with hostile JSON', (endpoint) => {
  const send = (headers: Record<string, string>, body: string | Uint8Array) =>
    sendAndCheck({ method: endpoint.method, path: endpoint.path, headers, body }, endpoint.accepted);

  it(`${runsFor(endpoint, RUNS.jsonBodies)} valid bodies mutated at random (wrong types, missing and extra keys, prototype keys, nesting, huge numbers, lone surrogates)`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        await send(endpoint.headers(), mutate(endpoint.json!(), mutations));
      }),
      { numRuns: runsFor(endpoint, RUNS.jsonBodies) },
    );
  }, LONG);

  it(`${runsFor(endpoint, RUNS.rawBytes)} valid bodies damaged byte by byte (invalid UTF-8, cut short, bytes inserted)`, async () => {
    await fc.assert(
      fc.asyncProperty(damagedBytes, async (bytes) => {
        await send(endpoint.headers(), bytes);
      }),
      { numRuns: runsFor(endpoint, RUNS.rawBytes) },
    );
  }, LONG);

  it('bodies made to hurt: deep nesting, huge numbers and arrays, duplicate and prototype keys, BOM, UTF-16, oversize', async () => {
    for (const body of SPECIAL_BODIES) await send(endpoint.headers(), body);
    // Nothing reached Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  }, LONG);

  it(`${runsFor(endpoint, RUNS.headers)} valid bodies with mutated headers (content types, keys, encodings, anything)`, async () => {
    await fc.assert(
      fc.asyncProperty(headerChanges, fc.boolean(), async (changes, validBody) => {
        const body = validBody ? JSON.stringify(endpoint.json!()) : '{"submittedBy":"resident"}';
        await send(applyHeaderChanges(endpoint.headers(), changes), body);
      }),
      { numRuns: runsFor(endpoint, RUNS.headers) },
    );
  }, LONG);
});

describe.each(multipartEndpoints)('$method $path ($name) with hostile multipart', (endpoint) => {
  it(`${RUNS.multipart} multipart bodies: files whose bytes lie, too many, empty, odd names, broken or missing JSON part`, async () => {
    const { jsonPart, filesField } = endpoint.multipart!;
    await fc.assert(
      fc.asyncProperty(multipartRequest, async (generated) => {
        const form = new FormData();
        const json = JSON.stringify(endpoint.json!());
        if (generated.complaintPart === 'valid') form.append(jsonPart, new Blob([json], { type: 'application/json' }));
        else if (generated.complaintPart === 'twice') {
          form.append(jsonPart, json);
          form.append(jsonPart, json);
        } else if (generated.complaintPart === 'as a file') form.append(jsonPart, new File([json], 'complaint.json'));
        else if (Array.isArray(generated.complaintPart)) form.append(jsonPart, mutate(endpoint.json!(), generated.complaintPart));
        for (const file of generated.files) form.append(filesField, new File([file.bytes], file.name, { type: file.type }));
        for (const field of generated.extraFields) form.append(field.name, field.value);
        const headers = applyHeaderChanges(endpoint.headers(), generated.headers);
        // Without a Content-Type of its own, the FormData's (with its boundary) is sent, as a browser does.
        if ((headers['Content-Type'] ?? '') === 'application/json') delete headers['Content-Type'];
        await sendAndCheck({ method: endpoint.method, path: endpoint.path, headers, body: form }, endpoint.accepted);
      }),
      { numRuns: RUNS.multipart },
    );
  }, LONG);

  it('multipart bytes damaged on the way (boundary broken, cut short, bytes inserted)', async () => {
    const form = new FormData();
    form.append(endpoint.multipart!.jsonPart, new Blob([JSON.stringify(endpoint.json!())], { type: 'application/json' }));
    form.append(endpoint.multipart!.filesField, new File([PNG_BYTES], 'photo.png', { type: 'image/png' }));
    const encoded = new Response(form);
    const contentType = encoded.headers.get('content-type')!;
    const valid = new Uint8Array(await encoded.arrayBuffer());
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), kind: fc.constantFrom('flip', 'cut', 'insert'), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 5 }),
        async (edits) => {
          let bytes = Buffer.from(valid);
          for (const edit of edits) {
            const at = edit.at % bytes.length;
            if (edit.kind === 'flip') bytes[at] = edit.byte;
            else if (edit.kind === 'cut') bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + 1 + (edit.byte % 40))]);
            else bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([edit.byte]), bytes.subarray(at)]);
          }
          await sendAndCheck(
            { method: endpoint.method, path: endpoint.path, headers: { ...endpoint.headers(), 'Content-Type': contentType }, body: new Uint8Array(bytes) },
            endpoint.accepted,
          );
        },
      ),
      { numRuns: 500 },
    );
  }, LONG);
});

describe('every GET endpoint with hostile headers and query strings', () => {
  it(`${RUNS.getEndpoints} requests`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...getEndpoints),
        headerChanges,
        fc.oneof(fc.constant(''), fc.webQueryParameters().map((query) => `?${query}`), fc.constantFrom('?a=%00', '?a=%ff%fe', '?__proto__[x]=1', '?a[]=1&a[]=2', `?q=${'x'.repeat(10_000)}`)),
        async (endpoint, changes, query) => {
          await sendAndCheck({ method: 'GET', path: endpoint.path + query, headers: applyHeaderChanges(endpoint.headers(), changes) }, endpoint.accepted);
        },
      ),
      { numRuns: RUNS.getEndpoints },
    );
  }, LONG);
});

describe('any method on any path', () => {
  const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE_LIKE', 'PROPFIND'];
  const pathPart = fc.oneof(
    fc.constantFrom(...ENDPOINTS.map((endpoint) => endpoint.path)),
    fc.webPath().map((webPath) => `/api${webPath.startsWith('/') ? '' : '/'}${webPath}`),
    fc.constantFrom('/api', '/api/', '/api//complaints', '/api/complaints/', '/api/complaints/..%2f..%2fetc%2fpasswd', '/api/%00', '/api/%ff', '/api/complaints%00', '/api/COMPLAINTS', `/api/${'a'.repeat(5_000)}`),
  );
  it(`${RUNS.anyPath} requests: unknown paths and wrong methods are refused with the URL named`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METHODS), pathPart, fc.option(fc.string({ maxLength: 50 }), { nil: undefined }), async (method, requestPath, body) => {
        const endpoint = ENDPOINTS.find((candidate) => candidate.path === requestPath && candidate.method === method);
        const canHaveBody = method !== 'GET' && method !== 'HEAD';
        await sendAndCheck(
          {
            method: method === 'TRACE_LIKE' ? 'CONNECTX' : method,
            path: requestPath,
            headers: endpoint ? endpoint.headers() : { 'Content-Type': 'application/json' },
            body: canHaveBody ? body : undefined,
          },
          endpoint?.accepted ?? [],
        );
      }),
      { numRuns: RUNS.anyPath },
    );
  }, LONG);
});

describe('the figures', () => {
  it('sent at least 10,000 hostile requests, none answered 5xx, no row stored by a refused one', () => {
    expect(figures.requests).toBeGreaterThanOrEqual(10_000);
    expect(figures.serverErrors).toBe(0);
    expect(figures.rowsStoredByRefusals).toBe(0);
  });
});
