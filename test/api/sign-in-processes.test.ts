/**
 * Sign-in limits hold across processes (issue 13): two real server processes (node server/index.ts)
 * on one PostgreSQL database, as when the API is scaled out. Staff password guesses and residents'
 * link requests, sent to each in turn, are limited as if there were one: the counts are in the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/db/client.ts';
import { LINK_LIMITS, SIGN_IN_LIMITS } from '../../server/auth/rate-limit.ts';
import { freshDatabase } from '../support/databases.ts';
import { startServer, type RunningServer } from '../support/server-process.ts';
import { createStaff, SAME_ORIGIN } from '../support/staff.ts';

let database: Database;
let servers: RunningServer[] = [];

beforeAll(async () => {
  const fresh = await freshDatabase('postgres');
  const url = fresh.url!;
  await fresh.close();
  // Behind a proxy: each test names its client's address (X-Forwarded-For), so the per-client counts stay apart.
  servers = await Promise.all([1, 2].map(() => startServer({ env: { DATABASE_URL: url, TRUST_PROXY: 'true', JOB_WORKER: 'off' } })));
  database = await openDatabase({ databaseUrl: url, poolSize: 2 });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await database?.close();
});

/** `n` POSTs of `body` to `path`, alternating between the two processes. */
async function across(n: number, path: string, body: () => unknown, client: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < n; i++) {
    const response = await fetch(`${servers[i % 2]!.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': client, ...SAME_ORIGIN },
      body: JSON.stringify(body()),
    });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

const count = (statuses: number[], status: number) => statuses.filter((s) => s === status).length;

describe('sign-in limits across two server processes on one PostgreSQL', () => {
  it('are two processes', () => {
    expect(new Set(servers.map((s) => s.process.pid)).size).toBe(2);
  });

  it(`let ${SIGN_IN_LIMITS.perAccount} wrong staff passwords through in all, not per process`, async () => {
    const member = await createStaff(database.db, { role: 'officer' });
    const statuses = await across(SIGN_IN_LIMITS.perAccount * 2 + 2, '/api/staff/sign-in', () => ({ email: member.email, password: 'not the password at all' }), '192.0.2.10');
    expect(count(statuses, 401)).toBe(SIGN_IN_LIMITS.perAccount);
    expect(count(statuses, 429)).toBe(SIGN_IN_LIMITS.perAccount + 2);
  });

  it(`let ${SIGN_IN_LIMITS.perAddress} staff sign-ins from one client through in all`, async () => {
    let n = 0;
    const statuses = await across(SIGN_IN_LIMITS.perAddress + 6, '/api/staff/sign-in', () => ({ email: `guess-${++n}@staff.example`, password: 'a wrong password' }), '192.0.2.11');
    expect(count(statuses, 401)).toBe(SIGN_IN_LIMITS.perAddress);
    expect(count(statuses, 429)).toBe(6);
  });

  it(`send ${LINK_LIMITS.perAccount} links per address in all, not per process`, async () => {
    const statuses = await across(LINK_LIMITS.perAccount * 2 + 2, '/api/sign-in-links', () => ({ email: 'amina@example.org' }), '192.0.2.12');
    expect(count(statuses, 202)).toBe(LINK_LIMITS.perAccount);
    expect(count(statuses, 429)).toBe(LINK_LIMITS.perAccount + 2);
  });

  it(`send ${LINK_LIMITS.perAddress} links per client in all`, async () => {
    let n = 0;
    const statuses = await across(LINK_LIMITS.perAddress + 6, '/api/sign-in-links', () => ({ email: `someone-${++n}@example.org` }), '192.0.2.13');
    expect(count(statuses, 202)).toBe(LINK_LIMITS.perAddress);
    expect(count(statuses, 429)).toBe(6);
  });
});
